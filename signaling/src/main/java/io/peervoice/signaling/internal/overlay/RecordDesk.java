package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.RecordCheck;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;

/**
 * Checks location records and keeps them in the node's {@link RecordStore}, answering with an
 * honest reason when it refuses one: the record's check, {@code NOT_LISTED} (a PUBLISH whose record
 * does not list this node), {@code QUOTA_EXCEEDED} (the sender's prefix holds its quota) or {@code
 * OVERLOADED} (full of records expiring no earlier). Single-threaded.
 */
final class RecordDesk {
  /** What to answer: a STATUS code and value. */
  record Outcome(StatusCode code, long value) {
    boolean ok() {
      return code == StatusCode.OK;
    }

    /** A table (records or attachments) is full: {@code OVERLOADED}, counted. */
    static Outcome full(NodeCounters counters) {
      counters.add(Event.OVERLOADED);
      return new Outcome(StatusCode.OVERLOADED, 0);
    }

    /** The sender's IP prefix holds its quota: {@code QUOTA_EXCEEDED}, counted. */
    static Outcome overQuota(NodeCounters counters) {
      counters.add(Event.QUOTA_EXCEEDED);
      return new Outcome(StatusCode.QUOTA_EXCEEDED, 0);
    }
  }

  private static final Outcome OK = new Outcome(StatusCode.OK, 0);

  private final PeerId self;
  private final NodeSettings settings;
  private final Env env;
  private final NodeCounters counters;
  private final RecordCodec records = new RecordCodec();
  private final RecordStore store;
  private BiConsumer<LocationRecord, byte[]> stored = (record, wire) -> {};

  RecordDesk(PeerId self, NodeSettings settings, Env env, NodeCounters counters) {
    this.self = self;
    this.settings = settings;
    this.env = env;
    this.counters = counters;
    NodeGuards g = settings.guards();
    this.store =
        new RecordStore(
            settings.maxRecords(),
            g.maxRecordBytes(),
            g.recordsPerIp(),
            () -> counters.add(Event.RECORD_EVICTED));
  }

  RecordStore store() {
    return store;
  }

  /**
   * Checks a record and stores it if it is valid and newer. {@code owner}, if given, must be the
   * record's peer, and the record must then list this node (a PUBLISH). {@code origin} is the
   * prefix the record came from, for its quota.
   */
  Outcome put(byte[] wire, PeerId owner, IpPrefix origin) {
    LocationRecord record;
    try {
      record = records.decode(wire);
    } catch (WireException e) {
      return rejected(RecordCheck.MALFORMED);
    }
    if (owner != null && record.nodes().stream().map(NodeAddress::node).noneMatch(self::equals)) {
      counters.add(Event.NOT_LISTED);
      return new Outcome(StatusCode.NOT_LISTED, 0);
    }
    PeerId peer = owner == null ? record.peer() : owner;
    long wall = env.wallMillis();
    long held = store.sequence(peer, wall);
    RecordCheck check =
        record.check(
            peer,
            Instant.ofEpochMilli(wall),
            Duration.ofMillis(settings.maxRecordLifetimeMillis()),
            held);
    if (check == RecordCheck.NOT_NEWER && record.sequence() == held) {
      return OK;
    }
    if (check != RecordCheck.VALID) {
      return rejected(check);
    }
    return switch (store.put(
        peer, wire, record.sequence(), record.expires().toEpochMilli(), origin)) {
      case STORED -> {
        stored.accept(record, wire);
        yield OK;
      }
      case FULL -> Outcome.full(counters);
      case QUOTA -> Outcome.overQuota(counters);
    };
  }

  private Outcome rejected(RecordCheck check) {
    counters.add(Event.STORE_REJECTED);
    return new Outcome(StatusCode.REJECTED_RECORD, check.ordinal());
  }

  /** S9 notes: runs {@code listener} with each record stored that is newer than the one held. */
  void onStored(BiConsumer<LocationRecord, byte[]> listener) {
    this.stored = listener;
  }

  byte[] get(PeerId peer) {
    return store.get(peer, env.wallMillis());
  }
}
