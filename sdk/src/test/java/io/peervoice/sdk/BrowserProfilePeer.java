package io.peervoice.sdk;

import io.peervoice.media.audio.LoopingSource;
import io.peervoice.media.audio.PcmRecorder;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.nat.IceRole;
import io.peervoice.session.MediaSession;
import io.peervoice.session.MediaSessionConfig;
import io.peervoice.session.SessionDescription;
import io.peervoice.session.dtls.DtlsCertificate;
import io.peervoice.session.dtls.DtlsSetup;
import io.peervoice.session.dtls.DtlsSrtpConfig;
import io.peervoice.session.dtls.DtlsSrtpKeying;
import io.peervoice.session.sdp.JsepDescription;
import io.peervoice.session.sdp.JsepMapping;
import io.peervoice.session.sdp.SdpParser;
import io.peervoice.session.sdp.SdpWriter;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.awaitility.Awaitility;

/**
 * A peer that speaks only the browser's side of the WebRTC call contract ({@code
 * /work/wt/webrtc-contract.md}), built from the session's parts and not from the sdk's calls: an
 * overlay client sending WEB_OFFER or RINGING + WEB_ANSWER, a {@link MediaSession} keyed by its own
 * {@link DtlsSrtpKeying} over real ICE sockets, and SDP written by {@link SdpWriter}. Its media
 * uses the payload types it offered or was offered, as a browser's does, so a phone that ignored
 * them would not be heard. It may lie about its certificate's fingerprint.
 */
final class BrowserProfilePeer implements AutoCloseable {
  static final int OPUS = 109;
  static final int DTMF = 110;

  private final SecureRandom random = new SecureRandom();
  private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
  private final ForgedPeer overlay;
  final PcmRecorder heard = new PcmRecorder(30);
  private DtlsSrtpKeying keying;
  private MediaSession media;
  private CompletableFuture<Void> started;
  private CallId callId;
  private String fmtp; // S8: the Opus fmtp parameters our SDP says instead of the writer's, or null

  BrowserProfilePeer(PhoneLab lab) throws Exception {
    this.overlay = lab.forged();
  }

  PeerId id() {
    return overlay.id();
  }

  ForgedPeer overlay() {
    return overlay;
  }

  /** S8: our SDP offers or answers these Opus fmtp parameters instead of the writer's. */
  BrowserProfilePeer fmtp(String parameters) {
    this.fmtp = parameters;
    return this;
  }

  private String write(JsepDescription d) {
    String sdp = SdpWriter.write(d);
    return fmtp == null
        ? sdp
        : sdp.replace(
            "a=fmtp:" + d.opusPayloadType() + " minptime=10;useinbandfec=1",
            "a=fmtp:" + d.opusPayloadType() + " " + fmtp);
  }

  DtlsSrtpKeying keying() {
    return keying;
  }

  MediaSession media() {
    return media;
  }

  private MediaSession media(IceRole role, DtlsSetup setup) throws Exception {
    DtlsCertificate certificate = DtlsCertificate.generate(random, Instant.now());
    keying =
        DtlsSrtpKeying.create(
            DtlsSrtpConfig.builder(certificate).initialResend(Duration.ofMillis(200)).build(),
            setup);
    media = MediaSession.create(MediaSessionConfig.builder(clock).build(), role, keying);
    return media;
  }

  /**
   * Calls {@code callee} as a browser does (offer with Opus {@value #OPUS}, telephone-event {@value
   * #DTMF}); with {@code lie}, the SDP names another certificate's fingerprint. Returns the
   * callee's SDP answer once it came, media started against it.
   */
  JsepDescription call(PeerId callee, boolean lie) throws Exception {
    media(IceRole.CONTROLLING, DtlsSetup.ACTPASS);
    media.sendPayloadTypes(OPUS, DTMF);
    DtlsSrtpKeying named =
        lie
            ? DtlsSrtpKeying.create(
                DtlsSrtpConfig.builder(DtlsCertificate.generate(random, Instant.now())).build(),
                DtlsSetup.ACTPASS)
            : keying;
    offer(callee, named);
    CallMessage.WebAnswer answer = await(CallMessage.WebAnswer.class);
    JsepDescription a = SdpParser.parse(answer.sdp()).description();
    keying.remote(a.setup(), a.fingerprint());
    start(JsepMapping.toSession(a), OPUS, DTMF);
    return a;
  }

  /** Sends {@code callee} a WEB_OFFER that says {@code a=setup:said} (a browser's: actpass). */
  void offerSaying(PeerId callee, DtlsSetup said) throws Exception {
    media(IceRole.CONTROLLING, said);
    offer(callee, keying);
  }

  /**
   * Sends {@code callee} a WEB_OFFER of our media, naming {@code named}'s setup and certificate.
   */
  private void offer(PeerId callee, DtlsSrtpKeying named) throws Exception {
    String sdp = write(JsepMapping.offer(media.localDescription(), named, "7", 1, "b", false));
    callId = CallId.random(random);
    overlay.send(
        callee,
        new CallMessage.WebOffer(callId, 0, callee.bytes(), System.currentTimeMillis(), sdp));
  }

  /** Answers the phone's WEB_OFFER as a browser does; returns the offer it answered. */
  JsepDescription answer(PeerId caller) throws Exception {
    return answer(caller, false, null);
  }

  /**
   * As {@link #answer(PeerId)}; with {@code lie}, the SDP answer names another certificate's
   * fingerprint; with {@code said} not null, it says {@code a=setup:said} whatever our role is.
   */
  JsepDescription answer(PeerId caller, boolean lie, DtlsSetup said) throws Exception {
    CallMessage.WebOffer offer = await(CallMessage.WebOffer.class);
    callId = offer.callId();
    JsepDescription o = SdpParser.parse(offer.sdp()).description();
    media(IceRole.CONTROLLED, DtlsSetup.answerTo(o.setup()));
    keying.remote(o.setup(), o.fingerprint());
    overlay.send(caller, new CallMessage.Ringing(callId, 0, new byte[0]));
    media.sendPayloadTypes(o.opusPayloadType(), o.dtmfPayloadType());
    DtlsSrtpKeying named =
        lie || said != null
            ? DtlsSrtpKeying.create(
                DtlsSrtpConfig.builder(DtlsCertificate.generate(random, Instant.now())).build(),
                said != null ? said : keying.localSetup())
            : keying;
    String sdp = write(JsepMapping.answer(o, media.localDescription(), named, "8", 1, "b", false));
    overlay.send(caller, new CallMessage.WebAnswer(callId, 1, sdp));
    start(JsepMapping.toSession(o), o.opusPayloadType(), o.dtmfPayloadType());
    return o;
  }

  /** Connects and starts media, receiving with the payload types we negotiated ourselves. */
  private void start(SessionDescription remote, int opus, int dtmf) {
    SessionDescription ours = new SessionDescription(remote.ice(), remote.ssrc(), opus, dtmf);
    started = media.start(ours, LoopingSource.forever(SpeechSample.load()), heard);
  }

  CompletableFuture<Void> started() {
    return started;
  }

  /** The first message of {@code type} for our call (or any call, before we know ours). */
  <T extends CallMessage> T await(Class<T> type) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                overlay.received.stream()
                    .filter(type::isInstance)
                    .filter(m -> callId == null || m.callId().equals(callId))
                    .map(type::cast)
                    .findFirst()
                    .orElse(null),
            m -> m != null);
  }

  @Override
  public void close() {
    if (media != null) {
      media.close();
    }
    clock.shutdownNow();
  }
}
