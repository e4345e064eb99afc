package io.peervoice.nat.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * S9 web: once a pair is selected, the host ports we will close no longer answer the peer's
 * connectivity checks (STUN Binding requests, RFC 8489 §5), in the grace before they close ({@link
 * Ice4jSession#AGENT_GRACE_MILLIS}, while ice4j's agent still owns them). An answered check makes
 * the pair writable for the peer, and a controlling browser switches to a writable pair of higher
 * priority than the one we kept: it would then send its DTLS and media to a port that closes a
 * moment later. Unanswered, the pair never becomes writable and the peer stays on ours. Responses
 * and indications pass (ice4j's own checks may still be answered); only requests are taken.
 */
final class UnselectedPortGuard implements HostPort.StunTap {
  private static final int HEADER = 20;
  private static final int MAGIC_COOKIE = 0x2112A442;

  private final LongAdder dropped = new LongAdder();

  @Override
  public boolean take(byte[] data, int offset, int length, InetSocketAddress from) {
    if (!isBindingRequest(data, offset, length)) {
      return false;
    }
    dropped.increment();
    return true;
  }

  /** Binding requests left unanswered so far. */
  long dropped() {
    return dropped.sum();
  }

  /** A STUN Binding request: type 0x0001 and the magic cookie (RFC 8489 §5, §6). */
  static boolean isBindingRequest(byte[] data, int offset, int length) {
    if (length < HEADER) {
      return false;
    }
    int type = ((data[offset] & 0xff) << 8) | (data[offset + 1] & 0xff);
    int cookie =
        ((data[offset + 4] & 0xff) << 24)
            | ((data[offset + 5] & 0xff) << 16)
            | ((data[offset + 6] & 0xff) << 8)
            | (data[offset + 7] & 0xff);
    return type == 0x0001 && cookie == MAGIC_COOKIE;
  }
}
