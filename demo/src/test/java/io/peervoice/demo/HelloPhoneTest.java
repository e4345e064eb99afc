package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.call.EndReason;
import org.junit.jupiter.api.Test;

/** The example program in the README runs as written. */
class HelloPhoneTest {

  @Test
  void theExampleCallCompletes() throws Exception {
    assertThat(HelloPhone.run()).isEqualTo(EndReason.LOCAL_HANGUP);
  }
}
