package io.peervoice.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MediaLoopsTest {
  private static final InetSocketAddress ANY_LOCAL =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  private MediaLoops loops;

  @AfterEach
  void close() {
    if (loops != null) {
      loops.close();
    }
  }

  private MediaLoops open(NativeTransport.Kind kind, String prefix) {
    NativeTransport transport =
        kind == NativeTransport.Kind.NIO
            ? new NativeTransport(NativeTransport.Kind.NIO, Optional.of("asked"))
            : NativeTransport.detect();
    loops = MediaLoops.create(2, prefix, transport);
    return loops;
  }

  record Got(String text, InetSocketAddress sender, boolean onLoop, String thread) {}

  @ParameterizedTest
  @EnumSource(NativeTransport.Kind.class)
  void datagramsArriveOnTheLoopThreadFromTheSender(NativeTransport.Kind kind) throws IOException {
    MediaLoops loops = open(kind, "ml-rx-" + kind);
    MediaLoop a = loops.next();
    MediaLoop b = loops.next();
    List<Got> got = new CopyOnWriteArrayList<>();
    DatagramPort pb =
        b.bind(
            ANY_LOCAL,
            (data, off, len, from) ->
                got.add(
                    new Got(
                        new String(data, off, len, StandardCharsets.UTF_8),
                        from,
                        b.inLoop(),
                        Thread.currentThread().getName())));
    DatagramPort pa = a.bind(ANY_LOCAL, (data, off, len, from) -> {});

    byte[] payload = "xxhelloyy".getBytes(StandardCharsets.UTF_8);
    pa.send(payload, 2, 5, pb.localAddress()); // off the loop: queued to it
    a.executor().execute(() -> pa.send(payload, 2, 5, pb.localAddress())); // on it

    await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 2);
    assertThat(got)
        .allSatisfy(
            g -> {
              assertThat(g.text()).isEqualTo("hello");
              assertThat(g.sender()).isEqualTo(pa.localAddress());
              assertThat(g.onLoop()).isTrue();
              assertThat(g.thread()).startsWith("ml-rx-" + kind);
            });
    assertThat(pb.received()).isEqualTo(2);
    assertThat(pa.sendDropped()).isZero();
    assertThat(loops.transport())
        .isEqualTo(
            kind == NativeTransport.Kind.NIO || NativeTransport.detect().kind() == kind
                ? kind.name().toLowerCase()
                : "nio");
  }

  @ParameterizedTest
  @EnumSource(NativeTransport.Kind.class)
  void aLoopThreadEndsOnceItsLastSocketClosedAndTheNextSocketStartsOneAgain(
      NativeTransport.Kind kind) throws IOException {
    String prefix = "ml-idle-" + kind;
    MediaLoop loop = open(kind, prefix).next();
    for (int round = 0; round < 2; round++) {
      List<String> got = new CopyOnWriteArrayList<>();
      DatagramPort rx =
          loop.bind(
              ANY_LOCAL, (d, o, l, f) -> got.add(new String(d, o, l, StandardCharsets.UTF_8)));
      DatagramPort tx = loop.bind(ANY_LOCAL, (d, o, l, f) -> {});
      assertThat(threadsNamed(prefix)).isEqualTo(1);
      tx.send("hi".getBytes(StandardCharsets.UTF_8), 0, 2, rx.localAddress());
      await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 1);
      rx.close();
      assertThat(threadsNamed(prefix)).as("a socket left: the thread stays").isEqualTo(1);
      tx.close();
      await()
          .atMost(Duration.ofSeconds(5))
          .alias("round " + round + ": no socket, nothing pending: no thread")
          .until(() -> threadsNamed(prefix) == 0);
      assertThat(loop.idledOut()).isTrue();
    }
    CompletableFuture<String> ran = new CompletableFuture<>();
    loop.executor()
        .schedule(() -> ran.complete(Thread.currentThread().getName()), 1, TimeUnit.MILLISECONDS);
    assertThat(ran).succeedsWithin(Duration.ofSeconds(5)).asString().startsWith(prefix);
  }

  @ParameterizedTest
  @EnumSource(NativeTransport.Kind.class)
  void aSocketBoundWhileTheLoopIsSuspendingKeepsItBusyAndItsThreadEndsOnceTheSocketCloses(
      NativeTransport.Kind kind) throws IOException {
    String prefix = "ml-susp-" + kind;
    NativeTransport transport =
        kind == NativeTransport.Kind.NIO
            ? new NativeTransport(NativeTransport.Kind.NIO, Optional.of("asked"))
            : NativeTransport.detect();
    loops = MediaLoops.create(1, prefix, transport, 20);
    MediaLoop loop = loops.next();
    ScheduledFuture<?> held = loop.executor().schedule(() -> {}, 1, TimeUnit.HOURS);
    assertThat(loop.trySuspendForTest()).as("asked to suspend; the held task keeps it").isTrue();
    List<String> got = new CopyOnWriteArrayList<>();
    DatagramPort rx =
        loop.bind(ANY_LOCAL, (d, o, l, f) -> got.add(new String(d, o, l, StandardCharsets.UTF_8)));
    DatagramPort tx = loop.bind(ANY_LOCAL, (d, o, l, f) -> {});
    assertThat(loop.idledOut()).as("sockets bound: not idled out").isFalse();
    tx.send("hi".getBytes(StandardCharsets.UTF_8), 0, 2, rx.localAddress());
    await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 1);
    held.cancel(false);
    rx.close();
    tx.close();
    await()
        .atMost(Duration.ofSeconds(5))
        .alias("no socket, nothing pending: no thread")
        .until(() -> threadsNamed(prefix) == 0);
    assertThat(loop.idledOut()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(NativeTransport.Kind.class)
  void aBatchOfDatagramsIsDeliveredWholeAndInOrder(NativeTransport.Kind kind) throws IOException {
    MediaLoop loop = open(kind, "ml-batch").next();
    List<Integer> got = new CopyOnWriteArrayList<>();
    DatagramPort rx = loop.bind(ANY_LOCAL, (data, off, len, from) -> got.add(data[off] & 0xff));
    DatagramPort tx = loop.bind(ANY_LOCAL, (data, off, len, from) -> {});
    loop.executor()
        .execute(
            () -> {
              for (int i = 0; i < 100; i++) {
                byte[] d = new byte[160];
                d[0] = (byte) i;
                tx.send(d, 0, d.length, rx.localAddress());
              }
            });
    await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 100);
    assertThat(got).isSorted().doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @EnumSource(NativeTransport.Kind.class)
  void readsAndSendsReuseBuffersOfTheLoopsOwnBoundedPool(NativeTransport.Kind kind)
      throws IOException {
    MediaLoops loops = open(kind, "ml-pool");
    MediaLoop loop = loops.next();
    List<Integer> got = new CopyOnWriteArrayList<>();
    DatagramPort tx = loop.bind(ANY_LOCAL, (data, off, len, from) -> {});
    AtomicReference<DatagramPort> rx = new AtomicReference<>();
    byte[] d = new byte[160];
    // ping-pong on the loop: each datagram is sent once the one before arrived, so each is a read
    rx.set(
        loop.bind(
            ANY_LOCAL,
            (data, off, len, from) -> {
              got.add(data[off] & 0xff);
              if (got.size() < 200) {
                d[0] = (byte) got.size();
                tx.send(d, 0, d.length, rx.get().localAddress());
              }
            }));
    loop.executor().execute(() -> tx.send(d, 0, d.length, rx.get().localAddress()));
    await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 200);
    assertThat(got.subList(0, 5)).containsExactly(0, 1, 2, 3, 4);
    var metric = loops.buffers().metric();
    long small = metric.directArenas().stream().mapToLong(a -> a.numSmallAllocations()).sum();
    long normal = metric.directArenas().stream().mapToLong(a -> a.numNormalAllocations()).sum();
    long huge = metric.directArenas().stream().mapToLong(a -> a.numHugeAllocations()).sum();
    // the pool served the sends and reads (Netty's default allocator would have left it unused),
    // from the loop's cache: far fewer pool allocations than the 200 reads and 200 sends
    assertThat(small + normal).isPositive();
    assertThat(normal).isLessThan(10);
    assertThat(small).isLessThan(50);
    assertThat(huge).isZero();
    assertThat(metric.usedDirectMemory())
        .isLessThanOrEqualTo(
            (long) MediaBuffers.ARENAS * (MediaBuffers.PAGE_SIZE << MediaBuffers.MAX_ORDER));
  }

  @ParameterizedTest
  @EnumSource(NativeTransport.Kind.class)
  void theReceiverCanBeSwappedAndTheReplyGoesBackOnTheLoop(NativeTransport.Kind kind)
      throws IOException {
    MediaLoop loop = open(kind, "ml-swap").next();
    List<String> first = new CopyOnWriteArrayList<>();
    List<String> second = new CopyOnWriteArrayList<>();
    DatagramPort port =
        loop.bind(
            ANY_LOCAL, (d, o, l, f) -> first.add(new String(d, o, l, StandardCharsets.UTF_8)));
    List<String> replies = new CopyOnWriteArrayList<>();
    DatagramPort peer =
        loop.bind(
            ANY_LOCAL, (d, o, l, f) -> replies.add(new String(d, o, l, StandardCharsets.UTF_8)));
    peer.send("one".getBytes(StandardCharsets.UTF_8), 0, 3, port.localAddress());
    await().atMost(Duration.ofSeconds(5)).until(() -> first.size() == 1);

    port.setReceiver(
        (d, o, l, from) -> {
          second.add(new String(d, o, l, StandardCharsets.UTF_8));
          port.send(d, o, l, from); // echo, written on the loop and flushed after the batch
        });
    peer.send("two".getBytes(StandardCharsets.UTF_8), 0, 3, port.localAddress());
    await().atMost(Duration.ofSeconds(5)).until(() -> replies.size() == 1);
    assertThat(first).containsExactly("one");
    assertThat(second).containsExactly("two");
    assertThat(replies).containsExactly("two");
  }

  @ParameterizedTest
  @EnumSource(NativeTransport.Kind.class)
  void aPortCanBeBoundFromItsOwnLoopAndItsPortIsFreeAfterClose(NativeTransport.Kind kind)
      throws Exception {
    MediaLoop loop = open(kind, "ml-bind").next();
    CompletableFuture<DatagramPort> bound = new CompletableFuture<>();
    loop.executor()
        .execute(
            () -> {
              try {
                bound.complete(loop.bind(ANY_LOCAL, (d, o, l, f) -> {}));
              } catch (IOException | RuntimeException e) {
                bound.completeExceptionally(e);
              }
            });
    DatagramPort port = bound.get(5, TimeUnit.SECONDS);
    InetSocketAddress address = port.localAddress();
    assertThat(address.getPort()).isPositive();

    assertThatThrownBy(() -> loop.bind(address, (d, o, l, f) -> {}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(String.valueOf(address.getPort()));

    port.close();
    port.close(); // idempotent
    // NIO releases a closed socket once its selector has dropped the key: soon, not at once
    AtomicReference<DatagramPort> again = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(5))
        .ignoreExceptions()
        .until(() -> again.compareAndSet(null, loop.bind(address, (d, o, l, f) -> {})));
    assertThat(again.get().localAddress()).isEqualTo(address);
    port.send(new byte[4], 0, 4, address); // closed: dropped, counted, no exception
    assertThat(port.sendDropped()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(NativeTransport.Kind.class)
  void roundRobinOverLazilyStartedLoops(NativeTransport.Kind kind) throws Exception {
    String prefix = "ml-lazy-" + kind;
    MediaLoops loops = open(kind, prefix);
    assertThat(threadsNamed(prefix)).isZero();
    MediaLoop a = loops.next();
    MediaLoop b = loops.next();
    assertThat(a).isNotSameAs(b);
    assertThat(loops.next()).isSameAs(a);
    assertThat(loops.threads()).isEqualTo(2);

    AtomicReference<String> ran = new AtomicReference<>();
    a.executor()
        .schedule(() -> ran.set(Thread.currentThread().getName()), 1, TimeUnit.MILLISECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> ran.get() != null);
    assertThat(ran.get()).startsWith(prefix);
    assertThat(threadsNamed(prefix)).isEqualTo(1);

    Set<String> names = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      names.add(
          loops
              .asScheduler()
              .submit(() -> Thread.currentThread().getName())
              .get(5, TimeUnit.SECONDS));
    }
    assertThat(names).hasSize(2);
    loops.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> threadsNamed(prefix) == 0);
    assertThat(a.inLoop()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(NativeTransport.Kind.class)
  void sendsAreBoundedWhenTheLoopIsBusy(NativeTransport.Kind kind) throws Exception {
    MediaLoop loop = open(kind, "ml-bound").next();
    List<Integer> got = new CopyOnWriteArrayList<>();
    DatagramPort rx = loop.bind(ANY_LOCAL, (d, o, l, f) -> got.add(l));
    DatagramPort tx = loop.bind(ANY_LOCAL, (d, o, l, f) -> {});
    CompletableFuture<Void> release = new CompletableFuture<>();
    loop.executor().execute(release::join); // the loop is stuck: off-loop sends queue
    int sent = DatagramPort.MAX_QUEUED_OFF_LOOP + 50;
    for (int i = 0; i < sent; i++) {
      tx.send(new byte[8], 0, 8, rx.localAddress());
    }
    assertThat(tx.sendDropped()).isEqualTo(50);
    release.complete(null);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> got.size() >= DatagramPort.MAX_QUEUED_OFF_LOOP / 2);
  }

  @org.junit.jupiter.api.Test
  void nonPositiveThreadCountsAreRefused() {
    assertThatThrownBy(() -> MediaLoops.create(0, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threads");
  }

  private static long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .count();
  }
}
