package io.peervoice.sdk;

import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.TrickleListener;
import io.peervoice.sdk.internal.MediaDescription;
import io.peervoice.signaling.call.CallFlow;
import io.peervoice.signaling.call.CallId;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's ICE signaling: our trickled candidates go to the peer (a caller holds them until the
 * callee's phone rings, which proves the callee has the call), the peer's are added as they come,
 * and connectivity checks start on the peer's first description, while the phone still rings. Runs
 * on the phone's signaling thread.
 */
final class CallIce {
  private static final Logger log = LoggerFactory.getLogger(CallIce.class);

  private final Phone phone;
  private final CallId id;
  private final MediaSession media;
  private final List<String> pending = new ArrayList<>();
  private boolean pendingEnd;
  private boolean released;
  private boolean connecting;
  private boolean connected;
  private CallFlow flow;

  CallIce(Phone phone, CallId id, MediaSession media, boolean holdUntilRinging) {
    this.phone = phone;
    this.id = id;
    this.media = media;
    this.released = !holdUntilRinging;
  }

  /** Starts gathering server-reflexive and relayed candidates and trickling them. */
  void start(CallFlow flow) {
    this.flow = flow;
    media.gatherMore(
        new TrickleListener() {
          @Override
          public void onCandidate(IceCandidate candidate) {
            phone.later(() -> trickled(List.of(candidate.toSdp()), false));
          }

          @Override
          public void onEndOfCandidates() {
            phone.later(() -> trickled(List.of(), true));
          }
        });
  }

  private void trickled(List<String> candidates, boolean end) {
    if (!released) {
      pending.addAll(candidates);
      pendingEnd |= end;
    } else {
      flow.candidates(candidates, end);
    }
  }

  /** The callee's phone rings: what we held back may go now. */
  void release() {
    released = true;
    if (!pending.isEmpty() || pendingEnd) {
      flow.candidates(List.copyOf(pending), pendingEnd);
      pending.clear();
    }
  }

  /**
   * Starts connectivity checks against the peer's description; {@code connectedThen} runs once a
   * path is selected. A bad description or a failed ICE ends the call as a media failure.
   */
  void connect(byte[] remoteDescription, Runnable connectedThen) {
    if (connecting) {
      return;
    }
    connecting = true;
    MediaDescription remote;
    try {
      remote = MediaDescription.decode(remoteDescription);
    } catch (IllegalArgumentException e) {
      log.warn("call {}: {}", id, e.getMessage());
      flow.mediaFailed();
      return;
    }
    SrtpKeyMaterial placeholder =
        SrtpKeyMaterial.random(phone.config().srtpProfiles().get(0), phone.random());
    int opus = remote.opusPayloadType() < 0 ? 111 : remote.opusPayloadType();
    int dtmf = remote.dtmfPayloadType() < 0 ? 101 : remote.dtmfPayloadType();
    media
        .connect(new SessionDescription(remote.ice(), placeholder, remote.ssrc(), opus, dtmf))
        .whenComplete(
            (ok, error) ->
                phone.later(
                    () -> {
                      if (error != null) {
                        log.warn("call {}: ICE failed: {}", id, error.getMessage());
                        flow.mediaFailed();
                      } else {
                        connected = true;
                        connectedThen.run();
                      }
                    }));
  }

  boolean connected() {
    return connected;
  }

  /** Candidates the peer trickled; malformed ones are skipped. */
  void addRemote(List<String> candidates) {
    for (String c : candidates) {
      try {
        media.addRemoteCandidate(IceCandidate.parseSdp(c));
      } catch (RuntimeException e) {
        log.debug("call {}: ignored a bad candidate: {}", id, c);
      }
    }
  }
}
