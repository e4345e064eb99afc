package io.peervoice.sdk;

import io.peervoice.media.audio.LoopingSource;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.signaling.Identity;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A phone in a process of its own, for a test to kill: answers every call and talks until the
 * process dies. Prints {@code ready <PeerId>} once attached. Arguments: the bootstrap nodes' ports
 * on loopback.
 */
public final class VanishingPeer {
  private VanishingPeer() {}

  public static void main(String[] args) throws Exception {
    List<InetSocketAddress> nodes = new ArrayList<>();
    for (String port : args) {
      nodes.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(port)));
    }
    Identity identity = Identity.generate(new SecureRandom());
    Phone phone =
        Phone.start(
            Phone.builder(identity)
                .bootstrap(nodes)
                .overlayAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .audioSource(call -> LoopingSource.forever(SpeechSample.load()))
                .listeners(
                    call ->
                        new CallListener() {
                          @Override
                          public void onRinging(Call c) {
                            c.answer();
                          }
                        })
                .build());
    phone.ready().get();
    System.out.println("ready " + identity.peerId());
    System.out.flush();
    Thread.currentThread().join();
  }
}
