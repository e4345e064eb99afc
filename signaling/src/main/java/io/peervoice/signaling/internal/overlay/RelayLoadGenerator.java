package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a node with routed messages: a sink peer attaches and acknowledges every push, a sender
 * keeps a window of ROUTE requests outstanding and counts the node's OK answers. Two threads, plain
 * blocking sockets.
 */
public final class RelayLoadGenerator {
  private final WireCodec codec = new WireCodec();
  private final InetSocketAddress node;
  private final int window;
  private final int payloadBytes;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  public RelayLoadGenerator(InetSocketAddress node, int window, int payloadBytes) {
    this.node = node;
    this.window = window;
    this.payloadBytes = payloadBytes;
  }

  /** Attaches the sink, then runs the load for {@code millis}; returns OK answers counted. */
  public long run(long millis) throws IOException, InterruptedException {
    SecureRandom random = new SecureRandom();
    Identity sinkId = Identity.generate(random);
    try (DatagramChannel sink = DatagramChannel.open();
        DatagramChannel sender = DatagramChannel.open()) {
      InetAddress loopback = node.getAddress();
      sink.bind(new InetSocketAddress(loopback, 0));
      sender.bind(new InetSocketAddress(loopback, 0));
      attach(sink, sinkId, random);
      prove(sender);
      sink.configureBlocking(true);
      Thread acker = new Thread(() -> ack(sink), "relay-sink");
      acker.start();
      Thread collector = new Thread(() -> collect(sender), "relay-collect");
      collector.start();
      PeerId target = sinkId.peerId();
      byte[] payload = new byte[payloadBytes];
      random.nextBytes(payload);
      long deadline = System.nanoTime() + millis * 1_000_000;
      long sent = 0;
      while (System.nanoTime() < deadline) {
        long answered = delivered.get() + failed.get();
        if (sent - answered < window) {
          byte[] d = codec.encode(new Msg.Route(sent, target.bytes(), sent, 0, 1, payload));
          sender.send(ByteBuffer.wrap(d), node);
          sent++;
        } else {
          Thread.onSpinWait();
          if (sent - answered >= window && stalled(answered)) {
            failed.addAndGet(sent - answered);
          }
        }
      }
      running.set(false);
      sink.close();
      sender.close();
      acker.join(2_000);
      collector.join(2_000);
      return delivered.get();
    }
  }

  private long lastAnswered = -1;
  private long stalledSince;

  private boolean stalled(long answered) {
    long now = System.nanoTime();
    if (answered != lastAnswered) {
      lastAnswered = answered;
      stalledSince = now;
      return false;
    }
    if (now - stalledSince > 200_000_000L) {
      stalledSince = now;
      return true;
    }
    return false;
  }

  /** The address proof: HELLO, COOKIE, HELLO(cookie), OK. Returns the cookie. */
  private byte[] prove(DatagramChannel channel) throws IOException {
    channel.configureBlocking(true);
    channel.socket().setSoTimeout(5_000);
    channel.send(
        ByteBuffer.wrap(
            codec.encode(new Msg.Hello(1, new byte[0], new byte[AddressProofs.PADDING]))),
        node);
    if (!(receive(channel) instanceof Msg.CookieReply c)) {
      throw new IOException("the node sent no cookie");
    }
    channel.send(ByteBuffer.wrap(codec.encode(new Msg.Hello(2, c.cookie(), new byte[0]))), node);
    if (!(receive(channel) instanceof Msg.Status s) || s.code() != StatusCode.OK.wire()) {
      throw new IOException("the node did not accept our cookie");
    }
    return c.cookie();
  }

  private void attach(DatagramChannel sink, Identity id, SecureRandom random) throws IOException {
    byte[] cookie = prove(sink);
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    sink.send(ByteBuffer.wrap(codec.encode(new Msg.Ping(1, nonce, new byte[0]))), node);
    Msg.Pong pong = (Msg.Pong) receive(sink);
    PeerId nodeId = NodeVerifier.verify(pong.nodeKey(), nonce, pong.signature());
    if (nodeId == null) {
      throw new IOException("the node did not prove its id");
    }
    long ts = System.currentTimeMillis();
    var pub = id.publicIdentity();
    sink.send(
        ByteBuffer.wrap(
            codec.encode(
                new Msg.Attach(
                    2,
                    pub.signingKey(),
                    pub.agreementKey(),
                    nodeId.bytes(),
                    ts,
                    id.sign(AttachProof.signed(nodeId, cookie, ts)),
                    cookie))),
        node);
    Msg reply = receive(sink);
    if (!(reply instanceof Msg.Status s) || s.code() != StatusCode.OK.wire()) {
      throw new IOException("attach refused: " + reply);
    }
  }

  private Msg receive(DatagramChannel channel) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(2048);
    java.net.DatagramPacket p = new java.net.DatagramPacket(buf.array(), buf.capacity());
    channel.socket().receive(p);
    try {
      return codec.decode(java.util.Arrays.copyOf(p.getData(), p.getLength()));
    } catch (WireException e) {
      throw new IOException("bad reply: " + e.getMessage(), e);
    }
  }

  private void ack(DatagramChannel sink) {
    ByteBuffer buf = ByteBuffer.allocate(2048);
    while (running.get()) {
      try {
        buf.clear();
        sink.receive(buf);
        buf.flip();
        byte[] d = new byte[buf.remaining()];
        buf.get(d);
        Msg m = codec.decode(d);
        if (m instanceof Msg.Deliver deliver) {
          sink.send(
              ByteBuffer.wrap(codec.encode(new Msg.Status(deliver.tx(), StatusCode.OK.wire(), 0))),
              node);
        }
      } catch (IOException | WireException e) {
        if (!running.get()) {
          return;
        }
      }
    }
  }

  private void collect(DatagramChannel sender) {
    ByteBuffer buf = ByteBuffer.allocate(2048);
    while (running.get()) {
      try {
        buf.clear();
        sender.receive(buf);
        buf.flip();
        byte[] d = new byte[buf.remaining()];
        buf.get(d);
        Msg m = codec.decode(d);
        if (m instanceof Msg.Status s) {
          if (s.code() == StatusCode.OK.wire()) {
            delivered.incrementAndGet();
          } else {
            failed.incrementAndGet();
          }
        }
      } catch (IOException | WireException e) {
        if (!running.get()) {
          return;
        }
      }
    }
  }

  public long failed() {
    return failed.get();
  }
}
