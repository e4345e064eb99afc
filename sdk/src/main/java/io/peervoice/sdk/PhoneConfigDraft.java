package io.peervoice.sdk;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.codec.ComplexityAdaptation;
import io.peervoice.media.codec.OpusSettings;
import io.peervoice.media.impair.ImpairmentSpec;
import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.nat.IceConfig;
import io.peervoice.nat.NetworkMonitor;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.OverlayClient;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.StreamRoute;
import io.peervoice.signaling.call.CallFlow;
import io.peervoice.signaling.call.IncomingLimits;
import io.peervoice.signaling.call.TransferPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link PhoneConfig.Builder}'s settings so far, each with its default: mutable, not thread-safe.
 * The builder's methods set them; {@link #build()} makes the (checked) config.
 */
final class PhoneConfigDraft {
  private final Identity identity;
  List<InetSocketAddress> bootstrap = List.of();
  IceConfig ice = IceConfig.defaults();
  OpusSettings opus = OpusSettings.voiceDefaults();
  List<SrtpProfile> srtpProfiles =
      List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80);
  Function<Call, AudioSource> source = call -> AudioSource.silence();
  Function<Call, AudioSink> sink = call -> frame -> {};
  Function<Call, CallListener> listeners = call -> new CallListener() {};
  CallWaiting callWaiting = CallWaiting.RING;
  Duration inviteTimeout = Duration.ofMillis(CallFlow.Timeouts.defaults().inviteMillis());
  Duration ringTimeout = Duration.ofMillis(CallFlow.Timeouts.defaults().ringMillis());
  InetSocketAddress overlayAddress = new InetSocketAddress(0);
  ImpairmentSpec outboundImpairment = ImpairmentSpec.none();
  Duration networkPoll = Duration.ofSeconds(2);
  Supplier<Set<InetAddress>> networkAddresses = NetworkMonitor::systemAddresses;
  Optional<ScheduledExecutorService> mediaClock = Optional.empty();
  Optional<ScheduledExecutorService> signalingExecutor = Optional.empty();
  Optional<Executor> listenerExecutor = Optional.empty();
  Duration keepalive = OverlayClient.DEFAULT_KEEPALIVE;
  IncomingLimits incomingLimits = IncomingLimits.defaults();
  Set<PeerId> contacts = Set.of();
  Duration noAudioTimeout = Duration.ofSeconds(10);
  Duration readyTimeout = PhoneConfig.DEFAULT_READY_TIMEOUT;
  int maxCalls = PhoneConfig.DEFAULT_MAX_CALLS;
  ComplexityAdaptation complexityAdaptation = ComplexityAdaptation.defaults();
  Optional<AudioProcessing> audioProcessing = Optional.empty();

  // S5 overlay
  List<StreamRoute> streamRoutes; // null: assumed for each bootstrap node
  // S5 xfer
  TransferPolicy transfers = TransferPolicy.CONTACTS;
  // S6 presence
  io.peervoice.signaling.call.PresencePolicy presence =
      io.peervoice.signaling.call.PresencePolicy.CONTACTS;
  boolean doNotDisturb;
  Duration probeTimeout = PhoneConfig.DEFAULT_PROBE_TIMEOUT;

  PhoneConfigDraft(Identity identity) {
    this.identity = identity;
  }

  PhoneConfig build() {
    return new PhoneConfig(
        identity,
        bootstrap,
        ice,
        opus,
        srtpProfiles,
        source,
        sink,
        listeners,
        callWaiting,
        inviteTimeout,
        ringTimeout,
        overlayAddress,
        outboundImpairment,
        networkPoll,
        networkAddresses,
        keepalive,
        mediaClock,
        signalingExecutor,
        listenerExecutor,
        incomingLimits,
        contacts,
        noAudioTimeout,
        readyTimeout,
        maxCalls,
        audioProcessing,
        complexityAdaptation,
        streamRoutes, // null: assumed (PhoneConfigChecks)
        transfers,
        presence, // S6 presence
        doNotDisturb,
        probeTimeout);
  }
}
