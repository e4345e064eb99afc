package io.peervoice.nat.internal.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.nat.IceRole;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two {@link DirectStun}s facing each other over real UDP sockets, as two PeerVoice endpoints on a
 * direct path after both freed their ice4j agents: each keeps the other's consent fresh; when one
 * stops, the other's consent expires and its requests stop.
 */
class DirectStunPairTest {
  private final End a = new End();
  private final End b = new End();

  /** One endpoint: a socket, its loop, a reader handing datagrams to the loop. */
  private static final class End {
    final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    final DatagramSocket socket;
    volatile DirectStun stun;
    volatile int sent;
    Thread reader;

    End() {
      try {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    InetSocketAddress address() {
      return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void send(byte[] data, int offset, int length, InetSocketAddress to) {
      try {
        sent++;
        socket.send(new DatagramPacket(data, offset, length, to));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    void start(DirectStun s) {
      stun = s;
      reader =
          new Thread(
              () -> {
                byte[] buf = new byte[1500];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                while (!socket.isClosed()) {
                  try {
                    socket.receive(p);
                  } catch (IOException e) {
                    return;
                  }
                  byte[] copy = Arrays.copyOf(buf, p.getLength());
                  InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
                  loop.execute(() -> stun.onStun(copy, 0, copy.length, from));
                }
              },
              "pair-reader");
      reader.start();
      s.start();
    }

    void close() throws InterruptedException {
      if (stun != null) {
        stun.stop();
      }
      loop.shutdownNow();
      socket.close();
      if (reader != null) {
        reader.join(5_000);
      }
    }
  }

  @AfterEach
  void close() throws InterruptedException {
    a.close();
    b.close();
  }

  private static DirectStun stun(End self, End peer, IceCredentials credentials, IceRole role) {
    return DirectStun.create(
        DirectStunConfig.builder()
            .scheduler(self.loop)
            .sender(self::send)
            .credentials(credentials)
            .remote(peer.address())
            .role(role)
            .tieBreaker(role.ordinal() + 1)
            .priority(1_000)
            .consentInterval(Duration.ofMillis(50))
            .consentExpiry(Duration.ofMillis(600))
            .build());
  }

  @Test
  void eachKeepsTheOthersConsentFreshUntilOneStops() {
    IceCredentials forA =
        new IceCredentials("AAAA", "a-password-0123456789xy", "BBBB", "b-password-0123456789xy");
    IceCredentials forB =
        new IceCredentials("BBBB", "b-password-0123456789xy", "AAAA", "a-password-0123456789xy");
    DirectStun sa = stun(a, b, forA, IceRole.CONTROLLING);
    DirectStun sb = stun(b, a, forB, IceRole.CONTROLLED);
    a.start(sa);
    b.start(sb);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sa.stats().consentResponses() >= 5 && sb.stats().consentResponses() >= 5);
    for (DirectStun s : new DirectStun[] {sa, sb}) {
      assertThat(s.stats().requestsAnswered()).isGreaterThanOrEqualTo(5);
      assertThat(s.stats().dropped()).isZero();
      assertThat(s.consentExpired()).isFalse();
    }

    sb.stop();
    await().atMost(Duration.ofSeconds(10)).until(sa::consentExpired);
    int sentAtExpiry = a.sent;
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> a.sent <= sentAtExpiry + 1);
    assertThat(sb.stats().droppedUnexpected()).as("b drops what comes after its stop").isPositive();
  }
}
