package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.internal.sim.SimNetwork;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * An attacker's node for eclipse tests: it proves its own (real) id when pinged, and answers every
 * FIND_NODE and FIND_RECORD with no record and only the contacts it was told to give (made-up ids
 * close to the target, at its fellow colluders' addresses).
 */
final class Colluder {
  private final Identity identity;
  private final WireCodec codec = new WireCodec();
  private final Env env;
  private List<Msg.Contact> contacts = List.of();
  int queries;

  Colluder(SimNetwork net, InetSocketAddress address, Identity identity) {
    this.identity = identity;
    this.env = net.attach(address, this::received);
  }

  void answerWith(List<Msg.Contact> fakes) {
    this.contacts = List.copyOf(fakes);
  }

  /**
   * Proves our address to {@code to} (HELLO, COOKIE, HELLO with the cookie), then sends it a PING
   * with our key, so it proves our id and adds us.
   */
  void introduceTo(InetSocketAddress to) {
    env.send(to, codec.encode(new Msg.Hello(1, new byte[0], new byte[AddressProofs.PADDING])));
  }

  private void received(InetSocketAddress from, byte[] data) {
    Msg msg;
    try {
      msg = codec.decode(data);
    } catch (WireException e) {
      return;
    }
    if (msg instanceof Msg.CookieReply c) {
      env.send(from, codec.encode(new Msg.Hello(2, c.cookie(), new byte[0])));
    } else if (msg instanceof Msg.Status s && s.tx() == 2 && s.code() == 0) {
      env.send(
          from, codec.encode(new Msg.Ping(3, new byte[0], identity.publicIdentity().signingKey())));
    } else if (msg instanceof Msg.Ping p && p.nonce().length > 0) {
      env.send(
          from,
          codec.encode(
              new Msg.Pong(
                  p.tx(),
                  from.getAddress().getAddress(),
                  from.getPort(),
                  identity.publicIdentity().signingKey(),
                  NodeVerifier.prove(identity, p.nonce()),
                  false)));
    } else if (msg instanceof Msg.Hello h) {
      // colluders prove addresses like honest nodes, so victims go on to ask them
      env.send(
          from,
          codec.encode(
              h.cookie().length == 0
                  ? new Msg.CookieReply(h.tx(), new byte[WireCodec.COOKIE])
                  : new Msg.Status(h.tx(), 0, 0)));
    } else if (msg instanceof Msg.FindNode f) {
      queries++;
      env.send(from, codec.encode(new Msg.Nodes(f.tx(), contacts)));
    } else if (msg instanceof Msg.FindRecord f) {
      queries++;
      env.send(from, codec.encode(new Msg.RecordReply(f.tx(), new byte[0], contacts)));
    }
  }
}
