package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.PeerId;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdCommandTest {

  @Test
  void newAndShowPrintThePeerIdAloneOnTheFirstLine(@TempDir Path dir) {
    Path file = dir.resolve("me.id");
    Cli made = new Cli();
    assertThat(made.run("id", "new", "--file", file.toString())).isZero();
    String id = made.out.toString().lines().findFirst().orElseThrow();
    assertThat(PeerId.parse(id).toString()).isEqualTo(id);
    Cli shown = new Cli();
    assertThat(shown.run("id", "show", "--file", file.toString())).isZero();
    assertThat(shown.out.toString().lines().findFirst()).contains(id);
    Cli again = new Cli();
    assertThat(again.run("id", "new", "--file", file.toString())).isEqualTo(1);
    assertThat(again.err.toString()).contains("exists");
    Cli missing = new Cli();
    assertThat(missing.run("id", "show", "--file", dir.resolve("nope").toString())).isEqualTo(1);
  }

  @Test
  void callRefusesSomethingThatIsNotAPeerId(@TempDir Path dir) {
    Cli made = new Cli();
    made.run("id", "new", "--file", dir.resolve("me.id").toString());
    Cli cli = new Cli();
    int code =
        cli.run(
            "call",
            "not-a-peer",
            "--id-file",
            dir.resolve("me.id").toString(),
            "--bootstrap",
            "127.0.0.1:9");
    assertThat(code).isEqualTo(2);
    assertThat(cli.err.toString()).contains("is not a PeerId");
  }
}
