package io.peervoice.session.internal;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.codec.AudioEncoder;
import io.peervoice.media.codec.ComplexityGovernor;
import io.peervoice.media.codec.EncoderCap;
import io.peervoice.media.codec.EncoderController;
import io.peervoice.media.codec.LoadAdaptiveEncoder;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.codec.PreEncodedEncoder;
import io.peervoice.media.codec.PreEncodedSource;
import io.peervoice.media.dtmf.DtmfDigit;
import io.peervoice.media.dtmf.DtmfReceiveStage;
import io.peervoice.media.dtmf.DtmfSendStage;
import io.peervoice.media.pipeline.EncoderControlStage;
import io.peervoice.media.pipeline.ProcessingChain;
import io.peervoice.media.pipeline.RtcpStage;
import io.peervoice.media.pipeline.SrtpStage;
import io.peervoice.media.rtcp.RtcpSession;
import io.peervoice.media.rtcp.RtcpStats;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpRejection;
import io.peervoice.media.stream.AudioReceiveStats;
import io.peervoice.media.stream.AudioReceiveStream;
import io.peervoice.media.stream.AudioSendStats;
import io.peervoice.media.stream.AudioSendStream;
import io.peervoice.media.stream.PacketHandler;
import io.peervoice.media.stream.PacketSink;
import io.peervoice.session.MediaSessionConfig;
import io.peervoice.session.SessionDescription;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A call's running media, wired as stages (see {@code io.peervoice.media.pipeline}): capture →
 * processing → send stream (DTMF, Opus, RTP) → SRTP → {@code out}; path → SRTP (RTP/RTCP demux) →
 * receive stream (DTMF split, jitter buffer, Opus) → processing → sink, or → RTCP → encoder
 * control. Once {@link #start() started}, runs the 20 ms and 1 s timers on the media clock; the
 * peer's first packet moves the 20 ms grid to its arrival, so it plays at once instead of waiting
 * for the next tick.
 */
public final class CallMedia {
  private final SrtpStage srtp;
  private final ProcessingChain processing;
  private final AudioSendStream sender;
  private final AudioReceiveStream receiver;
  private final RtcpStage rtcp;
  private final EncoderControlStage control;
  private final PacketHandler inbound;
  private final LoadAdaptiveEncoder adaptive; // null: fixed complexity
  private final LongSupplier nanoClock;
  private volatile MediaTimers timers;
  private volatile boolean sending = true;
  private volatile boolean heard;
  private boolean closed; // guarded by this

  /** Wires the stages for {@code local} ↔ {@code remote}; {@link #start()} starts the timers. */
  public CallMedia(
      MediaSessionConfig config,
      SessionDescription local,
      SrtpKeys keys,
      String cname,
      SessionDescription remote,
      PacketSink out,
      AudioSource source,
      AudioSink sink,
      Consumer<DtmfDigit> dtmf) {
    srtp = SrtpStage.keyed(keys, remote.ssrc());
    processing = ProcessingChain.of(config.processing());
    AudioEncoder own = adaptive(config, OpusCodec.encoder(config.opus()));
    adaptive = own instanceof LoadAdaptiveEncoder a ? a : null;
    AudioEncoder encoder = // a conference leg may send frames its mixer encoded once for many
        source instanceof PreEncodedSource ready && processing.isEmpty()
            ? new PreEncodedEncoder(own, config.opus(), ready)
            : own;
    control =
        new EncoderControlStage(
            new EncoderController(config.opus(), config.minBitrate(), config.maxBitrate()),
            encoder::update);
    var session =
        new RtcpSession(local.ssrc(), cname, OpusCodec.RTP_CLOCK_RATE, config.wallClockMillis());
    rtcp = new RtcpStage(session, srtp.rtcpOut(out), control, config.nanoClock());
    sender =
        new AudioSendStream(
            processing.capture(source),
            encoder,
            new DtmfSendStage(local.dtmfPayloadType()),
            srtp.rtpOut(out),
            local.ssrc(),
            local.payloadType(),
            config.random().nextInt(1 << 16),
            config.random().nextInt() & 0xFFFF_FFFFL,
            rtcp.sent(),
            config.nanoClock());
    receiver =
        new AudioReceiveStream(
            OpusCodec.decoder(),
            config.jitterBuffer(),
            processing.playout(sink),
            remote.payloadType(),
            new DtmfReceiveStage(remote.dtmfPayloadType(), dtmf),
            config.nanoClock(),
            rtcp.received());
    inbound = srtp.inbound(firstPacketPlaysAtOnce(receiver), rtcp);
    nanoClock = config.nanoClock();
  }

  /**
   * {@code encoder}, load-adaptive when so configured and the ticks run on the call's loop (whose
   * thread's CPU time is the load watched).
   */
  private static AudioEncoder adaptive(MediaSessionConfig config, AudioEncoder encoder) {
    if (!config.complexityAdaptation().enabled() || !config.ticksOnLoop()) {
      return encoder;
    }
    var governor =
        new ComplexityGovernor(
            config.complexityAdaptation(),
            config.opus().complexity(),
            config.nanoClock(),
            new TickThreadCpu());
    return new LoadAdaptiveEncoder(encoder, config.opus(), governor);
  }

  /**
   * Starts the 20 ms frame tick (on this process's {@link TickLattice}) and the RTCP tick on {@code
   * clock}; once only.
   *
   * @throws IllegalStateException if already started, or closed
   */
  public void start(ScheduledExecutorService clock) {
    start(clock, TickLattice.process());
  }

  /** {@link #start(ScheduledExecutorService)} with the frame grid on {@code lattice}. */
  synchronized void start(ScheduledExecutorService clock, TickLattice lattice) {
    if (timers != null || closed) {
      throw new IllegalStateException(closed ? "media closed" : "media already started");
    }
    timers = new MediaTimers(clock, this::tick, rtcp::sendReport, nanoClock, lattice);
  }

  /** {@code next}, after which the first RTP packet to reach the receive stream starts a tick. */
  private PacketHandler firstPacketPlaysAtOnce(PacketHandler next) {
    return new PacketHandler() {
      @Override
      public void onPacket(byte[] data, int offset, int length) {
        next.onPacket(data, offset, length);
        if (!heard) {
          MediaTimers running = timers;
          if (running != null) {
            heard = true;
            running.tickNowOnce();
          }
        }
      }

      @Override
      public void onRejected(SrtpRejection reason) {
        next.onRejected(reason);
      }
    };
  }

  /** Takes a datagram from the media path: SRTP or SRTCP, told apart by the SRTP stage. */
  public void onDatagram(byte[] data, int offset, int length) {
    inbound.onPacket(data, offset, length);
  }

  /** A frame tick of the timers, {@code lateNanos} after it was due. */
  private void tick(long lateNanos) {
    if (adaptive != null) {
      adaptive.onTick(lateNanos);
    }
    tick();
  }

  /**
   * S9 conf: from the next instant of {@code phaseNanos + k * 20 ms} (on the media clock) at least
   * half a frame on, plays out at those instants and sends {@code lagNanos} after each, as the
   * other legs of a conference do (see {@link PhasedTicks}); {@link #tickAlone()} goes back.
   * Nothing before the media started. Any thread.
   */
  public void tickInPhase(long phaseNanos, long lagNanos) {
    MediaTimers running = timers;
    if (running != null) {
      running.phase(
          new PhasedTicks(phaseNanos, lagNanos, late -> receiver.playoutTick(), this::send));
    }
  }

  /** One tick again (send, then play out), on a grid of this call's own. */
  public void tickAlone() {
    MediaTimers running = timers;
    if (running != null) {
      running.phase(null);
    }
  }

  /** The send half of a tick, {@code lateNanos} after it was due. */
  private void send(long lateNanos) {
    if (adaptive != null) {
      adaptive.onTick(lateNanos);
    }
    if (sending) {
      sender.sendFrame();
    }
  }

  /**
   * One 20 ms frame: sends one (unless {@link #stopSending() stopped}), then plays one. The timers
   * call it; so does a warm-up that drives the stages by hand without {@link #start starting} them.
   */
  public void tick() {
    if (sending) {
      sender.sendFrame();
    }
    receiver.playoutTick();
  }

  /** S8: holds the encoder within what the peer asked for (its SDP fmtp), from now on; null: no. */
  public void capEncoder(EncoderCap cap) {
    if (cap != null) {
      control.cap(cap);
    }
  }

  /** Sends an RTCP report now (the RTCP timer's task). */
  public void sendReport() {
    rtcp.sendReport();
  }

  /** Replaces the SRTP keys of both directions at once (a keying strategy's new keys). */
  public void rekey(SrtpKeys keys) {
    srtp.key(keys);
  }

  public void sendDtmf(String digits) {
    sender.sendDtmf(digits);
  }

  public void stopSending() {
    sending = false;
  }

  /** The send stream's counters, with the SRTP bytes the path took. */
  public AudioSendStats sendStats() {
    AudioSendStats s = sender.stats();
    return new AudioSendStats(
        s.framesSent(),
        srtp.rtpBytesSent(),
        s.sendErrors(),
        s.dtxFrames(),
        s.eventPackets(),
        s.complexity());
  }

  public AudioReceiveStats receiveStats() {
    return receiver.stats();
  }

  public RtcpStats rtcpStats() {
    return rtcp.stats();
  }

  /** SRTP/SRTCP key derivations for incoming media: one per direction and SSRC announced. */
  public long keyDerivations() {
    return srtp.keyDerivations();
  }

  public long firstAudioNanos() {
    return receiver.firstAudioNanos();
  }

  /** Arrival time of the first packet past SRTP (AudioReceiveStream#firstPacketNanos), or -1. */
  public long firstPacketNanos() {
    return receiver.firstPacketNanos();
  }

  /** Runs {@code hook} once the first audio frame played (see AudioReceiveStream#onFirstAudio). */
  public void onFirstAudio(Runnable hook) {
    receiver.onFirstAudio(hook);
  }

  /**
   * Stops the clocks and frees the codecs, SRTP contexts and processors once any tick in progress
   * is done, so a tick never meets a closed codec.
   */
  public void close() {
    Runnable release =
        () -> {
          sender.close();
          receiver.close();
          srtp.close();
          processing.close();
        };
    MediaTimers running;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      running = timers;
    }
    if (running == null) {
      release.run(); // never started: no tick can be in progress
    } else {
      running.stop(release);
    }
  }
}
