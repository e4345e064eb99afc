package io.peervoice.sdk;

import io.peervoice.sdk.PhoneMedia.WebParts;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.OverlayClient;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.RateLimitedLog;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.call.Presence;
import io.peervoice.signaling.call.PresencePolicy;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A phone: one identity on the rendezvous overlay that places and receives end-to-end encrypted
 * calls. Call signaling travels sealed through the overlay ({@code docs/calls.md}); media flows
 * peer to peer over ICE with SRTP keys only the two phones know.
 *
 * <pre>{@code
 * Identity me = Identity.load(Path.of("me.id"));
 * try (Phone phone = Phone.start(Phone.builder(me)
 *         .bootstrap(List.of(new InetSocketAddress("rendezvous.example.net", 7400)))
 *         .audioSource(call -> mySpeech).audioSink(call -> mySpeaker)
 *         .listeners(call -> new CallListener() {
 *           public void onRinging(Call c) { if (c.direction() == CallDirection.INCOMING) c.answer(); }
 *           public void onEnded(Call c, EndReason why) { System.out.println("ended: " + why); }
 *         })
 *         .build())) {
 *   phone.ready().get(5, TimeUnit.SECONDS);
 *   Call call = phone.call(PeerId.parse(friend));
 *   call.mediaStarted().get(30, TimeUnit.SECONDS);
 *   call.sendDtmf("42#");
 *   call.hangup();
 * }
 * }</pre>
 *
 * <p>Thread-safe. All call logic runs on one signaling thread; listeners run on another (the
 * phone's own, or executors the application gives: {@link PhoneConfig#signalingExecutor()}, {@link
 * PhoneConfig#listenerExecutor()}). A task that throws is logged and ends its call with {@link
 * EndReason#ERROR}, telling the peer; a listener that throws is logged and the call goes on.
 */
public final class Phone implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Phone.class);

  private final PhoneConfig config;
  private final OverlayClient overlay;
  private final SignalingThread thread;
  private final PhoneMedia media;
  private final Map<CallId, Call> calls = new LinkedHashMap<>();
  private final RateLimitedLog warnings = RateLimitedLog.tenSeconds(Phone.class);
  private final IncomingInvites invites;
  private final SecureRandom random = new SecureRandom();
  final CallMessenger messages; // the calls' look-ahead uses it directly
  private final AtomicLong candidatesDropped = new AtomicLong();
  private volatile boolean closed;
  private final PhonePresence presence;
  final CallTransfers transfers = new CallTransfers(this); // S5 xfer
  private final PhoneNotes notes; // S6 missed
  final PhoneProbes probes; // S6 presence
  final LongSupplier wallMillis; // the wall clock: offers' and notes' times, DTLS certificates

  private Phone(PhoneConfig config, OverlayClient overlay, LongSupplier wallMillis, WebParts web) {
    this.config = config;
    this.overlay = overlay;
    this.wallMillis = wallMillis;
    this.thread = new SignalingThread(config, warnings);
    this.media = PhoneMedia.create(config, wallMillis, thread, web);
    this.invites = new IncomingInvites(this, calls, warnings);
    this.notes = new PhoneNotes(thread, wallMillis);
    this.probes = new PhoneProbes(this, notes);
    this.messages = new CallMessenger(overlay, calls, invites, probes, thread, notes);
    this.presence = new PhonePresence(config, overlay, thread, this::networkChanged);
  }

  /** The network changed (on the signaling thread): new answer spares; every call restarts ICE. */
  private void networkChanged() {
    media.answers().networkChanged();
    List.copyOf(calls.values()).forEach(c -> thread.guarded(c, c::networkChanged));
  }

  public static PhoneConfig.Builder builder(Identity identity) {
    return new PhoneConfig.Builder(identity);
  }

  /**
   * Starts attaching to the overlay and listening for calls; see {@link #ready()}.
   *
   * @throws IOException if the overlay socket cannot be bound
   */
  public static Phone start(PhoneConfig config) throws IOException {
    return start(config, System::currentTimeMillis);
  }

  /** As {@link #start(PhoneConfig)}, on {@code wallMillis} as the wall clock (tests). */
  static Phone start(PhoneConfig config, LongSupplier wallMillis) throws IOException {
    return start(config, wallMillis, WebParts.process());
  }

  /** As {@link #start(PhoneConfig, LongSupplier)}, warming WebRTC up with {@code web} (tests). */
  static Phone start(PhoneConfig config, LongSupplier wallMillis, WebParts web) throws IOException {
    Phone phone = new Phone(config, PhonePresence.startOverlay(config), wallMillis, web);
    phone.overlay.onMessage(
        (from, payload) -> phone.thread.execute(() -> phone.messages.received(from, payload)));
    WarmUp.start(
        phone.media.settings(),
        phone.config,
        phone.random,
        phone.id(),
        phone.presence.setUpWarmedUp(),
        phone.media.sparesAfter(phone.thread, phone.calls::isEmpty, phone.presence.warmedUp()));
    return phone;
  }

  /**
   * Completes once reachable (attached to the overlay with our location record published) and
   * warmed up (codecs, SRTP and ICE initialised, so the first call sets up as fast as later ones).
   *
   * <p>Fails with {@link NoNodeAnsweredException} (a {@link PhoneException}) when no node answered
   * within {@link PhoneConfig#readyTimeout()} of {@link #start(PhoneConfig)}, with a plain {@link
   * PhoneException} when our location could not be published in that time; it keeps trying.
   */
  public CompletableFuture<Void> ready() {
    return presence.ready();
  }

  /** As {@link #ready()} (failing as it does), without the warm-up: a call at once overlaps it. */
  public CompletableFuture<Void> attached() {
    return presence.attached();
  }

  public PeerId id() {
    return config.identity().peerId();
  }

  /** Devices of this identity online, this one included: calls ring on all (first answer wins). */
  public int devices() {
    return presence.devices();
  }

  /**
   * Tells {@code listener} (up to 15) the device count ({@link #devices()}) on each change, and at
   * once if another device is online; on the overlay's thread: must not block.
   */
  public void onDevices(java.util.function.IntConsumer listener) {
    overlay.onDevices(listener);
  }

  /** This process's device id (random per process; see {@link OverlayClient#deviceId()}). */
  public long deviceId() {
    return overlay.deviceId();
  }

  /** Stops pinging nodes until {@link #resume()}; calls go on; closed: IllegalStateException. */
  public void suspend() {
    checkOpen();
    presence.suspend();
  }

  /**
   * Ends {@link #suspend()} (e.g. on the app's push wake-up): pings every node at once, replaces
   * dead ones, republishes our location; completes once reachable, or fails as {@link #ready()}.
   */
  public CompletableFuture<Void> resume() {
    checkOpen();
    return presence.resume();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the phone is closed");
    }
  }

  /** S6 wrtcj: calls a browser, {@code callee}: SDP offer, DTLS-SRTP keying ({@code webrtc.md}). */
  public Call callWebRtc(PeerId callee) throws PhoneException {
    return call(callee, CallProfile.WEBRTC);
  }

  /**
   * Calls {@code callee}. Returns at once with the call {@link CallState#DIALING}; what follows
   * reaches the call's listener.
   *
   * @throws PhoneException if the phone holds {@link PhoneConfig#maxCalls()} calls already (in and
   *     out, not yet ended); the message names the limit and its value
   * @throws IllegalArgumentException if {@code callee} is this phone
   * @throws IllegalStateException if the phone is closed
   */
  public Call call(PeerId callee) throws PhoneException {
    return call(callee, CallProfile.PEERVOICE);
  }

  private Call call(PeerId callee, CallProfile profile) throws PhoneException {
    checkOpen();
    return OutgoingCalls.place(this, calls, callee, profile);
  }

  /**
   * S8: warms up for WebRTC calls ahead of the first: one DTLS-SRTP handshake in memory (once per
   * process, on a thread of its own) and this phone's spare DTLS certificate; a WebRTC call starts
   * the same by itself. Idempotent: each call returns the same run's completion, failing with the
   * warm-up's exception (also logged) if it failed; calls still work then, the first one cold.
   */
  public CompletionStage<Void> warmUpWebRtc() {
    checkOpen();
    return media.warmUpWebRtc().minimalCompletionStage();
  }

  /** S6 missed: {@code listener} hears each {@link MissedCall} (earlier ones too), as events. */
  public void onMissedCall(MissedCall.Listener listener) {
    notes.listen(listener);
  }

  /**
   * S6 missed: leaves the callee of our unanswered {@code call} a sealed note ({@code
   * missed-calls.md}): {@code text} ≤ 280 UTF-8 bytes, {@code voice} ≤ 750 20 ms Opus frames, ≤ 15
   * KiB. Completes with how many nodes hold it (24 h); IllegalArgumentException: incoming, too big.
   */
  public CompletableFuture<Integer> leaveNote(Call call, String text, List<byte[]> voice) {
    return notes.leave(overlay, call, text, voice);
  }

  /**
   * S6 presence: whether {@code peer} (not us) is reachable now, asked without ringing it, as
   * {@link Presence} tells ({@code docs/presence.md}); {@link PhoneException} at 64 waiting.
   */
  public CompletableFuture<Presence> probe(PeerId peer) {
    checkOpen();
    return onSignaling(() -> probes.probe(peer));
  }

  /** Do not disturb: calls answered busy, each a {@link MissedCall} ({@code presence.md}). */
  public void setDoNotDisturb(boolean on) {
    probes.doNotDisturb(on);
  }

  /** Whether do not disturb is on ({@link #setDoNotDisturb}). */
  public boolean doNotDisturb() {
    return probes.doNotDisturb();
  }

  /** S7 tel: whose probes are answered, who hears why we are busy (default: config presence). */
  public void setPresencePolicy(PresencePolicy policy) {
    probes.policy(policy);
  }

  /** Joins answered calls into a conference this phone hosts and mixes ({@link Conference}). */
  public Conference conference(Call... calls) {
    return Conference.host(this, java.util.List.of(calls));
  }

  /** The calls that have not ended. */
  public List<Call> calls() {
    return onSignaling(() -> new ArrayList<>(calls.values()));
  }

  /** Invites refused (replayed, stale, re-targeted, weak key, no profile, bad offer, limits). */
  public long refusedInvites() {
    return invites.refused();
  }

  /** What became of incoming invites and peer input this phone refused. */
  public IncomingStats incomingStats() {
    return onSignaling(
        () -> invites.stats(candidatesDropped.get(), warnings.suppressed(), thread.failures()));
  }

  /** Call messages dropped: undecodable, for unknown calls, or from the wrong peer. */
  public long droppedMessages() {
    return messages.dropped();
  }

  /** Sends {@code m} for {@code call} (null: none), naming this device on a callee's side. */
  void send(PeerId to, CallMessage m, Call call) {
    messages.send(to, m, call);
  }

  /** Sends {@code m} naming callee device {@code device} (0: none). */
  void send(PeerId to, CallMessage m, long device, Call call) {
    messages.send(to, m, device, call);
  }

  void ended(Call call) {
    calls.remove(call.id());
  }

  /** The signaling thread: call tasks, timers, listener dispatch ({@link SignalingThread}). */
  SignalingThread thread() {
    return thread;
  }

  void candidateDropped() {
    candidatesDropped.incrementAndGet();
  }

  /** Media settings, the ringing stranger's relay-only settings and the ICE restart threads. */
  PhoneMedia media() {
    return media;
  }

  PhoneConfig config() {
    return config;
  }

  SecureRandom random() {
    return random;
  }

  /** Runs {@code task} on the signaling thread and waits for it. */
  <T> T onSignaling(Callable<T> task) {
    return thread.call(task);
  }

  /** Ends every call (telling each peer, up to a second), leaves the overlay, stops all threads. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    presence.close();
    try {
      thread.run(
          () -> {
            List.copyOf(calls.values()).forEach(Call::hangupForClose);
            probes.close();
          });
    } catch (IllegalStateException e) {
      log.warn("closing calls: {}", e.getMessage());
    }
    media.stopBackground();
    messages.awaitDelivery();
    overlay.close();
    thread.shutdown();
    media.stopClock();
  }
}
