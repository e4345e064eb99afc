package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/** The overlay's one request helper, on a fake clock: every request ends once, and how. */
class OverlayRequestsTest {
  private static final InetSocketAddress NODE = new InetSocketAddress("10.0.0.1", 4000);
  private static final InetSocketAddress OTHER = new InetSocketAddress("10.0.0.2", 4000);

  /** A clock that moves only when told, timers on it, and the datagrams sent. */
  private static final class FakeEnv implements Env {
    private record Timer(long at, long order, Runnable task, boolean[] cancelled)
        implements Comparable<Timer> {
      @Override
      public int compareTo(Timer o) {
        return at != o.at ? Long.compare(at, o.at) : Long.compare(order, o.order);
      }
    }

    final PriorityQueue<Timer> timers = new PriorityQueue<>();
    final List<InetSocketAddress> sentTo = new ArrayList<>();
    final List<byte[]> sent = new ArrayList<>();
    long now;
    long order;

    @Override
    public long nowMillis() {
      return now;
    }

    @Override
    public long wallMillis() {
      return now;
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
      boolean[] cancelled = {false};
      timers.add(new Timer(now + delayMillis, order++, task, cancelled));
      return () -> cancelled[0] = true;
    }

    @Override
    public void send(InetSocketAddress to, byte[] datagram) {
      sentTo.add(to);
      sent.add(datagram);
    }

    void advance(long millis) {
      long until = now + millis;
      while (!timers.isEmpty() && timers.peek().at <= until) {
        Timer t = timers.poll();
        now = t.at;
        if (!t.cancelled[0]) {
          t.task.run();
        }
      }
      now = until;
    }

    long liveTimers() {
      return timers.stream().filter(t -> !t.cancelled[0]).count();
    }
  }

  /** What became of one request. */
  private static final class Outcome {
    final List<Msg> replies = new ArrayList<>();
    final List<RequestFailure> failures = new ArrayList<>();

    int ends() {
      return replies.size() + failures.size();
    }
  }

  private final FakeEnv env = new FakeEnv();
  private final WireCodec codec = new WireCodec();

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
    return codec.decode(env.sent.get(env.sent.size() - 1)).tx();
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
    assertThat(env.sentTo).containsExactly(NODE, NODE);
    assertThat(tx1).isEqualTo(41);
    assertThat(tx2).isEqualTo(42);

    assertThat(requests.reply(NODE, okFor(tx2))).isTrue();
    assertThat(second.replies).singleElement().isEqualTo(okFor(tx2));
    assertThat(first.ends()).as("the other request still waits").isZero();
    assertThat(requests.pending()).isEqualTo(1);
    assertThat(env.liveTimers()).as("the answered request's timer is cancelled").isEqualTo(1);
  }

  @Test
  void anUnansweredRequestTimesOutOnTheClockOnceAndNotEarlier() {
    OverlayRequests requests = new OverlayRequests(env, codec, 8, 1);
    Outcome o = ping(requests, NODE, 500);
    env.advance(499);
    assertThat(o.ends()).isZero();
    env.advance(1);
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
    env.advance(1_000);
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

    assertThat(sent).isFalse();
    assertThat(third.failures)
        .as("before send returned")
        .containsExactly(RequestFailure.OVERLOADED);
    assertThat(env.sent).as("nothing sent for it").hasSize(2);
    assertThat(requests.pending()).isEqualTo(2);

    requests.reply(NODE, okFor(1));
    assertThat(ping(requests, NODE, 500).ends()).as("room again").isZero();
    assertThat(env.sent).hasSize(3);
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
    assertThat(env.liveTimers()).as("timers cancelled").isZero();

    env.advance(1_000);
    assertThat(requests.reply(NODE, okFor(1))).isFalse();
    assertThat(a.ends()).as("ended once").isEqualTo(1);

    Outcome late = ping(requests, NODE, 500);
    assertThat(late.failures).containsExactly(RequestFailure.CLOSED);
    assertThat(env.sent).as("nothing sent after the close").hasSize(2);
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
    env.advance(500);
    assertThat(retried).as("the timed-out request left room for the retry").isEmpty();
    assertThat(requests.pending()).isEqualTo(1);
    assertThat(env.sent).hasSize(2);
  }

  @Test
  void okIsAStatusOk() {
    assertThat(OverlayRequests.ok(okFor(1))).isTrue();
    assertThat(OverlayRequests.ok(new Msg.Status(1, StatusCode.OVERLOADED.wire(), 0))).isFalse();
    assertThat(OverlayRequests.ok(new Msg.Ping(1, new byte[0], new byte[0]))).isFalse();
  }
}
