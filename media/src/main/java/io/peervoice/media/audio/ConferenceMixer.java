package io.peervoice.media.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A conference bus that mixes on the calls' own media ticks: no thread and no clock of its own.
 * Each leg (one call) has a {@link MixerPort}. The leg's playout hands the port each frame it
 * decoded ({@link MixerPort#received}); the leg's send tick asks the port for what to send ({@link
 * MixerPort#send}): a mix-minus, everyone's newest frame but the leg's own, plus the host's
 * microphone. The first leg present is the clock of the host's audio: on its send tick the host's
 * microphone frame enters the bus and the host hears everyone ({@code hostOut}). So nobody ever
 * hears themselves, and the host hears all legs.
 *
 * <p>Legs tick on their own 20 ms grids (possibly on different loops), or in one phase ({@link
 * #legsInPhase()}: all play out, then all send). Each reader keeps a cursor per producer into that
 * producer's ring of the last {@value #RING} frames, and takes one frame of each producer per tick:
 * a frame waits at most until the reader's next tick (measured: {@link #stats()}). A producer with
 * nothing new gives silence for that tick (an underrun, counted); a reader that fell more than two
 * frames behind skips to the newest (counted). A late tick leaves a reader a frame behind a
 * producer (each later read finds one to spare); after a second of that (at once in phase) it drops
 * one frame (counted with the skipped) and is back to the smallest delay.
 *
 * <p>Samples are summed exactly in 32 bits and then saturated to 16, as {@link AudioMixer} does.
 * Per producer: a gain, mute (heard by nobody), isolation (a held leg: neither hears nor is heard),
 * and a level meter for "who is speaking". Bounded to {@value #MAX_PORTS} ports including the host.
 * Thread-safe: every operation holds one lock for a few microseconds.
 *
 * <p>With a {@link FrameEncoder} ({@link #ConferenceMixer(String, LongSupplier, FrameEncoder)}),
 * only those speaking are mixed (a frame above {@link #SPEAKING_DBOV} within the last 600 ms: the
 * meter's hold is the hangover), and every leg that is not itself in the mix (not speaking, or
 * muted) hears the same full mix: it is mixed and encoded once per frame ({@link SharedMix}) on the
 * tick of the first such leg that needs it, and each of those legs takes the same encoded bytes
 * ({@link MixerPort#takeEncoded}). A leg never takes a frame that holds its own audio; a speaking
 * leg gets its own mix-minus, encoded by its own encoder. The encoder runs under the lock.
 */
public final class ConferenceMixer {
  /** The most ports (legs plus the host). */
  public static final int MAX_PORTS = 17;

  /** Frames kept per producer. */
  static final int RING = 4;

  /** A reader further behind a producer than this many frames skips to the newest. */
  static final int MAX_BACKLOG = 2;

  /**
   * Reads over which a reader must have had a frame of a producer to spare at every read before it
   * drops one to come back to the smallest delay (50 reads: a second).
   */
  static final int TRIM_READS = 50;

  /**
   * S8 tel: the same for the shared mix (100 ms): a frame behind there is a frame behind for every
   * leg that hears it, and a late tick of whichever leg mixes it put it there (one talker: 21.8 ms
   * mean, p95 45 ms against 13.1 ms with everyone talking and mixing their own).
   */
  static final int SHARED_TRIM_READS = 5;

  /** S9 conf: {@link #TRIM_READS} for legs that tick in one phase ({@link #legsInPhase()}). */
  static final int ALIGNED_TRIM_READS = 1;

  /** A frame whose RMS level is above this (dBov) is speech. */
  public static final double SPEAKING_DBOV = SpeakingMeter.THRESHOLD_DBOV;

  private static final int F = PcmFormat.FRAME_SAMPLES;

  /** A leg clocks the host's audio while its last tick is at most this many frames old. */
  static final int CLOCK_FRAMES = 2;

  private static final long FRAME_NANOS = 20_000_000L;

  /** The reader slot of the shared full mix. */
  static final int SHARED = MAX_PORTS;

  /** Encodes the shared mix once per frame for all the legs that hear it. */
  public interface FrameEncoder extends AutoCloseable {
    /** Encodes one frame of {@code pcm} into {@code out} at {@code offset}; its length. */
    int encode(short[] pcm, byte[] out, int offset);

    @Override
    void close();
  }

  /**
   * A participant's figures.
   *
   * @param id the port's id
   * @param levelDbov the RMS level of its newest frame, dBov (-127 for silence)
   * @param speaking whether a frame above {@link #SPEAKING_DBOV} came in the last 600 ms
   * @param muted muted by the host: nobody hears it
   * @param isolated a held leg: it neither hears nor is heard
   * @param gain the gain applied to its audio
   */
  public record Level(
      String id,
      double levelDbov,
      boolean speaking,
      boolean muted,
      boolean isolated,
      double gain) {}

  /**
   * The mixer's figures.
   *
   * @param framesMixed producer frames mixed into some reader's audio
   * @param underruns times a producer had no new frame for a reader's tick
   * @param skipped frames a reader skipped because it had fallen behind, or dropped because it had
   *     had one to spare for a second (back to the smallest delay)
   * @param meanDelayMillis mean wait of a mixed frame between its arrival and its mixing
   * @param p95DelayMillis the 95th percentile of that wait (1 ms bins)
   * @param maxDelayMillis the longest wait
   * @param sharedEncoded frames of the full mix encoded once for the legs that hear it
   * @param sharedSent of those, encoded frames legs sent: without sharing, each was one encoding
   */
  public record Stats(
      long framesMixed,
      long underruns,
      long skipped,
      double meanDelayMillis,
      double p95DelayMillis,
      double maxDelayMillis,
      long sharedEncoded,
      long sharedSent) {}

  /**
   * Mixes for reader {@code reader} every producer but {@code self} (null: everyone), saturated
   * into {@code out}; the arrival times of the frames mixed go to {@code arrived} ({@link
   * #mixedCount} of them). Returns a bit per slot of the producers mixed.
   */
  int mix(int reader, MixerPort self, short[] out, long now, long[] arrived) {
    Arrays.fill(sum, 0);
    int mask = 0;
    mixedCount = 0;
    for (MixerPort p : ports) {
      if (p == self || p.isolated) {
        continue;
      }
      long c = cursors.take(reader, p.slot, p.ring.written());
      if (c < 0 || p.muted || (shared != null && !p.meter.speaking(now))) {
        continue;
      }
      arrived[mixedCount++] = p.ring.arrival(c);
      mask |= 1 << p.slot;
      short[] frame = p.ring.frame(c);
      int q8 = (int) Math.round(p.gain * 256);
      for (int k = 0; k < F; k++) {
        sum[k] += (frame[k] * q8) >> 8;
      }
    }
    for (int k = 0; k < F; k++) {
      out[k] = AudioMixer.saturate(sum[k]);
    }
    return mask;
  }

  /** Whether {@code p}'s audio is in the mix now: speaking, neither muted nor held. */
  static boolean contributes(MixerPort p, long now) {
    return !p.muted && !p.isolated && p.meter.speaking(now);
  }

  final LongSupplier clock;
  final List<MixerPort> ports = new ArrayList<>();
  final MixerCursors cursors = new MixerCursors(MAX_PORTS + 1, TRIM_READS, MAX_BACKLOG);
  private final boolean[] taken = new boolean[MAX_PORTS];
  private final int[] sum = new int[F];
  final MixerDelay delay = new MixerDelay();
  final long[] arrivals = new long[MAX_PORTS];
  final MixerPort host;
  SharedMix shared; // null: every leg its own mix-minus
  long mixed;
  int mixedCount;

  /**
   * A bus whose host is {@code hostId}.
   *
   * @param nanoClock the media clock's nanoseconds (injected: a fake clock in tests)
   */
  public ConferenceMixer(String hostId, LongSupplier nanoClock) {
    this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.host = attach(Objects.requireNonNull(hostId, "hostId"));
  }

  /**
   * A bus that mixes only those speaking and encodes the full mix once, with {@code encoder}, for
   * every leg that is not itself in it (see above); {@link #close()} closes {@code encoder}.
   */
  public ConferenceMixer(String hostId, LongSupplier nanoClock, FrameEncoder encoder) {
    this(hostId, nanoClock);
    this.shared = new SharedMix(encoder);
    cursors.trimReads(SHARED, SHARED_TRIM_READS);
  }

  /**
   * S9 conf: the legs tick in one phase (all play out, then all send), so a reader drops a spare
   * frame at once, not after a second: it came after the send it was due for (its loop ran late),
   * which had silence in its place; mixing it later would delay all that follows.
   */
  public synchronized void legsInPhase() {
    cursors.trimAll(ALIGNED_TRIM_READS);
  }

  /** Stops sharing and closes the shared encoder; every leg mixes its own from now on. */
  public synchronized void close() {
    if (shared != null) {
      shared.close();
    }
  }

  /**
   * Adds a leg; it hears and is heard from its next tick on.
   *
   * @throws IllegalArgumentException if {@code id} is present already
   * @throws IllegalStateException if the bus is full ({@value #MAX_PORTS} ports)
   */
  public synchronized MixerPort add(String id) {
    Objects.requireNonNull(id, "id");
    if (find(id) != null) {
      throw new IllegalArgumentException("already in the conference: " + id);
    }
    return attach(id);
  }

  private MixerPort attach(String id) {
    int slot = 0;
    while (slot < MAX_PORTS && taken[slot]) {
      slot++;
    }
    if (slot == MAX_PORTS) {
      throw new IllegalStateException("a conference holds at most " + MAX_PORTS + " ports");
    }
    taken[slot] = true;
    MixerPort port = new MixerPort(this, id, slot);
    for (MixerPort p : ports) { // only what is said from now on
      cursors.start(slot, p.slot, p.ring.written());
      cursors.start(p.slot, slot, 0);
    }
    cursors.start(SHARED, slot, 0);
    ports.add(port);
    return port;
  }

  /** Removes a leg (the host stays); returns whether it was present. */
  public synchronized boolean remove(String id) {
    MixerPort p = find(id);
    if (p == null || p == host) {
      return false;
    }
    p.present = false;
    ports.remove(p);
    taken[p.slot] = false;
    return true;
  }

  /** The legs present, in the order they were added (the host not included). */
  public synchronized List<String> legs() {
    List<String> out = new ArrayList<>();
    for (MixerPort p : ports) {
      if (p != host) {
        out.add(p.id);
      }
    }
    return out;
  }

  /** Mutes or unmutes a participant (the host's id mutes the host's microphone). */
  public synchronized void mute(String id, boolean on) {
    require(id).muted = on;
  }

  /** Isolates a leg (on hold: it neither hears nor is heard) or takes it back. */
  public synchronized void isolate(String id, boolean on) {
    require(id).isolated = on;
  }

  /**
   * Sets the gain of a participant's audio in everyone else's mix.
   *
   * @throws IllegalArgumentException unless 0 &le; gain &le; 4
   */
  public synchronized void gain(String id, double gain) {
    if (!(gain >= 0 && gain <= 4)) {
      throw new IllegalArgumentException("gain must be within 0..4, not " + gain);
    }
    require(id).gain = gain;
  }

  /** Everyone's figures, the host first. */
  public synchronized List<Level> levels() {
    long now = clock.getAsLong();
    List<Level> out = new ArrayList<>();
    for (MixerPort p : ports) {
      out.add(
          new Level(p.id, p.meter.levelDbov(), p.meter.speaking(now), p.muted, p.isolated, p.gain));
    }
    return out;
  }

  public synchronized Stats stats() {
    return new Stats(
        mixed,
        cursors.underruns(),
        cursors.skipped(),
        delay.meanMillis(),
        delay.percentileMillis(95),
        delay.maxMillis(),
        shared == null ? 0 : shared.encoded(),
        shared == null ? 0 : shared.taken());
  }

  /**
   * The leg whose send tick carries the host's audio at {@code now}: the first leg present that
   * ticked within {@value #CLOCK_FRAMES} frames, one not isolated first; null if none did.
   */
  MixerPort clockPort(long now) {
    MixerPort recentIsolated = null;
    for (MixerPort p : ports) {
      if (p != host && now - p.lastTick <= CLOCK_FRAMES * FRAME_NANOS) {
        if (!p.isolated) {
          return p;
        }
        if (recentIsolated == null) {
          recentIsolated = p;
        }
      }
    }
    return recentIsolated;
  }

  private MixerPort find(String id) {
    for (MixerPort p : ports) {
      if (p.id.equals(id)) {
        return p;
      }
    }
    return null;
  }

  private MixerPort require(String id) {
    MixerPort p = find(id);
    if (p == null) {
      throw new IllegalArgumentException("not in the conference: " + id);
    }
    return p;
  }
}
