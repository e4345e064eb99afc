package io.peervoice.sdk;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.codec.EncoderController;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.dtmf.DtmfDigit;
import io.peervoice.media.impair.Impairment;
import io.peervoice.media.rtcp.RtcpSession;
import io.peervoice.media.srtp.Srtp;
import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpReceiver;
import io.peervoice.media.srtp.SrtpSender;
import io.peervoice.media.stream.AudioReceiveStream;
import io.peervoice.media.stream.AudioSendStream;
import io.peervoice.media.stream.PacketSink;
import io.peervoice.nat.IceException;
import io.peervoice.nat.IceParameters;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.IceSession;
import io.peervoice.nat.IceSessions;
import io.peervoice.nat.MediaPath;
import io.peervoice.sdk.internal.ActivePath;
import io.peervoice.sdk.internal.ImpairedSink;
import io.peervoice.sdk.internal.RtcpChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint's media for one call: an ICE session, SRTP keys for the direction it sends, and once
 * connected an Opus/RTP/SRTP send stream and receive stream driven by a steady 20 ms clock.
 *
 * <pre>{@code
 * MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING);
 * MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED);
 * // offer: caller.localDescription() -> callee; answer: callee.localDescription() -> caller
 * callee.start(caller.localDescription(), calleeMic, calleeSpeaker);
 * caller.start(callee.localDescription(), callerMic, callerSpeaker).join();
 * }</pre>
 */
public final class MediaSession implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MediaSession.class);
  private static final int OPUS_PAYLOAD_TYPE = 111;
  private static final int TELEPHONE_EVENT_PAYLOAD_TYPE = 101;
  private static final long RTCP_INTERVAL_MS = 1_000;

  /** Lifecycle of a media session. */
  public enum State {
    NEW,
    CONNECTING,
    ACTIVE,
    FAILED,
    CLOSED
  }

  private final MediaSessionConfig config;
  private final ActivePath active;
  private final SrtpKeyMaterial sendKey;
  private final SessionDescription local;
  private State state = State.NEW;
  private AudioSendStream sender;
  private AudioReceiveStream receiver;
  private ScheduledFuture<?> ticker;
  private ScheduledFuture<?> rtcpTicker;
  private RtcpChannel rtcp;
  private final String cname;
  private final List<DtmfDigit> dtmfReceived = new CopyOnWriteArrayList<>();
  private volatile boolean sending = true;

  private MediaSession(MediaSessionConfig config, IceSession ice, IceRole role) {
    this.config = config;
    this.active =
        new ActivePath(
            ice,
            () -> IceSessions.open(config.ice(), role, config.mediaClock(), config.ioThreads()));
    this.sendKey = SrtpKeyMaterial.random(config.srtpProfile(), config.random());
    this.cname = "peervoice-" + Long.toHexString(config.random().nextLong());
    this.local =
        new SessionDescription(
            ice.localParameters(),
            sendKey,
            config.random().nextInt(),
            OPUS_PAYLOAD_TYPE,
            TELEPHONE_EVENT_PAYLOAD_TYPE);
  }

  /**
   * Creates an endpoint and gathers its candidates.
   *
   * @throws CallFailedException at {@link CallStep#GATHERING} if no candidate could be bound
   */
  public static MediaSession create(MediaSessionConfig config, IceRole role)
      throws CallFailedException {
    try {
      Srtp.prepare();
      OpusCodec.prepare();
      return new MediaSession(
          config,
          IceSessions.open(config.ice(), role, config.mediaClock(), config.ioThreads()),
          role);
    } catch (IceException e) {
      throw new CallFailedException(CallStep.GATHERING, e.getMessage(), e);
    } catch (io.peervoice.media.codec.CodecException | IllegalStateException e) {
      throw new CallFailedException(CallStep.MEDIA, e.getMessage(), e);
    }
  }

  /** Our offer or answer, with the candidates gathered so far. */
  public SessionDescription localDescription() {
    return new SessionDescription(
        active.ice().localParameters(),
        local.sendKey(),
        local.ssrc(),
        local.payloadType(),
        local.dtmfPayloadType());
  }

  /**
   * Waits for server-reflexive and relayed candidates (from the configured STUN and TURN servers)
   * before an offer or answer is sent whole, for signaling without trickle. Returns at once when no
   * server is configured.
   *
   * @throws CallFailedException at {@link CallStep#GATHERING} if gathering does not end in time
   */
  public void gatherAll(Duration limit) throws CallFailedException, InterruptedException {
    try {
      active.ice().gatherAll(limit);
    } catch (IceException e) {
      throw new CallFailedException(CallStep.GATHERING, e.getMessage(), e);
    }
  }

  public synchronized State state() {
    return state;
  }

  /**
   * Connects to the peer described by {@code remote} and, once a path is selected, starts sending
   * {@code source} and playing into {@code sink} every 20 ms. The future fails with a {@link
   * CallFailedException} naming the step.
   */
  public synchronized CompletableFuture<Void> start(
      SessionDescription remote, AudioSource source, AudioSink sink) {
    if (state != State.NEW) {
      throw new IllegalStateException("start() on a session in state " + state);
    }
    state = State.CONNECTING;
    return active
        .ice()
        .connect(remote.ice())
        .handle(
            (connected, error) -> {
              if (error != null) {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                synchronized (this) {
                  state = State.FAILED;
                }
                throw new CompletionException(
                    new CallFailedException(CallStep.ICE, cause.getMessage(), cause));
              }
              try {
                activate(connected, remote, source, sink);
                return null;
              } catch (RuntimeException e) {
                synchronized (this) {
                  state = State.FAILED;
                }
                throw new CompletionException(
                    new CallFailedException(CallStep.MEDIA, e.getMessage(), e));
              }
            });
  }

  private synchronized void activate(
      MediaPath connected, SessionDescription remote, AudioSource source, AudioSink sink) {
    if (state != State.CONNECTING) {
      connected.close();
      throw new IllegalStateException("session was " + state + " when ICE connected");
    }
    active.attach(connected);
    MediaPath path = connected;
    PacketSink out =
        config.outboundImpairment().isNone()
            ? active
            : new ImpairedSink(
                new Impairment(config.outboundImpairment()),
                active,
                config.mediaClock(),
                config.nanoClock());
    SrtpSender protect = Srtp.sender(sendKey);
    SrtpReceiver unprotect = Srtp.receiver(remote.sendKey());
    rtcp =
        new RtcpChannel(
            new RtcpSession(
                local.ssrc(), cname, OpusCodec.RTP_CLOCK_RATE, config.wallClockMillis()),
            protect,
            unprotect,
            out,
            new EncoderController(config.opus(), config.minBitrate(), config.maxBitrate()),
            settings -> sender.updateEncoder(settings),
            config.nanoClock());
    sender =
        new AudioSendStream(
            source,
            OpusCodec.encoder(config.opus()),
            protect,
            out,
            local.ssrc(),
            local.payloadType(),
            local.dtmfPayloadType(),
            config.random().nextInt(1 << 16),
            config.random().nextInt() & 0xFFFF_FFFFL,
            rtcp.sent(),
            config.nanoClock());
    receiver =
        new AudioReceiveStream(
            unprotect,
            OpusCodec.decoder(),
            config.jitterBuffer(),
            sink,
            remote.payloadType(),
            remote.dtmfPayloadType(),
            config.nanoClock(),
            rtcp.received(),
            dtmfReceived::add);
    path.startReceiving(this::onDatagram);
    ticker =
        config
            .mediaClock()
            .scheduleAtFixedRate(this::tick, 0, PcmFormat.FRAME_MILLIS, TimeUnit.MILLISECONDS);
    rtcpTicker =
        config
            .mediaClock()
            .scheduleAtFixedRate(
                this::sendRtcp, RTCP_INTERVAL_MS / 2, RTCP_INTERVAL_MS, TimeUnit.MILLISECONDS);
    state = State.ACTIVE;
    log.info(
        "media active: {} -> {} in {} ms",
        path.localCandidate().type().sdpName(),
        path.remoteCandidate().type().sdpName(),
        path.connectDuration().toMillis());
  }

  private void onDatagram(byte[] data, int offset, int length) {
    if (RtcpSession.isRtcp(data, offset, length)) {
      rtcp.onDatagram(data, offset, length);
    } else {
      receiver.onDatagram(data, offset, length);
    }
  }

  private void sendRtcp() {
    try {
      rtcp.sendReport();
    } catch (RuntimeException e) {
      log.warn("RTCP report failed; the call goes on", e);
    }
  }

  private void tick() {
    try {
      if (sending) {
        sender.sendFrame();
      }
      receiver.playoutTick();
    } catch (RuntimeException e) {
      log.warn("media tick failed; the call goes on", e);
    }
  }

  /**
   * Sends DTMF digits as RFC 4733 telephone events (100 ms each, 60 ms apart).
   *
   * @throws IllegalStateException before media is active
   * @throws IllegalArgumentException naming a character that is not 0-9 * # A-D
   */
  public void sendDtmf(String digits) {
    AudioSendStream stream;
    synchronized (this) {
      if (sender == null) {
        throw new IllegalStateException("no media yet: session is " + state);
      }
      stream = sender;
    }
    stream.sendDtmf(digits);
  }

  /** The DTMF digits received so far, in order. */
  public List<DtmfDigit> dtmfReceived() {
    return List.copyOf(dtmfReceived);
  }

  /**
   * Starts an ICE restart (RFC 8445 §9), e.g. after the path failed or the network changed: a new
   * ICE session with fresh credentials gathers candidates while the old path keeps carrying media.
   * Both sides call this; each sends the returned description to the other and passes the other's
   * to {@link #completeIceRestart}. SRTP keys do not change.
   *
   * @throws CallFailedException at {@link CallStep#GATHERING} if the new session cannot gather
   */
  public SessionDescription prepareIceRestart() throws CallFailedException, InterruptedException {
    try {
      return withIce(active.prepareRestart());
    } catch (IceException e) {
      throw new CallFailedException(CallStep.GATHERING, e.getMessage(), e);
    }
  }

  /**
   * Connects the restarted ICE session to the peer's new description; media moves to the new path
   * once it is selected, with its SRTP and RTP state (sequence numbers, rollover counters)
   * unchanged.
   */
  public CompletableFuture<Void> completeIceRestart(SessionDescription remote) {
    return active
        .completeRestart(remote.ice(), this::onDatagram)
        .handle(
            (newPath, error) -> {
              if (error != null) {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                throw new CompletionException(
                    new CallFailedException(
                        CallStep.ICE, "ICE restart: " + cause.getMessage(), cause));
              }
              log.info(
                  "media moved to {} -> {}", newPath.localCandidate(), newPath.remoteCandidate());
              return null;
            });
  }

  /**
   * Tells {@code listener} when the media path's consent state changes (CONNECTED, DISCONNECTED,
   * FAILED): the cue to {@link #prepareIceRestart() restart ICE}. Called on the media clock.
   */
  public void onPathStateChange(java.util.function.Consumer<io.peervoice.nat.PathState> listener) {
    active.onStateChange(listener);
  }

  private SessionDescription withIce(IceParameters ice) {
    SessionDescription d = localDescription();
    return new SessionDescription(ice, d.sendKey(), d.ssrc(), d.payloadType(), d.dtmfPayloadType());
  }

  /** Stops sending media (the receive side keeps playing out). */
  public void stopSending() {
    sending = false;
  }

  /**
   * A snapshot of this endpoint's media.
   *
   * @throws IllegalStateException before the session is active
   */
  public synchronized MediaSessionStats stats() {
    MediaPath path = active.path();
    if (path == null) {
      throw new IllegalStateException("no media yet: session is " + state);
    }
    return new MediaSessionStats(
        path.localCandidate().type(),
        path.remoteCandidate().type(),
        path.loopbackFallback(),
        path.connectDuration().toMillis(),
        path.timings(),
        sendKey.profile(),
        sender.stats(),
        rtcp.stats(),
        receiver.stats(),
        receiver.firstAudioNanos());
  }

  @Override
  public void close() {
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      if (ticker != null) {
        ticker.cancel(false);
        rtcpTicker.cancel(false);
      }
    }
    active.close();
    if (sender != null) {
      sender.close();
      receiver.close();
    }
  }
}
