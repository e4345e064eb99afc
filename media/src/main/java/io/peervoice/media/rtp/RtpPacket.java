package io.peervoice.media.rtp;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An RTP packet as defined by RFC 3550 <a
 * href="https://www.rfc-editor.org/rfc/rfc3550#section-5.1">§5.1</a>. Immutable: arrays are copied
 * in and out. Build with {@link #builder()}; parse and serialize with {@link RtpCodec}.
 *
 * @param marker the M bit
 * @param payloadType 7-bit payload type
 * @param sequenceNumber 16-bit sequence number
 * @param timestamp 32-bit timestamp, held unsigned in a long
 * @param ssrc synchronization source
 * @param csrcs contributing sources, at most 15
 * @param extension the header extension, if the X bit is set
 * @param payload the payload, without padding
 * @param paddingLength number of padding octets including the count octet, 0 for none (P bit clear)
 */
public record RtpPacket(
    boolean marker,
    int payloadType,
    int sequenceNumber,
    long timestamp,
    int ssrc,
    int[] csrcs,
    Optional<RtpHeaderExtension> extension,
    byte[] payload,
    int paddingLength) {

  /** The only RTP version this codec speaks (RFC 3550 §5.1). */
  public static final int VERSION = 2;

  /** Size of the fixed header. */
  public static final int FIXED_HEADER_SIZE = 12;

  /** Maximum number of CSRC identifiers (the CC field is 4 bits). */
  public static final int MAX_CSRCS = 15;

  public RtpPacket {
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("payload type must be 0..127: " + payloadType);
    }
    if (sequenceNumber < 0 || sequenceNumber > 0xFFFF) {
      throw new IllegalArgumentException("sequence number must be 16-bit: " + sequenceNumber);
    }
    if (timestamp < 0 || timestamp > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("timestamp must be 32-bit unsigned: " + timestamp);
    }
    Objects.requireNonNull(csrcs, "csrcs");
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(payload, "payload");
    if (csrcs.length > MAX_CSRCS) {
      throw new IllegalArgumentException("at most 15 CSRCs, got " + csrcs.length);
    }
    if (paddingLength < 0 || paddingLength > 255) {
      throw new IllegalArgumentException("padding length must be 0..255: " + paddingLength);
    }
    csrcs = csrcs.clone();
    payload = payload.clone();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public int[] csrcs() {
    return csrcs.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** Length of this packet once serialized. */
  public int serializedLength() {
    return FIXED_HEADER_SIZE
        + 4 * csrcs.length
        + extension.map(e -> 4 + e.lengthInBytes()).orElse(0)
        + payload.length
        + paddingLength;
  }

  int[] rawCsrcs() {
    return csrcs;
  }

  byte[] rawPayload() {
    return payload;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RtpPacket p
        && p.marker == marker
        && p.payloadType == payloadType
        && p.sequenceNumber == sequenceNumber
        && p.timestamp == timestamp
        && p.ssrc == ssrc
        && p.paddingLength == paddingLength
        && Arrays.equals(p.csrcs, csrcs)
        && p.extension.equals(extension)
        && Arrays.equals(p.payload, payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(marker, payloadType, sequenceNumber, timestamp, ssrc, paddingLength)
        + 31 * Arrays.hashCode(csrcs)
        + 17 * Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "RtpPacket[pt=%d, seq=%d, ts=%d, ssrc=0x%08x, m=%b, csrcs=%d, ext=%b, payload=%d, pad=%d]"
        .formatted(
            payloadType,
            sequenceNumber,
            timestamp,
            ssrc,
            marker,
            csrcs.length,
            extension.isPresent(),
            payload.length,
            paddingLength);
  }

  /** Builder for {@link RtpPacket}; validation happens in {@link #build()}. */
  public static final class Builder {
    private boolean marker;
    private int payloadType;
    private int sequenceNumber;
    private long timestamp;
    private int ssrc;
    private int[] csrcs = new int[0];
    private RtpHeaderExtension extension;
    private byte[] payload = new byte[0];
    private int paddingLength;

    private Builder() {}

    public Builder marker(boolean marker) {
      this.marker = marker;
      return this;
    }

    public Builder payloadType(int payloadType) {
      this.payloadType = payloadType;
      return this;
    }

    public Builder sequenceNumber(int sequenceNumber) {
      this.sequenceNumber = sequenceNumber;
      return this;
    }

    public Builder timestamp(long timestamp) {
      this.timestamp = timestamp;
      return this;
    }

    public Builder ssrc(int ssrc) {
      this.ssrc = ssrc;
      return this;
    }

    public Builder csrcs(int... csrcs) {
      this.csrcs = csrcs.clone();
      return this;
    }

    public Builder extension(RtpHeaderExtension extension) {
      this.extension = extension;
      return this;
    }

    public Builder payload(byte[] payload) {
      this.payload = payload.clone();
      return this;
    }

    public Builder paddingLength(int paddingLength) {
      this.paddingLength = paddingLength;
      return this;
    }

    public RtpPacket build() {
      return new RtpPacket(
          marker,
          payloadType,
          sequenceNumber,
          timestamp,
          ssrc,
          csrcs,
          Optional.ofNullable(extension),
          payload,
          paddingLength);
    }
  }
}
