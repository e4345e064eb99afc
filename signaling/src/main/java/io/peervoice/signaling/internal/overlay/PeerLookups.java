package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The lookups of {@link Messenger}'s deliveries, shared: deliveries to one peer that want its
 * record at about the same time get the answer of one lookup. While a lookup of a peer is in
 * flight, more wanting it wait for that one; an answer (a record, or none) younger than {@code
 * shareMillis} answers them at once. Without it, a burst of N messages to one peer (a gateway
 * placing 50 calls, an answer with its candidates) cost N lookups, each a request to every attached
 * node and an Ed25519 check of every record that came back, and N more every retry round: on the
 * overlay's one thread, work that delayed the acknowledgements and answers with short deadlines
 * behind it until deliveries failed.
 *
 * <p>{@code shareMillis} stays under a delivery's retry interval ({@link Messenger#RETRY_MILLIS}),
 * so each retry round still asks the nodes afresh and sees a record the peer republished after a
 * failover. Bounded: at most {@code maxPeers} peers remembered (least recently used forgotten;
 * their waiters keep waiting for their own lookup, which still answers them). Single-threaded on
 * the client's {@link Env}.
 */
final class PeerLookups {
  private static final class Entry {
    LocationRecord record;
    boolean answered;
    long answeredMillis;
    List<Consumer<LocationRecord>> waiting;
  }

  private final Env env;
  private final BiConsumer<PeerId, Consumer<LocationRecord>> lookup;
  private final long shareMillis;
  private final Map<PeerId, Entry> peers;
  private long asked;

  /**
   * @param lookup the client's lookup: answers once, with the freshest valid record or null
   * @param shareMillis how long an answer is given to later askers without asking again
   * @param maxPeers peers remembered at once
   */
  PeerLookups(
      Env env,
      BiConsumer<PeerId, Consumer<LocationRecord>> lookup,
      long shareMillis,
      int maxPeers) {
    if (shareMillis < 0 || maxPeers < 1) {
      throw new IllegalArgumentException("shareMillis >= 0 and maxPeers >= 1 needed");
    }
    this.env = env;
    this.lookup = lookup;
    this.shareMillis = shareMillis;
    this.peers = BoundedMaps.leastRecentlyUsed(maxPeers);
  }

  /** Runs {@code done} with {@code peer}'s record (null if none was found), perhaps at once. */
  void lookup(PeerId peer, Consumer<LocationRecord> done) {
    Entry e = peers.computeIfAbsent(peer, p -> new Entry());
    if (e.waiting != null) {
      e.waiting.add(done);
      return;
    }
    if (e.answered && env.nowMillis() - e.answeredMillis < shareMillis) {
      done.accept(e.record);
      return;
    }
    List<Consumer<LocationRecord>> waiting = new ArrayList<>();
    waiting.add(done);
    e.waiting = waiting;
    asked++;
    lookup.accept(
        peer,
        record -> {
          e.record = record;
          e.answered = true;
          e.answeredMillis = env.nowMillis();
          e.waiting = null;
          for (Consumer<LocationRecord> w : waiting) {
            w.accept(record);
          }
        });
  }

  /**
   * S20: how long after its lookup answered a peer's record is reused for a delivery's first round
   * ({@link #recent}): a call's set-up messages within this time (RINGING, ANSWER, candidates) do
   * not each wait for a lookup of their own. Far below a record's life; each such delivery still
   * looks the peer up beside it.
   */
  static final long REUSE_MILLIS = 30_000;

  /**
   * The record a lookup of {@code peer} found less than {@link #REUSE_MILLIS} ago and not expired
   * since, or null (none asked, none found, older, or expired). Does not ask the nodes.
   */
  LocationRecord recent(PeerId peer) {
    Entry e = peers.get(peer);
    return e != null
            && e.answered
            && e.record != null
            && env.nowMillis() - e.answeredMillis < REUSE_MILLIS
            && e.record.expires().toEpochMilli() > env.wallMillis()
        ? e.record
        : null;
  }

  /** Lookups sent to the nodes (the rest were answered by one of these). */
  long asked() {
    return asked;
  }
}
