package io.peervoice.signaling.internal.overlay;

import io.peervoice.natives.TlsClientSettings;
import io.peervoice.natives.TlsWarmUp;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.StreamRoute;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readies what a stream fallback needs once the client's first HELLO went {@link
 * #AFTER_SILENCE_MILLIS} unanswered over UDP, so that it overlaps the rest of UDP's head start
 * ({@link StreamTiming#fallbackMillis}) and the first UDP attempt (not the socket's start-up, which
 * it slowed), while a phone whose UDP works never pays for it: the TLS client, by one whole
 * handshake in memory with the shared {@link NodePinning#context()} ({@link TlsWarmUp}), and
 * Ed25519 signing and checking (the attach that follows). In a fresh JVM these cost hundreds of
 * milliseconds of CPU, which would otherwise come after the TLS stream was dialled (a cold
 * handshake was ~0.85 s of a tcp443 attach in the NAT lab). Once per JVM, and only for a client
 * with a TLS route; a failure here is logged and left to the real dial to meet. It gives way to a
 * real dial ({@link #dialling()}).
 */
public final class StreamWarmUp {
  private static final Logger log = LoggerFactory.getLogger(StreamWarmUp.class);

  private static final AtomicBoolean DONE = new AtomicBoolean();

  /** Whether a client of this JVM has begun dialling a node's streams ({@link #dialling()}). */
  private static final AtomicBoolean DIALLING = new AtomicBoolean();

  /**
   * How long after the first HELLO a client with no answer over UDP yet starts the warm-up: a node
   * that answers at all over UDP does so well within it on the networks UDP works on (a round
   * trip), and it leaves most of UDP's head start ({@link StreamTiming#fallbackMillis}) to the
   * warm-up.
   */
  static final long AFTER_SILENCE_MILLIS = 100;

  private StreamWarmUp() {}

  /**
   * A client of this JVM begins dialling a node's streams: a warm-up not yet started will not
   * start, and one under way gives way at its next step ({@link #run(BooleanSupplier)}). The real
   * dial loads what the warm-up has not; the rest of the warm-up (the throwaway server's side of
   * the handshake, Ed25519) would only compete with it for the CPU, which on a starved machine
   * delayed the very handshake it was meant to speed up (S10: the in-memory handshake took 3.1-3.5
   * s and ended after the real stream was up, in starved NAT lab runs).
   */
  static void dialling() {
    DIALLING.set(true);
  }

  /**
   * Starts the warm-up on a short-lived daemon thread if a route has a TLS port and no client of
   * this JVM has started one yet; returns whether it started.
   */
  static boolean start(List<StreamRoute> routes) {
    return start(routes, DONE, DIALLING, StreamWarmUp::daemon);
  }

  /**
   * Starts the warm-up ({@link #start(List)}) {@link #AFTER_SILENCE_MILLIS} from now on {@code
   * env}'s thread, unless {@code heard} says a node answered over UDP by then.
   */
  static void afterSilence(Env env, BooleanSupplier heard, List<StreamRoute> routes) {
    afterSilence(env, heard, routes, DONE, DIALLING, StreamWarmUp::daemon);
  }

  /**
   * As {@link #afterSilence(Env, BooleanSupplier, List)}, once per {@code done}, giving way once
   * {@code dialling} is set, on {@code executor}.
   */
  static void afterSilence(
      Env env,
      BooleanSupplier heard,
      List<StreamRoute> routes,
      AtomicBoolean done,
      AtomicBoolean dialling,
      Executor executor) {
    env.schedule(
        AFTER_SILENCE_MILLIS,
        () -> {
          if (!heard.getAsBoolean()) {
            start(routes, done, dialling, executor);
          }
        });
  }

  /**
   * As {@link #start(List)}, once per {@code done}, on {@code executor}; not at all once {@code
   * dialling} is set, and giving way when it is set meanwhile.
   */
  static boolean start(
      List<StreamRoute> routes, AtomicBoolean done, AtomicBoolean dialling, Executor executor) {
    if (routes.stream().noneMatch(r -> r.tlsPort() != 0)
        || dialling.get()
        || !done.compareAndSet(false, true)) {
      return false;
    }
    executor.execute(() -> run(dialling::get));
    return true;
  }

  private static void daemon(Runnable task) {
    Thread t = new Thread(task, "peervoice-overlay-warm-up");
    t.setDaemon(true);
    t.start();
  }

  /**
   * The warm-up itself, on the calling thread (also the class data sharing training's, through
   * {@code SignalingWarmUp.streams}); returns the TLS protocol the in-memory handshake agreed, or
   * null (logged).
   */
  public static String run() {
    return run(() -> false);
  }

  /**
   * As {@link #run()}, giving way once {@code yield} says so ({@link #dialling()}): returns null
   * then, without the Ed25519 part.
   */
  static String run(BooleanSupplier yield) {
    String protocol = null;
    long started = System.nanoTime();
    try {
      protocol =
          TlsWarmUp.handshake(new TlsClientSettings(NodePinning.context(), null, null), yield);
      long tls = System.nanoTime();
      if (protocol == null) {
        log.debug(
            "stream warm-up gave way to a real dial after {} ms", (tls - started) / 1_000_000);
        return null;
      }
      Identity throwaway = Identity.generate(new SecureRandom());
      byte[] data = new byte[32];
      throwaway.publicIdentity().verify(data, throwaway.sign(data));
      log.debug(
          "stream warm-up done: {} handshake in memory {} ms, Ed25519 {} ms",
          protocol,
          (tls - started) / 1_000_000,
          (System.nanoTime() - tls) / 1_000_000);
    } catch (Exception | LinkageError e) {
      log.debug("stream warm-up failed (the dial will say why): {}", e.toString());
    }
    return protocol;
  }
}
