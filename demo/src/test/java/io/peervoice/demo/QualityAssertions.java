package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.quality.EModel;

/**
 * Checks that a call report's {@code quality} block follows from the report's own delay and loss
 * fields through the E-model (ITU-T G.107, as {@code MediaSessionStats.quality()} documents it):
 * one-way delay = RTT/2 + jitter-buffer delay + one frame, loss = concealed frames out of all
 * played frames, and MOS from R by G.107 Annex B.
 */
final class QualityAssertions {
  private QualityAssertions() {}

  static void assertQualityFollowsFromTheReport(JsonNode r) {
    double rtt = r.at("/rtcp/round_trip_time_ms").asDouble();
    double jitterBuffer = r.at("/audio/jitter_buffer_delay_ms").asDouble();
    long concealed = r.at("/audio/concealed_frames").asLong();
    long received = r.at("/audio/received_frames").asLong();
    double oneWay = rtt / 2 + jitterBuffer + PcmFormat.FRAME_MILLIS;
    double expected = rFactor(oneWay, concealed, received);
    // Frames are counted whole (concealment and decoding make 960 samples at a time); RTT and the
    // buffer delay are rounded to 0.1 ms, R to 0.1; the report's RTT may be the other end's.
    double tolerance = 0.1 + EModel.delayImpairment(rtt / 2);
    double r0 = r.at("/quality/r_factor").asDouble();
    assertThat(r0)
        .as("R from one-way %.1f ms and %d/%d concealed: %s", oneWay, concealed, received, r)
        .isCloseTo(expected, within(tolerance));
    assertThat(r.at("/quality/mos").asDouble())
        .as("MOS from R %.1f (G.107 Annex B)", r0)
        .isCloseTo(EModel.mos(r0), within(0.011));
  }

  private static double rFactor(double oneWayMillis, long concealed, long received) {
    double loss = concealed + received == 0 ? 0 : 100.0 * concealed / (concealed + received);
    return EModel.DEFAULT_RO_MINUS_IS
        - EModel.delayImpairment(oneWayMillis)
        - EModel.effectiveEquipmentImpairment(EModel.Codec.OPUS, loss, 1);
  }
}
