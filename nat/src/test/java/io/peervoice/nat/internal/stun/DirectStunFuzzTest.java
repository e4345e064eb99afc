package io.peervoice.nat.internal.stun;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.nat.IceRole;
import io.peervoice.testkit.DecodeBudget;
import io.peervoice.testkit.FakeTimers;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * {@link DirectStun#onStun} on arbitrary datagrams, as the media loop hands them over: it never
 * throws, stays within a {@link DecodeBudget}, answers exactly the datagrams that are Binding
 * requests from the remote with FINGERPRINT, USERNAME {@code LOCL:REMT} and a MESSAGE-INTEGRITY
 * that verifies with the local password (checked here independently of the responder), answers them
 * with a success response of at most 76 bytes with the request's transaction id, and never answers
 * anything from another address. Nothing refreshes consent without the remote password. Seeds:
 * {@code DirectStunFuzzTestInputs/onStun/} (the first ones are valid requests to answer).
 */
class DirectStunFuzzTest {
  private static final DecodeBudget BUDGET = DecodeBudget.standard();
  private static final InetSocketAddress REMOTE = DirectStunTest.REMOTE;
  private static final byte[] USERNAME = "LOCL:REMT".getBytes(StandardCharsets.UTF_8);
  private static final MessageIntegrity LOCAL_KEY =
      new MessageIntegrity(
          DirectStunTest.CREDENTIALS.localPassword().getBytes(StandardCharsets.UTF_8));

  @FuzzTest(maxDuration = "10m")
  void onStun(byte[] data) throws Exception {
    FakeTimers scheduler = new FakeTimers(0);
    List<byte[]> sent = new ArrayList<>();
    List<InetSocketAddress> to = new ArrayList<>();
    DirectStun stun =
        DirectStun.create(
            DirectStunConfig.builder()
                .scheduler(scheduler)
                .wallClockMillis(scheduler::now)
                .random(new Random(7))
                .sender(
                    (d, off, len, address) -> {
                      sent.add(Arrays.copyOfRange(d, off, off + len));
                      to.add(address);
                    })
                .credentials(DirectStunTest.CREDENTIALS)
                .remote(REMOTE)
                .role(IceRole.CONTROLLED)
                .tieBreaker(1)
                .priority(1)
                .build());
    stun.start();
    scheduler.runDue();
    sent.clear();
    to.clear();
    byte[] copy = data.clone();
    DecodeBudget.valueOrAllowed(
        BUDGET.run(
            data.length,
            () -> {
              stun.onStun(data, 0, data.length, DirectStunTest.STRANGER);
              return null;
            }),
        null);
    assertThat(sent).as("nothing goes to another address").isEmpty();
    DecodeBudget.valueOrAllowed(
        BUDGET.run(
            data.length,
            () -> {
              sent.clear(); // a run over budget is repeated: only the last one counts
              to.clear();
              stun.onStun(data, 0, data.length, REMOTE);
              return null;
            }),
        null);
    assertThat(data).isEqualTo(copy);
    assertThat(stun.lastFreshMillis()).as("no consent without the remote password").isNegative();
    if (!answerable(data)) {
      assertThat(sent).isEmpty();
      return;
    }
    assertThat(sent).hasSize(1);
    assertThat(to).containsExactly(REMOTE);
    byte[] response = sent.get(0);
    assertThat(response.length).isLessThanOrEqualTo(76);
    DecodedStun d = DirectStunTest.decode(response);
    assertThat(d.message().type()).isEqualTo(0x0101);
    assertThat(d.message().transactionId()).isEqualTo(Arrays.copyOfRange(data, 8, 20));
    assertThat(LOCAL_KEY.verify(response, 0, d)).isTrue();
  }

  /** The oracle: what the responder must answer, judged without it. */
  static boolean answerable(byte[] data) {
    DecodedStun d;
    try {
      d = StunCodec.decode(data, 0, data.length, StunAttributes.ICE_UNDERSTOOD);
    } catch (StunFormatException e) {
      return false;
    }
    StunAttribute username = d.message().first(StunAttributes.USERNAME);
    return d.message().type() == 0x0001
        && d.fingerprint()
        && username != null
        && Arrays.equals(username.value(), USERNAME)
        && LOCAL_KEY.verify(data, 0, d);
  }
}
