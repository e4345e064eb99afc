package io.peervoice.session.internal;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.codec.EncoderController;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.dtmf.DtmfDigit;
import io.peervoice.media.rtcp.RtcpSession;
import io.peervoice.media.rtcp.RtcpStats;
import io.peervoice.media.srtp.Srtp;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpReceiver;
import io.peervoice.media.srtp.SrtpSender;
import io.peervoice.media.stream.AudioReceiveStats;
import io.peervoice.media.stream.AudioReceiveStream;
import io.peervoice.media.stream.AudioSendStats;
import io.peervoice.media.stream.AudioSendStream;
import io.peervoice.media.stream.PacketSink;
import io.peervoice.session.MediaSessionConfig;
import io.peervoice.session.SessionDescription;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's running media: the Opus/RTP/SRTP send and receive streams, RTCP, and the 20 ms and 1 s
 * timers that drive them on the media clock.
 */
public final class CallMedia {
  private static final Logger log = LoggerFactory.getLogger(CallMedia.class);
  private static final long RTCP_INTERVAL_MS = 1_000;

  private final AudioSendStream sender;
  private final AudioReceiveStream receiver;
  private final RtcpChannel rtcp;
  private final SrtpReceiver unprotect;
  private final ScheduledFuture<?> ticker;
  private final Object lifecycle = new Object();
  private boolean closed;
  private final ScheduledFuture<?> rtcpTicker;
  private volatile boolean sending = true;

  /** Wires the streams for {@code local} ↔ {@code remote} and starts the timers. */
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
    SrtpSender protect = Srtp.sender(keys.send());
    // only the SSRC the peer announced gets a key derivation: forged SSRCs cost none
    unprotect = Srtp.receiver(keys.receive(), remote.ssrc());
    AudioSendStream[] self = new AudioSendStream[1];
    rtcp =
        new RtcpChannel(
            new RtcpSession(
                local.ssrc(), cname, OpusCodec.RTP_CLOCK_RATE, config.wallClockMillis()),
            protect,
            unprotect,
            out,
            new EncoderController(config.opus(), config.minBitrate(), config.maxBitrate()),
            settings -> self[0].updateEncoder(settings),
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
    self[0] = sender;
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
            dtmf);
    ticker =
        config
            .mediaClock()
            .scheduleAtFixedRate(this::tick, 0, PcmFormat.FRAME_MILLIS, TimeUnit.MILLISECONDS);
    rtcpTicker =
        config
            .mediaClock()
            .scheduleAtFixedRate(
                this::sendRtcp, RTCP_INTERVAL_MS / 2, RTCP_INTERVAL_MS, TimeUnit.MILLISECONDS);
  }

  /** Takes a datagram from the media path: RTCP or RTP (RFC 5761 §4). */
  public void onDatagram(byte[] data, int offset, int length) {
    if (RtcpSession.isRtcp(data, offset, length)) {
      rtcp.onDatagram(data, offset, length);
    } else {
      receiver.onDatagram(data, offset, length);
    }
  }

  private void tick() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      try {
        if (sending) {
          sender.sendFrame();
        }
        receiver.playoutTick();
      } catch (RuntimeException e) {
        log.warn("media tick failed; the call goes on", e);
      }
    }
  }

  private void sendRtcp() {
    try {
      rtcp.sendReport();
    } catch (RuntimeException e) {
      log.warn("RTCP report failed; the call goes on", e);
    }
  }

  public void sendDtmf(String digits) {
    sender.sendDtmf(digits);
  }

  public void stopSending() {
    sending = false;
  }

  public AudioSendStats sendStats() {
    return sender.stats();
  }

  public AudioReceiveStats receiveStats() {
    return receiver.stats();
  }

  public RtcpStats rtcpStats() {
    return rtcp.stats();
  }

  /** SRTP/SRTCP key derivations for incoming media: one per direction and SSRC announced. */
  public long keyDerivations() {
    return unprotect.keyDerivations();
  }

  public long firstAudioNanos() {
    return receiver.firstAudioNanos();
  }

  /** Runs {@code hook} once the first audio frame played (see AudioReceiveStream#onFirstAudio). */
  public void onFirstAudio(Runnable hook) {
    receiver.onFirstAudio(hook);
  }

  /**
   * Stops the clocks and frees the codecs once any tick in progress is done, so a tick never meets
   * a closed codec.
   */
  public void close() {
    ticker.cancel(false);
    rtcpTicker.cancel(false);
    synchronized (lifecycle) {
      closed = true;
      sender.close();
      receiver.close();
    }
  }
}
