package io.peervoice.signaling.call;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A caller's view of the callee's devices ({@code docs/calls.md}, "Several devices"): one identity
 * may run on several processes, each ringing with its own messages, sequence numbers and device id
 * (0 for a phone that names none). Keeps each device's duplicate filter, which device the call
 * follows (the first to ring, then the one that answered), and which were told the call was taken.
 * Bounded: at most {@link #MAX} devices per call; messages from more are ignored. Not thread-safe.
 */
final class CallBranches {
  /** The most callee devices one call tracks. */
  static final int MAX = 8;

  private static final class Branch {
    final BitSet seen = new BitSet();
    boolean ringing;
    boolean done;
    boolean told;
  }

  /** What the caller's flow does with a message from one of the callee's devices. */
  enum Step {
    /** Drop it. */
    IGNORE,
    /** Drop it, and tell the devices the call was answered elsewhere (this one had not been). */
    TELL,
    /** A device rings (the call rings with the first). */
    RING,
    /** The first answer: the call is this device's. */
    ANSWER,
    /**
     * As {@link #ANSWER}, and tell the other devices: some were heard from, or (S8 review) a
     * PeerVoice phone answered naming its device, so others may be online yet silent (do not
     * disturb holds its BUSY 3 s, {@code QuietAnswers}) and must learn the call was taken.
     */
    ANSWER_AND_TELL,
    /** A refusal that ends the call (decline; busy or cancel with no other device ringing). */
    END,
    /** Candidates, hold, restart or hang-up, from the device the call follows. */
    COMMON
  }

  private final Map<Long, Branch> branches = new LinkedHashMap<>();
  private Long followed;
  private boolean won;

  /** Records {@code seq} from {@code device}; false for a duplicate or a device over the bound. */
  boolean fresh(long device, int seq) {
    Branch b = branches.get(device);
    if (b == null) {
      if (branches.size() >= MAX) {
        return false;
      }
      b = new Branch();
      branches.put(device, b);
    }
    if (b.seen.get(seq)) {
      return false;
    }
    b.seen.set(seq);
    return true;
  }

  /**
   * Decides what a fresh message from {@code device} does, keeping the devices' states; {@code
   * early} is true while the call is neither answered nor ended.
   */
  Step decide(CallMessage m, long device, boolean early) {
    if (won && !follows(device)) {
      return tell(device) ? Step.TELL : Step.IGNORE; // a device that rang or answered late
    }
    if (m instanceof CallMessage.Ringing && early) {
      ringing(device);
      return Step.RING;
    }
    if ((m instanceof CallMessage.Answer || m instanceof CallMessage.WebAnswer) && early) {
      won(device);
      boolean named = device != 0 && m instanceof CallMessage.Answer; // a browser's: as before
      return named || othersKnown(device) ? Step.ANSWER_AND_TELL : Step.ANSWER;
    }
    boolean refusal =
        m instanceof CallMessage.Decline
            || m instanceof CallMessage.Busy
            || m instanceof CallMessage.Cancel;
    if (!follows(device) && !refusal) {
      return Step.IGNORE; // a second device's trickle or hold while another one is followed
    }
    if (m instanceof CallMessage.Decline && early) {
      return Step.END; // declined on one device: declined
    }
    if (refusal && early) {
      done(device);
      return othersRinging(device) ? Step.IGNORE : Step.END;
    }
    return Step.COMMON;
  }

  /** How a caller's call ends on a refusal {@code m}. */
  static EndReason callerEnd(CallMessage m) {
    if (m instanceof CallMessage.Decline) {
      return EndReason.DECLINED;
    }
    if (m instanceof CallMessage.Cancel c) {
      return switch (c.reason()) {
        case GLARE, REJECTED, ERROR, CLOSED -> c.reason();
        default -> EndReason.CANCELLED;
      };
    }
    return EndReason.BUSY;
  }

  /** The reason of the CANCEL that stops a refusing device's siblings. */
  static EndReason forSiblings(CallMessage refusal) {
    return refusal instanceof CallMessage.Decline ? EndReason.DECLINED : EndReason.CANCELLED;
  }

  /** How a callee's call ends on a CANCEL with {@code why}. */
  static EndReason calleeEnd(EndReason why) {
    return switch (why) {
      case NO_ANSWER, ERROR, ANSWERED_ELSEWHERE, DECLINED -> why;
      default -> EndReason.CANCELLED;
    };
  }

  /** True once a device answered; from then on only it is followed. */
  boolean won() {
    return won;
  }

  /** The device the call follows, or null before any rang. */
  Long followed() {
    return followed;
  }

  /** Whether messages from {@code device} drive the call: the followed one, or any before that. */
  boolean follows(long device) {
    return followed == null || followed == device;
  }

  /** {@code device} rings; the first to ring is followed until one answers. */
  void ringing(long device) {
    branches.get(device).ringing = true;
    if (followed == null) {
      followed = device;
    }
  }

  /** {@code device} answered first: the call is its. */
  void won(long device) {
    won = true;
    followed = device;
  }

  /** {@code device} refused or ended its side. */
  void done(long device) {
    branches.get(device).done = true;
  }

  /** Whether any device but {@code device} is ringing still. */
  boolean othersRinging(long device) {
    for (Map.Entry<Long, Branch> e : branches.entrySet()) {
      if (e.getKey() != device && e.getValue().ringing && !e.getValue().done) {
        return true;
      }
    }
    return false;
  }

  /** Whether any device but {@code device} was heard from. */
  boolean othersKnown(long device) {
    for (long d : branches.keySet()) {
      if (d != device) {
        return true;
      }
    }
    return false;
  }

  /** Marks {@code device} told that the call was taken elsewhere; false if it already was. */
  boolean tell(long device) {
    Branch b = branches.get(device);
    if (b.told) {
      return false;
    }
    b.told = true;
    return true;
  }
}
