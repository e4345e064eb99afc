package io.peervoice.session;

import io.peervoice.media.srtp.SrtpKeys;
import java.util.concurrent.CompletionStage;

/**
 * How a {@link MediaSession} gets the SRTP master keys of its two directions (RFC 3711 <a
 * href="https://www.rfc-editor.org/rfc/rfc3711#section-3.2.1">§3.2.1</a>): a strategy the session
 * is given when it is created, instead of keys carried in its description.
 *
 * <p>The session asks {@link #keys} once ICE selected the first path (RFC 8445 <a
 * href="https://www.rfc-editor.org/rfc/rfc8445#section-8">§8</a>), and again each time an ICE
 * restart (<a href="https://www.rfc-editor.org/rfc/rfc8445#section-9">§9</a>) moved the media to a
 * new path. Media starts once a path is selected <em>and</em> the stage completed: {@link
 * MediaSession#startMedia} waits for the keys. After a restart, returning the same keys keeps the
 * SRTP contexts, sequence numbers and rollover counters untouched; different keys are handed to the
 * SRTP stage, which switches both directions at once (the peer's strategy must give it the matching
 * keys in its restart too).
 *
 * <p>Strategies:
 *
 * <ul>
 *   <li>{@link #agreed()}: keys agreed end to end by the layer above (a PeerVoice phone derives
 *       them from a signed X25519 exchange in its call messages and completes the holder when the
 *       call is answered); this layer knows nothing of the signaling.
 *   <li>{@link #of(SrtpKeys)}: keys known in advance (integrators with their own signaling, tests,
 *       the NAT lab, {@code LocalCall}); each side sends with the key the other receives with, like
 *       SDES (RFC <a href="https://www.rfc-editor.org/rfc/rfc4568">4568</a>).
 *   <li>{@link io.peervoice.session.dtls.DtlsSrtpKeying}, DTLS-SRTP (RFC <a
 *       href="https://www.rfc-editor.org/rfc/rfc5764#section-4.2">5764 §4.2</a>, RFC 5763) for
 *       WebRTC peers: the handshake runs over {@link KeyingPath#send}/{@link KeyingPath#receive} on
 *       the selected path, and the keys come from the exporter. The association survives ICE
 *       restarts (RFC <a href="https://www.rfc-editor.org/rfc/rfc8842#section-4">8842 §4</a>):
 *       asked again after a restart, such a strategy returns the keys it already has.
 * </ul>
 *
 * <p>Called without the session's lock held; implementations must not block (return a stage that
 * completes later instead). A stage that fails ends the media set-up with a {@link
 * CallFailedException} at {@link CallStep#MEDIA}.
 */
@FunctionalInterface
public interface SrtpKeying {

  /**
   * The keys for media on {@code path}: our send key and the peer's (the one we check and decrypt
   * its packets with), both of one profile.
   *
   * @param path the selected path, valid for the session's life: it follows later ICE restarts
   */
  CompletionStage<SrtpKeys> keys(KeyingPath path);

  /**
   * The session closes: a strategy with a protocol of its own ends it (DTLS sends close_notify, RFC
   * 5246 §7.2.1) while the path can still carry it. Called once, before the path closes.
   */
  default void close() {}

  /**
   * S21: whether the session asks this strategy as ICE starts, before any path exists, so that its
   * first flight is made while the checks run and leaves on the first valid pair (held until then,
   * never sent to an address ICE did not validate). False: asked once a path exists.
   */
  default boolean startsBeforePath() {
    return false;
  }

  /**
   * S6 wrtc2: how long the strategy's own handshake took (DTLS-SRTP: first flight to keys), once it
   * completed; empty for a strategy without one (keys agreed in the call's signalling).
   */
  default java.util.Optional<java.time.Duration> handshakeTime() {
    return java.util.Optional.empty();
  }

  /**
   * A holder the layer above completes with the keys it agreed end to end (see {@link
   * AgreedKeying}).
   */
  static AgreedKeying agreed() {
    return new AgreedKeying();
  }

  /** Keys known in advance, the same for every path. */
  static PresharedKeys of(SrtpKeys keys) {
    return new PresharedKeys(keys);
  }
}
