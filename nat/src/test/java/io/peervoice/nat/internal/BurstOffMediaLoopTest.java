package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.nat.CandidateType;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.internal.stun.IceCredentials;
import io.peervoice.nat.internal.stun.ProbeStun;
import io.peervoice.natives.MediaLoop;
import io.peervoice.natives.MediaLoops;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A port-prediction burst runs on a loop of its own ({@link ProbeLoop} in calls), not on the call's
 * media loop, where the ICE port lives and media is sent and received: while the burst's loop is
 * busy, media crosses the ICE port both ways before the burst has even begun; while the media loop
 * is held, the whole burst still runs (every hard socket opened and its check sent, the easy checks
 * queued to the ICE port, and sent once the loop is free). Real loopback sockets; the easy side's
 * guesses are scripted to sockets of this test (nothing is sprayed at other ports of the machine).
 */
class BurstOffMediaLoopTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final int PORTS = 32; // two beats of each role
  private final MediaLoops mediaLoops = MediaLoops.create(1, "call-loop");
  private final MediaLoops probeLoops = MediaLoops.create(1, "probe-loop");
  private final MediaLoop media = mediaLoops.next();
  private final MediaLoop probeLoop = probeLoops.next();
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    for (AutoCloseable c : open) {
      c.close();
    }
    mediaLoops.close();
    probeLoops.close();
  }

  @Test
  void theWholeBurstRunsWhileTheMediaLoopIsHeld() throws Exception {
    Setup s = setUp();
    hold(media);

    s.probe().start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                s.probe().report().socketsOpened() == PORTS
                    && s.probe().report().probesSent() == 2 * PORTS);
    assertThat(receive(s.peer(), PORTS))
        .as("every hard socket's check reached the peer's reflexive address")
        .isEqualTo(PORTS);

    release.countDown(); // the easy checks were queued to the ICE port's loop: out they go now
    for (DatagramChannel target : s.guessed()) {
      assertThat(receive(target, 1)).as("the sprayed check to " + address(target)).isEqualTo(1);
    }
  }

  @Test
  void mediaCrossesTheIcePortBeforeTheBurstBegins() throws Exception {
    Setup s = setUp();
    DatagramChannel peerMedia = channel();
    List<byte[]> heard = new CopyOnWriteArrayList<>();
    s.icePort()
        .attachMedia(
            SourceFilter.of(address(peerMedia)),
            (data, offset, length) ->
                heard.add(java.util.Arrays.copyOfRange(data, offset, offset + length)));
    hold(probeLoop); // the burst's loop is busy (another call's burst, say)

    s.probe().start();
    media.executor().submit(() -> {}).get(); // what start() put on the media loop, if anything
    byte[] rtp = {(byte) 0x80, 111, 0, 1};
    peerMedia.send(ByteBuffer.wrap(rtp), s.icePort().localAddress());
    await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());
    s.icePort().send(rtp, 0, rtp.length, address(peerMedia));
    assertThat(receive(peerMedia, 1)).as("media sent from the ICE port").isEqualTo(1);
    assertThat(heard.get(0)).isEqualTo(rtp);
    assertThat(s.probe().report().tried()).as("the burst has not begun").isFalse();
    assertThat(s.probe().report().probesSent()).isZero();

    release.countDown();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> s.probe().report().probesSent() == 2 * PORTS);
  }

  private record Setup(
      PortPredictionProbe probe,
      HostPort icePort,
      DatagramChannel peer,
      List<DatagramChannel> guessed) {}

  /** A probe playing both roles (as a symmetric side does) from an ICE port on the media loop. */
  private Setup setUp() throws Exception {
    HostPort icePort = HostPort.bind(media, LOOPBACK, 0);
    open.add(icePort);
    DatagramChannel peer = channel(); // the peer's reflexive address
    List<DatagramChannel> guessed = new ArrayList<>();
    for (int i = 0; i < PORTS; i++) {
      guessed.add(channel());
    }
    ProbePlan plan =
        new ProbePlan(
            PORTS,
            icePort,
            srflx(icePort.localAddress()),
            LOOPBACK,
            srflx(address(peer)),
            Duration.ofSeconds(30),
            Duration.ofSeconds(1),
            Duration.ofSeconds(30));
    PortPredictionProbe probe =
        new PortPredictionProbe(
            plan,
            probeLoop,
            media,
            new ProbeStun(
                new IceCredentials("us", "our-password-0123456789", "them", "their-password"),
                new SplittableRandom(1),
                2 * PORTS + 16),
            scripted(guessed.stream().map(c -> address(c).getPort()).toList()),
            System::currentTimeMillis);
    open.add(probe);
    return new Setup(probe, icePort, peer, guessed);
  }

  /** Holds {@code loop}'s thread until the test releases it (or ends). */
  private void hold(MediaLoop loop) throws InterruptedException {
    CountDownLatch held = new CountDownLatch(1);
    loop.executor()
        .execute(
            () -> {
              held.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    held.await();
  }

  private DatagramChannel channel() throws Exception {
    DatagramChannel c = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
    open.add(c);
    return c;
  }

  private static InetSocketAddress address(DatagramChannel c) {
    try {
      return (InetSocketAddress) c.getLocalAddress();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Counts datagrams on {@code c} until {@code want} came or 10 s passed without one. */
  private static int receive(DatagramChannel c, int want) throws Exception {
    c.socket().setSoTimeout(10_000);
    int got = 0;
    try {
      while (got < want) {
        c.socket().receive(new java.net.DatagramPacket(new byte[2048], 2048));
        got++;
      }
    } catch (java.net.SocketTimeoutException e) {
      // fewer came
    }
    return got;
  }

  private static IceCandidate srflx(InetSocketAddress a) {
    return new IceCandidate(
        "1",
        1,
        100,
        a.getAddress().getHostAddress(),
        a.getPort(),
        CandidateType.SERVER_REFLEXIVE,
        null,
        0);
  }

  /** Seeded bytes; nextInt(bound) answers the scripted ports. */
  private static RandomGenerator scripted(List<Integer> ports) {
    ArrayDeque<Integer> next = new ArrayDeque<>(ports);
    SplittableRandom seeded = new SplittableRandom(15);
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return seeded.nextLong();
      }

      @Override
      public int nextInt(int bound) {
        Integer p = next.poll();
        return p != null ? p - ProbePlan.LOWEST_PORT : seeded.nextInt(bound);
      }
    };
  }
}
