package io.peervoice.signaling;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where a peer can be reached: its public identity, the rendezvous nodes it is attached to, a
 * sequence number that only grows and an expiry, signed by the peer's Ed25519 key over a canonical
 * byte encoding. Nodes store it only after {@link #check} says {@link RecordCheck#VALID}.
 */
public record LocationRecord(
    PublicIdentity identity,
    List<NodeAddress> nodes,
    long sequence,
    Instant expires,
    byte[] signature) {

  /** The most nodes a record may list. */
  public static final int MAX_NODES = 8;

  private static final byte[] DOMAIN = "peervoice-location-v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DOMAIN_STREAMS =
      "peervoice-location-v2".getBytes(StandardCharsets.US_ASCII);

  public LocationRecord {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(expires, "expires");
    nodes = List.copyOf(nodes);
    if (nodes.size() > MAX_NODES) {
      throw new IllegalArgumentException("a location record lists at most 8 nodes");
    }
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative");
    }
    signature = signature.clone();
  }

  /** Creates and signs a record for {@code identity}. */
  public static LocationRecord sign(
      Identity identity, List<NodeAddress> nodes, long sequence, Instant expires) {
    byte[] body = encode(identity.publicIdentity(), nodes, sequence, expires);
    return new LocationRecord(
        identity.publicIdentity(), nodes, sequence, expires, identity.sign(body));
  }

  public PeerId peer() {
    return identity.peerId();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /**
   * Checks the record as a node must before storing or serving it.
   *
   * @param claimed the peer id it is stored under
   * @param now the current time
   * @param maxLifetime the longest expiry a node accepts
   * @param heldSequence the sequence number of the record already held for this peer, or -1
   */
  public RecordCheck check(PeerId claimed, Instant now, Duration maxLifetime, long heldSequence) {
    if (!identity.peerId().equals(claimed)) {
      return RecordCheck.WRONG_PEER_ID;
    }
    if (!identity.verify(encode(identity, nodes, sequence, expires), signature)) {
      return RecordCheck.BAD_SIGNATURE;
    }
    if (!expires.isAfter(now)) {
      return RecordCheck.EXPIRED;
    }
    if (expires.isAfter(now.plus(maxLifetime))) {
      return RecordCheck.EXPIRES_TOO_LATE;
    }
    if (sequence <= heldSequence) {
      return RecordCheck.NOT_NEWER;
    }
    return RecordCheck.VALID;
  }

  /**
   * The canonical bytes that are signed: domain, keys, nodes, sequence, expiry. A record naming no
   * node's stream ports is signed as before ({@code peervoice-location-v1}); one that does is
   * signed under {@code peervoice-location-v2}, with each node's TCP and TLS ports (2 bytes each, 0
   * for none) after its UDP port.
   */
  static byte[] encode(
      PublicIdentity identity, List<NodeAddress> nodes, long sequence, Instant expires) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      boolean streams = nodes.stream().anyMatch(NodeAddress::hasStreams);
      out.write(streams ? DOMAIN_STREAMS : DOMAIN);
      out.write(identity.signingKey());
      out.write(identity.agreementKey());
      out.writeByte(nodes.size());
      for (NodeAddress n : nodes) {
        out.write(n.node().bytes());
        byte[] host = n.host().getBytes(StandardCharsets.UTF_8);
        out.writeByte(host.length);
        out.write(host);
        out.writeShort(n.port());
        if (streams) {
          out.writeShort(n.tcpPort());
          out.writeShort(n.tlsPort());
        }
      }
      out.writeLong(sequence);
      out.writeLong(expires.toEpochMilli());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LocationRecord r
        && r.identity.equals(identity)
        && r.nodes.equals(nodes)
        && r.sequence == sequence
        && r.expires.equals(expires)
        && Arrays.equals(r.signature, signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(identity, nodes, sequence, expires) + Arrays.hashCode(signature);
  }
}
