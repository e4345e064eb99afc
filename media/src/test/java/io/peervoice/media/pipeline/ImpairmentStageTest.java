package io.peervoice.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.media.impair.Impairment;
import io.peervoice.media.impair.ImpairmentSpec;
import io.peervoice.media.stream.PacketSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The impairment stage hands each packet to the next stage as the seeded simulated network decides:
 * lost ones never, the others later, as copies taken when sent.
 */
class ImpairmentStageTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<byte[]> delivered = new CopyOnWriteArrayList<>();
  private final PacketSink path =
      (d, off, len) -> delivered.add(java.util.Arrays.copyOfRange(d, off, off + len));

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private ImpairmentStage stage(String spec) {
    return new ImpairmentStage(
        new Impairment(ImpairmentSpec.parse(spec)), path, scheduler, () -> 1_000_000_000L);
  }

  @Test
  void aDelayedPacketArrivesLaterAsTheBytesItHadWhenSent() {
    ImpairmentStage stage = stage("delay=30,seed=5");
    byte[] packet = {1, 2, 3, 4};
    stage.send(new byte[] {9, 1, 2, 3, 4, 9}, 1, 4);
    await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 1);
    assertThat(delivered.get(0)).isEqualTo(packet);
    assertThat(stage.counters().offered()).isEqualTo(1);
  }

  @Test
  void lostPacketsNeverReachTheNextStageAndAreCounted() {
    ImpairmentStage stage = stage("loss=100,seed=5");
    for (int i = 0; i < 10; i++) {
      stage.send(new byte[] {(byte) i}, 0, 1);
    }
    assertThat(stage.counters().dropped()).isEqualTo(10);
    assertThat(delivered).isEmpty();
  }
}
