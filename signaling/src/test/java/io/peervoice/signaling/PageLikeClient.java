package io.peervoice.signaling;

import io.peervoice.signaling.internal.overlay.NodeStreams;
import io.peervoice.signaling.internal.wire.EnvelopeCodec;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.WireCodec;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S7 webroute, for tests: a client that speaks to its node as {@code web/src/overlay.js} does over
 * the page's WebSocket, here over the node's TCP listener (the node serves both through the same
 * {@code NodeStreams}): HELLO, PING with a nonce, ATTACH v3, PUBLISH, and sealed messages sent as
 * FORWARD (or ROUTE); DELIVERs are acknowledged, reassembled and opened.
 */
final class PageLikeClient implements AutoCloseable {
  private static final byte[] V3 = "peervoice-attach-v3".getBytes(StandardCharsets.US_ASCII);

  private final Identity identity;
  private final Socket socket;
  private final WireCodec codec = new WireCodec();
  private final SecureRandom random = new SecureRandom();
  private final AtomicLong tx = new AtomicLong(1);
  private final Map<Long, BlockingQueue<Msg>> waiting = new ConcurrentHashMap<>();
  private final Map<Long, byte[][]> partial = new ConcurrentHashMap<>();
  final List<byte[]> received = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private byte[] cookie;
  PeerId nodeId;

  PageLikeClient(Identity identity, InetSocketAddress node) throws IOException {
    this.identity = identity;
    this.socket = new Socket();
    socket.connect(node, 2_000);
    reader = new Thread(this::read, "page-like-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      while (true) {
        byte[] body = new byte[in.readUnsignedShort()];
        in.readFully(body);
        Msg m = codec.decode(body);
        if (m instanceof Msg.Deliver d) {
          write(new Msg.Status(d.tx(), 0, 0));
          deliver(d);
        } else {
          BlockingQueue<Msg> q = waiting.remove(m.tx());
          if (q != null) {
            q.add(m);
          }
        }
      }
    } catch (Exception e) {
      // closed
    }
  }

  private void deliver(Msg.Deliver d) throws Exception {
    byte[][] parts = partial.computeIfAbsent(d.messageId(), k -> new byte[d.fragments()][]);
    parts[d.fragment()] = d.payload();
    if (Arrays.stream(parts).anyMatch(p -> p == null)) {
      return;
    }
    partial.remove(d.messageId());
    ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
    Arrays.stream(parts).forEach(all::put);
    EnvelopeCodec.Envelope e = new EnvelopeCodec().decode(all.array());
    if (e.sealed().open(identity, e.sender()) instanceof SealedMessage.Opened.Payload p) {
      received.add(p.bytes());
    }
  }

  private synchronized void write(Msg m) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(NodeStreams.frame(codec.encode(m)));
    out.flush();
  }

  /** Sends the message {@code build(tx)} makes; the answer, or null after 5 s. */
  Msg request(java.util.function.LongFunction<Msg> build) throws Exception {
    long t = tx.getAndIncrement();
    BlockingQueue<Msg> q = new LinkedBlockingQueue<>();
    waiting.put(t, q);
    write(build.apply(t));
    return q.poll(5, TimeUnit.SECONDS);
  }

  /** Sends without waiting; the answer arrives in the returned queue. */
  BlockingQueue<Msg> post(java.util.function.LongFunction<Msg> build) throws IOException {
    long t = tx.getAndIncrement();
    BlockingQueue<Msg> q = new LinkedBlockingQueue<>();
    waiting.put(t, q);
    write(build.apply(t));
    return q;
  }

  /** Proves the address and the node's id, attaches (v3); the ATTACH's status code. */
  int attach() throws Exception {
    cookie = ((Msg.CookieReply) request(t -> new Msg.Hello(t, new byte[0], new byte[20]))).cookie();
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    Msg.Pong pong = (Msg.Pong) request(t -> new Msg.Ping(t, nonce, new byte[0]));
    nodeId = PeerId.of(pong.nodeKey());
    long now = System.currentTimeMillis();
    byte[] device = new byte[8];
    random.nextBytes(device);
    byte[] signed =
        ByteBuffer.allocate(V3.length + PeerId.LENGTH + cookie.length + 16)
            .put(V3)
            .put(nodeId.bytes())
            .put(cookie)
            .putLong(now)
            .put(device)
            .array();
    PublicIdentity me = identity.publicIdentity();
    return status(
        t ->
            new Msg.Attach(
                t,
                me.signingKey(),
                me.agreementKey(),
                nodeId.bytes(),
                now,
                identity.sign(signed),
                cookie,
                device));
  }

  /** Publishes a record listing {@code nodes}; the status code. */
  int publish(List<NodeAddress> nodes) throws Exception {
    long now = System.currentTimeMillis();
    LocationRecord record =
        LocationRecord.sign(identity, nodes, now, Instant.ofEpochMilli(now + 600_000));
    byte[] wire = new RecordCodec().encode(record);
    return status(t -> new Msg.Publish(t, wire));
  }

  int status(java.util.function.LongFunction<Msg> build) throws Exception {
    Msg m = request(build);
    return m instanceof Msg.Status s ? s.code() : -1;
  }

  /** The fragments of {@code payload} sealed to {@code to}. */
  List<byte[]> seal(PublicIdentity to, byte[] payload) {
    byte[] envelope =
        new EnvelopeCodec()
            .encode(identity.publicIdentity(), SealedMessage.seal(identity, to, payload, random));
    List<byte[]> out = new ArrayList<>();
    for (int at = 0; at < envelope.length; at += WireCodec.MAX_FRAGMENT) {
      out.add(
          Arrays.copyOfRange(envelope, at, Math.min(envelope.length, at + WireCodec.MAX_FRAGMENT)));
    }
    return out;
  }

  /** FORWARDs {@code payload} sealed to {@code to}; the worst status code of its fragments. */
  int forward(PublicIdentity to, byte[] payload) throws Exception {
    List<byte[]> fragments = seal(to, payload);
    long id = random.nextLong() >>> 1;
    int worst = 0;
    for (int i = 0; i < fragments.size(); i++) {
      int index = i;
      int code =
          status(
              t ->
                  new Msg.Forward(
                      t, to.peerId().bytes(), id, index, fragments.size(), fragments.get(index)));
      worst = code != 0 ? code : worst;
    }
    return worst;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
