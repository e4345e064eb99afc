package io.peervoice.sdk;

import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceException;
import io.peervoice.nat.IceParameters;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.IceSession;
import io.peervoice.nat.IceSessions;
import io.peervoice.nat.MediaPath;
import io.peervoice.natives.MediaLoop;
import io.peervoice.natives.MediaLoops;
import io.peervoice.session.MediaSessionConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A call's ICE and direct media path, once, in this process: a controlling and a controlled ICE
 * session on the phone's media loops connect to each other over the machine's host candidates (real
 * sockets): connectivity checks, nomination and selection (RFC 8445 <a
 * href="https://www.rfc-editor.org/rfc/rfc8445#section-7.2">§7.2</a>), each side's direct path on
 * its port with our own STUN taking over the pair (consent, RFC 7675), a few media datagrams each
 * way through the paths' source filters, then both close. A fresh process otherwise runs all of it
 * cold in its first call, between the answer and the first packet: tens of milliseconds of class
 * loading and interpreted code.
 */
final class PathWarmUp {
  /** Media datagrams each way. */
  static final int DATAGRAMS = 3;

  /** How long connecting, and then the datagrams, may take before the warm-up gives up. */
  static final Duration LIMIT = Duration.ofSeconds(3);

  /** The size of an Opus frame's SRTP packet, about. */
  private static final int DATAGRAM_BYTES = 120;

  private PathWarmUp() {}

  /**
   * Connects the two sessions and exchanges {@link #DATAGRAMS} datagrams each way; {@code offered}
   * sees the controlling session's parameters first (for the rest of the warm-up).
   *
   * @return the datagrams that arrived, of {@code 2 * DATAGRAMS}
   * @throws IceException if a session cannot gather or connect
   * @throws TimeoutException if connecting takes longer than {@link #LIMIT}
   */
  static int run(MediaSessionConfig media, Consumer<IceParameters> offered)
      throws IceException, InterruptedException, TimeoutException, IOException {
    IceConfig config = hostOnly(media.ice());
    MediaLoop loop = media.mediaLoops().map(MediaLoops::next).orElse(null);
    try (IceSession caller = open(media, config, IceRole.CONTROLLING, loop);
        IceSession callee = open(media, config, IceRole.CONTROLLED, loop)) {
      offered.accept(caller.localParameters());
      var toCaller = callee.connect(caller.localParameters());
      var toCallee = caller.connect(callee.localParameters());
      MediaPath a = path(toCallee);
      MediaPath b = path(toCaller);
      CountDownLatch heard = new CountDownLatch(2 * DATAGRAMS);
      a.startReceiving((data, offset, length) -> heard.countDown());
      b.startReceiving((data, offset, length) -> heard.countDown());
      byte[] datagram = new byte[DATAGRAM_BYTES];
      datagram[0] = (byte) 0x80; // RTP version 2: media, not STUN (RFC 7983)
      for (int i = 0; i < DATAGRAMS; i++) {
        a.send(datagram, 0, datagram.length);
        b.send(datagram, 0, datagram.length);
      }
      heard.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      return (int) (2 * DATAGRAMS - heard.getCount());
    }
  }

  /**
   * {@code config}'s host candidates only (no STUN or TURN server is asked, nothing is relayed), on
   * the same interfaces, address families and ports, connecting within {@link #LIMIT}.
   */
  static IceConfig hostOnly(IceConfig config) {
    IceConfig.Builder b =
        IceConfig.builder()
            .addressPolicy(config.addressPolicy())
            .checkPacing(config.checkPacing())
            .connectTimeout(LIMIT)
            .loopbackFallback(false);
    config.allowedInterfaces().forEach(b::allowInterface);
    config.blockedInterfaces().forEach(b::blockInterface);
    config.portRange().ifPresent(b::portRange);
    return b.build();
  }

  private static MediaPath path(java.util.concurrent.CompletableFuture<MediaPath> connecting)
      throws IceException, InterruptedException, TimeoutException {
    try {
      return connecting.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IceException ice) {
        throw ice;
      }
      throw new IllegalStateException("the warm-up's ICE failed", e.getCause());
    }
  }

  /**
   * An ICE session as a call's, on {@code loop} (null: the phone has no media loops), its timers on
   * that loop too. Both ends share one loop: an idle phone's other loops start no thread.
   */
  static IceSession open(MediaSessionConfig media, IceConfig config, IceRole role, MediaLoop loop)
      throws IceException {
    return loop == null
        ? IceSessions.open(config, role, media.mediaClock(), media.ioThreads())
        : IceSessions.open(config, role, loop.executor(), media.ioThreads(), loop);
  }
}
