package io.peervoice.media.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.ToneSource;
import io.peervoice.media.codec.EncoderController;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.codec.OpusSettings;
import io.peervoice.media.dtmf.DtmfSendStage;
import io.peervoice.media.pipeline.EncoderControlStage;
import io.peervoice.media.pipeline.RtcpStage;
import io.peervoice.media.pipeline.SrtpStage;
import io.peervoice.media.rtcp.RtcpSession;
import io.peervoice.media.srtp.Srtp;
import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.media.srtp.SrtpSender;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The steady state of a call's media path allocates nothing per packet (issue #13: no per-packet
 * garbage on the hot path): the send chain a call wires (source, Opus encode, RTP packetize, SRTP
 * protect, the RTCP sender statistics) and the inbound SRTP stage (unprotect) are run for a few
 * thousand packets after a warm-up, and the bytes the thread allocated meanwhile are read from the
 * JVM ({@code com.sun.management.ThreadMXBean}). jitsi-srtp itself allocates per packet (about 160
 * bytes: a new IV parameter and the JCE cipher's re-initialisation for each packet's counter),
 * which is not ours to change: what the bare SRTP transform allocates for as many packets is
 * measured the same way and taken off. Packets built per frame (an RTP packet object, its
 * serialized array, SRTP's copies in and out) cost about 450 bytes each; the bound allows a few
 * bytes per packet for what the JVM itself may allocate now and then.
 */
class SendPathAllocationTest {
  private static final int SSRC = 0x5EED;
  private static final int PEER_SSRC = 0x7EE7;
  private static final int WARM_UP = 3_000;
  private static final int PACKETS = 1_000;

  /** Measured rounds of {@link #PACKETS}: the least is taken (the JIT may still settle). */
  private static final int ROUNDS = 4;

  /**
   * At most this many bytes per packet on average beyond jitsi-srtp's own: far below one array per
   * packet (the old chain allocated about 850 more per packet sent and 260 per packet received),
   * with room for the JIT compiling the bare transform and the chain's differently.
   */
  private static final int BYTES_PER_PACKET = 64;

  private SecureRandom random;

  @BeforeEach
  void seed() throws NoSuchAlgorithmException {
    random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(13);
  }

  @Test
  void sendingAFrameAllocatesNothing() {
    var threads = AllocationCounts.threads();
    SrtpKeyMaterial key = SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
    long[] wire = new long[2];
    PacketSink path =
        (data, offset, length) -> {
          wire[0]++;
          wire[1] += length + data[offset + length - 1];
        };
    var settings = OpusSettings.voiceDefaults();
    var encoder = OpusCodec.encoder(settings);
    try (SrtpStage srtp = SrtpStage.keyed(new SrtpKeys(key, key), PEER_SSRC)) {
      var rtcp =
          new RtcpStage(
              new RtcpSession(SSRC, "alloc", OpusCodec.RTP_CLOCK_RATE, System::currentTimeMillis),
              srtp.rtcpOut(path),
              new EncoderControlStage(
                  new EncoderController(settings, 16_000, 64_000), encoder::update),
              System::nanoTime);
      try (AudioSendStream stream =
          new AudioSendStream(
              ToneSource.continuous(440, -20),
              encoder,
              new DtmfSendStage(101),
              srtp.rtpOut(path),
              SSRC,
              111,
              random.nextInt(1 << 16),
              random.nextInt() & 0xFFFF_FFFFL,
              rtcp.sent(),
              System::nanoTime)) {
        for (int i = 0; i < WARM_UP; i++) {
          stream.sendFrame();
        }
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
          long before = threads.getCurrentThreadAllocatedBytes();
          for (int i = 0; i < PACKETS; i++) {
            stream.sendFrame();
          }
          allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
        }
        long transform = bareProtect(threads, key);

        assertThat(wire[0]).isEqualTo(WARM_UP + ROUNDS * PACKETS);
        assertThat(stream.stats().framesSent()).isEqualTo(WARM_UP + ROUNDS * PACKETS);
        assertThat(allocated)
            .as("bytes allocated by %d sends (jitsi-srtp's own: %d)", PACKETS, transform)
            .isLessThan(transform + (long) BYTES_PER_PACKET * PACKETS);
      }
    }
  }

  @Test
  void unprotectingAPacketAllocatesNothing() {
    var threads = AllocationCounts.threads();
    SrtpKeyMaterial key = SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
    int total = WARM_UP + ROUNDS * PACKETS;
    byte[][] datagrams = new byte[total][];
    try (SrtpStage sender = SrtpStage.keyed(new SrtpKeys(key, key), PEER_SSRC)) {
      int[] n = {0};
      PacketSink out = sender.rtpOut((d, o, l) -> datagrams[n[0]++] = copy(d, o, l));
      byte[] rtp = new byte[12 + 80];
      for (int i = 0; i < total; i++) {
        io.peervoice.media.rtp.RtpCodec.writeHeader(rtp, 0, false, 111, i, 960L * i, SSRC);
        try {
          out.send(rtp, 0, rtp.length);
        } catch (java.io.IOException e) {
          throw new AssertionError(e);
        }
      }
    }
    long[] plain = new long[2];
    PacketHandler sink =
        new PacketHandler() {
          @Override
          public void onPacket(byte[] data, int offset, int length) {
            plain[0]++;
            plain[1] += length;
          }

          @Override
          public void onRejected(io.peervoice.media.srtp.SrtpRejection reason) {
            throw new AssertionError("rejected: " + reason);
          }
        };
    try (SrtpStage receiver = SrtpStage.keyed(new SrtpKeys(key, key), SSRC)) {
      PacketHandler in = receiver.inbound(sink, sink);
      for (int i = 0; i < WARM_UP; i++) {
        in.onPacket(datagrams[i], 0, datagrams[i].length);
      }
      long allocated = Long.MAX_VALUE;
      for (int round = 0; round < ROUNDS; round++) {
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = WARM_UP + round * PACKETS; i < WARM_UP + (round + 1) * PACKETS; i++) {
          in.onPacket(datagrams[i], 0, datagrams[i].length);
        }
        allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
      }
      long transform =
          AllocationCounts.bareUnprotect(threads, key, SSRC, datagrams, WARM_UP, PACKETS, 92);

      assertThat(plain[0]).isEqualTo(total);
      assertThat(plain[1]).isEqualTo(total * 92L);
      assertThat(allocated)
          .as("bytes allocated by %d unprotects (jitsi-srtp's own: %d)", PACKETS, transform)
          .isLessThan(transform + (long) BYTES_PER_PACKET * PACKETS);
    }
  }

  /** What jitsi-srtp allocates to protect {@link #PACKETS} packets in place, after a warm-up. */
  private long bareProtect(com.sun.management.ThreadMXBean threads, SrtpKeyMaterial key) {
    try (SrtpSender sender = Srtp.sender(key)) {
      byte[] buffer = new byte[12 + 80 + SrtpSender.TAIL_ROOM];
      long least = Long.MAX_VALUE;
      long before = 0;
      for (int i = 0; i < WARM_UP + ROUNDS * PACKETS; i++) {
        if (i >= WARM_UP && (i - WARM_UP) % PACKETS == 0) {
          if (i > WARM_UP) {
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
          }
          before = threads.getCurrentThreadAllocatedBytes();
        }
        io.peervoice.media.rtp.RtpCodec.writeHeader(buffer, 0, false, 111, i, 960L * i, SSRC);
        sender.protectInPlace(buffer, 0, 12 + 80);
      }
      return Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
    }
  }

  private static byte[] copy(byte[] data, int offset, int length) {
    byte[] c = new byte[length];
    System.arraycopy(data, offset, c, 0, length);
    return c;
  }
}
