package io.peervoice.signaling.call;

import io.peervoice.signaling.PeerId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks an invite before it creates any call state: it must name us as its callee (a re-targeted
 * invite is refused), be recent (±60 s of our clock) and not be one we have seen (a replay). The
 * sender's identity was already proven by the overlay's signature check. Remembers the last 4,096
 * call ids, each at least as long as the timestamp window.
 */
public final class InviteGuard {

  /** Why an invite was refused. */
  public enum Rejection {
    RETARGETED,
    STALE,
    REPLAYED,
    BAD_KEY_SHARE,
    NO_COMMON_PROFILE
  }

  private static final long WINDOW_MILLIS = 60_000;

  private final PeerId me;
  private final Map<CallId, Long> seen =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CallId, Long> eldest) {
          return size() > 4_096;
        }
      };

  public InviteGuard(PeerId me) {
    this.me = me;
  }

  /**
   * Checks {@code invite}; null if it may ring.
   *
   * @param supportedProfiles the SRTP profiles we accept
   */
  public Rejection check(
      CallMessage.Invite invite, long nowWallMillis, java.util.List<String> supportedProfiles) {
    if (!Arrays.equals(invite.callee(), me.bytes())) {
      return Rejection.RETARGETED;
    }
    if (Math.abs(nowWallMillis - invite.timestampMillis()) > WINDOW_MILLIS) {
      return Rejection.STALE;
    }
    if (seen.containsKey(invite.callId())) {
      return Rejection.REPLAYED;
    }
    if (Arrays.equals(invite.keyShare(), new byte[32])) {
      return Rejection.BAD_KEY_SHARE;
    }
    if (invite.profiles().stream().noneMatch(supportedProfiles::contains)) {
      return Rejection.NO_COMMON_PROFILE;
    }
    seen.put(invite.callId(), nowWallMillis);
    return null;
  }
}
