package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * The guard on ports we are about to close takes the peer's Binding requests (left unanswered, so
 * the peer never finds that pair writable and never switches to it) and lets everything else pass:
 * Binding responses, indications, a request without the magic cookie, a truncated header.
 */
class UnselectedPortGuardTest {
  private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.9", 3478);

  private static byte[] stun(int type, int cookie, int length) {
    byte[] m = new byte[length];
    m[0] = (byte) (type >>> 8);
    m[1] = (byte) type;
    m[4] = (byte) (cookie >>> 24);
    m[5] = (byte) (cookie >>> 16);
    m[6] = (byte) (cookie >>> 8);
    m[7] = (byte) cookie;
    return m;
  }

  @Test
  void bindingRequestsAreTakenAndCounted() {
    UnselectedPortGuard guard = new UnselectedPortGuard(java.util.List.of());
    byte[] request = stun(0x0001, 0x2112A442, 48);
    byte[] padded = new byte[60];
    System.arraycopy(request, 0, padded, 7, request.length);

    assertThat(guard.take(request, 0, request.length, PEER)).isTrue();
    assertThat(guard.take(padded, 7, request.length, PEER)).isTrue();
    assertThat(guard.dropped()).isEqualTo(2);
  }

  @Test
  void responsesIndicationsAndMalformedMessagesPass() {
    UnselectedPortGuard guard = new UnselectedPortGuard(java.util.List.of());
    byte[] success = stun(0x0101, 0x2112A442, 32);
    byte[] error = stun(0x0111, 0x2112A442, 32);
    byte[] indication = stun(0x0011, 0x2112A442, 20);
    byte[] noCookie = stun(0x0001, 0x01020304, 32);
    byte[] truncated = stun(0x0001, 0x2112A442, 19);

    for (byte[] m : new byte[][] {success, error, indication, noCookie, truncated}) {
      assertThat(guard.take(m, 0, m.length, PEER)).isFalse();
    }
    assertThat(guard.dropped()).isZero();
  }
}
