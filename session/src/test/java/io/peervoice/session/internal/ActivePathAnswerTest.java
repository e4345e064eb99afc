package io.peervoice.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.nat.IceParameters;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.IceSession;
import io.peervoice.nat.MediaPath;
import io.peervoice.nat.TrickleListener;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The call's answer reaches the ICE session in use and every one a restart opens after it: port
 * prediction's burst waits for it ({@link IceSession#answered()}), and a restarted session of an
 * answered call must not wait for an answer that already came.
 */
class ActivePathAnswerTest {
  private static final IceParameters PEER =
      new IceParameters("peer", "peer-password-0123456789", List.of());

  /** Counts what it is told; gathers nothing, never connects. */
  private static final class Recording implements IceSession {
    int answered;
    boolean answeredBeforeConnect;

    @Override
    public IceRole role() {
      return IceRole.CONTROLLING;
    }

    @Override
    public IceParameters localParameters() {
      return new IceParameters("ours", "our-password-0123456789", List.of());
    }

    @Override
    public void gatherMore(TrickleListener listener) {
      listener.onEndOfCandidates();
    }

    @Override
    public void addRemoteCandidate(io.peervoice.nat.IceCandidate candidate) {}

    @Override
    public CompletableFuture<MediaPath> connect(IceParameters remote) {
      answeredBeforeConnect = answered > 0;
      return new CompletableFuture<>();
    }

    @Override
    public void answered() {
      answered++;
    }

    @Override
    public void close() {}
  }

  @Test
  void theAnswerReachesTheSessionInUseAndARestartedOne() throws Exception {
    Recording first = new Recording();
    Recording restarted = new Recording();
    ActivePath path = new ActivePath(first, () -> restarted);
    assertThat(first.answered).as("ringing").isZero();

    path.answered();
    assertThat(first.answered).isEqualTo(1);

    path.prepareRestart();
    path.completeRestart(PEER, (data, offset, length) -> {});
    assertThat(restarted.answered).isEqualTo(1);
    assertThat(restarted.answeredBeforeConnect).as("told before its checks start").isTrue();
  }

  @Test
  void aRestartWhileRingingIsNotToldOfAnAnswer() throws Exception {
    Recording restarted = new Recording();
    ActivePath path = new ActivePath(new Recording(), () -> restarted);
    path.prepareRestart();
    path.completeRestart(PEER, (data, offset, length) -> {});
    assertThat(restarted.answered).isZero();
  }
}
