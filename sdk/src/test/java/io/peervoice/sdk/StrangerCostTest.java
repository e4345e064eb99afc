package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.LoopingSource;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.IncomingLimits;
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
  private final ScheduledExecutorService human = Executors.newSingleThreadScheduledExecutor();
  private PhoneLab lab;

  @BeforeEach
  void overlay() throws Exception {
    lab = new PhoneLab();
  }

  @AfterEach
  void close() throws Exception {
    human.shutdownNow();
    lab.close();
  }

  private Phone phone(Identity id, Set<PeerId> contacts, boolean answers) throws Exception {
    return lab.phone(
        id,
        b ->
            b.contacts(contacts)
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
                        }));
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
