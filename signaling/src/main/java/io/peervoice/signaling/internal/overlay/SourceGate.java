package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every datagram passes before a node acts on it, in order: the rate limit of its source IP
 * prefix (before any decoding, STUN included); STUN Binding, answered only if the answer is at most
 * twice the request or the source is proven; decoding; address proof (HELLO/COOKIE). To a source
 * that has not proven its address, nothing is ever sent that is larger than what it sent: it gets a
 * COOKIE if that fits, else nothing (counted). No state is created for such a source.
 * Single-threaded.
 */
final class SourceGate {
  private static final Logger log = LoggerFactory.getLogger(SourceGate.class);

  /** A datagram that passed: the message and whether its source is proven. */
  record Admitted(Msg msg, boolean proven) {}

  private final Env env;
  private final NodeCounters counters;
  private final WireCodec codec;
  private final RateLimiter limiter;
  private final CookieJar cookies;
  private final ProvenSources proven;
  private final Predicate<InetSocketAddress> attached;

  SourceGate(
      NodeSettings settings,
      Env env,
      NodeCounters counters,
      WireCodec codec,
      Consumer<byte[]> secretBytes,
      Predicate<InetSocketAddress> attached) {
    this.env = env;
    this.counters = counters;
    this.codec = codec;
    this.limiter =
        new RateLimiter(settings.ratePerSource(), settings.burstPerSource(), settings.maxSources());
    this.cookies = new CookieJar(secretBytes);
    NodeGuards g = settings.guards();
    this.proven = new ProvenSources(g.maxProven(), g.provenPerIp(), g.provenIdleMillis());
    this.attached = attached;
  }

  /** The message to act on, or null if the datagram was dropped or fully answered here. */
  Admitted admit(InetSocketAddress from, byte[] data) {
    counters.add(Event.RECEIVED);
    counters.add(Event.BYTES_RECEIVED, data.length);
    long now = env.nowMillis();
    if (!limiter.allow(from, now)) {
      counters.add(Event.RATE_LIMITED);
      return null;
    }
    boolean isProven = attached.test(from) || proven.touch(from, now);
    if (StunResponder.isStun(data)) {
      stun(from, data, isProven);
      return null;
    }
    Msg msg;
    try {
      msg = codec.decode(data);
    } catch (WireException e) {
      counters.add(Event.MALFORMED);
      log.debug("dropped a datagram from {}: {}", from, e.getMessage());
      return null;
    }
    if (msg instanceof Msg.Hello h) {
      hello(from, h, data.length, now);
      return null;
    }
    return new Admitted(msg, isProven);
  }

  private void stun(InetSocketAddress from, byte[] data, boolean isProven) {
    byte[] response = StunResponder.respond(data, from);
    if (response == null) {
      counters.add(Event.MALFORMED);
    } else if (!isProven && response.length > 2 * data.length) {
      counters.add(Event.AMPLIFICATION_DROPPED);
    } else {
      counters.add(Event.STUN_BINDING);
      env.send(from, response);
    }
  }

  private void hello(InetSocketAddress from, Msg.Hello h, int requestBytes, long now) {
    if (h.cookie().length != 0 && cookies.valid(h.cookie(), from, now)) {
      proven.prove(from, now);
      counters.add(Event.PROVEN);
      env.send(from, codec.encode(new Msg.Status(h.tx(), StatusCode.OK.wire(), 0)));
      return;
    }
    if (h.cookie().length != 0) {
      counters.add(Event.BAD_COOKIE);
    }
    sendCookie(from, h.tx(), requestBytes);
  }

  /** Answers an unproven source's request with a COOKIE if that is no larger, else drops it. */
  void sendCookie(InetSocketAddress to, long tx, int requestBytes) {
    byte[] reply = codec.encode(new Msg.CookieReply(tx, cookies.issue(to, env.nowMillis())));
    if (reply.length > requestBytes) {
      counters.add(Event.AMPLIFICATION_DROPPED);
      return;
    }
    counters.add(Event.COOKIE_SENT);
    env.send(to, reply);
  }

  /** Issues and checks a cookie sent nowhere: warms the secret, the MAC, the codec's HELLO. */
  void warmUp() {
    InetSocketAddress nobody = new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 9);
    byte[] cookie = cookies.issue(nobody, env.nowMillis());
    cookieValid(cookie, nobody);
    try {
      codec.decode(codec.encode(new Msg.Hello(0, cookie, new byte[0])));
      codec.decode(codec.encode(new Msg.CookieReply(0, cookie)));
    } catch (WireException e) {
      throw new IllegalStateException("the wire codec cannot read its own HELLO", e);
    }
  }

  /** Whether {@code cookie} is ours, fresh, and for {@code from}. */
  boolean cookieValid(byte[] cookie, InetSocketAddress from) {
    return cookies.valid(cookie, from, env.nowMillis());
  }

  /** Marks an address proven by other means (a valid attach carries a valid cookie). */
  void proven(InetSocketAddress from) {
    proven.prove(from, env.nowMillis());
  }

  /**
   * An attachment now vouches for {@code from}: it is no longer held among the proven sources as
   * well (a node holds a hundred thousand attachments); see {@link #detached}.
   */
  void attached(InetSocketAddress from) {
    proven.forget(from);
  }

  /** An attachment ended: its address is a proven source again, last heard at {@code millis}. */
  void detached(InetSocketAddress from, long millis) {
    proven.prove(from, millis);
  }

  /** Forgets that {@code from} is proven (its stream connection closed). */
  void forget(InetSocketAddress from) {
    proven.forget(from);
  }

  void sweep() {
    proven.sweep(env.nowMillis());
    limiter.sweep(env.nowMillis());
  }

  int provenSources() {
    return proven.size();
  }
}
