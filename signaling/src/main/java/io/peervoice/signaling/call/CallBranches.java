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
