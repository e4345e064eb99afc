package io.peervoice.nat.internal.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The controlled side answers a controlling peer's authenticated check itself (RFC 8445 §7.3.1.4):
 * a success response to the same transaction, mapping the request's source, signed with our
 * password and fingerprinted; a role conflict, a forged or unsigned check, or one for another
 * session gets nothing.
 */
class CheckResponderTest {
  private static final IceCredentials OURS =
      new IceCredentials("callee", "calleepw0123456789abcd", "browser", "browserpw0123456789abc");
  private static final InetSocketAddress FROM =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 40_123);

  private final CheckResponder responder = new CheckResponder(OURS);
  private final Random random = new Random(11);

  private byte[] check(int role, String username, String key, boolean fingerprint) {
    byte[] tid = new byte[12];
    random.nextBytes(tid);
    List<StunAttribute> attributes = new ArrayList<>();
    attributes.add(StunAttributes.username(username.getBytes(StandardCharsets.UTF_8)));
    attributes.add(StunAttributes.u32(StunAttributes.PRIORITY, 1_845_501_695L));
    if (role != 0) {
      attributes.add(new StunAttribute(role, new byte[8])); // the tie-breaker
    }
    StunMessage m = StunMessage.of(StunMessage.BINDING, StunClass.REQUEST, tid, attributes);
    MessageIntegrity integrity =
        key == null ? null : new MessageIntegrity(key.getBytes(StandardCharsets.UTF_8));
    return StunCodec.encode(m, integrity, fingerprint);
  }

  private byte[] answer(byte[] request) {
    return responder.answer(request, 0, request.length, FROM);
  }

  @Test
  void aControllingPeersSignedCheckGetsASignedSuccessForItsTransaction() throws Exception {
    byte[] request =
        check(StunAttributes.ICE_CONTROLLING, "callee:browser", OURS.localPassword(), true);
    byte[] response = answer(request);

    assertThat(response).isNotNull();
    DecodedStun decoded = StunCodec.decode(response, 0, response.length, t -> true);
    StunMessage m = decoded.message();
    assertThat(m.type())
        .isEqualTo(StunMessage.type(StunMessage.BINDING, StunClass.SUCCESS_RESPONSE));
    assertThat(m.transactionId())
        .isEqualTo(
            StunCodec.decode(request, 0, request.length, t -> true).message().transactionId());
    assertThat(decoded.fingerprint()).isTrue();
    assertThat(new MessageIntegrity(OURS.localKey()).verify(response, 0, decoded)).isTrue();
    assertThat(
            StunAttributes.readXorAddress(
                m.first(StunAttributes.XOR_MAPPED_ADDRESS), m.transactionId()))
        .isEqualTo(FROM);
    assertThat(CheckResponder.responseTransaction(response, 0, response.length))
        .isEqualTo(m.transactionId());
  }

  @Test
  void aRoleConflictOrACheckWithoutARoleIsLeftToIce4j() {
    assertThat(
            answer(
                check(StunAttributes.ICE_CONTROLLED, "callee:browser", OURS.localPassword(), true)))
        .isNull();
    assertThat(answer(check(0, "callee:browser", OURS.localPassword(), true))).isNull();
  }

  @Test
  void aForgedUnsignedOrForeignCheckGetsNothing() {
    int controlling = StunAttributes.ICE_CONTROLLING;
    assertThat(answer(check(controlling, "callee:browser", "guessed-password", true))).isNull();
    assertThat(answer(check(controlling, "callee:browser", null, true))).isNull();
    assertThat(answer(check(controlling, "callee:browser", OURS.remotePassword(), true))).isNull();
    assertThat(answer(check(controlling, "browser:callee", OURS.localPassword(), true))).isNull();
    assertThat(answer(check(controlling, "callee:browser", OURS.localPassword(), false))).isNull();
    byte[] media = {(byte) 0x80, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
    assertThat(answer(media)).isNull();
    assertThat(CheckResponder.responseTransaction(media, 0, media.length)).isNull();
  }
}
