package io.peervoice.session;

import io.peervoice.nat.DatagramHandler;
import io.peervoice.nat.IceException;
import io.peervoice.nat.IceParameters;
import io.peervoice.nat.PathState;
import io.peervoice.session.internal.ActivePath;
import io.peervoice.session.internal.RestartTrigger;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A media session's ICE restarts: when one is needed (consent lost, network changed; asked once per
 * incident), and preparing, cancelling and completing it on the session's {@link ActivePath}.
 */
final class MediaSessionRestarts {
  private static final Logger log = LoggerFactory.getLogger(MediaSession.class);

  private final ActivePath active;
  private final SessionKeys keys;
  private final RestartTrigger trigger = new RestartTrigger();

  MediaSessionRestarts(ActivePath active, SessionKeys keys) {
    this.active = active;
    this.keys = keys;
  }

  /** See {@link MediaSession#prepareIceRestart()}; {@code local} gives our current description. */
  SessionDescription prepare(Supplier<SessionDescription> local)
      throws CallFailedException, InterruptedException {
    trigger.started();
    try {
      IceParameters ice = active.prepareRestart();
      return local.get().withIce(ice);
    } catch (IceException e) {
      trigger.ended();
      throw new CallFailedException(CallStep.GATHERING, e.getMessage(), e);
    } catch (InterruptedException | RuntimeException e) {
      trigger.ended();
      throw e;
    }
  }

  void cancel() {
    active.cancelRestart();
    trigger.ended();
  }

  /**
   * See {@link MediaSession#completeIceRestart}; the new path delivers to {@code receiver}, and the
   * keying strategy is asked again once media moved.
   */
  CompletableFuture<Void> complete(SessionDescription remote, DatagramHandler receiver) {
    return active
        .completeRestart(remote.ice(), receiver)
        .handle(
            (newPath, error) -> {
              trigger.ended();
              if (error != null) {
                throw new CompletionException(
                    CallFailedException.at(CallStep.ICE, "ICE restart: ", error));
              }
              log.info(
                  "media moved to {} -> {}", newPath.localCandidate(), newPath.remoteCandidate());
              return newPath;
            })
        .thenCompose(moved -> keys.restarted());
  }

  /** See {@link MediaSession#onRestartNeeded}; a listener that throws is logged. */
  void onRestartNeeded(Consumer<RestartReason> listener) {
    trigger.onRestartNeeded(
        reason -> {
          try {
            listener.accept(reason);
          } catch (RuntimeException e) {
            log.warn("restart listener failed", e);
            trigger.ended();
          }
        });
  }

  /** Local addresses changed: a restart is needed if the session has a path. */
  void networkChanged(MediaSession.State now) {
    if (now == MediaSession.State.ACTIVE || now == MediaSession.State.CONNECTED) {
      trigger.networkChanged();
    }
  }

  void pathState(PathState state) {
    trigger.pathState(state);
  }

  void close() {
    trigger.close();
  }
}
