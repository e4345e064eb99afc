package io.peervoice.session.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.testkit.DecodeBudget;

/**
 * {@link SdpParser#parse}, the parser of a browser's offer or answer, on arbitrary bytes: it throws
 * nothing but {@link IllegalArgumentException}, stays within a {@link DecodeBudget}, keeps at most
 * {@link SdpParser#MAX_CANDIDATES} candidates, and what it accepts the writer writes as SDP that
 * parses back to the same description and maps to a session description or is refused with an
 * {@link IllegalArgumentException}. Seeds (Chromium- and Firefox-shaped SDP written from the RFCs):
 * {@code SdpParserFuzzTestInputs/parse/}.
 */
class SdpParserFuzzTest {
  private static final DecodeBudget BUDGET = DecodeBudget.standard().forText();

  @FuzzTest(maxDuration = "10m")
  void parse(byte[] data) {
    SdpParser.Parsed parsed =
        DecodeBudget.valueOrAllowed(
            BUDGET.run(data.length, () -> SdpParser.parse(data)), IllegalArgumentException.class);
    if (parsed == null) {
      return;
    }
    JsepDescription d = parsed.description();
    assertThat(d.ice().candidates()).hasSizeLessThanOrEqualTo(SdpParser.MAX_CANDIDATES);
    String written = SdpWriter.write(d);
    JsepDescription again = SdpParser.parse(written).description();
    assertThat(SdpWriter.write(again)).isEqualTo(written);
    try {
      JsepMapping.toSession(d);
    } catch (IllegalArgumentException refused) {
      // no SSRC or a static Opus payload type: refused with a reason
    }
  }
}
