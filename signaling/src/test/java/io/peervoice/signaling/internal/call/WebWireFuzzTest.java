package io.peervoice.signaling.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.internal.wire.WireException;
import io.peervoice.testkit.DecodeBudget;

/**
 * S6 wrtcj: the WEB_OFFER / WEB_ANSWER decoders ({@link WebWire}) on arbitrary opened payloads (a
 * browser or any peer chooses every byte): nothing but {@link WireException} escapes, the decode
 * stays within a {@link DecodeBudget}, an accepted SDP is 1..12,288 characters of well-formed text,
 * and re-encoding is a fixpoint ({@link CallWireFuzzing}). Seeds ({@code
 * WebWireFuzzTestInputs/decode/}): browser-shaped definite-length offers and answers, Java's
 * indefinite-length ones, and broken variants.
 */
class WebWireFuzzTest {
  @FuzzTest(maxDuration = "10m")
  void decode(byte[] data) throws WireException {
    CallWire.Tagged tagged = CallWireFuzzing.decode(data);
    if (tagged == null) {
      return;
    }
    String sdp = null;
    if (tagged.message() instanceof CallMessage.WebOffer o) {
      assertThat(o.callee()).hasSize(20);
      sdp = o.sdp();
    } else if (tagged.message() instanceof CallMessage.WebAnswer a) {
      sdp = a.sdp();
    }
    if (sdp != null) {
      assertThat(sdp.length()).isBetween(1, CallMessage.WebOffer.MAX_SDP);
    }
    CallWireFuzzing.roundTrip(tagged);
  }
}
