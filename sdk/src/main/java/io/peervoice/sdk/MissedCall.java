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
 * @param caller who called (the note's signature proves it)
 * @param callId the call it is about (a note is raised once per caller and call)
 * @param time when the caller placed the call, by the caller's clock
 * @param text what the caller wrote, empty if nothing (at most 280 UTF-8 bytes)
 * @param voice the voice message as Opus frames of 20 ms at 48 kHz (decode each with any Opus
 *     decoder to play or save it); empty if none (at most 750 frames, 15 KiB)
 */
public record MissedCall(
    PeerId caller, CallId callId, Instant time, String text, List<byte[]> voice) {
  public MissedCall {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(text, "text");
    voice = voice.stream().map(byte[]::clone).toList();
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
