package io.peervoice.signaling.internal.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.PublicIdentity;
import io.peervoice.signaling.SealedMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A sealed peer-to-peer message with its sender's public keys, so the recipient can check and open
 * it without a lookup: {@code [signingKey, agreementKey, recipient, nonce, ciphertext, signature]}.
 * This is what {@link Msg.Route} fragments carry; nodes never decode it.
 */
public final class EnvelopeCodec {
  /** A decoded envelope: who claims to have sent it, and the sealed message. */
  public record Envelope(PublicIdentity sender, SealedMessage sealed) {}

  private final CBORFactory factory = new CBORFactory();

  public byte[] encode(PublicIdentity sender, SealedMessage sealed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(sealed.ciphertext().length + 200);
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartArray(sealed, 6);
      g.writeBinary(sender.signingKey());
      g.writeBinary(sender.agreementKey());
      g.writeBinary(sealed.recipient().bytes());
      g.writeBinary(sealed.nonce());
      g.writeBinary(sealed.ciphertext());
      g.writeBinary(sealed.signature());
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Decodes the fields; the signature is checked when the message is opened. */
  public Envelope decode(byte[] data) throws WireException {
    try (CborReader r = new CborReader(factory, data)) {
      PublicIdentity sender =
          new PublicIdentity(
              r.bytes("signingKey", WireCodec.KEY, WireCodec.KEY),
              r.bytes("agreementKey", WireCodec.KEY, WireCodec.KEY));
      PeerId recipient = new PeerId(r.bytes("recipient", WireCodec.ID, WireCodec.ID));
      byte[] nonce = r.bytes("nonce", 12, 12);
      byte[] ciphertext = r.bytes("ciphertext", 16, SealedMessage.MAX_PAYLOAD + 16);
      byte[] signature = r.bytes("signature", WireCodec.SIGNATURE, WireCodec.SIGNATURE);
      r.end();
      return new Envelope(
          sender, new SealedMessage(sender.peerId(), recipient, nonce, ciphertext, signature));
    } catch (IllegalArgumentException e) {
      throw new WireException("bad envelope: " + e.getMessage(), e);
    }
  }
}
