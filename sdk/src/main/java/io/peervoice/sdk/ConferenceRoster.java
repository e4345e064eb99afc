package io.peervoice.sdk;

import io.peervoice.media.audio.ConferenceMixer;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roster of a conference this phone hosts, and when to tell the participants. Pure: given the
 * mixer's figures and a nanosecond time, it decides. A change of who is in, muted or held is told
 * at once; a change of who speaks at most every {@link #SPEAKING_INTERVAL_NANOS}, so a lively
 * conference costs each leg at most two signaling messages a second. Levels alone are never a
 * reason to send. Not thread-safe (the signaling thread's).
 */
final class ConferenceRoster {
  private static final Logger log = LoggerFactory.getLogger(Conference.class);

  /** The shortest interval between two states sent for a change of speakers only. */
  static final long SPEAKING_INTERVAL_NANOS = 500_000_000L;

  private List<Conference.Member> told = List.of();
  private long toldNanos = Long.MIN_VALUE / 2;

  /**
   * Epochs for every conference of this process: a call merged again into a new conference carries
   * on above the epochs of its last, so its participant, which keeps the highest per call, takes
   * it.
   */
  private static final AtomicLong EPOCHS = new AtomicLong();

  private long epoch;

  /**
   * The roster now: the host first, then each leg in the mixer's order, {@code peers} naming each
   * leg's port.
   */
  static List<Conference.Member> members(
      PeerId host, Map<String, PeerId> peers, List<ConferenceMixer.Level> levels) {
    List<Conference.Member> out = new ArrayList<>();
    for (ConferenceMixer.Level l : levels) {
      boolean isHost = l.id().equals(Conference.HOST_PORT);
      PeerId peer = isHost ? host : peers.get(l.id());
      if (peer != null) {
        out.add(
            new Conference.Member(
                peer,
                isHost,
                l.speaking(),
                Math.round(l.levelDbov() * 10) / 10.0,
                l.muted(),
                l.isolated()));
      }
    }
    return out;
  }

  /**
   * Whether {@code now} should be sent at {@code nanos}; if so it counts as told, and the state's
   * epoch is {@link #epoch()}.
   */
  boolean due(List<Conference.Member> now, long nanos) {
    boolean structural = !shape(now).equals(shape(told));
    boolean speakers = !speaking(now).equals(speaking(told));
    if (structural || speakers && nanos - toldNanos >= SPEAKING_INTERVAL_NANOS) {
      told = List.copyOf(now);
      toldNanos = nanos;
      epoch = EPOCHS.incrementAndGet();
      return true;
    }
    return false;
  }

  /** The epoch of the state last found due (0 before the first; rising, not by one). */
  long epoch() {
    return epoch;
  }

  /** The next epoch, for a state sent outside {@link #due} (a leg leaving the conference). */
  long nextEpoch() {
    epoch = EPOCHS.incrementAndGet();
    return epoch;
  }

  /** {@code members} as the wire carries them. */
  static List<CallMessage.ConferenceMember> wire(List<Conference.Member> members) {
    List<CallMessage.ConferenceMember> out = new ArrayList<>();
    for (Conference.Member m : members) {
      int level = (int) Math.max(-127, Math.min(0, Math.round(m.levelDbov())));
      out.add(
          new CallMessage.ConferenceMember(
              m.peer().bytes(), m.host(), m.speaking(), m.muted(), m.held(), level));
    }
    return out;
  }

  /**
   * Whether a state from {@code sender} is a plausible host's claim for us ({@code self}): empty
   * (the conference is over for this call), or exactly one member flagged host, that member the
   * sender, and {@code self} listed.
   */
  static boolean plausible(List<CallMessage.ConferenceMember> members, PeerId sender, PeerId self) {
    if (members.isEmpty()) {
      return true;
    }
    int hosts = 0;
    boolean senderHosts = false;
    boolean selfListed = false;
    for (CallMessage.ConferenceMember m : members) {
      PeerId peer = new PeerId(m.peer());
      if (m.host()) {
        hosts++;
        senderHosts = peer.equals(sender);
      }
      selfListed |= peer.equals(self);
    }
    return hosts == 1 && senderHosts && selfListed;
  }

  /** A state from the wire, as the SDK shows it. */
  static List<Conference.Member> fromWire(List<CallMessage.ConferenceMember> members) {
    List<Conference.Member> out = new ArrayList<>();
    for (CallMessage.ConferenceMember m : members) {
      out.add(
          new Conference.Member(
              new PeerId(m.peer()), m.host(), m.speaking(), m.levelDbov(), m.muted(), m.held()));
    }
    return List.copyOf(out);
  }

  private static List<String> shape(List<Conference.Member> members) {
    return members.stream().map(m -> m.peer() + "/" + m.muted() + "/" + m.held()).toList();
  }

  private static List<PeerId> speaking(List<Conference.Member> members) {
    return members.stream()
        .filter(Conference.Member::speaking)
        .map(Conference.Member::peer)
        .toList();
  }

  /** How often the host compares the speakers with those last sent. */
  private static final long POLL_MILLIS = 250;

  /**
   * Every {@value #POLL_MILLIS} ms on {@code phone}'s signaling thread, runs {@code publish} until
   * {@code over}.
   */
  static void poll(Phone phone, BooleanSupplier over, Runnable publish) {
    if (over.getAsBoolean()) {
      return;
    }
    try {
      phone
          .thread()
          .scheduler()
          .schedule(
              () ->
                  phone
                      .thread()
                      .execute(
                          () -> {
                            publish.run();
                            poll(phone, over, publish);
                          }),
              POLL_MILLIS,
              TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("phone closed; the conference roster is no longer polled");
    }
  }
}
