package io.peervoice.session;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.codec.EncoderCap;
import io.peervoice.media.dtmf.DtmfDigit;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.nat.IceException;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.IceSession;
import io.peervoice.nat.MediaPath;
import io.peervoice.nat.NetworkMonitor;
import io.peervoice.nat.PathState;
import io.peervoice.session.internal.ActivePath;
import io.peervoice.session.internal.CallMedia;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * One endpoint's media for one call: an ICE session that selects a path, a {@link SrtpKeying}
 * strategy that gives both directions' SRTP keys for it, and once both are there an Opus/RTP/SRTP
 * send stream and receive stream driven by a steady 20 ms clock.
 *
 * <pre>{@code
 * PresharedKeys keys = PresharedKeys.random(profile, random);   // or SrtpKeying.agreed()
 * MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, keys);
 * MediaSession callee = MediaSession.create(config, IceRole.CONTROLLED, keys.peer());
 * // offer: caller.localDescription() -> callee; answer: callee.localDescription() -> caller
 * callee.start(caller.localDescription(), calleeMic, calleeSpeaker);
 * caller.start(callee.localDescription(), callerMic, callerSpeaker).join();
 * }</pre>
 */
public final class MediaSession implements AutoCloseable {

  /** Lifecycle of a media session. */
  public enum State {
    NEW,
    CONNECTING,
    /** ICE found a path; no media yet (the call may still be ringing). */
    CONNECTED,
    ACTIVE,
    FAILED,
    CLOSED
  }

  private final MediaSessionConfig config;
  private final ActivePath active;
  private final SessionKeys keys;
  private SessionDescription local;
  private State state = State.NEW;
  private SessionDescription remote;
  private volatile CallMedia media;
  private final String cname;
  private final MediaSessionListeners listeners = new MediaSessionListeners();
  private final MediaSessionRestarts restarts;
  private boolean mediaAsked;
  private EncoderCap encoderCap; // S8: the peer's fmtp wishes, or null
  private final SessionLoop loop;

  private MediaSession(SessionLoop loop, IceSession ice, SrtpKeying keying) {
    this.config = loop.config();
    this.loop = loop;
    this.active = new ActivePath(ice, loop::openIce);
    Runnable receive = () -> active.startReceiving(this::onDatagram);
    this.keys = new SessionKeys(keying, active, loop.role(), receive, k -> running().rekey(k));
    this.restarts = new MediaSessionRestarts(active, keys);
    this.active.onStateChange(
        pathState -> {
          restarts.pathState(pathState);
          listeners.pathState(pathState);
        });
    this.cname = "peervoice-" + Long.toHexString(config.random().nextLong());
    this.local = MediaStart.ownDescription(ice, config);
  }

  /**
   * Creates an endpoint and gathers its candidates; {@code keying} is asked for the SRTP keys once
   * ICE selected a path, and again after each ICE restart. It keeps to one of the {@link
   * MediaSessionConfig#mediaLoops() media loops}, if any: its sockets, and ticks if so configured.
   *
   * @throws CallFailedException at {@link CallStep#GATHERING} if no candidate could be bound
   */
  public static MediaSession create(MediaSessionConfig config, IceRole role, SrtpKeying keying)
      throws CallFailedException {
    return create(PreparedIce.open(config, role), keying);
  }

  /**
   * Creates an endpoint on an ICE session prepared ahead ({@link PreparedIce}), which it takes
   * over: its configuration, role, loop and candidates.
   *
   * @throws IllegalStateException if {@code prepared} was closed or taken before
   */
  public static MediaSession create(PreparedIce prepared, SrtpKeying keying) {
    return prepared.handOver((loop, ice) -> new MediaSession(loop, ice, keying));
  }

  /** Our offer or answer, with the candidates gathered so far. */
  public synchronized SessionDescription localDescription() {
    return local.withIce(active.ice().localParameters());
  }

  /** S6 wrtcj: sends with these payload types (as the SDP answer says, RFC 3264 §6.1). */
  public synchronized void sendPayloadTypes(int opus, int dtmf) {
    local = new SessionDescription(local.ice(), local.ssrc(), opus, dtmf); // read at startMedia
  }

  /** S8: caps our encoder as the peer's SDP fmtp asks (RFC 7587 §7.1), now or at media start. */
  public synchronized void capEncoder(EncoderCap cap) {
    encoderCap = java.util.Objects.requireNonNull(cap, "cap");
    if (media != null) {
      media.capEncoder(cap);
    }
  }

  /**
   * Waits for server-reflexive and relayed candidates (from the configured STUN and TURN servers)
   * before an offer or answer is sent whole (no trickle); at once when no server is configured.
   *
   * @throws CallFailedException at {@link CallStep#GATHERING} if gathering does not end in time
   */
  public void gatherAll(Duration limit) throws CallFailedException, InterruptedException {
    try {
      active.ice().gatherAll(limit);
    } catch (IceException e) {
      throw new CallFailedException(CallStep.GATHERING, e.getMessage(), e);
    }
  }

  public synchronized State state() {
    return state;
  }

  /**
   * Connects to {@code remote} and, with a path and the keys, sends {@code source} and plays into
   * {@code sink} every 20 ms ({@link #connect}, {@link #startMedia}); fails naming the step.
   */
  public CompletableFuture<Void> start(
      SessionDescription remote, AudioSource source, AudioSink sink) {
    return connect(remote).thenCompose(connected -> startMedia(source, sink));
  }

  /**
   * Runs ICE against the peer's description without media (checks run while the call is ringing);
   * completes once a path is selected ({@link State#CONNECTED}).
   */
  public CompletableFuture<Void> connect(SessionDescription remote) {
    CompletableFuture<Void> connected;
    synchronized (this) {
      if (state != State.NEW) {
        throw new IllegalStateException("connect() on a session in state " + state);
      }
      state = State.CONNECTING;
      this.remote = remote;
      connected = keys.connect(active.ice(), remote.ice()).handle(this::iceConnected); // S19
    }
    keys.askBeforePath(); // S21: outside the session's lock, as every call into the strategy
    return connected;
  }

  private Void iceConnected(MediaPath path, Throwable error) {
    boolean attached;
    synchronized (this) {
      attached = error == null && state == State.CONNECTING;
      if (attached) {
        active.attach(path);
        keys.expect();
        state = State.CONNECTED;
      } else if (error != null) {
        state = State.FAILED;
      }
    }
    if (attached) {
      keys.pathSelected(); // outside the lock: the strategy may call back
      return null;
    } else if (error == null) {
      path.close();
    }
    Throwable cause = error != null ? error : new IllegalStateException("closed while connecting");
    throw new CompletionException(CallFailedException.at(CallStep.ICE, "", cause));
  }

  /**
   * Starts sending {@code source} and playing into {@code sink} on the connected path, at once if
   * the keying strategy already gave the keys, else as soon as it does. The future completes when
   * media runs (state {@link State#ACTIVE}) and fails with a {@link CallFailedException} at {@link
   * CallStep#MEDIA} if the keying, codecs or SRTP fail. Media starts once the call is answered:
   * once media runs, ICE is told ({@link IceSession#answered()}): a port-prediction burst follows.
   *
   * @throws IllegalStateException unless the session is {@link State#CONNECTED} and media was not
   *     asked for yet
   */
  public synchronized CompletableFuture<Void> startMedia(AudioSource source, AudioSink sink) {
    if (state != State.CONNECTED || mediaAsked) {
      throw new IllegalStateException("startMedia() on a session in state " + state);
    }
    mediaAsked = true;
    return keys.forMedia().thenAccept(k -> open(k, source, sink));
  }

  private synchronized void open(SrtpKeys srtp, AudioSource source, AudioSink sink) {
    if (state != State.CONNECTED) {
      throw new IllegalStateException("the session was " + state + " when the keys came");
    }
    try {
      media =
          MediaStart.open(
              config, loop.clock(), local, srtp, cname, remote, active, listeners, source, sink);
    } catch (CallFailedException e) {
      state = State.FAILED;
      throw new CompletionException(e);
    }
    media.capEncoder(encoderCap); // S8: the peer's fmtp (if any); a frame may have gone out
    keys.inUse(srtp);
    active.startReceiving(this::onDatagram);
    state = State.ACTIVE;
    active.answered(); // after the set-up: port prediction's burst never competes with it
  }

  private void onDatagram(byte[] data, int offset, int length) {
    CallMedia running = media;
    if (!keys.keyingDatagram(data, offset, length) && running != null) {
      running.onDatagram(data, offset, length);
    }
  }

  /**
   * Sends DTMF digits as RFC 4733 telephone events (100 ms each, 60 ms apart).
   *
   * @throws IllegalStateException before media is active
   * @throws IllegalArgumentException naming a character that is not 0-9 * # A-D
   */
  public void sendDtmf(String digits) {
    running().sendDtmf(digits);
  }

  /**
   * Runs {@code hook} once the first audio frame of the peer played (at once if it already did); it
   * runs on the media clock and must only hand work on.
   *
   * @throws IllegalStateException before media started
   */
  public void onFirstAudio(Runnable hook) {
    running().onFirstAudio(hook);
  }

  private CallMedia running() {
    return MediaStart.running(media, this::state);
  }

  /** The running media, or null before it started ({@link TickPhase}). */
  CallMedia media() {
    return media;
  }

  /** Tells {@code listener} of each DTMF digit received, on the media clock. */
  public void onDtmf(Consumer<DtmfDigit> listener) {
    listeners.onDtmf(listener);
  }

  /** Gathers srflx and relayed candidates in the background (trickle ICE, RFC 8838). */
  public void gatherMore(io.peervoice.nat.TrickleListener listener) {
    active.ice().gatherMore(listener);
  }

  /** Adds a candidate the peer trickled, before or after connecting. */
  public void addRemoteCandidate(io.peervoice.nat.IceCandidate candidate) {
    active.ice().addRemoteCandidate(candidate);
  }

  /**
   * Starts an ICE restart (RFC 8445 §9), e.g. after the path failed or the network changed: a new
   * ICE session with fresh credentials gathers candidates while the old path keeps carrying media.
   * Both sides call this; each sends the returned description to the other and passes the other's
   * to {@link #completeIceRestart}. The description carries no keys: the keying strategy is asked
   * again once the new path carries media.
   *
   * @throws CallFailedException at {@link CallStep#GATHERING} if the new session cannot gather
   */
  public SessionDescription prepareIceRestart() throws CallFailedException, InterruptedException {
    return restarts.prepare(this::localDescription);
  }

  /** Drops a prepared ICE restart that will not be completed. */
  public void cancelIceRestart() {
    restarts.cancel();
  }

  /**
   * Connects the restarted ICE session to the peer's new description; media moves to the new path
   * once it is selected, with its SRTP and RTP state (sequence numbers, rollover counters)
   * unchanged. Completes once the keying strategy, asked again, gave its keys (new ones rekey the
   * SRTP stage).
   */
  public CompletableFuture<Void> completeIceRestart(SessionDescription remote) {
    return restarts.complete(remote, this::onDatagram);
  }

  /** Tells {@code listener} of each path consent state change, across restarts (media clock). */
  public void onPathStateChange(Consumer<PathState> listener) {
    listeners.onPathStateChange(listener);
  }

  /**
   * Asks {@code listener} to run an ICE restart when one is needed: the path lost consent (RFC 7675
   * §5.1) or {@link #networkChanged() the network changed}. Asked once per incident; further cues
   * are absorbed until the restart (begun with {@link #prepareIceRestart()}) completes or fails.
   * The call layer answers by exchanging restart descriptions with the peer.
   */
  public void onRestartNeeded(Consumer<RestartReason> listener) {
    restarts.onRestartNeeded(listener);
  }

  /** Tells the session that local addresses changed (from a {@link NetworkMonitor}). */
  public void networkChanged() {
    restarts.networkChanged(state());
  }

  /** Stops sending media (the receive side keeps playing out). */
  public void stopSending() {
    running().stopSending();
  }

  /** This endpoint's media figures; once closed, its last; {@link IllegalStateException} before. */
  public synchronized MediaSessionStats stats() {
    return MediaStatsSnapshot.of(active.path(), running(), keys, active);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
    }
    restarts.close();
    if (media != null) {
      media.close();
    }
    keys.close();
    active.close();
  }
}
