package io.peervoice.media.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Mixes the audio of several local participants, one 20 ms frame each per tick. Every participant
 * hears a mix-minus (everyone except themselves, so no one hears their own echo); the all-mix is
 * what a recorder or an outside listener hears.
 *
 * <p>Samples are summed exactly in 32 bits and only then saturated to 16 bits: while the sum fits,
 * each mix-minus is exactly the sum of the others; beyond full scale it clips at -32768/32767
 * rather than wrapping round. Hard clipping is chosen over a soft limiter because it is stateless,
 * never changes a mix that fits, and keeps each output a pure function of one tick's input.
 *
 * <p>{@link #mix(Map)} is the pure core. An instance adds the participants' sources and sinks:
 * {@link #tick()} reads one frame from every source (an ended source counts as silence) and writes
 * each participant's mix-minus to their sink. Participants may be added and removed from any thread
 * between or during ticks; a tick works on the participants present when it starts.
 */
public final class AudioMixer {

  /**
   * One tick's mixes.
   *
   * @param all everyone's audio summed
   * @param minus per participant, everyone's audio but their own, in the order they were added
   */
  public record Mix(short[] all, Map<String, short[]> minus) {
    public Mix {
      Objects.requireNonNull(all, "all");
      minus = Collections.unmodifiableMap(new LinkedHashMap<>(minus));
    }

    /**
     * What {@code participant} hears.
     *
     * @throws IllegalArgumentException if they were not in this mix
     */
    public short[] minus(String participant) {
      short[] frame = minus.get(participant);
      if (frame == null) {
        throw new IllegalArgumentException("not in this mix: " + participant);
      }
      return frame;
    }
  }

  private record Participant(String id, AudioSource source, AudioSink sink) {}

  private final Map<String, Participant> participants = new LinkedHashMap<>();

  /**
   * Adds a participant whose {@code source} is mixed into everyone else's audio and whose {@code
   * sink} receives everyone else's.
   *
   * @throws IllegalArgumentException if {@code id} is already taken
   */
  public synchronized void add(String id, AudioSource source, AudioSink sink) {
    Objects.requireNonNull(id, "id");
    Participant p =
        new Participant(id, Objects.requireNonNull(source), Objects.requireNonNull(sink));
    if (participants.putIfAbsent(id, p) != null) {
      throw new IllegalArgumentException("participant already present: " + id);
    }
  }

  /** Removes a participant; returns whether they were present. */
  public synchronized boolean remove(String id) {
    return participants.remove(id) != null;
  }

  /** The participants, in the order they were added. */
  public synchronized List<String> participants() {
    return List.copyOf(participants.keySet());
  }

  /**
   * Reads a frame from every participant's source, writes each their mix-minus, and returns the
   * mixes. With nobody present the all-mix is one frame of silence.
   */
  public Mix tick() {
    List<Participant> now;
    synchronized (this) {
      now = new ArrayList<>(participants.values());
    }
    Map<String, short[]> frames = new LinkedHashMap<>();
    for (Participant p : now) {
      short[] frame = new short[PcmFormat.FRAME_SAMPLES];
      if (!p.source().read(frame)) {
        Arrays.fill(frame, (short) 0);
      }
      frames.put(p.id(), frame);
    }
    Mix mix = mix(frames);
    for (Participant p : now) {
      p.sink().write(mix.minus(p.id()));
    }
    return mix;
  }

  /**
   * Mixes one frame per participant. Pure: the input frames are not changed.
   *
   * @param frames each participant's frame, all of the same length; iteration order is kept
   * @throws IllegalArgumentException if the frames differ in length
   */
  public static Mix mix(Map<String, short[]> frames) {
    int length = PcmFormat.FRAME_SAMPLES;
    boolean first = true;
    for (Map.Entry<String, short[]> e : frames.entrySet()) {
      if (first) {
        length = e.getValue().length;
        first = false;
      } else if (e.getValue().length != length) {
        throw new IllegalArgumentException(
            e.getKey() + "'s frame has " + e.getValue().length + " samples, not " + length);
      }
    }
    int[] sum = new int[length];
    for (short[] frame : frames.values()) {
      for (int i = 0; i < length; i++) {
        sum[i] += frame[i];
      }
    }
    short[] all = new short[length];
    for (int i = 0; i < length; i++) {
      all[i] = saturate(sum[i]);
    }
    Map<String, short[]> minus = new LinkedHashMap<>();
    for (Map.Entry<String, short[]> e : frames.entrySet()) {
      short[] own = e.getValue();
      short[] out = new short[length];
      for (int i = 0; i < length; i++) {
        out[i] = saturate(sum[i] - own[i]);
      }
      minus.put(e.getKey(), out);
    }
    return new Mix(all, minus);
  }

  static short saturate(int v) {
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
  }
}
