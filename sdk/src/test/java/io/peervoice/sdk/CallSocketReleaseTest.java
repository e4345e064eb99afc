package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.PcmRecorder;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.call.IncomingLimits;
import io.peervoice.testkit.ProcessSockets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls between two phones on a real overlay give back every socket when they end (answered and
 * hung up, or ended while ringing): a call that kept its media session open would hold its sockets
 * for good. A phone allocates enough for the collector to run during the test, so the sockets only
 * a collection frees (ice4j's STUN views) are proven released on close by {@code MediaAbuseTest}
 * and nat's {@code SocketReleaseTest} instead.
 */
class CallSocketReleaseTest {
  private static final Path FDS = Path.of("/proc/self/fd");
  private final SecureRandom random = new SecureRandom();
  private PhoneLab lab;

  @BeforeEach
  void overlay() throws Exception {
    assumeTrue(Files.isDirectory(FDS), "needs /proc/self/fd");
    lab = new PhoneLab();
  }

  @AfterEach
  void close() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  private Phone phone(Identity id, Function<Call, CallListener> listeners) throws Exception {
    return lab.phone(
        id,
        b ->
            b.audioSource(call -> AudioSource.silence())
                .audioSink(call -> new PcmRecorder(5))
                .listeners(listeners)
                // seven calls from one caller in a few seconds: above a softphone's invite rate
                .incomingLimits(
                    new IncomingLimits(
                        4,
                        2,
                        new IncomingLimits.Rate(100, Duration.ofSeconds(10)),
                        new IncomingLimits.Rate(100, Duration.ofSeconds(10)),
                        new IncomingLimits.Rate(10, Duration.ofSeconds(1)))));
  }

  @Test
  void endedCallsGiveBackEverySocket() throws Exception {
    Identity bob = Identity.generate(random);
    Phone a = phone(Identity.generate(random), call -> new CallListener() {});
    Phone b =
        phone(
            bob,
            call ->
                new CallListener() {
                  @Override
                  public void onRinging(Call incoming) {
                    if (answering) {
                      incoming.answer();
                    }
                  }
                });
    answeredCall(a, b, bob); // warm-up: one-time sockets out of the baseline
    long baseline = openSockets();
    for (int i = 0; i < 3; i++) {
      answeredCall(a, b, bob);
      endedWhileRinging(a, b, bob);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(openSockets()).isLessThanOrEqualTo(baseline));
  }

  private volatile boolean answering;

  private void answeredCall(Phone a, Phone b, Identity bob) throws Exception {
    answering = true;
    Call call = a.call(bob.peerId());
    call.mediaStarted().get(20, TimeUnit.SECONDS);
    call.hangup();
    call.ended().get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> b.calls().isEmpty());
  }

  private void endedWhileRinging(Phone a, Phone b, Identity bob) throws Exception {
    answering = false;
    Call call = a.call(bob.peerId());
    await().atMost(Duration.ofSeconds(10)).until(() -> b.calls().size() == 1);
    call.hangup();
    call.ended().get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> b.calls().isEmpty());
  }

  /** Entries of /proc/self/fd that are sockets. */
  private static long openSockets() {
    return ProcessSockets.count();
  }
}
