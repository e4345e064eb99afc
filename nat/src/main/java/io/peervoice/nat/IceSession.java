package io.peervoice.nat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One side of an ICE negotiation (RFC 8445) for a single audio component. Created with its host
 * candidates gathered; server-reflexive and relayed ones trickle in through {@link #gatherMore}
 * (RFC 8838) so that signaling need not wait for STUN and TURN. {@link #connect} starts
 * connectivity checks against the peer's parameters (more remote candidates may follow through
 * {@link #addRemoteCandidate}) and completes with the selected {@link MediaPath}, or exceptionally
 * with an {@link IceException} naming the failed step. Callbacks and futures complete on the
 * session's scheduler, never on ice4j's threads.
 */
public interface IceSession extends AutoCloseable {

  IceRole role();

  /** Our credentials and the candidates gathered so far (host candidates at first). */
  IceParameters localParameters();

  /**
   * Gathers server-reflexive and relayed candidates in the background, telling {@code listener} of
   * each and then of the end. With no STUN or TURN server configured the end comes at once.
   *
   * @throws IllegalStateException if called twice
   */
  void gatherMore(TrickleListener listener);

  /**
   * Gathers server-reflexive and relayed candidates and waits for the end, for signaling without
   * trickle; returns the candidates found.
   *
   * @throws IceException at {@link IceStep#GATHERING} if gathering does not end within {@code
   *     limit}
   */
  default List<IceCandidate> gatherAll(Duration limit) throws IceException, InterruptedException {
    List<IceCandidate> found = new CopyOnWriteArrayList<>();
    CompletableFuture<List<IceCandidate>> end = new CompletableFuture<>();
    gatherMore(
        new TrickleListener() {
          @Override
          public void onCandidate(IceCandidate candidate) {
            found.add(candidate);
          }

          @Override
          public void onEndOfCandidates() {
            end.complete(List.copyOf(found));
          }
        });
    try {
      return end.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IceException(
          IceStep.GATHERING,
          "STUN/TURN gathering did not end within " + limit.toMillis() + " ms",
          e);
    }
  }

  /** Adds a candidate the peer trickled, before or after {@link #connect}. */
  void addRemoteCandidate(IceCandidate candidate);

  /**
   * Starts connectivity checks. May be called once.
   *
   * @throws IllegalStateException if called twice
   */
  CompletableFuture<MediaPath> connect(IceParameters remote);

  /**
   * Tells the session that the call was answered (both ends tell their own). Until then nothing is
   * sent that the peer's description aims and that ICE does not need: port prediction's burst
   * ({@link IceConfig#portPredictionPorts()}) waits for this. May come before or after {@link
   * #connect}; sessions without such work ignore it.
   */
  default void answered() {}

  /**
   * S19: tells {@code listener} once, on the session's scheduler, of a pair valid for us before ICE
   * selected a path ({@link EarlyKeyingPath}), if this session offers one: a controlled agent whose
   * peer may nominate several pairs (a browser, {@link IceConfig#singleNomination()} false), a pair
   * on one of our host candidates. Set it before {@link #connect}. Others never call it.
   */
  default void onEarlyKeyingPath(java.util.function.Consumer<EarlyKeyingPath> listener) {}

  /** Frees sockets and the agent; a pending connect fails with {@link IceStep#CLOSED}. */
  @Override
  void close();
}
