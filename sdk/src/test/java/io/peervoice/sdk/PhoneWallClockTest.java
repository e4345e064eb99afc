package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.call.CallMessage;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The phone's wall clock is injected, not read from the system: a WebRTC offer and a missed-call
 * note are dated by it (through real nodes to a browser-profile peer that does not answer).
 */
class PhoneWallClockTest {
  private final PhoneLab lab = new PhoneLab();

  PhoneWallClockTest() throws Exception {}

  @AfterEach
  void close() throws Exception {
    lab.close();
  }

  @Test
  void aWebOfferAndANoteAreDatedByThePhonesClock() throws Exception {
    long fixed = 1_700_000_000_000L; // 2023-11-14: far from the system's time
    Phone alice =
        lab.phone(
            Identity.generate(new SecureRandom()),
            b ->
                b.audioSource(call -> AudioSource.silence()).audioSink(call -> (AudioSink) f -> {}),
            () -> fixed);
    BrowserProfilePeer browser = lab.add(new BrowserProfilePeer(lab));
    Call call = alice.callWebRtc(browser.id());
    assertThat(browser.await(CallMessage.WebOffer.class).timestampMillis()).isEqualTo(fixed);

    assertThat(alice.leaveNote(call, "call me", List.of()).get(10, TimeUnit.SECONDS)).isPositive();
    assertThat(browser.await(CallMessage.MissedCall.class).timestampMillis()).isEqualTo(fixed);
  }
}
