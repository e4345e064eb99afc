package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.EnvelopeSimilarity;
import io.peervoice.media.audio.LoopingSource;
import io.peervoice.media.audio.PcmRecorder;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.session.dtls.DtlsSetup;
import io.peervoice.session.sdp.JsepDescription;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.EndReason;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * S6 wrtcj: calls over the WebRTC profile ({@code docs/webrtc.md}) through three real nodes, with
 * real ICE sockets, real DTLS handshakes and SRTP: a phone placing a WebRTC call to another phone,
 * and phones calling and answering a {@link BrowserProfilePeer} that speaks only the browser's side
 * of the contract (its own SDP, DTLS keying and payload types). Each side must hear the other's
 * speech; a peer whose DTLS certificate is not the one its signed SDP names is refused with the
 * reason.
 */
class WebRtcCallTest {
  private final SecureRandom random = new SecureRandom();
  private final ExecutorService human = Executors.newSingleThreadExecutor();
  private PhoneLab lab;
  // the incoming calls as they ring: one refused at DTLS ends within milliseconds of its answer,
  // before a poll of Phone.calls() might see it
  private final java.util.concurrent.BlockingQueue<Call> rang =
      new java.util.concurrent.LinkedBlockingQueue<>();

  @BeforeEach
  void overlay() throws Exception {
    lab = new PhoneLab();
  }

  @AfterEach
  void close() throws Exception {
    human.shutdownNow();
    lab.close();
  }

  private Phone phone(Identity id, PcmRecorder heard) throws Exception {
    return lab.phone(
        id,
        b ->
            b.audioSource(call -> LoopingSource.forever(SpeechSample.load()))
                .audioSink(call -> heard)
                .listeners(
                    call ->
                        new CallListener() {
                          @Override
                          public void onRinging(Call c) {
                            if (c.direction() == CallDirection.INCOMING) {
                              rang.add(c);
                              human.execute(c::answer);
                            }
                          }
                        }));
  }

  private static void hears(PcmRecorder heard, String who) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> heard.clip().samples().length >= 48_000 * 3);
    assertThat(EnvelopeSimilarity.compare(SpeechSample.load(), heard.clip(), 2_000).correlation())
        .as(who)
        .isGreaterThan(0.6);
  }

  private static Call only(Phone p) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> p.calls().size() == 1);
    return p.calls().get(0);
  }

  @Test
  void aPhoneCallsAPhoneWithTheWebRtcProfile() throws Exception {
    PcmRecorder aliceHeard = new PcmRecorder(30);
    PcmRecorder bobHeard = new PcmRecorder(30);
    Phone alice = phone(Identity.generate(random), aliceHeard);
    Identity bobId = Identity.generate(random);
    Phone bob = phone(bobId, bobHeard);

    Call call = alice.callWebRtc(bobId.peerId());
    call.mediaStarted().get(20, TimeUnit.SECONDS);
    Call incoming = only(bob);
    incoming.mediaStarted().get(10, TimeUnit.SECONDS);
    assertThat(call.webRtc()).isTrue();
    assertThat(incoming.webRtc()).as("the offer's type made it WebRTC").isTrue();
    assertThat(call.stats().media().orElseThrow().srtpProfile())
        .isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
    System.out.printf(
        "WebRTC profile, phone to phone: answer->first audio %d ms (caller) / %d ms (callee)%n",
        call.stats().answerToFirstAudioMillis(), incoming.stats().answerToFirstAudioMillis());
    hears(bobHeard, "bob hears alice");
    hears(aliceHeard, "alice hears bob");

    call.hangup();
    assertThat(incoming.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.REMOTE_HANGUP);
  }

  @Test
  void aBrowserCallsAPhoneThatAnswersWithTheOffersPayloadTypes() throws Exception {
    PcmRecorder bobHeard = new PcmRecorder(30);
    Identity bobId = Identity.generate(random);
    Phone bob = phone(bobId, bobHeard);
    BrowserProfilePeer browser = lab.add(new BrowserProfilePeer(lab));

    JsepDescription answer = browser.call(bobId.peerId(), false);
    assertThat(answer.opusPayloadType()).isEqualTo(BrowserProfilePeer.OPUS);
    assertThat(answer.dtmfPayloadType()).isEqualTo(BrowserProfilePeer.DTMF);
    assertThat(answer.setup()).as("the answerer is the DTLS client").isEqualTo(DtlsSetup.ACTIVE);
    browser.started().get(20, TimeUnit.SECONDS);
    Call incoming = only(bob);
    incoming.mediaStarted().get(10, TimeUnit.SECONDS);
    assertThat(incoming.webRtc()).isTrue();
    hears(bobHeard, "the phone hears the browser");
    hears(browser.heard, "the browser hears the phone, on the payload type it offered");
    assertThat(browser.keying().handshakeTime()).as("keys from the DTLS exporter").isPresent();
    System.out.printf(
        "browser-profile peer -> phone: phone answer->first audio %d ms, DTLS handshake %s%n",
        incoming.stats().answerToFirstAudioMillis(), browser.keying().handshakeTime().get());
    assertThat(browser.media().stats().receive().srtpRejectedTotal()).isZero();

    incoming.hangup();
    browser.await(CallMessage.Hangup.class);
  }

  /**
   * S8: a browser's offer saying {@code maxaveragebitrate=16000} (RFC 7587 §6.1) caps the phone's
   * encoder at 16 kb/s for the whole call: its packets carry about 40 bytes of Opus a frame, not
   * the 80 of its default 32 kb/s (the SRTP packet adds 12 bytes of RTP header and a 16-byte GCM
   * tag).
   */
  @Test
  void aBrowserOfferingSixteenKilobitsCapsThePhonesEncoder() throws Exception {
    Identity bobId = Identity.generate(random);
    Phone bob = phone(bobId, new PcmRecorder(30));
    BrowserProfilePeer browser =
        lab.add(new BrowserProfilePeer(lab))
            .fmtp("minptime=10;useinbandfec=1;maxaveragebitrate=16000");
    browser.call(bobId.peerId(), false);
    browser.started().get(20, TimeUnit.SECONDS);
    Call incoming = only(bob);
    incoming.mediaStarted().get(10, TimeUnit.SECONDS);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> incoming.stats().media().orElseThrow().send().framesSent() >= 150);
    var sent = incoming.stats().media().orElseThrow().send();
    double opusBytes = (double) sent.bytesSent() / sent.framesSent() - 12 - 16;
    assertThat(sent.dtxFrames()).isZero();
    assertThat(opusBytes).as("Opus bytes a frame: 16 kb/s is 40").isBetween(20.0, 46.0);
    incoming.hangup();
    browser.await(CallMessage.Hangup.class);
  }

  @Test
  void aPhoneCallsABrowser() throws Exception {
    PcmRecorder aliceHeard = new PcmRecorder(30);
    Phone alice = phone(Identity.generate(random), aliceHeard);
    BrowserProfilePeer browser = lab.add(new BrowserProfilePeer(lab));

    Call call = alice.callWebRtc(browser.id());
    JsepDescription offer = browser.answer(alice.id());
    assertThat(offer.setup()).isEqualTo(DtlsSetup.ACTPASS);
    assertThat(offer.ice().candidates()).as("host candidates in the offer").isNotEmpty();
    call.mediaStarted().get(20, TimeUnit.SECONDS);
    browser.started().get(10, TimeUnit.SECONDS);
    hears(aliceHeard, "the phone hears the browser");
    hears(browser.heard, "the browser hears the phone");
    assertThat(browser.keying().handshakeTime()).isPresent();

    call.hangup();
    browser.await(CallMessage.Hangup.class);
  }

  @Test
  void aBrowserWhoseCertificateIsNotTheOneItSignedIsRefused() throws Exception {
    Identity bobId = Identity.generate(random);
    Phone bob = phone(bobId, new PcmRecorder(5));
    BrowserProfilePeer liar = lab.add(new BrowserProfilePeer(lab));
    try (LogCapture logs = new LogCapture()) {
      liar.call(bobId.peerId(), true);
      Call incoming = rang.poll(10, TimeUnit.SECONDS);
      assertThat(incoming).isNotNull();
      assertThat(incoming.peer()).isEqualTo(liar.id());
      assertThat(incoming.ended().get(20, TimeUnit.SECONDS)).isEqualTo(EndReason.MEDIA_FAILED);
      CallMessage.Hangup hangup = liar.await(CallMessage.Hangup.class);
      assertThat(hangup.reason()).isEqualTo(EndReason.MEDIA_FAILED);
      assertThat(String.join("\n", logs.lines()))
          .contains("does not match the fingerprint in its signed description");
      assertThat(incoming.stats().media()).as("no media ever ran").isEmpty();
    }
  }

  @Test
  void aBrowserAnsweringWithACertificateItDidNotSignIsRefusedByTheCaller() throws Exception {
    Phone alice = phone(Identity.generate(random), new PcmRecorder(5));
    BrowserProfilePeer liar = lab.add(new BrowserProfilePeer(lab));
    try (LogCapture logs = new LogCapture()) {
      Call call = alice.callWebRtc(liar.id());
      liar.answer(alice.id(), true, null);
      assertThat(call.ended().get(20, TimeUnit.SECONDS)).isEqualTo(EndReason.MEDIA_FAILED);
      assertThat(String.join("\n", logs.lines()))
          .contains("does not match the fingerprint in its signed description");
      assertThat(call.stats().media()).as("no media ever ran").isEmpty();
    }
  }

  @Test
  void anActpassAnswerIsRejectedBeforeAnyDtls() throws Exception {
    Phone alice = phone(Identity.generate(random), new PcmRecorder(5));
    BrowserProfilePeer browser = lab.add(new BrowserProfilePeer(lab));
    Call call = alice.callWebRtc(browser.id());
    browser.answer(alice.id(), false, DtlsSetup.ACTPASS);
    assertThat(call.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.REJECTED);
    assertThat(call.stats().media()).as("no media ever ran").isEmpty();
  }

  @Test
  void anOfferThatDoesNotSayActpassIsRefusedBeforeAnyCallExists() throws Exception {
    Identity bobId = Identity.generate(random);
    Phone bob = phone(bobId, new PcmRecorder(5));
    for (DtlsSetup said : new DtlsSetup[] {DtlsSetup.ACTIVE, DtlsSetup.PASSIVE}) {
      BrowserProfilePeer browser = lab.add(new BrowserProfilePeer(lab));
      browser.offerSaying(bobId.peerId(), said);
      assertThat(browser.await(CallMessage.Cancel.class).reason())
          .as("a=setup:%s", said.sdpName())
          .isEqualTo(EndReason.REJECTED);
    }
    assertThat(rang).as("no call was made, so none rang").isEmpty();
    assertThat(bob.refusedInvites()).isEqualTo(2);
  }

  @Test
  void aBrowserThatClosesDtlsWithoutAHangupEndsTheCall() throws Exception {
    Identity bobId = Identity.generate(random);
    Phone bob = phone(bobId, new PcmRecorder(5));
    BrowserProfilePeer browser = lab.add(new BrowserProfilePeer(lab));
    browser.call(bobId.peerId(), false);
    browser.started().get(20, TimeUnit.SECONDS);
    Call incoming = only(bob);
    incoming.mediaStarted().get(10, TimeUnit.SECONDS);
    browser.media().close(); // close_notify on the path, no HANGUP: a tab that closed
    assertThat(incoming.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.PEER_VANISHED);
  }

  @Test
  void aWebRtcOfferAnsweredWithAPeerVoiceAnswerIsRejected() throws Exception {
    Phone alice = phone(Identity.generate(random), new PcmRecorder(5));
    BrowserProfilePeer browser = lab.add(new BrowserProfilePeer(lab));
    Call call = alice.callWebRtc(browser.id());
    CallMessage.WebOffer offer = browser.await(CallMessage.WebOffer.class);
    browser
        .overlay()
        .send(
            alice.id(),
            new CallMessage.Answer(
                offer.callId(),
                0,
                new byte[32],
                "AEAD_AES_128_GCM",
                ForgedPeer.description(111, java.util.List.of())));
    assertThat(call.ended().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.REJECTED);
  }
}
