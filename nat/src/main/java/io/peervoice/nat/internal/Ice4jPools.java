package io.peervoice.nat.internal;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ice4j's process-wide thread pools (the agents' executor and timer, the STUN stack's timer, the
 * client transactions' retransmission timer and executor, the message processors) keep an idle
 * thread for 60 s, so a phone that ran ICE once (its warm-up, or a call now on a direct path that
 * freed its agent) would hold a dozen idle threads for a minute. ice4j offers no setting for it;
 * the pools are private static fields, read here once and told to let their threads go after {@link
 * #IDLE} without work (a pool with delayed work pending keeps its last thread, so timers still
 * fire).
 */
final class Ice4jPools {
  private static final Logger log = LoggerFactory.getLogger(Ice4jPools.class);

  /** How long an idle ice4j pool thread lives. */
  static final Duration IDLE = Duration.ofSeconds(2);

  /** The pools: class name, static field name. */
  static final List<String[]> POOLS =
      List.of(
          new String[] {"org.ice4j.ice.Agent", "agentTasksScheduler"},
          new String[] {"org.ice4j.ice.Agent", "agentTasksExecutor"},
          new String[] {"org.ice4j.stack.StunStack", "tasksScheduler"},
          new String[] {"org.ice4j.stack.StunClientTransaction", "retransmissionTimer"},
          new String[] {"org.ice4j.stack.StunClientTransaction", "retransmissionExecutor"},
          new String[] {"org.ice4j.stack.NetAccessManager", "messageProcessingExecutor"});

  private Ice4jPools() {}

  /**
   * Sets every pool's idle keep-alive to {@link #IDLE}, its core threads included.
   *
   * @return the pools found and changed (a pool missing from this ice4j version is logged and
   *     skipped: its threads then idle for ice4j's time)
   */
  static List<ThreadPoolExecutor> shortenIdle() {
    List<ThreadPoolExecutor> changed = new ArrayList<>();
    for (String[] pool : POOLS) {
      try {
        Field field = Class.forName(pool[0]).getDeclaredField(pool[1]);
        field.setAccessible(true);
        if (field.get(null) instanceof ThreadPoolExecutor executor) {
          executor.setKeepAliveTime(IDLE.toMillis(), TimeUnit.MILLISECONDS);
          executor.allowCoreThreadTimeOut(true);
          changed.add(executor);
        } else {
          log.debug("ice4j pool {}.{} is not a ThreadPoolExecutor", pool[0], pool[1]);
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        log.debug("ice4j pool {}.{} not found: {}", pool[0], pool[1], e.toString());
      }
    }
    return changed;
  }
}
