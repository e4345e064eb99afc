package io.peervoice.media.jitter;

import io.peervoice.media.jitter.internal.DelayEstimator;
import io.peervoice.media.jitter.internal.SortedSlots;
import io.peervoice.media.jitter.internal.Unwrapper;
import java.util.TreeSet;

/**
 * An adaptive jitter buffer in the manner of libwebrtc's NetEQ: pure logic, packets in, one
 * decision per frame out, no clock or thread of its own (the caller passes times in).
 *
 * <p>The controlled quantity is how long after the fastest recent path the frame due is taken:
 * {@code decisionTime − (mediaTime + fastestDelay)}, where the fastest delay is the smallest
 * arrival − media time over a recent window ({@link DelayEstimator}). The target is a quantile of
 * packets' delays above that same fastest path, so it rises as soon as late packets are seen and
 * falls as old samples fade. Decisions fall on the 20 ms playout grid, so the delay moves in frame
 * steps: a frame or more above the target the engine is asked to accelerate, below it to
 * decelerate. Playout time is stretched; whole frames are never dropped or inserted for rate
 * control.
 *
 * <p>A missing packet is waited for (concealing, without skipping it) while the playout delay is
 * still under the target, since it may only be reordered or delayed; past that it is declared lost
 * when later packets have arrived, and recovered from the next packet's in-band FEC when that one
 * is here. An empty buffer conceals without skipping, so after a stall the delay grows by exactly
 * what the network took and is then worked off by accelerating. Duplicates, 16-bit sequence and
 * 32-bit timestamp wrap (RFC 3550 §A.1), SSRC changes (restart), timestamp jumps (resync), DTX gaps
 * (comfort noise, shortened when the delay is high; not loss) and a capacity cap are handled.
 *
 * <p>Packets of the stream that carry no audio (RFC 4733 telephone events, which take sequence
 * numbers of the same space, RFC 4733 §2.1) are announced with {@link #skip}: their sequence
 * numbers are passed over when playout reaches them, never waited for, concealed or counted as
 * lost, and the audio pause that goes with them plays as comfort noise like a DTX gap. Not
 * thread-safe.
 *
 * <p>The buffer owns every packet it is given ({@link JitterPacket#release releases} those it drops
 * at once, those it holds when the stream restarts) and hands each packet it plays to the caller
 * with the {@link PlayoutDecision.Decode} decision. Steady-state insertion and playout allocate
 * nothing: packets are held in sorted arrays and the decisions are reused.
 */
public final class AdaptiveJitterBuffer {
  private static final double MAX_TIMESTAMP_JUMP_MILLIS = 10_000;
  private static final double LOSS_SMOOTHING = 0.01;
  private static final double FEC_LOSS_THRESHOLD = 0.025;
  private static final double MIN_TRIM_MILLIS = 2.5;

  /**
   * Opus silence and DTX refresh frames are about 20 bytes, speech several times more: when the
   * buffer runs dry right after such a frame the sender has most likely stopped sending for DTX.
   */
  private static final int SILENCE_MAX_PAYLOAD = 25;

  private final JitterBufferConfig config;
  private final double frameMillis;
  private final DelayEstimator delays;
  private final SortedSlots<JitterPacket> packets;
  private final PlayoutDecision.Decode decode =
      new PlayoutDecision.Decode(
          new JitterPacket(0, 0, 0, new byte[0], 0), 0, PlayoutDecision.Stretch.NONE);
  private final TreeSet<Long> nonAudio = new TreeSet<>();
  private final Unwrapper sequences = new Unwrapper(16);
  private final Unwrapper timestamps = new Unwrapper(32);
  private Integer ssrc;
  private boolean playing;
  private long nextSequence;
  private long playTimestamp;
  private int emptyTicks;
  private double currentDelay;
  private double lossRate;
  private boolean inSilence;

  private long accepted;
  private long duplicates;
  private long late;
  private long overflowDrops;
  private long lost;
  private long fec;
  private long underruns;
  private long comfortNoise;
  private long ssrcChanges;
  private long nonAudioPackets;

  private static final PlayoutDecision IDLE = new PlayoutDecision.Idle();
  private static final PlayoutDecision COMFORT_NOISE = new PlayoutDecision.ComfortNoise();
  private static final PlayoutDecision WAIT = new PlayoutDecision.Conceal(false);
  private static final PlayoutDecision LOST = new PlayoutDecision.Conceal(true);

  public AdaptiveJitterBuffer(JitterBufferConfig config) {
    this.config = config;
    this.frameMillis = config.frameMillis();
    this.packets = new SortedSlots<>(config.capacityPackets() + 1);
    this.delays =
        new DelayEstimator(
            config.quantile(), config.forgetFactor(), config.minDelayWindowMillis(), frameMillis);
  }

  /** Offers a received packet; the buffer owns it from now on (see the class comment). */
  public InsertOutcome insert(JitterPacket packet) {
    follow(packet.ssrc());
    long sequence = sequences.unwrap(packet.sequenceNumber());
    long timestamp = timestamps.unwrap(packet.timestamp());
    if (playing && sequence < nextSequence) {
      late++;
      packet.release();
      return InsertOutcome.LATE;
    }
    if (packets.contains(sequence)) {
      duplicates++;
      packet.release();
      return InsertOutcome.DUPLICATE;
    }
    packets.put(sequence, timestamp, packet);
    delays.onPacket(mediaMillis(timestamp), packet.arrivalMillis());
    accepted++;
    if (packets.size() > config.capacityPackets()) {
      long oldest = packets.firstKey();
      long oldestTimestamp = packets.tagAt(0);
      packets.removeAt(0).release();
      overflowDrops++;
      if (playing && oldest >= nextSequence) {
        nextSequence = oldest + 1;
        playTimestamp = oldestTimestamp + config.frameSamples();
      }
      return InsertOutcome.OVERFLOW;
    }
    return InsertOutcome.ACCEPTED;
  }

  /**
   * Announces a received packet of the stream that carries no audio (a telephone event): its
   * sequence number is passed over without waiting, concealment or loss, and the audio pause that
   * follows plays as comfort noise.
   */
  public void skip(int packetSsrc, int sequenceNumber) {
    follow(packetSsrc);
    long sequence = sequences.unwrap(sequenceNumber);
    if ((playing && sequence < nextSequence) || nonAudio.size() >= config.capacityPackets()) {
      return;
    }
    if (nonAudio.add(sequence)) {
      nonAudioPackets++;
    }
  }

  private void follow(int packetSsrc) {
    if (ssrc == null || ssrc != packetSsrc) {
      if (ssrc != null) {
        restart();
        ssrcChanges++;
      }
      ssrc = packetSsrc;
    }
  }

  /**
   * Decides the next frame to produce.
   *
   * @param nowMillis the time of the decision: a packet not here by now is not here for this frame
   * @param queuedMillis decoded audio the engine holds that will play before this frame
   */
  public PlayoutDecision next(double nowMillis, double queuedMillis) {
    if (!playing) {
      if (packets.isEmpty()) {
        return IDLE;
      }
      playing = true;
      emptyTicks = 0;
      nextSequence = packets.firstKey();
      playTimestamp = packets.tagAt(0);
    }
    passNonAudio();
    currentDelay = delayAbove(playTimestamp, nowMillis);
    if (packets.isEmpty()) {
      if (++emptyTicks > config.maxUnderrunFrames()) {
        playing = false;
        return IDLE;
      }
      if (inSilence) {
        playTimestamp += config.frameSamples();
        comfortNoise++;
        return COMFORT_NOISE;
      }
      underruns++;
      return WAIT;
    }
    emptyTicks = 0;
    if (packets.firstKey() - nextSequence > config.capacityPackets()) {
      nextSequence = packets.firstKey();
      playTimestamp = packets.tagAt(0);
    }
    int due = packets.indexOf(nextSequence);
    if (due < 0) {
      if (currentDelay < target()) {
        underruns++;
        return WAIT;
      }
      return missing();
    }
    long dueTimestamp = packets.tagAt(due);
    double gapMillis = mediaMillis(dueTimestamp - playTimestamp);
    if (gapMillis >= MAX_TIMESTAMP_JUMP_MILLIS || gapMillis <= -frameMillis) {
      playTimestamp = dueTimestamp;
    } else if (gapMillis >= frameMillis / 2) {
      if (delayAbove(dueTimestamp, nowMillis) >= target()) {
        playTimestamp = dueTimestamp;
      } else {
        playTimestamp += config.frameSamples();
        comfortNoise++;
        return COMFORT_NOISE;
      }
    }
    JitterPacket packet = packets.removeAt(due);
    inSilence = packet.payloadLength() <= SILENCE_MAX_PAYLOAD;
    lossRate -= LOSS_SMOOTHING * lossRate;
    long sequence = nextSequence++;
    currentDelay = delayAbove(dueTimestamp, nowMillis);
    playTimestamp = dueTimestamp + config.frameSamples();
    return decode.set(packet, sequence, stretch(queuedMillis));
  }

  /** Passes over the non-audio packets playout has reached: the sender paused audio for them. */
  private void passNonAudio() {
    while (!nonAudio.isEmpty() && nonAudio.first() < nextSequence) {
      nonAudio.pollFirst();
    }
    while (!nonAudio.isEmpty() && nonAudio.first() == nextSequence) {
      nonAudio.pollFirst();
      nextSequence++;
      inSilence = true;
    }
  }

  private PlayoutDecision missing() {
    lossRate += LOSS_SMOOTHING * (1 - lossRate);
    long missingSequence = nextSequence++;
    playTimestamp += config.frameSamples();
    int following = packets.indexOf(nextSequence);
    if (following >= 0) {
      fec++;
      return new PlayoutDecision.DecodeFec(packets.valueAt(following), missingSequence);
    }
    lost++;
    return LOST;
  }

  /**
   * Below the target (plus a small guard, so that a slow drift is met by stretching before packets
   * start to miss their turn): decelerate. A frame or more above that: accelerate. In between,
   * decoded audio still queued ahead of this frame only adds delay without making any packet more
   * timely, so it is trimmed too, by at most what is queued (so it never reaches into the next
   * frame's decision).
   */
  private PlayoutDecision.Stretch stretch(double queuedMillis) {
    double floor = target() + config.guardMillis();
    if (currentDelay < floor) {
      return PlayoutDecision.Stretch.DECELERATE;
    }
    if (currentDelay >= floor + frameMillis) {
      return PlayoutDecision.Stretch.ACCELERATE;
    }
    return queuedMillis >= MIN_TRIM_MILLIS
        ? PlayoutDecision.Stretch.TRIM_QUEUE
        : PlayoutDecision.Stretch.NONE;
  }

  /**
   * The playout delay above the fastest path that the buffer aims for, in milliseconds: the delay
   * quantile, plus one frame while packets are being lost (more than 2.5% recently), so that the
   * packet after a lost one is usually here in time to recover the loss from its in-band FEC.
   */
  public double target() {
    double quantile = delays.samples() < 2 ? config.initialTargetMillis() : delays.quantileMillis();
    double fecMargin = lossRate > FEC_LOSS_THRESHOLD ? frameMillis : 0;
    return Math.min(config.maxTargetMillis(), quantile + fecMargin);
  }

  private double delayAbove(long timestamp, double nowMillis) {
    double fastest = delays.fastestDelayMillis();
    return Double.isNaN(fastest) ? 0 : nowMillis - (mediaMillis(timestamp) + fastest);
  }

  private double mediaMillis(long timestamp) {
    return timestamp * 1000.0 / config.clockRate();
  }

  private void restart() {
    while (!packets.isEmpty()) {
      packets.removeAt(packets.size() - 1).release();
    }
    nonAudio.clear();
    sequences.reset();
    timestamps.reset();
    delays.restartStream();
    playing = false;
  }

  public AdaptiveJitterBufferStats stats() {
    return new AdaptiveJitterBufferStats(
        accepted,
        duplicates,
        late,
        overflowDrops,
        lost,
        fec,
        underruns,
        comfortNoise,
        ssrcChanges,
        nonAudioPackets,
        target(),
        currentDelay,
        packets.size());
  }
}
