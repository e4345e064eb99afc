package io.peervoice.media.dtmf;

import java.util.Optional;

/**
 * The payload of an RFC 4733 telephone-event packet (<a
 * href="https://www.rfc-editor.org/rfc/rfc4733#section-2.3">§2.3</a>): event code, end bit, volume
 * and duration in RTP timestamp units.
 *
 * @param event 0–15 for the DTMF digits 0–9, *, #, A–D (§3.2)
 * @param end the E bit: the last packet(s) of the event
 * @param volume power level in −dBm0, 0–63
 * @param duration duration so far, in RTP timestamp units, 0–65535
 */
public record DtmfEvent(int event, boolean end, int volume, int duration) {
  private static final String DIGITS = "0123456789*#ABCD";

  public DtmfEvent {
    if (event < 0 || event > 255) {
      throw new IllegalArgumentException("event code must be 0..255: " + event);
    }
    if (volume < 0 || volume > 63) {
      throw new IllegalArgumentException("volume must be 0..63: " + volume);
    }
    if (duration < 0 || duration > 0xFFFF) {
      throw new IllegalArgumentException("duration must be 0..65535: " + duration);
    }
  }

  /** Reads 4 payload bytes; empty when too short (a counted drop for the caller). */
  public static Optional<DtmfEvent> parse(byte[] payload) {
    if (payload == null || payload.length < 4) {
      return Optional.empty();
    }
    return Optional.of(
        new DtmfEvent(
            payload[0] & 0xFF,
            (payload[1] & 0x80) != 0,
            payload[1] & 0x3F,
            ((payload[2] & 0xFF) << 8) | (payload[3] & 0xFF)));
  }

  public byte[] encode() {
    return new byte[] {
      (byte) event, (byte) ((end ? 0x80 : 0) | volume), (byte) (duration >>> 8), (byte) duration
    };
  }

  /** The event code of a DTMF digit. */
  public static int codeOf(char digit) {
    int code = DIGITS.indexOf(Character.toUpperCase(digit));
    if (code < 0) {
      throw new IllegalArgumentException("not a DTMF digit: '" + digit + "' (use 0-9 * # A-D)");
    }
    return code;
  }

  /** The digit of this event, if it is one of the 16 DTMF events. */
  public Optional<Character> digit() {
    return event < DIGITS.length() ? Optional.of(DIGITS.charAt(event)) : Optional.empty();
  }
}
