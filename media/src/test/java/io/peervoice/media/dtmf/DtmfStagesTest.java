package io.peervoice.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The DTMF stages alone: on the send side a digit takes the media ticks it plays for (RFC 4733
 * §2.5.1: marker on the first packet, one start timestamp, growing duration, the end sent three
 * times), audio gets the gap and the ticks after; on the receive side the same packets make one
 * digit, handed over on the playout tick.
 */
class DtmfStagesTest {
  private static final int PT = 101;

  /** One telephone-event packet the send stage emitted. */
  private record Sent(int payloadType, boolean marker, long timestamp, DtmfEvent event) {}

  private final List<Sent> sent = new ArrayList<>();
  private final DtmfSendStage.EventSink sink =
      (pt, marker, ts, payload) ->
          sent.add(new Sent(pt, marker, ts, DtmfEvent.parse(payload).get()));

  @Test
  void aDigitTakesItsTicksAndAudioTheGapAndTheRest() {
    DtmfSendStage stage = new DtmfSendStage(PT);
    List<Boolean> takenByDtmf = new ArrayList<>();
    long timestamp = 1_000;
    assertThat(stage.onTick(timestamp, sink)).as("nothing queued: audio").isFalse();
    stage.queue("5");
    for (int tick = 0; tick < 12; tick++, timestamp += 960) {
      takenByDtmf.add(stage.onTick(timestamp, sink));
    }

    assertThat(takenByDtmf)
        .as("5 packets of 100 ms, the end twice more, then a 60 ms gap of audio and audio after")
        .containsExactly(
            true, true, true, true, true, true, true, false, false, false, false, false);
    assertThat(sent).hasSize(7).allSatisfy(s -> assertThat(s.payloadType()).isEqualTo(PT));
    assertThat(sent)
        .extracting(Sent::marker)
        .containsExactly(true, false, false, false, false, false, false);
    assertThat(sent).extracting(Sent::timestamp).containsOnly(1_000L);
    assertThat(sent)
        .extracting(s -> s.event().duration())
        .containsExactly(960, 1920, 2880, 3840, 4800, 4800, 4800);
    assertThat(sent)
        .extracting(s -> s.event().end())
        .containsExactly(false, false, false, false, true, true, true);
    assertThat(sent).extracting(s -> s.event().digit().get()).containsOnly('5');
  }

  @Test
  void aBadDigitIsRefusedAndNothingOfTheStringIsQueued() {
    DtmfSendStage stage = new DtmfSendStage(PT);
    assertThatThrownBy(() -> stage.queue("12x")).isInstanceOf(IllegalArgumentException.class);
    assertThat(stage.onTick(0, sink)).isFalse();
    assertThat(sent).isEmpty();
  }

  @Test
  void theReceiveStageTurnsTheSendStagesPacketsIntoDigitsOnThePlayoutTick() {
    DtmfSendStage tx = new DtmfSendStage(PT);
    List<DtmfDigit> heard = new ArrayList<>();
    DtmfReceiveStage rx = new DtmfReceiveStage(PT, heard::add);
    List<byte[]> payloads = new ArrayList<>();
    List<Long> timestamps = new ArrayList<>();
    tx.queue("#1");
    for (int tick = 0; tick < 30; tick++) {
      tx.onTick(
          48_000L + tick * 960L,
          (pt, marker, ts, payload) -> {
            payloads.add(payload);
            timestamps.add(ts);
          });
    }
    double now = 0;
    for (int i = 0; i < payloads.size(); i++, now += 20) {
      rx.onPacket(timestamps.get(i), payloads.get(i), now);
      List<DtmfDigit> digits = rx.poll(now);
      rx.deliver(digits);
    }

    assertThat(rx.payloadType()).isEqualTo(PT);
    assertThat(rx.packets()).isEqualTo(14);
    assertThat(heard)
        .containsExactly(
            new DtmfDigit('#', Duration.ofMillis(100)), new DtmfDigit('1', Duration.ofMillis(100)));
    assertThat(rx.poll(now + 1_000)).as("each digit once").isEmpty();
  }
}
