package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.nat.CandidateType;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceParameters;
import io.peervoice.nat.internal.stun.IceCredentials;
import io.peervoice.nat.internal.stun.ProbeStun;
import io.peervoice.natives.MediaLoop;
import io.peervoice.natives.MediaLoops;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When a port-prediction burst may go: only when it is on and the session may show the peer our
 * address, only once the call is answered (the peer names where the burst goes: while it rings it
 * could aim our datagrams anywhere by calling us), and only if the process's budget allows one
 * toward the peer's network. The probes go to a real loopback socket standing in for the peer.
 */
class PortPredictionsTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final IceParameters REMOTE =
      new IceParameters("peer", "peer-password-0123456789", List.of());
  private final MediaLoops loops = MediaLoops.create(1, "pps-test");
  private final MediaLoop loop = loops.next();
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    loops.close();
  }

  @Test
  void aRelayOnlySessionNeverBursts() {
    IceConfig on = IceConfig.builder().portPrediction(true).build();
    assertThat(PortPredictions.wanted(on)).isTrue();
    assertThat(PortPredictions.wanted(on.toBuilder().relayOnly(true).build()))
        .as("relay-only (as PhoneMedia derives it for strangers) with prediction on")
        .isFalse();
    assertThat(PortPredictions.wanted(IceConfig.defaults())).as("off by default").isFalse();
  }

  @Test
  void aRingingCallSendsNoProbeAndTheAnswerStartsTheBurst() throws Exception {
    DatagramChannel peer = peer();
    PortPredictions predictions = predictions(peer, new ProbeBudget(new AtomicLong()::get));

    predictions.connecting(REMOTE); // ICE runs while the call rings
    barrier();
    assertThat(received(peer, false)).as("nothing sent while ringing").isFalse();

    predictions.answered();
    assertThat(received(peer, true)).as("the answer starts the burst").isTrue();
  }

  @Test
  void aSecondCallTowardTheSameNetworkWithinTheMinuteSendsNoBurst() throws Exception {
    ProbeBudget budget = new ProbeBudget(new AtomicLong()::get); // time stands still
    DatagramChannel first = peer();
    PortPredictions one = predictions(first, budget);
    one.answered();
    one.connecting(REMOTE);
    assertThat(received(first, true)).isTrue();

    DatagramChannel second = peer(); // another port of the same address: the same network
    PortPredictions two = predictions(second, budget);
    two.connecting(REMOTE);
    two.answered();
    barrier();
    assertThat(received(second, false)).as("no second burst at the network").isFalse();
  }

  /** A socket standing in for the peer's reflexive address. */
  private DatagramChannel peer() throws Exception {
    DatagramChannel c = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
    open.add(c);
    return c;
  }

  /** Predictions whose probe plays the hard role toward {@code peer} (4 sockets, 4 checks). */
  private PortPredictions predictions(DatagramChannel peer, ProbeBudget budget) throws Exception {
    InetSocketAddress to = (InetSocketAddress) peer.getLocalAddress();
    IceCandidate srflx =
        new IceCandidate(
            "1", 1, 100, "127.0.0.1", to.getPort(), CandidateType.SERVER_REFLEXIVE, null, 0);
    ProbePlan plan =
        new ProbePlan(
            4,
            null,
            null,
            LOOPBACK,
            srflx,
            Duration.ofSeconds(1),
            Duration.ofMillis(50),
            Duration.ofSeconds(5));
    PortPredictionProbe probe =
        new PortPredictionProbe(
            plan,
            loop,
            loop,
            new ProbeStun(
                new IceCredentials("ours", "our-password-0123456789", "peer", "peer-password"),
                new SplittableRandom(7),
                16),
            new SplittableRandom(8),
            System::currentTimeMillis);
    PortPredictions p = new PortPredictions(remote -> Optional.of(probe), budget);
    open.add(p::close);
    return p;
  }

  /**
   * Waits until what was posted to the loop before ran, and then what that posted: a burst's first
   * beat writes its datagrams and flushes them in a task of its own.
   */
  private void barrier() throws Exception {
    loop.executor().submit(() -> {}).get();
    loop.executor().submit(() -> {}).get();
  }

  /** Whether a datagram came: waits up to 10 s for one if {@code wait}, else looks once. */
  private static boolean received(DatagramChannel c, boolean wait) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(2048);
    if (!wait) {
      c.configureBlocking(false);
      return c.receive(b) != null;
    }
    c.configureBlocking(true);
    c.socket().setSoTimeout(10_000);
    try {
      c.socket().receive(new java.net.DatagramPacket(new byte[2048], 2048));
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }
}
