package io.peervoice.media.processing;

import java.util.Locale;

/** How hard the noise suppressor works; {@link #OFF} leaves noise alone. */
public enum NoiseSuppression {
  OFF,
  LOW,
  MODERATE,
  HIGH;

  /** The name on the command line and in JSON: {@code off}, {@code low}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The level named {@code text} ({@code off|low|moderate|high}, any case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static NoiseSuppression parse(String text) {
    for (NoiseSuppression level : values()) {
      if (level.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return level;
      }
    }
    throw new IllegalArgumentException(
        "noise suppression must be off, low, moderate or high: " + text);
  }
}
