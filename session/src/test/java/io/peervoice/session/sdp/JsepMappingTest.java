package io.peervoice.session.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.session.SessionDescription;
import io.peervoice.session.dtls.DtlsCertificate;
import io.peervoice.session.dtls.DtlsSetup;
import io.peervoice.session.dtls.DtlsSrtpConfig;
import io.peervoice.session.dtls.DtlsSrtpKeying;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** SDP to and from a media session's description, and the answer to a browser's offer. */
class JsepMappingTest {
  private static final DtlsSrtpKeying KEYING =
      DtlsSrtpKeying.create(
          DtlsSrtpConfig.builder(DtlsCertificate.generate(new SecureRandom(), Instant.now()))
              .build(),
          DtlsSetup.ACTIVE);

  @Test
  void aBrowserOfferBecomesASessionDescriptionAndOurAnswerMirrorsItsPayloadTypes()
      throws Exception {
    JsepDescription offer = SdpParser.parse(SdpParserTest.seed("chromium-offer.sdp")).description();
    SessionDescription remote = JsepMapping.toSession(offer);
    assertThat(remote.ice()).isEqualTo(offer.ice());
    assertThat(remote.ssrc()).isEqualTo((int) 3735928559L);
    assertThat(remote.payloadType()).isEqualTo(111);
    assertThat(remote.dtmfPayloadType()).isEqualTo(110);

    SessionDescription local = new SessionDescription(remote.ice(), 42, 111, 101);
    JsepDescription answer = JsepMapping.answer(offer, local, KEYING, "123", 1, "me", true);
    assertThat(answer.mid()).isEqualTo(offer.mid());
    assertThat(answer.dtmfPayloadType()).as("the offer's telephone-event").isEqualTo(110);
    assertThat(answer.setup()).isEqualTo(DtlsSetup.ACTIVE);
    assertThat(answer.fingerprint()).isEqualTo(KEYING.localFingerprint());
    String sdp = SdpWriter.write(answer);
    assertThat(sdp)
        .contains(
            "m=audio 9 UDP/TLS/RTP/SAVPF 111 110\r\n",
            "a=setup:active\r\n",
            "a=end-of-candidates\r\n",
            "a=ssrc:42 cname:me\r\n");
    assertThat(SdpParser.parse(sdp).description()).isEqualTo(answer);
  }

  @Test
  void anOfferWithoutTelephoneEvent48kGetsOurDefaultAndOneWithoutSsrcIsRefused() throws Exception {
    JsepDescription firefox =
        SdpParser.parse(SdpParserTest.seed("firefox-offer.sdp")).description();
    assertThat(JsepMapping.toSession(firefox).dtmfPayloadType()).isEqualTo(101);
    String noSsrc = SdpParserTest.seed("chromium-offer.sdp").replaceAll("a=ssrc:[^\r]*\r\n", "");
    assertThatThrownBy(() -> JsepMapping.toSession(SdpParser.parse(noSsrc).description()))
        .hasMessageContaining("announces no SSRC");
  }

  @Test
  void anOfferWithoutTelephoneEvent48kGetsAnAnswerWithoutIt() throws Exception {
    JsepDescription firefox =
        SdpParser.parse(SdpParserTest.seed("firefox-offer.sdp")).description();
    assertThat(firefox.dtmfPayloadType())
        .as("firefox offers telephone-event/8000 only")
        .isEqualTo(-1);
    SessionDescription local = new SessionDescription(firefox.ice(), 42, 109, 101);
    JsepDescription answer = JsepMapping.answer(firefox, local, KEYING, "123", 1, "me", true);
    assertThat(answer.dtmfPayloadType()).isEqualTo(-1);
    String sdp = SdpWriter.write(answer);
    assertThat(sdp).doesNotContain("telephone-event").doesNotContain(" 101");
    assertThat(SdpParser.parse(sdp).description()).isEqualTo(answer);
  }

  @Test
  void aReAnswerCarriesTheGivenLargerSessionVersion() throws Exception {
    JsepDescription offer = SdpParser.parse(SdpParserTest.seed("chromium-offer.sdp")).description();
    SessionDescription local = new SessionDescription(offer.ice(), 42, 111, 101);
    JsepDescription first = JsepMapping.answer(offer, local, KEYING, "123", 1, "me", true);
    JsepDescription again = JsepMapping.answer(offer, local, KEYING, "123", 2, "me", true);
    assertThat(first.sessionVersion()).isEqualTo(1);
    assertThat(again.sessionVersion()).isEqualTo(2);
    assertThat(SdpWriter.write(again)).contains("o=- 123 2 IN IP4");
  }

  @Test
  void ourOfferSaysActpassAndOurPayloadTypes() {
    DtlsSrtpKeying offerer =
        DtlsSrtpKeying.create(
            DtlsSrtpConfig.builder(DtlsCertificate.generate(new SecureRandom(), Instant.now()))
                .build(),
            DtlsSetup.ACTPASS);
    SessionDescription local =
        new SessionDescription(
            new io.peervoice.nat.IceParameters(
                "abcd", "abcdefghijklmnopqrstuv", java.util.List.of()),
            -1,
            111,
            101);
    JsepDescription offer = JsepMapping.offer(local, offerer, "7", 1, "c", false);
    assertThat(offer.ssrc()).isEqualTo(0xFFFF_FFFFL);
    assertThat(SdpWriter.write(offer))
        .contains("a=setup:actpass\r\n", "a=rtpmap:101 telephone-event/48000\r\n");
  }
}
