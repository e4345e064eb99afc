package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.natives.MediaLoops;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The guard on ports we are about to close takes the peer's Binding requests (left unanswered, so
 * the peer never finds that pair writable and never switches to it) and lets everything else pass:
 * Binding responses, indications, a request without the magic cookie, a truncated header. While it
 * holds, ice4j's Binding error responses (its 403s after completion) leave none of its ports.
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

  @Test
  void whileHoldingIce4jsErrorResponsesAreDroppedAndEverythingElseLeaves() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (MediaLoops loops = MediaLoops.create(1, "guard-test");
        HostPort port = HostPort.bind(loops.next(), loopback, 0);
        DatagramSocket peer = new DatagramSocket(0, loopback)) {
      peer.setSoTimeout(5_000);
      InetSocketAddress to = (InetSocketAddress) peer.getLocalSocketAddress();
      UnselectedPortGuard guard = new UnselectedPortGuard(List.of(port));
      byte[] error = stun(0x0111, 0x2112A442, 32);
      byte[] success = stun(0x0101, 0x2112A442, 32);
      error[8] = 1; // transaction ids tell the datagrams apart
      success[8] = 2;

      agentSends(port, error, to);
      assertThat(received(peer)).as("not holding yet: ice4j's error leaves").isEqualTo(1);

      guard.holdAll();
      agentSends(port, error, to);
      port.send(error, 0, error.length, to); // our own STUN's sends are never held
      agentSends(port, success, to);
      assertThat(received(peer)).as("ours").isEqualTo(1);
      assertThat(received(peer)).as("ice4j's success, its error dropped before it").isEqualTo(2);
      assertThat(guard.repliesHeld()).isEqualTo(1);

      guard.releaseAll();
      agentSends(port, error, to);
      assertThat(received(peer)).as("released: ice4j's error leaves again").isEqualTo(1);
      assertThat(guard.repliesHeld()).isEqualTo(1);
    }
  }

  /**
   * S13: on the selected port our STUN answers the peer's checks at once, but a check ice4j read
   * before it completed may still get its 403 after: that stays held until the agent is freed
   * (PeerNominationRaceTest saw one leave on the pair the peer uses), whether the port was released
   * before or after the guard started holding.
   */
  @Test
  void aReleasedPortPassesTheChecksButHoldsIce4jsErrorsUntilReleaseAll() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (MediaLoops loops = MediaLoops.create(1, "guard-test");
        HostPort selected = HostPort.bind(loops.next(), loopback, 0);
        HostPort selectedFirst = HostPort.bind(loops.next(), loopback, 0);
        HostPort other = HostPort.bind(loops.next(), loopback, 0);
        DatagramSocket peer = new DatagramSocket(0, loopback)) {
      peer.setSoTimeout(5_000);
      InetSocketAddress to = (InetSocketAddress) peer.getLocalSocketAddress();
      UnselectedPortGuard guard = new UnselectedPortGuard(List.of(selected, selectedFirst, other));
      AtomicInteger ours = new AtomicInteger();
      for (HostPort p : List.of(selected, selectedFirst, other)) {
        p.setStun((data, offset, length, from) -> ours.incrementAndGet()); // our STUN's
      }
      byte[] request = stun(0x0001, 0x2112A442, 32);
      byte[] error = stun(0x0111, 0x2112A442, 32);
      byte[] success = stun(0x0101, 0x2112A442, 32);
      error[8] = 1;
      success[8] = 2;

      guard.release(selectedFirst); // selected before ice4j completed
      guard.holdAll();
      guard.release(selected);
      for (HostPort p : List.of(selected, selectedFirst, other)) {
        p.received(request, 0, request.length, PEER);
      }
      assertThat(ours.get()).as("checks on the released ports reach our STUN").isEqualTo(2);
      assertThat(guard.dropped()).as("the other port's check").isEqualTo(1);
      for (HostPort p : List.of(selected, selectedFirst, other)) {
        agentSends(p, error, to);
      }
      agentSends(selected, success, to);
      assertThat(received(peer)).as("ice4j's success only: its errors held").isEqualTo(2);
      assertThat(guard.repliesHeld()).isEqualTo(3);

      guard.releaseAll(); // the agent is freed
      agentSends(selected, error, to);
      assertThat(received(peer)).as("ice4j's error leaves again").isEqualTo(1);
      selectedFirst.received(request, 0, request.length, PEER);
      other.received(request, 0, request.length, PEER);
      assertThat(ours.get()).isEqualTo(4);
    }
  }

  private static void agentSends(HostPort port, byte[] m, InetSocketAddress to) throws Exception {
    port.adapter().send(new DatagramPacket(m, m.length, to));
  }

  /** The marker byte of the next datagram the peer receives. */
  private static int received(DatagramSocket peer) throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[64], 64);
    peer.receive(p);
    return p.getData()[p.getOffset() + 8];
  }
}
