package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.session.dtls.DtlsCertificate;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * S8: a phone's one spare DTLS certificate, on an executor run by hand and a wall clock set by
 * hand: a call takes the spare made ahead and starts the next; never more than one is made or
 * waiting; a call that finds none ready, or only a stale one, makes its own at once.
 */
class SpareCertificateTest {
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
  private final SpareCertificate spare =
      new SpareCertificate(tasks::add, new SecureRandom(), now::get);

  @Test
  void aCallTakesTheSpareMadeAheadAndStartsTheNext() {
    spare.prepare();
    spare.prepare();
    assertThat(tasks).as("one spare at a time").hasSize(1);
    tasks.poll().run();
    assertThat(spare.counts()).containsExactly(1, 0);

    DtlsCertificate first = spare.take();
    assertThat(spare.counts()).as("the spare was taken").containsExactly(1, 1);
    assertThat(tasks).as("and the next one started").hasSize(1);
    tasks.poll().run();
    DtlsCertificate second = spare.take();
    assertThat(spare.counts()).containsExactly(2, 2);
    assertThat(second.fingerprint())
        .as("a fresh certificate per call")
        .isNotEqualTo(first.fingerprint());
  }

  @Test
  void aCallThatFindsNoReadySpareMakesItsOwnAndLeavesTheOneUnderWay() {
    spare.prepare();
    DtlsCertificate own = spare.take();
    assertThat(own).isNotNull();
    assertThat(spare.counts()).containsExactly(0, 0);
    assertThat(tasks).as("the spare under way is kept, no second one").hasSize(1);
    tasks.poll().run();
    assertThat(spare.take().fingerprint()).isNotEqualTo(own.fingerprint());
    assertThat(spare.counts()).containsExactly(1, 1);
  }

  @Test
  void aStaleSpareIsNotUsed() {
    spare.prepare();
    tasks.poll().run();
    now.addAndGet(SpareCertificate.MAX_AGE.toMillis() + 1);
    spare.take();
    assertThat(spare.counts()).as("made, but not taken").containsExactly(1, 0);
    assertThat(tasks).hasSize(1);
  }

  @Test
  void aFailedOrRefusedSpareLeavesCallsTheirOwnCertificate() {
    SpareCertificate refused =
        new SpareCertificate(
            task -> {
              throw new java.util.concurrent.RejectedExecutionException("shut down");
            },
            new SecureRandom(),
            now::get);
    refused.prepare();
    assertThat(refused.take()).isNotNull();
    assertThat(refused.counts()).containsExactly(0, 0);
  }
}
