package io.peervoice.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.media.rtp.RtpCodec;
import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.media.srtp.SrtpRejection;
import io.peervoice.media.stream.PacketHandler;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * {@link SrtpStage#inbound} on arbitrary datagrams, decrypted in place in the stage's own buffer
 * (RFC 3711 §3.3): it never throws, never changes the caller's bytes, and each datagram ends as
 * exactly one plain packet no longer than itself or one rejection. When the first byte is odd, the
 * rest of the input is XORed into a genuine SRTP packet (tampered tags, headers and payloads; all
 * zeros leaves it genuine, and it must then come out as the packet protected). Seeds: {@code
 * SrtpStageFuzzTestInputs/inbound/}.
 */
class SrtpStageFuzzTest {
  private static final int SSRC = 0x5EED;
  private static final SrtpKeyMaterial KEY;
  private static final byte[] PLAIN = new byte[12 + 40];
  private static final byte[] GENUINE;

  static {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(7);
      KEY = SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
    } catch (NoSuchAlgorithmException e) {
      throw new ExceptionInInitializerError(e);
    }
    RtpCodec.writeHeader(PLAIN, 0, true, 111, 1234, 96_000, SSRC);
    for (int i = 12; i < PLAIN.length; i++) {
      PLAIN[i] = (byte) i;
    }
    byte[][] out = new byte[1][];
    try (SrtpStage sender = SrtpStage.keyed(new SrtpKeys(KEY, KEY), SSRC)) {
      sender
          .rtpOut((d, o, l) -> out[0] = java.util.Arrays.copyOfRange(d, o, o + l))
          .send(PLAIN, 0, PLAIN.length);
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
    GENUINE = out[0];
  }

  @FuzzTest(maxDuration = "10m")
  void inbound(byte[] data) {
    byte[] datagram = data;
    boolean tamper = data.length > 0 && (data[0] & 1) == 1;
    if (tamper) {
      datagram = GENUINE.clone();
      for (int i = 1; i < data.length && i - 1 < datagram.length; i++) {
        datagram[i - 1] ^= data[i];
      }
    }
    byte[] copy = datagram.clone();
    int[] packets = {0};
    int[] rejections = {0};
    int[] plainLength = {-1};
    byte[][] plain = new byte[1][];
    PacketHandler handler =
        new PacketHandler() {
          @Override
          public void onPacket(byte[] d, int offset, int length) {
            packets[0]++;
            plainLength[0] = length;
            plain[0] = java.util.Arrays.copyOfRange(d, offset, offset + length);
          }

          @Override
          public void onRejected(SrtpRejection reason) {
            assertThat(reason).isNotNull();
            rejections[0]++;
          }
        };
    try (SrtpStage stage = SrtpStage.keyed(new SrtpKeys(KEY, KEY), SSRC)) {
      stage.inbound(handler, handler).onPacket(datagram, 0, datagram.length);
    }
    assertThat(datagram).as("the caller's bytes are left as they were").isEqualTo(copy);
    assertThat(packets[0] + rejections[0]).isEqualTo(1);
    if (packets[0] == 1) {
      assertThat(plainLength[0]).isBetween(0, datagram.length);
    }
    if (tamper && java.util.Arrays.equals(datagram, GENUINE)) {
      assertThat(plain[0]).isEqualTo(PLAIN);
    }
  }
}
