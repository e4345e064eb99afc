package io.peervoice.signaling.call;

import io.peervoice.signaling.internal.call.CallWire;
import io.peervoice.signaling.internal.wire.WireException;

/** The wire form of {@link CallMessage}s (CBOR, {@code docs/calls.md}). Thread-safe. */
public final class CallMessages {
  private static final CallWire WIRE = new CallWire();

  private CallMessages() {}

  public static byte[] encode(CallMessage message) {
    return WIRE.encode(message);
  }

  /**
   * Encodes {@code message} naming a callee device: the one it comes from (a callee's phone) or the
   * one a caller's CANCEL spares; 0 names none.
   */
  public static byte[] encode(CallMessage message, long device) {
    return WIRE.encode(message, device);
  }

  /** A decoded call message and the callee device it names (0 if none). */
  public record Tagged(CallMessage message, long device) {}

  /**
   * Decodes a call message with its device field.
   *
   * @throws CallProtocolException naming the field that is wrong
   */
  public static Tagged decodeTagged(byte[] payload) throws CallProtocolException {
    try {
      CallWire.Tagged t = WIRE.decodeTagged(payload);
      return new Tagged(t.message(), t.device());
    } catch (WireException e) {
      throw new CallProtocolException(e.getMessage());
    }
  }

  /**
   * Decodes a call message.
   *
   * @throws CallProtocolException naming the field that is wrong
   */
  public static CallMessage decode(byte[] payload) throws CallProtocolException {
    try {
      return WIRE.decode(payload);
    } catch (WireException e) {
      throw new CallProtocolException(e.getMessage());
    }
  }
}
