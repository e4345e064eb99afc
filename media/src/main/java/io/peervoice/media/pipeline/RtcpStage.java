package io.peervoice.media.pipeline;

import io.peervoice.media.rtcp.RtcpCodec;
import io.peervoice.media.rtcp.RtcpParseResult;
import io.peervoice.media.rtcp.RtcpSession;
import io.peervoice.media.rtcp.RtcpStats;
import io.peervoice.media.srtp.SrtpRejection;
import io.peervoice.media.stream.PacketHandler;
import io.peervoice.media.stream.PacketSink;
import io.peervoice.media.stream.RtpObserver;
import java.io.IOException;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTCP stage of one call (RFC 3550 <a
 * href="https://www.rfc-editor.org/rfc/rfc3550#section-6">§6</a>), multiplexed with RTP on the
 * media path (RFC 5761): statistics from both streams ({@link #sent()}, {@link #received()}), a
 * compound report on each {@link #sendReport()} into the outbound stage it was given (the SRTP
 * stage's {@link SrtpStage#rtcpOut}, so it leaves as SRTCP), and the peer's reports, which arrive
 * plain from the SRTP stage, turned into round-trip time and handed to a {@link ReportListener}
 * (e.g. the {@link EncoderControlStage}). Thread-safe.
 */
public final class RtcpStage implements PacketHandler {
  private static final Logger log = LoggerFactory.getLogger(RtcpStage.class);

  /** Told of each report the peer sent on our stream, on the path's receive thread. */
  @FunctionalInterface
  public interface ReportListener {
    void onReport(RtcpSession.RemoteReport report);

    ReportListener NONE = report -> {};
  }

  private final RtcpSession session;
  private final PacketSink out;
  private final ReportListener listener;
  private final LongSupplier nanoClock;
  private long rejected;

  /**
   * @param out where reports go: the outbound stage that protects them as SRTCP
   * @param listener told of the peer's reports on our stream
   * @param nanoClock monotonic clock for report and arrival times
   */
  public RtcpStage(
      RtcpSession session, PacketSink out, ReportListener listener, LongSupplier nanoClock) {
    this.session = Objects.requireNonNull(session, "session");
    this.out = Objects.requireNonNull(out, "out");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /** Counts what the send stream sends: audio and telephone events alike (RFC 3550 §6.4.1). */
  public RtpObserver sent() {
    return new RtpObserver() {
      @Override
      public void onRtp(int ssrc, int seq, long ts, int bytes, double millis) {
        synchronized (RtcpStage.this) {
          session.onRtpSent(seq, ts, bytes, millis);
        }
      }

      @Override
      public void onNonAudioRtp(int ssrc, int seq, int bytes, double millis) {
        synchronized (RtcpStage.this) {
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
        synchronized (RtcpStage.this) {
          session.onRtpReceived(ssrc, seq, ts, millis);
        }
      }

      @Override
      public void onNonAudioRtp(int ssrc, int seq, int bytes, double millis) {
        synchronized (RtcpStage.this) {
          session.onNonAudioReceived(ssrc, seq);
        }
      }
    };
  }

  /** Sends one compound report (SR + SDES) into the outbound stage. */
  public void sendReport() {
    byte[] report;
    synchronized (this) {
      report = session.buildReport(now());
    }
    try {
      out.send(report, 0, report.length);
    } catch (IOException e) {
      log.debug("RTCP report not sent: {}", e.toString());
    }
  }

  /** Takes one plain (already unprotected) RTCP compound packet. */
  @Override
  public void onPacket(byte[] data, int offset, int length) {
    if (!(RtcpCodec.parse(data, offset, length) instanceof RtcpParseResult.Parsed parsed)) {
      synchronized (this) {
        rejected++;
      }
      return;
    }
    RtcpSession.RemoteReport report;
    synchronized (this) {
      var remote = session.onRtcp(parsed.packets(), now());
      if (remote.isEmpty()) {
        return;
      }
      report = remote.get();
    }
    listener.onReport(report);
  }

  /** An SRTCP packet the SRTP stage dropped. */
  @Override
  public synchronized void onRejected(SrtpRejection reason) {
    rejected++;
  }

  public synchronized RtcpStats stats() {
    return session.stats();
  }

  /** RTCP packets dropped: by SRTCP, or not parseable. */
  public synchronized long rejected() {
    return rejected;
  }

  private double now() {
    return nanoClock.getAsLong() / 1e6;
  }
}
