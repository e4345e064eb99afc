package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.sim.SimNetwork;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The asking side of address proofs against a real node logic, in virtual time. */
class AddressProofsTest {
  private final SimNetwork net = new SimNetwork(3, 1, 3, 0, NodeAbuseTest.WALL);
  private final WireCodec codec = new WireCodec();
  private final NodeCounters counters = new NodeCounters();
  private final InetSocketAddress nodeAddress = new InetSocketAddress("10.0.0.1", 4000);
  private OverlayRequests requests;
  private AddressProofs proofs;

  private void setUp() {
    OverlayNode[] node = new OverlayNode[1];
    Env nodeEnv = net.attach(nodeAddress, (from, data) -> node[0].received(from, data));
    node[0] =
        new OverlayNode(
            Identity.generate(new SecureRandom()), NodeSettings.defaults(), nodeEnv, counters, 7);
    node[0].start(List.of());
    OverlayRequests[] r = {null};
    Env env =
        net.attach(
            new InetSocketAddress("10.1.0.1", 5000),
            (from, data) -> {
              try {
                r[0].reply(from, codec.decode(data));
              } catch (WireException e) {
                throw new AssertionError(e);
              }
            });
    requests = new OverlayRequests(env, codec, 64, 1);
    r[0] = requests;
    proofs = new AddressProofs(env, requests, 400, 16);
  }

  private List<Msg> findNode() {
    List<Msg> replies = new ArrayList<>();
    proofs.send(
        nodeAddress,
        400,
        tx -> new Msg.FindNode(tx, new byte[20], new byte[0]),
        replies::add,
        failure -> replies.add(null));
    net.runUntil(net.now() + 100);
    return replies;
  }

  @Test
  void theFirstRequestIsProvenFirstAndACookieAnswerLaterMeansProveAgainAndResendOnce() {
    setUp();
    assertThat(findNode()).singleElement().isInstanceOf(Msg.Nodes.class);
    assertThat(counters.get(Event.PROVEN)).isEqualTo(1);
    assertThat(proofs.proven(nodeAddress)).isTrue();

    assertThat(findNode()).as("cached: no new proof").singleElement().isInstanceOf(Msg.Nodes.class);
    assertThat(counters.get(Event.PROVEN)).isEqualTo(1);

    net.runUntil(net.now() + 11 * 60_000);
    long cookies = counters.get(Event.COOKIE_SENT);
    assertThat(findNode())
        .as("the node forgot us (10 min idle): COOKIE, proof with it, the request again")
        .singleElement()
        .isInstanceOf(Msg.Nodes.class);
    assertThat(counters.get(Event.COOKIE_SENT)).isEqualTo(cookies + 1);
    assertThat(counters.get(Event.PROVEN)).isEqualTo(2);
  }

  @Test
  void aCookieIsKeptForTheAttachAndRenewedWhenTooOld() {
    setUp();
    byte[][] got = new byte[2][];
    proofs.freshCookie(nodeAddress, 30_000, c -> got[0] = c, failure -> {});
    net.runUntil(net.now() + 100);
    proofs.freshCookie(nodeAddress, 30_000, c -> got[1] = c, failure -> {});
    assertThat(got[1]).as("fresh enough: the same").isEqualTo(got[0]);
    net.runUntil(net.now() + 31_000);
    proofs.freshCookie(nodeAddress, 30_000, c -> got[1] = c, failure -> {});
    net.runUntil(net.now() + 100);
    assertThat(got[1]).hasSize(20).isNotEqualTo(got[0]);
  }

  @Test
  void aRefusedProofAndASilentAddressFailTheRequestWithTheirReasons() {
    setUp();
    InetSocketAddress refuser = new InetSocketAddress("10.0.0.2", 4000);
    Env[] refuserEnv = {null};
    refuserEnv[0] =
        net.attach(
            refuser,
            (from, data) -> {
              try {
                long tx = codec.decode(data).tx();
                refuserEnv[0].send(
                    from, codec.encode(new Msg.Status(tx, StatusCode.OVERLOADED.wire(), 0)));
              } catch (WireException e) {
                throw new AssertionError(e);
              }
            });
    InetSocketAddress silent = new InetSocketAddress("10.0.0.3", 4000);
    net.attach(silent, (from, data) -> {});

    List<RequestFailure> failures = new ArrayList<>();
    List<Msg> replies = new ArrayList<>();
    for (InetSocketAddress to : List.of(refuser, silent)) {
      proofs.send(
          to,
          400,
          tx -> new Msg.FindNode(tx, new byte[20], new byte[0]),
          replies::add,
          failures::add);
    }
    net.runUntil(net.now() + 1_000);
    assertThat(replies).as("no request is sent before the proof").isEmpty();
    assertThat(failures).containsExactly(RequestFailure.REFUSED, RequestFailure.TIMEOUT);
    assertThat(proofs.proven(refuser)).isFalse();
    assertThat(requests.pending()).isZero();
  }
}
