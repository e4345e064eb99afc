package io.peervoice.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.nat.CandidateType;
import io.peervoice.nat.DatagramHandler;
import io.peervoice.nat.EarlyKeyingPath;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceParameters;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.IceSession;
import io.peervoice.nat.IceTimings;
import io.peervoice.nat.MediaPath;
import io.peervoice.nat.PathState;
import io.peervoice.nat.TrickleListener;
import io.peervoice.session.internal.ActivePath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * S19: a keying strategy asked on a pair valid before ICE selected one ({@link SessionKeys#early})
 * sends its first flight there and hears the peer's keying datagrams from it; once the first path
 * is attached it is not asked again, and what it sends goes on the path. The logic alone: the ICE
 * session, the paths and the strategy are recording stand-ins (the real parts meet in {@code
 * ValidPairKeyingTest} and the browser tests).
 */
class SessionKeysEarlyTest {
  private static final IceCandidate OURS =
      new IceCandidate("1", 1, 100, "192.0.2.2", 4000, CandidateType.HOST, null, 0);
  private static final IceCandidate PEERS =
      new IceCandidate("2", 1, 100, "192.0.2.9", 5000, CandidateType.HOST, null, 0);
  private static final byte[] HELLO = {22, (byte) 0xfe, (byte) 0xfd, 1};
  private static final byte[] FINISHED = {20, (byte) 0xfe, (byte) 0xfd, 2};

  /** What a stand-in path sent, and the handler it was given; its ends are OURS and PEERS. */
  private abstract static class Recording {
    final List<byte[]> sent = new ArrayList<>();
    DatagramHandler handler;

    public void send(byte[] data, int offset, int length) {
      sent.add(java.util.Arrays.copyOfRange(data, offset, offset + length));
    }

    public IceCandidate localCandidate() {
      return OURS;
    }

    public IceCandidate remoteCandidate() {
      return PEERS;
    }
  }

  /** The early pair. */
  private static final class Early extends Recording implements EarlyKeyingPath {
    @Override
    public void receive(DatagramHandler h) {
      handler = h;
    }
  }

  /** A strategy that sends a hello when asked and keeps what the path hands it. */
  private static final class Keying implements SrtpKeying {
    final AtomicInteger asked = new AtomicInteger();
    final List<byte[]> heard = new ArrayList<>();
    final CompletableFuture<SrtpKeys> keys = new CompletableFuture<>();
    final AtomicInteger closed = new AtomicInteger();
    KeyingPath path;
    boolean beforePath; // S21: asked as ICE starts

    @Override
    public boolean startsBeforePath() {
      return beforePath;
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }

    @Override
    public CompletionStage<SrtpKeys> keys(KeyingPath p) {
      asked.incrementAndGet();
      path = p;
      p.receive((d, o, l) -> heard.add(java.util.Arrays.copyOfRange(d, o, o + l)));
      try {
        p.send(HELLO, 0, HELLO.length);
      } catch (java.io.IOException e) {
        keys.completeExceptionally(e);
      }
      return keys;
    }
  }

  /** The first path. */
  private static final class Path extends Recording implements MediaPath {
    @Override
    public void startReceiving(DatagramHandler h) {
      handler = h;
    }

    @Override
    public long droppedForeignSource() {
      return 0;
    }

    @Override
    public PathState state() {
      return PathState.CONNECTED;
    }

    @Override
    public void onStateChange(Consumer<PathState> listener) {}

    @Override
    public Duration connectDuration() {
      return Duration.ZERO;
    }

    @Override
    public IceTimings timings() {
      return null;
    }

    @Override
    public boolean loopbackFallback() {
      return false;
    }

    @Override
    public void close() {}
  }

  /** Never connects by itself: the test attaches the path, or fails {@link #connecting}. */
  private static final class Ice implements IceSession {
    final CompletableFuture<MediaPath> connecting = new CompletableFuture<>();
    Consumer<EarlyKeyingPath> early = e -> {};

    @Override
    public void onEarlyKeyingPath(Consumer<EarlyKeyingPath> listener) {
      early = listener;
    }

    @Override
    public IceRole role() {
      return IceRole.CONTROLLED;
    }

    @Override
    public IceParameters localParameters() {
      return new IceParameters("ours", "our-password-0123456789", List.of());
    }

    @Override
    public void gatherMore(TrickleListener listener) {}

    @Override
    public void addRemoteCandidate(IceCandidate candidate) {}

    @Override
    public CompletableFuture<MediaPath> connect(IceParameters remote) {
      return connecting;
    }

    @Override
    public void close() {}
  }

  private final Keying keying = new Keying();
  private final ActivePath active = new ActivePath(new Ice(), Ice::new);
  private final Path path = new Path();
  private final SessionKeys keys = sessionKeys();

  private SessionKeys sessionKeys() {
    SessionKeys[] made = new SessionKeys[1];
    made[0] =
        new SessionKeys(
            keying,
            active,
            IceRole.CONTROLLED,
            () -> active.startReceiving((d, o, l) -> made[0].keyingDatagram(d, o, l)),
            next -> {});
    return made[0];
  }

  /** What MediaSession does when ICE selected its first path. */
  private void iceSelected() {
    active.attach(path);
    keys.expect();
    keys.pathSelected();
  }

  @Test
  void askedOnAnEarlyPairTheKeyingSendsThereThenMovesToThePathWithoutBeingAskedAgain()
      throws Exception {
    Early early = new Early();
    keys.early(early);

    assertThat(keying.asked).hasValue(1);
    assertThat(early.sent).containsExactly(HELLO);
    assertThat(keying.path.remoteCandidate()).isEqualTo(PEERS);
    early.handler.onDatagram(FINISHED, 0, FINISHED.length);
    assertThat(keying.heard).containsExactly(FINISHED);

    iceSelected();
    assertThat(keying.asked).as("the keying runs on, not asked again").hasValue(1);
    assertThat(path.handler).as("the path now hands its keying datagrams on").isNotNull();
    path.handler.onDatagram(HELLO, 0, HELLO.length);
    assertThat(keying.heard).containsExactly(FINISHED, HELLO);
    assertThat(path.sent).as("the peer answered on the early pair: nothing resent").isEmpty();
    keying.path.send(FINISHED, 0, FINISHED.length);
    assertThat(path.sent).containsExactly(FINISHED);
    assertThat(early.sent).as("nothing more on the early pair").containsExactly(HELLO);

    java.security.SecureRandom random = new java.security.SecureRandom();
    SrtpKeys agreed =
        new SrtpKeys(
            SrtpKeyMaterial.random(SrtpProfile.AEAD_AES_128_GCM, random),
            SrtpKeyMaterial.random(SrtpProfile.AEAD_AES_128_GCM, random));
    keying.keys.complete(agreed);
    assertThat(keys.forMedia()).isCompletedWithValue(agreed);
  }

  @Test
  void whatThePeerLeftUnansweredOnTheEarlyPairGoesOutAgainOnThePath() {
    Early early = new Early();
    keys.early(early);
    assertThat(early.sent).containsExactly(HELLO);

    iceSelected(); // the peer said nothing on the early pair: it may have dropped the hello
    assertThat(path.sent).as("the hello again, at once, on the path").containsExactly(HELLO);
    assertThat(keying.asked).hasValue(1);
  }

  @Test
  void aStrategyStartedEarlyIsClosedWhenIceFails() {
    Ice ice = new Ice();
    CompletableFuture<MediaPath> connected = keys.connect(ice, ice.localParameters());
    ice.early.accept(new Early());
    assertThat(keying.asked).hasValue(1);

    ice.connecting.completeExceptionally(new java.io.IOException("every pair failed"));
    assertThat(connected).isCompletedExceptionally();
    assertThat(keying.closed).as("its handshake must not run on to its time limit").hasValue(1);
  }

  @Test
  void withoutAnEarlyPairAnIceFailureLeavesTheStrategyToTheSession() {
    Ice ice = new Ice();
    keys.connect(ice, ice.localParameters());
    ice.connecting.completeExceptionally(new java.io.IOException("every pair failed"));
    assertThat(keying.asked).hasValue(0);
    assertThat(keying.closed).hasValue(0);
  }

  // S21: a strategy asked before any path (DTLS): its first flight is held, never sent unvalidated
  @Test
  void askedBeforeAnyPairItsFlightWaitsForTheEarlyPairThenGoesThere() {
    keying.beforePath = true;
    Ice ice = new Ice();
    keys.connect(ice, ice.localParameters());
    keys.askBeforePath(); // what MediaSession.connect does once out of its lock
    assertThat(keying.asked).as("asked as the checks start").hasValue(1);
    assertThat(keys.sendableSinceNanos()).as("no path took anything yet").isZero();

    Early early = new Early();
    ice.early.accept(early);
    assertThat(early.sent)
        .as("the held hello leaves on the first valid pair")
        .containsExactly(HELLO);
    assertThat(early.handler).as("the peer's answer is heard there").isNotNull();
    assertThat(keys.sendableSinceNanos()).isNotZero();
    assertThat(keying.asked).hasValue(1);

    iceSelected(); // the peer said nothing on the early pair
    assertThat(path.sent).as("the hello again on the path").containsExactly(HELLO);
    assertThat(keying.asked).as("not asked again").hasValue(1);
  }

  @Test
  void askedBeforeAnyPairWithoutAnEarlyOneItsFlightGoesOnTheSelectedPath() {
    keying.beforePath = true;
    Ice ice = new Ice();
    keys.connect(ice, ice.localParameters());
    keys.askBeforePath(); // what MediaSession.connect does once out of its lock
    iceSelected();
    assertThat(path.sent).containsExactly(HELLO);
    assertThat(path.handler).isNotNull();
    assertThat(keying.asked).hasValue(1);
  }

  @Test
  void aStrategyAskedBeforeAnyPairIsClosedWhenIceFails() {
    keying.beforePath = true;
    Ice ice = new Ice();
    keys.connect(ice, ice.localParameters());
    keys.askBeforePath(); // what MediaSession.connect does once out of its lock
    ice.connecting.completeExceptionally(new java.io.IOException("every pair failed"));
    assertThat(keying.closed).hasValue(1);
  }

  @Test
  void aStrategyIsNotAskedBeforeAnyPairOnceIceFailed() {
    keying.beforePath = true;
    Ice ice = new Ice();
    keys.connect(ice, ice.localParameters());
    ice.connecting.completeExceptionally(new java.io.IOException("no candidates"));
    keys.askBeforePath();
    assertThat(keying.asked).as("nothing would close it").hasValue(0);
  }

  @Test
  void anEarlyPairAfterThePathWasSelectedIsIgnored() {
    iceSelected();
    assertThat(keying.asked).hasValue(1);
    assertThat(path.sent).containsExactly(HELLO);

    Early late = new Early();
    keys.early(late);
    assertThat(keying.asked).hasValue(1);
    assertThat(late.sent).isEmpty();
    assertThat(late.handler).isNull();
  }
}
