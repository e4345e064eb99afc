package io.peervoice.sdk;

import io.peervoice.nat.IceRole;
import io.peervoice.session.CallFailedException;
import io.peervoice.session.MediaSession;
import io.peervoice.session.MediaSessionConfig;
import io.peervoice.session.PreparedIce;
import io.peervoice.session.SrtpKeying;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S20: a phone's ICE sessions prepared ahead for its next answers, one per settings its incoming
 * calls are answered with (a PeerVoice peer's, a browser's): the ICE agent and its host candidates'
 * ports ({@link PreparedIce}), which a callee otherwise makes between the user's answer and its
 * ANSWER message (26-52 ms traced on this machine, S19). Each is made in the background ({@link
 * Spare}) once the phone's warm-up is done if it is idle (its {@code ready()} waits for them), else
 * {@link #REPLACE_AFTER} later, and again {@link #REPLACE_AFTER} after a call took it (a contact's
 * ringing call, or an answer); one untaken for {@link #MAX_AGE}, or made before the network
 * changed, is closed and replaced. A call that finds none ready makes its own, as before. A ringing
 * stranger takes none and makes none (its calls ring with other settings, or none), and a spare's
 * ports read nothing until its credentials are given out (nobody can send it an authenticated check
 * before its call's ANSWER carries them). With a configured port range, each spare holds one of its
 * ports per host address. Thread-safe.
 */
final class AnswerSpares {
  /** How long after a call took a spare the next one is made. */
  static final Duration REPLACE_AFTER = Duration.ofSeconds(5);

  /**
   * How old a spare may be when taken: its host candidates are the addresses of that moment (a
   * change the phone notices discards it at once).
   */
  static final Duration MAX_AGE = Duration.ofMinutes(30);

  private static final Logger log = LoggerFactory.getLogger(AnswerSpares.class);

  private final Map<MediaSessionConfig, Spare<PreparedIce>> spares;
  private final Set<MediaSessionConfig> onDemand; // guarded by itself; not yet enabled
  private final Runnable stop;

  private AnswerSpares(
      Map<MediaSessionConfig, Spare<PreparedIce>> spares,
      Set<MediaSessionConfig> onDemand,
      Runnable stop) {
    this.spares = spares;
    this.onDemand = onDemand;
    this.stop = stop;
  }

  /**
   * A phone's spares for answers made with any of {@code settings}: made on a thread of their own
   * ({@code peervoice-ice-spare}, ended after a second idle and at {@link #close()}), replacements
   * booked on {@code later} ({@link #REPLACE_AFTER}); those of {@code onDemand} only once {@link
   * #enable enabled} (a browser's: by the phone's first WebRTC call or its WebRTC warm-up, as the
   * spare DTLS certificate, so that a phone that never meets a browser holds no ports for one).
   */
  static AnswerSpares forPhone(
      Spare.Delay later,
      LongSupplier wallMillis,
      List<MediaSessionConfig> settings,
      List<MediaSessionConfig> onDemand) {
    ExecutorService pool = WebWarmUp.background("peervoice-ice-spare");
    return of(pool, pool::shutdownNow, later, wallMillis, settings, onDemand, made -> {});
  }

  /**
   * Spares made on {@code executor} ({@code stop} releases it at {@link #close()}), replacements
   * booked on {@code later}, those of {@code onDemand} once enabled; {@code made} sees each spare
   * made (tests).
   */
  static AnswerSpares of(
      Executor executor,
      Runnable stop,
      Spare.Delay later,
      LongSupplier wallMillis,
      List<MediaSessionConfig> settings,
      List<MediaSessionConfig> onDemand,
      Consumer<PreparedIce> made) {
    Map<MediaSessionConfig, Spare<PreparedIce>> spares = new IdentityHashMap<>();
    for (MediaSessionConfig s : settings) {
      Spare.Maker<PreparedIce> maker =
          at -> {
            PreparedIce p = PreparedIce.open(s, IceRole.CONTROLLED);
            made.accept(p);
            return p;
          };
      spares.put(
          s,
          new Spare<>(
              "ICE session",
              executor,
              () -> {},
              later,
              wallMillis,
              REPLACE_AFTER,
              MAX_AGE,
              maker,
              PreparedIce::close));
    }
    Set<MediaSessionConfig> waiting = Collections.newSetFromMap(new IdentityHashMap<>());
    waiting.addAll(onDemand);
    return new AnswerSpares(spares, waiting, stop);
  }

  /** None: every answer makes its own (tests that count a phone's sockets). */
  static AnswerSpares none() {
    return new AnswerSpares(Map.of(), new java.util.HashSet<>(), () -> {});
  }

  /**
   * Starts making each spare now if {@code idle}, else {@link #REPLACE_AFTER} from now (a call is
   * setting up: a phone that dials at once, like the command line's {@code call}, makes its spares
   * after that call's set-up, not beside it). Returns once the spares started now are made (or
   * failed: a call then makes its own), at once if none was started.
   */
  CompletableFuture<Void> prepare(boolean idle) {
    List<Spare<PreparedIce>> enabled;
    synchronized (onDemand) {
      enabled =
          spares.entrySet().stream()
              .filter(e -> !onDemand.contains(e.getKey()))
              .map(Map.Entry::getValue)
              .toList();
    }
    if (!idle) {
      enabled.forEach(Spare::prepareLater);
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.allOf(
        enabled.stream()
            .map(s -> s.prepare().handle((made, failed) -> null))
            .toArray(CompletableFuture[]::new));
  }

  /**
   * Enables the spare of {@code settings} if it waited to be (see {@link #forPhone}): made {@code
   * now}, else {@link #REPLACE_AFTER} later (a call is setting up).
   */
  void enable(MediaSessionConfig settings, boolean now) {
    boolean enabled;
    synchronized (onDemand) {
      enabled = onDemand.remove(settings);
    }
    Spare<PreparedIce> spare = spares.get(settings);
    if (enabled && spare != null) {
      if (now) {
        spare.prepare();
      } else {
        spare.prepareLater();
      }
    }
  }

  /**
   * A callee's media session for a call answered with {@code settings}: on its spare if one is
   * ready, else made here and now; the next spare is booked either way.
   *
   * @throws CallFailedException as {@link MediaSession#create(MediaSessionConfig, IceRole,
   *     SrtpKeying)}
   */
  MediaSession answering(MediaSessionConfig settings, SrtpKeying keying)
      throws CallFailedException {
    enable(settings, false); // its first such call: its spare follows
    Spare<PreparedIce> spare = spares.get(settings);
    PreparedIce ready = spare == null ? null : spare.takeReady();
    if (spare != null) {
      log.debug("answer: {}", ready != null ? "on a spare ICE session" : "no spare ready");
    }
    return ready != null
        ? MediaSession.create(ready, keying)
        : MediaSession.create(settings, IceRole.CONTROLLED, keying);
  }

  /** The network changed: spares made with the old addresses are closed, new ones booked. */
  void networkChanged() {
    spares.values().forEach(Spare::discard);
  }

  /** Closes every spare (its ports released); none is made after this. For the phone's close. */
  void close() {
    new ArrayList<>(spares.values()).forEach(Spare::close);
    stop.run();
  }

  /** Spares made and taken, summed over the settings: for tests. */
  long[] counts() {
    long[] sum = new long[2];
    for (Spare<PreparedIce> s : spares.values()) {
      long[] c = s.counts();
      sum[0] += c[0];
      sum[1] += c[1];
    }
    return sum;
  }
}
