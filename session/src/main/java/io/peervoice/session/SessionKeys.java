package io.peervoice.session;

import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.nat.DatagramHandler;
import io.peervoice.nat.EarlyKeyingPath;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceParameters;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.IceSession;
import io.peervoice.nat.MediaPath;
import io.peervoice.session.internal.ActivePath;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A media session's side of its {@link SrtpKeying}: asks the strategy when ICE selected the first
 * path and after each ICE restart, keeps the keys media runs with, and is the {@link KeyingPath}
 * the strategy sees (sending on and receiving from whichever path is selected now). Thread-safe.
 */
final class SessionKeys implements KeyingPath {
  private static final Logger log = LoggerFactory.getLogger(MediaSession.class);
  private static final int DTLS_FIRST = 20;
  private static final int DTLS_LAST = 63;

  private final SrtpKeying keying;
  private final ActivePath active;
  private final IceRole role;
  private final Runnable startReceiving;
  private final java.util.function.Consumer<SrtpKeys> rekey;
  private volatile DatagramHandler handler;
  private volatile EarlyKeyingPath early; // S19: until the first path is attached
  private volatile int restarts;
  private CompletableFuture<SrtpKeys> latest;
  private boolean asked; // guarded by this

  /** Sent before the path: resent or released on it (S19, S21, {@link #pathSelected}). */
  private final KeyingBacklog backlog = new KeyingBacklog();

  private boolean askedBeforePath; // guarded by this
  private CompletableFuture<MediaPath> connecting; // guarded by this
  private volatile boolean heard; // a keying datagram came from the peer
  private SrtpKeys inUse;

  /**
   * @param startReceiving starts the selected path's receive loop if it is not running yet
   * @param rekey hands new keys to the running media's SRTP stage
   */
  SessionKeys(
      SrtpKeying keying,
      ActivePath active,
      IceRole role,
      Runnable startReceiving,
      java.util.function.Consumer<SrtpKeys> rekey) {
    this.keying = java.util.Objects.requireNonNull(keying, "keying");
    this.active = active;
    this.role = role;
    this.startReceiving = startReceiving;
    this.rekey = rekey;
  }

  /** ICE selected the first path (under the session's lock): media will wait for the keys. */
  synchronized void expect() {
    if (latest == null) {
      latest = new CompletableFuture<>();
    }
  }

  /**
   * Starts {@code ice}'s connectivity checks against {@code remote}; S19: a pair valid before ICE
   * selects one may start the strategy ({@link #early}), and a strategy so started is closed if ICE
   * then fails (its handshake would otherwise hold a thread until its own time limit).
   */
  CompletableFuture<MediaPath> connect(IceSession ice, IceParameters remote) {
    ice.onEarlyKeyingPath(this::early);
    CompletableFuture<MediaPath> connected = ice.connect(remote);
    synchronized (this) {
      connecting = connected;
    }
    connected.whenComplete(
        (path, error) -> {
          if (error != null && (early != null || askedBeforePath())) {
            close();
          }
        });
    return connected;
  }

  /**
   * S21: after {@link #connect}, without the session's lock: asks a strategy that {@link
   * SrtpKeying#startsBeforePath() starts before a path} now, unless a pair turned valid meanwhile
   * (it was asked then) or ICE failed already; what it sends is held ({@link #send}) until the
   * early pair or the selected path takes it.
   */
  void askBeforePath() {
    if (!keying.startsBeforePath()) {
      return;
    }
    CompletableFuture<SrtpKeys> answer;
    synchronized (this) {
      if (latest != null || connecting == null || connecting.isCompletedExceptionally()) {
        return;
      }
      answer = new CompletableFuture<>();
      latest = answer;
      asked = true;
      askedBeforePath = true;
    }
    ask(answer);
  }

  private synchronized boolean askedBeforePath() {
    return askedBeforePath;
  }

  /**
   * S19: a pair turned valid before ICE selected one (a browser nominates later): unless a path was
   * selected already, the strategy is asked now and sends on {@code path} and receives its keying
   * datagrams until the first path is attached (its first flight waits at the peer for the peer's
   * own selection instead of following ours). Without the session's lock.
   */
  void early(EarlyKeyingPath path) {
    List<byte[]> held = null;
    synchronized (this) {
      if (askedBeforePath) {
        if (early != null || active.path() != null) {
          return;
        }
        early = path; // S21: the strategy runs already: what it sent is held, and leaves now
        held = backlog.releaseToEarlyPair();
      } else if (latest != null) {
        return;
      } else {
        early = path;
        latest = new CompletableFuture<>();
      }
    }
    if (held != null) { // outside the lock, as receive(): the path may hand datagrams on at once
      DatagramHandler h = handler;
      if (h != null) {
        path.receive(h);
      }
      KeyingBacklog.sendAll(held, path::send, "early pair");
      return;
    }
    pathSelected();
  }

  @Override
  public long sendableSinceNanos() {
    return backlog.sendableSinceNanos();
  }

  /**
   * After {@link #expect()} or {@link #early}, without the session's lock: the strategy is asked,
   * the first time; after an early ask, the keying receives through the path attached now.
   */
  void pathSelected() {
    boolean first;
    synchronized (this) {
      first = !asked;
      asked = true;
    }
    if (first) {
      ask(forMedia());
      return;
    }
    List<byte[]> resend;
    synchronized (this) {
      resend = backlog.releaseToPath(heard);
    }
    if (handler != null) {
      startReceiving.run();
    }
    KeyingBacklog.sendAll(resend, active::send, "path"); // the peer may have dropped it
  }

  /**
   * The keys media starts with: those of the latest ask; fails with a {@link CallFailedException}
   * at {@link CallStep#MEDIA} if the strategy failed.
   *
   * @throws IllegalStateException before a path was selected
   */
  synchronized CompletableFuture<SrtpKeys> forMedia() {
    if (latest == null) {
      throw new IllegalStateException("no path selected yet");
    }
    return latest;
  }

  /** Media started with {@code keys}. */
  synchronized void inUse(SrtpKeys keys) {
    this.inUse = keys;
  }

  /** S6 wrtc2: how long the strategy's own handshake took, if it has one and it completed. */
  java.util.Optional<java.time.Duration> handshakeTime() {
    return keying.handshakeTime();
  }

  /** The keys media runs with, or null before it started. */
  synchronized SrtpKeys inUse() {
    return inUse;
  }

  /**
   * An ICE restart moved the media: the strategy is asked again. The same keys leave the SRTP
   * contexts alone; other keys are handed to the running media's SRTP stage, which switches both
   * directions at once (new contexts: the peer must switch too, as after a DTLS re-handshake).
   */
  CompletableFuture<Void> restarted() {
    restarts++;
    CompletableFuture<SrtpKeys> next = new CompletableFuture<>();
    synchronized (this) {
      latest = next;
    }
    return ask(next)
        .thenAccept(
            keys -> {
              SrtpKeys running = inUse();
              if (running != null && !running.equals(keys)) {
                log.info("SRTP keys changed after an ICE restart: the SRTP stage is rekeyed");
                rekey.accept(keys);
                inUse(keys);
              }
            });
  }

  private CompletableFuture<SrtpKeys> ask(CompletableFuture<SrtpKeys> answer) {
    try {
      CompletionStage<SrtpKeys> stage = keying.keys(this);
      stage.whenComplete(
          (keys, error) -> {
            if (error == null) {
              answer.complete(keys);
            } else {
              answer.completeExceptionally(failed(error));
            }
          });
    } catch (RuntimeException e) {
      answer.completeExceptionally(failed(e));
    }
    return answer;
  }

  private static CallFailedException failed(Throwable error) {
    CallFailedException failed = CallFailedException.at(CallStep.MEDIA, "SRTP keying: ", error);
    log.warn("{}", failed.getMessage());
    return failed;
  }

  /** Hands a keying datagram (RFC 7983 §7: first byte 20..63) to the strategy; false if not one. */
  boolean keyingDatagram(byte[] data, int offset, int length) {
    DatagramHandler h = handler;
    if (h == null || length == 0) {
      return false;
    }
    int first = data[offset] & 0xFF;
    if (first < DTLS_FIRST || first > DTLS_LAST) {
      return false;
    }
    h.onDatagram(data, offset, length);
    return true;
  }

  /** The session closes: the strategy may end its protocol on the path; a failure is logged. */
  void close() {
    try {
      keying.close();
    } catch (RuntimeException e) {
      log.warn("the SRTP keying strategy failed to close: {}", e.toString());
    }
  }

  @Override
  public IceRole iceRole() {
    return role;
  }

  @Override
  public int iceRestarts() {
    return restarts;
  }

  @Override
  public IceCandidate localCandidate() {
    return end(true);
  }

  @Override
  public IceCandidate remoteCandidate() {
    return end(false);
  }

  private IceCandidate end(boolean local) {
    EarlyKeyingPath e = earlyOnly();
    if (e != null) {
      return local ? e.localCandidate() : e.remoteCandidate();
    }
    MediaPath p = active.path(); // null: asked before any pair (S21)
    return p == null ? null : local ? p.localCandidate() : p.remoteCandidate();
  }

  @Override
  public void send(byte[] data, int offset, int length) throws IOException {
    // locked against pathSelected(): what goes out early is recorded for the resend, or goes on
    // the path once it is attached
    synchronized (this) {
      EarlyKeyingPath e = earlyOnly();
      if (e != null) {
        e.send(data, offset, length);
        if (!heard) {
          backlog.sentEarly(data, offset, length);
        }
        return;
      }
      if (active.path() == null && askedBeforePath) { // S21: no pair valid yet
        backlog.hold(data, offset, length);
        return;
      }
    }
    active.send(data, offset, length);
  }

  @Override
  public void receive(DatagramHandler keying) {
    DatagramHandler handler =
        (data, offset, length) -> {
          heard = true;
          keying.onDatagram(data, offset, length);
        };
    this.handler = handler;
    EarlyKeyingPath e = earlyOnly();
    if (e != null) {
      e.receive(handler);
    }
    startReceiving.run();
  }

  /** The early pair while no path is attached yet, else null. */
  private EarlyKeyingPath earlyOnly() {
    return active.path() == null ? early : null;
  }
}
