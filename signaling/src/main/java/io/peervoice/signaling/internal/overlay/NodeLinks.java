package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.NodeRef;
import io.peervoice.signaling.internal.wire.Msg;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's attachments to its nodes: the nodes it knows of, attaches to (address proof, node id
 * proof, signed ATTACH), keeps alive with a PING each every {@link
 * ClientSettings#keepaliveMillis()} and replaces at once when a keepalive fails (its {@link
 * ClientSettings#keepaliveTries()} PINGs all went unanswered), and what those answers report (our
 * reflexive address, how many devices of our identity each node holds). A request of ours to an
 * attached node that timed out ({@link #suspect}) starts that node's keepalive at once, so a dead
 * node is noticed from a failed lookup, publish or delivery without frequent pings. A node that
 * failed is avoided for {@link ClientSettings#badNodeMillis()}, doubling with each further failure;
 * while fewer nodes than wanted are attached, attaching is tried again when the first avoided node
 * may be tried. Single-threaded on the client's {@link Env}.
 */
final class NodeLinks {
  /** Logs as the client it serves. */
  private static final Logger log = LoggerFactory.getLogger(ClientCore.class);

  private static final class Attached {
    final PeerId node;
    int devices = 1;
    boolean probing;

    Attached(PeerId node) {
      this.node = node;
    }
  }

  private final ClientSettings settings;
  private final Env env;
  private final AddressProofs proofs;
  private final NodeAttach attach;
  private final DeviceWatch devices;
  private final Runnable onAttached;
  private final Runnable onLost;
  private final KnownNodes known;
  private final Map<InetSocketAddress, Attached> attached = new LinkedHashMap<>();
  private final Set<InetSocketAddress> attaching = new HashSet<>();
  private InetSocketAddress reflexive;
  private Env.Cancellable retry;
  private boolean suspended;
  private NodeStreamSide streams = NodeStreamSide.NONE;
  private int failovers;
  private int reattachments;

  /**
   * @param onAttached runs after each successful attachment (to publish our record there)
   * @param onLost runs after an attached node was found dead and dropped (attaching elsewhere has
   *     started)
   */
  NodeLinks(
      Identity identity,
      ClientSettings settings,
      Env env,
      AddressProofs proofs,
      NodeIdProofs nodeIds,
      long device,
      DeviceWatch devices,
      Runnable onAttached,
      Runnable onLost) {
    this.settings = settings;
    this.env = env;
    this.proofs = proofs;
    this.attach = new NodeAttach(identity, settings, env, proofs, nodeIds, device);
    this.devices = devices;
    this.onAttached = onAttached;
    this.onLost = onLost;
    this.known = new KnownNodes(settings.badNodeMillis());
  }

  /** Starts a keepalive on every attached node that has none running. */
  void keepalive() {
    for (InetSocketAddress node : List.copyOf(attached.keySet())) {
      probe(node);
    }
  }

  /**
   * A request of ours to {@code node} timed out: if it is one of our nodes, check it now with a
   * keepalive (unless one is running), and replace it if that fails too.
   */
  void suspect(InetSocketAddress node) {
    if (attached.containsKey(node) && !suspended) {
      probe(node);
    }
  }

  private void probe(InetSocketAddress node) {
    Attached a = attached.get(node);
    if (a != null && !a.probing) {
      a.probing = true;
      ping(node, a, settings.keepaliveTries());
    }
  }

  private void ping(InetSocketAddress node, Attached a, int triesLeft) {
    proofs.send(
        node,
        settings.requestTimeoutMillis(),
        tx -> new Msg.Ping(tx, new byte[0], new byte[0]),
        reply -> {
          a.probing = false;
          heard(node, reply);
          if (attached.get(node) != a) {
            return;
          }
          if (reply instanceof Msg.Pong p && !p.attached()) {
            log.info("node {} no longer holds our attachment; attaching again", node);
            attached.remove(node);
            reattachments++;
            attachTo(node);
          } else if (reply instanceof Msg.Pong p) {
            a.devices = Math.max(1, p.devices());
            countDevices();
          }
        },
        failure -> {
          if (attached.get(node) != a) {
            return;
          }
          if (failure == RequestFailure.CLOSED || failure == RequestFailure.OVERLOADED) {
            a.probing = false; // our side's trouble, not the node's
          } else if (triesLeft > 1) {
            streams.udpSilent(node); // a stream, if it has one, takes over within a second
            ping(node, a, triesLeft - 1);
          } else {
            dead(node, a);
          }
        });
  }

  private void dead(InetSocketAddress node, Attached a) {
    log.info(
        "node {} at {} did not answer {} keepalive pings; attaching elsewhere",
        a.node,
        node,
        settings.keepaliveTries());
    attached.remove(node);
    known.failed(node, env.nowMillis());
    failovers++;
    countDevices();
    attachMore();
    onLost.run();
  }

  /** Notes an answer from {@code node}: it is alive, and a PONG tells our reflexive address. */
  void heard(InetSocketAddress node, Msg reply) {
    if (reply instanceof Msg.Pong p) {
      streams.portsNamed(node, null, p.tcpPort(), p.tlsPort(), true); // 0, 0: it names none
      try {
        reflexive =
            new InetSocketAddress(InetAddress.getByAddress(p.observedIp()), p.observedPort());
      } catch (UnknownHostException e) {
        // length was checked by the codec
      }
    }
  }

  /** Notes a datagram from {@code from}; true if it is one of our attached nodes. */
  boolean touch(InetSocketAddress from) {
    return attached.containsKey(from);
  }

  void learn(InetSocketAddress node) {
    known.learn(node);
  }

  /** {@code node} became reachable another way (a stream): no longer avoided, attach at once. */
  void reachableAgain(InetSocketAddress node) {
    known.streamOpened(node, attaching.contains(node)); // an attempt in flight: retried at once
    attachMore();
  }

  /**
   * Starts attaching to known nodes, not avoided, until enough are attached or attaching; if still
   * short, tries again when the first avoided node may be tried.
   */
  void attachMore() {
    if (suspended) {
      return;
    }
    long now = env.nowMillis();
    long nextTry = Long.MAX_VALUE;
    for (InetSocketAddress n : known.all()) {
      if (attached.size() + attaching.size() >= settings.attachments()) {
        return;
      }
      long avoided = known.avoidedUntil(n, now);
      if (attached.containsKey(n) || attaching.contains(n)) {
        continue;
      }
      if (avoided > 0) {
        nextTry = Math.min(nextTry, avoided);
        continue;
      }
      attachTo(n);
    }
    if (attached.size() + attaching.size() < settings.attachments()
        && nextTry != Long.MAX_VALUE
        && retry == null) {
      retry =
          env.schedule(
              nextTry - now,
              () -> {
                retry = null;
                attachMore();
              });
    }
  }

  /**
   * Suspended: no attaching and no keepalive checks until {@link #resume}; the attachments stay as
   * they are (the nodes forget them after their idle timeout).
   */
  void suspend() {
    suspended = true;
    cancelRetry();
  }

  /** Ends {@link #suspend}: checks every attached node at once and attaches more if short. */
  void resume() {
    suspended = false;
    networkChanged();
  }

  private void cancelRetry() {
    if (retry != null) {
      retry.cancel();
      retry = null;
    }
  }

  /** Checks the attached nodes, and attaches more; attached nowhere, no node is avoided now. */
  void networkChanged() {
    if (attached.isEmpty()) {
      known.forgetFailures();
      cancelRetry(); // booked for a back-off now forgotten
    }
    keepalive();
    attachMore();
  }

  private void attachTo(InetSocketAddress node) {
    attaching.add(node);
    attach.attach(
        node,
        pong -> heard(node, pong),
        (id, count) -> {
          attaching.remove(node);
          known.attemptEnded(node);
          known.worked(node);
          Attached a = new Attached(id);
          a.devices = count;
          attached.put(node, a);
          countDevices();
          log.debug("attached to node {} at {}", id, node);
          attach.askForNodes(
              node,
              (n, contact) -> {
                if (contact.tcpPort() != 0 || contact.tlsPort() != 0) {
                  streams.portsNamed(
                      n, new PeerId(contact.id()), contact.tcpPort(), contact.tlsPort(), false);
                }
                learn(n);
                attachMore(); // a lone bootstrap node: attach to the second node it names at once
              });
          onAttached.run();
        },
        why -> {
          attaching.remove(node);
          if (known.retryAtOnce(node, env.nowMillis())) { // S8: its stream opened meanwhile
            log.debug("attaching to node {} again over its new stream ({} before)", node, why);
            attachMore();
            return;
          }
          long avoided = known.failed(node, env.nowMillis(), attached.isEmpty());
          log.info("attaching to node {} failed ({}); avoided for {} ms", node, why, avoided);
          attachMore();
        });
  }

  /** The most devices of our identity (this one included) any of our nodes reports attached. */
  void countDevices() {
    int most = 1;
    for (Attached a : attached.values()) {
      most = Math.max(most, a.devices);
    }
    devices.update(most);
  }

  boolean isEmpty() {
    return attached.isEmpty();
  }

  int size() {
    return attached.size();
  }

  int knownCount() {
    return known.count();
  }

  /** The attached nodes' addresses, in attachment order (a copy). */
  List<InetSocketAddress> addresses() {
    return List.copyOf(attached.keySet());
  }

  /** The attached nodes, in attachment order. */
  List<NodeAddress> nodes() {
    List<NodeAddress> out = new ArrayList<>();
    attached.forEach(
        (address, a) -> out.add(streams.withPorts(new NodeRef(a.node, address).toAddress())));
    return out;
  }

  /** The client's streams to nodes, told of silences and ports; they describe the nodes. */
  void streams(NodeStreamSide side) {
    this.streams = java.util.Objects.requireNonNull(side, "side");
  }

  InetSocketAddress reflexive() {
    return reflexive;
  }

  int failovers() {
    return failovers;
  }

  int reattachments() {
    return reattachments;
  }
}
