package io.peervoice.session.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;

/** The default handshake executor: one shared pool, bounded in threads and waiting handshakes. */
class DtlsSrtpConfigTest {

  @Test
  void theDefaultExecutorIsTheSharedBoundedPool() {
    DtlsSrtpConfig config =
        DtlsSrtpConfig.builder(DtlsCertificate.generate(new SecureRandom(), Instant.now())).build();
    assertThat(config.handshakeExecutor()).isSameAs(DtlsSrtpConfig.SHARED_HANDSHAKES);
    ThreadPoolExecutor shared = (ThreadPoolExecutor) DtlsSrtpConfig.SHARED_HANDSHAKES;
    assertThat(shared.getMaximumPoolSize()).isEqualTo(DtlsSrtpConfig.DEFAULT_THREADS);
    assertThat(shared.getQueue().remainingCapacity() + shared.getQueue().size())
        .isEqualTo(DtlsSrtpConfig.DEFAULT_QUEUE);
  }

  @Test
  void everyCoreThreadIsReadiedSoThatAHandshakeStartsNone() throws Exception {
    ThreadPoolExecutor pool = DtlsSrtpConfig.boundedPool(2, 1);
    try {
      assertThat(pool.getPoolSize()).isZero();
      assertThat(DtlsSrtpConfig.readyThreads(pool)).isEqualTo(2);
      // below its core size a pool starts a new thread per task even beside an idle one
      assertThat(pool.getPoolSize()).isEqualTo(pool.getCorePoolSize());
      assertThat(DtlsSrtpConfig.readyThreads(pool)).as("none beside live ones").isZero();
      CountDownLatch ran = new CountDownLatch(1);
      pool.execute(ran::countDown);
      ran.await();
      assertThat(pool.getPoolSize()).isEqualTo(2);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aHandshakeBeyondThreadsAndQueueIsRefusedWithAClearReason() throws Exception {
    ThreadPoolExecutor pool = DtlsSrtpConfig.boundedPool(1, 1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    try {
      pool.execute(
          () -> {
            running.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      running.await();
      pool.execute(() -> {}); // waits in the queue
      assertThatThrownBy(() -> pool.execute(() -> {}))
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessage("DTLS handshakes: all 1 threads busy and 1 handshakes waiting");
      assertThat(pool.getPoolSize()).isEqualTo(1);
    } finally {
      release.countDown();
      pool.shutdown();
    }
  }
}
