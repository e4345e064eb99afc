package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.internal.sim.SimNetwork;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The overlay's one request helper, on a fake clock: every request ends once, and how. */
class OverlayRequestsTest {
  private static final InetSocketAddress NODE = new InetSocketAddress("10.0.0.1", 4000);
  private static final InetSocketAddress OTHER = new InetSocketAddress("10.0.0.2", 4000);

  /** What became of one request. */
  private static final class Outcome {
    final List<Msg> replies = new ArrayList<>();
    final List<RequestFailure> failures = new ArrayList<>();

    int ends() {
      return replies.size() + failures.size();
    }
  }

  /** Virtual time; datagrams take 1 ms. */
  private final SimNetwork net = new SimNetwork(1, 1, 1, 0, 0);

  private final Env env = net.attach(new InetSocketAddress("10.1.0.1", 5000), (from, d) -> {});
  private final WireCodec codec = new WireCodec();

  /** What arrived at NODE and OTHER, in order. */
  private final List<InetSocketAddress> arrivedAt = new ArrayList<>();

  private final List<byte[]> arrived = new ArrayList<>();

  {
    for (InetSocketAddress host : List.of(NODE, OTHER)) {
      net.attach(
          host,
          (from, datagram) -> {
            arrivedAt.add(host);
            arrived.add(datagram);
          });
    }
  }

  /** Runs virtual time {@code millis} on. */
  private void advance(long millis) {
    net.runUntil(net.now() + millis);
  }

  private Outcome ping(OverlayRequests requests, InetSocketAddress to, long timeoutMillis) {
    Outcome o = new Outcome();
    requests.send(
        to,
        timeoutMillis,
        tx -> new Msg.Ping(tx, new byte[0], new byte[0]),
        o.replies::add,
        o.failures::add);
    return o;
  }

  private long lastTx() throws WireException {
    advance(1);
    return codec.decode(arrived.get(arrived.size() - 1)).tx();
  }

  private static Msg okFor(long tx) {
    return new Msg.Status(tx, StatusCode.OK.wire(), 0);
  }

  @Test
  void aRequestGoesOutWithAFreshTransactionIdAndItsAnswerCompletesItOnce() throws Exception {
    OverlayRequests requests = new OverlayRequests(env, codec, 8, 41);
    Outcome first = ping(requests, NODE, 500);
    long tx1 = lastTx();
    Outcome second = ping(requests, NODE, 500);
    long tx2 = lastTx();
    assertThat(arrivedAt).containsExactly(NODE, NODE);
    assertThat(tx1).isEqualTo(41);
    assertThat(tx2).isEqualTo(42);

    assertThat(requests.reply(NODE, okFor(tx2))).isTrue();
    assertThat(second.replies).singleElement().isEqualTo(okFor(tx2));
    assertThat(first.ends()).as("the other request still waits").isZero();
    assertThat(requests.pending()).isEqualTo(1);
    advance(1_000);
    assertThat(second.failures).as("answered: its timer does not fail it").isEmpty();
    assertThat(first.failures).containsExactly(RequestFailure.TIMEOUT);
  }

  @Test
  void anUnansweredRequestTimesOutOnTheClockOnceAndNotEarlier() {
    OverlayRequests requests = new OverlayRequests(env, codec, 8, 1);
    Outcome o = ping(requests, NODE, 500);
    advance(499);
    assertThat(o.ends()).isZero();
    advance(1);
    assertThat(o.failures).containsExactly(RequestFailure.TIMEOUT);
    assertThat(o.replies).isEmpty();
    assertThat(requests.pending()).isZero();

    assertThat(requests.reply(NODE, okFor(1))).as("too late: nothing waits").isFalse();
    assertThat(o.ends()).isEqualTo(1);
  }

  @Test
  void anAnswerFromAnotherAddressIsIgnoredAndTheRequestStillWaitsForItsOwn() {
    OverlayRequests requests = new OverlayRequests(env, codec, 8, 7);
    Outcome o = ping(requests, NODE, 500);

    assertThat(requests.reply(OTHER, okFor(7))).isFalse();
    assertThat(o.ends()).isZero();
    assertThat(requests.pending()).isEqualTo(1);

    assertThat(requests.reply(NODE, okFor(7))).isTrue();
    assertThat(o.replies).hasSize(1);
    advance(1_000);
    assertThat(o.failures).as("answered: its timer does not fire").isEmpty();
  }

  @Test
  void aSecondAnswerIsNotDeliveredAgain() {
    OverlayRequests requests = new OverlayRequests(env, codec, 8, 7);
    Outcome o = ping(requests, NODE, 500);
    assertThat(requests.reply(NODE, okFor(7))).isTrue();
    assertThat(requests.reply(NODE, okFor(7))).as("duplicate: unsolicited").isFalse();
    assertThat(o.replies).hasSize(1);
    assertThat(o.failures).isEmpty();
  }

  @Test
  void aFullTableFailsTheNextRequestAtOnceWithoutSendingIt() {
    OverlayRequests requests = new OverlayRequests(env, codec, 2, 1);
    ping(requests, NODE, 500);
    ping(requests, NODE, 500);
    Outcome third = new Outcome();
    boolean sent =
        requests.send(
            NODE,
            500,
            tx -> new Msg.Ping(tx, new byte[0], new byte[0]),
            third.replies::add,
            third.failures::add);

    advance(1);
    assertThat(sent).isFalse();
    assertThat(third.failures)
        .as("before send returned")
        .containsExactly(RequestFailure.OVERLOADED);
    assertThat(arrived).as("nothing sent for it").hasSize(2);
    assertThat(requests.pending()).isEqualTo(2);

    requests.reply(NODE, okFor(1));
    assertThat(ping(requests, NODE, 500).ends()).as("room again").isZero();
    advance(1);
    assertThat(arrived).hasSize(3);
  }

  @Test
  void closingFailsEveryRequestInFlightOnceAndLaterOnesAtOnce() {
    OverlayRequests requests = new OverlayRequests(env, codec, 8, 1);
    Outcome a = ping(requests, NODE, 500);
    Outcome b = ping(requests, OTHER, 500);

    requests.close();
    assertThat(a.failures).containsExactly(RequestFailure.CLOSED);
    assertThat(b.failures).containsExactly(RequestFailure.CLOSED);
    assertThat(requests.pending()).isZero();

    advance(1_000);
    assertThat(requests.reply(NODE, okFor(1))).isFalse();
    assertThat(a.ends()).as("ended once").isEqualTo(1);

    Outcome late = ping(requests, NODE, 500);
    assertThat(late.failures).containsExactly(RequestFailure.CLOSED);
    assertThat(arrived).as("nothing sent after the close").hasSize(2);
  }

  @Test
  void aCallbackThatSendsAgainFindsTheTableConsistent() {
    OverlayRequests requests = new OverlayRequests(env, codec, 1, 1);
    List<RequestFailure> retried = new ArrayList<>();
    requests.send(
        NODE,
        500,
        tx -> new Msg.Ping(tx, new byte[0], new byte[0]),
        reply -> {},
        failure -> ping(requests, NODE, 500).failures.forEach(retried::add));
    advance(501);
    assertThat(retried).as("the timed-out request left room for the retry").isEmpty();
    assertThat(requests.pending()).isEqualTo(1);
    assertThat(arrived).hasSize(2);
  }

  @Test
  void okIsAStatusOk() {
    assertThat(OverlayRequests.ok(okFor(1))).isTrue();
    assertThat(OverlayRequests.ok(new Msg.Status(1, StatusCode.OVERLOADED.wire(), 0))).isFalse();
    assertThat(OverlayRequests.ok(new Msg.Ping(1, new byte[0], new byte[0]))).isFalse();
  }
}
