package io.peervoice.signaling.call;

import java.util.List;

/**
 * A call-signaling message between two peers, carried sealed and signed by the overlay ({@code
 * docs/calls.md}). {@code seq} counts each sender's messages within a call from 0, so a receiver
 * drops duplicates and can tell order.
 */
public sealed interface CallMessage {
  CallId callId();

  int seq();

  /**
   * The offer. {@code callee} binds it to its recipient (a re-targeted invite is refused); {@code
   * timestampMillis} and the call id let the callee refuse a replay; {@code keyShare} is the
   * caller's ephemeral X25519 key; {@code profiles} the SRTP profiles it accepts, preferred first;
   * {@code offer} the media description (ICE credentials and candidates, RTP settings).
   */
  record Invite(
      CallId callId,
      int seq,
      byte[] callee,
      long timestampMillis,
      byte[] keyShare,
      List<String> profiles,
      byte[] offer,
      byte[] replaces)
      implements CallMessage {
    /** S5 xfer: {@code replaces} is empty unless the call replaces one ({@link TransferToken}). */
    public Invite {
      if (replaces.length > TransferToken.LENGTH) {
        throw new IllegalArgumentException("a replace token is " + TransferToken.LENGTH + " bytes");
      }
    }

    /** An ordinary invite, replacing no call. */
    public Invite(
        CallId callId,
        int seq,
        byte[] callee,
        long timestampMillis,
        byte[] keyShare,
        List<String> profiles,
        byte[] offer) {
      this(callId, seq, callee, timestampMillis, keyShare, profiles, offer, new byte[0]);
    }
  }

  /**
   * The callee's phone is ringing. {@code description} is the callee's media description (ICE
   * credentials and candidates), sent early so that connectivity checks run while it rings; the
   * answer repeats it.
   */
  record Ringing(CallId callId, int seq, byte[] description) implements CallMessage {}

  /** The answer: the callee's ephemeral key, the chosen SRTP profile and its media description. */
  record Answer(CallId callId, int seq, byte[] keyShare, String profile, byte[] answer)
      implements CallMessage {}

  /** The callee will not take the call. */
  record Decline(CallId callId, int seq) implements CallMessage {}

  /**
   * The callee is in another call and does not offer call waiting, or (S6 presence) its phone is
   * set to do not disturb: {@code reason} is {@link EndReason#BUSY} or {@link
   * EndReason#DO_NOT_DISTURB}, appended to the wire form after the device field, so a phone that
   * predates it reads a plain BUSY ({@code docs/presence.md}).
   */
  record Busy(CallId callId, int seq, EndReason reason) implements CallMessage {
    public Busy {
      java.util.Objects.requireNonNull(reason, "reason");
      if (reason != EndReason.BUSY && reason != EndReason.DO_NOT_DISTURB) {
        throw new IllegalArgumentException("a BUSY says BUSY or DO_NOT_DISTURB, not " + reason);
      }
    }

    /** A plain busy. */
    public Busy(CallId callId, int seq) {
      this(callId, seq, EndReason.BUSY);
    }
  }

  /** The caller gave up before an answer (hang-up while ringing, or no answer in time). */
  record Cancel(CallId callId, int seq, EndReason reason) implements CallMessage {}

  /**
   * Either side ends an answered call. {@code reason} is why the sender ended it, as the sender
   * reports it: {@link EndReason#LOCAL_HANGUP} when its user hung up, or {@link
   * EndReason#DEVICE_FAILED}, {@link EndReason#NO_AUDIO}, {@link EndReason#PEER_VANISHED}, {@link
   * EndReason#MEDIA_FAILED}, {@link EndReason#ERROR}. It is an optional field appended to the wire
   * form: a phone that predates it ignores it, and a hang-up without it reads as {@code
   * LOCAL_HANGUP}.
   */
  record Hangup(CallId callId, int seq, EndReason reason) implements CallMessage {
    public Hangup {
      java.util.Objects.requireNonNull(reason, "reason");
    }

    /** A plain hang-up by the sender's user. */
    public Hangup(CallId callId, int seq) {
      this(callId, seq, EndReason.LOCAL_HANGUP);
    }
  }

  /** Trickled ICE candidates (SDP attribute form), and whether these are the last. */
  record Candidates(CallId callId, int seq, List<String> candidates, boolean end)
      implements CallMessage {}

  /** The sender put the call on hold ({@code held}) or took it off hold. */
  record Hold(CallId callId, int seq, boolean held) implements CallMessage {}

  /**
   * An ICE restart description (RFC 8445 §9): an offer from one side, the answer from the other.
   */
  record Restart(CallId callId, int seq, boolean answer, byte[] description)
      implements CallMessage {}

  // S5 conf: conference messages, wire types 20-29

  /**
   * A conference host tells one participant who is in the conference it hosts (wire type 20). Each
   * state carries a larger {@code epoch} than the last, so a reordered older one is ignored; an
   * empty {@code members} list says this call left the conference (it goes on as a plain call).
   * Carried like every call message: sealed to the participant and signed by the host's identity.
   * At most {@link #MAX_MEMBERS} members, each once.
   */
  record Conference(CallId callId, int seq, long epoch, List<ConferenceMember> members)
      implements CallMessage {
    /** The most members one state may list. */
    public static final int MAX_MEMBERS = 16;

    public Conference {
      members = List.copyOf(members);
      if (members.size() > MAX_MEMBERS) {
        throw new IllegalArgumentException("more than " + MAX_MEMBERS + " members");
      }
      if (epoch < 0) {
        throw new IllegalArgumentException("negative epoch");
      }
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (ConferenceMember m : members) {
        if (!seen.add(java.util.HexFormat.of().formatHex(m.peer()))) {
          throw new IllegalArgumentException("a member listed twice");
        }
      }
    }
  }

  /**
   * One member of a {@link Conference} state: its PeerId bytes (20), whether it is the host, is
   * speaking now, is muted by the host or is on hold, and its level in dBov (-127..0).
   */
  record ConferenceMember(
      byte[] peer, boolean host, boolean speaking, boolean muted, boolean held, int levelDbov) {
    public ConferenceMember {
      if (peer.length != 20) {
        throw new IllegalArgumentException("a PeerId has 20 bytes, not " + peer.length);
      }
      if (levelDbov < -127 || levelDbov > 0) {
        throw new IllegalArgumentException("level out of -127..0: " + levelDbov);
      }
    }
  }

  // S5 xfer: transfer messages, wire types 21-22 (docs/transfer.md)

  /**
   * The transferor asks the transferee to call {@code target} (a PeerId, 20 bytes) and to report
   * how it went with {@link TransferStatus} (wire type 21). {@code token} is empty for a blind
   * transfer; for an attended one it is the {@link TransferToken} the new call's invite carries so
   * the target knows which consultation call it replaces.
   */
  record Transfer(CallId callId, int seq, byte[] target, byte[] token) implements CallMessage {
    public Transfer {
      if (target.length != 20) {
        throw new IllegalArgumentException("a PeerId has 20 bytes, not " + target.length);
      }
      if (token.length != 0 && token.length != TransferToken.LENGTH) {
        throw new IllegalArgumentException(
            "a transfer token is " + TransferToken.LENGTH + " bytes");
      }
    }
  }

  /**
   * The transferee tells the transferor how a {@link Transfer} went (wire type 22): {@code reason}
   * says why for {@link TransferOutcome#REFUSED} and {@link TransferOutcome#FAILED} (the call to
   * the target's end reason, or {@link EndReason#REJECTED} for a refusal by policy).
   */
  record TransferStatus(CallId callId, int seq, TransferOutcome outcome, EndReason reason)
      implements CallMessage {
    public TransferStatus {
      java.util.Objects.requireNonNull(outcome, "outcome");
      java.util.Objects.requireNonNull(reason, "reason");
    }
  }

  // S6 missed: missed-call notes, wire type 50 (docs/missed-calls.md)

  /**
   * A missed-call note (wire type 50): the caller of call {@code callId} tried at {@code
   * timestampMillis} (Unix time) and was not answered; it may add a short {@code text} (at most
   * {@link #MAX_TEXT} UTF-8 bytes) and a short voice message, {@code voice}: Opus frames of 20 ms
   * (at most {@link #MAX_VOICE_FRAMES} frames and {@link #MAX_VOICE_BYTES} bytes). Sealed to the
   * callee and signed by the caller like every call message; rendezvous nodes hold it until the
   * callee attaches.
   */
  record MissedCall(
      CallId callId, int seq, long timestampMillis, String text, java.util.List<byte[]> voice)
      implements CallMessage {
    /** The most UTF-8 bytes of text a note carries. */
    public static final int MAX_TEXT = 280;

    /** The most Opus frames (20 ms each: 15 s) a note carries. */
    public static final int MAX_VOICE_FRAMES = 750;

    /** The most bytes of Opus frames a note carries (one overlay message holds the rest). */
    public static final int MAX_VOICE_BYTES = 15 * 1024;

    /** The largest one Opus frame may be. */
    public static final int MAX_FRAME = 1275;

    public MissedCall {
      java.util.Objects.requireNonNull(text, "text");
      if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_TEXT) {
        throw new IllegalArgumentException("a note's text is at most " + MAX_TEXT + " bytes");
      }
      voice = voice.stream().map(byte[]::clone).toList();
      if (voice.size() > MAX_VOICE_FRAMES) {
        throw new IllegalArgumentException("more than " + MAX_VOICE_FRAMES + " voice frames");
      }
      long bytes = 0;
      for (byte[] frame : voice) {
        if (frame.length == 0 || frame.length > MAX_FRAME) {
          throw new IllegalArgumentException("a voice frame of " + frame.length + " bytes");
        }
        bytes += frame.length;
      }
      if (bytes > MAX_VOICE_BYTES) {
        throw new IllegalArgumentException(
            "voice of " + bytes + " bytes is over " + MAX_VOICE_BYTES);
      }
      if (timestampMillis < 0) {
        throw new IllegalArgumentException("negative time");
      }
    }

    /** The voice message's length: 20 ms a frame. */
    public long voiceMillis() {
      return 20L * voice.size();
    }
  }

  // S6 presence: presence probe, wire types 30-39 (docs/presence.md)

  /**
   * "Are you reachable now?" without ringing (wire type 30). {@code callId} is a random probe id
   * that the answer echoes; {@code target} (a PeerId, 20 bytes) binds the probe to its recipient,
   * and {@code timestampMillis} lets the recipient refuse a stale one. Carried like every call
   * message: sealed to the target and signed by the asker. The target answers with {@link
   * PresenceAnswer} only if its {@link PresencePolicy} allows this asker and within its rate
   * limits; otherwise it says nothing at all, so a refusal looks like an offline peer.
   */
  record PresenceProbe(CallId callId, int seq, byte[] target, long timestampMillis)
      implements CallMessage {
    public PresenceProbe {
      if (target.length != 20) {
        throw new IllegalArgumentException("a PeerId has 20 bytes, not " + target.length);
      }
    }
  }

  /**
   * The answer to a {@link PresenceProbe} (wire type 31), echoing its id: the phone is on and
   * attached, and whether it is set to do not disturb (its calls are answered busy). It carries no
   * address: it travels through the overlay like any call message.
   */
  record PresenceAnswer(CallId callId, int seq, boolean doNotDisturb) implements CallMessage {}

  // S6 wrtcj: WebRTC call messages, wire types 40-49 (docs/webrtc.md, "Call messages")

  /**
   * A call offered with a JSEP SDP offer (RFC 9429 §5.2) instead of an {@link Invite}: the caller
   * is a browser, or a phone calling one (wire type 40). Media is keyed by DTLS-SRTP (RFC 5763);
   * the SDP's {@code a=fingerprint} is what the DTLS certificate must hash to, and it is bound to
   * the caller's identity because this message is signed. {@code callee} and {@code
   * timestampMillis} serve as in an {@link Invite} (re-targeting, replays).
   */
  record WebOffer(CallId callId, int seq, byte[] callee, long timestampMillis, String sdp)
      implements CallMessage {
    /** The longest SDP a web call message carries, in characters. */
    public static final int MAX_SDP = 12 * 1024;

    public WebOffer {
      if (callee.length != 20) {
        throw new IllegalArgumentException("a PeerId has 20 bytes, not " + callee.length);
      }
      checkSdp(sdp);
    }
  }

  /** The callee's JSEP SDP answer to a {@link WebOffer} (wire type 41). */
  record WebAnswer(CallId callId, int seq, String sdp) implements CallMessage {
    public WebAnswer {
      checkSdp(sdp);
    }
  }

  private static void checkSdp(String sdp) {
    if (sdp.isEmpty() || sdp.length() > WebOffer.MAX_SDP) {
      throw new IllegalArgumentException("an SDP has 1.." + WebOffer.MAX_SDP + " characters");
    }
  }
}
