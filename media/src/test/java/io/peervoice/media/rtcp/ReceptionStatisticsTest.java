package io.peervoice.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceptionStatisticsTest {

  @Test
  void jitterFollowsRfc3550AppendixA8() {
    ReceptionStatistics s = new ReceptionStatistics(8000);
    s.onPacket(0, 0, 0);
    s.onPacket(1, 160, 20);
    s.onPacket(2, 320, 50);
    // transits 0, 0, 80 units: J = 0 + (|0-0| - 0)/16 = 0, then 0 + (80 - 0)/16 = 5
    assertThat(s.jitterSeconds()).isEqualTo(5 / 8000.0);
  }

  @Test
  void lossAndFractionPerIntervalFollowAppendixA3() {
    ReceptionStatistics s = new ReceptionStatistics(48000);
    s.onPacket(10, 0, 0);
    s.onPacket(11, 960, 20);
    s.onPacket(13, 2880, 60);
    s.onPacket(14, 3840, 80);
    ReportBlock first = s.report(5, 0, 0);
    assertThat(first.fractionLost()).isEqualTo(51);
    assertThat(first.cumulativeLost()).isEqualTo(1);
    assertThat(first.extendedHighestSequence()).isEqualTo(14);
    s.onPacket(15, 4800, 100);
    s.onPacket(16, 5760, 120);
    ReportBlock second = s.report(5, 0, 0);
    assertThat(second.fractionLost()).isZero();
    assertThat(second.cumulativeLost()).isEqualTo(1);
    assertThat(s.packetsReceived()).isEqualTo(6);
  }

  @Test
  void countsSequenceWrapCycles() {
    ReceptionStatistics s = new ReceptionStatistics(48000);
    for (int seq : new int[] {65534, 65535, 0, 1}) {
      s.onPacket(seq, 0, 0);
    }
    assertThat(s.extendedHighestSequence()).isEqualTo(65537);
    assertThat(s.expected()).isEqualTo(4);
    assertThat(s.packetsLost()).isZero();
  }

  @Test
  void dlsrIsTheDelaySinceTheLastSenderReport() {
    ReceptionStatistics s = new ReceptionStatistics(48000);
    s.onPacket(1, 0, 0);
    ReportBlock block = s.report(5, 0xABCD, 250);
    assertThat(block.lastSr()).isEqualTo(0xABCD);
    assertThat(block.delaySinceLastSr()).isEqualTo(16384);
  }

  @Test
  void telephoneEventsCountAsReceivedWithoutTouchingTheJitter() {
    ReceptionStatistics s = new ReceptionStatistics(48000);
    // audio 1..3 on time, then events 4..10 (the end sent three times) all carrying the event's
    // start timestamp, then audio from 11 on: nothing is lost and the jitter stays zero
    for (int seq = 1; seq <= 3; seq++) {
      s.onPacket(seq, seq * 960L, seq * 20.0);
    }
    for (int seq = 4; seq <= 10; seq++) {
      s.onPacketWithoutTiming(seq);
    }
    for (int seq = 11; seq <= 13; seq++) {
      s.onPacket(seq, seq * 960L, seq * 20.0);
    }
    assertThat(s.packetsReceived()).isEqualTo(13);
    assertThat(s.packetsLost()).isZero();
    assertThat(s.jitterSeconds()).isZero();
    assertThat(s.report(5, 0, 0).cumulativeLost()).isZero();
  }
}
