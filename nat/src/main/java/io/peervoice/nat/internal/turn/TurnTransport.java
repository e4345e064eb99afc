package io.peervoice.nat.internal.turn;

import io.peervoice.nat.internal.stun.DecodedStun;
import io.peervoice.nat.internal.stun.StunAttribute;
import io.peervoice.nat.internal.stun.StunAttributes;
import io.peervoice.nat.internal.stun.StunClass;
import io.peervoice.nat.internal.stun.StunCodec;
import io.peervoice.nat.internal.stun.StunFormatException;
import io.peervoice.nat.internal.stun.StunMessage;
import io.peervoice.natives.StreamConnection;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The STUN side of a TURN client's connection: requests out (authenticated with the long-term
 * credentials once challenged), responses in, each checked (RFC 8489 <a
 * href="https://www.rfc-editor.org/rfc/rfc8489#section-6.3">§6.3</a>, <a
 * href="https://www.rfc-editor.org/rfc/rfc8489#section-9.2.5">§9.2.5</a>): its transaction must be
 * outstanding with the same method, and a success response to an authenticated request must carry a
 * valid MESSAGE-INTEGRITY. Confined to the client's lock.
 */
final class TurnTransport {
  private final long timeoutMillis;
  private final ScheduledExecutorService timers;
  private final Consumer<byte[]> onTimeout;
  private final LongTermCredentials credentials;
  private final TurnRequests requests = new TurnRequests();
  private final SecureRandom random = new SecureRandom();
  private StreamConnection connection;
  private long droppedFrames;
  private long nonceRenewals;
  private final TurnRoundTrips roundTrips = new TurnRoundTrips();

  /**
   * @param onTimeout called on a timer thread with a request's transaction id when its time is up
   *     (it locks the client and calls {@link #timedOut})
   */
  TurnTransport(
      long timeoutMillis,
      ScheduledExecutorService timers,
      LongTermCredentials credentials,
      Consumer<byte[]> onTimeout) {
    this.timeoutMillis = timeoutMillis;
    this.timers = timers;
    this.credentials = credentials;
    this.onTimeout = onTimeout;
  }

  void connected(StreamConnection c) {
    this.connection = c;
  }

  StreamConnection connection() {
    return connection;
  }

  /** Whether requests are authenticated (a challenge was taken). */
  boolean authenticating() {
    return credentials.ready();
  }

  /**
   * Sends a request whose attributes are made for its transaction id (XOR addresses depend on it);
   * its outcome runs under the client's lock. False if it could not be sent.
   */
  boolean request(
      int method, Function<byte[], List<StunAttribute>> attributes, TurnRequests.Outcome outcome) {
    if (connection == null || requests.full()) {
      return false;
    }
    boolean auth = credentials.ready();
    byte[] tid = newTransactionId();
    List<StunAttribute> all = new ArrayList<>(attributes.apply(tid));
    if (auth) {
      all.addAll(credentials.attributes());
    }
    byte[] wire =
        StunCodec.encode(
            StunMessage.of(method, StunClass.REQUEST, tid, all),
            auth ? credentials.integrity() : null,
            false);
    var timer = timers.schedule(() -> onTimeout.accept(tid), timeoutMillis, TimeUnit.MILLISECONDS);
    requests.add(tid, new TurnRequests.Pending(method, auth, outcome, timer, System.nanoTime()));
    if (!connection.send(wire, 0, wire.length)) {
      requests.take(tid);
      return false;
    }
    return true;
  }

  /** Sends an indication (never authenticated, RFC 8656 §11.1). */
  boolean indication(int method, Function<byte[], List<StunAttribute>> attributes) {
    byte[] tid = newTransactionId();
    byte[] wire =
        StunCodec.encode(
            StunMessage.of(method, StunClass.INDICATION, tid, attributes.apply(tid)), null, false);
    return connection != null && connection.send(wire, 0, wire.length);
  }

  /** Sends a ready frame (ChannelData). */
  boolean sendFrame(byte[] frame) {
    return connection != null && connection.send(frame, 0, frame.length);
  }

  private byte[] newTransactionId() {
    byte[] tid = new byte[12];
    random.nextBytes(tid);
    return tid;
  }

  /** Fails the request with {@code tid}, if still pending. */
  void timedOut(byte[] tid) {
    TurnRequests.Pending p = requests.take(tid);
    if (p != null) {
      p.outcome().noResponse("no answer within " + timeoutMillis + " ms");
    }
  }

  /** Fails every pending request. */
  void failAll(String why) {
    for (TurnRequests.Pending p : requests.drain()) {
      p.outcome().noResponse(why);
    }
  }

  /** Takes a challenge (401's realm and nonce, 438's nonce); false if none usable. */
  boolean rechallenge(DecodedStun response) {
    StunMessage m = response.message();
    if (credentials.ready()) {
      nonceRenewals++;
    }
    return credentials.challenge(m.first(StunAttributes.REALM), m.first(StunAttributes.NONCE));
  }

  /**
   * Handles a STUN frame: a response goes to its request's outcome.
   *
   * @return a Data indication for the relay, or null
   */
  StunMessage onStun(byte[] data, int offset, int length) {
    DecodedStun d;
    try {
      d = StunCodec.decode(data, offset, length, StunAttributes.TURN_UNDERSTOOD);
    } catch (StunFormatException e) {
      droppedFrames++;
      return null;
    }
    StunMessage m = d.message();
    if (m.messageClass() == StunClass.INDICATION && m.method() == StunMessage.DATA) {
      return m;
    }
    TurnRequests.Pending p =
        m.messageClass().isResponse() ? requests.peek(m.transactionId()) : null;
    if (p == null || p.method() != m.method() || !integrityOk(p, d, data, offset)) {
      droppedFrames++;
      return null;
    }
    requests.take(m.transactionId());
    roundTrips.sample(System.nanoTime() - p.sentNanos());
    p.outcome().response(d);
    return null;
  }

  private boolean integrityOk(TurnRequests.Pending p, DecodedStun d, byte[] data, int offset) {
    if (!p.authenticated()) {
      return true;
    }
    if (d.hasIntegrity()) {
      return credentials.integrity().verify(data, offset, d);
    }
    return d.message().messageClass() == StunClass.ERROR_RESPONSE; // 401 and 438 cannot sign
  }

  /** Nonces renewed after the first challenge (438 Stale Nonce, or a 401 when authenticated). */
  long nonceRenewals() {
    return nonceRenewals;
  }

  /** The round trips of requests to their responses. */
  TurnRoundTrips roundTrips() {
    return roundTrips;
  }

  /** Requests awaiting their response. */
  int pending() {
    return requests.size();
  }

  /** Frames dropped: malformed, unexpected, or failing MESSAGE-INTEGRITY. */
  long droppedFrames() {
    return droppedFrames;
  }

  static int errorCode(StunMessage m) {
    StunAttribute e = m.first(StunAttributes.ERROR_CODE);
    try {
      return e == null ? 0 : StunAttributes.readErrorCode(e);
    } catch (StunFormatException ex) {
      return 0;
    }
  }

  static String reason(StunMessage m) {
    StunAttribute e = m.first(StunAttributes.ERROR_CODE);
    try {
      return e == null ? "(no ERROR-CODE)" : StunAttributes.readErrorReason(e);
    } catch (StunFormatException ex) {
      return "(malformed ERROR-CODE)";
    }
  }
}
