package io.peervoice.media.dtmf;

import java.util.Objects;
import java.util.Optional;

/**
 * The send side's DTMF stage (RFC 4733 <a
 * href="https://www.rfc-editor.org/rfc/rfc4733#section-2.5">§2.5</a>): while a digit plays, each
 * media tick's audio is replaced by a telephone-event packet of the same stream (same SSRC, the
 * next sequence number); between digits and when none is queued, audio goes on. The send stream
 * asks it once per tick, before encoding. Thread-safe: digits are queued from any thread, ticks
 * come from the media clock.
 */
public final class DtmfSendStage {

  /** Where the stage's telephone-event packets go: the send stream's RTP packetizer. */
  @FunctionalInterface
  public interface EventSink {
    /**
     * @param rtpTimestamp the start of the event (the same for all its packets, §2.5.1.2)
     */
    void sendEvent(int payloadType, boolean marker, long rtpTimestamp, byte[] payload);
  }

  private final int payloadType;
  private final DtmfSender sender;

  /** A stage with {@link DtmfSender#defaults()} timing, sending under {@code payloadType}. */
  public DtmfSendStage(int payloadType) {
    this(payloadType, DtmfSender.defaults());
  }

  public DtmfSendStage(int payloadType, DtmfSender sender) {
    this.payloadType = payloadType;
    this.sender = Objects.requireNonNull(sender, "sender");
  }

  /**
   * Queues digits.
   *
   * @throws IllegalArgumentException naming a character that is not 0-9 * # A-D
   */
  public synchronized void queue(String digits) {
    sender.queue(digits);
  }

  /**
   * One media tick: sends this tick's telephone-event packet into {@code out} if a digit is
   * playing.
   *
   * @param rtpTimestamp where this tick's audio would start
   * @return {@code true} if the tick belongs to a digit: send no audio for it
   */
  public boolean onTick(long rtpTimestamp, EventSink out) {
    Optional<DtmfPacket> event;
    synchronized (this) {
      if (!sender.pending()) {
        return false;
      }
      event = sender.tick(rtpTimestamp);
    }
    if (event.isEmpty()) {
      return false;
    }
    DtmfPacket e = event.get();
    out.sendEvent(payloadType, e.marker(), e.rtpTimestamp(), e.payload());
    return true;
  }
}
