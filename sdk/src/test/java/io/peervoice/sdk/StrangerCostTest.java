package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.LoopingSource;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocalOverlay;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.IncomingLimits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the location policy costs a stranger: answer → first audio for a contact (ICE ran while
 * ringing) against a stranger (no ICE until the answer), over real loopback sockets and three
 * nodes, the callee answering after 300 ms of ringing. Prints p50 and max of each side.
 */
class StrangerCostTest {
  private static final int CALLS = 10;
  private final SecureRandom random = new SecureRandom();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final ScheduledExecutorService human = Executors.newSingleThreadScheduledExecutor();
  private List<InetSocketAddress> nodes;

  @BeforeEach
  void overlay() throws Exception {
    LocalOverlay overlay = LocalOverlay.start(3);
    open.addAll(overlay.nodes());
    nodes = overlay.addresses();
  }

  @AfterEach
  void close() throws Exception {
    human.shutdownNow();
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Phone phone(Identity id, Set<PeerId> contacts, boolean answers) throws Exception {
    Phone p =
        Phone.start(
            Phone.builder(id)
                .bootstrap(nodes)
                .overlayAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .contacts(contacts)
                .incomingLimits(
                    new IncomingLimits(
                        4,
                        2,
                        new IncomingLimits.Rate(100, java.time.Duration.ofSeconds(10)),
                        new IncomingLimits.Rate(100, java.time.Duration.ofSeconds(10)),
                        new IncomingLimits.Rate(10, java.time.Duration.ofSeconds(1))))
                .audioSource(call -> LoopingSource.forever(SpeechSample.load()))
                .listeners(
                    call ->
                        new CallListener() {
                          @Override
                          public void onRinging(Call c) {
                            if (answers && c.direction() == CallDirection.INCOMING) {
                              human.schedule(c::answer, 300, TimeUnit.MILLISECONDS);
                            }
                          }
                        })
                .build());
    open.add(p);
    p.ready().get(10, TimeUnit.SECONDS);
    return p;
  }

  /** [callee p50, caller p50, callee max] of answer → first audio over {@link #CALLS} calls. */
  private long[] measure(Phone caller, Phone callee, PeerId calleeId) throws Exception {
    List<Long> atCallee = new ArrayList<>();
    List<Long> atCaller = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      Call call = caller.call(calleeId);
      call.mediaStarted().get(20, TimeUnit.SECONDS);
      Call incoming =
          callee.calls().stream().filter(c -> c.id().equals(call.id())).findFirst().orElseThrow();
      incoming.mediaStarted().get(10, TimeUnit.SECONDS);
      atCallee.add(incoming.stats().answerToFirstAudioMillis());
      atCaller.add(call.stats().answerToFirstAudioMillis());
      call.hangup();
      incoming.ended().get(5, TimeUnit.SECONDS);
      assertThat(call.state()).isEqualTo(CallState.ENDED);
    }
    atCallee.sort(null);
    atCaller.sort(null);
    return new long[] {atCallee.get(CALLS / 2), atCaller.get(CALLS / 2), atCallee.get(CALLS - 1)};
  }

  @Test
  void aStrangerWaitsForIceAfterTheAnswerAContactDoesNot() throws Exception {
    Identity bobId = Identity.generate(random);
    Identity friendId = Identity.generate(random);
    Phone bob = phone(bobId, Set.of(friendId.peerId()), true);
    Phone friend = phone(friendId, Set.of(), false);
    Phone stranger = phone(Identity.generate(random), Set.of(), false);
    measure(friend, bob, bobId.peerId());
    long[] contact = measure(friend, bob, bobId.peerId());
    long[] unknown = measure(stranger, bob, bobId.peerId());
    System.out.printf(
        "answer->first audio over %d calls (p50 callee / p50 caller / max callee, ms): contact %d /"
            + " %d / %d, stranger %d / %d / %d%n",
        CALLS, contact[0], contact[1], contact[2], unknown[0], unknown[1], unknown[2]);
    assertThat(contact[0]).isLessThan(1_000);
    assertThat(unknown[0]).isLessThan(3_000);
  }
}
