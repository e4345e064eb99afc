package io.peervoice.signaling.internal.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.PublicIdentity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A location record on the wire: {@code [signingKey, agreementKey, [[nodeId, host, port (, tcpPort,
 * tlsPort)]...], sequence, expiresMillis, signature]} (the stream ports only for a node that has
 * any). The signature covers the record's canonical bytes, not this encoding, so re-encoding never
 * breaks it. Thread-safe.
 */
public final class RecordCodec {
  private final CBORFactory factory = new CBORFactory();

  public byte[] encode(LocationRecord record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartArray(record, 6);
      g.writeBinary(record.identity().signingKey());
      g.writeBinary(record.identity().agreementKey());
      g.writeStartArray(record.nodes(), record.nodes().size());
      for (NodeAddress n : record.nodes()) {
        g.writeStartArray(n, n.hasStreams() ? 5 : 3);
        g.writeBinary(n.node().bytes());
        g.writeString(n.host());
        g.writeNumber(n.port());
        if (n.hasStreams()) {
          g.writeNumber(n.tcpPort());
          g.writeNumber(n.tlsPort());
        }
        g.writeEndArray();
      }
      g.writeEndArray();
      g.writeNumber(record.sequence());
      g.writeNumber(record.expires().toEpochMilli());
      g.writeBinary(record.signature());
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes a record's fields; its signature is not checked here ({@link LocationRecord#check}).
   */
  public LocationRecord decode(byte[] data) throws WireException {
    if (data.length > WireCodec.MAX_RECORD) {
      throw new WireException("record over " + WireCodec.MAX_RECORD + " bytes");
    }
    try (CborReader r = new CborReader(factory, data)) {
      PublicIdentity identity =
          new PublicIdentity(
              r.bytes("signingKey", WireCodec.KEY, WireCodec.KEY),
              r.bytes("agreementKey", WireCodec.KEY, WireCodec.KEY));
      r.startArray("nodes");
      List<NodeAddress> nodes = new ArrayList<>();
      while (r.more()) {
        if (nodes.size() == LocationRecord.MAX_NODES) {
          throw new WireException("more than " + LocationRecord.MAX_NODES + " nodes");
        }
        r.startArray("node");
        PeerId id = new PeerId(r.bytes("nodeId", WireCodec.ID, WireCodec.ID));
        String host = r.text("host", 255);
        int port = r.integer("port", 1, 0xFFFF);
        int tcp = 0;
        int tls = 0;
        if (r.more()) {
          tcp = r.integer("tcpPort", 0, 0xFFFF);
          tls = r.integer("tlsPort", 0, 0xFFFF);
          if (r.more()) {
            throw new WireException("node entry has extra fields");
          }
        }
        nodes.add(new NodeAddress(id, host, port, tcp, tls));
      }
      long sequence = r.integer("sequence");
      long expires = r.integer("expires");
      byte[] signature = r.bytes("signature", WireCodec.SIGNATURE, WireCodec.SIGNATURE);
      r.end();
      return new LocationRecord(
          identity, nodes, sequence, Instant.ofEpochMilli(expires), signature);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new WireException("bad record: " + e.getMessage(), e);
    }
  }
}
