package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.nat.IceRole;
import io.peervoice.nat.PathState;
import io.peervoice.nat.internal.stun.DecodedStun;
import io.peervoice.nat.internal.stun.DirectStunConfig;
import io.peervoice.nat.internal.stun.IceCredentials;
import io.peervoice.nat.internal.stun.MessageIntegrity;
import io.peervoice.nat.internal.stun.StunAttributes;
import io.peervoice.nat.internal.stun.StunClass;
import io.peervoice.nat.internal.stun.StunCodec;
import io.peervoice.nat.internal.stun.StunFormatException;
import io.peervoice.nat.internal.stun.StunMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Our own consent freshness turned into path states: a peer that answers keeps the path connected;
 * when it stops, the path goes disconnected, then failed, and the requests stop.
 */
class DirectConsentTest {
  private static final IceCredentials CREDENTIALS =
      new IceCredentials("LOCL", "local-password-0123456789", "REMT", "remote-password-987654321");
  private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.7", 40_000);

  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
  private final List<PathState> states = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final MessageIntegrity peerKey =
      new MessageIntegrity(CREDENTIALS.remotePassword().getBytes(StandardCharsets.UTF_8));
  private volatile boolean answering = true;
  private DirectConsent consent;

  @AfterEach
  void stop() {
    if (consent != null) {
      consent.stop();
    }
    loop.shutdownNow();
  }

  /** The peer: answers each request on the loop, as a datagram arriving on the port would. */
  private void peer(byte[] data, int offset, int length, InetSocketAddress to) {
    requests.incrementAndGet();
    if (!answering) {
      return;
    }
    try {
      DecodedStun request = StunCodec.decode(data, offset, length, StunAttributes.ICE_UNDERSTOOD);
      byte[] tid = request.message().transactionId();
      byte[] response =
          StunCodec.encode(
              StunMessage.of(
                  StunMessage.BINDING,
                  StunClass.SUCCESS_RESPONSE,
                  tid,
                  List.of(StunAttributes.xorAddress(StunAttributes.XOR_MAPPED_ADDRESS, to, tid))),
              peerKey,
              true);
      loop.execute(() -> consent.onStun(response, 0, response.length, REMOTE));
    } catch (StunFormatException e) {
      throw new AssertionError(e);
    }
  }

  private DirectConsent consent() {
    return new DirectConsent(
        DirectStunConfig.builder()
            .credentials(CREDENTIALS)
            .remote(REMOTE)
            .role(IceRole.CONTROLLED)
            .tieBreaker(1)
            .priority(1),
        loop,
        this::peer,
        new ConsentMonitor(Duration.ofMillis(300), Duration.ofMillis(800)),
        Duration.ofMillis(800),
        System::currentTimeMillis,
        states::add);
  }

  @Test
  void anAnsweringPeerKeepsThePathConnectedThenSilenceFailsItAndRequestsStop() {
    consent = consent();
    consent.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> consent.stats().consentResponses() >= 4);
    assertThat(consent.lastFreshMillis()).isPositive();
    assertThat(states).isNotEmpty().containsOnly(PathState.CONNECTED);

    answering = false;
    await().atMost(Duration.ofSeconds(10)).until(() -> states.contains(PathState.FAILED));
    assertThat(states).containsSubsequence(PathState.DISCONNECTED, PathState.FAILED);
    int sent = requests.get();
    await()
        .during(Duration.ofMillis(600))
        .atMost(Duration.ofSeconds(2))
        .until(() -> requests.get() <= sent + 1);
    assertThat(consent.stats().droppedUnauthenticated()).isZero();
  }

  @Test
  void requestsGoEveryFiveSecondsOrAQuarterOfTheFailTime() {
    assertThat(DirectConsent.interval(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(5));
    assertThat(DirectConsent.interval(Duration.ofSeconds(8))).isEqualTo(Duration.ofSeconds(2));
    assertThat(DirectConsent.interval(Duration.ofMillis(20))).isEqualTo(Duration.ofMillis(10));
  }
}
