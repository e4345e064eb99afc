package io.peervoice.media.processing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peervoice.media.processing.EngineAvailability;
import org.junit.jupiter.api.Test;

/**
 * AEC3's field trials: the string is checked before WebRTC sees it (an invalid one would abort the
 * process), the entry points are called only on the build whose code is known, and the loader sets
 * our tuning once, before any echo canceller exists.
 */
class WebRtcFieldTrialsTest {

  @Test
  void onlyStringsWebRtcAcceptsAreHandedOver() {
    assertThat(WebRtcFieldTrials.valid(WebRtcLoader.AEC3_FIELD_TRIALS)).isTrue();
    assertThat(WebRtcFieldTrials.valid("A/Enabled/B/x:1,y:2/")).isTrue();
    assertThat(WebRtcFieldTrials.valid("")).isFalse();
    assertThat(WebRtcFieldTrials.valid("A/Enabled")).isFalse();
    assertThat(WebRtcFieldTrials.valid("A/Enabled/B/")).isFalse();
    assertThat(WebRtcFieldTrials.valid("A//")).isFalse();
    assertThat(WebRtcFieldTrials.valid("/x/")).isFalse();
    assertThat(WebRtcFieldTrials.valid("A/x/A/y/")).isFalse();
    assertThat(WebRtcFieldTrials.valid("A/x y/")).isFalse();
    assertThat(WebRtcFieldTrials.valid("A/é/")).isFalse();
  }

  @Test
  void anInvalidStringIsRefusedWithoutTouchingWebRtc() {
    WebRtcFieldTrials.Outcome outcome = WebRtcFieldTrials.apply("A/x/A/y/");
    assertThat(outcome.applied()).isFalse();
    assertThat(outcome.detail()).startsWith("invalid field trial string");
  }

  @Test
  void codeOfAnotherBuildDoesNotMatch() {
    byte[] get = java.util.HexFormat.of().parseHex("554889e5488b05450ea6005dc3");
    byte[] otherGet = get.clone();
    otherGet[7] ^= 1; // another build: another distance to the global
    assertThat(WebRtcFieldTrials.matches(new byte[68], get)).isFalse();
    assertThat(WebRtcFieldTrials.matches(new byte[68], otherGet)).isFalse();
  }

  @Test
  void theEntryPointsMustLieInTheLibrarysOwnCode() {
    String lib = "/tmp/libwebrtc-java-linux-x86_641234.so";
    java.util.List<String> thisBuild =
        java.util.List.of(
            "7f0000000000-7f00004aa000 r--p 00000000 00:2a 42 " + lib,
            "7f00004ab000-7f00015e0000 r-xp 004aa000 00:2a 42 " + lib,
            "7f00015e0000-7f000164a000 rw-p 015de000 00:2a 42 " + lib);
    assertThat(WebRtcFieldTrials.codeBase(thisBuild)).isEqualTo(0x7f0000000000L);
    // a smaller build: the addresses fall outside its code, nothing may be read there
    java.util.List<String> smaller =
        java.util.List.of(
            "7f0000000000-7f00004aa000 r--p 00000000 00:2a 42 " + lib,
            "7f00004ab000-7f0000b00000 r-xp 004aa000 00:2a 42 " + lib);
    assertThat(WebRtcFieldTrials.codeBase(smaller)).isZero();
    // the address range of another file's code does not count
    java.util.List<String> otherFile =
        java.util.List.of(
            "7f0000000000-7f00004aa000 r--p 00000000 00:2a 42 " + lib,
            "7f00004ab000-7f00015e0000 r-xp 00000000 00:2a 43 /usr/lib/other.so");
    assertThat(WebRtcFieldTrials.codeBase(otherFile)).isZero();
    assertThat(WebRtcFieldTrials.codeBase(java.util.List.of())).isZero();
  }

  @Test
  void theLoaderSetsTheTuningOnceBeforeAnyEchoCanceller() {
    EngineAvailability webrtc = new WebRtcLoader().probe();
    assumeTrue(webrtc.available(), "webrtc-aec3 does not load here: " + webrtc.detail());
    assumeTrue(System.getProperty(WebRtcLoader.FIELD_TRIALS_PROPERTY) == null);
    assertThat(webrtc.detail()).isEqualTo(WebRtcLoader.VERSION + ", AEC3 tuned");
    assertThat(WebRtcFieldTrials.current()).isEqualTo(WebRtcLoader.AEC3_FIELD_TRIALS);
    // set once per process: a second attempt changes nothing
    WebRtcFieldTrials.Outcome again = WebRtcFieldTrials.apply("WebRTC-Aec3Other/Enabled/");
    assertThat(again.applied()).isFalse();
    assertThat(again.detail()).contains("already set");
    assertThat(WebRtcFieldTrials.current()).isEqualTo(WebRtcLoader.AEC3_FIELD_TRIALS);
  }
}
