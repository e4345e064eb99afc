package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.NodeRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A lookup over d disjoint paths (S/Kademlia, Baumgart and Mizrak 2007, §4.4): the k closest nodes
 * we know are dealt round-robin to d {@link IterativeLookup}s, each with its own α, and a node
 * asked by one path is never asked by another. A path whose nodes are all honest therefore finds
 * the target even if every node another path meets is an attacker's. The lookup ends when every
 * path has ended, or, for a record, a grace period after the first record arrived on any path. The
 * result merges the paths: the k closest nodes that answered, and the records of every path (the
 * caller keeps the freshest valid one). Runs on the logic thread.
 */
final class DisjointLookup {
  private final PeerId target;
  private final int k;
  private final Env env;
  private final long graceMillis;
  private final Consumer<IterativeLookup.Result> done;
  private final List<IterativeLookup> paths = new ArrayList<>();
  private final IterativeLookup.Result[] results;
  private final Map<PeerId, Integer> owner = new HashMap<>();
  private int firstRecordPath = -1;
  private int left;
  private boolean finished;

  /**
   * @param paths d, the number of disjoint paths (1 is plain Kademlia)
   * @param start the nodes to start from, closest first
   */
  DisjointLookup(
      PeerId target,
      int k,
      int alpha,
      int paths,
      boolean wantRecord,
      List<NodeRef> start,
      IterativeLookup.Asker asker,
      Env env,
      long graceMillis,
      Consumer<IterativeLookup.Result> done) {
    this.target = target;
    this.k = k;
    this.env = env;
    this.graceMillis = graceMillis;
    this.done = done;
    int d = Math.max(1, Math.min(paths, start.size()));
    this.results = new IterativeLookup.Result[d];
    this.left = d;
    List<List<NodeRef>> starts = new ArrayList<>();
    for (int i = 0; i < d; i++) {
      starts.add(new ArrayList<>());
    }
    for (int i = 0; i < start.size(); i++) {
      starts.get(i % d).add(start.get(i));
      owner.put(start.get(i).id(), i % d);
    }
    for (int i = 0; i < d; i++) {
      int path = i;
      this.paths.add(
          new IterativeLookup(
              target,
              k,
              alpha,
              wantRecord,
              starts.get(i),
              (node, onAnswer, onFailure) ->
                  asker.ask(
                      node,
                      answer -> {
                        if (answer.record() != null) {
                          recordFound(path);
                        }
                        onAnswer.accept(answer);
                      },
                      onFailure),
              env,
              graceMillis,
              d == 1 ? node -> true : node -> owner.computeIfAbsent(node, n -> path) == path,
              result -> pathDone(path, result)));
    }
  }

  void start() {
    for (IterativeLookup path : List.copyOf(paths)) {
      path.start();
    }
  }

  private void recordFound(int path) {
    if (firstRecordPath < 0) {
      firstRecordPath = path;
      if (paths.size() > 1) {
        env.schedule(graceMillis, this::stopAll);
      }
    }
  }

  private void stopAll() {
    for (IterativeLookup path : paths) {
      path.stop();
    }
  }

  private void pathDone(int path, IterativeLookup.Result result) {
    results[path] = result;
    if (--left == 0 && !finished) {
      finished = true;
      done.accept(merge());
    }
  }

  /**
   * The k closest answered nodes, taking the ⌈k/d⌉ closest of every path first: a path an attacker
   * fills with made-up ids closer than any real node cannot push the other paths' nodes out.
   */
  private List<NodeRef> fairClosest(Comparator<NodeRef> byDistance) {
    int share = (k + results.length - 1) / results.length;
    java.util.LinkedHashSet<NodeRef> chosen = new java.util.LinkedHashSet<>();
    List<NodeRef> rest = new ArrayList<>();
    for (IterativeLookup.Result r : results) {
      for (int i = 0; i < r.closest().size(); i++) {
        (i < share ? chosen : rest).add(r.closest().get(i));
      }
    }
    rest.sort(byDistance);
    for (NodeRef n : rest) {
      if (chosen.size() >= k) {
        break;
      }
      chosen.add(n);
    }
    return chosen.stream().sorted(byDistance).limit(k).toList();
  }

  private IterativeLookup.Result merge() {
    if (results.length == 1) {
      return results[0];
    }
    Comparator<NodeRef> byDistance =
        Comparator.comparing(n -> target.distance(n.id()), Arrays::compareUnsigned);
    List<byte[]> records = new ArrayList<>();
    int queried = 0;
    int hops = 0;
    NodeRef best = null;
    for (IterativeLookup.Result r : results) {
      records.addAll(r.records());
      queried += r.queried();
      if (!r.closest().isEmpty()
          && (best == null || byDistance.compare(r.closest().get(0), best) < 0)) {
        best = r.closest().get(0);
        hops = r.hops();
      }
    }
    if (firstRecordPath >= 0) {
      hops = results[firstRecordPath].hops();
    }
    List<NodeRef> closest = fairClosest(byDistance);
    return new IterativeLookup.Result(closest, List.copyOf(records), hops, queried);
  }
}
