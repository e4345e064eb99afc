package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.RecordCheck;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.StatusCode;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a client's signed location record to its attached nodes: coalesces requests to publish,
 * republishes periodically, numbers records above any another device of our identity published, and
 * tells waiters once enough nodes hold the record. Single-threaded on the client's {@link Env}.
 */
final class RecordPublisher {
  /** Logs as the client it serves. */
  private static final Logger log = LoggerFactory.getLogger(ClientCore.class);

  private final Identity identity;
  private final ClientSettings settings;
  private final Env env;
  private final RecordCodec records;
  private final AddressProofs proofs;
  private final NodeLinks links;
  private final BiConsumer<PeerId, Consumer<LocationRecord>> lookup;
  private final List<Runnable> readyWaiters = new ArrayList<>();
  private long sequence;
  private boolean publishQueued;
  private boolean catchingUp;
  private boolean ready;
  private boolean closed;

  /**
   * @param lookup looks up a peer's freshest valid record through our nodes (null if none)
   */
  RecordPublisher(
      Identity identity,
      ClientSettings settings,
      Env env,
      RecordCodec records,
      AddressProofs proofs,
      NodeLinks links,
      BiConsumer<PeerId, Consumer<LocationRecord>> lookup) {
    this.identity = identity;
    this.settings = settings;
    this.env = env;
    this.records = records;
    this.proofs = proofs;
    this.links = links;
    this.lookup = lookup;
  }

  /** Starts republishing every {@link ClientSettings#republishMillis()}. */
  void start() {
    env.schedule(settings.republishMillis(), this::republish);
  }

  private void republish() {
    if (!closed) {
      queuePublish();
      env.schedule(settings.republishMillis(), this::republish);
    }
  }

  /** Publishes soon (once, however often asked before it runs). */
  void queuePublish() {
    if (!publishQueued) {
      publishQueued = true;
      env.schedule(0, this::publish);
    }
  }

  private void publish() {
    publishQueued = false;
    if (closed || links.isEmpty()) {
      return;
    }
    List<NodeAddress> nodes = links.nodes();
    long wall = env.wallMillis();
    sequence = Math.max(sequence + 1, wall);
    LocationRecord record =
        LocationRecord.sign(
            identity,
            nodes,
            sequence,
            Instant.ofEpochMilli(wall + settings.recordLifetimeMillis()));
    byte[] wire = records.encode(record);
    int expected = links.size();
    for (InetSocketAddress node : links.addresses()) {
      proofs.send(
          node,
          settings.requestTimeoutMillis() * 4,
          tx -> new Msg.Publish(tx, wire),
          reply -> {
            links.heard(node, reply);
            if (OverlayRequests.ok(reply)) {
              published(expected);
            } else if (reply instanceof Msg.Status s
                && s.code() == StatusCode.REJECTED_RECORD.wire()
                && s.value() == RecordCheck.NOT_NEWER.ordinal()) {
              catchUp();
            } else {
              log.debug("node {} refused our record: {}", node, reply);
            }
          },
          failure -> log.debug("publish to {} failed: {}", node, failure));
    }
  }

  /**
   * A node holds a newer record of ours than the one we sent: another device of our identity
   * published it (its clock ahead of ours). Publish again above its sequence, once per such record.
   */
  private void catchUp() {
    if (catchingUp) {
      return;
    }
    catchingUp = true;
    lookup.accept(
        identity.peerId(),
        held -> {
          catchingUp = false;
          if (held != null && held.sequence() >= sequence) {
            log.info(
                "another device of ours published sequence {}; publishing above it",
                held.sequence());
            sequence = held.sequence();
            queuePublish();
          }
        });
  }

  private void published(int attachedWhenSent) {
    if (!ready && attachedWhenSent >= Math.min(settings.attachments(), links.knownCount())) {
      ready = true;
      List<Runnable> waiting = List.copyOf(readyWaiters);
      readyWaiters.clear();
      waiting.forEach(Runnable::run);
    }
  }

  /** An attached node was lost: not ready until the record is published widely enough again. */
  void notReady() {
    ready = false;
  }

  /** Runs {@code task} once attached to enough nodes with the record published. */
  void whenReady(Runnable task) {
    if (ready) {
      task.run();
    } else {
      readyWaiters.add(task);
    }
  }

  long sequence() {
    return sequence;
  }

  void close() {
    closed = true;
  }
}
