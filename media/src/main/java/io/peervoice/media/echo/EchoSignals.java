package io.peervoice.media.echo;

/**
 * One simulated microphone signal and the parts it was mixed from, all the same length (whole 10 ms
 * blocks at 48 kHz). The arrays are not copied: nobody changes them after {@link EchoScene#mix()}.
 *
 * @param far what is played out: the processor's echo reference
 * @param echo the far end as the microphone hears it (room, delay, gain)
 * @param near the near-end talker as the microphone hears it (zeros when there is none)
 * @param noise the microphone's noise (zeros when there is none)
 * @param mic the sum of echo, near and noise, rounded and clipped to 16 bits
 * @param hasNear whether there is a near-end talker
 * @param clippedSamples how many microphone samples were clipped
 */
public record EchoSignals(
    short[] far,
    double[] echo,
    double[] near,
    double[] noise,
    short[] mic,
    boolean hasNear,
    int clippedSamples) {

  /** Samples in total. */
  public int length() {
    return mic.length;
  }

  /** Length in seconds. */
  public double seconds() {
    return mic.length / (double) io.peervoice.media.audio.PcmFormat.SAMPLE_RATE;
  }
}
