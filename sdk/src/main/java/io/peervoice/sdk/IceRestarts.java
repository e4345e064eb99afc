package io.peervoice.sdk;

import io.peervoice.session.CallFailedException;
import io.peervoice.session.MediaDescription;
import io.peervoice.session.MediaSession;
import io.peervoice.session.RestartReason;
import io.peervoice.session.SessionDescription;
import io.peervoice.signaling.LogText;
import io.peervoice.signaling.call.CallFlow;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's ICE restarts (RFC 8445 §9) through the call protocol: either side may offer one (after
 * consent loss or a network change); the other gathers, answers and both move media to the new path
 * with SRTP state kept (the session asks its keying again and gets the call's agreed keys). When
 * both offer at once the controlling side's offer wins and the controlled side drops its own. Runs
 * on the phone's signaling thread.
 */
final class IceRestarts {
  private static final Logger log = LoggerFactory.getLogger(IceRestarts.class);

  private final Phone phone;
  private final Call call;
  private final CallId id;
  private final boolean controlling;
  private final MediaSession media;
  private final Supplier<CallFlow> flow;
  private final BooleanSupplier active;
  private boolean restarting;
  private volatile int completed;

  IceRestarts(
      Phone phone,
      Call call,
      boolean controlling,
      MediaSession media,
      Supplier<CallFlow> flow,
      BooleanSupplier active) {
    this.phone = phone;
    this.call = call;
    this.id = call.id();
    this.controlling = controlling;
    this.media = media;
    this.flow = flow;
    this.active = active;
  }

  /** Restarts completed. */
  int completed() {
    return completed;
  }

  /** We start an ICE restart: a new session gathers, its offer goes to the peer. */
  void begin(RestartReason reason) {
    if (!active.getAsBoolean() || restarting) {
      return;
    }
    log.info("call {}: restarting ICE ({})", id, reason);
    restarting = true;
    prepareRestart(
        description -> {
          if (active.getAsBoolean() && restarting) {
            flow.get().restart(false, description);
          }
        });
  }

  /** Gathers the new session off the signaling thread, then continues on it. */
  private void prepareRestart(java.util.function.Consumer<byte[]> then) {
    CompletableFuture.supplyAsync(
            () -> {
              try {
                SessionDescription d = media.prepareIceRestart();
                return new MediaDescription(d.ice(), d.ssrc(), d.payloadType(), d.dtmfPayloadType())
                    .encode();
              } catch (CallFailedException e) {
                throw new java.util.concurrent.CompletionException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CompletionException(e);
              }
            },
            phone.media().restartThreads())
        .whenComplete(
            (description, error) ->
                phone
                    .thread()
                    .later(
                        call,
                        () -> {
                          if (error != null) {
                            log.warn(
                                "call {}: ICE restart could not gather: {}",
                                id,
                                LogText.escape(error.getMessage()));
                            restarting = false;
                          } else {
                            then.accept(description);
                          }
                        }));
  }

  void remote(CallMessage.Restart r) {
    if (!r.answer()) {
      if (restarting && controlling) {
        return;
      }
      if (restarting) {
        media.cancelIceRestart();
      }
      restarting = true;
      prepareRestart(
          description -> {
            if (active.getAsBoolean()) {
              flow.get().restart(true, description);
              completeRestart(r.description());
            }
          });
    } else if (restarting) {
      completeRestart(r.description());
    }
  }

  private void completeRestart(byte[] remoteDescription) {
    MediaDescription remote;
    try {
      remote = MediaDescription.decode(remoteDescription);
    } catch (IllegalArgumentException e) {
      log.warn("call {}: bad ICE restart description: {}", id, LogText.escape(e.getMessage()));
      media.cancelIceRestart();
      restarting = false;
      return;
    }
    media
        .completeIceRestart(
            new SessionDescription(
                CallIce.cappedForRestart(remote.ice(), phone),
                remote.ssrc(),
                remote.opusPayloadTypeOrDefault(),
                remote.dtmfPayloadTypeOrDefault()))
        .whenComplete(
            (ok, error) ->
                phone
                    .thread()
                    .later(
                        call,
                        () -> {
                          restarting = false;
                          if (error == null) {
                            completed++;
                          } else {
                            log.warn(
                                "call {}: ICE restart failed: {}",
                                id,
                                LogText.escape(error.getMessage()));
                          }
                        }));
  }
}
