package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.session.MediaDescription;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.CallState;
import io.peervoice.testkit.ProcessSockets;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A phone under attack over real sockets: three rendezvous nodes on loopback, real phones, and a
 * bare overlay client forging call messages. Issue 10: a stranger can neither flood a phone nor
 * learn or probe its location before the user answers.
 */
class PhoneAbuseTest {
  private final SecureRandom random = new SecureRandom();
  private PhoneLab lab;

  @BeforeEach
  void overlay() throws Exception {
    lab = new PhoneLab();
  }

  @AfterEach
  void close() throws Exception {
    lab.close();
  }

  private Phone phone(Identity id, Set<PeerId> contacts, PhoneTest.Events events) throws Exception {
    return lab.phone(id, b -> b.contacts(contacts).listeners(call -> events));
  }

  /** UDP sockets at addresses a forged invite names; counts what arrives, with no thread. */
  static final class Observer implements AutoCloseable {
    final List<DatagramChannel> channels = new ArrayList<>();
    final List<InetSocketAddress> addresses = new ArrayList<>();
    private long count;

    Observer() throws IOException {
      List<InetAddress> local = new ArrayList<>();
      local.add(InetAddress.getByName("127.0.0.1"));
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (nif.isUp() && !nif.isLoopback()) {
          nif.inetAddresses()
              .filter(a -> a instanceof java.net.Inet4Address)
              .findFirst()
              .ifPresent(local::add);
        }
      }
      for (InetAddress a : local) {
        DatagramChannel ch = DatagramChannel.open();
        ch.bind(new InetSocketAddress(a, 0));
        ch.configureBlocking(false);
        channels.add(ch);
        addresses.add((InetSocketAddress) ch.getLocalAddress());
      }
    }

    /** Datagrams received so far, at any of the addresses. */
    synchronized long count() throws IOException {
      ByteBuffer buf = ByteBuffer.allocate(2_048);
      for (DatagramChannel ch : channels) {
        while (ch.receive(buf) != null) {
          count++;
          buf.clear();
        }
      }
      return count;
    }

    @Override
    public void close() throws IOException {
      for (DatagramChannel ch : channels) {
        ch.close();
      }
    }
  }

  private Observer observer() throws IOException {
    return lab.add(new Observer());
  }

  static int threads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  /** Open sockets of this process, from /proc/self/fd. */
  static int sockets() {
    return (int) ProcessSockets.count();
  }

  private static List<Call> from(Phone p, PeerId peer) {
    return p.calls().stream().filter(c -> c.peer().equals(peer)).toList();
  }

  @Test
  void aStrangersInviteFloodRingsTwiceCostsNoThreadsOrSocketsAndAContactStillGetsThrough()
      throws Exception {
    Identity bobId = Identity.generate(random);
    Identity carolId = Identity.generate(random);
    Phone bob = phone(bobId, Set.of(carolId.peerId()), new PhoneTest.Events(false));
    Phone carol = phone(carolId, Set.of(), new PhoneTest.Events(false));
    ForgedPeer mallory = lab.forged();
    Observer observer = observer();
    ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    lab.add(pacer::shutdownNow);
    byte[] offer = ForgedPeer.description(111, observer.addresses);
    mallory.send(
        bobId.peerId(), new CallMessage.Hangup(new io.peervoice.signaling.call.CallId(0, 0), 0));

    int idleThreads = threads();
    int idleSockets = sockets();
    List<Integer> threadSamples = new CopyOnWriteArrayList<>();
    List<Integer> socketSamples = new CopyOnWriteArrayList<>();
    CountDownLatch sent = new CountDownLatch(50);
    pacer.scheduleAtFixedRate(
        () -> {
          if (sent.getCount() > 0) {
            mallory.sendAsync(bobId.peerId(), mallory.invite(bobId.peerId(), offer));
            sent.countDown();
            threadSamples.add(threads());
            socketSamples.add(sockets());
          }
        },
        0,
        20,
        TimeUnit.MILLISECONDS);
    assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> bob.refusedInvites() + from(bob, mallory.id()).size() >= 50);
    threadSamples.add(threads());
    socketSamples.add(sockets());

    assertThat(from(bob, mallory.id())).hasSizeLessThanOrEqualTo(2);
    IncomingStats stats = bob.incomingStats();
    assertThat(stats.admitted()).isLessThanOrEqualTo(2);
    assertThat(stats.refusedByLimits()).isGreaterThanOrEqualTo(48);
    assertThat(stats.warningsSuppressed()).as("48 refusals, a few log lines").isPositive();
    int maxThreads = Collections.max(threadSamples);
    int maxSockets = Collections.max(socketSamples);
    System.out.printf(
        "invite flood: 50 invites at 50/s; ringing %d, refused %d (unanswered %d); threads %d ->"
            + " max %d, sockets %d -> max %d%n",
        from(bob, mallory.id()).size(),
        stats.refusedByLimits(),
        stats.refusalsUnanswered(),
        idleThreads,
        maxThreads,
        idleSockets,
        maxSockets);
    assertThat(maxThreads).isLessThanOrEqualTo(idleThreads + 4);
    assertThat(maxSockets).isLessThanOrEqualTo(idleSockets + 4);
    assertThat(observer.count()).as("datagrams to addresses named in the invites").isZero();
    assertThat(mallory.received)
        .filteredOn(m -> m instanceof CallMessage.Ringing)
        .allSatisfy(
            m -> assertThat(((CallMessage.Ringing) m).description()).as("no candidates").isEmpty());

    List<Long> ringMillis = new ArrayList<>();
    for (int n = 0; n < 5; n++) {
      Call genuine = carol.call(bobId.peerId());
      Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> genuine.state() == CallState.RINGING);
      ringMillis.add(genuine.stats().dialToRingingMillis());
      if (n < 4) {
        genuine.hangup();
        Awaitility.await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> from(bob, carolId.peerId()).isEmpty());
      } else {
        from(bob, carolId.peerId()).get(0).answer();
        genuine.mediaStarted().get(10, TimeUnit.SECONDS);
      }
    }
    Collections.sort(ringMillis);
    System.out.printf(
        "a contact's calls with the flood's calls still ringing: dial->ringing %s ms, p50 %d ms%n",
        ringMillis, ringMillis.get(2));
    assertThat(ringMillis.get(2)).as("target 100 ms; loose bound for loaded CI").isLessThan(500L);
    assertThat(observer.count()).isZero();
  }

  @Test
  void aStrangerGetsNoCandidateAndNoDatagramBeforeTheAnswerWhileAContactGetsBoth()
      throws Exception {
    Identity bobId = Identity.generate(random);
    ForgedPeer trusted = lab.forged();
    ForgedPeer stranger = lab.forged();
    Phone bob = phone(bobId, Set.of(trusted.id()), new PhoneTest.Events(false));
    Observer atTrusted = observer();
    Observer atStranger = observer();
    List<InetSocketAddress> targets = new ArrayList<>(atStranger.addresses);
    for (int i = 0; i < 20; i++) {
      targets.add(new InetSocketAddress("127.0.0.1", 9 + i));
    }
    CallMessage.Invite fromStranger =
        stranger.invite(bobId.peerId(), ForgedPeer.description(111, targets));
    stranger.send(bobId.peerId(), fromStranger);
    List<String> trickle = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      trickle.add(
          "candidate:t%d 1 udp 100 %s %d typ host"
              .formatted(i, atStranger.addresses.get(0).getAddress().getHostAddress(), 20 + i));
    }
    trickle.add("candidate:h 1 udp 100 evil.example 5000 typ host");
    stranger.send(
        bobId.peerId(), new CallMessage.Candidates(fromStranger.callId(), 1, trickle, true));
    trusted.send(
        bobId.peerId(),
        trusted.invite(bobId.peerId(), ForgedPeer.description(111, atTrusted.addresses)));

    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(stranger.received).anyMatch(m -> m instanceof CallMessage.Ringing);
              assertThat(trusted.received).anyMatch(m -> m instanceof CallMessage.Ringing);
            });
    CallMessage.Ringing toTrusted = ringing(trusted);
    assertThat(MediaDescription.decode(toTrusted.description()).ice().candidates()).isNotEmpty();
    assertThat(ringing(stranger).description()).as("a stranger learns no address").isEmpty();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> atTrusted.count() > 0);
    assertThat(atStranger.count())
        .as("while the contact was probed, the stranger's addresses got nothing")
        .isZero();

    Call strangersCall = from(bob, stranger.id()).get(0);
    assertThat(strangersCall.state()).isEqualTo(CallState.RINGING);
    assertThat(atStranger.count()).isZero();
    strangersCall.answer();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(stranger.received).anyMatch(m -> m instanceof CallMessage.Answer));
    CallMessage.Answer answer =
        (CallMessage.Answer)
            stranger.received.stream()
                .filter(m -> m instanceof CallMessage.Answer)
                .findFirst()
                .orElseThrow();
    assertThat(MediaDescription.decode(answer.answer()).ice().candidates())
        .as("once answered, the stranger gets our candidates")
        .isNotEmpty();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> atStranger.count() > 0);
    assertThat(bob.incomingStats().remoteCandidatesDropped())
        .as("offered + 5 trickled literals, 16 used; the host name refused")
        .isEqualTo(targets.size() + 5 - 16 + 1);
  }

  private static CallMessage.Ringing ringing(ForgedPeer peer) {
    return (CallMessage.Ringing)
        peer.received.stream()
            .filter(m -> m instanceof CallMessage.Ringing)
            .findFirst()
            .orElseThrow();
  }
}
