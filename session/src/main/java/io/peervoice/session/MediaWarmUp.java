package io.peervoice.session;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.ToneSource;
import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.media.stream.PacketSink;
import io.peervoice.nat.IceParameters;
import io.peervoice.session.internal.CallMedia;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the media of a call between two ends back to back in memory, with no socket, timer or
 * thread: each end's SRTP goes straight into the other's receive path. Building both ends (SRTP
 * contexts and key derivations, encoder, decoder, jitter buffer, processing stages) and driving
 * their ticks by hand runs every stage of a call's media start, send path, receive path and
 * playout, and an RTCP report each way, so that a phone's first call runs them warm: from ICE's
 * selected pair to the first frame played, cold code costs a fresh process tens of milliseconds.
 */
public final class MediaWarmUp {
  private static final IceParameters NO_ICE =
      new IceParameters("warm", "warm-up-password-000000", List.of());
  private static final AudioSink NOWHERE = frame -> {};

  private MediaWarmUp() {}

  /**
   * Builds two ends of {@code config}'s media keyed with {@code profile} and runs {@code frames} 20
   * ms frames each way, then closes them.
   *
   * @return the frames the second end decoded (0 if the stages did not carry audio)
   */
  public static long run(MediaSessionConfig config, SrtpProfile profile, int frames) {
    SrtpKeyMaterial a = SrtpKeyMaterial.random(profile, config.random());
    SrtpKeyMaterial b = SrtpKeyMaterial.random(profile, config.random());
    SessionDescription first = new SessionDescription(NO_ICE, 0x1111, 111, 101);
    SessionDescription second = new SessionDescription(NO_ICE, 0x2222, 111, 101);
    AtomicReference<CallMedia> toSecond = new AtomicReference<>();
    AtomicReference<CallMedia> toFirst = new AtomicReference<>();
    CallMedia one = end(config, first, new SrtpKeys(a, b), second, toSecond);
    try {
      CallMedia two = end(config, second, new SrtpKeys(b, a), first, toFirst);
      try {
        toSecond.set(two);
        toFirst.set(one);
        for (int i = 0; i < frames; i++) {
          one.tick();
          two.tick();
        }
        one.sendReport();
        two.sendReport();
        return two.receiveStats().framesDecoded();
      } finally {
        two.close();
      }
    } finally {
      one.close();
    }
  }

  private static CallMedia end(
      MediaSessionConfig config,
      SessionDescription local,
      SrtpKeys keys,
      SessionDescription remote,
      AtomicReference<CallMedia> to) {
    PacketSink wire =
        (data, offset, length) -> {
          CallMedia peer = to.get();
          if (peer != null) {
            peer.onDatagram(data, offset, length);
          }
        };
    return new CallMedia(
        config,
        local,
        keys,
        "warm-up",
        remote,
        wire,
        ToneSource.continuous(440, -20),
        NOWHERE,
        digit -> {});
  }
}
