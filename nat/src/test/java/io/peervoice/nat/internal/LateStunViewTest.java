package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceRole;
import io.peervoice.natives.MediaLoops;
import io.peervoice.testkit.ProcessSockets;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.socket.IceSocketWrapper;
import org.junit.jupiter.api.Test;

/**
 * ice4j asks a host candidate for its STUN socket after the call ended: a connectivity check under
 * way when its port closed fails to send, and ice4j's check client then asks the candidate for its
 * STUN socket to log the failure ({@code ConnectivityCheckClient.startCheckForPair}); a keep-alive
 * under way asks for it to send. The agent's free had removed the candidate's STUN view, so ice4j
 * makes a new one, whose {@link java.net.DatagramSocket} superclass opens a socket of its own after
 * {@link MultiplexedSockets} closed the views it knew: it stayed open until the garbage collector
 * found it (MediaAbuseTest's CI failure: sockets still open 10 s after the calls ended). Real
 * agent, real ports on a real loop; ice4j's late call is made here, on the test thread, once the
 * release returned.
 */
class LateStunViewTest {

  @Test
  void aStunViewAskedForAfterTheReleaseOpensNoSocket() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd");
    IceConfig config = IceConfig.builder().loopbackFallback(false).build();
    try (MediaLoops loops = MediaLoops.create(1, "late-view-loop")) {
      Ice4jAgentSetup ice = Ice4jAgentSetup.create(config, IceRole.CONTROLLING, loops.next());
      AgentRelease release = new AgentRelease(ice, new CandidateFilter(config));
      List<LocalCandidate> hosts =
          ice.component().getLocalCandidates().stream()
              .filter(c -> c instanceof HostCandidate)
              .toList();
      assertThat(hosts).isNotEmpty();
      List<InetSocketAddress> ports =
          ice.hosts().ports().stream().map(HostPort::localAddress).toList();

      List<ProcessSockets.Socket> before = ProcessSockets.open();
      release.release(null); // the call ended: agent freed, every host port closed
      for (LocalCandidate host : hosts) {
        IceSocketWrapper late = host.getStunSocket(null); // what ice4j's threads may still do
        assertThat(late).isNotNull();
      }

      List<ProcessSockets.Socket> opened = ProcessSockets.openedSince(before);
      assertThat(opened)
          .as(
              "sockets opened once the agent of host ports %s was freed:%n%s",
              ports, ProcessSockets.describe(opened, a -> Optional.empty()))
          .isEmpty();
    }
  }
}
