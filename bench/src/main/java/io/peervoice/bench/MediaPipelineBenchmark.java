package io.peervoice.bench;

import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.audio.ToneSource;
import io.peervoice.media.codec.AudioDecoder;
import io.peervoice.media.codec.AudioEncoder;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.codec.OpusSettings;
import io.peervoice.media.dtmf.DtmfReceiveStage;
import io.peervoice.media.dtmf.DtmfSendStage;
import io.peervoice.media.jitter.JitterBufferConfig;
import io.peervoice.media.pipeline.SrtpStage;
import io.peervoice.media.rtp.RtpCodec;
import io.peervoice.media.rtp.RtpPacket;
import io.peervoice.media.rtp.RtpParseResult;
import io.peervoice.media.srtp.Srtp;
import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.media.srtp.SrtpReceiver;
import io.peervoice.media.srtp.SrtpSender;
import io.peervoice.media.srtp.UnprotectResult;
import io.peervoice.media.stream.AudioReceiveStream;
import io.peervoice.media.stream.AudioSendStream;
import io.peervoice.media.stream.PacketHandler;
import io.peervoice.media.stream.RtpObserver;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-packet cost of each stage of the media path, for one 20 ms Opus frame. Run: {@code java -jar
 * bench/target/benchmarks.jar MediaPipeline}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class MediaPipelineBenchmark {
  private AudioEncoder encoder;
  private AudioDecoder decoder;
  private SrtpSender sender;
  private SrtpReceiver receiver;
  private short[] pcm;
  private byte[] opus;
  private byte[] rtp;
  private int sequence;

  @Setup(Level.Trial)
  public void setUp() {
    encoder = OpusCodec.encoder(OpusSettings.voiceDefaults());
    decoder = OpusCodec.decoder();
    SrtpKeyMaterial keys =
        SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new SecureRandom());
    sender = Srtp.sender(keys);
    receiver = Srtp.receiver(keys);
    pcm = new short[PcmFormat.FRAME_SAMPLES];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) (6000 * Math.sin(i * 0.05) + 2000 * Math.sin(i * 0.31));
    }
    opus = encoder.encode(pcm);
    rtp = packet(0);
  }

  private byte[] packet(int seq) {
    return RtpCodec.serialize(
        RtpPacket.builder()
            .payloadType(111)
            .sequenceNumber(seq & 0xFFFF)
            .timestamp(960L * seq & 0xFFFF_FFFFL)
            .ssrc(1)
            .payload(opus)
            .build());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    encoder.close();
    decoder.close();
    sender.close();
    receiver.close();
  }

  @Benchmark
  public byte[] opusEncode() {
    return encoder.encode(pcm);
  }

  @Benchmark
  public short[] opusDecode() {
    return decoder.decode(opus);
  }

  @Benchmark
  public RtpParseResult rtpParse() {
    return RtpCodec.parse(rtp);
  }

  /**
   * One frame through the stages as a call wires them: send stream (DTMF check, Opus, RTP) → SRTP
   * stage protect → SRTP stage demux and unprotect → receive stream (RTP parse, jitter buffer) →
   * one playout tick (decode). The sum of the stage costs above plus the wiring's own.
   */
  @Benchmark
  public long stagedFrame(Stages stages) {
    stages.send.sendFrame();
    stages.receive.playoutTick();
    stages.nanos += 20_000_000L;
    return stages.receive.stats().audioPackets();
  }

  /** A send and a receive stream joined by two SRTP stages, on a fake 20 ms clock. */
  @State(Scope.Thread)
  public static class Stages {
    long nanos = 1_000_000_000L;
    AudioSendStream send;
    AudioReceiveStream receive;
    private SrtpStage txSrtp;
    private SrtpStage rxSrtp;

    @Setup(Level.Trial)
    public void setUp() {
      SrtpKeyMaterial key =
          SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new SecureRandom());
      txSrtp = SrtpStage.keyed(new SrtpKeys(key, key), 1);
      rxSrtp = SrtpStage.keyed(new SrtpKeys(key, key), 1);
      receive =
          new AudioReceiveStream(
              OpusCodec.decoder(),
              JitterBufferConfig.opusDefaults(),
              frame -> {},
              111,
              new DtmfReceiveStage(101, digit -> {}),
              () -> nanos,
              RtpObserver.NONE);
      PacketHandler in = rxSrtp.inbound(receive, (d, off, len) -> {});
      send =
          new AudioSendStream(
              ToneSource.continuous(440, -20),
              OpusCodec.encoder(OpusSettings.voiceDefaults()),
              new DtmfSendStage(101),
              txSrtp.rtpOut(in::onPacket),
              1,
              111,
              0,
              0,
              RtpObserver.NONE,
              () -> nanos);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      send.close();
      receive.close();
      txSrtp.close();
      rxSrtp.close();
    }
  }

  /** Protect then unprotect, with a fresh sequence number each time so replay checks pass. */
  @Benchmark
  public UnprotectResult srtpRoundTrip() {
    byte[] plain = packet(++sequence);
    byte[] srtp = sender.protect(plain, 0, plain.length);
    return receiver.unprotect(srtp, 0, srtp.length);
  }
}
