package io.peervoice.nat.internal.stun;

import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our own STUN on a selected direct ICE pair once the ice4j agent is freed: consent freshness
 * toward the remote (RFC 7675 <a
 * href="https://www.rfc-editor.org/rfc/rfc7675#section-5.1">§5.1</a>, {@link ConsentFreshness}) and
 * answers to the remote's Binding requests ({@link BindingResponder}). Holds no thread: everything
 * runs on the configured scheduler (the call's media loop).
 *
 * <p>Use: {@link #create}, then hand every datagram for which {@link #isStun} holds to {@link
 * #onStun} (on the scheduler's thread), {@link #start()} once, {@link #stop()} when the path
 * closes. {@link #lastFreshMillis()} feeds {@code ConsentWatch}; {@code onConsent} in the config
 * tells it when to look.
 */
public final class DirectStun {
  private static final Logger log = LoggerFactory.getLogger(DirectStun.class);

  private final DirectStunConfig config;
  private final StunCounters counters = new StunCounters();
  private final ConsentFreshness consent;
  private final BindingResponder responder;
  private volatile boolean stopped;

  private DirectStun(DirectStunConfig config) {
    this.config = config;
    this.consent = new ConsentFreshness(config, counters);
    this.responder = new BindingResponder(config, counters);
  }

  /** A stopped-until-started instance for one selected pair. */
  public static DirectStun create(DirectStunConfig config) {
    return new DirectStun(config);
  }

  /**
   * Whether a datagram looks like STUN (RFC 7983 demultiplexing plus the magic cookie and length,
   * see {@link StunCodec#isStun}): route it to {@link #onStun}, anything else to media.
   */
  public static boolean isStun(byte[] data, int offset, int length) {
    return StunCodec.isStun(data, offset, length);
  }

  /**
   * Starts consent freshness: the first request goes out at once (on the scheduler), then one per
   * randomized interval. Any thread; a second call does nothing.
   *
   * @throws RejectedExecutionException if the scheduler is shut down
   */
  public void start() {
    if (stopped) {
      return;
    }
    config.scheduler().execute(consent::start);
    log.debug("direct STUN started toward {}", config.remote());
  }

  /**
   * Stops consent requests and answers: from now on every datagram given to {@link #onStun} is
   * dropped. Any thread; idempotent.
   */
  public void stop() {
    if (!stopped) {
      stopped = true;
      consent.stop();
      log.debug("direct STUN stopped toward {}: {}", config.remote(), stats());
    }
  }

  /**
   * One STUN datagram received on the pair's local socket. On the scheduler's thread; {@code data}
   * is only read during the call (nothing is kept). Never throws for hostile bytes: what is not a
   * valid request to answer or a valid response to one of our requests is dropped and counted in
   * {@link #stats()}.
   */
  public void onStun(byte[] data, int offset, int length, InetSocketAddress from) {
    DecodedStun decoded;
    try {
      decoded = StunCodec.decode(data, offset, length, StunAttributes.ICE_UNDERSTOOD);
    } catch (StunFormatException e) {
      counters.droppedMalformed++;
      log.trace("dropped a malformed STUN datagram from {}: {}", from, e.getMessage());
      return;
    }
    StunMessage m = decoded.message();
    if (stopped || m.method() != StunMessage.BINDING) {
      counters.droppedUnexpected++;
      return;
    }
    switch (m.messageClass()) {
      case REQUEST -> responder.onRequest(decoded, data, offset, from);
      case SUCCESS_RESPONSE, ERROR_RESPONSE -> consent.onResponse(decoded, data, offset, from);
      default -> counters.droppedUnexpected++;
    }
  }

  /**
   * The wall-clock time ({@code wallClockMillis}) of the last valid consent response, or the
   * configured {@code freshSince} (negative if none yet). Any thread; for {@code ConsentWatch}.
   */
  public long lastFreshMillis() {
    return consent.lastFreshMillis();
  }

  /**
   * Whether consent is lost (RFC 7675 §5.1): started and no valid response for {@code
   * consentExpiry}. Then no more requests are sent; the path should be given up. Any thread.
   */
  public boolean consentExpired() {
    return consent.expired(config.wallClockMillis().getAsLong());
  }

  /** Counters so far. Any thread. */
  public DirectStunStats stats() {
    return counters.snapshot();
  }
}
