package io.peervoice.bench;

import io.peervoice.sdk.Call;
import io.peervoice.sdk.CallDirection;
import io.peervoice.sdk.CallListener;
import io.peervoice.sdk.CallStats;
import io.peervoice.sdk.Phone;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocalOverlay;
import io.peervoice.signaling.call.IncomingLimits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Call set-up through a local 3-node overlay: N calls between two phones; the callee answers {@code
 * ANSWER_DELAY_MS} after its phone rings (a person takes about a second; ICE runs meanwhile).
 * Prints dial → ringing and answer → first audio at both ends, for a caller in the callee's
 * contacts (ICE runs while ringing) and for a stranger (no ICE and no address of the callee until
 * the answer). The callee's invite rate limits are raised so that N calls in a row are admitted.
 * Run: {@code java -cp bench/target/benchmarks.jar io.peervoice.bench.CallSetupLatency [N]
 * [ANSWER_DELAY_MS]}.
 */
public final class CallSetupLatency {

  /** The default limits, but any number of invites in a row from one caller. */
  private static final IncomingLimits MANY_CALLS =
      new IncomingLimits(
          4,
          2,
          new IncomingLimits.Rate(1_000_000, Duration.ofSeconds(1)),
          new IncomingLimits.Rate(1_000_000, Duration.ofSeconds(1)),
          IncomingLimits.defaults().refusalRate());

  private CallSetupLatency() {}

  /** Percentiles over the calls, in ms. */
  public record Figures(
      long dialToRingingP50,
      long dialToRingingP95,
      long calleeAnswerToAudioP50,
      long calleeAnswerToAudioP95,
      long callerAnswerToAudioP50,
      long callerAnswerToAudioP95) {}

  public static Figures measure(int calls, long answerDelayMillis, boolean contact)
      throws Exception {
    SecureRandom random = new SecureRandom();
    InetAddress loopback = InetAddress.getLoopbackAddress();
    List<AutoCloseable> open = new ArrayList<>();
    ScheduledExecutorService human = Executors.newSingleThreadScheduledExecutor();
    try {
      LocalOverlay overlay = LocalOverlay.start(3);
      open.add(overlay);
      List<InetSocketAddress> nodes = overlay.addresses();
      Identity calleeId = Identity.generate(random);
      Identity callerId = Identity.generate(random);
      Phone caller =
          Phone.start(
              Phone.builder(callerId)
                  .bootstrap(nodes)
                  .overlayAddress(new InetSocketAddress(loopback, 0))
                  .build());
      open.add(caller);
      Phone callee =
          Phone.start(
              Phone.builder(calleeId)
                  .bootstrap(nodes)
                  .overlayAddress(new InetSocketAddress(loopback, 0))
                  .contacts(contact ? List.of(callerId.peerId()) : List.of())
                  .incomingLimits(MANY_CALLS)
                  .listeners(
                      c ->
                          new CallListener() {
                            @Override
                            public void onRinging(Call call) {
                              if (call.direction() == CallDirection.INCOMING) {
                                human.schedule(
                                    call::answer, answerDelayMillis, TimeUnit.MILLISECONDS);
                              }
                            }
                          })
                  .build());
      open.add(callee);
      caller.ready().get(10, TimeUnit.SECONDS);
      callee.ready().get(10, TimeUnit.SECONDS);
      int warmUp = 3;
      long[] ringing = new long[calls];
      long[] calleeAudio = new long[calls];
      long[] callerAudio = new long[calls];
      for (int i = 0; i < calls + warmUp; i++) {
        Call call = caller.call(calleeId.peerId());
        call.mediaStarted().get(30, TimeUnit.SECONDS);
        Call incoming = callee.calls().get(0);
        incoming.mediaStarted().get(30, TimeUnit.SECONDS);
        CallStats out = call.stats();
        CallStats in = incoming.stats();
        call.hangup();
        call.ended().get(10, TimeUnit.SECONDS);
        incoming.ended().get(10, TimeUnit.SECONDS);
        if (i >= warmUp) {
          ringing[i - warmUp] = out.dialToRingingMillis();
          callerAudio[i - warmUp] = out.answerToFirstAudioMillis();
          calleeAudio[i - warmUp] = in.answerToFirstAudioMillis();
        }
      }
      Arrays.sort(ringing);
      Arrays.sort(calleeAudio);
      Arrays.sort(callerAudio);
      return new Figures(
          ringing[calls / 2],
          ringing[calls * 95 / 100],
          calleeAudio[calls / 2],
          calleeAudio[calls * 95 / 100],
          callerAudio[calls / 2],
          callerAudio[calls * 95 / 100]);
    } finally {
      human.shutdownNow();
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    long delay = args.length > 1 ? Long.parseLong(args[1]) : 1_000;
    for (boolean contact : new boolean[] {true, false}) {
      print(calls, delay, contact, measure(calls, delay, contact));
    }
  }

  private static void print(int calls, long delay, boolean contact, Figures f) {
    System.out.printf(
        "%d calls from a %s through a local 3-node overlay, answered %d ms after ringing:%n"
            + "  dial -> ringing p50 %d ms, p95 %d ms (target p50 <= 100)%n"
            + "  answer -> first audio at the callee p50 %d ms, p95 %d ms (target p50 <= 60)%n"
            + "  answer received -> first audio at the caller p50 %d ms, p95 %d ms%n",
        calls,
        contact ? "contact" : "stranger",
        delay,
        f.dialToRingingP50(),
        f.dialToRingingP95(),
        f.calleeAnswerToAudioP50(),
        f.calleeAnswerToAudioP95(),
        f.callerAnswerToAudioP50(),
        f.callerAnswerToAudioP95());
  }
}
