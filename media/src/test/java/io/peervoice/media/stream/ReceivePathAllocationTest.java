package io.peervoice.media.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.audio.ToneSource;
import io.peervoice.media.codec.AudioEncoder;
import io.peervoice.media.codec.EncoderController;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.codec.OpusSettings;
import io.peervoice.media.dtmf.DtmfReceiveStage;
import io.peervoice.media.jitter.JitterBufferConfig;
import io.peervoice.media.pipeline.EncoderControlStage;
import io.peervoice.media.pipeline.RtcpStage;
import io.peervoice.media.pipeline.SrtpStage;
import io.peervoice.media.rtcp.RtcpSession;
import io.peervoice.media.rtp.RtpCodec;
import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * The steady state of a call's receive path allocates nothing per packet (issue #13): real Opus
 * packets, SRTP-protected, go through the inbound SRTP stage (unprotect), the receive stream (RTP
 * parse in place, the RTCP reception statistics, the stream's packet pool, the playout clock, the
 * adaptive jitter buffer) and are played out by a playout tick per packet (jitter buffer decision,
 * Opus decode into the engine's frame), on a fake clock with one packet per 20 ms. The bytes the
 * thread allocated over a few thousand packets after a warm-up are read from the JVM ({@code
 * com.sun.management.ThreadMXBean}) and two things that are not the path's own are taken off: what
 * jitsi-srtp allocates to unprotect as many packets (measured the same way, as in {@link
 * SendPathAllocationTest}), and the frame each tick hands the sink (the sink's to keep: sinks may
 * hold on to frames). Before the pool, the path allocated about 960 bytes per packet besides those
 * (an {@code RtpPacket}, three copies of its payload, a {@code JitterPacket}, tree-map nodes, boxed
 * sequence numbers, playout decisions, the delay window's arrays).
 */
class ReceivePathAllocationTest {
  private static final int SSRC = 0x5EED;
  private static final int PAYLOAD_TYPE = 111;
  private static final int WARM_UP = 3_000;
  private static final int PACKETS = 1_000;
  private static final int ROUNDS = 4;
  private static final long FRAME_NANOS = 20_000_000L;

  /**
   * At most this many bytes per packet on average beyond jitsi-srtp's own and the sink's frame. The
   * base allocated ~976; what is left (0-24 bytes measured) varies with what the JIT's escape
   * analysis removed by then, so the bound leaves room for that, not for a per-packet object.
   */
  private static final int BYTES_PER_PACKET = 64;

  private long clockNanos = 1_000_000_000L;
  private long framesHeard;
  private long loudFrames;

  /** The least a measured round allocated. */
  private long allocated = Long.MAX_VALUE;

  @Test
  void receivingAndPlayingAPacketAllocatesNothing() throws NoSuchAlgorithmException {
    var threads = AllocationCounts.threads();
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(13);
    SrtpKeyMaterial key = SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
    int total = WARM_UP + ROUNDS * PACKETS;
    byte[][] datagrams = protectedOpusPackets(key, total);

    try (SrtpStage srtp = SrtpStage.keyed(new SrtpKeys(key, key), SSRC);
        var encoder = OpusCodec.encoder(OpusSettings.voiceDefaults())) {
      var rtcp =
          new RtcpStage(
              new RtcpSession(
                  0x7EE7, "alloc", OpusCodec.RTP_CLOCK_RATE, () -> clockNanos / 1_000_000),
              srtp.rtcpOut((d, o, l) -> {}),
              new EncoderControlStage(
                  new EncoderController(OpusSettings.voiceDefaults(), 16_000, 64_000),
                  encoder::update),
              () -> clockNanos);
      receive(threads, srtp, rtcp, datagrams, total);
    }
    long transform =
        AllocationCounts.bareUnprotect(threads, key, SSRC, datagrams, WARM_UP, PACKETS, -1);
    long frames = frameArrays(threads);

    assertThat(framesHeard).isEqualTo(total);
    assertThat(loudFrames).as("frames that carried the tone").isGreaterThan(total * 9L / 10);
    assertThat(allocated)
        .as(
            "bytes allocated by %d packets received and played (jitsi-srtp's own: %d, the sink's"
                + " frames: %d)",
            PACKETS, transform, frames)
        .isLessThan(transform + frames + (long) BYTES_PER_PACKET * PACKETS);
  }

  private void receive(
      com.sun.management.ThreadMXBean threads,
      SrtpStage srtp,
      RtcpStage rtcp,
      byte[][] datagrams,
      int total) {
    AudioSink sink =
        frame -> {
          framesHeard++;
          if (frame[frame.length / 2] != 0 || frame[frame.length / 4] != 0) {
            loudFrames++;
          }
        };
    try (AudioReceiveStream stream =
        new AudioReceiveStream(
            OpusCodec.decoder(),
            JitterBufferConfig.opusDefaults(),
            sink,
            PAYLOAD_TYPE,
            new DtmfReceiveStage(101, digit -> {}),
            () -> clockNanos,
            rtcp.received())) {
      PacketHandler in = srtp.inbound(stream, stream);
      for (int i = 0; i < WARM_UP; i++) {
        deliverAndPlay(in, stream, datagrams[i]);
      }
      for (int round = 0; round < ROUNDS; round++) {
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = WARM_UP + round * PACKETS; i < WARM_UP + (round + 1) * PACKETS; i++) {
          deliverAndPlay(in, stream, datagrams[i]);
        }
        allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
      }
      AudioReceiveStats stats = stream.stats();
      assertThat(stats.audioPackets()).isEqualTo(total);
      assertThat(stats.srtpRejectedTotal()).isZero();
      assertThat(stats.framesDecoded()).isGreaterThan(total - 10L);
      assertThat(stats.framesConcealed()).isLessThan(10);
    }
  }

  private void deliverAndPlay(PacketHandler in, AudioReceiveStream stream, byte[] datagram) {
    clockNanos += FRAME_NANOS;
    in.onPacket(datagram, 0, datagram.length);
    stream.playoutTick();
  }

  /** {@code count} 20 ms frames of a tone, Opus-encoded, in RTP, SRTP-protected. */
  private static byte[][] protectedOpusPackets(SrtpKeyMaterial key, int count) {
    byte[][] datagrams = new byte[count][];
    ToneSource tone = ToneSource.continuous(440, -20);
    short[] pcm = new short[PcmFormat.FRAME_SAMPLES];
    try (AudioEncoder encoder = OpusCodec.encoder(OpusSettings.voiceDefaults());
        SrtpStage sender = SrtpStage.keyed(new SrtpKeys(key, key), 0x7EE7)) {
      int[] n = {0};
      PacketSink out =
          sender.rtpOut((d, o, l) -> datagrams[n[0]++] = java.util.Arrays.copyOfRange(d, o, o + l));
      for (int i = 0; i < count; i++) {
        tone.read(pcm);
        byte[] payload = encoder.encode(pcm);
        byte[] rtp = new byte[12 + payload.length];
        RtpCodec.writeHeader(rtp, 0, false, PAYLOAD_TYPE, (40_000 + i) & 0xFFFF, 960L * i, SSRC);
        System.arraycopy(payload, 0, rtp, 12, payload.length);
        out.send(rtp, 0, rtp.length);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return datagrams;
  }

  private short[] kept;

  /** What {@link #PACKETS} frames handed to a sink cost: one new array each. */
  private long frameArrays(com.sun.management.ThreadMXBean threads) {
    long least = Long.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < PACKETS; i++) {
        kept = new short[PcmFormat.FRAME_SAMPLES];
      }
      least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
    }
    return least;
  }
}
