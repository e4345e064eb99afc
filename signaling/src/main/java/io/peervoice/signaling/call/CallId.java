package io.peervoice.signaling.call;

import java.security.SecureRandom;
import java.util.HexFormat;

/** A call's identifier: 128 random bits, chosen by the caller; also the salt of its media keys. */
public record CallId(long high, long low) implements Comparable<CallId> {

  public static CallId random(SecureRandom random) {
    return new CallId(random.nextLong(), random.nextLong());
  }

  public byte[] bytes() {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (high >>> (56 - 8 * i));
      b[8 + i] = (byte) (low >>> (56 - 8 * i));
    }
    return b;
  }

  @Override
  public int compareTo(CallId o) {
    int c = Long.compareUnsigned(high, o.high);
    return c != 0 ? c : Long.compareUnsigned(low, o.low);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes());
  }
}
