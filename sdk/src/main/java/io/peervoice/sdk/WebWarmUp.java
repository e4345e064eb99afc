package io.peervoice.sdk;

import io.peervoice.session.dtls.DtlsWarmUp;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DTLS warm-up ({@link DtlsWarmUp}: one DTLS-SRTP handshake in memory), run at most once per
 * process, on an executor of its own, when the process's first WebRTC call starts (a {@link
 * Phone#callWebRtc} dial, a browser's offer that passed the checks and rings) or when the
 * application asks for it ({@link Phone#warmUpWebRtc()}, e.g. {@code call --webrtc} at its start).
 * What it warms (Bouncy Castle's TLS code loaded and compiled) belongs to the JVM, not to a phone,
 * so every phone of the process shares {@link #process()}. Phones that never meet a browser never
 * load that code ({@code docs/webrtc.md}, "Warm-up"). S17: it yields to calls: once a call's own
 * DTLS handshake starts ({@link #yieldToCall()}), the warm-up begins no more handshakes, so the two
 * do not share the cores (on two cores a listener called 0.4 s after {@code ready} ran its
 * handshake beside the warm-up's: 86 ms cold in a CI rehearsal, where a warm one takes 10-20 ms).
 */
final class WebWarmUp {
  private static final Logger log = LoggerFactory.getLogger(WebWarmUp.class);

  /** What the warm-up runs; it may throw. It should stop early once {@code stop} says true. */
  interface Task {
    void run(BooleanSupplier stop) throws IOException;
  }

  private static final WebWarmUp PROCESS =
      new WebWarmUp(WebWarmUp::handshakes, background("peervoice-warm-up-dtls"));

  private final Task task;
  private final Executor executor;
  private final AtomicReference<CompletableFuture<Void>> run = new AtomicReference<>();
  private final AtomicBoolean yielded = new AtomicBoolean();

  /** Runs {@code task} once, on {@code executor}, at the first {@link #start()}. */
  WebWarmUp(Task task, Executor executor) {
    this.task = Objects.requireNonNull(task, "task");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /** The process's warm-up, shared by its phones. */
  static WebWarmUp process() {
    return PROCESS;
  }

  /**
   * How long a {@link #background} thread waits for more work before it ends. Its work (a warm-up,
   * a spare made every few seconds at most) is rare and costs far more than starting the thread
   * again, so an idle phone holds none after a second (S24: an idle {@code listen} counted a spare
   * maker's thread for 10 s after its start, 21 threads against #13's 20).
   */
  static final long BACKGROUND_IDLE_MILLIS = 1_000;

  /**
   * An executor of at most one daemon thread named {@code name}, which ends after {@link
   * #BACKGROUND_IDLE_MILLIS} idle (a process keeps no thread for it once the work is done).
   */
  static ExecutorService background(String name) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            1,
            1,
            BACKGROUND_IDLE_MILLIS,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            SignalingThread.daemon(name));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Starts the handshake unless it was started before; returns at once (any thread) the run's
   * completion, the same each time: it fails with the warm-up's exception (also logged: a first
   * WebRTC call then runs its handshake cold, nothing else is lost), or with a {@link
   * RejectedExecutionException} if the executor refused the task.
   */
  CompletableFuture<Void> start() {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    if (!run.compareAndSet(null, mine)) {
      return run.get();
    }
    try {
      executor.execute(
          () -> {
            try {
              task.run(yielded::get);
              mine.complete(null);
            } catch (IOException | RuntimeException e) {
              fail(mine, e);
            }
          });
    } catch (RejectedExecutionException e) {
      fail(mine, e);
    }
    return mine;
  }

  private static void fail(CompletableFuture<Void> run, Exception e) {
    log.warn("DTLS warm-up failed; a first WebRTC call runs its handshake cold: {}", e.toString());
    run.completeExceptionally(e);
  }

  /**
   * A call's own DTLS handshake starts: the warm-up begins no more handshakes from now on (any
   * thread; the one running finishes).
   */
  void yieldToCall() {
    yielded.set(true);
  }

  /** Whether a call's handshake started ({@link #yieldToCall()}). */
  boolean yielded() {
    return yielded.get();
  }

  private static void handshakes(BooleanSupplier stop) throws IOException {
    DtlsWarmUp.Outcome done = DtlsWarmUp.run(new SecureRandom(), stop);
    if (done.rounds() < DtlsWarmUp.ROUNDS) {
      log.debug("DTLS warm-up yielded to a call after {} handshakes", done.rounds());
    }
  }

  /** Whether it was started. */
  boolean started() {
    return run.get() != null;
  }
}
