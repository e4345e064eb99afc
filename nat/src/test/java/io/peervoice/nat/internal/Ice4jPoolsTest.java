package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** ice4j's shared pools are found in this ice4j version, and let idle threads go after 2 s. */
class Ice4jPoolsTest {

  @Test
  void everyPoolIsFoundAndItsIdleThreadsGoAfterTwoSeconds() {
    Ice4jRuntime.ensureConfigured();

    List<ThreadPoolExecutor> pools = Ice4jPools.shortenIdle();

    assertThat(pools).as("every pool in Ice4jPools.POOLS").hasSize(Ice4jPools.POOLS.size());
    assertThat(pools)
        .allSatisfy(
            p -> {
              assertThat(p.getKeepAliveTime(TimeUnit.MILLISECONDS))
                  .isEqualTo(Ice4jPools.IDLE.toMillis());
              assertThat(p.allowsCoreThreadTimeOut()).isTrue();
            });
  }
}
