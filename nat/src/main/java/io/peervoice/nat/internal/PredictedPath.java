package io.peervoice.nat.internal;

import io.peervoice.nat.DatagramHandler;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceTimings;
import io.peervoice.nat.MediaPath;
import io.peervoice.nat.PathStalls;
import io.peervoice.nat.PathState;
import io.peervoice.nat.PortPredictionReport;
import io.peervoice.nat.TurnServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The path ICE selected through a relay, with port prediction ({@link PortPredictionProbe}) beside
 * it: media goes through the relay until the probe finds a direct path, then over that path, and
 * back through the relay (kept, with its consent and allocation, as the fallback) if the direct
 * path loses consent. Datagrams from either are handed to the one handler, one at a time. The
 * report's candidates and relay fields follow the path in use.
 */
final class PredictedPath implements MediaPath {
  private final BaseMediaPath relay;
  private final PortPredictionProbe probe;
  private final Object handing = new Object();
  private volatile PredictedLink direct;
  private DatagramHandler handler; // guarded by this

  PredictedPath(BaseMediaPath relay, PortPredictionProbe probe) {
    this.relay = relay;
    this.probe = probe;
    PredictedLink now =
        probe.listen(
            new PredictedLink.Listener() {
              @Override
              public void found(PredictedLink link) {
                use(link);
              }

              @Override
              public void lost() {
                direct = null;
                relay.announceUnlessConnected(); // what it hid while the direct path carried
              }
            });
    if (now != null) {
      use(now);
    }
  }

  /** The relay path underneath. */
  BaseMediaPath relay() {
    return relay;
  }

  private synchronized void use(PredictedLink link) {
    direct = link;
    if (handler != null) {
      link.attach(handler);
    }
  }

  @Override
  public void send(byte[] data, int offset, int length) throws IOException {
    PredictedLink link = direct;
    if (link != null) {
      link.send(data, offset, length);
    } else {
      relay.send(data, offset, length);
    }
  }

  @Override
  public synchronized void startReceiving(DatagramHandler h) {
    DatagramHandler one =
        (data, offset, length) -> {
          synchronized (handing) {
            h.onDatagram(data, offset, length);
          }
        };
    relay.startReceiving(one);
    this.handler = one;
    PredictedLink link = direct;
    if (link != null) {
      link.attach(one);
    }
  }

  @Override
  public long droppedForeignSource() {
    return relay.droppedForeignSource();
  }

  @Override
  public long sendDropped() {
    return relay.sendDropped();
  }

  @Override
  public long receiveDropped() {
    return relay.receiveDropped();
  }

  @Override
  public PathState state() {
    return direct != null ? PathState.CONNECTED : relay.state();
  }

  @Override
  public void onStateChange(Consumer<PathState> listener) {
    // while the direct path carries the media, the relay's consent is not the call's: a relay that
    // fails then must not end (or restart) a call that is heard; its state counts again on loss
    relay.onStateChange(
        state -> {
          if (direct == null) {
            listener.accept(state);
          }
        });
  }

  @Override
  public IceCandidate localCandidate() {
    PredictedLink link = direct;
    return link != null ? link.local() : relay.localCandidate();
  }

  @Override
  public IceCandidate remoteCandidate() {
    PredictedLink link = direct;
    return link != null ? link.remote() : relay.remoteCandidate();
  }

  @Override
  public Optional<TurnServer.Transport> relayTransport() {
    return direct != null ? Optional.empty() : relay.relayTransport();
  }

  @Override
  public Optional<Duration> relayRoundTrip() {
    return direct != null ? Optional.empty() : relay.relayRoundTrip();
  }

  @Override
  public PathStalls stalls() {
    return relay.stalls();
  }

  @Override
  public Optional<PortPredictionReport> portPrediction() {
    return Optional.of(probe.report());
  }

  @Override
  public Duration connectDuration() {
    return relay.connectDuration();
  }

  @Override
  public IceTimings timings() {
    return relay.timings();
  }

  @Override
  public boolean loopbackFallback() {
    return false;
  }

  @Override
  public void close() {
    probe.close();
    PredictedLink link = direct;
    if (link != null) {
      link.close();
    }
    relay.close();
  }
}
