package io.peervoice.signaling.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.SealedMessage;
import io.peervoice.signaling.internal.wire.EnvelopeCodec.Envelope;
import io.peervoice.testkit.DecodeBudget;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The receiving end of a sealed message: {@link EnvelopeCodec#decode} then {@link
 * SealedMessage#open} by a fixed recipient, on arbitrary bytes. Decoding throws nothing but {@link
 * WireException}; opening never throws and yields a payload only for an envelope the sender really
 * signed for this recipient; both stay within a {@link DecodeBudget}; an accepted envelope
 * re-encodes to a fixpoint. Seeds ({@code EnvelopeCodecFuzzTestInputs/decodeAndOpen/}) are sealed
 * to {@link #recipient()}, so the fuzzer starts from envelopes that open.
 */
class EnvelopeCodecFuzzTest {
  private static final EnvelopeCodec CODEC = new EnvelopeCodec();
  private static final DecodeBudget BUDGET = DecodeBudget.standard();

  /** Opening runs Ed25519, X25519 and ChaCha20-Poly1305 through the JCA: about 80 KiB here. */
  private static final DecodeBudget OPEN = new DecodeBudget(256 * 1024, 16, 50_000_000, 50_000);

  private static final Identity ME = recipient();

  /** The recipient of the seed envelopes: an identity from a fixed seed. */
  static Identity recipient() {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(0x5EA1EDL);
      return Identity.generate(random);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest(maxDuration = "10m")
  void decodeAndOpen(byte[] data) throws WireException {
    Envelope envelope =
        DecodeBudget.valueOrAllowed(
            BUDGET.run(data.length, () -> CODEC.decode(data)), WireException.class);
    if (envelope == null) {
      return;
    }
    SealedMessage sealed = envelope.sealed();
    assertThat(sealed.sender()).isEqualTo(envelope.sender().peerId());
    byte[] encoded = CODEC.encode(envelope.sender(), sealed);
    Envelope again = CODEC.decode(encoded);
    assertThat(CODEC.encode(again.sender(), again.sealed())).isEqualTo(encoded);

    SealedMessage.Opened opened =
        DecodeBudget.valueOrAllowed(
            OPEN.run(data.length, () -> sealed.open(ME, envelope.sender())), null);
    assertThat(opened).isNotNull();
    if (opened instanceof SealedMessage.Opened.Payload payload) {
      assertThat(sealed.recipient()).isEqualTo(ME.peerId());
      assertThat(sealed.signedBy(envelope.sender())).isTrue();
      assertThat(payload.bytes()).hasSize(sealed.ciphertext().length - 16);
    }
  }
}
