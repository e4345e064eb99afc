package io.peervoice.sdk;

import io.peervoice.nat.CandidateType;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceParameters;
import io.peervoice.session.MediaDescription;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.OverlayClient;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallKeys;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.CallMessages;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An attacker on the overlay: a bare overlay client with its own identity that sends hand-made call
 * messages and records every call message it receives.
 */
final class ForgedPeer implements AutoCloseable {
  final Identity identity;
  final OverlayClient client;
  final List<CallMessage> received = new CopyOnWriteArrayList<>();
  private final SecureRandom random;

  ForgedPeer(List<InetSocketAddress> nodes, SecureRandom random) throws Exception {
    this.random = random;
    this.identity = Identity.generate(random);
    this.client =
        OverlayClient.start(
            identity,
            nodes,
            new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0),
            Duration.ofSeconds(5));
    client.onMessage(
        (from, payload) -> {
          try {
            received.add(CallMessages.decode(payload));
          } catch (Exception e) {
            // not a call message
          }
        });
    client.ready().get(10, TimeUnit.SECONDS);
  }

  PeerId id() {
    return identity.peerId();
  }

  /** A media description whose candidates point at {@code targets}. */
  static byte[] description(int opus, List<InetSocketAddress> targets) {
    List<IceCandidate> candidates = new java.util.ArrayList<>();
    int n = 1;
    for (InetSocketAddress t : targets) {
      candidates.add(
          new IceCandidate(
              "f" + n++,
              1,
              2_130_706_431L - n,
              t.getAddress().getHostAddress(),
              t.getPort(),
              CandidateType.HOST,
              null,
              0));
    }
    return new MediaDescription(
            new IceParameters("evil", "0123456789abcdefghijkl", candidates), 1234, opus, 101)
        .encode();
  }

  /** A fresh, well-formed invite to {@code callee} whose offer names {@code targets}. */
  CallMessage.Invite invite(PeerId callee, byte[] offer) {
    return new CallMessage.Invite(
        CallId.random(random),
        0,
        callee.bytes(),
        System.currentTimeMillis(),
        CallKeys.generate(random).share(),
        List.of("AEAD_AES_128_GCM"),
        offer);
  }

  void send(PeerId to, CallMessage m) throws Exception {
    client.send(to, CallMessages.encode(m)).get(5, TimeUnit.SECONDS);
  }

  void sendAsync(PeerId to, CallMessage m) {
    client.send(to, CallMessages.encode(m));
  }

  @Override
  public void close() {
    client.close();
  }
}
