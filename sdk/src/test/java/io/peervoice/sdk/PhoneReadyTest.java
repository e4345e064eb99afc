package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocalOverlay;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Phone#ready()} against live and dead rendezvous nodes. */
class PhoneReadyTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private final SecureRandom random = new SecureRandom();

  @Test
  void theDefaultReadyTimeoutIsFiveSeconds() {
    PhoneConfig config =
        Phone.builder(Identity.generate(random))
            .bootstrap(List.of(new InetSocketAddress(LOOPBACK, 7400)))
            .build();
    assertThat(config.readyTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(
            () ->
                Phone.builder(Identity.generate(random))
                    .bootstrap(List.of(new InetSocketAddress(LOOPBACK, 7400)))
                    .readyTimeout(Duration.ZERO)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("readyTimeout");
  }

  @Test
  void deadBootstrapNodesFailReadyWithTheNodesTriedOnceTheTimeoutPasses() throws Exception {
    // One node that swallows every datagram, one port where nothing listens.
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      int closedPort;
      try (DatagramSocket gone = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
        closedPort = gone.getLocalPort();
      }
      List<InetSocketAddress> nodes =
          List.of(
              new InetSocketAddress(LOOPBACK, silent.getLocalPort()),
              new InetSocketAddress(LOOPBACK, closedPort));
      long start = System.nanoTime();
      try (Phone phone =
          Phone.start(
              Phone.builder(Identity.generate(random))
                  .bootstrap(nodes)
                  .overlayAddress(new InetSocketAddress(LOOPBACK, 0))
                  .readyTimeout(Duration.ofMillis(800))
                  .build())) {
        ExecutionException failure =
            org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class, () -> phone.ready().get(10, TimeUnit.SECONDS));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(failure.getCause()).isInstanceOf(NoNodeAnsweredException.class);
        NoNodeAnsweredException e = (NoNodeAnsweredException) failure.getCause();
        assertThat(e).isInstanceOf(PhoneException.class).isInstanceOf(java.io.IOException.class);
        assertThat(e.nodesTried()).isEqualTo(nodes);
        assertThat(e.waited()).isEqualTo(Duration.ofMillis(800));
        assertThat(e.getMessage())
            .isEqualTo(
                "no rendezvous node answered within 0.8 s (tried %s:%d, %s:%d)",
                LOOPBACK.getHostName(), silent.getLocalPort(), LOOPBACK.getHostName(), closedPort);
        assertThat(millis).as("failed after the timeout, not long after").isBetween(800L, 3_000L);
        // Every caller of ready() sees the same outcome; completing a copy changes nothing.
        phone.ready().complete(null);
        assertThat(phone.ready()).isCompletedExceptionally();
      }
    }
  }

  @Test
  void liveNodesMakeThePhoneReadyWellWithinTheTimeout() throws Exception {
    try (LocalOverlay overlay = LocalOverlay.start(2);
        Phone phone =
            Phone.start(
                Phone.builder(Identity.generate(random))
                    .bootstrap(overlay.addresses())
                    .overlayAddress(new InetSocketAddress(LOOPBACK, 0))
                    .build())) {
      phone.ready().get(10, TimeUnit.SECONDS);
      assertThat(phone.ready()).isCompleted();
    }
  }

  @Test
  void closingAPhoneThatIsNotReadyFailsReadyAtOnceAndDoesNotWaitForTheTimeout() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      Phone phone =
          Phone.start(
              Phone.builder(Identity.generate(random))
                  .bootstrap(List.of(new InetSocketAddress(LOOPBACK, silent.getLocalPort())))
                  .overlayAddress(new InetSocketAddress(LOOPBACK, 0))
                  .readyTimeout(Duration.ofSeconds(30))
                  .build());
      var ready = phone.ready();
      long start = System.nanoTime();
      phone.close();
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_900);
      ExecutionException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class, () -> ready.get(1, TimeUnit.SECONDS));
      assertThat(e.getCause())
          .isExactlyInstanceOf(PhoneException.class)
          .hasMessage("the phone was closed before it was ready");
    }
  }

  @Test
  void attachedCompletesAndFailsAsReadyDoes() throws Exception {
    try (LocalOverlay overlay = LocalOverlay.start(2);
        Phone phone =
            Phone.start(
                Phone.builder(Identity.generate(random))
                    .bootstrap(overlay.addresses())
                    .overlayAddress(new InetSocketAddress(LOOPBACK, 0))
                    .build())) {
      phone.attached().get(10, TimeUnit.SECONDS);
      phone.ready().get(30, TimeUnit.SECONDS);
    }
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        Phone phone =
            Phone.start(
                Phone.builder(Identity.generate(random))
                    .bootstrap(List.of(new InetSocketAddress(LOOPBACK, silent.getLocalPort())))
                    .overlayAddress(new InetSocketAddress(LOOPBACK, 0))
                    .readyTimeout(Duration.ofMillis(500))
                    .build())) {
      ExecutionException attached =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class, () -> phone.attached().get(10, TimeUnit.SECONDS));
      assertThat(attached.getCause()).isInstanceOf(NoNodeAnsweredException.class);
      ExecutionException ready =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class, () -> phone.ready().get(10, TimeUnit.SECONDS));
      assertThat(ready.getCause()).isSameAs(attached.getCause());
    }
  }

  @Test
  void readyIsAttachedThenTheWarmUpWithTheAttachFailureUnwrapped() {
    CompletableFuture<Void> attached = new CompletableFuture<>();
    CompletableFuture<Void> warmedUp = new CompletableFuture<>();
    CompletableFuture<Void> ready = Readiness.afterWarmUp(attached, warmedUp);
    attached.complete(null);
    assertThat(ready).isNotDone();
    warmedUp.complete(null);
    assertThat(ready).isCompleted();

    CompletableFuture<Void> failed = new CompletableFuture<>();
    CompletableFuture<Void> notReady =
        Readiness.afterWarmUp(failed, new CompletableFuture<>()); // the warm-up never ends
    PhoneException cause = new PhoneException("no node");
    failed.completeExceptionally(new java.util.concurrent.CompletionException(cause));
    assertThat(notReady).isCompletedExceptionally();
    assertThatThrownBy(notReady::join).hasCause(cause);
  }
}
