package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.RendezvousNode;
import io.peervoice.signaling.RendezvousNodeConfig;
import io.peervoice.signaling.call.CallState;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A phone whose UDP cannot reach its node (a network that blocks UDP; here its overlay socket is
 * IPv4 and the node's UDP on the IPv6 loopback, so the kernel refuses every datagram) attaches over
 * the node's TCP port with nothing configured but the node's address (the default stream routes:
 * TCP on the node's UDP port number), and another phone, on UDP, calls it: the call connects. Real
 * node, real phones, real sockets on loopback.
 */
class PhoneOverStreamsTest {
  private static final InetAddress V4 = v4();
  private static final InetAddress V6 = v6();

  private static InetAddress v4() {
    try {
      return InetAddress.getByName("127.0.0.1");
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InetAddress v6() {
    try {
      return InetAddress.getByName("::1");
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private final SecureRandom random = new SecureRandom();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** A port number of the IPv6 loopback free for both TCP and UDP (the node's). */
  private static int portFreeForBoth() throws Exception {
    for (int i = 0; i < 20; i++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, V6)) {
        port = s.getLocalPort();
      }
      try (DatagramSocket u = new DatagramSocket(port, V6)) {
        return port;
      } catch (java.net.BindException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no port free for both TCP and UDP");
  }

  @Test
  void aPhoneWhoseUdpGetsNoAnswerAttachesOverTcpAndIsCalled() throws Exception {
    int port = portFreeForBoth();
    RendezvousNode node =
        RendezvousNode.start(
            RendezvousNodeConfig.builder(
                    Identity.generateNode(random, 0), new InetSocketAddress(V6, port))
                .maxPerSubnet(0)
                .nodeIdWork(0)
                .tcp(new InetSocketAddress(V6, port))
                .build());
    open.add(node);
    PhoneTestEvents calleeEvents = new PhoneTestEvents();
    Identity callee = Identity.generate(random);
    Phone blocked =
        start(
            Phone.builder(callee)
                .bootstrap(List.of(node.address()))
                .listeners(call -> calleeEvents),
            V4);
    blocked.ready().get(10, TimeUnit.SECONDS);
    assertThat(node.tcpCounters().orElseThrow().open()).isEqualTo(1);

    Phone caller =
        start(Phone.builder(Identity.generate(random)).bootstrap(List.of(node.address())), V6);
    caller.ready().get(10, TimeUnit.SECONDS);
    Call call = caller.call(callee.peerId());
    call.mediaStarted().get(20, TimeUnit.SECONDS);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> blocked.calls().size() == 1);
    assertThat(call.state()).isEqualTo(CallState.ACTIVE);
    assertThat(blocked.calls().get(0).state()).isEqualTo(CallState.ACTIVE);
  }

  private Phone start(PhoneConfig.Builder b, InetAddress overlay) throws Exception {
    Phone p = Phone.start(b.overlayAddress(new InetSocketAddress(overlay, 0)).build());
    open.add(p);
    return p;
  }

  /** Answers every incoming call at once. */
  private static final class PhoneTestEvents extends CallListener {
    @Override
    public void onRinging(Call call) {
      if (call.direction() == CallDirection.INCOMING) {
        call.answer();
      }
    }
  }
}
