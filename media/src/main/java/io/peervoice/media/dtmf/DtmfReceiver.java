package io.peervoice.media.dtmf;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Receives RFC 4733 telephone events and reports each digit exactly once (§2.5.2): when its end
 * packet arrives (retransmitted ends ignored), when a new event starts before the end of the
 * previous one arrived, or when no packet of an unfinished event came for a while (all end packets
 * lost). Events are told apart by their RTP timestamp, so lost first packets, duplicates and
 * reordering are handled. Pure logic; not thread-safe.
 */
public final class DtmfReceiver {
  private static final int REMEMBERED = 16;

  private final int clockRate;
  private final double timeoutMillis;
  private final ArrayDeque<Long> finished = new ArrayDeque<>();
  private long timestamp = -1;
  private DtmfEvent pending;
  private double lastArrival;
  private long malformed;

  /**
   * @param clockRate RTP clock rate of the stream
   * @param timeoutMillis silence after which an unfinished event is reported anyway
   */
  public DtmfReceiver(int clockRate, double timeoutMillis) {
    this.clockRate = clockRate;
    this.timeoutMillis = timeoutMillis;
  }

  /** Takes one telephone-event packet; returns the digits it completes (usually none or one). */
  public List<DtmfDigit> onPacket(long rtpTimestamp, byte[] payload, double arrivalMillis) {
    var parsed = DtmfEvent.parse(payload);
    if (parsed.isEmpty() || parsed.get().digit().isEmpty()) {
      malformed++;
      return List.of();
    }
    DtmfEvent event = parsed.get();
    long ts = rtpTimestamp & 0xFFFF_FFFFL;
    List<DtmfDigit> out = new ArrayList<>(2);
    if (finished.contains(ts)) {
      return out;
    }
    if (pending != null && ts != timestamp) {
      out.add(finish());
    }
    if (pending == null || event.duration() >= pending.duration()) {
      pending = event;
    }
    timestamp = ts;
    lastArrival = arrivalMillis;
    if (event.end()) {
      out.add(finish());
    }
    return out;
  }

  /** Reports an unfinished event whose packets stopped more than the timeout ago. */
  public List<DtmfDigit> poll(double nowMillis) {
    if (pending != null && nowMillis - lastArrival > timeoutMillis) {
      return List.of(finish());
    }
    return List.of();
  }

  public long malformed() {
    return malformed;
  }

  private DtmfDigit finish() {
    DtmfDigit digit =
        new DtmfDigit(
            pending.digit().orElseThrow(),
            Duration.ofMillis(Math.round(pending.duration() * 1000.0 / clockRate)));
    finished.addLast(timestamp);
    if (finished.size() > REMEMBERED) {
      finished.pollFirst();
    }
    pending = null;
    return digit;
  }
}
