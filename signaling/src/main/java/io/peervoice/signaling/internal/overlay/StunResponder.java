package io.peervoice.signaling.internal.overlay;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Answers STUN Binding requests (RFC 8489 §6.3.1) with the requester's reflexive address in
 * XOR-MAPPED-ADDRESS (§14.2), so a peer learns its NAT mapping from the node it talks to.
 */
final class StunResponder {
  static final int MAGIC_COOKIE = 0x2112A442;
  private static final int BINDING_REQUEST = 0x0001;
  private static final int BINDING_RESPONSE = 0x0101;
  private static final int XOR_MAPPED_ADDRESS = 0x0020;

  private StunResponder() {}

  /** Whether {@code data} has a STUN header (RFC 8489 §5): top bits zero and the magic cookie. */
  static boolean isStun(byte[] data) {
    return data.length >= 20
        && (data[0] & 0xC0) == 0
        && ByteBuffer.wrap(data, 4, 4).getInt() == MAGIC_COOKIE;
  }

  /** The Binding success response, or null if {@code request} is not a Binding request. */
  static byte[] respond(byte[] request, InetSocketAddress from) {
    ByteBuffer in = ByteBuffer.wrap(request);
    int type = in.getShort() & 0xFFFF;
    int length = in.getShort() & 0xFFFF;
    if (type != BINDING_REQUEST || length + 20 != request.length || (length & 3) != 0) {
      return null;
    }
    byte[] ip = from.getAddress().getAddress();
    int attrLength = 4 + ip.length;
    ByteBuffer out = ByteBuffer.allocate(20 + 4 + attrLength);
    out.putShort((short) BINDING_RESPONSE).putShort((short) (4 + attrLength)).putInt(MAGIC_COOKIE);
    out.put(request, 8, 12);
    out.putShort((short) XOR_MAPPED_ADDRESS).putShort((short) attrLength);
    out.put((byte) 0).put((byte) (ip.length == 4 ? 1 : 2));
    out.putShort((short) (from.getPort() ^ (MAGIC_COOKIE >>> 16)));
    byte[] mask = new byte[16];
    ByteBuffer.wrap(mask).putInt(MAGIC_COOKIE).put(request, 8, 12);
    for (int i = 0; i < ip.length; i++) {
      out.put((byte) (ip[i] ^ mask[i]));
    }
    return out.array();
  }
}
