package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * A peer whose first attach to its only node fails (a lost or late answer at start: in the NAT lab
 * under load 10 an address proof's answer came after its 400 ms timeout) tries that node again
 * within a second or two, not after the 10 s a failed node is avoided while others are attached: a
 * peer must be on the overlay within 3 s of start. Simulated network and clock.
 */
class AttachRetryTest {

  /** The peer's datagrams to its node, numbered from 0; those {@code drop} accepts are lost. */
  private static final class Lossy extends ForwardingEnv {
    private final Env base;
    private final IntPredicate drop;
    final List<Long> sentAt = new ArrayList<>();

    Lossy(Env base, IntPredicate drop) {
      super(base);
      this.base = base;
      this.drop = drop;
    }

    @Override
    public void send(InetSocketAddress to, byte[] datagram) {
      int n = sentAt.size();
      sentAt.add(base.nowMillis());
      if (!drop.test(n)) {
        base.send(to, datagram);
      }
    }
  }

  /**
   * A peer of one simulated node, its datagrams through {@code drop}; started at {@code started}.
   */
  private record Peer(
      SimOverlay overlay, ClientCore core, Lossy lossy, boolean[] ready, long started) {
    boolean run(long limitMillis) {
      return overlay.net.runUntil(() -> ready[0], limitMillis);
    }
  }

  private static Peer start(long seed, IntPredicate drop) {
    SimOverlay overlay = new SimOverlay(seed, 1);
    ClientCore[] holder = new ClientCore[1];
    InetSocketAddress me = new InetSocketAddress("10.1.0.9", 5000);
    Env env = overlay.net.attach(me, (from, data) -> holder[0].received(from, data));
    Lossy lossy = new Lossy(env, drop);
    ClientCore peer =
        new ClientCore(
            overlay.newIdentity(),
            ClientSettings.defaults(),
            lossy,
            overlay.nodeAddresses,
            overlay.secureRandom(),
            seed);
    holder[0] = peer;
    boolean[] ready = {false};
    peer.whenReady(() -> ready[0] = true);
    long started = overlay.net.now();
    peer.start();
    return new Peer(overlay, peer, lossy, ready, started);
  }

  private static long attachMillis(long seed, IntPredicate drop, long limitMillis) {
    Peer p = start(seed, drop);
    if (!p.run(limitMillis)) {
      return -1;
    }
    assertThat(p.core().attachedNodes()).hasSize(1);
    return p.overlay().net.now() - p.started();
  }

  @Test
  void aLostFirstHelloDelaysTheOnlyNodesAttachByAboutOneSecondNotTen() {
    long took = attachMillis(41, n -> n == 0, 15_000);
    // HELLO lost: its request times out at 400 ms, the node is tried again 1 s later
    assertThat(took).as("attached and published, ms after start").isBetween(1_400L, 2_000L);
  }

  @Test
  void twoFailedAttemptsInARowBackOffOneThenTwoSeconds() {
    // the first HELLO and the first HELLO of the retry are lost
    long took = attachMillis(42, n -> n == 0 || n == 1, 15_000);
    assertThat(took).as("0.4 s + 1 s + 0.4 s + 2 s, then the attach").isBetween(3_800L, 4_500L);
  }

  @Test
  void withNothingLostThePeerAttachesAtOnce() {
    assertThat(attachMillis(43, n -> false, 3_000)).isBetween(1L, 200L);
  }

  /**
   * S8 review: a phone whose only node stayed unreachable for minutes (its back-off grown to 64-80
   * s) attaches within a second of its network coming back, not when the back-off ends: the network
   * change forgets the failures of a client attached nowhere.
   */
  @Test
  void aNetworkChangeWhileAttachedNowhereRetriesAtOnce() {
    boolean[] down = {true};
    Peer p = start(44, n -> down[0]);
    SimOverlay overlay = p.overlay();
    Lossy lossy = p.lossy();
    ClientCore peer = p.core();
    assertThat(p.run(150_000)).isFalse();
    int tries = lossy.sentAt.size();
    long last = lossy.sentAt.get(tries - 1);
    assertThat(overlay.net.now() - last)
        .as("backed off past 8 s by now (%d attempts)", tries)
        .isGreaterThan(10_000L);

    down[0] = false;
    long back = overlay.net.now();
    peer.networkChanged();
    assertThat(p.run(2_000)).as("attached within 2 s").isTrue();
    assertThat(overlay.net.now() - back).isLessThan(1_000L);
    assertThat(peer.attachedNodes()).hasSize(1);
  }

  /**
   * S8 (NAT lab, tcp443): the stream to the node opens while an attempt over UDP is in flight; that
   * attempt's address proof is void (the node refuses its UDP cookie from the stream) and fails,
   * and the node is tried again at once over the stream, not after the 1 s back-off: in the lab the
   * back-off cost about 1 s of a 3.1-3.9 s attach.
   */
  @Test
  void anAttemptThatFailsBecauseAStreamOpenedIsRetriedAtOnce() {
    Peer p = start(45, n -> n == 0); // the first HELLO is lost
    SimOverlay overlay = p.overlay();
    overlay.net.runUntil(() -> false, 200);
    p.core().streamOpened(overlay.nodeAddresses.get(0)); // as ClientStreams reports it
    assertThat(p.run(5_000)).isTrue();
    assertThat(overlay.net.now() - p.started())
        .as("the failed attempt (0.4 s) retried at once, not 1 s later")
        .isLessThan(1_000L);
  }
}
