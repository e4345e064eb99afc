package io.peervoice.media.stream;

import io.peervoice.media.srtp.SrtpRejection;

/**
 * An inbound stage: takes one packet from the stage before it (the path's receive thread, then e.g.
 * the SRTP stage) and hands what it makes of it to the next. The inbound twin of {@link
 * PacketSink}; a stage that wraps the next one is built around it, like a PJSIP transport adapter
 * (the SRTP stage looks like a path to the stream and like a stream to the path).
 *
 * <p>Called on the path's receive thread, one packet at a time; must not block for long and must
 * not keep {@code data} after returning (the caller may reuse it).
 */
@FunctionalInterface
public interface PacketHandler {

  void onPacket(byte[] data, int offset, int length);

  /**
   * A packet meant for this handler was dropped by the SRTP stage before it (RFC 3711 <a
   * href="https://www.rfc-editor.org/rfc/rfc3711#section-3.3">§3.3</a>), so a handler that counts
   * arrivals can count it too. Ignored by default.
   */
  default void onRejected(SrtpRejection reason) {}
}
