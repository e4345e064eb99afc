package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceParameters;
import io.peervoice.nat.IceRole;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * S20: ice4j's reader threads ({@code IceConnector}, one per host port) start only once the
 * session's parameters are given out (or its checks start), so an ICE session made ahead of its
 * call holds its ports without a thread each; then the session connects as any other (real ice4j,
 * real sockets).
 */
class HostReadersTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final IceConfig config = IceConfig.builder().loopbackFallback(true).build();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private static Set<Thread> connectors() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("IceConnector"))
        .collect(Collectors.toSet());
  }

  @Test
  void aSessionReadsItsPortsOnlyOnceItsParametersAreGivenOutAndThenConnects() throws Exception {
    Set<Thread> before = connectors();
    try (Ice4jSession callee =
            new Ice4jSession(config, IceRole.CONTROLLED, scheduler, Thread::new);
        Ice4jSession caller =
            new Ice4jSession(config, IceRole.CONTROLLING, scheduler, Thread::new)) {
      assertThat(callee.hostPorts()).isNotEmpty();
      Set<Thread> made = connectors();
      made.removeAll(before);
      assertThat(made).as("no reader while nobody knows the credentials").isEmpty();

      IceParameters calleeParameters = callee.localParameters();
      IceParameters callerParameters = caller.localParameters();
      Set<Thread> started = connectors();
      started.removeAll(before);
      assertThat(started)
          .as("a reader per host port of both sessions")
          .hasSizeGreaterThanOrEqualTo(callee.hostPorts().size() + caller.hostPorts().size());

      var toCaller = callee.connect(callerParameters);
      var toCallee = caller.connect(calleeParameters);
      assertThat(toCallee.get(10, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
      assertThat(toCaller.get(10, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
    }
  }

  @Test
  void aSessionClosedUnusedNeverStartsAReader() throws Exception {
    Set<Thread> before = connectors();
    Ice4jSession unused = new Ice4jSession(config, IceRole.CONTROLLED, scheduler, Thread::new);
    assertThat(unused.hostPorts()).isNotEmpty();
    unused.close();
    Set<Thread> made = connectors();
    made.removeAll(before);
    assertThat(made).as("no reader started, not even to be stopped").isEmpty();
    assertThat(unused.localParameters().candidates())
        .as("what it had, still answered once closed")
        .isNotEmpty();
    Set<Thread> after = connectors();
    after.removeAll(before);
    assertThat(after).as("and no reader for a closed session").isEmpty();
  }
}
