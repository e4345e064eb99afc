package io.peervoice.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * S7 webroute on real nodes and sockets: a page-like stream client attached only to node A and a
 * Java phone attached only to node B exchange sealed messages both ways (A forwards the client's
 * FORWARD to B; the phone's ROUTE reaches A as usual and comes down the stream); a flood of
 * FORWARDs from one client is cut at its bound; a FORWARD from an unattached client and one to a
 * record whose node is not a node are dropped, the payload never leaving A.
 */
class ForwardSocketTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private final SecureRandom random = new SecureRandom();
  private final List<AutoCloseable> open = new ArrayList<>();
  private RendezvousNode a;
  private RendezvousNode b;
  private OverlayClient phone;
  private Identity phoneId;
  private final List<byte[]> phoneInbox = new CopyOnWriteArrayList<>();

  private RendezvousNode node(List<InetSocketAddress> bootstrap) throws Exception {
    RendezvousNode n =
        RendezvousNode.start(
            RendezvousNodeConfig.builder(
                    Identity.generateNode(random, 0), new InetSocketAddress(LOOPBACK, 0))
                .bootstrap(bootstrap)
                .nodeIdWork(0)
                .maxPerSubnet(0)
                .perIpLimits(4_096, 2_000)
                .ratePerSource(5_000)
                .tcp(new InetSocketAddress(LOOPBACK, 0))
                .build());
    open.add(n);
    return n;
  }

  @BeforeEach
  void start() throws Exception {
    // the phone attaches to B while B is alone, so it never learns of A (a phone on another node)
    b = node(List.of());
    phoneId = Identity.generate(random);
    phone = OverlayClient.start(phoneId, List.of(b.address()), new InetSocketAddress(LOOPBACK, 0));
    open.add(phone);
    phone.onMessage((from, payload) -> phoneInbox.add(payload));
    phone.awaitReady(Duration.ofSeconds(10));
    a = node(List.of(b.address()));
    await().atMost(Duration.ofSeconds(10)).until(() -> a.counts().get("node_verified") >= 1);
    assertThat(phone.attachedNodes()).extracting(NodeAddress::node).containsExactly(b.id());
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private PageLikeClient page(Identity id) throws Exception {
    PageLikeClient page = new PageLikeClient(id, a.tcpAddress().orElseThrow());
    open.add(page);
    assertThat(page.attach()).isEqualTo(StatusCode.OK.wire());
    NodeAddress self =
        new NodeAddress(
            a.id(), "127.0.0.1", a.address().getPort(), a.tcpAddress().get().getPort(), 0);
    assertThat(page.publish(List.of(self))).isEqualTo(StatusCode.OK.wire());
    return page;
  }

  @Test
  void aPageOnNodeAAndAPhoneOnNodeBExchangeMessagesBothWays() throws Exception {
    Identity pageId = Identity.generate(random);
    PageLikeClient page = page(pageId);
    byte[] offer = new byte[3_000]; // three fragments, as a WEB_OFFER's SDP
    random.nextBytes(offer);

    assertThat(page.forward(phoneId.publicIdentity(), offer)).isEqualTo(StatusCode.OK.wire());
    await().atMost(Duration.ofSeconds(5)).until(() -> !phoneInbox.isEmpty());
    assertThat(phoneInbox.get(0)).isEqualTo(offer);
    assertThat(a.counts().get("forwarded")).isEqualTo(3);
    assertThat(b.counts().get("forwarded")).isZero();

    byte[] answer = "answer from a phone on node B".getBytes(StandardCharsets.UTF_8);
    phone.send(pageId.peerId(), answer).get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> !page.received.isEmpty());
    assertThat(page.received.get(0)).isEqualTo(answer);
    assertThat(phoneInbox).hasSize(1);
  }

  @Test
  void aFloodOfForwardsFromOneClientIsCutAtItsBound() throws Exception {
    PageLikeClient page = page(Identity.generate(random));
    List<byte[]> one = page.seal(phoneId.publicIdentity(), new byte[100]);
    long started = System.nanoTime();
    List<BlockingQueue<Msg>> answers = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      long id = i;
      answers.add(
          page.post(t -> new Msg.Forward(t, phoneId.peerId().bytes(), id, 0, 1, one.get(0))));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> a.counts().get("forwarded") + a.counts().get("forward_refused") == 300);
    double seconds = (System.nanoTime() - started) / 1e9;
    long forwarded = a.counts().get("forwarded");
    // at most the burst (48) plus 20 a second, and never more than 32 in flight for the client
    assertThat(forwarded).isBetween(1L, 48 + (long) Math.ceil(20 * seconds) + 1);
    // every forward A admitted settles there once: delivered, or failed when the phone's ack came
    // to B after its push timeout (400 ms; seen in a CI run on a loaded machine), which is counted
    // and answered, never retried
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> a.counts().get("delivered") + a.counts().get("delivery_failed") == forwarded);
    long ok = a.counts().get("delivered");
    assertThat(ok).isPositive();
    assertThat(b.counts().get("delivered")).isBetween(ok, forwarded);
    // answers beyond the stream's outbound high water are dropped, as lost datagrams would be: the
    // OKs come after the refusals, and under load all of them can be among those dropped (S17: the
    // page then saw none within 5 s), but there is never one for a failed delivery. A single
    // forward's OK reaching the page: aPageOnNodeAAndAPhoneOnNodeBExchangeMessagesBothWays
    assertThat(count(answers, StatusCode.OK)).isLessThanOrEqualTo(ok);
    long refused = count(answers, StatusCode.RATE_LIMITED) + count(answers, StatusCode.OVERLOADED);
    assertThat(refused).isPositive();
  }

  @Test
  void forwardsFromAnUnattachedClientOrToANonNodeAreDropped() throws Exception {
    PageLikeClient stranger = new PageLikeClient(Identity.generate(random), a.tcpAddress().get());
    open.add(stranger);
    List<byte[]> sealed = stranger.seal(phoneId.publicIdentity(), new byte[500]);
    int code =
        stranger.status(t -> new Msg.Forward(t, phoneId.peerId().bytes(), 1, 0, 1, sealed.get(0)));
    assertThat(code).isEqualTo(StatusCode.NOT_ATTACHED_SENDER.wire());

    // a made-up peer whose record lists A and a UDP socket that is no node
    try (DatagramSocket victim = new DatagramSocket(0, LOOPBACK)) {
      victim.setSoTimeout(3_000);
      Identity madeUp = Identity.generate(random);
      PageLikeClient publisher = new PageLikeClient(madeUp, a.tcpAddress().get());
      assertThat(publisher.attach()).isEqualTo(StatusCode.OK.wire());
      NodeAddress self = new NodeAddress(a.id(), "127.0.0.1", a.address().getPort());
      NodeAddress fake =
          new NodeAddress(PeerId.of(new byte[32]), "127.0.0.1", victim.getLocalPort());
      assertThat(publisher.publish(List.of(self, fake))).isEqualTo(StatusCode.OK.wire());
      publisher.close(); // detached: A must look beyond itself

      PageLikeClient page = page(Identity.generate(random));
      byte[] payload = new byte[1_000];
      assertThat(page.forward(madeUp.publicIdentity(), payload))
          .isEqualTo(StatusCode.NOT_ATTACHED.wire());
      List<Integer> sizes = new ArrayList<>();
      byte[] buffer = new byte[2_048];
      try {
        while (true) {
          DatagramPacket p = new DatagramPacket(buffer, buffer.length);
          victim.receive(p);
          sizes.add(p.getLength());
        }
      } catch (SocketTimeoutException done) {
        // quiet again
      }
      assertThat(sizes).as("only small address-proof requests, never the payload").isNotEmpty();
      assertThat(sizes).allMatch(n -> n < 200);
      int before = sizes.size();
      assertThat(page.forward(madeUp.publicIdentity(), payload))
          .isEqualTo(StatusCode.NOT_ATTACHED.wire());
      victim.setSoTimeout(500);
      assertThat(quietFor(victim)).as("the failed address is avoided").isTrue();
      assertThat(before).isLessThanOrEqualTo(4);
    }
    assertThat(a.counts().get("forwarded")).isZero();
    assertThat(phoneInbox).isEmpty();
  }

  private static long count(List<BlockingQueue<Msg>> answers, StatusCode code) {
    return answers.stream()
        .filter(q -> q.peek() instanceof Msg.Status s && s.code() == code.wire())
        .count();
  }

  private static boolean quietFor(DatagramSocket s) throws Exception {
    try {
      s.receive(new DatagramPacket(new byte[2_048], 2_048));
      return false;
    } catch (SocketTimeoutException quiet) {
      return true;
    }
  }
}
