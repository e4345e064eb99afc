package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenCallsOptionTest {
  @Test
  void listenRefusesCallsBelowOneWithOneLine(@TempDir Path dir) {
    Path id = dir.resolve("me.id");
    assertThat(new Cli().run("id", "new", "--file", id.toString())).isZero();
    for (String n : new String[] {"0", "-3"}) {
      Cli cli = new Cli();
      assertThat(
              cli.run(
                  "listen", "--id-file", id.toString(), "--bootstrap", "127.0.0.1:9", "--calls", n))
          .isEqualTo(ExitCodes.BAD_INVOCATION);
      assertThat(cli.err.toString())
          .isEqualTo(
              "peervoice listen: --calls must be at least 1 (leave it out to take calls until"
                  + " stopped), got "
                  + n
                  + System.lineSeparator());
      assertThat(cli.out.toString()).isEmpty();
    }
  }
}
