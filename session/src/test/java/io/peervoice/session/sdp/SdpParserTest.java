package io.peervoice.session.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.media.codec.EncoderCap;
import io.peervoice.nat.CandidateType;
import io.peervoice.session.dtls.DtlsSetup;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The JSEP subset on browser-shaped SDP (the seed corpus of {@link SdpParserFuzzTest}): what is
 * taken, what is skipped, what is refused and why, and that the writer's output parses back to the
 * same description.
 */
class SdpParserTest {

  static String seed(String name) throws IOException {
    try (InputStream in =
        SdpParserTest.class.getResourceAsStream("SdpParserFuzzTestInputs/parse/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aChromiumOfferGivesItsAudioSectionAndSkipsWhatWeCannotUse() throws IOException {
    SdpParser.Parsed parsed = SdpParser.parse(seed("chromium-offer.sdp"));
    JsepDescription d = parsed.description();
    assertThat(d.sessionId()).isEqualTo("4611731400430051336");
    assertThat(d.sessionVersion()).isEqualTo(2);
    assertThat(d.mid()).isEqualTo("0");
    assertThat(d.ice().ufrag()).isEqualTo("EsAw");
    assertThat(d.ice().password()).isEqualTo("bP+XJMM09aR8AiX1jdukzR6Y");
    assertThat(d.ice().candidates())
        .extracting(c -> c.address() + " " + c.type())
        .containsExactly(
            "192.0.2.10 " + CandidateType.HOST, "203.0.113.7 " + CandidateType.SERVER_REFLEXIVE);
    assertThat(parsed.candidatesSkipped()).as("the mDNS name and the TCP candidate").isEqualTo(2);
    assertThat(d.endOfCandidates()).isFalse();
    assertThat(d.setup()).isEqualTo(DtlsSetup.ACTPASS);
    assertThat(d.opusPayloadType()).isEqualTo(111);
    assertThat(d.dtmfPayloadType()).as("telephone-event/48000, not /8000").isEqualTo(110);
    assertThat(d.ssrc()).isEqualTo(3735928559L);
    assertThat(d.cname()).isEqualTo("Yq3b8mJkV2xL9pQr");
    assertThat(d.direction()).isEqualTo(JsepDescription.Direction.SENDRECV);
  }

  @Test
  void aChromiumAnswerWithEndOfCandidatesAndAFirefoxOfferWithSessionLevelFingerprint()
      throws IOException {
    JsepDescription answer = SdpParser.parse(seed("chromium-answer.sdp")).description();
    assertThat(answer.setup()).isEqualTo(DtlsSetup.ACTIVE);
    assertThat(answer.endOfCandidates()).isTrue();
    assertThat(answer.direction()).isEqualTo(JsepDescription.Direction.RECVONLY);

    SdpParser.Parsed firefox = SdpParser.parse(seed("firefox-offer.sdp"));
    assertThat(firefox.description().fingerprint())
        .isEqualTo(SdpParser.parse(seed("chromium-offer.sdp")).description().fingerprint());
    assertThat(firefox.description().opusPayloadType()).isEqualTo(109);
    assertThat(firefox.description().dtmfPayloadType()).isEqualTo(-1);
    assertThat(firefox.candidatesSkipped()).isEqualTo(1);
  }

  @Test
  void whatTheWriterWritesParsesBackToTheSameDescription() throws IOException {
    for (String seed : new String[] {"chromium-offer.sdp", "chromium-answer.sdp"}) {
      JsepDescription d = SdpParser.parse(seed(seed)).description();
      String written = SdpWriter.write(d);
      assertThat(SdpParser.parse(written).description()).as(seed).isEqualTo(d);
      assertThat(written)
          .contains("a=group:BUNDLE 0\r\n", "a=rtcp-mux\r\n", "a=ice-options:trickle");
    }
  }

  @Test
  void refusalsSayWhy() throws IOException {
    String offer = seed("chromium-offer.sdp");
    assertThatThrownBy(() -> SdpParser.parse(seed("chromium-offer-with-video.sdp")))
        .hasMessageContaining("only audio is supported: the description has an m=video section");
    assertThatThrownBy(() -> SdpParser.parse(offer.replace("a=rtcp-mux\r\n", "")))
        .hasMessageContaining("lacks a=rtcp-mux");
    assertThatThrownBy(() -> SdpParser.parse(offer.replace("opus/48000/2", "ISAC/16000")))
        .hasMessageContaining("lacks a=rtpmap with opus/48000/2");
    assertThatThrownBy(() -> SdpParser.parse(offer.replace("UDP/TLS/RTP/SAVPF", "RTP/AVP")))
        .hasMessageContaining("only UDP/TLS/RTP/SAVPF");
    assertThatThrownBy(() -> SdpParser.parse(offer.replace("sha-256", "sha-1")))
        .hasMessageContaining("lacks a=fingerprint with sha-256");
    assertThatThrownBy(() -> SdpParser.parse(offer.replace("a=setup:actpass", "a=setup:holdconn")))
        .hasMessageContaining("unsupported a=setup value: holdconn");
    assertThatThrownBy(() -> SdpParser.parse(offer.replace("m=audio 9", "m=audio 0")))
        .hasMessageContaining("rejected (port 0)");
    assertThatThrownBy(() -> SdpParser.parse(offer.replace("v=0", "v=1")))
        .hasMessageContaining("SDP line 1: an SDP starts with v=0");
    assertThatThrownBy(() -> SdpParser.parse(seed("truncated.sdp")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sizesAreCapped() throws IOException {
    String offer = seed("chromium-offer.sdp");
    assertThatThrownBy(() -> SdpParser.parse(offer + "a=x\r\n".repeat(SdpParser.MAX_LINES)))
        .hasMessageContaining("more than 1024 lines");
    assertThatThrownBy(() -> SdpParser.parse(offer + "a=" + "x".repeat(SdpParser.MAX_LINE)))
        .hasMessageContaining("longer than 4096");
    assertThatThrownBy(() -> SdpParser.parse(new byte[SdpParser.MAX_BYTES + 1]))
        .hasMessageContaining("larger than 65536");
    String many =
        offer.replace(
            "a=ice-ufrag:",
            "a=candidate:1 1 udp 2122260223 192.0.2.99 40000 typ host\r\n".repeat(40)
                + "a=ice-ufrag:");
    SdpParser.Parsed parsed = SdpParser.parse(many);
    assertThat(parsed.description().ice().candidates()).hasSize(SdpParser.MAX_CANDIDATES);
    assertThat(parsed.candidatesSkipped()).isEqualTo(40 + 4 - SdpParser.MAX_CANDIDATES);
  }

  @Test
  void iceCredentialsShorterThanRfc8839AllowsAreRefused() throws IOException {
    String offer = seed("chromium-offer.sdp"); // ufrag EsAw (4), pwd of 24 chars
    assertThat(SdpParser.parse(offer).description().ice().password()).hasSize(24);
    assertThatThrownBy(() -> SdpParser.parse(offer.replace("a=ice-ufrag:EsAw", "a=ice-ufrag:EsA")))
        .hasMessageContaining("a=ice-ufrag of 4..256 ice-chars");
    String shortPwd =
        offer.replace("a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y", "a=ice-pwd:bP+XJMM09aR8AiX1jdukz");
    assertThat(shortPwd).contains("a=ice-pwd:bP+XJMM09aR8AiX1jdukz\r\n");
    assertThatThrownBy(() -> SdpParser.parse(shortPwd))
        .hasMessageContaining("a=ice-pwd of 22..256 ice-chars");
    String longUfrag = offer.replace("a=ice-ufrag:EsAw", "a=ice-ufrag:" + "E".repeat(257));
    assertThatThrownBy(() -> SdpParser.parse(longUfrag))
        .hasMessageContaining("a=ice-ufrag of 4..256 ice-chars");
    String pwd22 =
        offer.replace("a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y", "a=ice-pwd:bP+XJMM09aR8AiX1jdukzR");
    assertThat(SdpParser.parse(pwd22).description().ice().password()).hasSize(22);
  }

  @Test
  void trickledCandidatesAsTheBrowserGivesThem() {
    assertThat(
            SdpParser.trickled(
                "candidate:842163049 1 udp 1686052607 203.0.113.7 46243 typ srflx raddr 192.0.2.10"
                    + " rport 46243 generation 0 ufrag EsAw network-id 1"))
        .hasValueSatisfying(c -> assertThat(c.port()).isEqualTo(46243));
    assertThat(SdpParser.trickled("candidate:1 1 udp 2122194687 abc.local 5000 typ host"))
        .isEmpty();
    assertThat(SdpParser.trickled("")).isEmpty();
    assertThat(SdpParser.trickled("a=end-of-candidates")).isEmpty();
  }

  /** S8: Opus's fmtp and ptime as the browsers write them, and the cap our encoder takes. */
  @Test
  void theOpusFmtpOfChromiumAndFirefoxAndTheCapItGivesOurEncoder() throws IOException {
    OpusFmtp chromium = SdpParser.parse(seed("chromium-offer.sdp")).opusFmtp();
    assertThat(chromium).isEqualTo(new OpusFmtp(0, true, false, false, 48_000, 0));
    assertThat(chromium.encoderCap()).isEqualTo(new EncoderCap(510_000, true, false));
    OpusFmtp firefox = SdpParser.parse(seed("firefox-offer.sdp")).opusFmtp();
    assertThat(firefox).isEqualTo(new OpusFmtp(0, true, false, true, 48_000, 0));

    String capped =
        seed("chromium-offer.sdp")
            .replace(
                "a=fmtp:111 minptime=10;useinbandfec=1",
                "a=fmtp:111 minptime=10; maxaveragebitrate=16000;usedtx=1;maxplaybackrate=16000\r\n"
                    + "a=ptime:40");
    OpusFmtp f = SdpParser.parse(capped).opusFmtp();
    assertThat(f).isEqualTo(new OpusFmtp(16_000, false, true, false, 16_000, 40));
    assertThat(f.encoderCap()).isEqualTo(new EncoderCap(16_000, false, true));
  }

  /** S8: an fmtp we cannot read never fails a call: its values count as absent. */
  @Test
  void malformedOrOutOfRangeFmtpValuesCountAsAbsent() throws IOException {
    String odd =
        seed("chromium-offer.sdp")
            .replace(
                "a=fmtp:111 minptime=10;useinbandfec=1",
                "a=fmtp:111 maxaveragebitrate=5000;maxplaybackrate=x;useinbandfec=yes;;=;stereo\r\n"
                    + "a=fmtp:111 maxaveragebitrate=20000\r\na=fmtp:99999 usedtx=1\r\na=ptime:0");
    OpusFmtp f = SdpParser.parse(odd).opusFmtp();
    assertThat(f).as("the first fmtp of the PT counts").isEqualTo(OpusFmtp.DEFAULTS);
    String none = seed("chromium-offer.sdp").replace("a=fmtp:111 minptime=10;useinbandfec=1", "");
    assertThat(SdpParser.parse(none).opusFmtp()).isEqualTo(OpusFmtp.DEFAULTS);
    assertThat(OpusFmtp.DEFAULTS.encoderCap().inbandFec())
        .as("RFC 7587: useinbandfec defaults to 0")
        .isFalse();
  }
}
