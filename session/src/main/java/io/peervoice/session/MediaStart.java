package io.peervoice.session;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.impair.Impairment;
import io.peervoice.media.pipeline.ImpairmentStage;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.stream.PacketSink;
import io.peervoice.nat.MediaPath;
import io.peervoice.session.internal.ActivePath;
import io.peervoice.session.internal.CallMedia;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a {@link MediaSession}'s media on its connected path: the outbound sink (through the
 * configured impairment stage, if any) and the call's media stages, ticking on the session's clock;
 * the session then starts the path's receive loop.
 */
final class MediaStart {
  private static final Logger log = LoggerFactory.getLogger(MediaSession.class);

  private MediaStart() {}

  /**
   * Builds the streams.
   *
   * @throws CallFailedException at {@link CallStep#MEDIA} if codecs or SRTP cannot start
   */
  static CallMedia open(
      MediaSessionConfig config,
      ScheduledExecutorService clock,
      SessionDescription local,
      SrtpKeys keys,
      String cname,
      SessionDescription remote,
      ActivePath active,
      MediaSessionListeners listeners,
      AudioSource source,
      AudioSink sink)
      throws CallFailedException {
    PacketSink out =
        config.outboundImpairment().isNone()
            ? active
            : new ImpairmentStage(
                new Impairment(config.outboundImpairment()), active, clock, config.nanoClock());
    CallMedia media;
    try {
      log.debug("keys and path ready: building the media stages");
      media = new CallMedia(config, local, keys, cname, remote, out, source, sink, listeners::dtmf);
      log.debug("media stages built; starting the clock");
      media.start(clock);
    } catch (RuntimeException e) {
      throw new CallFailedException(CallStep.MEDIA, e.getMessage(), e);
    }
    MediaPath path = active.path();
    log.info(
        "media active: {} -> {} in {} ms",
        path.localCandidate().type().sdpName(),
        path.remoteCandidate().type().sdpName(),
        path.connectDuration().toMillis());
    return media;
  }

  /** A new session's own description: its ICE parameters, a random SSRC, our payload types. */
  static SessionDescription ownDescription(io.peervoice.nat.IceSession ice, MediaSessionConfig c) {
    return new SessionDescription(
        ice.localParameters(),
        c.random().nextInt(),
        MediaDescription.DEFAULT_OPUS_PAYLOAD_TYPE,
        MediaDescription.DEFAULT_DTMF_PAYLOAD_TYPE);
  }

  /** {@code media}, if media started. @throws IllegalStateException before */
  static CallMedia running(CallMedia media, java.util.function.Supplier<MediaSession.State> state) {
    if (media == null) {
      throw new IllegalStateException("no media yet: session is " + state.get());
    }
    return media;
  }
}
