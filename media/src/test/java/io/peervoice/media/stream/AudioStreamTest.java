package io.peervoice.media.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.EnvelopeSimilarity;
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
import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.media.srtp.SrtpRejection;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole media pipeline without a network: send stream → packets in memory → receive stream. */
class AudioStreamTest {
  private final SecureRandom random = new SecureRandom(new byte[] {2});
  private final SrtpKeyMaterial keys =
      SrtpKeyMaterial.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, random);
  private final PcmClip speech = SpeechSample.load();
  private final List<byte[]> wire = new ArrayList<>();
  private final PcmRecorder heard = new PcmRecorder(10);
  private long clockNanos = 1_000_000_000L;
  private final List<DtmfDigit> digits = new ArrayList<>();

  private final SrtpStage txSrtp = SrtpStage.keyed(new SrtpKeys(keys, keys), 0xCAFE);
  private final SrtpStage rxSrtp = SrtpStage.keyed(new SrtpKeys(keys, keys), 0xCAFE);
  private final PacketSink toWire =
      txSrtp.rtpOut((data, off, len) -> wire.add(Arrays.copyOfRange(data, off, off + len)));

  /** The receive stream behind its SRTP stage, as a call wires it. */
  private PacketHandler in(AudioReceiveStream rx) {
    return rxSrtp.inbound(rx, (data, off, len) -> {});
  }

  private AudioSendStream sender() {
    return new AudioSendStream(
        speech.asSource(),
        OpusCodec.encoder(OpusSettings.voiceDefaults()),
        new DtmfSendStage(101),
        toWire,
        0xCAFE,
        111,
        65500,
        4_000_000_000L,
        RtpObserver.NONE,
        () -> clockNanos);
  }

  private AudioReceiveStream receiver() {
    return new AudioReceiveStream(
        OpusCodec.decoder(),
        JitterBufferConfig.opusDefaults(),
        heard,
        111,
        new DtmfReceiveStage(101, digits::add),
        () -> clockNanos,
        RtpObserver.NONE);
  }

  @Test
  void speechSurvivesTheWholePipelineAcrossSequenceAndTimestampWrap() {
    int frames = (int) (speech.durationSeconds() * 50);
    try (AudioSendStream tx = sender();
        AudioReceiveStream rx = receiver()) {
      for (int i = 0; i < frames; i++) {
        tx.sendFrame();
        byte[] packet = wire.remove(0);
        in(rx).onPacket(packet, 0, packet.length);
        rx.playoutTick();
        clockNanos += 20_000_000L;
      }
      for (int drain = 0; drain < 3; drain++) {
        rx.playoutTick();
        clockNanos += 20_000_000L;
      }
      assertThat(tx.stats().framesSent()).isEqualTo(frames);
      assertThat(rx.stats().framesDecoded()).isEqualTo(frames);
      assertThat(rx.stats().framesConcealed())
          .as("only the drain ticks after the last packet, waiting for more")
          .isLessThanOrEqualTo(2);
      assertThat(rx.stats().playout().buffer().lostFrames()).isZero();
      assertThat(rx.firstAudioNanos()).isEqualTo(1_000_000_000L);
      assertThat(EnvelopeSimilarity.compare(speech, heard.clip(), 500).correlation())
          .isGreaterThan(0.9);
    }
  }

  @Test
  void theFirstPacketIsTimedWhenItPassesSrtpNeverForOneSrtpRejectedAndBeforeItPlays() {
    try (AudioSendStream tx = sender();
        AudioReceiveStream rx = receiver()) {
      PacketHandler in = in(rx);
      tx.sendFrame();
      byte[] packet = wire.remove(0);
      byte[] tampered = packet.clone();
      tampered[tampered.length - 1] ^= 1; // the authentication tag
      in.onPacket(tampered, 0, tampered.length);
      assertThat(rx.stats().srtpRejected()).containsKey(SrtpRejection.AUTH_FAILED);
      assertThat(rx.firstPacketNanos()).as("SRTP rejected it: not a first packet").isEqualTo(-1);

      clockNanos += 7_000_000L;
      in.onPacket(packet, 0, packet.length);
      assertThat(rx.firstPacketNanos()).isEqualTo(1_007_000_000L);
      assertThat(rx.firstAudioNanos()).as("nothing played yet").isEqualTo(-1);

      clockNanos += 20_000_000L;
      tx.sendFrame();
      byte[] second = wire.remove(0);
      in.onPacket(second, 0, second.length);
      for (int tick = 0; tick < 5; tick++) {
        rx.playoutTick();
        clockNanos += 20_000_000L;
      }
      assertThat(rx.firstPacketNanos()).as("the first packet only").isEqualTo(1_007_000_000L);
      assertThat(rx.firstAudioNanos()).isGreaterThan(rx.firstPacketNanos());
    }
  }

  @Test
  void theFirstAudioHookRunsOnceWhenTheFirstFramePlaysHoweverLateAndAtOnceIfAlreadyPlayed() {
    java.util.concurrent.atomic.AtomicInteger early =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger late =
        new java.util.concurrent.atomic.AtomicInteger();
    try (AudioSendStream tx = sender();
        AudioReceiveStream rx = receiver()) {
      rx.onFirstAudio(early::incrementAndGet);
      for (int idle = 0; idle < 500; idle++) { // 10 s of playout ticks before any packet
        rx.playoutTick();
        clockNanos += 20_000_000L;
      }
      assertThat(early).hasValue(0);
      for (int i = 0; i < 10; i++) {
        tx.sendFrame();
        byte[] packet = wire.remove(0);
        in(rx).onPacket(packet, 0, packet.length);
        rx.playoutTick();
        clockNanos += 20_000_000L;
      }
      assertThat(early).as("once, for the first frame only").hasValue(1);
      assertThat(rx.firstAudioNanos()).isGreaterThanOrEqualTo(11_000_000_000L);
      rx.onFirstAudio(late::incrementAndGet);
      assertThat(late).as("registered after the first frame: runs at once").hasValue(1);
    }
  }

  @Test
  void dtxSilenceIsNotSentAndPlaysAsComfortNoiseNotLoss() {
    AudioSendStream tx =
        new AudioSendStream(
            AudioSource.silence(),
            OpusCodec.encoder(OpusSettings.voiceDefaults().withDtx(true)),
            new DtmfSendStage(101),
            toWire,
            0xCAFE,
            111,
            0,
            0,
            RtpObserver.NONE,
            () -> clockNanos);
    try (tx;
        AudioReceiveStream rx = receiver()) {
      for (int i = 0; i < 100; i++) {
        tx.sendFrame();
        while (!wire.isEmpty()) {
          byte[] packet = wire.remove(0);
          in(rx).onPacket(packet, 0, packet.length);
        }
        rx.playoutTick();
        clockNanos += 20_000_000L;
      }
      assertThat(tx.stats().dtxFrames()).isGreaterThan(50);
      assertThat(tx.stats().framesSent()).isLessThan(50);
      assertThat(rx.stats().playout().buffer().lostFrames()).isZero();
      assertThat(rx.stats().playout().silentConcealedSamples()).isGreaterThan(0);
    }
  }

  @Test
  void dtmfDigitsTravelAsTelephoneEventsAndPauseTheAudio() {
    try (AudioSendStream tx = sender();
        AudioReceiveStream rx = receiver()) {
      tx.sendDtmf("9*");
      for (int i = 0; i < 40; i++) {
        tx.sendFrame();
        byte[] packet = wire.remove(0);
        in(rx).onPacket(packet, 0, packet.length);
        rx.playoutTick();
        clockNanos += 20_000_000L;
      }
      assertThat(digits).extracting(DtmfDigit::digit).containsExactly('9', '*');
      assertThat(digits.get(0).duration()).hasMillis(100);
      assertThat(rx.stats().framesDecoded()).isLessThan(40 - 2 * 7 + 1);
    }
  }

  @Test
  void tamperedForeignAndGarbageDatagramsAreCountedDrops() {
    try (AudioSendStream tx = sender();
        AudioReceiveStream rx = receiver()) {
      tx.sendFrame();
      byte[] good = wire.get(0);
      byte[] tampered = good.clone();
      tampered[tampered.length - 1] ^= 1;
      in(rx).onPacket(tampered, 0, tampered.length);
      in(rx).onPacket(good, 0, good.length);
      in(rx).onPacket(good, 0, good.length);
      in(rx).onPacket(new byte[3], 0, 3);
      AudioReceiveStats stats = rx.stats();
      assertThat(stats.packetsReceived()).isEqualTo(4);
      assertThat(stats.srtpRejected())
          .containsEntry(SrtpRejection.AUTH_FAILED, 1L)
          .containsEntry(SrtpRejection.REPLAYED, 1L)
          .containsEntry(SrtpRejection.MALFORMED, 1L);
      assertThat(stats.playout().buffer().packetsAccepted()).isEqualTo(1);
    }
  }
}
