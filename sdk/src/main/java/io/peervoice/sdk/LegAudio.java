package io.peervoice.sdk;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.DeviceStats;
import io.peervoice.media.audio.MixerPort;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.codec.OpusSettings;
import io.peervoice.media.codec.PreEncodedSource;
import io.peervoice.session.MediaSession;
import io.peervoice.session.TickPhase;
import java.util.Arrays;
import java.util.Optional;

/**
 * One call's audio ends as its media session sees them, routable into a conference. Alone, the
 * source is the call's (processed) capture, silenced while held or muted, and the sink its
 * (processed) playout. In a {@link Conference} the send tick sends the leg's mix-minus instead, the
 * playout feeds the leg's frames to the mixer, and the leg whose tick clocks the host's audio hands
 * its capture to the mixer as the host's microphone and plays the host's mix on its sink. The
 * capture is read every tick either way, so a file or a microphone never falls behind; but only the
 * clock leg reads it through its processing chain (echo canceller, noise suppressor): the others
 * read the device raw and drop it, so one chain runs for the host, not one per leg. Limitation:
 * when the clock moves to another leg (the first leaves or stalls), that leg's chain starts cold
 * (its echo canceller converges anew on the host's mix) and, on the tick of the hand-over, the
 * host's microphone may pass one frame unprocessed. Runs on the call's media loop; {@link #join}
 * and {@link #leave} on any thread.
 *
 * <p>S9 conf: in a conference the call's media ticks in the conference's {@link TickPhase}: every
 * leg plays out at the same instants (its frame, and on the clock leg the host's microphone, enter
 * the mixer) and sends a few ms later, so each mix holds the frames of that instant.
 */
final class LegAudio {
  private final AudioSource raw;
  private final AudioSource captured;
  private final AudioSink played;
  private final short[] mic = new short[PcmFormat.FRAME_SAMPLES];
  private final short[] hostOut = new short[PcmFormat.FRAME_SAMPLES];
  private volatile boolean silent;
  private volatile MixerPort port;
  private volatile Conference conference;
  private volatile MediaSession media; // null before media starts

  private volatile OpusSettings encoderSettings;

  /** The send path's source; in a conference, its frames may come encoded once for many legs. */
  final AudioSource source = new Source();

  private final class Source implements AudioSource, PreEncodedSource {
    @Override
    public boolean read(short[] frame) {
      return send(frame);
    }

    @Override
    public Optional<DeviceStats> captureStats() {
      return captured.captureStats();
    }

    @Override
    public void encoderSettings(OpusSettings settings) {
      encoderSettings = settings;
      Conference c = conference;
      if (c != null) {
        c.encoderSettings(LegAudio.this, settings);
      }
    }

    @Override
    public int takeEncoded(byte[] out, int offset) {
      MixerPort p = port;
      return p == null ? -1 : p.takeEncoded(out, offset);
    }
  }

  final AudioSink sink =
      new AudioSink() {
        @Override
        public void write(short[] frame) {
          MixerPort p = port;
          if (p == null) {
            played.write(frame);
          } else {
            p.received(frame);
            // S9 conf: the host's microphone enters on the playout half too, with the legs' frames
            (p.clocks() ? captured : raw).read(mic); // one processing chain for the host
            p.hostMic(mic);
          }
        }

        @Override
        public Optional<DeviceStats> playbackStats() {
          return played.playbackStats();
        }
      };

  /** The audio of a call capturing from {@code device} and playing to {@code sink}. */
  static LegAudio through(CallProcessing processing, AudioSource device, AudioSink sink) {
    return new LegAudio(device, processing.capture(device), processing.playout(sink));
  }

  /** {@code captured} is {@code raw} through the call's processing chain. */
  LegAudio(AudioSource raw, AudioSource captured, AudioSink played) {
    this.raw = raw;
    this.captured = captured;
    this.played = played;
  }

  private boolean send(short[] frame) {
    MixerPort p = port;
    if (p == null) {
      boolean more = captured.read(frame);
      if (silent) {
        Arrays.fill(frame, (short) 0);
      }
      return more;
    }
    if (p.send(null, frame, hostOut)) { // the host's microphone entered at the playout
      played.write(hostOut);
    }
    return true; // the conference goes on when this leg's own source ends
  }

  /** Sends silence instead of our audio (held or muted), or stops; in a conference, isolates. */
  void silence(boolean on) {
    silent = on;
    Conference c = conference;
    if (c != null) {
      c.isolated(this, on);
    }
  }

  boolean silent() {
    return silent;
  }

  /** The call's media session, once its media starts (its ticks join a conference's phase). */
  void started(MediaSession media) {
    this.media = media;
  }

  /**
   * Routes this leg through {@code mixer}'s {@code p}, ticking in {@code phase} with the others.
   */
  void join(Conference c, MixerPort p, TickPhase phase) {
    conference = c;
    port = p;
    MediaSession m = media;
    if (m != null) {
      phase.join(m);
    }
    OpusSettings s = encoderSettings;
    if (s != null) {
      c.encoderSettings(this, s);
    }
  }

  /** Back to the call's own audio. */
  void leave() {
    port = null;
    conference = null;
    MediaSession m = media;
    if (m != null) {
      TickPhase.leave(m); // a plain call again: its own grid, send and playout in one tick
    }
  }

  /** The conference this leg is in, or null. */
  Conference conference() {
    return conference;
  }
}
