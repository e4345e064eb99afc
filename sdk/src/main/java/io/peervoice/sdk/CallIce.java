package io.peervoice.sdk;

import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceParameters;
import io.peervoice.nat.TrickleListener;
import io.peervoice.session.MediaDescription;
import io.peervoice.session.MediaSession;
import io.peervoice.session.SessionDescription;
import io.peervoice.signaling.LogText;
import io.peervoice.signaling.call.CallFlow;
import io.peervoice.signaling.call.CallState;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's ICE signaling: our trickled candidates go to the peer (a caller holds them until the
 * callee's phone rings, which proves the callee has the call), the peer's are added as they come,
 * and connectivity checks start on the peer's first description. Its media session may come late: a
 * callee defers ICE for a stranger until it answers, and until then only keeps (at most {@link
 * #MAX_REMOTE_CANDIDATES}) the candidates the caller trickles, sending nothing anywhere. An empty
 * description from a callee means it deferred ICE; its answer carries the real one. Every remote
 * candidate must be an IP literal, and at most {@link #MAX_REMOTE_CANDIDATES} are used per call
 * (the rest are dropped and counted). Runs on the phone's signaling thread.
 */
final class CallIce {
  private static final Logger log = LoggerFactory.getLogger(CallIce.class);

  /** The most peer candidates one call (or one ICE restart) uses. */
  static final int MAX_REMOTE_CANDIDATES = 16;

  private final Phone phone;
  private final Call call;
  private MediaSession media;
  private final List<String> pending = new ArrayList<>();
  private final List<IceCandidate> pendingRemote = new ArrayList<>();
  private int remoteCount;
  private boolean pendingEnd;
  private boolean released;
  private boolean connecting;
  private boolean connected;
  private CallFlow flow;

  CallIce(Phone phone, Call call, boolean holdUntilRinging) {
    this.phone = phone;
    this.call = call;
    this.released = !holdUntilRinging;
  }

  /**
   * Starts gathering server-reflexive and relayed candidates of {@code session} and trickling them;
   * remote candidates kept so far go to it.
   */
  void start(MediaSession session, CallFlow flow) {
    this.media = session;
    this.flow = flow;
    for (IceCandidate c : pendingRemote) {
      media.addRemoteCandidate(c);
    }
    pendingRemote.clear();
    media.gatherMore(
        new TrickleListener() {
          @Override
          public void onCandidate(IceCandidate candidate) {
            phone.thread().later(call, () -> trickled(List.of(candidate.toSdp()), false));
          }

          @Override
          public void onEndOfCandidates() {
            phone.thread().later(call, () -> trickled(List.of(), true));
          }
        });
  }

  /** Whether {@link #start} ran. */
  boolean started() {
    return media != null;
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
   * path is selected. An empty description (a callee deferring ICE) is ignored until a real one
   * comes. A bad description or a failed ICE ends the call as a media failure.
   */
  void connect(byte[] remoteDescription, Runnable connectedThen) {
    if (connecting || remoteDescription.length == 0) {
      return;
    }
    MediaDescription remote;
    try {
      remote = MediaDescription.decode(remoteDescription);
    } catch (IllegalArgumentException e) {
      connecting = true;
      log.warn("call {}: {}", call.id(), LogText.escape(e.getMessage()));
      flow.mediaFailed();
      return;
    }
    connect(
        new SessionDescription(
            remote.ice(),
            remote.ssrc(),
            remote.opusPayloadTypeOrDefault(),
            remote.dtmfPayloadTypeOrDefault()),
        connectedThen);
  }

  /** As {@link #connect(byte[], Runnable)} with a decoded description (S6 wrtcj: from SDP). */
  void connect(SessionDescription remote, Runnable connectedThen) {
    if (connecting) {
      return;
    }
    connecting = true;
    log.debug("call {}: connectivity checks start", call.id());
    SessionDescription session =
        new SessionDescription(
            capped(remote.ice()), remote.ssrc(), remote.payloadType(), remote.dtmfPayloadType());
    media
        .connect(session)
        .whenComplete(
            (ok, error) ->
                phone
                    .thread()
                    .later(
                        call,
                        () -> {
                          if (error != null && call.state() == CallState.ENDED) {
                            log.debug( // a cancel or hang-up closed it: nothing failed
                                "call {}: ICE stopped as the call ended: {}",
                                call.id(),
                                LogText.escape(error.getMessage()));
                          } else if (error != null) {
                            log.warn(
                                "call {}: ICE failed: {}",
                                call.id(),
                                LogText.escape(error.getMessage()));
                            flow.mediaFailed();
                          } else {
                            log.debug("call {}: ICE connected; media may start", call.id());
                            connected = true;
                            connectedThen.run();
                          }
                        }));
  }

  boolean connected() {
    return connected;
  }

  /** Candidates the peer trickled; malformed ones, host names and any over the cap are dropped. */
  void addRemote(List<String> candidates) {
    for (String c : candidates) {
      IceCandidate parsed;
      try {
        parsed = IceCandidate.parseSdp(c);
      } catch (RuntimeException e) {
        phone.candidateDropped();
        log.debug("call {}: ignored a bad candidate: {}", call.id(), LogText.escape(c));
        continue;
      }
      if (!admit()) {
        continue;
      }
      if (media == null) {
        pendingRemote.add(parsed);
      } else {
        media.addRemoteCandidate(parsed);
      }
    }
  }

  /** {@code ice} with at most the candidates this call has room for. */
  private IceParameters capped(IceParameters ice) {
    List<IceCandidate> kept = new ArrayList<>();
    for (IceCandidate c : ice.candidates()) {
      if (admit()) {
        kept.add(c);
      }
    }
    return new IceParameters(ice.ufrag(), ice.password(), kept);
  }

  private boolean admit() {
    if (remoteCount >= MAX_REMOTE_CANDIDATES) {
      phone.candidateDropped();
      return false;
    }
    remoteCount++;
    return true;
  }

  /**
   * {@code ice} with at most {@link #MAX_REMOTE_CANDIDATES} candidates, for a new ICE session (a
   * restart); the rest are counted as dropped.
   */
  static IceParameters cappedForRestart(IceParameters ice, Phone phone) {
    if (ice.candidates().size() <= MAX_REMOTE_CANDIDATES) {
      return ice;
    }
    for (int i = MAX_REMOTE_CANDIDATES; i < ice.candidates().size(); i++) {
      phone.candidateDropped();
    }
    return new IceParameters(
        ice.ufrag(), ice.password(), ice.candidates().subList(0, MAX_REMOTE_CANDIDATES));
  }
}
