package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.StreamRoute;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link StreamWarmUp}: at the client's start, once, only for a client with a TLS route. */
class StreamWarmUpTest {
  private static final InetSocketAddress NODE = new InetSocketAddress("198.51.100.4", 7400);

  @Test
  void aClientWithATlsRouteStartsWarmingUpAtOnceAndOnlyOnce() {
    List<Runnable> submitted = new ArrayList<>();
    AtomicBoolean done = new AtomicBoolean();
    List<StreamRoute> routes = List.of(StreamRoute.of(NODE, 7400, 443));

    assertThat(StreamWarmUp.start(routes, done, new AtomicBoolean(), submitted::add)).isTrue();
    assertThat(submitted).hasSize(1); // handed to the executor at start, no timer, no send needed

    assertThat(StreamWarmUp.start(routes, done, new AtomicBoolean(), submitted::add))
        .isFalse(); // a second client
    assertThat(submitted).hasSize(1);
  }

  @Test
  void aClientWithoutTlsRoutesDoesNotWarmUp() {
    List<Runnable> submitted = new ArrayList<>();
    AtomicBoolean done = new AtomicBoolean();

    assertThat(StreamWarmUp.start(List.of(), done, new AtomicBoolean(), submitted::add)).isFalse();
    assertThat(
            StreamWarmUp.start(
                List.of(StreamRoute.of(NODE, 7400, 0)), done, new AtomicBoolean(), submitted::add))
        .isFalse();
    assertThat(submitted).isEmpty();
    assertThat(done).isFalse();
  }

  @Test
  void theWarmUpWaitsForUdpAndIsSkippedWhenANodeAnsweredOverUdp() {
    HandRunEnv env = new HandRunEnv();
    List<Runnable> submitted = new ArrayList<>();
    AtomicBoolean done = new AtomicBoolean();
    AtomicBoolean heard = new AtomicBoolean();
    List<StreamRoute> routes = List.of(StreamRoute.of(NODE, 7400, 443));

    StreamWarmUp.afterSilence(env, heard::get, routes, done, new AtomicBoolean(), submitted::add);
    assertThat(env.timers())
        .extracting(HandRunEnv.Timer::delay)
        .containsExactly(StreamWarmUp.AFTER_SILENCE_MILLIS);
    assertThat(submitted).isEmpty(); // nothing before the UDP silence

    heard.set(true); // a node answered over UDP: this client never pays for the warm-up
    assertThat(env.run(StreamWarmUp.AFTER_SILENCE_MILLIS)).isEqualTo(1);
    assertThat(submitted).isEmpty();
    assertThat(done).isFalse();

    heard.set(false); // another client of this JVM, whose nodes stay silent over UDP
    StreamWarmUp.afterSilence(env, heard::get, routes, done, new AtomicBoolean(), submitted::add);
    assertThat(env.run(StreamWarmUp.AFTER_SILENCE_MILLIS)).isEqualTo(1);
    assertThat(submitted).hasSize(1);
  }

  @Test
  void aWarmUpDueAfterARealDialBeganDoesNotStart() {
    HandRunEnv env = new HandRunEnv();
    List<Runnable> submitted = new ArrayList<>();
    AtomicBoolean done = new AtomicBoolean();
    AtomicBoolean dialling = new AtomicBoolean();
    List<StreamRoute> routes = List.of(StreamRoute.of(NODE, 7400, 443));

    StreamWarmUp.afterSilence(env, () -> false, routes, done, dialling, submitted::add);
    dialling.set(true); // e.g. the kernel refused the datagram: the streams are dialled at once
    assertThat(env.run(StreamWarmUp.AFTER_SILENCE_MILLIS)).isEqualTo(1);

    assertThat(submitted).isEmpty(); // the real dial loads what it needs itself
    assertThat(done).isFalse();
  }

  @Test
  void aWarmUpUnderWayGivesWayOnceARealDialBegins() {
    List<Runnable> submitted = new ArrayList<>();
    AtomicBoolean dialling = new AtomicBoolean();
    assertThat(
            StreamWarmUp.start(
                List.of(StreamRoute.of(NODE, 7400, 443)),
                new AtomicBoolean(),
                dialling,
                submitted::add))
        .isTrue();

    dialling.set(true); // before the warm-up's thread got to run
    submitted.get(0).run(); // it stops at its first step: nothing left but the check

    // the same warm-up, not giving way, completes a handshake (see below); giving way it does not
    assertThat(StreamWarmUp.run(dialling::get)).isNull();
  }

  @Test
  void theWarmUpHandshakesTls13WithTheNodePinningContext() {
    assertThat(StreamWarmUp.run()).isEqualTo("TLSv1.3");
  }
}
