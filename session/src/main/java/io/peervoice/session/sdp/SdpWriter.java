package io.peervoice.session.sdp;

import io.peervoice.nat.IceCandidate;

/**
 * Writes a {@link JsepDescription} as the SDP a browser takes (RFC 8866, JSEP RFC 9429 §5.2 and
 * §5.3): session lines, BUNDLE with the one audio section, then the audio section in the order
 * Chromium writes its own (candidates, ICE, DTLS, mid, direction, rtcp-mux, codecs, SSRC). Lines
 * end with CRLF.
 */
public final class SdpWriter {
  private static final String CRLF = "\r\n";

  /** Opus parameters we send with (RFC 7587 §7: 10 ms minimum, in-band FEC). */
  static final String OPUS_FMTP = "minptime=10;useinbandfec=1";

  private SdpWriter() {}

  /** The SDP text of {@code d}. */
  public static String write(JsepDescription d) {
    StringBuilder b = new StringBuilder(1024);
    line(b, "v=0");
    line(b, "o=- " + d.sessionId() + " " + d.sessionVersion() + " IN IP4 127.0.0.1");
    line(b, "s=-");
    line(b, "t=0 0");
    line(b, "a=group:BUNDLE " + d.mid());
    line(b, "a=msid-semantic: WMS");
    String formats =
        d.dtmfPayloadType() >= 0
            ? d.opusPayloadType() + " " + d.dtmfPayloadType()
            : String.valueOf(d.opusPayloadType());
    line(b, "m=audio 9 UDP/TLS/RTP/SAVPF " + formats);
    line(b, "c=IN IP4 0.0.0.0");
    line(b, "a=rtcp:9 IN IP4 0.0.0.0");
    for (IceCandidate c : d.ice().candidates()) {
      line(b, candidate(c));
    }
    if (d.endOfCandidates()) {
      line(b, "a=end-of-candidates");
    }
    line(b, "a=ice-ufrag:" + d.ice().ufrag());
    line(b, "a=ice-pwd:" + d.ice().password());
    line(b, "a=ice-options:trickle");
    line(b, "a=fingerprint:" + d.fingerprint().toSdp());
    line(b, "a=setup:" + d.setup().sdpName());
    line(b, "a=mid:" + d.mid());
    line(b, "a=" + d.direction().sdpName());
    line(b, "a=rtcp-mux");
    line(b, "a=rtpmap:" + d.opusPayloadType() + " opus/48000/2");
    line(b, "a=fmtp:" + d.opusPayloadType() + " " + OPUS_FMTP);
    if (d.dtmfPayloadType() >= 0) {
      line(b, "a=rtpmap:" + d.dtmfPayloadType() + " telephone-event/48000");
    }
    if (d.ssrc() >= 0) {
      line(b, "a=ssrc:" + d.ssrc() + " cname:" + (d.cname() != null ? d.cname() : "peervoice"));
    }
    return b.toString();
  }

  /** A candidate attribute line, {@code a=candidate:...} (RFC 8839 §5.1). */
  public static String candidate(IceCandidate c) {
    return "a=" + c.toSdp();
  }

  private static void line(StringBuilder b, String line) {
    b.append(line).append(CRLF);
  }
}
