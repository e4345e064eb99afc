package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.PcmRecorder;
import io.peervoice.signaling.Identity;
import io.peervoice.testkit.ProcessSockets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * S20, the wiring of a phone's answer spares, with real phones through real nodes: a ready phone
 * holds a spare for a peer's calls (one for a browser's once it warmed up for WebRTC), the answer
 * of a stranger's call is made on one (and the stranger's ringing took none), and closing the phone
 * gives every spare's port back.
 */
class PhoneAnswerSparesTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void aReadyPhoneHoldsItsSparesAnAnswerTakesOneAndTheCloseGivesTheirPortsBack() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd");
    try (PhoneLab lab = new PhoneLab()) {
      Phone alice =
          lab.phone(
              Identity.generate(random),
              b -> b.audioSource(call -> AudioSource.silence()).audioSink(c -> new PcmRecorder(5)));
      long baseline = ProcessSockets.count();
      Identity bobId = Identity.generate(random);
      Phone bob =
          lab.phone(
              bobId,
              b ->
                  b.audioSource(call -> AudioSource.silence())
                      .audioSink(c -> new PcmRecorder(5))
                      .listeners(
                          call ->
                              new CallListener() {
                                @Override
                                public void onRinging(Call incoming) {
                                  if (incoming.direction() == CallDirection.INCOMING) {
                                    incoming.answer();
                                  }
                                }
                              }));
      assertThat(bob.media().answers().counts())
          .as("made before ready: a peer's (a browser's waits for WebRTC), none taken")
          .containsExactly(1, 0);
      bob.warmUpWebRtc();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> bob.media().answers().counts()[0] == 2); // and a browser's

      Call call = alice.call(bobId.peerId());
      call.mediaStarted().get(20, TimeUnit.SECONDS);
      assertThat(bob.media().answers().counts()[1]).as("the answer took one").isEqualTo(1);
      call.hangup();
      call.ended().get(5, TimeUnit.SECONDS);

      bob.close();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(ProcessSockets.count())
                      .as("bob's sockets, his spares' too, given back")
                      .isLessThanOrEqualTo(baseline));
    }
  }
}
