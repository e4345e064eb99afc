package io.peervoice.sdk;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocalOverlay;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * Three rendezvous nodes on loopback and what a test opens on them: phones bootstrapped from the
 * nodes, forged peers, anything else handed to {@link #add}. Made in {@code @BeforeEach}, closed in
 * {@code @AfterEach}: everything in the reverse order it was opened, the nodes last.
 */
final class PhoneLab implements AutoCloseable {
  private final SecureRandom random = new SecureRandom();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final LocalOverlay overlay;

  PhoneLab() throws Exception {
    overlay = LocalOverlay.start(3);
    open.addAll(overlay.nodes());
  }

  /** The rendezvous nodes. */
  LocalOverlay overlay() {
    return overlay;
  }

  /** The nodes' addresses, to bootstrap from. */
  List<InetSocketAddress> nodes() {
    return overlay.addresses();
  }

  /**
   * A phone bootstrapped from the nodes on a loopback port of its own, with {@code more} applied to
   * its configuration, ready (attached to the overlay) when returned.
   */
  Phone phone(Identity id, UnaryOperator<PhoneConfig.Builder> more) throws Exception {
    return phone(id, more, System::currentTimeMillis);
  }

  /** As {@link #phone(Identity, UnaryOperator)}, on {@code wallMillis} as its wall clock. */
  Phone phone(Identity id, UnaryOperator<PhoneConfig.Builder> more, LongSupplier wallMillis)
      throws Exception {
    return phone(id, more, wallMillis, PhoneMedia.WebParts.process());
  }

  /** As {@link #phone(Identity, UnaryOperator)}, warming WebRTC up with {@code web}. */
  Phone phone(Identity id, UnaryOperator<PhoneConfig.Builder> more, PhoneMedia.WebParts web)
      throws Exception {
    return phone(id, more, System::currentTimeMillis, web);
  }

  private Phone phone(
      Identity id,
      UnaryOperator<PhoneConfig.Builder> more,
      LongSupplier wallMillis,
      PhoneMedia.WebParts web)
      throws Exception {
    Phone p =
        add(
            Phone.start(
                more.apply(
                        Phone.builder(id)
                            .bootstrap(nodes())
                            .overlayAddress(
                                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
                    .build(),
                wallMillis,
                web));
    p.ready().get(10, TimeUnit.SECONDS);
    return p;
  }

  /** A bare overlay client with an identity of its own, forging call messages. */
  ForgedPeer forged() throws Exception {
    return add(new ForgedPeer(nodes(), random));
  }

  /** Closes {@code c} with the lab, before what was opened earlier. */
  <T extends AutoCloseable> T add(T c) {
    open.add(c);
    return c;
  }

  /** Closes every rendezvous node now; phones and calls already set up stay open. */
  void stopNodes() throws Exception {
    for (AutoCloseable node : overlay.nodes()) {
      open.remove(node);
      node.close();
    }
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }
}
