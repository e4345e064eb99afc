package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.sim.SimNetwork;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** One identity on several processes (devices), in virtual time. */
class MultiDeviceTest {

  @Test
  void twoProcessesOfOneIdentityStayAttachedOnTheSameNodesAndBothReceive() {
    SimOverlay overlay = new SimOverlay(11, 8);
    Identity alice = overlay.newIdentity();
    Identity bob = overlay.newIdentity();
    List<InetSocketAddress> bootstrap = overlay.nodeAddresses.subList(0, 4);
    ClientCore a = overlay.addPeer(alice, overlay.nodeAddresses.subList(4, 8));
    ClientCore first = overlay.addPeer(bob, bootstrap);
    boolean[] ready = {false, false, false};
    a.whenReady(() -> ready[0] = true);
    first.whenReady(() -> ready[1] = true);
    assertThat(overlay.net.runUntil(() -> ready[0] && ready[1], 3_000)).isTrue();
    assertThat(first.devices()).as("alone").isEqualTo(1);
    List<Integer> seenByFirst = new ArrayList<>();
    first.onDevices(seenByFirst::add);

    ClientCore second = overlay.addPeer(bob, bootstrap);
    second.whenReady(() -> ready[2] = true);
    assertThat(overlay.net.runUntil(() -> ready[2], 3_000)).isTrue();
    assertThat(second.device()).isNotEqualTo(first.device());
    assertThat(second.devices()).as("the newer process learns at attach").isEqualTo(2);
    List<Integer> seenBySecond = new ArrayList<>();
    second.onDevices(seenBySecond::add);
    assertThat(seenBySecond)
        .as("a listener added after the count changed (as a phone's is) is told it at once")
        .containsExactly(2);
    assertThat(overlay.net.runUntil(() -> first.devices() == 2, 25_000 + 1_000))
        .as("the older process learns from its next keepalive (25 s)")
        .isTrue();
    assertThat(seenByFirst).containsExactly(2);
    assertThat(second.attachedNodes())
        .as("devices with one bootstrap list attach to the same nodes")
        .containsExactlyInAnyOrderElementsOf(first.attachedNodes());
    for (OverlayNode n : overlay.nodes) {
      boolean used = first.attachedNodes().stream().anyMatch(x -> x.node().equals(n.id()));
      assertThat(n.devicesOf(bob.peerId())).isEqualTo(used ? 2 : 0);
    }

    List<String> firstInbox = new ArrayList<>();
    List<String> secondInbox = new ArrayList<>();
    first.messenger().onMessage((from, p) -> firstInbox.add(new String(p, StandardCharsets.UTF_8)));
    second
        .messenger()
        .onMessage((from, p) -> secondInbox.add(new String(p, StandardCharsets.UTF_8)));
    for (int i = 0; i < 3; i++) {
      AtomicReference<Object> outcome = new AtomicReference<>();
      a.messenger()
          .send(
              bob.peerId(),
              ("ring " + i).getBytes(StandardCharsets.UTF_8),
              e -> outcome.set(e == null ? "ok" : e));
      assertThat(overlay.net.runUntil(() -> outcome.get() != null, 3_000)).isTrue();
      assertThat(outcome.get()).isEqualTo("ok");
      // a republish by either device keeps both reachable: their records list the same nodes
      overlay.net.runUntil(overlay.net.now() + 400_000);
    }
    assertThat(overlay.net.runUntil(() -> secondInbox.size() == 3, 1_000)).isTrue();
    assertThat(firstInbox).containsExactly("ring 0", "ring 1", "ring 2");
    assertThat(secondInbox).containsExactly("ring 0", "ring 1", "ring 2");
    assertThat(first.reattachments() + second.reattachments())
        .as("neither displaces the other")
        .isZero();
  }

  @Test
  void aDeviceWhoseClockIsBehindPublishesAboveTheOtherAndBecomesReady() {
    SimOverlay overlay = new SimOverlay(12, 6);
    Identity bob = overlay.newIdentity();
    List<InetSocketAddress> bootstrap = overlay.nodeAddresses.subList(0, 3);
    ClientCore ahead = overlay.addPeer(bob, bootstrap);
    boolean[] ready = {false, false};
    ahead.whenReady(() -> ready[0] = true);
    assertThat(overlay.net.runUntil(() -> ready[0], 3_000)).isTrue();

    ClientCore[] holder = new ClientCore[1];
    Env base =
        overlay.net.attach(
            new InetSocketAddress("10.1.0.99", 5000), (from, d) -> holder[0].received(from, d));
    Env behind =
        new Env() {
          @Override
          public long nowMillis() {
            return base.nowMillis();
          }

          @Override
          public long wallMillis() {
            return base.wallMillis() - 20_000;
          }

          @Override
          public Cancellable schedule(long delayMillis, Runnable task) {
            return base.schedule(delayMillis, task);
          }

          @Override
          public void send(InetSocketAddress to, byte[] datagram) {
            base.send(to, datagram);
          }
        };
    holder[0] =
        new ClientCore(
            bob, ClientSettings.defaults(), behind, bootstrap, overlay.secureRandom(), 99);
    holder[0].start();
    holder[0].whenReady(() -> ready[1] = true);
    assertThat(overlay.net.runUntil(() -> ready[1], 3_000))
        .as("its first record is older than the one held, so it publishes above it")
        .isTrue();
    assertThat(holder[0].sequence()).isGreaterThan(ahead.sequence());
    assertThat(holder[0].devices()).isEqualTo(2);
  }

  private static final long WALL = 1_800_000_000_000L;
  private final SimNetwork net = new SimNetwork(5, 1, 1, 0, WALL);
  private final InetSocketAddress nodeAddress = new InetSocketAddress("10.0.0.1", 4000);
  private final SecureRandom random = new SecureRandom();
  private OverlayNode node;

  private void start() {
    OverlayNode[] holder = new OverlayNode[1];
    Env env = net.attach(nodeAddress, (from, data) -> holder[0].received(from, data));
    node =
        new OverlayNode(
            Identity.generate(random), NodeSettings.defaults(), env, new NodeCounters(), 1);
    holder[0] = node;
    node.start(List.of());
  }

  /** Attaches {@code who} as {@code device} from {@code s}; returns the STATUS. */
  private Msg.Status attach(SimSource s, Identity who, long device, boolean signDevice) {
    s.attach(nodeAddress, node.id(), who, device, signDevice);
    return s.lastStatus();
  }

  @Test
  void aNodeKeepsAtMostFourDevicesOfAnIdentityAndRoutesToEachOfThem() {
    start();
    Identity bob = Identity.generate(random);
    List<SimSource> devices = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      SimSource s = new SimSource(net, new InetSocketAddress("10.2.0." + i, 5000));
      s.ackDelivers = true;
      devices.add(s);
      Msg.Status status = attach(s, bob, 1000 + i, true);
      assertThat(status.code()).isEqualTo(StatusCode.OK.wire());
      assertThat(status.value())
          .as("devices attached after device %d", i)
          .isEqualTo(Math.min(i, 4));
      s.run(100); // the next one is heard later, so the first is the least recently heard
    }
    assertThat(node.devicesOf(bob.peerId())).isEqualTo(4);
    assertThat(node.attachments()).isEqualTo(4);

    devices.get(0).send(nodeAddress, new Msg.Ping(5, new byte[0], new byte[0]));
    devices.get(0).run(10);
    assertThat(((Msg.Pong) devices.get(0).last()).attached())
        .as("the least recently heard device was displaced")
        .isFalse();
    devices.get(4).send(nodeAddress, new Msg.Ping(6, new byte[0], new byte[0]));
    devices.get(4).run(10);
    Msg.Pong pong = (Msg.Pong) devices.get(4).last();
    assertThat(pong.attached()).isTrue();
    assertThat(pong.devices()).isEqualTo(4);

    SimSource sender = new SimSource(net, new InetSocketAddress("10.3.0.1", 7000));
    sender.prove(nodeAddress);
    sender.send(nodeAddress, new Msg.Route(9, bob.peerId().bytes(), 42, 0, 1, new byte[] {1}));
    sender.run(100);
    assertThat(sender.lastStatus().code()).isEqualTo(StatusCode.OK.wire());
    assertThat(devices.get(0).answers).noneMatch(m -> m instanceof Msg.Deliver);
    for (SimSource s : devices.subList(1, 5)) {
      assertThat(s.answers).filteredOn(m -> m instanceof Msg.Deliver).hasSize(1);
    }
  }

  @Test
  void theDeviceIdIsSignedAndOneAddressHoldsOneAttachment() {
    start();
    Identity bob = Identity.generate(random);
    SimSource s = new SimSource(net, new InetSocketAddress("10.2.0.9", 5000));
    assertThat(attach(s, bob, 7, false).code())
        .as("a device id the signature does not cover")
        .isEqualTo(StatusCode.BAD_ATTACH.wire());
    assertThat(attach(s, bob, 7, true).code()).isEqualTo(StatusCode.OK.wire());
    assertThat(attach(s, bob, 8, true).value())
        .as("another device id from the same address replaces the first")
        .isEqualTo(1);
    assertThat(node.devicesOf(bob.peerId())).isEqualTo(1);
    PeerId other = Identity.generate(random).peerId();
    assertThat(node.devicesOf(other)).isZero();
  }
}
