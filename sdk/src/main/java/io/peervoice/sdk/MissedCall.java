package io.peervoice.sdk;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * S6 missed: a call that reached us while we were offline or did not answer, as its caller left it
 * ({@code docs/missed-calls.md}): who, when (the caller's clock), an optional short text and an
 * optional short voice message. The note was sealed to us and signed by the caller; the rendezvous
 * nodes that held it saw only the two PeerIds and its size.
 *
 * <p>S7 tel: a call this phone turned away because it is set to do not disturb is raised too, with
 * {@link Reason#DO_NOT_DISTURB}: the caller as the call's signature proved it, the call id, the
 * time by our clock when it was refused, no text or voice ({@code docs/presence.md}). A note the
 * caller leaves after it is raised on its own, with {@link Reason#NOTE}.
 *
 * @param caller who called (the note's signature proves it)
 * @param callId the call it is about (a note is raised once per caller and call)
 * @param time when the caller placed the call, by the caller's clock
 * @param text what the caller wrote, empty if nothing (at most 280 UTF-8 bytes)
 * @param voice the voice message as Opus frames of 20 ms at 48 kHz (decode each with any Opus
 *     decoder to play or save it); empty if none (at most 750 frames, 15 KiB)
 * @param reason S7 tel: a note the caller left, or a call we refused for do not disturb
 */
public record MissedCall(
    PeerId caller, CallId callId, Instant time, String text, List<byte[]> voice, Reason reason) {
  public MissedCall {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(reason, "reason");
    voice = voice.stream().map(byte[]::clone).toList();
  }

  /** A note the caller left ({@link Reason#NOTE}). */
  public MissedCall(PeerId caller, CallId callId, Instant time, String text, List<byte[]> voice) {
    this(caller, callId, time, text, voice, Reason.NOTE);
  }

  /** S7 tel: why a call is raised as missed. */
  public enum Reason {
    /** The caller left a note (the call was not answered, or we were offline). */
    NOTE,
    /** This phone turned the call away because it is set to do not disturb. */
    DO_NOT_DISTURB
  }

  /** The voice message's length in milliseconds (20 ms a frame), 0 if none. */
  public long voiceMillis() {
    return 20L * voice.size();
  }

  /** The voice message's size: the bytes of its Opus frames. */
  public int voiceBytes() {
    return voice.stream().mapToInt(f -> f.length).sum();
  }

  /** Hears missed calls ({@link Phone#onMissedCall}); runs on the phone's listener executor. */
  @FunctionalInterface
  public interface Listener {
    void onMissedCall(MissedCall missed);
  }
}
