package io.peervoice.signaling;

import io.peervoice.signaling.internal.overlay.AbuseProbes;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.WireCodec;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Attacks a rendezvous node the way issue 10 describes them, from loopback source addresses ({@code
 * 127.0.0.20} and up, each standing for a different attacker or bystander), and measures what the
 * node gives away: reply bytes per request byte to sources that never proved their address, replies
 * to a many-port flood from one IP, and the node's responsiveness to others while one source asks
 * it to sign nonces as fast as it can. Every probe is bounded in datagrams and time.
 */
public final class NodeAbuse {
  private static final int FIRST_SOURCE = 20;

  /** One request type sent once from an unproven source: bytes in, bytes and replies out. */
  public record Amplification(String request, int bytesIn, long bytesOut, long replies) {
    /** Bytes out per byte in. */
    public double ratio() {
      return bytesIn == 0 ? 0 : (double) bytesOut / bytesIn;
    }
  }

  /** Replies to {@code datagrams} requests from one IP, sent from one port and from many. */
  public record PortFlood(int ports, int datagrams, long repliesOnePort, long repliesManyPorts) {}

  /**
   * A proven source sends {@code sent} nonce PINGs as fast as it can; {@code signed} were answered
   * with a signature. Meanwhile another source's STUN and FIND_NODE probes got these round trips.
   */
  public record SignatureFlood(
      long sent,
      double seconds,
      long signed,
      long probesSent,
      long probesAnswered,
      double probeP50Millis,
      double probeP99Millis) {}

  private NodeAbuse() {}

  /**
   * Sends every request type once, each from a fresh unproven source. {@code planted} is a record
   * the node holds (so FIND_RECORD has something to return).
   */
  public static List<Amplification> amplification(
      InetSocketAddress node, PeerId nodeId, LocationRecord planted) throws IOException {
    SecureRandom random = new SecureRandom();
    byte[] wire = new RecordCodec().encode(planted);
    Map<String, byte[]> requests = AbuseProbes.requests(nodeId, planted.peer(), wire, random);
    List<InetAddress> sources = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      sources.add(source(FIRST_SOURCE + i));
    }
    return AbuseProbes.amplification(node, requests, sources, 300);
  }

  /**
   * {@code datagrams} padded HELLOs (which an unproven source may get a cookie for) from one port
   * of one IP, then from {@code ports} ports of another IP.
   */
  public static PortFlood portFlood(InetSocketAddress node, int ports, int datagrams)
      throws IOException, InterruptedException {
    byte[] hello = new WireCodec().encode(new Msg.Hello(1, new byte[0], new byte[48]));
    long one = AbuseProbes.flood(node, source(FIRST_SOURCE + 40), 1, datagrams, hello, 500);
    long many = AbuseProbes.flood(node, source(FIRST_SOURCE + 41), ports, datagrams, hello, 500);
    return new PortFlood(ports, datagrams, one, many);
  }

  /**
   * One source proves its address, then sends {@code count} PINGs with nonces at full speed while
   * another source probes the node with STUN Binding and FIND_NODE every {@code probeEvery}.
   */
  public static SignatureFlood signatureFlood(
      InetSocketAddress node, int count, Duration probeEvery)
      throws IOException, InterruptedException {
    SecureRandom random = new SecureRandom();
    byte[] key = Identity.generate(random).publicIdentity().signingKey();
    AtomicLong signed = new AtomicLong();
    AtomicBoolean flooding = new AtomicBoolean(true);
    List<Double> rtts = new ArrayList<>();
    long[] probesSent = {0};
    try (DatagramSocket flooder = new DatagramSocket(new InetSocketAddress(source(62), 0));
        DatagramSocket prober = new DatagramSocket(new InetSocketAddress(source(63), 0))) {
      flooder.setReceiveBufferSize(1 << 20);
      if (!AbuseProbes.prove(flooder, node, 1_000) || !AbuseProbes.prove(prober, node, 1_000)) {
        throw new IOException("the node at " + node + " did not complete an address proof");
      }
      // one untimed STUN and FIND_NODE first, so the node's cold first answer is not measured
      byte[] stun = AbuseProbes.stunBinding(random);
      prober.send(new DatagramPacket(stun, stun.length, node));
      awaitReply(prober, 1_000);
      byte[] find = new WireCodec().encode(new Msg.FindNode(1, new byte[PeerId.LENGTH], key));
      prober.send(new DatagramPacket(find, find.length, node));
      awaitReply(prober, 1_000);
      Thread reader =
          new Thread(
              () -> {
                try {
                  // answers trail the flood: keep counting for half a second after it
                  long quietSince = Long.MAX_VALUE;
                  while (flooding.get() || System.nanoTime() - quietSince < 500_000_000L) {
                    if (!flooding.get() && quietSince == Long.MAX_VALUE) {
                      quietSince = System.nanoTime();
                    }
                    Msg m = AbuseProbes.receive(flooder, 50);
                    if (m instanceof Msg.Pong p && p.signature().length > 0) {
                      signed.incrementAndGet();
                    }
                  }
                } catch (IOException e) {
                  // closed
                }
              },
              "abuse-signature-reader");
      Thread probe =
          new Thread(
              () -> {
                try {
                  probe(prober, node, random, probeEvery, flooding, rtts, probesSent);
                } catch (IOException | InterruptedException e) {
                  // closed or stopped
                }
              },
              "abuse-prober");
      reader.start();
      probe.start();
      long start = System.nanoTime();
      for (int n = 0; n < count; n++) {
        byte[] d = AbuseProbes.pingWithNonce(n, key, random);
        flooder.send(new DatagramPacket(d, d.length, node));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      flooding.set(false);
      probe.join();
      reader.join();
      double[] sorted;
      synchronized (rtts) {
        sorted = rtts.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      }
      return new SignatureFlood(
          count,
          seconds,
          signed.get(),
          probesSent[0],
          sorted.length,
          percentile(sorted, 0.50),
          percentile(sorted, 0.99));
    }
  }

  private static void probe(
      DatagramSocket prober,
      InetSocketAddress node,
      SecureRandom random,
      Duration every,
      AtomicBoolean running,
      List<Double> rtts,
      long[] sent)
      throws IOException, InterruptedException {
    WireCodec codec = new WireCodec();
    byte[] key = Identity.generate(random).publicIdentity().signingKey();
    long tx = 1_000;
    while (running.get()) {
      boolean stun = (tx & 1) == 0;
      byte[] target = new byte[PeerId.LENGTH];
      random.nextBytes(target);
      byte[] d =
          stun ? AbuseProbes.stunBinding(random) : codec.encode(new Msg.FindNode(tx, target, key));
      tx++;
      long t0 = System.nanoTime();
      prober.send(new DatagramPacket(d, d.length, node));
      sent[0]++;
      if (awaitReply(prober, 200)) {
        synchronized (rtts) {
          rtts.add((System.nanoTime() - t0) / 1e6);
        }
      }
      Thread.sleep(every.toMillis());
    }
  }

  private static boolean awaitReply(DatagramSocket s, int waitMillis) throws IOException {
    return AbuseProbes.receiveRaw(s, waitMillis) != null;
  }

  private static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static InetAddress source(int lastOctet) throws IOException {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet});
  }
}
