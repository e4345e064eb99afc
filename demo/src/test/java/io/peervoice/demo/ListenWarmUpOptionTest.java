package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * S8 (issue 16): which listeners warm up for browser calls at start: only those given --webrtc, so
 * an idle listener that never meets a browser loads no TLS code (issue 13's idle footprint).
 */
class ListenWarmUpOptionTest {
  private static boolean warmsUp(String... args) {
    ListenCommand listen = new ListenCommand();
    String[] all = new String[args.length + 4];
    System.arraycopy(
        new String[] {"--id-file", "me.id", "--bootstrap", "127.0.0.1:9"}, 0, all, 0, 4);
    System.arraycopy(args, 0, all, 4, args.length);
    new CommandLine(listen).parseArgs(all);
    return listen.warmsUpForBrowsers();
  }

  @Test
  void onlyWebrtcWarmsUpAtStart() {
    assertThat(warmsUp("--auto-answer")).as("--auto-answer keeps the lean idle listener").isFalse();
    assertThat(warmsUp("--webrtc")).as("--webrtc").isTrue();
    assertThat(warmsUp("--auto-answer", "--webrtc")).as("--auto-answer --webrtc").isTrue();
    assertThat(warmsUp()).as("a listener a person answers").isFalse();
  }
}
