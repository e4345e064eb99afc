package io.peervoice.signaling.internal.overlay;

import io.peervoice.natives.StreamConnection;
import io.peervoice.natives.TlsClientSettings;
import io.peervoice.signaling.StreamRoute;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The bookkeeping of one {@link ClientStreams} fallback's dials (RFC 8305 §5 style): TCP at once,
 * TLS with it or {@link StreamTiming#tlsHeadStartMillis} later, or as soon as TCP fails. The first
 * stream to open wins; once one won or the race was stopped (UDP answered) no further dial starts.
 * The race is {@linkplain #over() over} only when every dial it started has settled, so a dial
 * still pending can never outlive it and overwrite a later race's stream. Loop thread only.
 */
final class StreamRace {
  /** One dial: TCP when {@code tls} is null. */
  record Attempt(InetSocketAddress target, TlsClientSettings tls) {}

  final List<Attempt> attempts = new ArrayList<>(2);
  final StreamConnection[] connections;
  private final boolean[] started;
  private int pending;
  private int failed;
  private boolean won;
  private boolean stopped;
  private Env.Cancellable headStart;

  StreamRace(StreamRoute route) {
    String host = route.node().getHostString();
    if (route.tcpPort() != 0) {
      attempts.add(new Attempt(new InetSocketAddress(host, route.tcpPort()), null));
    }
    if (route.tlsPort() != 0) {
      attempts.add(new Attempt(new InetSocketAddress(host, route.tlsPort()), tls(route)));
    }
    connections = new StreamConnection[attempts.size()];
    started = new boolean[attempts.size()];
  }

  private static TlsClientSettings tls(StreamRoute route) {
    if (route.tlsServerName() != null) {
      return TlsClientSettings.jdkDefault(route.tlsServerName());
    }
    return new TlsClientSettings(
        NodePinning.context(), null, NodePinning.check(route.pinnedNode()));
  }

  /** Whether dial {@code index} starts now (it exists, has not started, nothing won or stopped). */
  boolean begin(int index) {
    if (index >= attempts.size() || started[index] || won || stopped) {
      return false;
    }
    started[index] = true;
    pending++;
    return true;
  }

  void headStart(Env.Cancellable timer) {
    headStart = timer;
  }

  /** A started dial completed, opened or not. */
  void settled(boolean opened) {
    pending--;
    if (!opened) {
      failed++;
    }
  }

  /** Whether an opened stream wins the race: the first one, unless the race was stopped. */
  boolean win() {
    if (won || stopped) {
      return false;
    }
    won = true;
    cancelHeadStart();
    return true;
  }

  /** No further dial starts (UDP answered, or the client is closing). */
  void stop() {
    stopped = true;
    cancelHeadStart();
  }

  private void cancelHeadStart() {
    if (headStart != null) {
      headStart.cancel();
    }
  }

  /** Every dial that started has settled and none will start any more. */
  boolean over() {
    if (pending > 0) {
      return false;
    }
    if (won || stopped) {
      return true;
    }
    for (boolean s : started) {
      if (!s) {
        return false;
      }
    }
    return true;
  }

  /** Every dial failed. */
  boolean allFailed() {
    return failed == attempts.size();
  }
}
