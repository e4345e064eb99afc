package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.sim.SimNetwork;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** A scripted source on a {@link SimNetwork}: sends messages, records answers and byte counts. */
final class SimSource {
  private final SimNetwork net;
  private final WireCodec codec = new WireCodec();
  final InetSocketAddress address;
  final Env env;
  final List<Msg> answers = new ArrayList<>();
  long bytesSent;
  long bytesReceived;
  int datagramsReceived;
  boolean ackDelivers;

  SimSource(SimNetwork net, InetSocketAddress address) {
    this.net = net;
    this.address = address;
    this.env =
        net.attach(
            address,
            (from, data) -> {
              bytesReceived += data.length;
              datagramsReceived++;
              try {
                Msg m = codec.decode(data);
                answers.add(m);
                if (ackDelivers && m instanceof Msg.Deliver d) {
                  send(from, new Msg.Status(d.tx(), StatusCode.OK.wire(), 0));
                }
              } catch (WireException e) {
                answers.add(new Msg.Status(-1, 255, data.length));
              }
            });
  }

  /** Sends {@code msg}; returns its size. */
  int send(InetSocketAddress to, Msg msg) {
    return send(to, codec.encode(msg));
  }

  int send(InetSocketAddress to, byte[] datagram) {
    bytesSent += datagram.length;
    env.send(to, datagram);
    return datagram.length;
  }

  /** Runs the network for {@code millis} of virtual time. */
  void run(long millis) {
    net.runUntil(net.now() + millis);
  }

  Msg last() {
    return answers.get(answers.size() - 1);
  }

  Msg.Status lastStatus() {
    return (Msg.Status) last();
  }

  /** Proves this source's address to {@code node} (HELLO, COOKIE, HELLO(cookie), OK). */
  byte[] prove(InetSocketAddress node) {
    send(node, new Msg.Hello(900_001, new byte[0], new byte[AddressProofs.PADDING]));
    run(20);
    byte[] cookie = ((Msg.CookieReply) last()).cookie();
    send(node, new Msg.Hello(900_002, cookie, new byte[0]));
    run(20);
    if (lastStatus().code() != StatusCode.OK.wire()) {
      throw new AssertionError("cookie refused");
    }
    return cookie;
  }

  /**
   * Proves this source's address to {@code node}, then attaches {@code who} there as a client does:
   * an ATTACH naming no device (version 2), signed over {@code nodeId}, the cookie and the time.
   * Runs 10 ms; returns the ATTACH sent.
   */
  Msg.Attach attach(InetSocketAddress node, PeerId nodeId, Identity who) {
    return attach(node, nodeId, who, new byte[0], false);
  }

  /**
   * As {@link #attach(InetSocketAddress, PeerId, Identity)}, naming {@code device} (version 3),
   * signed over it unless {@code signDevice} is false (a forged ATTACH).
   */
  Msg.Attach attach(
      InetSocketAddress node, PeerId nodeId, Identity who, long device, boolean signDevice) {
    return attach(node, nodeId, who, AttachProof.deviceBytes(device), signDevice);
  }

  private Msg.Attach attach(
      InetSocketAddress node, PeerId nodeId, Identity who, byte[] device, boolean signDevice) {
    byte[] cookie = prove(node);
    long ts = env.wallMillis();
    byte[] signed =
        signDevice
            ? AttachProof.signed(nodeId, cookie, ts, device)
            : AttachProof.signed(nodeId, cookie, ts);
    Msg.Attach attach =
        new Msg.Attach(
            77,
            who.publicIdentity().signingKey(),
            who.publicIdentity().agreementKey(),
            nodeId.bytes(),
            ts,
            who.sign(signed),
            cookie,
            device);
    send(node, attach);
    run(10);
    return attach;
  }

  void reset() {
    answers.clear();
    bytesSent = 0;
    bytesReceived = 0;
    datagramsReceived = 0;
  }
}
