package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.NodeAbuse;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends each overlay request, as an attacker with a spoofed source would, from a fresh address that
 * never proved it can receive, and counts what the node sends back. Used by {@code peervoice bench
 * abuse} and the abuse tests; every probe is bounded in datagrams and time.
 */
public final class AbuseProbes {
  private static final WireCodec CODEC = new WireCodec();

  private AbuseProbes() {}

  /**
   * The requests an attacker can send without proving its address, keyed by name. {@code planted}
   * is the wire form of a record the node holds, {@code plantedPeer} its peer.
   */
  public static Map<String, byte[]> requests(
      PeerId node, PeerId plantedPeer, byte[] planted, SecureRandom random) {
    Identity stranger = Identity.generate(random);
    byte[] key = stranger.publicIdentity().signingKey();
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    byte[] target = new byte[PeerId.LENGTH];
    random.nextBytes(target);
    byte[] cookie = new byte[WireCodec.COOKIE];
    random.nextBytes(cookie);
    long now = System.currentTimeMillis();
    byte[] attachSig = stranger.sign(AttachProof.signed(node, cookie, now));
    Map<String, byte[]> out = new LinkedHashMap<>();
    out.put("ping", CODEC.encode(new Msg.Ping(1, new byte[0], new byte[0])));
    out.put("ping_nonce", CODEC.encode(new Msg.Ping(2, nonce, key)));
    out.put("find_node", CODEC.encode(new Msg.FindNode(3, target, key)));
    out.put("find_record", CODEC.encode(new Msg.FindRecord(4, plantedPeer.bytes(), key)));
    out.put("store", CODEC.encode(new Msg.Store(5, planted, key)));
    out.put(
        "attach",
        CODEC.encode(
            new Msg.Attach(
                6,
                key,
                stranger.publicIdentity().agreementKey(),
                node.bytes(),
                now,
                attachSig,
                cookie)));
    out.put("publish", CODEC.encode(new Msg.Publish(7, planted)));
    out.put("lookup", CODEC.encode(new Msg.Lookup(8, plantedPeer.bytes())));
    out.put("route", CODEC.encode(new Msg.Route(9, plantedPeer.bytes(), 77, 0, 1, new byte[200])));
    out.put("hold", CODEC.encode(new Msg.Hold(12, plantedPeer.bytes(), 78, 0, 1, new byte[200])));
    out.put("hello", CODEC.encode(new Msg.Hello(10, new byte[0], new byte[0])));
    out.put("hello_padded", CODEC.encode(new Msg.Hello(11, new byte[0], new byte[48])));
    out.put("stun_binding", stunBinding(random));
    return out;
  }

  /** A STUN Binding request without attributes (RFC 8489 §5). */
  public static byte[] stunBinding(SecureRandom random) {
    ByteBuffer b = ByteBuffer.allocate(20);
    b.putShort((short) 0x0001).putShort((short) 0).putInt(StunResponder.MAGIC_COOKIE);
    byte[] txId = new byte[12];
    random.nextBytes(txId);
    b.put(txId);
    return b.array();
  }

  /**
   * Sends each request once from its own socket on a fresh source address (taken in turn from
   * {@code sources}) and counts replies arriving within {@code waitMillis}.
   */
  public static List<NodeAbuse.Amplification> amplification(
      InetSocketAddress node,
      Map<String, byte[]> requests,
      List<InetAddress> sources,
      int waitMillis)
      throws IOException {
    if (sources.size() < requests.size()) {
      throw new IllegalArgumentException("need one source address per request");
    }
    List<NodeAbuse.Amplification> out = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, byte[]> e : requests.entrySet()) {
      try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(sources.get(i++), 0))) {
        byte[] d = e.getValue();
        s.send(new DatagramPacket(d, d.length, node));
        long[] got = drain(s, waitMillis);
        out.add(new NodeAbuse.Amplification(e.getKey(), d.length, got[1], got[0]));
      }
    }
    return out;
  }

  /**
   * Sends {@code datagrams} copies of {@code request} from one source address, spread round-robin
   * over {@code ports} sockets, and counts the replies across all of them.
   */
  public static long flood(
      InetSocketAddress node,
      InetAddress source,
      int ports,
      int datagrams,
      byte[] request,
      int waitMillis)
      throws IOException, InterruptedException {
    List<DatagramSocket> sockets = new ArrayList<>(ports);
    List<Thread> readers = new ArrayList<>(ports);
    AtomicLong replies = new AtomicLong();
    try {
      for (int p = 0; p < ports; p++) {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(source, 0));
        s.setReceiveBufferSize(1 << 20);
        sockets.add(s);
      }
      AtomicLong sendDone = new AtomicLong(Long.MAX_VALUE);
      for (DatagramSocket s : sockets) {
        Thread t =
            new Thread(
                () -> {
                  try {
                    replies.addAndGet(drain(s, sendDone::get, waitMillis)[0]);
                  } catch (IOException e) {
                    // the socket closed: stop counting
                  }
                },
                "abuse-flood-reader");
        t.start();
        readers.add(t);
      }
      DatagramPacket packet = new DatagramPacket(request, request.length, node);
      for (int n = 0; n < datagrams; n++) {
        sockets.get(n % ports).send(packet);
      }
      sendDone.set(System.nanoTime());
      for (Thread t : readers) {
        t.join();
      }
      return replies.get();
    } finally {
      for (DatagramSocket s : sockets) {
        s.close();
      }
    }
  }

  /** Replies and reply bytes on {@code s} until {@code waitMillis} pass. */
  private static long[] drain(DatagramSocket s, int waitMillis) throws IOException {
    long start = System.nanoTime();
    return drain(s, () -> start, waitMillis);
  }

  /**
   * Counts replies until {@code waitMillis} after the time {@code since} gives (read again after
   * each timeout, so a sender still sending keeps the reader going).
   */
  private static long[] drain(
      DatagramSocket s, java.util.function.LongSupplier since, int waitMillis) throws IOException {
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    long replies = 0;
    long bytes = 0;
    s.setSoTimeout(Math.max(1, Math.min(waitMillis, 50)));
    while (true) {
      long from = since.getAsLong();
      if (from != Long.MAX_VALUE && System.nanoTime() - from > waitMillis * 1_000_000L) {
        return new long[] {replies, bytes};
      }
      try {
        p.setLength(buf.length);
        s.receive(p);
        replies++;
        bytes += p.getLength();
      } catch (SocketTimeoutException e) {
        // check the deadline again
      }
    }
  }

  /** The address proof a real client runs: HELLO, COOKIE, HELLO with the cookie, OK. */
  public static boolean prove(DatagramSocket s, InetSocketAddress node, int waitMillis)
      throws IOException {
    return proofFailure(s, node, waitMillis) == null;
  }

  /**
   * Runs the address proof ({@link #prove}); returns the first step without a good answer ({@code
   * "HELLO"} or {@code "HELLO with cookie"}), or null once proven.
   */
  static String proofFailure(DatagramSocket s, InetSocketAddress node, int waitMillis)
      throws IOException {
    Msg reply = ask(s, node, new Msg.Hello(100, new byte[0], new byte[48]), waitMillis);
    if (!(reply instanceof Msg.CookieReply c)) {
      return "HELLO";
    }
    reply = ask(s, node, new Msg.Hello(101, c.cookie(), new byte[0]), waitMillis);
    return OverlayRequests.ok(reply) ? null : "HELLO with cookie";
  }

  /**
   * The blocking form of one overlay request, for probes on a plain socket: sends {@code request}
   * to {@code node} and returns the next datagram decoded, or null on timeout or garbage.
   */
  static Msg ask(DatagramSocket s, InetSocketAddress node, Msg request, int waitMillis)
      throws IOException {
    byte[] d = CODEC.encode(request);
    s.send(new DatagramPacket(d, d.length, node));
    return receive(s, waitMillis);
  }

  /** The next datagram on {@code s} decoded, or null on timeout or garbage. */
  public static Msg receive(DatagramSocket s, int waitMillis) throws IOException {
    byte[] d = receiveRaw(s, waitMillis);
    try {
      return d == null ? null : CODEC.decode(d);
    } catch (WireException e) {
      return null;
    }
  }

  /** The next datagram on {@code s}, or null if none came within {@code waitMillis}. */
  public static byte[] receiveRaw(DatagramSocket s, int waitMillis) throws IOException {
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    s.setSoTimeout(waitMillis);
    try {
      s.receive(p);
      return java.util.Arrays.copyOf(buf, p.getLength());
    } catch (SocketTimeoutException e) {
      return null;
    }
  }

  /** A PING asking the node to sign a fresh nonce, as a node proving another's id sends it. */
  public static byte[] pingWithNonce(long tx, byte[] key, SecureRandom random) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    return CODEC.encode(new Msg.Ping(tx, nonce, key));
  }
}
