package io.peervoice.media.processing;

/** Which implementation runs the audio processing stage. */
public enum ProcessingEngine {
  /**
   * PeerVoice's own stage in Java: a long-tail (512 ms) partitioned-block frequency-domain echo
   * canceller on the band below 8 kHz, a double-talk-aware residual echo and noise suppressor, a
   * digital gain control and a high-pass filter (docs/audio-processing.md).
   */
  PEERVOICE_AEC("peervoice-aec"),
  /**
   * WebRTC's audio processing module (AEC3 echo canceller, noise suppressor, AGC2, high-pass
   * filter) through webrtc-java's bundled natives.
   */
  WEBRTC_AEC3("webrtc-aec3"),
  /** speexdsp's echo canceller and preprocessor (Debian {@code libspeexdsp1}) through JNA. */
  SPEEXDSP("speexdsp"),
  /** No processing: frames pass unchanged (processing off, or no engine could load). */
  NONE("none");

  private final String label;

  ProcessingEngine(String label) {
    this.label = label;
  }

  /**
   * The name in reports and JSON: {@code peervoice-aec}, {@code webrtc-aec3}, {@code speexdsp} or
   * {@code none}.
   */
  public String label() {
    return label;
  }

  /**
   * An engine a phone can run on, by its label or short name: {@code peervoice} / {@code
   * peervoice-aec}, {@code webrtc} / {@code webrtc-aec3}, {@code speex} / {@code speexdsp} (any
   * case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static ProcessingEngine parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
    return switch (t) {
      case "peervoice", "peervoice-aec" -> PEERVOICE_AEC;
      case "webrtc", "webrtc-aec3" -> WEBRTC_AEC3;
      case "speex", "speexdsp" -> SPEEXDSP;
      default ->
          throw new IllegalArgumentException(
              "not an engine: '" + text + "'; use peervoice, webrtc or speex");
    };
  }
}
