package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.internal.wire.WireCodec;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless address cookies, as in DTLS HelloVerifyRequest (RFC 6347 §4.2.1) and QUIC Retry (RFC
 * 9000 §8.1.2): {@code cookie = issueSecond (4) ‖ HMAC-SHA256(secret, ip ‖ port ‖
 * issueSecond)[:16]}. Only someone who receives datagrams at an address can echo its cookie, and
 * checking one needs no per-source state. The secret is replaced every {@link #EPOCH_SECONDS} s and
 * the previous one is kept, so a cookie is valid for 60 to 120 s. Checked in constant time.
 * Single-threaded.
 */
final class CookieJar {
  static final int EPOCH_SECONDS = 60;
  private static final int MAC_BYTES = WireCodec.COOKIE - 4;

  private final Consumer<byte[]> randomBytes;
  private final Mac mac;
  private long epoch = Long.MIN_VALUE;
  private byte[] current;
  private byte[] previous;

  /** {@code randomBytes} fills a new 32-byte secret at each rotation. */
  CookieJar(Consumer<byte[]> randomBytes) {
    this.randomBytes = randomBytes;
    try {
      this.mac = Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 missing", e);
    }
  }

  /** A fresh cookie for {@code source}. */
  byte[] issue(InetSocketAddress source, long nowMillis) {
    long second = Math.floorDiv(nowMillis, 1000);
    rotate(Math.floorDiv(second, EPOCH_SECONDS));
    byte[] cookie = new byte[WireCodec.COOKIE];
    ByteBuffer.wrap(cookie).putInt((int) second);
    System.arraycopy(tag(current, source, (int) second), 0, cookie, 4, MAC_BYTES);
    return cookie;
  }

  /** Whether {@code cookie} was issued by us to {@code source} at most 120 s ago. */
  boolean valid(byte[] cookie, InetSocketAddress source, long nowMillis) {
    if (cookie.length != WireCodec.COOKIE) {
      return false;
    }
    long nowSecond = Math.floorDiv(nowMillis, 1000);
    long nowEpoch = Math.floorDiv(nowSecond, EPOCH_SECONDS);
    rotate(nowEpoch);
    int issued = ByteBuffer.wrap(cookie).getInt();
    long age = ((int) nowSecond - issued) & 0xFFFF_FFFFL;
    if (age > 2L * EPOCH_SECONDS) {
      return false;
    }
    long issuedEpoch = Math.floorDiv(nowSecond - age, EPOCH_SECONDS);
    byte[] secret;
    if (issuedEpoch == nowEpoch) {
      secret = current;
    } else if (issuedEpoch == nowEpoch - 1 && previous != null) {
      secret = previous;
    } else {
      return false;
    }
    byte[] expected = Arrays.copyOf(tag(secret, source, issued), MAC_BYTES);
    byte[] given = Arrays.copyOfRange(cookie, 4, WireCodec.COOKIE);
    return MessageDigest.isEqual(expected, given);
  }

  private void rotate(long nowEpoch) {
    if (nowEpoch == epoch) {
      return;
    }
    previous = nowEpoch == epoch + 1 ? current : null;
    current = new byte[32];
    randomBytes.accept(current);
    epoch = nowEpoch;
  }

  private byte[] tag(byte[] secret, InetSocketAddress source, int second) {
    try {
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    mac.update(source.getAddress().getAddress());
    mac.update((byte) (source.getPort() >>> 8));
    mac.update((byte) source.getPort());
    mac.update(ByteBuffer.allocate(4).putInt(second).array());
    return mac.doFinal();
  }
}
