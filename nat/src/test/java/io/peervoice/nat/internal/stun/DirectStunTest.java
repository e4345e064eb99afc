package io.peervoice.nat.internal.stun;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.nat.IceRole;
import io.peervoice.testkit.FakeTimers;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link DirectStun} on a fake clock and scheduler, against a peer made of our own codec: consent
 * freshness (RFC 7675 §5.1) and the Binding responder, including everything they must drop.
 */
class DirectStunTest {
  static final IceCredentials CREDENTIALS =
      new IceCredentials("LOCL", "local-password-0123456789", "REMT", "remote-password-987654321");
  static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.7", 40_000);
  static final InetSocketAddress REMOTE6 = new InetSocketAddress("2001:db8::7", 40_000);
  static final InetSocketAddress STRANGER = new InetSocketAddress("192.0.2.66", 40_000);

  private final FakeTimers scheduler = new FakeTimers(1_000_000);
  private final List<Sent> sent = new ArrayList<>();
  private int consents;

  record Sent(byte[] data, InetSocketAddress to, long atMillis) {}

  private DirectStunConfig.Builder config(InetSocketAddress remote) {
    return DirectStunConfig.builder()
        .scheduler(scheduler)
        .wallClockMillis(scheduler::now)
        .random(new Random(42))
        .sender(
            (d, off, len, to) ->
                sent.add(new Sent(Arrays.copyOfRange(d, off, off + len), to, scheduler.now())))
        .credentials(CREDENTIALS)
        .remote(remote)
        .role(IceRole.CONTROLLING)
        .tieBreaker(0x0123_4567_89AB_CDEFL)
        .priority(1_853_817_087L)
        .onConsent(() -> consents++);
  }

  private DirectStun started(DirectStunConfig config) {
    DirectStun stun = DirectStun.create(config);
    stun.start();
    scheduler.runDue();
    return stun;
  }

  static DecodedStun decode(byte[] d) throws StunFormatException {
    return StunCodec.decode(d, 0, d.length, StunAttributes.ICE_UNDERSTOOD);
  }

  static byte[] key(String password) {
    return password.getBytes(StandardCharsets.UTF_8);
  }

  /** A response from the peer to {@code request}, signed with {@code password}. */
  static byte[] response(byte[] request, StunClass cls, String password) throws Exception {
    byte[] tid = decode(request).message().transactionId();
    List<StunAttribute> attrs =
        cls == StunClass.ERROR_RESPONSE
            ? List.of(StunAttributes.errorCode(487, "Role Conflict"))
            : List.of(
                StunAttributes.xorAddress(
                    StunAttributes.XOR_MAPPED_ADDRESS, new InetSocketAddress("10.0.0.1", 5), tid));
    return StunCodec.encode(
        StunMessage.of(StunMessage.BINDING, cls, tid, attrs),
        password == null ? null : new MessageIntegrity(key(password)),
        true);
  }

  /** A consent request from the peer: USERNAME localUfrag:remoteUfrag, signed as given. */
  static byte[] request(String username, String password, boolean fingerprint) {
    byte[] tid = new byte[12];
    new Random(java.util.Objects.hashCode(username)).nextBytes(tid);
    List<StunAttribute> attrs = new ArrayList<>();
    attrs.add(StunAttributes.u32(StunAttributes.PRIORITY, 1_000));
    attrs.add(StunAttributes.u64(StunAttributes.ICE_CONTROLLED, 7));
    if (username != null) {
      attrs.add(StunAttributes.username(username.getBytes(StandardCharsets.UTF_8)));
    }
    return StunCodec.encode(
        StunMessage.of(StunMessage.BINDING, StunClass.REQUEST, tid, attrs),
        password == null ? null : new MessageIntegrity(key(password)),
        fingerprint);
  }

  private static void feed(DirectStun stun, byte[] d, InetSocketAddress from) {
    byte[] shifted = new byte[d.length + 7];
    System.arraycopy(d, 0, shifted, 3, d.length);
    stun.onStun(shifted, 3, d.length, from);
  }

  @Test
  void startSendsAConsentRequestAtOnceWithIce4jsAttributes() throws Exception {
    DirectStun stun = started(config(REMOTE).build());
    assertThat(sent).hasSize(1);
    Sent s = sent.get(0);
    assertThat(s.to()).isEqualTo(REMOTE);
    DecodedStun d = decode(s.data());
    StunMessage m = d.message();
    assertThat(m.type()).isEqualTo(0x0001);
    assertThat(m.attributes())
        .extracting(StunAttribute::type)
        .containsExactly(
            StunAttributes.PRIORITY,
            StunAttributes.ICE_CONTROLLING,
            StunAttributes.USE_CANDIDATE,
            StunAttributes.USERNAME);
    assertThat(StunAttributes.readU32(m.first(StunAttributes.PRIORITY))).isEqualTo(1_853_817_087L);
    assertThat(StunAttributes.readU64(m.first(StunAttributes.ICE_CONTROLLING)))
        .isEqualTo(0x0123_4567_89AB_CDEFL);
    assertThat(new String(m.first(StunAttributes.USERNAME).value(), StandardCharsets.UTF_8))
        .isEqualTo("REMT:LOCL");
    assertThat(d.fingerprint()).isTrue();
    assertThat(new MessageIntegrity(key("remote-password-987654321")).verify(s.data(), 0, d))
        .isTrue();
    assertThat(new MessageIntegrity(key("local-password-0123456789")).verify(s.data(), 0, d))
        .isFalse();
    assertThat(stun.stats().consentRequestsSent()).isEqualTo(1);
  }

  @Test
  void theControlledSideSendsIceControlledAndNoUseCandidate() throws Exception {
    started(config(REMOTE).role(IceRole.CONTROLLED).build());
    StunMessage m = decode(sent.get(0).data()).message();
    assertThat(m.has(StunAttributes.ICE_CONTROLLED)).isTrue();
    assertThat(m.has(StunAttributes.ICE_CONTROLLING)).isFalse();
    assertThat(m.has(StunAttributes.USE_CANDIDATE)).isFalse();
  }

  @Test
  void requestsGoEveryFourToSixSecondsEachWithANewTransaction() throws Exception {
    DirectStun stun = started(config(REMOTE).build());
    Set<String> tids = new HashSet<>();
    for (int i = 0; i < 120; i++) {
      byte[] last = sent.get(sent.size() - 1).data();
      tids.add(Arrays.toString(decode(last).message().transactionId()));
      feed(stun, response(last, StunClass.SUCCESS_RESPONSE, CREDENTIALS.remotePassword()), REMOTE);
      scheduler.advance(Duration.ofMillis(6_000));
    }
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < sent.size(); i++) {
      gaps.add(sent.get(i).atMillis() - sent.get(i - 1).atMillis());
    }
    assertThat(gaps).allSatisfy(g -> assertThat(g).isBetween(4_000L, 6_000L));
    double mean = gaps.stream().mapToLong(Long::longValue).average().orElseThrow();
    assertThat(mean).isBetween(4_700.0, 5_300.0);
    assertThat(gaps.stream().distinct().count()).as("randomized").isGreaterThan(50);
    assertThat(tids).hasSize(120);
    assertThat(scheduler.pending()).as("one timer at a time").isEqualTo(1);
  }

  @Test
  void anAuthenticResponseFromTheRemoteRefreshesConsent() throws Exception {
    DirectStun stun = started(config(REMOTE).build());
    assertThat(stun.lastFreshMillis()).isNegative();
    scheduler.advance(Duration.ofMillis(120));
    feed(
        stun,
        response(sent.get(0).data(), StunClass.SUCCESS_RESPONSE, CREDENTIALS.remotePassword()),
        REMOTE);
    assertThat(stun.lastFreshMillis()).isEqualTo(scheduler.now());
    assertThat(consents).isEqualTo(1);
    assertThat(stun.stats().consentResponses()).isEqualTo(1);
    assertThat(stun.stats().dropped()).isZero();
  }

  @Test
  void responsesThatDoNotQualifyAreDroppedAndCounted() throws Exception {
    DirectStun stun = started(config(REMOTE).build());
    byte[] request = sent.get(0).data();
    byte[] good = response(request, StunClass.SUCCESS_RESPONSE, CREDENTIALS.remotePassword());
    feed(stun, good, STRANGER); // another source
    feed(stun, response(request, StunClass.SUCCESS_RESPONSE, null), REMOTE); // no MI
    feed(stun, response(request, StunClass.SUCCESS_RESPONSE, CREDENTIALS.localPassword()), REMOTE);
    byte[] otherTid = good.clone();
    otherTid[19] ^= 1; // fingerprint now wrong too: malformed
    feed(stun, otherTid, REMOTE);
    byte[] unknownTid =
        response(
            request(CREDENTIALS.localUfrag() + ":x", null, false),
            StunClass.SUCCESS_RESPONSE,
            CREDENTIALS.remotePassword());
    feed(stun, unknownTid, REMOTE);
    byte[] tampered = good.clone();
    tampered[27] ^= 1; // inside XOR-MAPPED-ADDRESS: MI and FINGERPRINT both break
    feed(stun, tampered, REMOTE);
    feed(stun, new byte[] {0, 1, 0, 0}, REMOTE);
    assertThat(stun.lastFreshMillis()).isNegative();
    assertThat(consents).isZero();
    DirectStunStats stats = stun.stats();
    assertThat(stats.droppedUnexpected()).as("stranger, unknown transaction").isEqualTo(2);
    assertThat(stats.droppedUnauthenticated()).as("no MI, wrong key").isEqualTo(2);
    assertThat(stats.droppedMalformed()).as("bad fingerprints, short").isEqualTo(3);
    feed(stun, good, REMOTE);
    assertThat(consents).isEqualTo(1);
    feed(stun, good, REMOTE);
    assertThat(consents).as("a transaction is answered once").isEqualTo(1);
    assertThat(stun.stats().droppedUnexpected()).isEqualTo(3);
  }

  @Test
  void anAuthenticErrorResponseIsNoConsent() throws Exception {
    DirectStun stun = started(config(REMOTE).build());
    feed(
        stun,
        response(sent.get(0).data(), StunClass.ERROR_RESPONSE, CREDENTIALS.remotePassword()),
        REMOTE);
    assertThat(stun.lastFreshMillis()).isNegative();
    assertThat(stun.stats().consentErrorResponses()).isEqualTo(1);
  }

  @Test
  void aResponseToAnyOutstandingRequestCountsButTheTableIsBounded() throws Exception {
    DirectStun stun = started(config(REMOTE).maxOutstanding(3).build());
    for (int i = 0; i < 4; i++) {
      scheduler.advance(Duration.ofMillis(6_000));
    }
    assertThat(sent).hasSize(5);
    String pwd = CREDENTIALS.remotePassword();
    feed(stun, response(sent.get(1).data(), StunClass.SUCCESS_RESPONSE, pwd), REMOTE);
    assertThat(consents).as("the two oldest were forgotten").isZero();
    feed(stun, response(sent.get(2).data(), StunClass.SUCCESS_RESPONSE, pwd), REMOTE);
    assertThat(consents).as("an older outstanding request still counts").isEqualTo(1);
    feed(stun, response(sent.get(4).data(), StunClass.SUCCESS_RESPONSE, pwd), REMOTE);
    assertThat(consents).isEqualTo(2);
  }

  @Test
  void consentExpiresThirtySecondsAfterTheLastResponseAndRequestsStop() throws Exception {
    DirectStun stun = started(config(REMOTE).build());
    long start = scheduler.now();
    feed(
        stun,
        response(sent.get(0).data(), StunClass.SUCCESS_RESPONSE, CREDENTIALS.remotePassword()),
        REMOTE);
    scheduler.advance(Duration.ofMillis(29_000));
    assertThat(stun.consentExpired()).isFalse();
    scheduler.advance(Duration.ofMillis(1_000));
    assertThat(stun.consentExpired()).isTrue();
    scheduler.advance(Duration.ofSeconds(60));
    assertThat(sent).allSatisfy(s -> assertThat(s.atMillis() - start).isLessThan(36_000));
    assertThat(scheduler.pending()).as("no timer left").isZero();
    // a late answer to a request sent before expiry is not consent any more
    feed(
        stun,
        response(
            sent.get(sent.size() - 1).data(),
            StunClass.SUCCESS_RESPONSE,
            CREDENTIALS.remotePassword()),
        REMOTE);
    assertThat(consents).isEqualTo(1);
  }

  @Test
  void expiryCountsFromFreshSinceOrTheStart() {
    DirectStun stun =
        started(config(REMOTE).freshSince(scheduler.now() + 10_000).build()); // in the future
    assertThat(stun.lastFreshMillis()).isEqualTo(scheduler.now() + 10_000);
    scheduler.advance(Duration.ofMillis(39_999));
    assertThat(stun.consentExpired()).isFalse();
    scheduler.advance(Duration.ofMillis(1));
    assertThat(stun.consentExpired()).isTrue();
    DirectStun notStarted = DirectStun.create(config(REMOTE).build());
    scheduler.advance(Duration.ofMinutes(5));
    assertThat(notStarted.consentExpired()).as("not started: nothing expires").isFalse();
  }

  @Test
  void theResponderAnswersAnAuthenticRequestWithJustWhatIsNeeded() throws Exception {
    for (InetSocketAddress remote : List.of(REMOTE, REMOTE6)) {
      sent.clear();
      DirectStun stun = DirectStun.create(config(remote).build());
      byte[] req = request("LOCL:REMT", CREDENTIALS.localPassword(), true);
      feed(stun, req, remote);
      assertThat(sent).hasSize(1);
      Sent s = sent.get(0);
      assertThat(s.to()).isEqualTo(remote);
      assertThat(s.data()).hasSize(remote == REMOTE ? 64 : 76);
      DecodedStun d = decode(s.data());
      assertThat(d.message().type()).isEqualTo(0x0101);
      assertThat(d.message().transactionId()).isEqualTo(decode(req).message().transactionId());
      assertThat(d.message().attributes()).hasSize(1);
      assertThat(
              StunAttributes.readXorAddress(
                  d.message().first(StunAttributes.XOR_MAPPED_ADDRESS),
                  d.message().transactionId()))
          .isEqualTo(remote);
      assertThat(new MessageIntegrity(key(CREDENTIALS.localPassword())).verify(s.data(), 0, d))
          .isTrue();
      assertThat(d.fingerprint()).isTrue();
      assertThat(stun.stats().requestsAnswered()).isEqualTo(1);
      assertThat(stun.lastFreshMillis()).as("a request is no consent").isNegative();
    }
  }

  @Test
  void theResponderDropsEverythingElseWithoutAWord() {
    DirectStun stun = DirectStun.create(config(REMOTE).build());
    String pwd = CREDENTIALS.localPassword();
    feed(stun, request("LOCL:REMT", pwd, true), STRANGER);
    feed(stun, request("LOCL:REMT", CREDENTIALS.remotePassword(), true), REMOTE);
    feed(stun, request("LOCL:OTHER", pwd, true), REMOTE);
    feed(stun, request("REMT:LOCL", pwd, true), REMOTE);
    feed(stun, request(null, pwd, true), REMOTE);
    feed(stun, request("LOCL:REMT", null, true), REMOTE);
    feed(stun, request("LOCL:REMT", pwd, false), REMOTE);
    byte[] tampered = request("LOCL:REMT", pwd, false);
    tampered[25] ^= 1;
    feed(stun, tampered, REMOTE);
    byte[] indication = request("LOCL:REMT", pwd, true);
    indication[1] = 0x11;
    feed(stun, indication, REMOTE); // FINGERPRINT now wrong: malformed
    byte[] unknownRequired =
        StunCodec.encode(
            StunMessage.of(
                StunMessage.BINDING,
                StunClass.REQUEST,
                new byte[12],
                List.of(
                    StunAttributes.username(key("LOCL:REMT")),
                    new StunAttribute(0x7F01, new byte[4]))),
            new MessageIntegrity(key(pwd)),
            true);
    feed(stun, unknownRequired, REMOTE);
    byte[] allocate =
        StunCodec.encode(
            StunMessage.of(0x003, StunClass.REQUEST, new byte[12], List.of()),
            new MessageIntegrity(key(pwd)),
            true);
    feed(stun, allocate, REMOTE);
    assertThat(sent).isEmpty();
    DirectStunStats stats = stun.stats();
    assertThat(stats.droppedUnexpected()).as("stranger, other method").isEqualTo(2);
    assertThat(stats.droppedUnauthenticated())
        .as("wrong key, wrong/swapped/missing username, no MI")
        .isEqualTo(5);
    assertThat(stats.droppedMalformed())
        .as("no fingerprint, tampered, bad fingerprint, unknown required attribute")
        .isEqualTo(4);
    assertThat(stats.requestsAnswered()).isZero();
  }

  @Test
  void afterStopNothingIsSentOrAnswered() throws Exception {
    DirectStun stun = started(config(REMOTE).build());
    stun.stop();
    stun.stop();
    scheduler.advance(Duration.ofMinutes(1));
    feed(stun, request("LOCL:REMT", CREDENTIALS.localPassword(), true), REMOTE);
    feed(
        stun,
        response(sent.get(0).data(), StunClass.SUCCESS_RESPONSE, CREDENTIALS.remotePassword()),
        REMOTE);
    assertThat(sent).hasSize(1);
    assertThat(consents).isZero();
    assertThat(scheduler.pending()).isZero();
    assertThat(stun.stats().droppedUnexpected()).isEqualTo(2);
    stun.start();
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(sent).as("no restart after stop").hasSize(1);
  }

  @Test
  void aFailingSendOrListenerDoesNotStopConsent() throws Exception {
    int[] calls = {0};
    DirectStun stun =
        started(
            config(REMOTE)
                .sender(
                    (d, off, len, to) -> {
                      if (calls[0]++ == 0) {
                        throw new IllegalStateException("port closed under us");
                      }
                      sent.add(
                          new Sent(Arrays.copyOfRange(d, off, off + len), to, scheduler.now()));
                    })
                .onConsent(
                    () -> {
                      throw new IllegalStateException("listener bug");
                    })
                .build());
    assertThat(sent).isEmpty();
    scheduler.advance(Duration.ofSeconds(6));
    assertThat(sent).as("the next request still goes out").hasSize(1);
    feed(
        stun,
        response(sent.get(0).data(), StunClass.SUCCESS_RESPONSE, CREDENTIALS.remotePassword()),
        REMOTE);
    assertThat(stun.lastFreshMillis()).isEqualTo(scheduler.now());
    assertThat(scheduler.pending()).isEqualTo(1);
  }

  @Test
  void aShutDownSchedulerEndsConsentQuietly() {
    DirectStun stun = started(config(REMOTE).build());
    scheduler.shutdown();
    scheduler.advance(Duration.ofSeconds(10)); // the next tick cannot schedule its successor
    assertThat(sent).hasSize(2);
    assertThat(stun.stats().consentRequestsSent()).isEqualTo(2);
  }
}
