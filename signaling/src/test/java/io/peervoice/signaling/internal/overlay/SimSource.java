package io.peervoice.signaling.internal.overlay;

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

  void reset() {
    answers.clear();
    bytesSent = 0;
    bytesReceived = 0;
    datagramsReceived = 0;
  }
}
