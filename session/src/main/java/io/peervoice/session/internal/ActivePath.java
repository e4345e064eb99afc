package io.peervoice.session.internal;

import io.peervoice.media.stream.PacketSink;
import io.peervoice.nat.DatagramHandler;
import io.peervoice.nat.IceException;
import io.peervoice.nat.IceParameters;
import io.peervoice.nat.IceSession;
import io.peervoice.nat.IceStep;
import io.peervoice.nat.MediaPath;
import io.peervoice.nat.PathState;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The media path a call is using now, and its replacement during an ICE restart (RFC 8445 §9): a
 * second ICE session connects while the first keeps carrying media, then media moves over and the
 * old session is closed. Streams send through this object, so their SRTP contexts, sequence numbers
 * and rollover counters carry on unchanged across the switch. Thread-safe.
 */
public final class ActivePath implements PacketSink {
  /** Opens a fresh ICE session with the call's configuration and role. */
  @FunctionalInterface
  public interface IceOpener {
    IceSession open() throws IceException;
  }

  private static final Duration GATHER_LIMIT = Duration.ofSeconds(20);

  private final IceOpener opener;
  private volatile IceSession ice;
  private volatile MediaPath path;
  private MediaPath receiving;
  private IceSession pending;
  private volatile Consumer<PathState> stateListener = state -> {};
  private boolean answered; // guarded by this
  private long retiredDrops;
  private long retiredSendDropped;
  private long retiredReceiveDropped;

  public ActivePath(IceSession first, IceOpener opener) {
    this.ice = first;
    this.opener = opener;
  }

  public IceSession ice() {
    return ice;
  }

  /**
   * The call was answered: tells the ICE session in use, and each one a restart opens ({@link
   * IceSession#answered()}: port prediction waits for it). Idempotent.
   */
  public void answered() {
    IceSession current;
    IceSession restarting; // a restart under way may have read "not answered" already
    synchronized (this) {
      answered = true;
      current = ice;
      restarting = pending;
    }
    current.answered();
    if (restarting != null) {
      restarting.answered();
    }
  }

  /** The path in use; null before the first one connected. */
  public MediaPath path() {
    return path;
  }

  /** Sets the first path, once ICE connected. */
  public void attach(MediaPath first) {
    this.path = first;
    follow(first);
  }

  /**
   * Starts delivering the current path's datagrams to {@code handler}, unless it already does (a
   * restarted path receives from the start).
   */
  public synchronized void startReceiving(DatagramHandler handler) {
    MediaPath current = path;
    if (current != null && current != receiving) {
      receiving = current;
      current.startReceiving(handler);
    }
  }

  /** Tells {@code listener} of the current path's state changes (RFC 7675), across restarts. */
  public void onStateChange(Consumer<PathState> listener) {
    this.stateListener = listener;
  }

  private void follow(MediaPath p) {
    p.onStateChange(
        state -> {
          if (p == path) {
            stateListener.accept(state);
          }
        });
  }

  @Override
  public void send(byte[] data, int offset, int length) throws IOException {
    MediaPath current = path;
    if (current == null) {
      throw new IOException("no media path yet");
    }
    current.send(data, offset, length);
  }

  /**
   * Opens the second ICE session and gathers its candidates; returns its parameters for the peer.
   *
   * @throws IllegalStateException if a restart is already pending
   */
  public synchronized IceParameters prepareRestart() throws IceException, InterruptedException {
    if (pending != null) {
      throw new IllegalStateException("an ICE restart is already under way");
    }
    pending = opener.open();
    pending.gatherAll(GATHER_LIMIT);
    return pending.localParameters();
  }

  /**
   * Connects the pending session to the peer's restart parameters; once connected, media moves to
   * the new path and the old session closes.
   */
  public CompletableFuture<MediaPath> completeRestart(
      IceParameters remote, DatagramHandler handler) {
    IceSession next;
    boolean live;
    synchronized (this) {
      next = pending;
      live = answered;
    }
    if (next == null) {
      return CompletableFuture.failedFuture(
          new IceException(IceStep.REMOTE_PARAMETERS, "no ICE restart was prepared"));
    }
    if (live) {
      next.answered();
    }
    return next.connect(remote)
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                abandon(next);
              }
            })
        .thenApply(
            newPath -> {
              newPath.startReceiving(handler);
              follow(newPath);
              IceSession old;
              synchronized (this) {
                MediaPath retired = path;
                if (retired != null) {
                  retiredDrops += retired.droppedForeignSource();
                  retiredSendDropped += retired.sendDropped();
                  retiredReceiveDropped += retired.receiveDropped();
                }
                old = ice;
                ice = next;
                path = newPath;
                receiving = newPath;
                pending = null;
              }
              old.close();
              return newPath;
            });
  }

  /** Drops a prepared restart that will not be completed (the peer's restart won instead). */
  public void cancelRestart() {
    IceSession dropped;
    synchronized (this) {
      dropped = pending;
      pending = null;
    }
    if (dropped != null) {
      dropped.close();
    }
  }

  private void abandon(IceSession failed) {
    synchronized (this) {
      if (pending != failed) {
        return;
      }
      pending = null;
    }
    failed.close();
  }

  /**
   * Datagrams dropped on this call's paths, across ICE restarts, because they did not come from the
   * selected remote address.
   */
  public synchronized long droppedForeignSource() {
    MediaPath current = path;
    return retiredDrops + (current == null ? 0 : current.droppedForeignSource());
  }

  /**
   * Datagrams this call's paths dropped before the network, across ICE restarts ({@link
   * MediaPath#sendDropped()}).
   */
  public synchronized long sendDropped() {
    MediaPath current = path;
    return retiredSendDropped + (current == null ? 0 : current.sendDropped());
  }

  /**
   * Datagrams this call's paths received but dropped for want of room, across ICE restarts ({@link
   * MediaPath#receiveDropped()}).
   */
  public synchronized long receiveDropped() {
    MediaPath current = path;
    return retiredReceiveDropped + (current == null ? 0 : current.receiveDropped());
  }

  public void close() {
    IceSession restarting;
    synchronized (this) {
      restarting = pending;
      pending = null;
    }
    if (restarting != null) {
      restarting.close();
    }
    ice.close();
    MediaPath current = path;
    if (current != null) {
      current.close();
    }
  }
}
