package io.peervoice.media.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.PcmRecorder;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.codec.OpusSettings;
import io.peervoice.media.dtmf.DtmfDigit;
import io.peervoice.media.dtmf.DtmfReceiveStage;
import io.peervoice.media.dtmf.DtmfSendStage;
import io.peervoice.media.jitter.JitterBufferConfig;
import io.peervoice.media.pipeline.SrtpStage;
import io.peervoice.media.playout.PlayoutStats;
import io.peervoice.media.quality.EModel;
import io.peervoice.media.rtcp.ReportBlock;
import io.peervoice.media.rtcp.RtcpCodec;
import io.peervoice.media.rtcp.RtcpPacket;
import io.peervoice.media.rtcp.RtcpParseResult;
import io.peervoice.media.rtcp.RtcpSession;
import io.peervoice.media.rtp.RtpCodec;
import io.peervoice.media.rtp.RtpPacket;
import io.peervoice.media.rtp.RtpParseResult;
import io.peervoice.media.srtp.Srtp;
import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.media.srtp.SrtpReceiver;
import io.peervoice.media.srtp.UnprotectResult;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * RFC 4733 telephone events interleaved with Opus audio in one RTP stream (same SSRC, one sequence
 * space, end packets sent three times): they are received packets of the stream for RTCP and never
 * audio loss, concealment or a worse MOS; a real audio loss still counts.
 */
class NonAudioPacketsTest {
  private static final int FRAMES = 200;
  private static final int PT_OPUS = 111;
  private static final int PT_EVENT = 101;

  private final SrtpKeyMaterial keys =
      SrtpKeyMaterial.random(SrtpProfile.AEAD_AES_128_GCM, new SecureRandom(new byte[] {7}));
  private final PcmClip speech = SpeechSample.load();

  /** One datagram on the wire, with its arrival time after a seeded network delay. */
  private record Datagram(byte[] bytes, int seq, int payloadType, double arrivalMillis) {}

  /** What the receiving side measured. */
  private record Heard(
      AudioReceiveStats stats, List<DtmfDigit> digits, ReportBlock report, double mos) {}

  @Test
  void telephoneEventsAreReceivedPacketsNeverLostOrConcealedAudio() {
    Heard clean = run(null, seq -> false);
    Heard withDigits = run("123#", seq -> false);

    assertThat(withDigits.digits())
        .extracting(DtmfDigit::digit)
        .containsExactly('1', '2', '3', '#');
    assertThat(withDigits.stats().dtmfPackets())
        .as("5 packets a digit, the last of them (the end) sent three times")
        .isEqualTo(4 * 7);
    assertThat(withDigits.report().cumulativeLost()).as("RTCP receiver report").isZero();
    assertThat(withDigits.report().fractionLost()).isZero();
    PlayoutStats playout = withDigits.stats().playout();
    assertThat(playout.buffer().lostFrames()).isZero();
    assertThat(playout.buffer().fecFrames()).isZero();
    assertThat(playout.buffer().nonAudioPackets()).isEqualTo(4 * 7);
    assertThat(playout.concealedSamples()).as("concealed").isZero();
    assertThat(playout.concealmentEvents()).isZero();
    assertThat(withDigits.stats().framesDecoded())
        .as("every audio frame sent was played; the events replaced 28 of them")
        .isEqualTo(FRAMES - 4 * 7);
    assertThat(withDigits.mos()).isCloseTo(clean.mos(), within(0.02));
    assertThat(clean.report().cumulativeLost()).isZero();
    assertThat(clean.stats().playout().concealedSamples()).isZero();
  }

  @Test
  void aLostAudioPacketAmongTheEventsIsStillCounted() {
    Heard clean = run("123#", seq -> false);
    // the audio packet just after the first digit's events (and its gap) goes missing
    int firstAudioAfterDigit = firstSequence() + 20 + 7;
    Heard lossy = run("123#", seq -> seq == firstAudioAfterDigit);

    assertThat(lossy.report().cumulativeLost()).isEqualTo(1);
    PlayoutStats playout = lossy.stats().playout();
    assertThat(playout.buffer().lostFrames() + playout.buffer().fecFrames())
        .as("the jitter buffer declared the audio frame lost (and maybe recovered it by FEC)")
        .isEqualTo(1);
    assertThat(lossy.stats().framesDecoded()).isEqualTo(FRAMES - 4 * 7 - 1);
    assertThat(playout.fecRecoveredFrames() + playout.concealmentEvents())
        .as("recovered from the next packet's FEC, or concealed")
        .isEqualTo(1);
    assertThat(lossy.mos()).as("FEC made it up").isCloseTo(clean.mos(), within(0.02));
    assertThat(lossy.digits()).extracting(DtmfDigit::digit).containsExactly('1', '2', '3', '#');
  }

  @Test
  void aPayloadTypeTheStreamDoesNotPlayIsAReceivedPacketNotAGap() {
    List<Datagram> wire = send(null);
    // every 10th packet is re-labelled as a payload the receiver neither plays nor reads (e.g. CN)
    List<Datagram> relabelled = new ArrayList<>();
    for (Datagram d : wire) {
      relabelled.add(d.seq() % 10 == 3 ? withPayloadType(d, 13) : d);
    }
    Heard heard = receive(relabelled, seq -> false);
    assertThat(heard.stats().wrongPayloadType()).isEqualTo(FRAMES / 10);
    assertThat(heard.report().cumulativeLost()).isZero();
    assertThat(heard.stats().playout().buffer().lostFrames()).isZero();
  }

  private int firstSequence() {
    return 40_000;
  }

  private Heard run(String digits, IntPredicate drop) {
    return receive(send(digits), drop);
  }

  /** Sends {@code FRAMES} ticks of speech, with the digits queued from tick 20 on. */
  private List<Datagram> send(String digits) {
    List<Datagram> wire = new ArrayList<>();
    Random network = new Random(11);
    long[] now = {1_000_000_000L};
    int[] tick = {0};
    try (SrtpReceiver peek = Srtp.receiver(keys);
        SrtpStage srtp = SrtpStage.keyed(new SrtpKeys(keys, keys), 0xCAFE);
        AudioSendStream tx =
            new AudioSendStream(
                speech.asSource(),
                OpusCodec.encoder(OpusSettings.voiceDefaults()),
                new DtmfSendStage(PT_EVENT),
                srtp.rtpOut(
                    (data, off, len) -> {
                      byte[] bytes = Arrays.copyOfRange(data, off, off + len);
                      RtpPacket p = rtp(peek, bytes);
                      double sent = tick[0] * 20.0;
                      wire.add(
                          new Datagram(
                              bytes,
                              p.sequenceNumber(),
                              p.payloadType(),
                              sent + network.nextDouble() * 8));
                    }),
                0xCAFE,
                PT_OPUS,
                firstSequence(),
                123_456L,
                RtpObserver.NONE,
                () -> now[0])) {
      for (tick[0] = 0; tick[0] < FRAMES; tick[0]++) {
        if (tick[0] == 20 && digits != null) {
          tx.sendDtmf(digits);
        }
        tx.sendFrame();
        now[0] += 20_000_000L;
      }
    }
    wire.sort(Comparator.comparingDouble(Datagram::arrivalMillis));
    return wire;
  }

  private Heard receive(List<Datagram> wire, IntPredicate drop) {
    RtcpSession rtcp = new RtcpSession(2, "rx", 48_000, () -> 1_700_000_000_000L);
    RtpObserver observer =
        new RtpObserver() {
          @Override
          public void onRtp(int ssrc, int seq, long ts, int bytes, double millis) {
            rtcp.onRtpReceived(ssrc, seq, ts, millis);
          }

          @Override
          public void onNonAudioRtp(int ssrc, int seq, int bytes, double millis) {
            rtcp.onNonAudioReceived(ssrc, seq);
          }
        };
    long[] clock = {0};
    List<DtmfDigit> digits = new ArrayList<>();
    try (SrtpStage srtp = SrtpStage.keyed(new SrtpKeys(keys, keys), 0xCAFE);
        AudioReceiveStream rx =
            new AudioReceiveStream(
                OpusCodec.decoder(),
                JitterBufferConfig.opusDefaults(),
                new PcmRecorder(10),
                PT_OPUS,
                new DtmfReceiveStage(PT_EVENT, digits::add),
                () -> clock[0],
                observer)) {
      PacketHandler in = srtp.inbound(rx, (data, off, len) -> {});
      int next = 0;
      // play until the last packet has played (no tail of concealment after the stream ends)
      for (int t = 0;
          t < FRAMES + 40
              && (next < wire.size() || rx.stats().playout().buffer().bufferedPackets() > 0);
          t++) {
        double playAt = t * 20.0 + 5;
        while (next < wire.size() && wire.get(next).arrivalMillis() <= playAt) {
          Datagram d = wire.get(next++);
          if (!drop.test(d.seq())) {
            clock[0] = (long) (d.arrivalMillis() * 1e6);
            in.onPacket(d.bytes(), 0, d.bytes().length);
          }
        }
        clock[0] = (long) (playAt * 1e6);
        rx.playoutTick();
      }
      AudioReceiveStats stats = rx.stats();
      ReportBlock block = report(rtcp);
      PlayoutStats p = stats.playout();
      long frames = p.totalSamplesReceived() + p.concealedSamples();
      double loss = frames == 0 ? 0 : 100.0 * p.concealedSamples() / frames;
      double mos =
          EModel.estimate(EModel.Codec.OPUS, p.meanJitterBufferDelayMillis() + 20, loss, 1).mos();
      return new Heard(stats, digits, block, mos);
    }
  }

  private static ReportBlock report(RtcpSession rtcp) {
    byte[] compound = rtcp.buildReport(10_000);
    List<RtcpPacket> packets = ((RtcpParseResult.Parsed) RtcpCodec.parse(compound)).packets();
    return ((RtcpPacket.ReceiverReport) packets.get(0)).reports().get(0);
  }

  private RtpPacket rtp(byte[] srtp) {
    try (SrtpReceiver rx = Srtp.receiver(keys)) {
      return rtp(rx, srtp);
    }
  }

  private static RtpPacket rtp(SrtpReceiver rx, byte[] srtp) {
    byte[] plain = ((UnprotectResult.Accepted) rx.unprotect(srtp, 0, srtp.length)).rtp();
    return ((RtpParseResult.Parsed) RtpCodec.parse(plain)).packet();
  }

  /** The same packet re-protected with another payload type. */
  private Datagram withPayloadType(Datagram d, int payloadType) {
    RtpPacket p = rtp(d.bytes());
    RtpPacket relabelled =
        RtpPacket.builder()
            .payloadType(payloadType)
            .sequenceNumber(p.sequenceNumber())
            .timestamp(p.timestamp())
            .ssrc(p.ssrc())
            .payload(p.payload())
            .build();
    try (var tx = Srtp.sender(keys)) {
      byte[] plain = RtpCodec.serialize(relabelled);
      // a fresh sender context: the index starts from the packet's own sequence number
      return new Datagram(
          tx.protect(plain, 0, plain.length), d.seq(), payloadType, d.arrivalMillis());
    }
  }
}
