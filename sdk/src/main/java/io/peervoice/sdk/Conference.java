package io.peervoice.sdk;

import io.peervoice.media.audio.ConferenceMixer;
import io.peervoice.media.audio.MixerPort;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.codec.OpusSettings;
import io.peervoice.session.TickPhase;
import io.peervoice.signaling.LogText;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.CallState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A conference this phone hosts and mixes ({@link Phone#conference}, {@link Call#merge}): its legs
 * are ordinary answered calls. Each participant hears everyone else and this phone's microphone,
 * never itself; this phone hears everyone ({@code docs/conference.md}). The mixing runs on the
 * calls' own media ticks, in one phase: all legs play out, and {@value #SEND_LAG_NANOS} ns later
 * send their mixes ({@link #figures()}). The first leg's microphone and speaker are the host's.
 *
 * <p>Participants learn who is in the conference and who speaks from a conference state the host
 * sends over each call's signaling (sealed and signed like every call message; {@link
 * CallListener#onConference}); phones that predate it ignore it. A leg that ends leaves the
 * conference alone; {@link #hangup()} ends every leg. When one leg is left, the conference is over
 * and that call goes on as a plain call. A leg on hold (or muted with {@link Call#mute}) is
 * isolated: it neither hears nor is heard until it resumes. All methods are thread-safe.
 */
public final class Conference {
  private static final Logger log = LoggerFactory.getLogger(Conference.class);

  /** The most legs a conference holds (its roster then lists 16 with the host). */
  public static final int MAX_LEGS = 15;

  static final String HOST_PORT = "host";

  static final long SEND_LAG_NANOS = 5_000_000L; // S9 conf: legs' playout to send, one quantum

  /**
   * One member of a conference, as the host sees it or a participant was told.
   *
   * @param peer who
   * @param host whether it is the phone hosting (mixing) the conference
   * @param speaking whether it spoke in the last 600 ms
   * @param levelDbov the level of its last 20 ms of audio, dBov (-127 for silence)
   * @param muted muted by the host: nobody hears it
   * @param held on hold: it neither hears nor is heard
   */
  public record Member(
      PeerId peer, boolean host, boolean speaking, double levelDbov, boolean muted, boolean held) {}

  /**
   * The mixer's figures: frames mixed, ticks on which a leg had no new frame (underruns), frames
   * skipped by a leg that fell behind, and how long a frame waited between arriving (a leg's
   * playout or the microphone) and being mixed into another leg's audio: mean, 95th percentile (1
   * ms bins) and maximum, in milliseconds; frames of the full mix encoded once for the legs not
   * speaking ({@code sharedEncoded}) and how many of them legs sent ({@code sharedSent}: each would
   * have been an encoding of its own).
   */
  public record Figures(
      long framesMixed,
      long underruns,
      long skipped,
      double meanDelayMillis,
      double p95DelayMillis,
      double maxDelayMillis,
      long sharedEncoded,
      long sharedSent) {}

  private final Phone phone;
  private final SharedEncoder shared; // one encoding of the full mix for the legs not speaking
  private final ConferenceMixer mixer;
  private final TickPhase phase; // every leg's ticks
  private final Map<String, Call> legs = new LinkedHashMap<>(); // signaling thread only
  private final ConferenceRoster roster = new ConferenceRoster();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private volatile boolean over;

  private Conference(Phone phone) {
    this.phone = phone;
    this.shared = new SharedEncoder(phone.config().opus(), OpusCodec::encoder);
    this.mixer = new ConferenceMixer(HOST_PORT, System::nanoTime, shared);
    this.phase = new TickPhase(System.nanoTime(), SEND_LAG_NANOS);
    mixer.legsInPhase();
  }

  /** A conference of {@code calls} (distinct), hosted by {@code phone}; on any thread. */
  static Conference host(Phone phone, List<Call> calls) {
    if (calls.size() < 2 || new java.util.HashSet<>(calls).size() != calls.size()) {
      throw new IllegalArgumentException("a conference needs at least two distinct calls");
    }
    return phone.onSignaling(() -> hostHere(phone, calls));
  }

  /** {@code first} and {@code other} in a conference: {@code first}'s if it is in one already. */
  static Conference merge(Phone phone, Call first, Call other) {
    if (first == other) {
      throw new IllegalArgumentException("a call cannot be merged with itself");
    }
    return phone.onSignaling( // looked up and joined in one step: concurrent merges make one
        () -> {
          LegAudio a = first.audio();
          Conference c = a == null ? null : a.conference();
          if (c == null) {
            return hostHere(phone, List.of(first, other));
          }
          c.check(other);
          c.join(other);
          c.publish(true);
          return c;
        });
  }

  private static Conference hostHere(Phone phone, List<Call> calls) {
    Conference c = new Conference(phone);
    try {
      calls.forEach(c::check); // every call checked before any joins
    } catch (RuntimeException e) {
      c.mixer.close(); // frees the shared encoder
      throw e;
    }
    calls.forEach(c::join);
    c.publish(true);
    ConferenceRoster.poll(phone, () -> c.over, () -> c.publish(false));
    return c;
  }

  /**
   * Adds an answered call of this phone to the conference (a held call is taken off hold).
   *
   * @throws IllegalStateException if the conference is over, the call is not active with media
   *     running, it is in a conference already, or the conference is full ({@link #MAX_LEGS})
   */
  public void add(Call call) {
    phone.onSignaling(
        () -> {
          check(call);
          join(call);
          publish(true);
          return null;
        });
  }

  /** The calls in the conference, in the order they joined. */
  public List<Call> calls() {
    return phone.onSignaling(() -> new ArrayList<>(legs.values()));
  }

  /** Everyone in the conference, this phone first; empty once it is over. */
  public List<Member> participants() {
    return phone.onSignaling(this::roster);
  }

  /**
   * Mutes or unmutes one participant for everyone else; this phone's own PeerId mutes its mic.
   *
   * @throws IllegalArgumentException if {@code peer} is not in the conference
   */
  public void mute(PeerId peer, boolean on) {
    phone.onSignaling(
        () -> {
          mixer.mute(port(peer), on);
          publish(false);
          return null;
        });
  }

  /**
   * Sets how loud one participant is in everyone else's mix (1 as spoken, 0 silent, up to 4).
   *
   * @throws IllegalArgumentException if {@code peer} is not in the conference or gain not 0..4
   */
  public void volume(PeerId peer, double gain) {
    phone.onSignaling(
        () -> {
          mixer.gain(port(peer), gain);
          return null;
        });
  }

  /** The mixer's figures so far. */
  public Figures figures() {
    ConferenceMixer.Stats s = mixer.stats();
    return new Figures(
        s.framesMixed(),
        s.underruns(),
        s.skipped(),
        s.meanDelayMillis(),
        s.p95DelayMillis(),
        s.maxDelayMillis(),
        s.sharedEncoded(),
        s.sharedSent());
  }

  /** Ends the conference and every leg (hangs up each call); the participants are not told more. */
  public void hangup() {
    List<Call> all =
        phone.onSignaling(
            () -> {
              List<Call> calls = new ArrayList<>(legs.values());
              finish();
              return calls;
            });
    for (Call call : all) {
      call.hangup();
    }
  }

  /** Completes once the conference is over: all legs but one (or all) have ended. */
  public CompletableFuture<Void> ended() {
    return ended;
  }

  // ---- on the signaling thread ----

  private void check(Call call) {
    if (over) {
      throw new IllegalStateException("the conference is over");
    }
    LegAudio audio = call.audio();
    if (call.state() != CallState.ACTIVE || audio == null) {
      throw new IllegalStateException("only an answered call with media can join: " + call);
    }
    if (audio.conference() != null) {
      throw new IllegalStateException("already in a conference: " + call);
    }
    if (legs.size() >= MAX_LEGS) {
      throw new IllegalStateException("a conference holds at most " + MAX_LEGS + " calls");
    }
  }

  private void join(Call call) {
    if (call.stats().onHold()) {
      call.resume();
    }
    String id = call.id().toString();
    LegAudio audio = call.audio();
    MixerPort port = mixer.add(id);
    legs.put(id, call);
    audio.join(this, port, phase);
    mixer.isolate(id, audio.silent());
    call.ended().whenComplete((reason, error) -> phone.thread().execute(() -> left(call)));
    log.info("call {} with {} joined a conference of {}", call.id(), call.peer(), legs.size());
  }

  /** A leg ended: it leaves; with one leg left the conference is over. */
  private void left(Call call) {
    String id = call.id().toString();
    if (legs.remove(id) == null) {
      return;
    }
    mixer.remove(id);
    call.audio().leave(); // first: a late settings change of its encoder then stays out
    shared.remove(call.audio());
    if (legs.size() <= 1) {
      for (Call last : legs.values()) {
        send(last, roster.nextEpoch(), List.of()); // a plain call again
      }
      finish();
      return;
    }
    publish(true);
  }

  /** The conference is over: every leg goes back to its own audio. */
  private void finish() {
    if (over) {
      return;
    }
    over = true;
    for (Map.Entry<String, Call> e : legs.entrySet()) {
      e.getValue().audio().leave();
      mixer.remove(e.getKey());
    }
    legs.clear();
    mixer.close();
    ended.complete(null);
    log.info("conference over");
  }

  /** A leg's encoder runs with {@code settings} now (on its media loop). */
  void encoderSettings(LegAudio audio, OpusSettings settings) {
    shared.settings(audio, settings);
  }

  /** Called from a leg's audio when it is held or muted (any thread). */
  void isolated(LegAudio audio, boolean on) {
    phone.thread().execute(() -> isolate(audio, on));
  }

  private void isolate(LegAudio audio, boolean on) {
    for (Map.Entry<String, Call> e : legs.entrySet()) {
      if (e.getValue().audio() == audio) {
        mixer.isolate(e.getKey(), on);
        publish(false);
      }
    }
  }

  private List<Member> roster() {
    if (over) {
      return List.of();
    }
    Map<String, PeerId> peers = new LinkedHashMap<>();
    legs.forEach((id, call) -> peers.put(id, call.peer()));
    return ConferenceRoster.members(phone.id(), peers, mixer.levels());
  }

  /** Tells every leg the roster if it changed ({@code force}: whatever changed). */
  private void publish(boolean force) {
    if (over) {
      return;
    }
    List<Member> now = roster();
    if (roster.due(now, System.nanoTime()) || force) {
      long epoch = force ? roster.nextEpoch() : roster.epoch();
      for (Call call : legs.values()) {
        send(call, epoch, ConferenceRoster.wire(now));
      }
    }
  }

  private void send(Call call, long epoch, List<CallMessage.ConferenceMember> members) {
    if (call.state() == CallState.ACTIVE) {
      try {
        call.flow().conference(epoch, members);
      } catch (RuntimeException e) {
        log.warn("call {}: conference state not sent: {}", call.id(), LogText.escape(e));
      }
    }
  }

  private String port(PeerId peer) {
    if (peer.equals(phone.id())) {
      return HOST_PORT;
    }
    for (Map.Entry<String, Call> e : legs.entrySet()) {
      if (e.getValue().peer().equals(peer)) {
        return e.getKey();
      }
    }
    throw new IllegalArgumentException("not in the conference: " + peer);
  }
}
