package io.peervoice.session.internal;

import io.peervoice.media.codec.EncoderController;
import io.peervoice.media.codec.OpusSettings;
import io.peervoice.media.rtcp.RtcpCodec;
import io.peervoice.media.rtcp.RtcpParseResult;
import io.peervoice.media.rtcp.RtcpSession;
import io.peervoice.media.rtcp.RtcpStats;
import io.peervoice.media.srtp.SrtpReceiver;
import io.peervoice.media.srtp.SrtpSender;
import io.peervoice.media.srtp.UnprotectResult;
import io.peervoice.media.stream.PacketSink;
import io.peervoice.media.stream.RtpObserver;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RTCP for one call, multiplexed with RTP on the media path (RFC 5761) and protected as SRTCP:
 * statistics from both streams, a report on each {@link #sendReport()}, and the peer's reports
 * turned into round-trip time and encoder settings (loss-driven FEC and bitrate). Thread-safe.
 */
public final class RtcpChannel {
  private static final Logger log = LoggerFactory.getLogger(RtcpChannel.class);

  private final RtcpSession session;
  private final SrtpSender protect;
  private final SrtpReceiver unprotect;
  private final PacketSink path;
  private final EncoderController encoder;
  private final Consumer<OpusSettings> applyEncoder;
  private final LongSupplier nanoClock;
  private long rejected;

  public RtcpChannel(
      RtcpSession session,
      SrtpSender protect,
      SrtpReceiver unprotect,
      PacketSink path,
      EncoderController encoder,
      Consumer<OpusSettings> applyEncoder,
      LongSupplier nanoClock) {
    this.session = session;
    this.protect = protect;
    this.unprotect = unprotect;
    this.path = path;
    this.encoder = encoder;
    this.applyEncoder = applyEncoder;
    this.nanoClock = nanoClock;
  }

  /** Counts what the send stream sends: audio and telephone events alike (RFC 3550 §6.4.1). */
  public RtpObserver sent() {
    return new RtpObserver() {
      @Override
      public void onRtp(int ssrc, int seq, long ts, int bytes, double millis) {
        synchronized (RtcpChannel.this) {
          session.onRtpSent(seq, ts, bytes, millis);
        }
      }

      @Override
      public void onNonAudioRtp(int ssrc, int seq, int bytes, double millis) {
        synchronized (RtcpChannel.this) {
          session.onNonAudioSent(seq, bytes);
        }
      }
    };
  }

  /**
   * Reception statistics of what the receive stream accepts: telephone events count as received
   * packets of the stream (they share its sequence numbers, RFC 4733 §2.1), so the peer's reports
   * show no loss for them; only audio feeds the jitter estimate.
   */
  public RtpObserver received() {
    return new RtpObserver() {
      @Override
      public void onRtp(int ssrc, int seq, long ts, int bytes, double millis) {
        synchronized (RtcpChannel.this) {
          session.onRtpReceived(ssrc, seq, ts, millis);
        }
      }

      @Override
      public void onNonAudioRtp(int ssrc, int seq, int bytes, double millis) {
        synchronized (RtcpChannel.this) {
          session.onNonAudioReceived(ssrc, seq);
        }
      }
    };
  }

  /** Sends one SRTCP compound report. */
  public void sendReport() {
    byte[] report;
    synchronized (this) {
      report = session.buildReport(now());
    }
    byte[] srtcp = protect.protectRtcp(report, 0, report.length);
    try {
      path.send(srtcp, 0, srtcp.length);
    } catch (IOException e) {
      log.debug("RTCP report not sent: {}", e.toString());
    }
  }

  /** Takes an RTCP datagram from the media path. */
  public void onDatagram(byte[] data, int offset, int length) {
    UnprotectResult result = unprotect.unprotectRtcp(data, offset, length);
    if (!(result instanceof UnprotectResult.Accepted accepted)
        || !(RtcpCodec.parse(accepted.rtp()) instanceof RtcpParseResult.Parsed parsed)) {
      synchronized (this) {
        rejected++;
      }
      return;
    }
    OpusSettings update;
    synchronized (this) {
      var report = session.onRtcp(parsed.packets(), now());
      if (report.isEmpty()) {
        return;
      }
      update = encoder.onReceiverReport(report.get().block().fractionLost());
    }
    applyEncoder.accept(update);
  }

  public synchronized RtcpStats stats() {
    return session.stats();
  }

  public synchronized long rejected() {
    return rejected;
  }

  public synchronized OpusSettings encoderSettings() {
    return encoder.settings();
  }

  private double now() {
    return nanoClock.getAsLong() / 1e6;
  }
}
