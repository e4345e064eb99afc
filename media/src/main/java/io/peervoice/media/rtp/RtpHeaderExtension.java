package io.peervoice.media.rtp;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The RTP header extension of RFC 3550 <a
 * href="https://www.rfc-editor.org/rfc/rfc3550#section-5.3.1">§5.3.1</a>: a 16-bit profile-defined
 * identifier and a body whose length is a multiple of four bytes.
 *
 * @param profile the 16-bit "defined by profile" field (e.g. {@code 0xBEDE} for RFC 8285 one-byte
 *     headers)
 * @param data the extension body, a multiple of 4 bytes long
 */
public record RtpHeaderExtension(int profile, byte[] data) {

  public RtpHeaderExtension {
    if (profile < 0 || profile > 0xFFFF) {
      throw new IllegalArgumentException("extension profile must be 16-bit: " + profile);
    }
    if (data.length % 4 != 0 || data.length / 4 > 0xFFFF) {
      throw new IllegalArgumentException(
          "extension body must be a multiple of 4 bytes, at most 65535 words: " + data.length);
    }
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  int lengthInBytes() {
    return data.length;
  }

  byte[] rawData() {
    return data;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RtpHeaderExtension other
        && other.profile == profile
        && Arrays.equals(other.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * profile + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "RtpHeaderExtension[profile=0x%04x, data=%s]"
        .formatted(profile, HexFormat.of().formatHex(data));
  }
}
