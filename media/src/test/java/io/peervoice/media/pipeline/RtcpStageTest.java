package io.peervoice.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.codec.EncoderController;
import io.peervoice.media.codec.OpusSettings;
import io.peervoice.media.rtcp.ReportBlock;
import io.peervoice.media.rtcp.RtcpCodec;
import io.peervoice.media.rtcp.RtcpPacket;
import io.peervoice.media.rtcp.RtcpParseResult;
import io.peervoice.media.rtcp.RtcpSession;
import io.peervoice.media.srtp.SrtpRejection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The RTCP stage sends its reports into the outbound stage it was given, reads the peer's reports
 * and hands those on our stream to the encoder-control stage, which applies the controller's
 * settings to the encoder handle it was given: FEC and bitrate follow the loss the peer reports.
 */
class RtcpStageTest {
  private static final int LOCAL_SSRC = 0xAAAA;
  private static final int PEER_SSRC = 0xBBBB;

  private long nanos = 5_000_000_000L;
  private final List<byte[]> sent = new ArrayList<>();
  private final List<OpusSettings> applied = new ArrayList<>();
  private final OpusSettings initial = OpusSettings.voiceDefaults().withLoss(false, 0);
  private final EncoderControlStage control =
      new EncoderControlStage(new EncoderController(initial, 12_000, 48_000), applied::add);
  private final RtcpStage stage =
      new RtcpStage(
          new RtcpSession(LOCAL_SSRC, "me", 48_000, () -> 1_700_000_000_000L),
          (d, off, len) -> sent.add(Arrays.copyOfRange(d, off, off + len)),
          control,
          () -> nanos);

  private void peerReports(int fractionLost, int onSsrc) {
    byte[] rr =
        RtcpCodec.serialize(
            List.of(
                new RtcpPacket.ReceiverReport(
                    PEER_SSRC, List.of(new ReportBlock(onSsrc, fractionLost, 3, 100, 0, 0, 0)))));
    stage.onPacket(rr, 0, rr.length);
    nanos += 1_000_000_000L;
  }

  @Test
  void reportsOnOurStreamDriveTheEncoderAsTheControllerDecides() {
    EncoderController reference = new EncoderController(initial, 12_000, 48_000);
    List<OpusSettings> expected = new ArrayList<>();
    for (int fraction : new int[] {0, 64, 64, 64, 0}) {
      peerReports(fraction, LOCAL_SSRC);
      expected.add(reference.onReceiverReport(fraction));
    }

    assertThat(applied).containsExactlyElementsOf(expected);
    assertThat(applied.get(0).bitrate()).as("clean: additive increase").isGreaterThan(32_000);
    assertThat(applied.get(3).inbandFec()).as("25% loss: FEC on").isTrue();
    assertThat(applied.get(3).bitrate()).as("cut under heavy loss").isLessThan(32_000);
    assertThat(control.settings()).isEqualTo(expected.get(4));
    assertThat(stage.stats().reportsReceived()).isEqualTo(5);
  }

  @Test
  void aReportOnAnotherStreamLeavesTheEncoderAlone() {
    peerReports(200, 0x9999);
    assertThat(applied).isEmpty();
    assertThat(control.settings()).isEqualTo(initial);
  }

  @Test
  void srtcpDropsAndGarbageAreCountedAndReportsGoToTheOutboundStage() {
    stage.onRejected(SrtpRejection.AUTH_FAILED);
    stage.onPacket(new byte[] {(byte) 0x80, (byte) 201, 0}, 0, 3);
    assertThat(stage.rejected()).isEqualTo(2);

    stage.sendReport();
    assertThat(sent).hasSize(1);
    var parsed = (RtcpParseResult.Parsed) RtcpCodec.parse(sent.get(0));
    assertThat(parsed.packets().get(0)).isInstanceOf(RtcpPacket.ReceiverReport.class);
    assertThat(parsed.packets().get(1))
        .isEqualTo(new RtcpPacket.SourceDescription(LOCAL_SSRC, "me"));
    assertThat(stage.stats().reportsSent()).isEqualTo(1);
  }
}
