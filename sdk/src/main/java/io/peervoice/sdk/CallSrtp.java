package io.peervoice.sdk;

import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallKeys;
import io.peervoice.signaling.call.CallMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * SRTP for a call: the profile both sides accept and the per-direction keys, derived end to end
 * from the signed X25519 shares ({@code docs/calls.md}, "Media keys"); the call hands them to its
 * media session's {@code AgreedKeying}.
 */
final class CallSrtp {

  private CallSrtp() {}

  /** The first of our profiles the caller offered. */
  static Optional<SrtpProfile> choose(List<String> offered, List<SrtpProfile> ours) {
    return ours.stream().filter(p -> offered.contains(p.name())).findFirst();
  }

  /** The profile the answer chose, if it is one we offered. */
  static Optional<SrtpProfile> accepted(String chosen, List<SrtpProfile> ours) {
    return ours.stream().filter(p -> p.name().equals(chosen)).findFirst();
  }

  /** The callee's keys, derived when it answers. */
  static SrtpKeys callee(
      CallKeys own,
      CallMessage.Invite invite,
      CallId id,
      PeerId caller,
      PeerId callee,
      byte[] answer,
      SrtpProfile profile) {
    CallKeys.MediaKeys k =
        own.derive(
            invite.keyShare(),
            id,
            caller,
            callee,
            invite.keyShare(),
            own.share(),
            invite.offer(),
            answer,
            profile.name(),
            profile.keyLength() + profile.saltLength());
    return new SrtpKeys(
        material(profile, k.calleeToCaller()), material(profile, k.callerToCallee()));
  }

  /**
   * The caller's keys, derived from the answer.
   *
   * @throws IllegalArgumentException if the answer's key share is unusable
   */
  static SrtpKeys caller(
      CallKeys own,
      CallMessage.Answer answer,
      CallId id,
      PeerId caller,
      PeerId callee,
      byte[] offer,
      SrtpProfile profile) {
    CallKeys.MediaKeys k =
        own.derive(
            answer.keyShare(),
            id,
            caller,
            callee,
            own.share(),
            answer.keyShare(),
            offer,
            answer.answer(),
            profile.name(),
            profile.keyLength() + profile.saltLength());
    return new SrtpKeys(
        material(profile, k.callerToCallee()), material(profile, k.calleeToCaller()));
  }

  private static SrtpKeyMaterial material(SrtpProfile profile, byte[] keyAndSalt) {
    return new SrtpKeyMaterial(
        profile,
        Arrays.copyOfRange(keyAndSalt, 0, profile.keyLength()),
        Arrays.copyOfRange(keyAndSalt, profile.keyLength(), keyAndSalt.length));
  }
}
