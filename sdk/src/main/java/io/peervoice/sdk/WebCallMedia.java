package io.peervoice.sdk;

import io.peervoice.session.MediaSession;
import io.peervoice.session.SessionDescription;
import io.peervoice.session.dtls.DtlsCertificate;
import io.peervoice.session.dtls.DtlsSetup;
import io.peervoice.session.dtls.DtlsSrtpConfig;
import io.peervoice.session.dtls.DtlsSrtpKeying;
import io.peervoice.session.sdp.JsepDescription;
import io.peervoice.session.sdp.JsepMapping;
import io.peervoice.session.sdp.OpusFmtp;
import io.peervoice.session.sdp.SdpParser;
import io.peervoice.session.sdp.SdpWriter;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import java.security.SecureRandom;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * S6 wrtcj: the WebRTC side of one call ({@code docs/webrtc.md}): its DTLS-SRTP keying strategy (a
 * fresh self-signed certificate per call, S8: made ahead as the phone's {@link SpareCertificate}),
 * our JSEP SDP offer or answer, and the peer's SDP from its signed WEB_OFFER or WEB_ANSWER, whose
 * {@code a=setup} and {@code a=fingerprint} go to the keying, so that the DTLS certificate is
 * checked against what the peer's identity signed. Payload types follow the offer: an answer
 * mirrors the offer's Opus and telephone-event payload types (RFC 3264 §6.1) and we send with the
 * numbers of the answer. On the phone's signaling thread.
 */
final class WebCallMedia {
  private final DtlsSrtpKeying keying;
  private final String sessionId;
  private final String cname;
  private SdpParser.Parsed offer; // the peer's, when we answer
  private JsepDescription remote;

  private final LongSupplier wallMillis;

  private WebCallMedia(Phone phone, DtlsSetup setup) {
    SecureRandom random = phone.random();
    this.wallMillis = phone.wallMillis;
    // S8: made ahead; S7 lean: the process's first call starts the DTLS warm-up
    DtlsCertificate certificate = phone.media().certificateForCall();
    // S17: the call's handshake stops the process's warm-up from beginning another beside it
    WebWarmUp warmUp = phone.media().webWarmUp();
    DtlsSrtpConfig.readyHandshakeThreads(); // S19: not started at the call's first handshake
    Executor handshakes =
        task -> {
          warmUp.yieldToCall();
          DtlsSrtpConfig.SHARED_HANDSHAKES.execute(task);
        };
    this.keying =
        DtlsSrtpKeying.create(
            DtlsSrtpConfig.builder(certificate).handshakeExecutor(handshakes).build(), setup);
    this.sessionId = Long.toUnsignedString(random.nextLong() >>> 2);
    this.cname = "peervoice-" + Long.toHexString(random.nextLong());
  }

  /**
   * For a call {@code phone} offers: {@code a=setup:actpass}; its certificate and offer are dated
   * by the phone's clock. The process's first starts the DTLS warm-up ({@link WebWarmUp}).
   */
  static WebCallMedia offering(Phone phone) {
    return new WebCallMedia(phone, DtlsSetup.ACTPASS);
  }

  /**
   * For a call {@code phone} answers: the peer's offer ({@link #parse}d, so its setup is {@code
   * actpass}); we answer {@code active} (RFC 8842 §5.2). The process's first starts the DTLS
   * warm-up ({@link WebWarmUp}).
   */
  static WebCallMedia answering(SdpParser.Parsed offer, Phone phone) {
    WebCallMedia web = new WebCallMedia(phone, DtlsSetup.answerTo(offer.description().setup()));
    web.offer = offer;
    web.remote(offer.description());
    return web;
  }

  /**
   * A peer's SDP offer as our media can use it, refused before any call exists if not: its {@code
   * a=setup} must be {@code actpass}, as an offerer's must (RFC 5763 <a
   * href="https://www.rfc-editor.org/rfc/rfc5763#section-5">§5</a>, RFC 8842 <a
   * href="https://www.rfc-editor.org/rfc/rfc8842#section-5.3">§5.3</a>).
   *
   * @throws IllegalArgumentException saying why it cannot be used
   */
  static SdpParser.Parsed parse(String offerSdp) {
    SdpParser.Parsed p = usable(offerSdp);
    if (p.description().setup() != DtlsSetup.ACTPASS) {
      throw new IllegalArgumentException(
          "an SDP offer must say a=setup:actpass, not " + p.description().setup().sdpName());
    }
    return p;
  }

  private static SdpParser.Parsed usable(String sdp) {
    SdpParser.Parsed p = SdpParser.parse(sdp);
    JsepMapping.toSession(p.description()); // an SSRC and a dynamic Opus payload type
    return p;
  }

  /** How long a HANGUP may follow the peer's DTLS close before the call ends without it. */
  static final long PEER_CLOSE_GRACE_MILLIS = 2_000;

  /**
   * Once the peer closed DTLS (close_notify, or a fatal alert) runs {@code end} on {@code call}'s
   * signaling thread, {@value #PEER_CLOSE_GRACE_MILLIS} ms later so that the HANGUP sent with it
   * (slower: through the overlay) ends the call with the peer's reason first; a browser tab that
   * closes sends none.
   */
  void onPeerClosed(Phone phone, Call call, Runnable end) {
    keying
        .ended()
        .thenRun(
            () ->
                phone
                    .thread()
                    .later(
                        call,
                        () -> phone.thread().timers(call).schedule(PEER_CLOSE_GRACE_MILLIS, end)));
  }

  DtlsSrtpKeying keying() {
    return keying;
  }

  /** Whether the peer's setup and fingerprint are known, so media may start once keyed. */
  boolean ready() {
    return remote != null;
  }

  /** Our WEB_OFFER to {@code callee}, with {@code media}'s candidates gathered so far. */
  CallMessage.WebOffer offer(CallId id, PeerId callee, MediaSession media) {
    String sdp =
        SdpWriter.write(
            JsepMapping.offer(media.localDescription(), keying, sessionId, 1, cname, false));
    return new CallMessage.WebOffer(id, 0, callee.bytes(), wallMillis.getAsLong(), sdp);
  }

  /**
   * Our answer to the offer: {@code media} sends with the offer's payload types from now on, its
   * encoder held to the offer's Opus fmtp (S8).
   */
  String answer(MediaSession media) {
    DtlsSrtpConfig.readyHandshakeThreads(); // again: a ring over 30 s outlives idle threads
    JsepDescription answer =
        JsepMapping.answer(
            offer.description(), media.localDescription(), keying, sessionId, 1, cname, false);
    follow(media, answer, offer.opusFmtp());
    return SdpWriter.write(answer);
  }

  /**
   * The peer's answer to our offer: its DTLS parameters go to the keying, and {@code media} sends
   * with its payload types, its encoder held to the answer's Opus fmtp (S8).
   *
   * @throws IllegalArgumentException saying why it cannot be used
   */
  void answered(String answerSdp, MediaSession media) {
    DtlsSrtpConfig.readyHandshakeThreads(); // again: a ring over 30 s outlives idle threads
    SdpParser.Parsed parsed = usable(answerSdp);
    JsepDescription answer = parsed.description();
    if (answer.setup() == DtlsSetup.ACTPASS) {
      throw new IllegalArgumentException("an SDP answer must say a=setup:active or passive");
    }
    remote(answer);
    follow(media, answer, parsed.opusFmtp());
  }

  /** What our media session connects to: the peer's ICE parameters, SSRC and payload types. */
  SessionDescription remoteSession() {
    return JsepMapping.toSession(remote);
  }

  private void remote(JsepDescription d) {
    keying.remote(d.setup(), d.fingerprint());
    remote = d;
  }

  /**
   * {@code media} sends as the peer's description {@code d} says: its payload types, and (S8) an
   * encoder within its Opus fmtp (RFC 7587 §7.1: bitrate ceiling, FEC, DTX).
   */
  private static void follow(MediaSession media, JsepDescription d, OpusFmtp fmtp) {
    SessionDescription s = JsepMapping.toSession(d);
    media.sendPayloadTypes(s.payloadType(), s.dtmfPayloadType());
    media.capEncoder(fmtp.encoderCap());
  }
}
