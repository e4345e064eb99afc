package io.peervoice.nat.internal;

import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.TrickleListener;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongConsumer;
import org.ice4j.ice.Agent;
import org.ice4j.ice.LocalCandidate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trickle gathering (server-reflexive and relayed candidates) of an ice4j agent on a thread of its
 * own, each candidate the session offers handed to the listener through {@code post}.
 */
final class Ice4jTrickle {
  private static final Logger log = LoggerFactory.getLogger(Ice4jTrickle.class);

  private Ice4jTrickle() {}

  /**
   * @param tookMillis told how long gathering took, when it ends
   */
  static void start(
      Agent agent,
      CandidateFilter filter,
      ThreadFactory ioThreads,
      Executor post,
      TrickleListener listener,
      LongConsumer tookMillis) {
    long trickleStart = System.nanoTime();
    Thread harvest =
        ioThreads.newThread(
            () -> {
              try {
                agent.startCandidateTrickle(
                    found -> {
                      if (found == null) {
                        tookMillis.accept((System.nanoTime() - trickleStart) / 1_000_000);
                        post.execute(listener::onEndOfCandidates);
                      } else {
                        for (LocalCandidate c : found) {
                          IceCandidate candidate = Candidates.toRecord(c);
                          if (filter.offers(candidate)) {
                            post.execute(() -> listener.onCandidate(candidate));
                          }
                        }
                      }
                    });
              } catch (IllegalStateException e) {
                log.debug("trickle gathering stopped: {}", e.getMessage());
                post.execute(listener::onEndOfCandidates);
              }
            });
    harvest.setName("peervoice-ice-gather");
    harvest.setDaemon(true);
    harvest.start();
  }
}
