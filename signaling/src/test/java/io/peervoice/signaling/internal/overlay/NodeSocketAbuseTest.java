package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.RendezvousNode;
import io.peervoice.signaling.RendezvousNodeConfig;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireCodec;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks on a real node over loopback UDP: raw sockets on 127.0.0.1 (the genuine peer) and
 * 127.0.0.2 (the attacker, another source IP).
 */
class NodeSocketAbuseTest {
  private final WireCodec codec = new WireCodec();
  private final SecureRandom random = new SecureRandom();
  private RendezvousNode node;

  @AfterEach
  void close() {
    if (node != null) {
      node.close();
    }
  }

  private DatagramSocket socket(String ip) throws IOException {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), 0));
    s.setSoTimeout(3_000);
    return s;
  }

  private void send(DatagramSocket s, Msg m) throws IOException {
    byte[] d = codec.encode(m);
    s.send(new DatagramPacket(d, d.length, node.address()));
  }

  private void send(DatagramSocket s, byte[] d) throws IOException {
    s.send(new DatagramPacket(d, d.length, node.address()));
  }

  private Msg receive(DatagramSocket s) throws Exception {
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    s.receive(p);
    return codec.decode(Arrays.copyOf(buf, p.getLength()));
  }

  /** The HELLO exchange; returns the cookie. */
  private byte[] prove(DatagramSocket s) throws Exception {
    send(s, new Msg.Hello(1, new byte[0], new byte[AddressProofs.PADDING]));
    byte[] cookie = ((Msg.CookieReply) receive(s)).cookie();
    send(s, new Msg.Hello(2, cookie, new byte[0]));
    assertThat(((Msg.Status) receive(s)).code()).isEqualTo(StatusCode.OK.wire());
    return cookie;
  }

  @Test
  void aCapturedAttachReplayedFrom127002IsRefusedAndTheNextRouteStillGoesToTheGenuinePeer()
      throws Exception {
    node =
        RendezvousNode.start(
            RendezvousNodeConfig.builder(
                    Identity.generate(random), new InetSocketAddress("127.0.0.1", 0))
                .build());
    Identity bob = Identity.generate(random);
    try (DatagramSocket genuine = socket("127.0.0.1");
        DatagramSocket attacker = socket("127.0.0.2");
        DatagramSocket sender = socket("127.0.0.1")) {
      byte[] cookie = prove(genuine);
      byte[] nonce = new byte[16];
      random.nextBytes(nonce);
      send(genuine, new Msg.Ping(3, nonce, new byte[0]));
      Msg.Pong pong = (Msg.Pong) receive(genuine);
      PeerId nodeId = NodeVerifier.verify(pong.nodeKey(), nonce, pong.signature());
      assertThat(nodeId).isEqualTo(node.id());
      long ts = System.currentTimeMillis();
      byte[] captured =
          codec.encode(
              new Msg.Attach(
                  4,
                  bob.publicIdentity().signingKey(),
                  bob.publicIdentity().agreementKey(),
                  nodeId.bytes(),
                  ts,
                  bob.sign(AttachProof.signed(nodeId, cookie, ts)),
                  cookie));
      send(genuine, captured);
      assertThat(((Msg.Status) receive(genuine)).code()).isEqualTo(StatusCode.OK.wire());

      send(attacker, captured);
      assertThat(receive(attacker))
          .as("an unproven replayer is only asked to prove its address")
          .isInstanceOf(Msg.CookieReply.class);
      prove(attacker);
      send(attacker, captured);
      assertThat(((Msg.Status) receive(attacker)).code()).isEqualTo(StatusCode.BAD_ATTACH.wire());

      prove(sender);
      send(sender, new Msg.Route(5, bob.peerId().bytes(), 77, 0, 1, new byte[] {1}));
      Msg pushed = receive(genuine);
      assertThat(pushed)
          .isInstanceOfSatisfying(Msg.Deliver.class, d -> assertThat(d.messageId()).isEqualTo(77));
      send(genuine, new Msg.Status(pushed.tx(), StatusCode.OK.wire(), 0));
      assertThat(((Msg.Status) receive(sender)).code()).isEqualTo(StatusCode.OK.wire());
      attacker.setSoTimeout(300);
      try {
        Msg m = receive(attacker);
        assertThat(m).as("nothing pushed to the replayer").isNotInstanceOf(Msg.Deliver.class);
      } catch (SocketTimeoutException expected) {
        // nothing arrived: right
      }
    }
  }

  @Test
  void anUnprovenSourceGetsNoAnswerLargerThanItsRequestOverRealSockets() throws Exception {
    node =
        RendezvousNode.start(
            RendezvousNodeConfig.builder(
                    Identity.generate(random), new InetSocketAddress("127.0.0.1", 0))
                .build());
    try (DatagramSocket s = socket("127.0.0.2")) {
      s.setSoTimeout(300);
      byte[] nonce = new byte[16];
      Msg[] requests = {
        new Msg.Ping(1, nonce, new byte[0]),
        new Msg.FindNode(2, new byte[20], new byte[0]),
        new Msg.FindRecord(3, new byte[20], new byte[0]),
      };
      for (Msg m : requests) {
        byte[] d = codec.encode(m);
        send(s, d);
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
          s.receive(p);
          assertThat(p.getLength()).as(m.getClass().getSimpleName()).isLessThanOrEqualTo(d.length);
        } catch (SocketTimeoutException dropped) {
          // dropped: no answer at all
        }
      }
      assertThat(node.counts().get("signed")).isZero();
    }
  }
}
