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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's attachments to its nodes: the nodes it knows of, attaches to (address proof, node id
 * proof, signed ATTACH), keeps alive with pings and drops when they stop answering, and what those
 * answers report (our reflexive address, how many devices of our identity each node holds).
 * Single-threaded on the client's {@link Env}.
 */
final class NodeLinks {
  /** Logs as the client it serves. */
  private static final Logger log = LoggerFactory.getLogger(ClientCore.class);

  private static final int MAX_KNOWN = 64;

  /** Our cookie must still be valid when the node checks it (it keeps them 60 to 120 s). */
  private static final long COOKIE_MAX_AGE_MILLIS = 30_000;

  private static final class Attached {
    final PeerId node;
    long lastHeard;
    int devices = 1;

    Attached(PeerId node, long lastHeard) {
      this.node = node;
      this.lastHeard = lastHeard;
    }
  }

  private final Identity identity;
  private final ClientSettings settings;
  private final Env env;
  private final AddressProofs proofs;
  private final NodeIdProofs nodeIds;
  private final long device;
  private final DeviceWatch devices;
  private final Runnable onAttached;
  private final List<InetSocketAddress> known = new ArrayList<>();
  private final Map<InetSocketAddress, Long> badUntil = new HashMap<>();
  private final Map<InetSocketAddress, Attached> attached = new LinkedHashMap<>();
  private final Set<InetSocketAddress> attaching = new HashSet<>();
  private InetSocketAddress reflexive;
  private int failovers;
  private int reattachments;

  /**
   * @param onAttached runs after each successful attachment (to publish our record there)
   */
  NodeLinks(
      Identity identity,
      ClientSettings settings,
      Env env,
      AddressProofs proofs,
      NodeIdProofs nodeIds,
      long device,
      DeviceWatch devices,
      Runnable onAttached) {
    this.identity = identity;
    this.settings = settings;
    this.env = env;
    this.proofs = proofs;
    this.nodeIds = nodeIds;
    this.device = device;
    this.devices = devices;
    this.onAttached = onAttached;
  }

  /**
   * Drops the attached nodes silent for longer than {@link ClientSettings#deadAfterMillis()} and
   * pings the others; true if any was dropped.
   */
  boolean checkAlive(long now) {
    boolean lost = false;
    for (var it = attached.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (now - e.getValue().lastHeard > settings.deadAfterMillis()) {
        log.info("node {} at {} stopped answering; re-attaching", e.getValue().node, e.getKey());
        it.remove();
        badUntil.put(e.getKey(), now + settings.badNodeMillis());
        lost = true;
        failovers++;
      } else {
        keepalive(e.getKey());
      }
    }
    return lost;
  }

  private void keepalive(InetSocketAddress node) {
    proofs.send(
        node,
        settings.requestTimeoutMillis(),
        tx -> new Msg.Ping(tx, new byte[0], new byte[0]),
        reply -> {
          heard(node, reply);
          if (reply instanceof Msg.Pong p && !p.attached() && attached.remove(node) != null) {
            log.info("node {} no longer holds our attachment; attaching again", node);
            reattachments++;
            attachTo(node);
          } else if (reply instanceof Msg.Pong p && attached.get(node) != null) {
            attached.get(node).devices = Math.max(1, p.devices());
            countDevices();
          }
        },
        failure -> {});
  }

  /** Notes an answer from {@code node}: it is alive, and a PONG tells our reflexive address. */
  void heard(InetSocketAddress node, Msg reply) {
    Attached a = attached.get(node);
    if (a != null) {
      a.lastHeard = env.nowMillis();
    }
    if (reply instanceof Msg.Pong p) {
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
    Attached a = attached.get(from);
    if (a != null) {
      a.lastHeard = env.nowMillis();
    }
    return a != null;
  }

  void learn(InetSocketAddress node) {
    if (!known.contains(node) && known.size() < MAX_KNOWN) {
      known.add(node);
    }
  }

  /** Starts attaching to known nodes, not in disgrace, until enough are attached or attaching. */
  void attachMore() {
    long now = env.nowMillis();
    for (InetSocketAddress n : known) {
      if (attached.size() + attaching.size() >= settings.attachments()) {
        return;
      }
      Long bad = badUntil.get(n);
      if (attached.containsKey(n) || attaching.contains(n) || (bad != null && bad > now)) {
        continue;
      }
      attachTo(n);
    }
  }

  /**
   * Attaches to {@code node}: a fresh cookie for our address (address proof), the node's proof of
   * its id, then ATTACH signed over the node's id, the cookie and the time.
   */
  private void attachTo(InetSocketAddress node) {
    attaching.add(node);
    Runnable failed =
        () -> {
          attaching.remove(node);
          nodeIds.forget(node);
          badUntil.put(node, env.nowMillis() + settings.badNodeMillis());
        };
    nodeIds.forget(node);
    proofs.freshCookie(
        node,
        COOKIE_MAX_AGE_MILLIS,
        cookie ->
            nodeIds.prove(
                node,
                pong -> heard(node, pong),
                id -> {
                  if (id == null) {
                    failed.run();
                  } else {
                    sendAttach(node, id, cookie, failed);
                  }
                }),
        failure -> failed.run());
  }

  private void sendAttach(InetSocketAddress node, PeerId id, byte[] cookie, Runnable failed) {
    long ts = env.wallMillis();
    byte[] deviceBytes = AttachProof.deviceBytes(device);
    byte[] signature = identity.sign(AttachProof.signed(id, cookie, ts, deviceBytes));
    var pub = identity.publicIdentity();
    proofs.send(
        node,
        settings.requestTimeoutMillis(),
        tx ->
            new Msg.Attach(
                tx,
                pub.signingKey(),
                pub.agreementKey(),
                id.bytes(),
                ts,
                signature,
                cookie,
                deviceBytes),
        reply -> {
          attaching.remove(node);
          if (!OverlayRequests.ok(reply)) {
            log.warn("node {} refused to attach us: {}", node, reply);
            failed.run();
            return;
          }
          Attached a = new Attached(id, env.nowMillis());
          a.devices = (int) Math.max(1, Math.min(255, ((Msg.Status) reply).value()));
          attached.put(node, a);
          countDevices();
          log.debug("attached to node {} at {}", id, node);
          askForNodes(node);
          onAttached.run();
        },
        failure -> failed.run());
  }

  private void askForNodes(InetSocketAddress node) {
    proofs.send(
        node,
        settings.requestTimeoutMillis(),
        tx -> new Msg.FindNode(tx, identity.peerId().bytes(), new byte[0]),
        reply -> {
          if (reply instanceof Msg.Nodes n) {
            for (Msg.Contact c : n.contacts()) {
              try {
                learn(new InetSocketAddress(InetAddress.getByAddress(c.ip()), c.port()));
              } catch (UnknownHostException e) {
                // length was checked by the codec
              }
            }
          }
        },
        failure -> {});
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
    return known.size();
  }

  /** The attached nodes' addresses, in attachment order (a copy). */
  List<InetSocketAddress> addresses() {
    return List.copyOf(attached.keySet());
  }

  /** The attached nodes, in attachment order. */
  List<NodeAddress> nodes() {
    List<NodeAddress> out = new ArrayList<>();
    attached.forEach((address, a) -> out.add(new NodeRef(a.node, address).toAddress()));
    return out;
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
