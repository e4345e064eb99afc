package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.PeerId;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The compact attachment table (issue 13) behaves as the map-based one did: one attachment per
 * address, displacement of the least recently heard device, per-prefix quotas, the bound, the idle
 * sweep; IPv4 and IPv6 addresses alike.
 */
class AttachmentsTest {
  private static PeerId peer(int n) {
    byte[] b = new byte[PeerId.LENGTH];
    b[0] = (byte) n;
    b[1] = (byte) (n >>> 8);
    b[2] = (byte) (n >>> 16);
    return new PeerId(b);
  }

  private static InetSocketAddress at(String ip, int port) {
    return new InetSocketAddress(ip, port);
  }

  @Test
  void anAddressHoldsOneAttachmentAndADeviceMovesWithItsAddress() {
    Attachments t = new Attachments(100, 0);
    assertThat(t.attach(peer(1), 7, at("10.0.0.1", 1000), 0))
        .isEqualTo(Attachments.Result.ATTACHED);
    assertThat(t.peerAt(at("10.0.0.1", 1000))).isEqualTo(peer(1));
    assertThat(t.peerAt(at("10.0.0.1", 1001))).isNull();

    t.attach(peer(1), 7, at("10.0.0.2", 2000), 1);
    assertThat(t.peerAt(at("10.0.0.1", 1000))).as("the old address is free").isNull();
    assertThat(t.devices(peer(1)))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.address()).isEqualTo(at("10.0.0.2", 2000));
            });

    t.attach(peer(2), 0, at("10.0.0.2", 2000), 2);
    assertThat(t.peerAt(at("10.0.0.2", 2000))).isEqualTo(peer(2));
    assertThat(t.deviceCount(peer(1))).as("displaced by another peer at its address").isZero();
    assertThat(t.size()).isEqualTo(1);
  }

  @Test
  void aFifthDeviceDisplacesTheLeastRecentlyHeard() {
    Attachments t = new Attachments(100, 0);
    for (int d = 1; d <= 4; d++) {
      t.attach(peer(1), d, at("10.0.0." + d, 1), d);
    }
    t.touch(at("10.0.0.1", 1), 10);
    t.attach(peer(1), 5, at("10.0.0.5", 1), 11);
    assertThat(t.deviceCount(peer(1))).isEqualTo(4);
    assertThat(t.peerAt(at("10.0.0.2", 1))).as("device 2 was heard least recently").isNull();
    assertThat(t.devicesAt(at("10.0.0.1", 1))).isEqualTo(4);
    assertThat(t.devices(peer(1)).stream().map(a -> a.device)).containsExactly(1L, 3L, 4L, 5L);
  }

  @Test
  void quotasPerPrefixAndTheBoundHold() {
    Attachments t = new Attachments(3, 2, 0);
    assertThat(t.attach(peer(1), 0, at("10.0.0.1", 1), 0)).isEqualTo(Attachments.Result.ATTACHED);
    assertThat(t.attach(peer(2), 0, at("10.0.0.1", 2), 0)).isEqualTo(Attachments.Result.ATTACHED);
    assertThat(t.attach(peer(3), 0, at("10.0.0.1", 3), 0)).isEqualTo(Attachments.Result.QUOTA);
    assertThat(t.attach(peer(1), 0, at("10.0.0.1", 9), 0))
        .as("moving within its prefix needs no more quota")
        .isEqualTo(Attachments.Result.ATTACHED);
    assertThat(t.attach(peer(3), 0, at("2001:db8::1", 3), 0))
        .isEqualTo(Attachments.Result.ATTACHED);
    assertThat(t.attach(peer(4), 0, at("10.0.0.9", 1), 0)).isEqualTo(Attachments.Result.FULL);
    t.detach(peer(2));
    assertThat(t.attach(peer(4), 0, at("10.0.0.1", 4), 0))
        .as("a detached peer's quota is free again")
        .isEqualTo(Attachments.Result.ATTACHED);
  }

  @Test
  void theSweepForgetsIdleAttachmentsAndSaysSo() {
    Attachments t = new Attachments(100, 1_000);
    List<InetSocketAddress> ended = new ArrayList<>();
    t.onRemoved(a -> ended.add(a.address()));
    t.attach(peer(1), 0, at("10.0.0.1", 1), 0);
    t.attach(peer(2), 0, at("2001:db8::7", 5), 0);
    t.attach(peer(3), 0, at("10.0.0.3", 1), 0);
    t.touch(at("2001:db8::7", 5), 900);
    assertThat(t.sweep(1_500)).isEqualTo(2);
    assertThat(ended).containsExactlyInAnyOrder(at("10.0.0.1", 1), at("10.0.0.3", 1));
    assertThat(t.peerAt(at("2001:db8::7", 5))).isEqualTo(peer(2));
    assertThat(t.size()).isEqualTo(1);
  }

  /** Many attachments, moves and removals, against a plain map of what should be held. */
  @Test
  void matchesAPlainMapThroughManyChanges() {
    Attachments t = new Attachments(1_000_000, Integer.MAX_VALUE, 1, Long.MAX_VALUE);
    Map<InetSocketAddress, PeerId> model = new HashMap<>();
    Map<PeerId, InetSocketAddress> where = new HashMap<>();
    SplittableRandom random = new SplittableRandom(13);
    for (int step = 0; step < 50_000; step++) {
      PeerId p = peer(random.nextInt(5_000));
      int ip = random.nextInt(20_000);
      InetSocketAddress a =
          random.nextInt(10) == 0
              ? at("2001:db8::" + Integer.toHexString(ip), 7)
              : at("10." + (ip >> 16) + "." + ((ip >> 8) & 255) + "." + (ip & 255), 7);
      if (random.nextInt(4) == 0) {
        t.detach(p);
        InetSocketAddress old = where.remove(p);
        if (old != null) {
          model.remove(old);
        }
        continue;
      }
      t.attach(p, 0, a, step);
      InetSocketAddress old = where.put(p, a);
      if (old != null) {
        model.remove(old);
      }
      PeerId displaced = model.put(a, p);
      if (displaced != null && !displaced.equals(p)) {
        where.remove(displaced);
      }
    }
    assertThat(t.size()).isEqualTo(model.size());
    model.forEach((a, p) -> assertThat(t.peerAt(a)).as(a.toString()).isEqualTo(p));
    where.forEach((p, a) -> assertThat(t.devices(p)).hasSize(1));
  }
}
