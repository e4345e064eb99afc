package io.peervoice.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.ToneSource;
import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.nat.IceParameters;
import io.peervoice.session.MediaSessionConfig;
import io.peervoice.session.SessionDescription;
import io.peervoice.testkit.FakeTimers;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * On virtual time, two calls' media back to back: the peer's first packet plays the moment it
 * arrives, not at the receiver's next 20 ms tick, and the receiver's grid follows it from then on.
 */
class FirstPacketPlayoutTest {
  private static final IceParameters ICE = new IceParameters("ufrag", "p".repeat(22), List.of());

  @Test
  void thePeersFirstPacketPlaysWhenItArrivesAndLaterOnesOnTheMovedGrid()
      throws NoSuchAlgorithmException {
    FakeTimers clock = new FakeTimers();
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(13);
    MediaSessionConfig config =
        MediaSessionConfig.builder(clock).random(random).nanoClock(clock::nanos).build();
    SrtpKeyMaterial aliceKey = SrtpKeyMaterial.random(SrtpProfile.AEAD_AES_128_GCM, random);
    SrtpKeyMaterial bobKey = SrtpKeyMaterial.random(SrtpProfile.AEAD_AES_128_GCM, random);
    SessionDescription a = new SessionDescription(ICE, 0xA11CE, 111, 101);
    SessionDescription b = new SessionDescription(ICE, 0xB0B, 111, 101);
    AtomicReference<CallMedia> toBob = new AtomicReference<>();
    AtomicReference<CallMedia> toAlice = new AtomicReference<>();
    CallMedia bob = end(config, b, new SrtpKeys(bobKey, aliceKey), a, toAlice);
    CallMedia alice = end(config, a, new SrtpKeys(aliceKey, bobKey), b, toBob);
    toBob.set(bob);
    toAlice.set(alice);
    try {
      bob.start(clock, TickLattice.NONE); // Bob's grid: 0, 20, 40 ...
      clock.advanceMillis(7);
      alice.start(clock, TickLattice.NONE); // Alice's first frame leaves at 7 ms
      clock.advanceMillis(0);
      assertThat(bob.firstPacketNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(7));
      assertThat(bob.firstAudioNanos())
          .as("played at 7 ms, not at Bob's next tick (20 ms)")
          .isEqualTo(TimeUnit.MILLISECONDS.toNanos(7));
      clock.advanceMillis(100);
      assertThat(bob.receiveStats().framesDecoded()).isGreaterThanOrEqualTo(5);
      assertThat(bob.receiveStats().framesConcealed()).isZero();
    } finally {
      alice.close();
      bob.close();
    }
    assertThat(clock.pending()).as("closed media leave no task behind").isZero();
  }

  @Test
  void onTheDefaultLatticeTheFirstFrameLeavesAtOnceAndTheNextPlaysAFrameAfterTheFirstAudio()
      throws NoSuchAlgorithmException {
    FakeTimers clock = new FakeTimers();
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(13);
    MediaSessionConfig config =
        MediaSessionConfig.builder(clock).random(random).nanoClock(clock::nanos).build();
    SrtpKeyMaterial aliceKey = SrtpKeyMaterial.random(SrtpProfile.AEAD_AES_128_GCM, random);
    SrtpKeyMaterial bobKey = SrtpKeyMaterial.random(SrtpProfile.AEAD_AES_128_GCM, random);
    SessionDescription a = new SessionDescription(ICE, 0xA11CE, 111, 101);
    SessionDescription b = new SessionDescription(ICE, 0xB0B, 111, 101);
    AtomicReference<CallMedia> toBob = new AtomicReference<>();
    AtomicReference<CallMedia> toAlice = new AtomicReference<>();
    List<Long> played = new ArrayList<>();
    CallMedia bob =
        end(
            config,
            b,
            new SrtpKeys(bobKey, aliceKey),
            a,
            toAlice,
            frame -> played.add(clock.nanos()));
    CallMedia alice = end(config, a, new SrtpKeys(aliceKey, bobKey), b, toBob, frame -> {});
    toBob.set(bob);
    toAlice.set(alice);
    // the default quantum; offset 0: instants on 0, 5, 10 ... ms
    TickLattice lattice = new TickLattice(TickLattice.DEFAULT_QUANTUM_NANOS, 0);
    long halfQuantum = lattice.quantumNanos() / 2;
    try {
      bob.start(clock, lattice);
      clock.advanceMillis(7);
      alice.start(clock, lattice);
      clock.advanceMillis(0);
      assertThat(bob.firstPacketNanos())
          .as("Alice's first frame leaves at 7 ms, not at the next lattice instant (10 ms)")
          .isEqualTo(TimeUnit.MILLISECONDS.toNanos(7));
      assertThat(bob.firstAudioNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(7));
      clock.advanceMillis(100);
      long first = bob.firstAudioNanos();
      long next = played.stream().filter(t -> t > first).findFirst().orElseThrow();
      assertThat(next - first)
          .as("the frame after the first audio: 20 ms ± half a quantum, not 20 to 25 ms")
          .isBetween(TickLattice.FRAME_NANOS - halfQuantum, TickLattice.FRAME_NANOS + halfQuantum);
      assertThat(bob.receiveStats().framesDecoded()).isGreaterThanOrEqualTo(5);
      assertThat(bob.receiveStats().framesConcealed()).isZero();
    } finally {
      alice.close();
      bob.close();
    }
    assertThat(clock.pending()).as("closed media leave no task behind").isZero();
  }

  private static CallMedia end(
      MediaSessionConfig config,
      SessionDescription local,
      SrtpKeys keys,
      SessionDescription remote,
      AtomicReference<CallMedia> to) {
    return end(config, local, keys, remote, to, frame -> {});
  }

  private static CallMedia end(
      MediaSessionConfig config,
      SessionDescription local,
      SrtpKeys keys,
      SessionDescription remote,
      AtomicReference<CallMedia> to,
      AudioSink sink) {
    return new CallMedia(
        config,
        local,
        keys,
        "test",
        remote,
        (d, off, len) -> {
          CallMedia peer = to.get();
          if (peer != null) {
            peer.onDatagram(d, off, len);
          }
        },
        ToneSource.continuous(440, -20),
        sink,
        digit -> {});
  }
}
