package io.peervoice.sdk;

import io.peervoice.signaling.DeliveryException;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.OverlayClient;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.PublicIdentity;
import io.peervoice.signaling.call.CallFlow;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.CallMessages;
import io.peervoice.signaling.call.CallProtocolException;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.call.InviteGuard;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
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
 *         .audioSource(call -> mySpeech)
 *         .audioSink(call -> mySpeaker)
 *         .listeners(call -> new CallListener() {
 *           public void onRinging(Call c) {
 *             if (c.direction() == CallDirection.INCOMING) {
 *               c.answer();
 *             }
 *           }
 *           public void onEnded(Call c, EndReason why) {
 *             System.out.println("call ended: " + why);
 *           }
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
 * <p>Thread-safe. All call logic runs on one signaling thread; listeners run on another.
 */
public final class Phone implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Phone.class);

  private final PhoneConfig config;
  private final OverlayClient overlay;
  private final ScheduledExecutorService signaling;
  private final ExecutorService events;
  private final ScheduledExecutorService media;
  private final boolean ownsMedia;
  private final MediaSessionConfig mediaConfig;
  private final Map<CallId, Call> calls = new LinkedHashMap<>();
  private final InviteGuard guard;
  private final SecureRandom random = new SecureRandom();
  private final AtomicLong refusedInvites = new AtomicLong();
  private final AtomicLong droppedMessages = new AtomicLong();
  private volatile boolean closed;
  private volatile Thread signalingThread;
  private final CompletableFuture<Void> warmedUp = new CompletableFuture<>();
  private final java.util.Set<CompletableFuture<Void>> inFlight =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile io.peervoice.nat.NetworkMonitor network;
  private final ExecutorService restarts =
      Executors.newCachedThreadPool(daemon("peervoice-ice-restart"));

  private Phone(PhoneConfig config, OverlayClient overlay) {
    this.config = config;
    this.overlay = overlay;
    this.signaling =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "peervoice-signaling");
              t.setDaemon(true);
              signalingThread = t;
              return t;
            });
    this.events = Executors.newSingleThreadExecutor(daemon("peervoice-events"));
    this.ownsMedia = config.mediaClock().isEmpty();
    this.media =
        config
            .mediaClock()
            .orElseGet(() -> new ScheduledThreadPoolExecutor(1, daemon("peervoice-media")));
    this.mediaConfig =
        MediaSessionConfig.builder(media)
            .ice(config.ice())
            .opus(config.opus())
            .srtpProfile(config.srtpProfiles().get(0))
            .ioThreads(daemon("peervoice-rx"))
            .outboundImpairment(config.outboundImpairment())
            .build();
    this.guard = new InviteGuard(config.identity().peerId());
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
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
    OverlayClient overlay =
        OverlayClient.start(
            config.identity(), config.bootstrap(), config.overlayAddress(), config.keepalive());
    Phone phone = new Phone(config, overlay);
    overlay.onMessage(
        (from, payload) -> phone.signaling.execute(() -> phone.onMessage(from, payload)));
    if (!config.networkPoll().isZero()) {
      phone.network =
          io.peervoice.nat.NetworkMonitor.start(
              config.networkAddresses(),
              phone.signaling,
              config.networkPoll(),
              () -> phone.calls.values().forEach(Call::networkChanged));
    }
    Thread warm =
        new Thread(
            () -> {
              WarmUp.run(phone.mediaConfig, phone.config, phone.random, phone.id());
              phone.warmedUp.complete(null);
            },
            "peervoice-warm-up");
    warm.setDaemon(true);
    warm.start();
    return phone;
  }

  /**
   * Completes once reachable (attached to the overlay with our location record published) and
   * warmed up (codecs, SRTP and ICE initialised, so the first call sets up as fast as later ones).
   */
  public CompletableFuture<Void> ready() {
    return CompletableFuture.allOf(overlay.ready(), warmedUp);
  }

  public PeerId id() {
    return config.identity().peerId();
  }

  /**
   * Calls {@code callee}. Returns at once with the call {@link CallState#DIALING}; what follows
   * reaches the call's listener.
   *
   * @throws IllegalArgumentException if {@code callee} is this phone
   * @throws IllegalStateException if the phone is closed
   */
  public Call call(PeerId callee) {
    if (closed) {
      throw new IllegalStateException("the phone is closed");
    }
    if (callee.equals(id())) {
      throw new IllegalArgumentException("a phone cannot call itself");
    }
    return onSignaling(
        () -> {
          Call call = new Call(this, CallId.random(random), callee, CallDirection.OUTGOING);
          calls.put(call.id(), call);
          call.dial();
          return call;
        });
  }

  /** The calls that have not ended. */
  public List<Call> calls() {
    return onSignaling(() -> new ArrayList<>(calls.values()));
  }

  /** Invites refused as replayed, stale, re-targeted or without a common SRTP profile. */
  public long refusedInvites() {
    return refusedInvites.get();
  }

  /** Call messages dropped: undecodable, for unknown calls, or from the wrong peer. */
  public long droppedMessages() {
    return droppedMessages.get();
  }

  private void onMessage(PublicIdentity from, byte[] payload) {
    CallMessage m;
    try {
      m = CallMessages.decode(payload);
    } catch (CallProtocolException e) {
      droppedMessages.incrementAndGet();
      log.debug("dropped a call message from {}: {}", from.peerId(), e.getMessage());
      return;
    }
    Call call = calls.get(m.callId());
    if (call != null) {
      if (call.peer().equals(from.peerId())) {
        call.received(m);
      } else {
        droppedMessages.incrementAndGet();
      }
    } else if (m instanceof CallMessage.Invite invite) {
      incoming(from.peerId(), invite);
    } else {
      droppedMessages.incrementAndGet();
    }
  }

  private void incoming(PeerId from, CallMessage.Invite invite) {
    InviteGuard.Rejection rejection =
        guard.check(
            invite,
            System.currentTimeMillis(),
            config.srtpProfiles().stream().map(Enum::name).toList());
    if (rejection != null) {
      refusedInvites.incrementAndGet();
      log.warn("refused an invite from {}: {}", from, rejection);
      return;
    }
    for (Call other : calls.values()) {
      if (other.peer().equals(from)
          && other.direction() == CallDirection.OUTGOING
          && other.state() != CallState.ACTIVE) {
        if (invite.callId().compareTo(other.id()) < 0) {
          other.lostGlare();
        } else {
          send(from, CallFlow.refusal(invite, EndReason.GLARE), null);
          return;
        }
      }
    }
    if (config.callWaiting() == CallWaiting.BUSY && !calls.isEmpty()) {
      send(from, CallFlow.refusal(invite, EndReason.BUSY), null);
      return;
    }
    Call call = new Call(this, invite.callId(), from, CallDirection.INCOMING);
    calls.put(call.id(), call);
    call.ring(invite);
  }

  void send(PeerId to, CallMessage m, Call call) {
    CompletableFuture<Void> sending = overlay.send(to, CallMessages.encode(m));
    inFlight.add(sending);
    sending.whenComplete(
        (ok, error) -> {
          inFlight.remove(sending);
          if (error != null && call != null) {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            DeliveryException.Reason reason =
                cause instanceof DeliveryException d ? d.reason() : null;
            signaling.execute(() -> call.undeliverable(m, reason));
          }
        });
  }

  void ended(Call call) {
    calls.remove(call.id());
  }

  /** Runs a listener callback on the events thread; its exceptions are logged. */
  void dispatch(Runnable event) {
    try {
      events.execute(
          () -> {
            try {
              event.run();
            } catch (RuntimeException e) {
              log.warn("call listener failed", e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed
    }
  }

  CallFlow.Timers timers() {
    return (millis, task) -> {
      var f = signaling.schedule(task, millis, TimeUnit.MILLISECONDS);
      return () -> f.cancel(false);
    };
  }

  void later(Runnable task) {
    signaling.execute(task);
  }

  void later(long millis, Runnable task) {
    signaling.schedule(task, millis, TimeUnit.MILLISECONDS);
  }

  ExecutorService restartThreads() {
    return restarts;
  }

  PhoneConfig config() {
    return config;
  }

  MediaSessionConfig mediaConfig() {
    return mediaConfig;
  }

  SecureRandom random() {
    return random;
  }

  Identity identity() {
    return config.identity();
  }

  /** Runs {@code task} on the signaling thread and waits for it. */
  <T> T onSignaling(Callable<T> task) {
    if (Thread.currentThread() == signalingThread) {
      try {
        return task.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      return signaling.submit(task).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the phone's signaling thread did not answer", e);
    }
  }

  /**
   * Ends every call (telling each peer, waiting up to a second for the messages to be delivered),
   * leaves the overlay and stops all threads.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      onSignaling(
          () -> {
            for (Call c : new ArrayList<>(calls.values())) {
              c.hangupForClose();
            }
            return null;
          });
    } catch (IllegalStateException e) {
      log.warn("closing calls: {}", e.getMessage());
    }
    if (network != null) {
      network.close();
    }
    restarts.shutdownNow();
    try {
      CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(1, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.debug("closing with call messages undelivered: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    overlay.close();
    signaling.shutdown();
    events.shutdown();
    try {
      signaling.awaitTermination(2, TimeUnit.SECONDS);
      events.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (ownsMedia) {
      media.shutdownNow();
    }
  }
}
