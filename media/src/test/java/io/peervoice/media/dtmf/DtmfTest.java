package io.peervoice.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DtmfTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void encodesAndParsesThePayloadOfRfc4733Section23() {
    assertThat(HEX.formatHex(new DtmfEvent(5, false, 10, 800).encode())).isEqualTo("050a0320");
    assertThat(HEX.formatHex(new DtmfEvent(5, true, 10, 800).encode())).isEqualTo("058a0320");
    assertThat(DtmfEvent.parse(HEX.parseHex("0b8a0b40")))
        .contains(new DtmfEvent(11, true, 10, 2880));
    assertThat(DtmfEvent.parse(new byte[3])).isEmpty();
    assertThat(new DtmfEvent(11, false, 0, 0).digit()).contains('#');
    assertThatThrownBy(() -> DtmfEvent.codeOf('x')).hasMessageContaining("'x'");
  }

  private static List<String> send(DtmfSender sender, long firstTs, int ticks) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < ticks; i++) {
      Optional<DtmfPacket> p = sender.tick(firstTs + i * 960L);
      out.add(
          p.map(
                  d ->
                      HEX.formatHex(d.payload())
                          + "@"
                          + (d.rtpTimestamp() - firstTs)
                          + (d.marker() ? " M" : ""))
              .orElse("-"));
    }
    return out;
  }

  @Test
  void sendsEachDigitWithMarkerGrowingDurationAndThreeEndPacketsThenAGap() {
    DtmfSender sender = new DtmfSender(48_000, 20, 60, 40, 10);
    sender.queue("1#");
    assertThat(send(sender, 1000, 14))
        .containsExactly(
            "010a03c0@0 M",
            "010a0780@0",
            "018a0b40@0",
            "018a0b40@0",
            "018a0b40@0",
            "-",
            "-",
            "0b0a03c0@6720 M",
            "0b0a0780@6720",
            "0b8a0b40@6720",
            "0b8a0b40@6720",
            "0b8a0b40@6720",
            "-",
            "-");
    assertThatThrownBy(() -> sender.queue("12x")).hasMessageContaining("'x'");
    assertThatThrownBy(() -> new DtmfSender(48_000, 20, 2000, 50, 10))
        .hasMessageContaining("digit duration");
  }

  private static List<DtmfPacket> packets(String digits, long firstTs) {
    DtmfSender sender = new DtmfSender(48_000, 20, 100, 60, 10);
    sender.queue(digits);
    List<DtmfPacket> out = new ArrayList<>();
    for (int i = 0; i < 10 * digits.length(); i++) {
      sender.tick(firstTs + i * 960L).ifPresent(out::add);
    }
    return out;
  }

  private static List<DtmfDigit> receive(List<DtmfPacket> packets) {
    DtmfReceiver receiver = new DtmfReceiver(48_000, 300);
    List<DtmfDigit> out = new ArrayList<>();
    double t = 0;
    for (DtmfPacket p : packets) {
      out.addAll(receiver.onPacket(p.rtpTimestamp(), p.payload(), t += 20));
    }
    out.addAll(receiver.poll(t + 1000));
    return out;
  }

  @Test
  void receivesEachDigitOnceWithItsDurationAcrossTimestampWrap() {
    List<DtmfPacket> sent = packets("123#", 0xFFFF_F000L);
    assertThat(sent).hasSize(4 * 7);
    assertThat(receive(sent))
        .containsExactly(
            new DtmfDigit('1', Duration.ofMillis(100)),
            new DtmfDigit('2', Duration.ofMillis(100)),
            new DtmfDigit('3', Duration.ofMillis(100)),
            new DtmfDigit('#', Duration.ofMillis(100)));
  }

  @Test
  void survivesLostFirstPacketsLostEndsDuplicatesAndReordering() {
    List<DtmfPacket> sent = new ArrayList<>(packets("45", 0));
    sent.remove(0);
    sent.removeIf(p -> p.payload()[0] == 5 && (p.payload()[1] & 0x80) != 0);
    sent.add(2, sent.get(1));
    DtmfPacket a = sent.get(3);
    sent.set(3, sent.get(4));
    sent.set(4, a);
    List<DtmfDigit> got = receive(sent);
    assertThat(got).extracting(DtmfDigit::digit).containsExactly('4', '5');
    assertThat(got.get(0).duration()).isEqualTo(Duration.ofMillis(100));
    assertThat(got.get(1).duration()).isEqualTo(Duration.ofMillis(80));
  }

  @Test
  void aNewEventBeforeTheOldOnesEndReportsTheOldOneFirst() {
    DtmfReceiver receiver = new DtmfReceiver(48_000, 300);
    assertThat(receiver.onPacket(0, new DtmfEvent(7, false, 10, 960).encode(), 0)).isEmpty();
    assertThat(receiver.onPacket(9600, new DtmfEvent(8, true, 10, 4800).encode(), 200))
        .containsExactly(
            new DtmfDigit('7', Duration.ofMillis(20)), new DtmfDigit('8', Duration.ofMillis(100)));
    assertThat(receiver.onPacket(9600, new DtmfEvent(8, true, 10, 4800).encode(), 220)).isEmpty();
    assertThat(receiver.onPacket(0, new byte[2], 230)).isEmpty();
    assertThat(receiver.malformed()).isEqualTo(1);
  }
}
