package io.peervoice.demo;

import io.peervoice.media.audio.ConferenceMixer;
import io.peervoice.media.audio.MixerPort;
import io.peervoice.media.audio.PcmFormat;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * The conference mixer's own CPU, measured in this process on one thread: {@code legs} ports plus
 * the host, each leg's send and playout per 20 ms tick, over {@code seconds} of audio run as fast
 * as it goes (thread CPU time), so that the figure is the mixer's alone, apart from the codecs and
 * the machine's load.
 */
final class MixerCost {
  private MixerCost() {}

  /** Percent of a core the mixer takes per leg, in real time. */
  static double percentPerLeg(int legs, int seconds) {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    long[] clock = {0};
    ConferenceMixer mixer = new ConferenceMixer("host", () -> clock[0]);
    List<MixerPort> ports = new ArrayList<>();
    for (int i = 0; i < legs; i++) {
      ports.add(mixer.add("leg" + i));
    }
    short[] speech = new short[PcmFormat.FRAME_SAMPLES];
    for (int i = 0; i < speech.length; i++) {
      speech[i] = (short) (8000 * Math.sin(i / 7.0));
    }
    short[] out = new short[PcmFormat.FRAME_SAMPLES];
    short[] host = new short[PcmFormat.FRAME_SAMPLES];
    int ticks = seconds * 50;
    for (int warm = 0; warm < 2; warm++) { // once to warm the JIT, once measured
      long start = bean.getCurrentThreadCpuTime();
      for (int t = 0; t < ticks; t++) {
        clock[0] += 20_000_000L;
        for (MixerPort p : ports) {
          p.send(speech, out, host);
          p.received(speech);
        }
      }
      if (warm == 1) {
        double cpuNanos = bean.getCurrentThreadCpuTime() - start;
        return 100.0 * cpuNanos / (ticks * 20_000_000.0) / legs;
      }
    }
    throw new AssertionError();
  }
}
