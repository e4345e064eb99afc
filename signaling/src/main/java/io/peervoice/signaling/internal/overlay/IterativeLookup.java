package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.NodeRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One Kademlia iterative lookup (Maymounkov and Mazières, 2002, §2.3): keeps the nodes closest to
 * the target found so far, asks up to α of them at a time, and ends when the k closest have all
 * answered, or, when looking for a record, once one is found and no query is still out. Hops count
 * the referral depth of the answer. One lookup may be one of several disjoint paths ({@link
 * DisjointLookup}): it asks a node only if its {@link Claim} grants it. Runs on the logic thread.
 */
public final class IterativeLookup {

  /** Asks one node; exactly one of the callbacks runs, later, on the logic thread. */
  interface Asker {
    void ask(NodeRef node, Consumer<Answer> onAnswer, Runnable onFailure);
  }

  /** Grants a path the right to ask a node; a node granted to one path is refused to others. */
  interface Claim {
    boolean claim(PeerId node);
  }

  /** A node's answer: closer nodes, and a record's wire bytes if it held one (else null). */
  record Answer(List<NodeRef> closer, byte[] record) {}

  /** The outcome: the k closest live nodes, records found, and the hop count. */
  public record Result(List<NodeRef> closest, List<byte[]> records, int hops, int queried) {}

  private enum State {
    NEW,
    ASKED,
    ANSWERED,
    FAILED,
    TAKEN
  }

  private static final class Candidate {
    final NodeRef node;
    final int depth;
    State state = State.NEW;

    Candidate(NodeRef node, int depth) {
      this.node = node;
      this.depth = depth;
    }
  }

  private final PeerId target;
  private final int k;
  private final int alpha;
  private final boolean wantRecord;
  private final Asker asker;
  private final Consumer<Result> done;
  private final Env env;
  private final long graceMillis;
  private final Claim claim;
  private final TreeMap<byte[], Candidate> shortlist = new TreeMap<>(Arrays::compareUnsigned);
  private final Map<PeerId, Boolean> seen = new HashMap<>();
  private final List<byte[]> records = new ArrayList<>();
  private int inFlight;
  private int recordDepth;
  private int queried;
  private boolean finished;

  IterativeLookup(
      PeerId target,
      int k,
      int alpha,
      boolean wantRecord,
      List<NodeRef> start,
      Asker asker,
      Env env,
      long graceMillis,
      Claim claim,
      Consumer<Result> done) {
    this.claim = claim;
    this.env = env;
    this.graceMillis = graceMillis;
    this.target = target;
    this.k = k;
    this.alpha = alpha;
    this.wantRecord = wantRecord;
    this.asker = asker;
    this.done = done;
    for (NodeRef n : start) {
      add(n, 1);
    }
  }

  void start() {
    step();
  }

  private void add(NodeRef node, int depth) {
    if (seen.putIfAbsent(node.id(), Boolean.TRUE) == null) {
      shortlist.put(target.distance(node.id()), new Candidate(node, depth));
    }
  }

  private void step() {
    if (finished) {
      return;
    }
    if (wantRecord && !records.isEmpty() && inFlight == 0) {
      finish();
      return;
    }
    int live = 0;
    boolean pending = false;
    boolean asking = !(wantRecord && !records.isEmpty());
    for (Candidate c : shortlist.values()) {
      if (c.state == State.FAILED || c.state == State.TAKEN) {
        continue;
      }
      if (c.state == State.NEW
          && asking
          && live < k
          && inFlight < alpha
          && !claim.claim(c.node.id())) {
        c.state = State.TAKEN;
        continue;
      }
      if (live++ >= k) {
        break;
      }
      if (c.state == State.NEW && asking) {
        if (inFlight >= alpha) {
          pending = true;
          continue;
        }
        ask(c);
        pending = true;
      } else if (c.state == State.ASKED) {
        pending = true;
      }
    }
    if (!pending && inFlight == 0) {
      finish();
    }
  }

  private void ask(Candidate c) {
    c.state = State.ASKED;
    inFlight++;
    queried++;
    asker.ask(
        c.node,
        answer -> {
          inFlight--;
          c.state = State.ANSWERED;
          for (NodeRef n : answer.closer()) {
            add(n, c.depth + 1);
          }
          if (answer.record() != null) {
            if (records.isEmpty()) {
              recordDepth = c.depth;
              env.schedule(graceMillis, this::finish);
            }
            records.add(answer.record());
          }
          step();
        },
        () -> {
          inFlight--;
          c.state = State.FAILED;
          step();
        });
  }

  /** Ends the lookup now with what it has (another path found the record). */
  void stop() {
    finish();
  }

  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    List<NodeRef> closest = new ArrayList<>();
    int hops = 0;
    for (Candidate c : shortlist.values()) {
      if (c.state == State.ANSWERED && closest.size() < k) {
        closest.add(c.node);
        if (closest.size() == 1) {
          hops = c.depth;
        }
      }
    }
    done.accept(
        new Result(
            List.copyOf(closest),
            List.copyOf(records),
            records.isEmpty() ? hops : recordDepth,
            queried));
  }
}
