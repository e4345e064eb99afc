package io.peervoice.demo;

import io.peervoice.sdk.Call;
import io.peervoice.sdk.CallListener;
import io.peervoice.sdk.Phone;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.OverlayClient;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallKeys;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.CallMessages;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stranger floods a {@code peervoice listen} process with invites whose candidates name canary
 * sockets, while the listener's threads and sockets are sampled; then one of its contacts calls it.
 * The invites are hand-made, as an attacker would make them: signed by the stranger's own identity,
 * sealed and routed through the overlay like any call message.
 */
final class PhoneFloodProbe {
  private static final int CANARIES = 4;

  /** What the flood did to the phone. */
  record Result(
      int invites,
      long ringing,
      long refused,
      int idleThreads,
      int maxThreads,
      int idleSockets,
      int maxSockets,
      long canaryDatagrams,
      int contactCalls,
      int contactRang,
      double contactRingMsP50) {}

  private PhoneFloodProbe() {}

  static Result run(InetSocketAddress node, int invites, int perSecond, int contactCalls)
      throws Exception {
    SecureRandom random = new SecureRandom();
    Path dir = Files.createTempDirectory("peervoice-abuse");
    Identity listenerId = Identity.generate(random);
    Identity contact = Identity.generate(random);
    Path idFile = dir.resolve("listener.id");
    listenerId.save(idFile);
    Path contacts = dir.resolve("contacts.txt");
    Files.writeString(contacts, contact.peerId() + "  # the genuine caller\n");
    String bootstrap = HostPort.format(node);
    try (ChildProcess listener =
            ChildProcess.start(
                List.of(
                    "listen",
                    "--id-file",
                    idFile.toString(),
                    "--bootstrap",
                    bootstrap,
                    "--contacts",
                    contacts.toString()));
        Canaries canaries = new Canaries(CANARIES)) {
      listener.awaitLine(l -> l.startsWith("ready "), 30_000);
      // "ready" comes once attached; the warm-up and the spares for answers (S20) follow: idle is
      // once they are done, so that the flood's figures are the flood's
      listener.awaitSettled(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(10));
      int idleThreads = listener.threads();
      int idleSockets = listener.sockets();
      Sampler sampler = new Sampler(listener);
      sampler.start();
      long[] replies = flood(node, listenerId.peerId(), canaries, invites, perSecond, random);
      sampler.stop();
      if (Boolean.getBoolean("peervoice.abuse.debug")) {
        listener.drainLines().forEach(l -> System.err.println("listener: " + l));
      }
      double[] rings = contactCalls(node, contact, listenerId.peerId(), contactCalls);
      long canary = canaries.awaitQuiet(Duration.ofSeconds(1));
      int rang = (int) Arrays.stream(rings).filter(r -> r >= 0).count();
      double[] ok = Arrays.stream(rings).filter(r -> r >= 0).sorted().toArray();
      return new Result(
          invites,
          replies[0],
          replies[1],
          idleThreads,
          sampler.maxThreads,
          idleSockets,
          sampler.maxSockets,
          canary,
          contactCalls,
          rang,
          ok.length == 0 ? -1 : ok[(ok.length - 1) / 2]);
    }
  }

  /** Sends the invites at {@code perSecond}; returns {ringing, refused} replies received. */
  private static long[] flood(
      InetSocketAddress node,
      PeerId callee,
      Canaries canaries,
      int invites,
      int perSecond,
      SecureRandom random)
      throws Exception {
    Identity stranger = Identity.generate(random);
    AtomicLong ringing = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    InetSocketAddress local = new InetSocketAddress(InetAddress.getByName("127.0.0.30"), 0);
    try (OverlayClient client =
        OverlayClient.start(stranger, List.of(node), local, OverlayClient.DEFAULT_KEEPALIVE)) {
      client.onMessage(
          (from, payload) -> {
            try {
              CallMessage m = CallMessages.decode(payload);
              if (m instanceof CallMessage.Ringing) {
                ringing.incrementAndGet();
              } else if (!(m instanceof CallMessage.Answer)) {
                refused.incrementAndGet();
              }
            } catch (io.peervoice.signaling.call.CallProtocolException | RuntimeException e) {
              // not a call message
            }
          });
      client.awaitReady(Duration.ofSeconds(10));
      byte[] offer = canaries.offer();
      List<CompletableFuture<Void>> sent = new ArrayList<>();
      long periodNanos = 1_000_000_000L / perSecond;
      long start = System.nanoTime();
      for (int i = 0; i < invites; i++) {
        long due = start + i * periodNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        CallMessage.Invite invite =
            new CallMessage.Invite(
                CallId.random(random),
                0,
                callee.bytes(),
                System.currentTimeMillis(),
                CallKeys.generate(random).share(),
                List.of("AEAD_AES_128_GCM"),
                offer);
        sent.add(client.send(callee, CallMessages.encode(invite)));
      }
      for (CompletableFuture<Void> f : sent) {
        try {
          f.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
          // a refused or lost delivery is part of what we measure
        }
      }
      // replies trail the last invite by a round trip through the overlay
      TimeUnit.MILLISECONDS.sleep(500);
      return new long[] {ringing.get(), refused.get()};
    }
  }

  /** The contact calls {@code calls} times; dial to ringing in ms, or -1 when it never rang. */
  private static double[] contactCalls(
      InetSocketAddress node, Identity contact, PeerId callee, int calls) throws Exception {
    double[] out = new double[calls];
    Map<Call, CompletableFuture<Void>> rang = new ConcurrentHashMap<>();
    CallListener listener =
        new CallListener() {
          @Override
          public void onRinging(Call call) {
            rang.computeIfAbsent(call, c -> new CompletableFuture<>()).complete(null);
          }
        };
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try (Phone phone =
        Phone.start(
            Phone.builder(contact)
                .bootstrap(List.of(node))
                .overlayAddress(any)
                .listeners(call -> listener)
                .build())) {
      phone.ready().get(10, TimeUnit.SECONDS);
      for (int i = 0; i < calls; i++) {
        long t0 = System.nanoTime();
        Call call = phone.call(callee);
        try {
          rang.computeIfAbsent(call, c -> new CompletableFuture<>()).get(5, TimeUnit.SECONDS);
          out[i] = (System.nanoTime() - t0) / 1e6;
        } catch (java.util.concurrent.TimeoutException e) {
          out[i] = -1;
        }
        call.hangup();
        call.ended().get(5, TimeUnit.SECONDS);
      }
    }
    return out;
  }

  /** Samples a process's threads and sockets every 20 ms, keeping the largest counts. */
  private static final class Sampler {
    private final ChildProcess process;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    volatile int maxThreads;
    volatile int maxSockets;

    Sampler(ChildProcess process) {
      this.process = process;
      this.thread = new Thread(this::loop, "abuse-sampler");
    }

    void start() {
      thread.start();
    }

    private void loop() {
      try {
        while (running.get()) {
          maxThreads = Math.max(maxThreads, process.threads());
          maxSockets = Math.max(maxSockets, process.sockets());
          TimeUnit.MILLISECONDS.sleep(20);
        }
      } catch (IOException | InterruptedException e) {
        // the process ended or we were stopped
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
    }
  }

  /** UDP sockets on 127.0.0.77 that count every datagram a phone sends them. */
  private static final class Canaries implements AutoCloseable {
    private final List<DatagramSocket> sockets = new ArrayList<>();
    private final AtomicLong received = new AtomicLong();
    private final List<Thread> readers = new ArrayList<>();

    Canaries(int count) throws IOException {
      InetAddress canary = InetAddress.getByName("127.0.0.77");
      for (int i = 0; i < count; i++) {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(canary, 0));
        s.setSoTimeout(100);
        sockets.add(s);
        Thread t = new Thread(() -> count(s), "abuse-canary");
        t.setDaemon(true);
        t.start();
        readers.add(t);
      }
    }

    private void count(DatagramSocket s) {
      byte[] buf = new byte[2048];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      while (!s.isClosed()) {
        try {
          s.receive(p);
          received.incrementAndGet();
        } catch (SocketTimeoutException e) {
          // keep listening
        } catch (IOException e) {
          return;
        }
      }
    }

    /** A media description whose 16 host candidates all point at the canaries. */
    byte[] offer() {
      StringBuilder b = new StringBuilder("v=peervoice-media-1\n");
      b.append("ice-ufrag:evil\nice-pwd:0123456789abcdefghijkl\n");
      for (int i = 0; i < 16; i++) {
        InetSocketAddress a =
            (InetSocketAddress) sockets.get(i % sockets.size()).getLocalSocketAddress();
        b.append("candidate:")
            .append(i + 1)
            .append(" 1 udp ")
            .append(2_130_706_431L - i)
            .append(' ')
            .append(a.getAddress().getHostAddress())
            .append(' ')
            .append(a.getPort())
            .append(" typ host\n");
      }
      b.append("ssrc:1234\nopus:111\ntelephone-event:101\n");
      return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Datagrams received, after a quiet wait for stragglers. */
    long awaitQuiet(Duration wait) throws InterruptedException {
      TimeUnit.MILLISECONDS.sleep(wait.toMillis());
      return received.get();
    }

    @Override
    public void close() {
      for (DatagramSocket s : sockets) {
        s.close();
      }
    }
  }
}
