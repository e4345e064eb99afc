package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A peer's side of the overlay: attaches to {@link ClientSettings#attachments()} nodes after each
 * proved its id, pings each every {@link ClientSettings#keepaliveMillis()} (25 s by default: as
 * rarely as NAT bindings allow), and notices a dead one from a keepalive that failed or from a
 * request to it that timed out (then checked at once); it then attaches elsewhere at once and
 * republishes its signed location record with a higher sequence number. Looks up records through
 * its nodes and checks them itself. {@link #suspend} stops the keepalives (an app in the
 * background), {@link #resume} checks the nodes at once. Single-threaded on its {@link Env}.
 * Attachments and keepalives are {@link NodeLinks}'; publishing the record is {@link
 * RecordPublisher}'s.
 */
public final class ClientCore {

  private final Identity identity;
  private final ClientSettings settings;
  private final Env env;
  private final WireCodec codec = new WireCodec();
  private final RecordCodec records = new RecordCodec();
  private final OverlayRequests requests;
  private final AddressProofs proofs;
  private final NodeIdProofs nodeIds;
  private final NodeLinks links;
  private final RecordPublisher publisher;
  private final Messenger messenger;
  private final RecordLookup lookups;
  private final long device;
  private final DeviceWatch devices;
  private Env.Cancellable ticking;
  private ClientStreams streams;
  private boolean suspended;
  private boolean closed;

  public ClientCore(
      Identity identity,
      ClientSettings settings,
      Env env,
      List<InetSocketAddress> bootstrap,
      java.security.SecureRandom sealing,
      long seed) {
    this.identity = identity;
    this.settings = settings;
    this.env = env;
    SplittableRandom random = new SplittableRandom(seed);
    long d = random.nextLong();
    this.device = d == 0 ? 1 : d;
    this.devices = new DeviceWatch(identity.peerId());
    this.requests = new OverlayRequests(env, codec, 4_096, random.nextLong());
    this.proofs = new AddressProofs(env, requests, settings.requestTimeoutMillis(), 256);
    this.nodeIds =
        new NodeIdProofs(
            env,
            proofs,
            random.split(),
            settings.requestTimeoutMillis(),
            settings.badNodeMillis(),
            256);
    this.links =
        new NodeLinks(
            identity,
            settings,
            env,
            proofs,
            nodeIds,
            device,
            devices,
            this::queuePublish,
            this::lost);
    requests.onTimeout(links::suspect);
    this.publisher =
        new RecordPublisher(identity, settings, env, records, proofs, links, this::lookup);
    this.messenger = new Messenger(identity, this, env, codec, proofs, sealing, settings);
    this.lookups = new RecordLookup(settings, env, proofs, links, messenger::countMalformed);
    for (InetSocketAddress b : bootstrap) {
      links.learn(b);
    }
  }

  public Messenger messenger() {
    return messenger;
  }

  public void start() {
    links.attachMore();
    tick();
    publisher.start();
  }

  private void tick() {
    ticking = null;
    if (closed || suspended) {
      return;
    }
    links.keepalive();
    links.attachMore();
    messenger.sweep(env.nowMillis());
    ticking = env.schedule(settings.keepaliveMillis(), this::tick);
  }

  /** An attached node was found dead (attaching elsewhere has started): publish without it. */
  private void lost() {
    publisher.notReady();
    queuePublish();
  }

  /**
   * Stops keepalives and attaching until {@link #resume}: while an app is suspended its radio may
   * sleep. The nodes keep our attachments until their idle timeout, and route to us while the NAT
   * binding lasts.
   */
  public void suspend() {
    suspended = true;
    links.suspend();
    if (ticking != null) {
      ticking.cancel();
      ticking = null;
    }
  }

  /**
   * Ends {@link #suspend}: pings every attached node at once (a node that forgot us or died is
   * replaced at once), attaches more if short, republishes, and keeps alive as before. {@code
   * ready} runs once attached with the record published again.
   */
  public void resume(Runnable ready) {
    if (closed) {
      return;
    }
    boolean was = suspended;
    suspended = false;
    if (was) {
      links.resume();
      publisher.notReady();
      queuePublish();
      ticking = env.schedule(settings.keepaliveMillis(), this::tick);
    }
    publisher.whenReady(ready);
  }

  /** Our network changed: ping every node now, so that one that sees us elsewhere says so. */
  public void networkChanged() {
    if (!closed && !suspended) {
      links.networkChanged(); // S8 review: attached nowhere, the back-off is forgotten
    }
  }

  /** Nodes silent over UDP are reached through {@code streams}; our record names their ports. */
  public void useStreams(ClientStreams streams) {
    this.streams = streams;
    links.streams(streams);
    streams.receiver(this::received, this::streamOpened, links::suspect); // lost: check it now
  }

  /** A record names {@code node}, at {@code address}: learn its stream ports, if any. */
  void nodeListed(NodeAddress node, InetSocketAddress address) {
    if (streams != null && node.hasStreams()) {
      streams.learn(node, address);
    }
  }

  /** {@code node} is now reached over a stream ({@link ClientStreams}): attach to it at once. */
  void streamOpened(InetSocketAddress node) {
    proofs.forget(node); // it proved our UDP address: its cookie is refused from the stream's
    if (!closed && !suspended) {
      nodeIds.retryNow(node);
      links.reachableAgain(node);
    }
  }

  public boolean suspended() {
    return suspended;
  }

  private void queuePublish() {
    publisher.queuePublish();
  }

  /** Runs {@code task} once attached to enough nodes with the record published. */
  public void whenReady(Runnable task) {
    publisher.whenReady(task);
  }

  /** Handles one datagram. Never throws. */
  public void received(InetSocketAddress from, byte[] data) {
    Msg msg;
    try {
      msg = codec.decode(data);
    } catch (WireException e) {
      messenger.countMalformed();
      return;
    }
    boolean fromAttached = links.touch(from);
    if (msg instanceof Msg.Deliver d) {
      messenger.deliver(from, d, fromAttached);
    } else if (!requests.reply(from, msg)) {
      messenger.countUnsolicited();
    }
  }

  /** Looks up {@code peer}'s freshest valid record through every attached node (null if none). */
  public void lookup(PeerId peer, Consumer<LocationRecord> done) {
    lookups.lookup(peer, found -> done.accept(found.record()));
  }

  /** S9 notes: as {@link #lookup}, with the nodes that will hold the peer's next record. */
  void lookupWithHolders(PeerId peer, Consumer<RecordLookup.Found> done) {
    lookups.lookup(peer, done);
  }

  public PeerId id() {
    return identity.peerId();
  }

  public boolean isAttached() {
    return !links.isEmpty();
  }

  public List<NodeAddress> attachedNodes() {
    return links.nodes();
  }

  public InetSocketAddress reflexiveAddress() {
    return links.reflexive();
  }

  public int failovers() {
    return links.failovers();
  }

  /** How many times a node told us (in a keepalive answer) it no longer held our attachment. */
  public int reattachments() {
    return links.reattachments();
  }

  /**
   * Runs {@code done} with the node id proven at {@code node} (asking it to prove it if not known
   * yet, or if another id than {@code expected} is known there: the node may have restarted), or
   * null if it does not prove one.
   */
  void proveNode(InetSocketAddress node, PeerId expected, Consumer<PeerId> done) {
    PeerId known = nodeIds.proven(node);
    if (known != null && !known.equals(expected)) {
      nodeIds.forget(node);
    }
    nodeIds.prove(node, pong -> {}, done);
  }

  /** This process's device id: random, named in every ATTACH (never 0). */
  public long device() {
    return device;
  }

  /** Devices of our identity attached to our nodes, this one included (1 if alone). */
  public int devices() {
    return devices.count();
  }

  /** Runs {@code listener} with the device count on each change (see DeviceWatch#listen). */
  public void onDevices(java.util.function.IntConsumer listener) {
    devices.listen(listener);
  }

  public long sequence() {
    return publisher.sequence();
  }

  /** Stops the periodic work and fails every request in flight (a send in progress fails). */
  public void close() {
    closed = true;
    publisher.close();
    messenger.close();
    requests.close();
  }
}
