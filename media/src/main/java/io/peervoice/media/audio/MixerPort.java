package io.peervoice.media.audio;

import java.util.Arrays;

/**
 * One participant of a {@link ConferenceMixer}: a leg, or the host. A leg's send tick asks it for
 * what to send ({@link #send}), and its playout hands it what the participant said ({@link
 * #received}). Thread-safe: every operation holds the mixer's lock.
 */
public final class MixerPort {
  private final ConferenceMixer mixer;
  final String id;
  final int slot;
  final FrameRing ring = new FrameRing(ConferenceMixer.RING, PcmFormat.FRAME_SAMPLES);
  double gain = 1.0;
  boolean muted;
  boolean isolated;
  final SpeakingMeter meter = new SpeakingMeter();
  boolean present = true;
  long lastTick = Long.MIN_VALUE / 2;
  private boolean onShared;
  private long ready = -1;

  MixerPort(ConferenceMixer mixer, String id, int slot) {
    this.mixer = mixer;
    this.id = id;
    this.slot = slot;
  }

  public String id() {
    return id;
  }

  /**
   * The leg's send tick: writes into {@code out} what the leg hears. If this leg is the host's
   * clock ({@link #clocks()}), {@code captured} (the host's microphone; null: it entered with
   * {@link #hostMic}) enters the bus first and {@code hostOut} receives what the host hears, and
   * true is returned.
   */
  public boolean send(short[] captured, short[] out, short[] hostOut) {
    double level = captured == null ? 0 : SpeakingMeter.dbov(captured); // outside the lock
    synchronized (mixer) {
      long now = mixer.clock.getAsLong();
      lastTick = now;
      boolean clocks = present && mixer.clockPort(now) == this;
      if (clocks) {
        if (captured != null) {
          mixer.host.produce(captured, now, level);
        }
        mixer.host.mixFor(hostOut, now);
      }
      ready = -1;
      if (present && !isolated) {
        if (!takeShared(out, now)) {
          mixFor(out, now);
        }
      } else {
        Arrays.fill(out, (short) 0);
      }
      return clocks;
    }
  }

  /**
   * The frame this leg's last {@link #send} wrote, encoded once for every leg that hears the same
   * mix: copies it into {@code out} at {@code offset} and returns its length; -1 if that frame is
   * this leg's own mix (it encodes it itself). Once per send.
   */
  public int takeEncoded(byte[] out, int offset) {
    synchronized (mixer) {
      long n = ready;
      ready = -1;
      return n >= 0 && mixer.shared.kept(n) ? mixer.shared.copy(n, out, offset) : -1;
    }
  }

  /** Takes the next shared frame into {@code out} if this leg hears the full mix. */
  private boolean takeShared(short[] out, long now) {
    if (mixer.shared == null || mixer.shared.closed() || mixer.contributes(this, now)) {
      leaveShared();
      return false;
    }
    if (!onShared) {
      onShared = true;
      long entry = mixer.shared.entry(now);
      if (entry == mixer.shared.written()) { // nobody took it lately: it goes on from here
        for (MixerPort p : mixer.ports) {
          if (p == this) { // it never reads itself: the shared mix takes its newest on
            mixer.cursors.start(ConferenceMixer.SHARED, slot, ring.written());
          } else {
            mixer.cursors.follow(ConferenceMixer.SHARED, slot, p.slot);
          }
        }
      }
      mixer.cursors.start(slot, ConferenceMixer.SHARED, entry);
    }
    if (mixer.cursors.pending(slot, ConferenceMixer.SHARED, mixer.shared.written()) <= 0) {
      int mask =
          mixer.mix(
              ConferenceMixer.SHARED, null, mixer.shared.next(), now, mixer.shared.nextArrivals());
      mixer.shared.commit(mask, mixer.mixedCount, now);
    }
    long n = mixer.cursors.take(slot, ConferenceMixer.SHARED, mixer.shared.written());
    if (n < 0 || mixer.shared.holds(n, slot)) {
      leaveShared();
      return false;
    }
    mixer.mixed += mixer.shared.deliver(n, out, now, mixer.delay);
    ready = n;
    return true;
  }

  /** Back to its own mix, from where the shared mix is in each producer's frames. */
  private void leaveShared() {
    if (onShared) {
      onShared = false;
      for (MixerPort p : mixer.ports) {
        mixer.cursors.follow(slot, ConferenceMixer.SHARED, p.slot);
      }
    }
  }

  /**
   * Whether this leg's next send tick would carry the host's audio: it is the first leg present
   * that ticked within the last {@value ConferenceMixer#CLOCK_FRAMES} frames, preferring one not
   * isolated (a stalled or held leg hands the host's microphone on). A hint for reading the
   * capture: the tick itself decides.
   */
  public boolean clocks() {
    synchronized (mixer) {
      MixerPort c = mixer.clockPort(mixer.clock.getAsLong());
      return present && (c == this || c == null);
    }
  }

  /**
   * S9 conf: the host's microphone frame {@code captured} enters the bus now if this leg clocks the
   * host's audio, for legs whose {@link #send} is given none (null): then it enters on the playout
   * half of the leg's tick, at the same instant as the legs' own frames, and every leg's next send
   * mixes it, whatever order the sends run in.
   */
  public void hostMic(short[] captured) {
    double level = SpeakingMeter.dbov(captured); // outside the lock
    synchronized (mixer) {
      long now = mixer.clock.getAsLong();
      if (present && mixer.clockPort(now) == this) {
        mixer.host.produce(captured, now, level);
      }
    }
  }

  /** The leg's playout produced {@code frame}: what this participant said. */
  public void received(short[] frame) {
    double level = SpeakingMeter.dbov(frame); // outside the lock
    synchronized (mixer) {
      if (present) {
        produce(frame, mixer.clock.getAsLong(), level);
      }
    }
  }

  private void produce(short[] frame, long now, double level) {
    ring.write(frame, now);
    meter.update(level, now);
  }

  private void mixFor(short[] out, long now) {
    mixer.mix(slot, this, out, now, mixer.arrivals);
    for (int i = 0; i < mixer.mixedCount; i++) {
      mixer.delay.add(now - mixer.arrivals[i]);
    }
    mixer.mixed += mixer.mixedCount;
  }
}
