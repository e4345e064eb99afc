package io.peervoice.nat.internal.stun;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.testkit.DecodeBudget;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * {@link ProbeStun#classify} on arbitrary datagrams, as a port-prediction probe gets them from the
 * network: it never throws, stays within a {@link DecodeBudget}, leaves the input alone, and calls
 * a datagram a REQUEST or NOMINATION only if an oracle independent of it agrees (a Binding request
 * with the probe mark, FINGERPRINT, USERNAME {@code ub:ua} and a MESSAGE-INTEGRITY that verifies
 * with our password), and a RESPONSE never (none of our requests is outstanding: a response is
 * believed only as the answer to one). Seeds: {@code ProbeStunFuzzTestInputs/classify/} (a valid
 * check and nomination, ICE's own checks, noise).
 */
class ProbeStunFuzzTest {
  private static final DecodeBudget BUDGET = DecodeBudget.standard();
  static final InetSocketAddress PEER = new InetSocketAddress("198.51.100.3", 40000);
  private static final MessageIntegrity LOCAL_KEY =
      new MessageIntegrity("pb-secret".getBytes(StandardCharsets.UTF_8));
  private static final byte[] USERNAME = "ub:ua".getBytes(StandardCharsets.UTF_8);

  /** Our side: ufrag ub, password pb-secret; the peer: ua, pa-secret. */
  static ProbeStun bob() {
    return new ProbeStun(
        new IceCredentials("ub", "pb-secret", "ua", "pa-secret"), new SplittableRandom(2), 4);
  }

  @FuzzTest(maxDuration = "10m")
  void classify(byte[] data) throws Exception {
    ProbeStun bob = bob();
    byte[] copy = data.clone();
    ProbeStun.Verdict v =
        DecodeBudget.valueOrAllowed(
            BUDGET.run(data.length, () -> bob.classify(data, 0, data.length, PEER)), null);
    assertThat(data).isEqualTo(copy);
    assertThat(v).as("a verdict for every datagram").isNotNull();
    switch (v.kind()) {
      case REQUEST, NOMINATION -> {
        assertThat(authentic(data)).as("believed only what authenticates").isTrue();
        assertThat(v.transactionId()).isEqualTo(Arrays.copyOfRange(data, 8, 20));
      }
      case RESPONSE -> throw new AssertionError("a response to nothing we sent was believed");
      default ->
          assertThat(authentic(data)).as("an authentic probe check is not dropped").isFalse();
    }
  }

  /** The oracle: a probe check to believe, judged without ProbeStun. */
  private static boolean authentic(byte[] data) {
    DecodedStun d;
    try {
      d = StunCodec.decode(data, 0, data.length, StunAttributes.ICE_UNDERSTOOD);
    } catch (StunFormatException e) {
      return false;
    }
    StunAttribute username = d.message().first(StunAttributes.USERNAME);
    return d.message().type() == 0x0001
        && d.message().has(ProbeStun.PROBE)
        && d.fingerprint()
        && d.hasIntegrity()
        && username != null
        && Arrays.equals(username.value(), USERNAME)
        && LOCAL_KEY.verify(data, 0, d);
  }
}
