package io.peervoice.nat.internal.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A port-prediction probe believes only what authenticates: its marked checks with the call's
 * credentials, and answers to its own outstanding checks from the address each went to; the ICE
 * agent's ordinary checks are left to the agent.
 */
class ProbeStunTest {
  private static final InetSocketAddress A = new InetSocketAddress("192.0.2.10", 4000);
  private static final InetSocketAddress B = new InetSocketAddress("198.51.100.3", 40000);
  private final ProbeStun alice =
      new ProbeStun(
          new IceCredentials("ua", "pa-secret", "ub", "pb-secret"), new SplittableRandom(1), 4);
  private final ProbeStun bob =
      new ProbeStun(
          new IceCredentials("ub", "pb-secret", "ua", "pa-secret"), new SplittableRandom(2), 4);

  private static ProbeStun.Kind kind(ProbeStun to, byte[] m, InetSocketAddress from) {
    return to.classify(m, 0, m.length, from).kind();
  }

  @Test
  void aCheckAndItsAnswerAuthenticate() {
    byte[] check = alice.request(B, false);
    ProbeStun.Verdict v = bob.classify(check, 0, check.length, A);
    assertThat(v.kind()).isEqualTo(ProbeStun.Kind.REQUEST);
    byte[] answer = bob.response(v.transactionId(), A);
    ProbeStun.Verdict r = alice.classify(answer, 0, answer.length, B);
    assertThat(r.kind()).isEqualTo(ProbeStun.Kind.RESPONSE);
    assertThat(r.mapped()).isEqualTo(A);
    assertThat(r.nomination()).isFalse();
    assertThat(kind(alice, answer, B)).as("answered once").isEqualTo(ProbeStun.Kind.NOT_OURS);

    byte[] nomination = alice.request(B, true);
    ProbeStun.Verdict n = bob.classify(nomination, 0, nomination.length, A);
    assertThat(n.kind()).isEqualTo(ProbeStun.Kind.NOMINATION);
    byte[] ok = bob.response(n.transactionId(), A);
    assertThat(alice.classify(ok, 0, ok.length, B).nomination()).isTrue();
  }

  @Test
  void whatDoesNotAuthenticateIsDropped() {
    ProbeStun mallory =
        new ProbeStun(
            new IceCredentials("ua", "pa-secret", "ub", "guessed"), new SplittableRandom(3), 4);
    byte[] forged = mallory.request(B, true);
    assertThat(kind(bob, forged, A)).as("wrong password").isEqualTo(ProbeStun.Kind.DROPPED);

    byte[] check = alice.request(B, false);
    byte[] answer = bob.response(bob.classify(check, 0, check.length, A).transactionId(), A);
    InetSocketAddress elsewhere = new InetSocketAddress("198.51.100.3", 40001);
    assertThat(kind(alice, answer, elsewhere))
        .as("from another address")
        .isEqualTo(ProbeStun.Kind.DROPPED);
    byte[] signedByMallory =
        new ProbeStun(
                new IceCredentials("ub", "wrong", "ua", "pa-secret"), new SplittableRandom(4), 4)
            .response(bob.classify(check, 0, check.length, A).transactionId(), A);
    assertThat(kind(alice, signedByMallory, B)).as("wrong key").isEqualTo(ProbeStun.Kind.DROPPED);
    byte[] tampered = check.clone();
    tampered[tampered.length - 30] ^= 1;
    assertThat(kind(bob, tampered, A)).isIn(ProbeStun.Kind.DROPPED, ProbeStun.Kind.NOT_OURS);
    assertThat(kind(bob, new byte[] {0, 1, 0, 0}, A)).isEqualTo(ProbeStun.Kind.NOT_OURS);
  }

  @Test
  void theAgentsOwnChecksAreLeftToIt() {
    byte[] tid = new byte[12];
    byte[] ordinary =
        StunCodec.encode(
            StunMessage.of(
                StunMessage.BINDING,
                StunClass.REQUEST,
                tid,
                List.of(StunAttributes.username("ub:ua".getBytes()))),
            new MessageIntegrity("pb-secret".getBytes()),
            true);
    assertThat(kind(bob, ordinary, A)).isEqualTo(ProbeStun.Kind.NOT_OURS);
  }

  @Test
  void outstandingChecksAreBounded() {
    for (int i = 0; i < 100; i++) {
      alice.request(B, false);
    }
    assertThat(alice.outstanding()).isEqualTo(4);
  }
}
