package io.peervoice.session.internal;

import io.peervoice.nat.PathState;
import io.peervoice.session.RestartReason;
import java.util.function.Consumer;

/**
 * Decides when a call asks for an ICE restart: when the path loses consent or the network changes,
 * once per incident. While a restart is under way further cues are absorbed; when it ends (the new
 * path took over, or it failed) the next cue asks again. Thread-safe.
 */
public final class RestartTrigger {
  private Consumer<RestartReason> listener = reason -> {};
  private boolean underWay;
  private boolean closed;

  public synchronized void onRestartNeeded(Consumer<RestartReason> listener) {
    this.listener = listener;
  }

  public void pathState(PathState state) {
    if (state == PathState.DISCONNECTED || state == PathState.FAILED) {
      fire(RestartReason.CONSENT_LOST);
    }
  }

  public void networkChanged() {
    fire(RestartReason.NETWORK_CHANGED);
  }

  /** A restart began by the application or the peer: cues are absorbed until it ends. */
  public synchronized void started() {
    underWay = true;
  }

  /** The restart ended, one way or the other. */
  public synchronized void ended() {
    underWay = false;
  }

  public synchronized void close() {
    closed = true;
  }

  private void fire(RestartReason reason) {
    Consumer<RestartReason> notify;
    synchronized (this) {
      if (underWay || closed) {
        return;
      }
      underWay = true;
      notify = listener;
    }
    notify.accept(reason);
  }
}
