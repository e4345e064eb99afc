package io.peervoice.media.dtmf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The receive side's DTMF stage (RFC 4733 <a
 * href="https://www.rfc-editor.org/rfc/rfc4733#section-2.5.2">§2.5.2</a>): the receive stream
 * splits packets of the telephone-event payload type off before the jitter buffer and hands them
 * here; digits that completed (by their end bit, or by a timeout) are handed to the listener on the
 * playout tick. Not thread-safe: the receive stream calls it under its lock, and calls {@link
 * #deliver} outside it.
 */
public final class DtmfReceiveStage {
  private static final double TIMEOUT_MILLIS = 500;

  private final int payloadType;
  private final DtmfReceiver receiver = new DtmfReceiver(48_000, TIMEOUT_MILLIS);
  private final List<DtmfDigit> completed = new ArrayList<>();
  private final Consumer<DtmfDigit> listener;
  private long packets;

  /**
   * @param payloadType the payload type of telephone events on this stream
   * @param listener given each digit received, on the playout thread
   */
  public DtmfReceiveStage(int payloadType, Consumer<DtmfDigit> listener) {
    this.payloadType = payloadType;
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** The payload type this stage takes. */
  public int payloadType() {
    return payloadType;
  }

  /** Takes one telephone-event packet (end retransmissions included). */
  public void onPacket(long rtpTimestamp, byte[] payload, double arrivalMillis) {
    packets++;
    completed.addAll(receiver.onPacket(rtpTimestamp, payload, arrivalMillis));
  }

  /** The digits completed by {@code nowMillis} and not yet polled. */
  public List<DtmfDigit> poll(double nowMillis) {
    List<DtmfDigit> finished = receiver.poll(nowMillis);
    if (finished.isEmpty() && completed.isEmpty()) {
      return List.of(); // every tick of a call without digits: nothing allocated
    }
    completed.addAll(finished);
    List<DtmfDigit> digits = List.copyOf(completed);
    completed.clear();
    return digits;
  }

  /** Hands polled digits to the listener; call it outside the stream's lock. */
  public void deliver(List<DtmfDigit> digits) {
    for (int i = 0; i < digits.size(); i++) {
      listener.accept(digits.get(i));
    }
  }

  /** Telephone-event packets taken so far. */
  public long packets() {
    return packets;
  }
}
