package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import java.lang.reflect.Field;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A call whose media fails to close as it ends, through three real rendezvous nodes on loopback: it
 * must still leave the phone and tell its listener. Kept in the phone, an ended call held one of
 * {@link PhoneConfig#maxCalls()} for good, and every later call was answered BUSY (what a flaky CI
 * run of {@code PhoneAbuseTest} showed: a cancelled call that never left the callee's phone).
 */
class CallEndFaultTest {
  private final SecureRandom random = new SecureRandom();
  private PhoneLab lab;
  private LogCapture logs;

  @BeforeEach
  void overlay() throws Exception {
    lab = new PhoneLab();
    logs = lab.add(new LogCapture());
  }

  @AfterEach
  void close() throws Exception {
    lab.close();
  }

  /**
   * Makes {@code call}'s media close throw: its audio processing (closed on every end, whether
   * audio started or not) is taken away, so closing it throws a NullPointerException, as a failing
   * native engine would throw.
   */
  private static void breakMediaClose(Call call) throws ReflectiveOperationException {
    Object setup = field(Call.class, "setup").get(call);
    Object start = field(CallMediaSetup.class, "audioStart").get(setup);
    field(CallAudioStart.class, "processing").set(start, null);
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field f = type.getDeclaredField(name);
    f.setAccessible(true);
    return f;
  }

  @Test
  void aCancelledCallWhoseMediaFailsToCloseStillLeavesThePhoneAndFreesItsPlace() throws Exception {
    Identity bobId = Identity.generate(random);
    Identity carolId = Identity.generate(random);
    PhoneTest.Events bobEvents = new PhoneTest.Events(false);
    Phone bob =
        lab.phone(
            bobId, b -> b.contacts(Set.of(carolId.peerId())).maxCalls(1).listeners(c -> bobEvents));
    Phone carol = lab.phone(carolId, b -> b.listeners(c -> new PhoneTest.Events(false)));

    Call first = carol.call(bobId.peerId());
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> first.state() == CallState.RINGING && bob.calls().size() == 1);
    Call atBob = bob.calls().get(0);
    breakMediaClose(atBob);
    first.hangup();

    assertThat(atBob.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.CANCELLED);
    assertThat(bob.calls()).isEmpty();
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> bobEvents.seen.contains("ended:CANCELLED"));

    Call second = carol.call(bobId.peerId());
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> second.state() == CallState.RINGING || second.state() == CallState.ENDED);
    assertThat(second.state())
        .as("the ended call no longer holds the only place")
        .isEqualTo(CallState.RINGING);
    second.hangup();
    assertThat(logs.lines())
        .anyMatch(l -> l.startsWith("call " + atBob.id() + ": closing its media failed"));
  }

  @Test
  void aContactsCallCancelledWhileItsIceRunsEndsQuietly() throws Exception {
    Identity bobId = Identity.generate(random);
    Identity carolId = Identity.generate(random);
    Phone bob =
        lab.phone(
            bobId,
            b -> b.contacts(Set.of(carolId.peerId())).listeners(c -> new PhoneTest.Events(false)));
    Phone carol = lab.phone(carolId, b -> b.listeners(c -> new PhoneTest.Events(false)));
    for (int n = 0; n < 3; n++) {
      Call call = carol.call(bobId.peerId());
      Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> call.state() == CallState.RINGING && bob.calls().size() == 1);
      Call atBob = bob.calls().get(0);
      call.hangup();
      assertThat(atBob.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.CANCELLED);
      assertThat(call.ended().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.CANCELLED);
    }
    assertThat(logs.lines()).as("a cancel is no failure").noneMatch(l -> l.contains("ICE failed"));
  }
}
