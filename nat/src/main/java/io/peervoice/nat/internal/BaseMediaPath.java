package io.peervoice.nat.internal;

import io.peervoice.nat.DatagramHandler;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceTimings;
import io.peervoice.nat.MediaPath;
import io.peervoice.nat.PathState;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * What every media path shares: the selected pair's description, its state, and the filter that
 * admits only the selected remote address. How datagrams are received is the subclass's: a thread
 * of its own ({@link ThreadedMediaPath}) or the call's event loop ({@link LoopMediaPath}).
 */
abstract class BaseMediaPath implements MediaPath {
  private final IceCandidate local;
  private final IceCandidate remote;
  private final Duration connectDuration;
  private final Executor events;
  private final SourceFilter sources;
  private boolean receiving;
  private PathState state = PathState.CONNECTED;
  private Consumer<PathState> listener;

  BaseMediaPath(
      IceCandidate local,
      IceCandidate remote,
      long connectNanos,
      SourceFilter sources,
      Executor events) {
    this.local = local;
    this.sources = sources;
    this.remote = remote;
    this.connectDuration = Duration.ofNanos(connectNanos);
    this.events = events;
  }

  private IceTimings timings = new IceTimings(-1, -1, -1, -1);

  void setTimings(IceTimings timings) {
    this.timings = timings;
  }

  @Override
  public IceTimings timings() {
    return timings;
  }

  private volatile java.util.function.Supplier<io.peervoice.nat.PortPredictionReport> prediction;

  /** What port prediction did beside this path (ICE found a direct pair itself). */
  void setPortPrediction(
      java.util.function.Supplier<io.peervoice.nat.PortPredictionReport> report) {
    this.prediction = report;
  }

  @Override
  public java.util.Optional<io.peervoice.nat.PortPredictionReport> portPrediction() {
    var p = prediction;
    return p == null ? java.util.Optional.empty() : java.util.Optional.of(p.get());
  }

  @Override
  public synchronized PathState state() {
    return state;
  }

  @Override
  public synchronized void onStateChange(Consumer<PathState> listener) {
    if (this.listener != null) {
      throw new IllegalStateException("a state listener is already set");
    }
    this.listener = listener;
  }

  /**
   * Tells the listener the current state again, on the scheduler, unless it is {@code CONNECTED}: a
   * path beside this one ({@link PredictedPath}) stopped hiding it.
   */
  void announceUnlessConnected() {
    Consumer<PathState> notify;
    PathState now;
    synchronized (this) {
      notify = listener;
      now = state;
    }
    if (notify != null && now != PathState.CONNECTED) {
      try {
        events.execute(() -> notify.accept(now));
      } catch (RejectedExecutionException e) {
        // the session's scheduler is shut down: nobody is listening any more
      }
    }
  }

  /** Moves to {@code next}; a closed path stays closed. Listeners hear of it on the scheduler. */
  void updateState(PathState next) {
    Consumer<PathState> notify;
    synchronized (this) {
      if (state == next || state == PathState.CLOSED) {
        return;
      }
      state = next;
      notify = listener;
    }
    if (notify != null) {
      try {
        events.execute(() -> notify.accept(next));
      } catch (RejectedExecutionException e) {
        // the session's scheduler is shut down: nobody is listening any more
      }
    }
  }

  @Override
  public final synchronized void startReceiving(DatagramHandler handler) {
    if (receiving) {
      throw new IllegalStateException("already receiving");
    }
    receiving = true;
    beginReceiving(handler, sources);
  }

  /** Starts delivering admitted datagrams to {@code handler}; called once. */
  abstract void beginReceiving(DatagramHandler handler, SourceFilter sources);

  /** Stops delivering datagrams; idempotent, and harmless before {@link #beginReceiving}. */
  abstract void stopReceiving();

  /** Stops the path's consent checks, if it runs any (RFC 7675). */
  void stopConsent() {}

  @Override
  public io.peervoice.nat.PathStalls stalls() {
    return sources.stalls();
  }

  @Override
  public long droppedForeignSource() {
    return sources.dropped();
  }

  @Override
  public IceCandidate localCandidate() {
    return local;
  }

  @Override
  public IceCandidate remoteCandidate() {
    return remote;
  }

  @Override
  public Duration connectDuration() {
    return connectDuration;
  }
}
