package example;

import io.peervoice.media.audio.ToneSource;
import io.peervoice.nat.IceConfig;
import io.peervoice.nat.PortRange;
import io.peervoice.sdk.Call;
import io.peervoice.sdk.CallDirection;
import io.peervoice.sdk.CallListener;
import io.peervoice.sdk.NoNodeAnsweredException;
import io.peervoice.sdk.Phone;
import io.peervoice.sdk.PhoneConfig;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocalOverlay;
import io.peervoice.signaling.call.EndReason;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application built on the PeerVoice SDK alone: a local overlay of rendezvous nodes, two phones,
 * a call with a tone one way, a hang-up. Run {@code java -cp ... example.HelloPhone}.
 */
public final class HelloPhone {
  private HelloPhone() {}

  /** What the call did. */
  public record Outcome(EndReason reason, long framesHeard) {}

  public static void main(String[] args) throws Exception {
    Outcome o = call(Duration.ofSeconds(2));
    System.out.printf(
        "call ended: %s; bob heard %d frames of 20 ms%n", o.reason(), o.framesHeard());
  }

  /** Alice calls Bob through a 3-node local overlay, talks for {@code talk}, hangs up. */
  public static Outcome call(Duration talk) throws Exception {
    SecureRandom random = new SecureRandom();
    // Media only on UDP ports 41000-41099, as a firewall might demand.
    IceConfig ice = IceConfig.builder().portRange(new PortRange(41000, 41099)).build();
    AtomicLong framesHeard = new AtomicLong();
    Identity bobId = Identity.generate(random);
    try (LocalOverlay overlay = LocalOverlay.start(3);
        Phone bob =
            Phone.start(
                phone(bobId, overlay.addresses(), ice)
                    .audioSink(call -> frame -> framesHeard.incrementAndGet())
                    .listeners(call -> new AnswerEveryCall())
                    .build());
        Phone alice =
            Phone.start(
                phone(Identity.generate(random), overlay.addresses(), ice)
                    .audioSource(call -> ToneSource.continuous(440, -20))
                    .build())) {
      bob.ready().get(30, TimeUnit.SECONDS);
      alice.ready().get(30, TimeUnit.SECONDS);
      Call call = alice.call(bobId.peerId());
      call.mediaStarted().get(30, TimeUnit.SECONDS);
      try {
        call.ended().get(talk.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException stillTalking) {
        call.hangup();
      }
      return new Outcome(call.ended().get(5, TimeUnit.SECONDS), framesHeard.get());
    }
  }

  /** Whether {@code bootstrap} answers: ready() fails with a typed error within its timeout. */
  public static String probe(List<InetSocketAddress> bootstrap) throws Exception {
    try (Phone phone =
        Phone.start(
            phone(Identity.generate(new SecureRandom()), bootstrap, IceConfig.defaults())
                .readyTimeout(Duration.ofSeconds(1))
                .build())) {
      phone.ready().get(30, TimeUnit.SECONDS);
      return "ready";
    } catch (ExecutionException e) {
      if (e.getCause() instanceof NoNodeAnsweredException none) {
        return "no node answered; tried " + none.nodesTried().size();
      }
      throw e;
    }
  }

  private static PhoneConfig.Builder phone(
      Identity id, List<InetSocketAddress> bootstrap, IceConfig ice) {
    return Phone.builder(id)
        .bootstrap(bootstrap)
        .ice(ice)
        .overlayAddress(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
  }

  /** Bob's phone answers whatever rings. */
  private static final class AnswerEveryCall extends CallListener {
    @Override
    public void onRinging(Call call) {
      if (call.direction() == CallDirection.INCOMING) {
        call.answer();
      }
    }
  }
}
