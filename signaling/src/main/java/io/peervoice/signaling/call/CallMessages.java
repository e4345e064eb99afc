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
