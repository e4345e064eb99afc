package io.peervoice.demo;

import io.peervoice.media.audio.LoopingSource;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.sdk.Call;
import io.peervoice.sdk.CallDirection;
import io.peervoice.sdk.CallListener;
import io.peervoice.sdk.Phone;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.RendezvousNode;
import io.peervoice.signaling.RendezvousNodeConfig;
import io.peervoice.signaling.call.EndReason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The SDK in one page: a rendezvous node, two phones, a call with DTMF, hold and hang-up, using
 * only public API. Run: {@code java -cp demo/target/peervoice.jar io.peervoice.demo.HelloPhone}.
 */
public final class HelloPhone {

  private HelloPhone() {}

  public static void main(String[] args) throws Exception {
    System.out.println("call ended: " + run());
  }

  /** Places the call and returns why it ended (LOCAL_HANGUP when all went well). */
  public static EndReason run() throws Exception {
    SecureRandom random = new SecureRandom();
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try (RendezvousNode node =
        RendezvousNode.start(
            // one node on loopback, a lab: no other node checks its id, so it mints no id work
            RendezvousNodeConfig.builder(Identity.generate(random), any).nodeIdWork(0).build())) {
      List<InetSocketAddress> bootstrap = List.of(node.address());
      Identity bobId = Identity.generate(random);

      CallListener bobAnswers =
          new CallListener() {
            @Override
            public void onRinging(Call call) {
              if (call.direction() == CallDirection.INCOMING) {
                System.out.println("bob: " + call.peer() + " is calling; answering");
                call.answer();
              }
            }

            @Override
            public void onDtmf(Call call, char digit) {
              System.out.println("bob: DTMF " + digit);
            }

            @Override
            public void onRemoteHold(Call call, boolean held) {
              System.out.println("bob: " + (held ? "on hold" : "resumed"));
            }

            @Override
            public void onEnded(Call call, EndReason reason) {
              System.out.println("bob: call ended, " + reason);
            }
          };

      try (Phone bob =
              Phone.start(
                  Phone.builder(bobId)
                      .bootstrap(bootstrap)
                      .overlayAddress(any)
                      .listeners(call -> bobAnswers)
                      .build());
          Phone alice =
              Phone.start(
                  Phone.builder(Identity.generate(random))
                      .bootstrap(bootstrap)
                      .overlayAddress(any)
                      .audioSource(call -> LoopingSource.forever(SpeechSample.load()))
                      .build())) {
        bob.ready().get(10, TimeUnit.SECONDS);
        alice.ready().get(10, TimeUnit.SECONDS);

        Call call = alice.call(bobId.peerId());
        call.mediaStarted().get(30, TimeUnit.SECONDS);
        System.out.printf(
            "alice: talking; ringing came %d ms after dialling, SRTP %s%n",
            call.stats().dialToRingingMillis(), call.stats().media().orElseThrow().srtpProfile());
        call.sendDtmf("42");
        call.hold();
        call.resume();
        try {
          call.ended().get(2, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException stillTalking) {
          // two seconds of conversation
        }
        System.out.printf("alice: MOS %.2f%n", call.stats().media().orElseThrow().quality().mos());
        call.hangup();
        return call.ended().get(5, TimeUnit.SECONDS);
      }
    }
  }
}
