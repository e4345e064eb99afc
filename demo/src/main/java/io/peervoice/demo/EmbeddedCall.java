package io.peervoice.demo;

import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.PcmRecorder;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.impair.ImpairmentSpec;
import io.peervoice.sdk.Call;
import io.peervoice.sdk.CallDirection;
import io.peervoice.sdk.CallListener;
import io.peervoice.sdk.CallStats;
import io.peervoice.sdk.Phone;
import io.peervoice.session.CallFailedException;
import io.peervoice.session.CallStep;
import io.peervoice.session.MediaSessionStats;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocalOverlay;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.EndReason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Everything in one process: three rendezvous nodes on loopback, two phones attached to them, and a
 * call from one to the other through the overlay; the callee answers after a short ring and records
 * what it hears.
 */
final class EmbeddedCall implements AutoCloseable {
  static final long ANSWER_DELAY_MILLIS = 500;

  /** What the call measured. */
  record Result(LocalCallReport report, long dialToRingingMillis, EndReason endReason) {}

  private final SecureRandom random = new SecureRandom();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<InetSocketAddress> nodes = new ArrayList<>();
  private final ScheduledExecutorService human = Executors.newSingleThreadScheduledExecutor();
  private final Identity callerId = Identity.generate(random);
  private final Identity calleeId = Identity.generate(random);
  private volatile PcmRecorder heard;
  private final ImpairmentSpec impairment;
  private volatile PcmClip speech;

  EmbeddedCall(ImpairmentSpec impairment) throws IOException {
    this.impairment = impairment;
    LocalOverlay overlay = LocalOverlay.start(3);
    open.add(overlay);
    nodes.addAll(overlay.addresses());
  }

  List<InetSocketAddress> nodes() {
    return nodes;
  }

  PeerId callerId() {
    return callerId.peerId();
  }

  PeerId calleeId() {
    return calleeId.peerId();
  }

  Result run(PcmClip speech, Duration talk) throws CallFailedException, IOException {
    this.speech = speech;
    // room for the talk time and a minute of slack, not an hour up front (345 MB)
    heard = new PcmRecorder((int) Math.min(3_600, talk.toSeconds() + 60));
    InetAddress loopback = InetAddress.getLoopbackAddress();
    Phone caller =
        Phone.start(
            Phone.builder(callerId)
                .bootstrap(nodes)
                .overlayAddress(new InetSocketAddress(loopback, 0))
                .outboundImpairment(impairment)
                .audioSource(c -> this.speech.asSource())
                .build());
    open.add(caller);
    Phone callee =
        Phone.start(
            Phone.builder(calleeId)
                .bootstrap(nodes)
                .overlayAddress(new InetSocketAddress(loopback, 0))
                .outboundImpairment(impairment)
                .audioSink(c -> heard)
                .listeners(c -> answerAfterRinging())
                .build());
    open.add(callee);
    await(caller.ready(), Duration.ofSeconds(15), CallStep.SIGNALING, "the caller did not attach");
    await(callee.ready(), Duration.ofSeconds(15), CallStep.SIGNALING, "the callee did not attach");
    Call call = caller.call(calleeId.peerId());
    CompletableFuture<Void> started = call.mediaStarted();
    await(
        CompletableFuture.anyOf(started, call.ended()),
        Duration.ofSeconds(60),
        CallStep.ICE,
        "no audio within 60 s");
    if (!started.isDone() || started.isCompletedExceptionally()) {
      throw new CallFailedException(
          CallStep.SIGNALING,
          "the call ended before it was answered: " + call.ended().getNow(null),
          null);
    }
    Call incoming = callee.calls().get(0);
    await(
        incoming.mediaStarted(),
        Duration.ofSeconds(30),
        CallStep.AUDIO,
        "the callee heard nothing");
    await(call.ended(), talk, null, null);
    call.hangup();
    EndReason reason = call.ended().join();
    // Each side's figures once its media stopped (a call's last snapshot waits for the tick in
    // progress), so every packet the callee counts was counted sent. Live snapshots of one side
    // then the other let the second count packets sent after the first was taken: under load the
    // callee once reported 152 packets received against 151 frames the caller sent.
    await(incoming.ended(), Duration.ofSeconds(10), null, null);
    CallStats out = call.stats();
    CallStats in = incoming.stats();
    MediaSessionStats callerMedia = out.media().orElseThrow();
    MediaSessionStats calleeMedia = in.media().orElseThrow();
    LocalCallReport report =
        new LocalCallReport(
            in.answerToFirstAudioMillis(),
            callerMedia,
            calleeMedia,
            OpusCodec.libraryVersion(),
            heard.clip());
    return new Result(report, out.dialToRingingMillis(), reason);
  }

  private CallListener answerAfterRinging() {
    return new CallListener() {
      @Override
      public void onRinging(Call call) {
        if (call.direction() == CallDirection.INCOMING) {
          human.schedule(call::answer, ANSWER_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
      }
    };
  }

  /** Waits; a timeout with a step fails the call, without one it just ends the wait. */
  private static void await(CompletableFuture<?> future, Duration limit, CallStep step, String what)
      throws CallFailedException {
    try {
      future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      if (step != null) {
        throw new CallFailedException(step, what, e);
      }
    } catch (ExecutionException e) {
      if (step != null) {
        throw new CallFailedException(step, what + ": " + e.getCause().getMessage(), e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallFailedException(CallStep.SIGNALING, "interrupted", e);
    }
  }

  @Override
  public void close() {
    human.shutdownNow();
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        // best effort on the way out
      }
    }
  }
}
