package io.peervoice.nat;

import java.util.concurrent.CompletableFuture;

/**
 * One side of an ICE negotiation (RFC 8445) for a single audio component. Created with its local
 * candidates already gathered; {@link #connect} starts connectivity checks against the peer's
 * parameters and completes with the selected {@link MediaPath}, or exceptionally with an {@link
 * IceException} naming the failed step. Futures complete on an executor of the session, never on
 * ice4j's threads.
 */
public interface IceSession extends AutoCloseable {

  IceRole role();

  /** Our credentials and candidates, to send to the peer. */
  IceParameters localParameters();

  /**
   * Starts connectivity checks. May be called once.
   *
   * @throws IllegalStateException if called twice
   */
  CompletableFuture<MediaPath> connect(IceParameters remote);

  /** Frees sockets and the agent; a pending connect fails with {@link IceStep#CLOSED}. */
  @Override
  void close();
}
