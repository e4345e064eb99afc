package io.peervoice.sdk;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.codec.ComplexityAdaptation;
import io.peervoice.media.codec.OpusSettings;
import io.peervoice.media.impair.ImpairmentSpec;
import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.nat.IceConfig;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.StreamRoute;
import io.peervoice.signaling.call.IncomingLimits;
import io.peervoice.signaling.call.PresencePolicy;
import io.peervoice.signaling.call.TransferPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Everything a {@link Phone} needs. Build with {@link Phone#builder(Identity)}.
 *
 * @param identity our keys; our PeerId is derived from them
 * @param bootstrap rendezvous nodes to attach through (at least one)
 * @param ice STUN/TURN servers and ICE policy
 * @param opus encoder settings
 * @param srtpProfiles SRTP profiles we accept, preferred first
 * @param source makes the audio a call sends (called once per call)
 * @param sink makes where a call's received audio goes (called once per call)
 * @param listeners makes each call's listener (called once per call, before its first event)
 * @param callWaiting what a second incoming call does while we are in one
 * @param inviteTimeout how long a call we place waits for the callee's phone to ring before it ends
 *     with {@link io.peervoice.signaling.call.EndReason#UNREACHABLE} (default 10 s)
 * @param ringTimeout how long a call may ring unanswered before it ends with {@link
 *     io.peervoice.signaling.call.EndReason#NO_ANSWER} (default 60 s; a callee that hears nothing
 *     from the caller gives up 10 s after that)
 * @param overlayAddress the local UDP address for the overlay client
 * @param outboundImpairment a simulated network applied to the media we send (tests and demos;
 *     {@link ImpairmentSpec#none()} in real use)
 * @param networkPoll how often to look for a change of local addresses, which restarts ICE on every
 *     call ({@link Duration#ZERO} never looks)
 * @param networkAddresses the local addresses to watch (the system's usable ones by default)
 * @param keepalive how often to ping each rendezvous node: 50 ms .. 30 s, default 25 s (under NAT
 *     binding timeouts; the radio sleeps between pings). Calls get through while one of our nodes
 *     lives; with all dead we are reachable again about one keepalive later ({@code docs/push.md})
 * @param mediaClock the scheduler that runs every call's 20 ms media ticks (owned by the caller;
 *     the calls' sockets stay on the phone's media loops); empty: each call's ticks run on its own
 *     media loop, the thread that also receives its datagrams (the phone makes and owns the loops,
 *     a thread per core up to 8, each started by the first call that takes it)
 * @param signalingExecutor the scheduler the phone's call logic and timers run on (owned by the
 *     caller, never shut down by the phone; the phone runs its tasks on it one at a time, in order,
 *     so it may be a pool); empty: the phone makes, owns and shuts down one thread
 * @param listenerExecutor where {@link CallListener} callbacks run (owned by the caller, never shut
 *     down by the phone; callbacks still run one at a time, in order); empty: the phone makes, owns
 *     and shuts down one thread. Not the same single thread as {@code signalingExecutor}: a
 *     callback that calls the phone waits for the signaling executor
 * @param incomingLimits caps and rate limits on incoming calls ({@link IncomingLimits#defaults()})
 * @param contacts callers we trust with our location: their calls get our host and reflexive
 *     candidates and ICE checks while ringing. Everyone else (by default, everyone) gets relayed
 *     candidates only while ringing when TURN is configured, or none and no ICE checks at all until
 *     the call is answered ({@code docs/calls.md}, "Who learns where we are")
 * @param noAudioTimeout a connected call whose path is up but from which no audio packet has come
 *     for this long (since media started, or since the last one) while other datagrams of the peer
 *     still arrive (RTCP) ends with {@link io.peervoice.signaling.call.EndReason#NO_AUDIO}, and the
 *     peer is told; with nothing at all from the peer but consent, after twice this long. Keep
 *     twice it above {@code IceConfig.consentDisconnectAfter} (6 s), so that a peer that vanished
 *     is seen as one ({@code PEER_VANISHED}). {@link Duration#ZERO} never ends a call for missing
 *     audio. Default 10 s.
 * @param readyTimeout how long {@link Phone#ready()} waits for a rendezvous node to answer before
 *     it fails with {@link NoNodeAnsweredException} (default 5 s)
 * @param maxCalls the most calls held at once, in and out, contacts' too (1 .. 4,096; default 64,
 *     enough for a small IVR or gateway; a runaway dial loop stops at a bounded cost). Beyond it
 *     {@link Phone#call} throws {@link PhoneException} and invites get BUSY ({@code docs/calls.md})
 * @param audioProcessing calls' echo/noise/gain processing; empty: on for device capture only
 * @param complexityAdaptation calls' Opus complexity following their loop's load (builder method)
 * @param streamRoutes how to reach nodes over TCP/TLS when UDP to them gets no answer; by default
 *     {@link StreamRoute#assumed} for each bootstrap node (TCP on its UDP port, TLS on 443)
 * @param transfers which transfers we honour (S5 xfer; default {@link TransferPolicy#CONTACTS})
 * @param presence S6 presence: whose probes we answer (default CONTACTS; {@code docs/presence.md})
 * @param doNotDisturb S6 presence: starts set to do not disturb ({@link Phone#setDoNotDisturb})
 * @param probeTimeout S6 presence: {@link Phone#probe}'s wait for an answer (default 3 s, ≤ 60 s)
 */
public record PhoneConfig(
    Identity identity,
    List<InetSocketAddress> bootstrap,
    IceConfig ice,
    OpusSettings opus,
    List<SrtpProfile> srtpProfiles,
    Function<Call, AudioSource> source,
    Function<Call, AudioSink> sink,
    Function<Call, CallListener> listeners,
    CallWaiting callWaiting,
    Duration inviteTimeout,
    Duration ringTimeout,
    InetSocketAddress overlayAddress,
    ImpairmentSpec outboundImpairment,
    Duration networkPoll,
    Supplier<Set<InetAddress>> networkAddresses,
    Duration keepalive,
    Optional<ScheduledExecutorService> mediaClock,
    Optional<ScheduledExecutorService> signalingExecutor,
    Optional<Executor> listenerExecutor,
    IncomingLimits incomingLimits,
    Set<PeerId> contacts,
    Duration noAudioTimeout,
    Duration readyTimeout,
    int maxCalls,
    Optional<AudioProcessing> audioProcessing,
    ComplexityAdaptation complexityAdaptation,
    List<StreamRoute> streamRoutes,
    TransferPolicy transfers,
    PresencePolicy presence, // S6 presence
    boolean doNotDisturb,
    Duration probeTimeout) {

  /** {@link #readyTimeout()} unless the builder sets another. */
  public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(5);

  /** S6 presence: {@link #probeTimeout()} unless the builder sets another. */
  public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(3);

  /** {@link #maxCalls()} unless the builder sets another. */
  public static final int DEFAULT_MAX_CALLS = 64;

  /** The highest {@link #maxCalls()}: a few sockets per call, far beyond one process's CPU. */
  public static final int MAX_CALLS_LIMIT = 4_096;

  public PhoneConfig {
    contacts = Set.copyOf(contacts);
    bootstrap = List.copyOf(bootstrap);
    srtpProfiles = List.copyOf(srtpProfiles);
    PhoneConfigChecks.required("outboundImpairment,ice,opus", outboundImpairment, ice, opus);
    PhoneConfigChecks.required("signalingExecutor,sink,source", signalingExecutor, sink, source);
    PhoneConfigChecks.required("listenerExecutor,identity", listenerExecutor, identity);
    PhoneConfigChecks.required("networkAddresses,mediaClock", networkAddresses, mediaClock);
    PhoneConfigChecks.required("audioProcessing,overlayAddress", audioProcessing, overlayAddress);
    PhoneConfigChecks.required("incomingLimits,listeners", incomingLimits, listeners);
    PhoneConfigChecks.required("callWaiting,transfers", callWaiting, transfers);
    Objects.requireNonNull(complexityAdaptation, "complexityAdaptation");
    streamRoutes = PhoneConfigChecks.streamRoutes(streamRoutes, bootstrap);
    PhoneConfigChecks.presence(presence, probeTimeout); // S6 presence
    PhoneConfigChecks.values(
        bootstrap,
        srtpProfiles,
        inviteTimeout,
        ringTimeout,
        readyTimeout,
        networkPoll,
        noAudioTimeout,
        keepalive,
        maxCalls);
  }

  /** Builder with defaults: GCM then AES-CM SRTP, silence in, audio discarded, call waiting on. */
  public static final class Builder {
    private final PhoneConfigDraft d;

    Builder(Identity identity) {
      this.d = new PhoneConfigDraft(identity);
    }

    public Builder bootstrap(List<InetSocketAddress> nodes) {
      d.bootstrap = nodes;
      return this;
    }

    public Builder ice(IceConfig ice) {
      d.ice = ice;
      return this;
    }

    public Builder opus(OpusSettings opus) {
      d.opus = opus;
      return this;
    }

    public Builder srtpProfiles(List<SrtpProfile> profiles) {
      d.srtpProfiles = profiles;
      return this;
    }

    public Builder audioSource(Function<Call, AudioSource> source) {
      d.source = source;
      return this;
    }

    public Builder audioSink(Function<Call, AudioSink> sink) {
      d.sink = sink;
      return this;
    }

    public Builder listeners(Function<Call, CallListener> listeners) {
      d.listeners = listeners;
      return this;
    }

    public Builder callWaiting(CallWaiting policy) {
      d.callWaiting = policy;
      return this;
    }

    /** See {@link PhoneConfig#inviteTimeout()} (default 10 s). */
    public Builder inviteTimeout(Duration timeout) {
      d.inviteTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** See {@link PhoneConfig#ringTimeout()} (default 60 s). */
    public Builder ringTimeout(Duration timeout) {
      d.ringTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder overlayAddress(InetSocketAddress address) {
      d.overlayAddress = address;
      return this;
    }

    public Builder outboundImpairment(ImpairmentSpec spec) {
      d.outboundImpairment = spec;
      return this;
    }

    /** Watches {@code addresses} every {@code poll} for a network change (zero: never). */
    public Builder networkMonitor(Duration poll, Supplier<Set<InetAddress>> addresses) {
      d.networkPoll = poll;
      d.networkAddresses = addresses;
      return this;
    }

    /** See {@link PhoneConfig#mediaClock()}: the caller keeps it alive and shuts it down. */
    public Builder mediaClock(ScheduledExecutorService clock) {
      d.mediaClock = Optional.of(clock);
      return this;
    }

    /** See {@link PhoneConfig#signalingExecutor()}: the caller keeps it alive and shuts it down. */
    public Builder signalingExecutor(ScheduledExecutorService executor) {
      d.signalingExecutor = Optional.of(executor);
      return this;
    }

    /** See {@link PhoneConfig#listenerExecutor()}: the caller keeps it alive and shuts it down. */
    public Builder listenerExecutor(Executor executor) {
      d.listenerExecutor = Optional.of(executor);
      return this;
    }

    /** See {@link PhoneConfig#keepalive()} (default 25 s; 50 ms .. 30 s, checked by build). */
    public Builder keepalive(Duration keepalive) {
      d.keepalive = keepalive;
      return this;
    }

    /** Caps and rate limits on incoming calls (default {@link IncomingLimits#defaults()}). */
    public Builder incomingLimits(IncomingLimits limits) {
      d.incomingLimits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** See {@link PhoneConfig#contacts()} (default: none; every caller's ICE awaits our answer). */
    public Builder contacts(java.util.Collection<PeerId> contacts) {
      d.contacts = Set.copyOf(contacts);
      return this;
    }

    /** See {@link PhoneConfig#noAudioTimeout()} (default 10 s; {@link Duration#ZERO}: never). */
    public Builder noAudioTimeout(Duration timeout) {
      d.noAudioTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** See {@link PhoneConfig#readyTimeout()} (default 5 s; must be positive). */
    public Builder readyTimeout(Duration timeout) {
      d.readyTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** See {@link PhoneConfig#maxCalls()} (default 64; 1 .. 4,096, checked by build). */
    public Builder maxCalls(int max) {
      d.maxCalls = max;
      return this;
    }

    /** Audio processing for every call, whatever its source (default: on for device capture). */
    public Builder audioProcessing(AudioProcessing settings) {
      d.audioProcessing = Optional.of(settings);
      return this;
    }

    /** Default on, down to 5; applies when the phone's own loops tick calls (no mediaClock). */
    public Builder complexityAdaptation(ComplexityAdaptation adaptation) {
      d.complexityAdaptation = adaptation;
      return this;
    }

    // S5 overlay
    /**
     * Reach nodes over these TCP/TLS routes when UDP to them gets no answer (at most 64, one per
     * node); an empty list: UDP only. Default: {@link StreamRoute#assumed} for each bootstrap node.
     */
    public Builder streamRoutes(List<StreamRoute> routes) {
      d.streamRoutes = routes;
      return this;
    }

    // S5 xfer
    /** Which transfer requests and replacing invites we honour ({@code docs/transfer.md}). */
    public Builder transfers(TransferPolicy policy) {
      d.transfers = policy;
      return this;
    }

    // S6 presence
    /** Whose presence probes we answer (default {@link PresencePolicy#CONTACTS}). */
    public Builder presence(PresencePolicy policy) {
      d.presence = policy;
      return this;
    }

    /** Starts the phone set to do not disturb (default false; {@link Phone#setDoNotDisturb}). */
    public Builder doNotDisturb(boolean on) {
      d.doNotDisturb = on;
      return this;
    }

    /** See {@link PhoneConfig#probeTimeout()} (default 3 s; 1 ms .. 60 s, checked by build). */
    public Builder probeTimeout(Duration timeout) {
      d.probeTimeout = timeout;
      return this;
    }

    /**
     * Builds it; an out-of-range setting (IllegalArgumentException) or a missing one (NPE) named.
     */
    public PhoneConfig build() {
      return d.build();
    }
  }
}
