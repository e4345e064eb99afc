package io.peervoice.nat.internal;

import io.peervoice.nat.CandidateType;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceException;
import io.peervoice.nat.IceParameters;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.IceSession;
import io.peervoice.nat.IceStep;
import io.peervoice.nat.MediaPath;
import io.peervoice.nat.TrickleListener;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The documented fallback for a machine whose only interface is loopback, where ice4j has nothing
 * to harvest: one UDP socket on 127.0.0.1 offered as a host candidate, and a "connection" that
 * simply targets the peer's loopback candidate. No connectivity checks run; it reaches only a peer
 * on the same machine.
 */
public final class LoopbackSession implements IceSession {
  private static final Logger log = LoggerFactory.getLogger(LoopbackSession.class);
  private static final long HOST_PRIORITY = (126L << 24) | (65535L << 8) | 255;

  private final IceRole role;
  private final ScheduledExecutorService scheduler;
  private final ThreadFactory ioThreads;
  private final DatagramSocket socket;
  private final IceParameters local;
  private boolean connectCalled;

  public LoopbackSession(IceRole role, ScheduledExecutorService scheduler, ThreadFactory ioThreads)
      throws IceException {
    this(role, scheduler, ioThreads, java.util.Optional.empty());
  }

  /** As above, binding a port in {@code ports} when given. */
  public LoopbackSession(
      IceRole role,
      ScheduledExecutorService scheduler,
      ThreadFactory ioThreads,
      java.util.Optional<io.peervoice.nat.PortRange> ports)
      throws IceException {
    this.role = role;
    this.scheduler = scheduler;
    this.ioThreads = ioThreads;
    try {
      socket = bind(ports);
    } catch (IOException e) {
      throw new IceException(
          IceStep.GATHERING, "cannot bind a loopback UDP socket: " + e.getMessage(), e);
    }
    SecureRandom random = new SecureRandom();
    IceCandidate candidate =
        new IceCandidate(
            "lo",
            1,
            HOST_PRIORITY,
            socket.getLocalAddress().getHostAddress(),
            socket.getLocalPort(),
            CandidateType.HOST,
            null,
            0);
    local = new IceParameters(token(random, 4), token(random, 12), List.of(candidate));
    log.warn("no non-loopback network interface: using the loopback fallback instead of ICE");
  }

  private static String token(SecureRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** A loopback socket on any port, or on the first free one of {@code ports}. */
  private static DatagramSocket bind(java.util.Optional<io.peervoice.nat.PortRange> ports)
      throws IOException {
    if (ports.isEmpty()) {
      return new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }
    io.peervoice.nat.PortRange range = ports.get();
    int start = java.util.concurrent.ThreadLocalRandom.current().nextInt(range.size());
    IOException last = null;
    for (int i = 0; i < Math.min(range.size(), 50); i++) {
      int port = range.min() + (start + i) % range.size();
      try {
        return new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      } catch (java.net.BindException e) {
        last = e;
      }
    }
    throw new java.net.BindException("no free port in " + range + ": " + last.getMessage());
  }

  @Override
  public IceRole role() {
    return role;
  }

  @Override
  public IceParameters localParameters() {
    return local;
  }

  @Override
  public void gatherMore(TrickleListener listener) {
    scheduler.execute(listener::onEndOfCandidates);
  }

  /** The fallback only ever uses the loopback candidate given to {@link #connect}. */
  @Override
  public void addRemoteCandidate(IceCandidate candidate) {}

  @Override
  public synchronized CompletableFuture<MediaPath> connect(IceParameters remote) {
    if (connectCalled) {
      throw new IllegalStateException("connect() may be called once per ICE session");
    }
    connectCalled = true;
    long start = System.nanoTime();
    return CompletableFuture.supplyAsync(
        () -> {
          IceCandidate peer =
              remote.candidates().stream()
                  .filter(c -> isLoopback(c.address()))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new java.util.concurrent.CompletionException(
                              new IceException(
                                  IceStep.REMOTE_PARAMETERS,
                                  "loopback fallback: the peer offered no loopback candidate")));
          return new UdpMediaPath(
              socket,
              local.candidates().get(0),
              peer,
              System.nanoTime() - start,
              ioThreads,
              scheduler);
        },
        scheduler);
  }

  private static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
