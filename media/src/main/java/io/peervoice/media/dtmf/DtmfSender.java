package io.peervoice.media.dtmf;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Sends DTMF as RFC 4733 telephone events, one packet per media tick: the first packet of a digit
 * carries the marker bit; every packet of it carries the timestamp of its start and the duration so
 * far; the last one carries the E bit and is sent three times (§2.5.1.4). A gap follows each digit.
 * While a digit plays the audio stream sends no audio for that time. Pure logic, driven by the
 * caller's ticks; not thread-safe.
 */
public final class DtmfSender {
  private static final int END_REPEATS = 3;

  private final int frameSamples;
  private final int digitTicks;
  private final int gapTicks;
  private final int volume;
  private final ArrayDeque<Character> queue = new ArrayDeque<>();
  private int code = -1;
  private long startTimestamp;
  private int tick;
  private int endsSent;
  private int gapLeft;

  /**
   * @param clockRate RTP clock rate of the stream (48,000 for Opus)
   * @param frameMillis media tick, e.g. 20
   * @param digitMillis how long each digit is held, 40–1,300 ms
   * @param gapMillis pause after each digit
   * @param volume −dBm0, 0–63
   */
  public DtmfSender(int clockRate, int frameMillis, int digitMillis, int gapMillis, int volume) {
    this.frameSamples = clockRate * frameMillis / 1000;
    if (digitMillis < 2 * frameMillis || (long) digitMillis * clockRate / 1000 > 0xFFFF) {
      throw new IllegalArgumentException(
          "digit duration must be %d..%d ms at %d Hz"
              .formatted(2 * frameMillis, 0xFFFF * 1000L / clockRate, clockRate));
    }
    this.digitTicks = digitMillis / frameMillis;
    this.gapTicks = Math.max(0, gapMillis / frameMillis);
    this.volume = volume;
  }

  /** 100 ms digits, 50 ms gaps, volume 10, 20 ms ticks, at 48 kHz. */
  public static DtmfSender defaults() {
    return new DtmfSender(48_000, 20, 100, 60, 10);
  }

  /**
   * Queues digits to send.
   *
   * @throws IllegalArgumentException naming the first character that is not 0-9 * # A-D
   */
  public void queue(String digits) {
    for (char c : digits.toCharArray()) {
      DtmfEvent.codeOf(c);
    }
    for (char c : digits.toCharArray()) {
      queue.add(Character.toUpperCase(c));
    }
  }

  /** Whether digits are playing, queued or in a gap: {@link #tick} must then be called. */
  public boolean pending() {
    return code >= 0 || gapLeft > 0 || !queue.isEmpty();
  }

  /**
   * The packet for the tick whose audio would start at {@code rtpTimestamp}, if a digit is playing.
   */
  public Optional<DtmfPacket> tick(long rtpTimestamp) {
    if (code < 0) {
      if (gapLeft > 0) {
        gapLeft--;
        return Optional.empty();
      }
      if (queue.isEmpty()) {
        return Optional.empty();
      }
      code = DtmfEvent.codeOf(queue.poll());
      startTimestamp = rtpTimestamp;
      tick = 0;
      endsSent = 0;
    }
    if (tick < digitTicks) {
      tick++;
    }
    boolean end = tick == digitTicks;
    DtmfEvent event = new DtmfEvent(code, end, volume, tick * frameSamples);
    boolean marker = tick == 1 && endsSent == 0;
    if (end && ++endsSent == END_REPEATS) {
      code = -1;
      gapLeft = gapTicks;
    }
    return Optional.of(new DtmfPacket(event.encode(), startTimestamp, marker));
  }
}
