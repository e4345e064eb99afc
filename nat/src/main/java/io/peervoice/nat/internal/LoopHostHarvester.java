package io.peervoice.nat.internal;

import io.peervoice.nat.PortRange;
import io.peervoice.natives.MediaLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntUnaryOperator;
import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.ice4j.ice.harvest.HostCandidateHarvester;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ice4j's host candidates, bound on a call's media loop instead of on sockets ice4j reads with a
 * thread each: for every address ice4j would use ({@link
 * HostCandidateHarvester#getAllAllowedAddresses()}), a {@link HostPort} on the loop, wrapped for
 * ice4j as its own harvester does (a {@link MultiplexingDatagramSocket} over the port's {@link
 * AdapterSocket}, registered with the agent's STUN stack). Ports come from the configured range, if
 * any, starting at a random port and trying the next ones (wrapping) like ice4j.
 */
final class LoopHostHarvester implements CandidateHarvester {
  private static final Logger log = LoggerFactory.getLogger(LoopHostHarvester.class);

  /** Ports tried per address in a range, as ice4j's default bind retries. */
  static final int BIND_TRIES = 50;

  private final MediaLoop loop;
  private final Optional<PortRange> range;
  private final IntUnaryOperator random;
  private final HarvestStatistics statistics = new HarvestStatistics();
  private final List<HostPort> ports = new CopyOnWriteArrayList<>();
  private final List<Runnable> readers = new ArrayList<>(); // guarded by itself; not yet started
  private volatile IOException lastFailure;

  /**
   * @param random a random int in [0, bound) for the range's first port
   */
  LoopHostHarvester(MediaLoop loop, Optional<PortRange> range, IntUnaryOperator random) {
    this.loop = loop;
    this.range = range;
    this.random = random;
  }

  @Override
  public Collection<LocalCandidate> harvest(Component component) {
    List<LocalCandidate> found = new ArrayList<>();
    int start = range.map(r -> r.min() + random.applyAsInt(r.size())).orElse(0);
    for (InetAddress address : HostCandidateHarvester.getAllAllowedAddresses()) {
      HostPort port;
      try {
        port = bind(address, start);
      } catch (IOException e) {
        lastFailure = e;
        log.debug("no host candidate on {}: {}", address, e.getMessage());
        continue;
      }
      try {
        HostCandidate candidate =
            new HostCandidate(
                new IceUdpSocketWrapper(new HostMultiplexingSocket(port.adapter())),
                component,
                Transport.UDP);
        candidate.setVirtual(isVirtual(address));
        if (!component.addLocalCandidate(candidate)) {
          candidate.getCandidateIceSocketWrapper().close();
          port.close();
          continue;
        }
        IceSocketWrapper stun = candidate.getStunSocket(null);
        synchronized (readers) {
          readers.add(() -> candidate.getStunStack().addSocket(stun));
        }
        ports.add(port);
        found.add(candidate);
      } catch (SocketException | RuntimeException e) {
        port.close();
        lastFailure = new IOException(e.getMessage(), e);
        log.debug("no host candidate on {}: {}", address, e.toString());
      }
    }
    return found;
  }

  private HostPort bind(InetAddress address, int start) throws IOException {
    if (range.isEmpty()) {
      return HostPort.bind(loop, address, 0);
    }
    PortRange r = range.get();
    int port = start;
    IOException last = null;
    for (int i = 0; i < Math.min(BIND_TRIES, r.size()); i++) {
      try {
        return HostPort.bind(loop, address, port);
      } catch (IOException e) {
        last = e;
      }
      port = port == r.max() ? r.min() : port + 1;
    }
    throw new IOException("no free port in " + r + " on " + address.getHostAddress(), last);
  }

  private static boolean isVirtual(InetAddress address) {
    try {
      NetworkInterface nif = NetworkInterface.getByInetAddress(address);
      return nif != null && nif.isVirtual();
    } catch (SocketException e) {
      return false;
    }
  }

  /**
   * S20: starts ice4j's reader of each host port (one {@code IceConnector} thread per port, feeding
   * its STUN stack), once; what came before waits in the port's queue. Deferred from the harvest
   * until the session's credentials are given out or its checks start: before that no peer can send
   * a check that authenticates, so an ICE session prepared ahead for a call that has not come yet
   * (S20, {@code PreparedIce}) holds its ports without a thread per port.
   */
  void startReaders() {
    synchronized (readers) { // a second caller returns once they run, not before
      for (Runnable r : readers) {
        try {
          r.run();
        } catch (RuntimeException e) {
          log.warn("a host port's STUN reader did not start: {}", e.toString());
        }
      }
      readers.clear();
    }
  }

  /** The ports bound so far. */
  List<HostPort> ports() {
    return ports;
  }

  /** Why the last address could not be bound, if one could not. */
  Optional<IOException> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  @Override
  public HarvestStatistics getHarvestStatistics() {
    return statistics;
  }

  @Override
  public boolean isHostHarvester() {
    return true;
  }
}
