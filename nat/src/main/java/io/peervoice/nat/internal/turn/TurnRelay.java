package io.peervoice.nat.internal.turn;

import io.peervoice.nat.internal.stun.DecodedStun;
import io.peervoice.nat.internal.stun.StunAttribute;
import io.peervoice.nat.internal.stun.StunAttributes;
import io.peervoice.nat.internal.stun.StunClass;
import io.peervoice.nat.internal.stun.StunFormatException;
import io.peervoice.nat.internal.stun.StunMessage;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer side of a TURN allocation: CreatePermission per peer (RFC 8656 <a
 * href="https://www.rfc-editor.org/rfc/rfc8656#section-10">§10</a>, refreshed every {@link
 * #PERMISSION_REFRESH_MILLIS}, under the 300 s a permission lasts), Send indications until the
 * peer's channel is bound (<a href="https://www.rfc-editor.org/rfc/rfc8656#section-11">§11</a>),
 * ChannelBind (<a href="https://www.rfc-editor.org/rfc/rfc8656#section-12">§12</a>, refreshed every
 * {@link #CHANNEL_REFRESH_MILLIS}, under 600 s) and ChannelData after; received Data indications
 * and ChannelData go to the listener. A refused or unanswered CreatePermission or ChannelBind is
 * retried ({@link GrantRetries}); an answer for a peer forgotten meanwhile is ignored (no channel
 * is bound for it). A permission not refreshed for {@link #PERMISSION_LIFETIME_MILLIS}, or a
 * channel for {@link #CHANNEL_LIFETIME_MILLIS}, has lapsed on the server and is no longer counted
 * on (Send indications, or a new CreatePermission). Runs under the client's lock, except the
 * ChannelData receive path, which takes it only to look the channel up.
 */
final class TurnRelay {
  private static final Logger log = LoggerFactory.getLogger(TurnRelay.class);

  static final long PERMISSION_REFRESH_MILLIS = 240_000;
  static final long CHANNEL_REFRESH_MILLIS = 540_000;

  /** A peer not sent to for this long is forgotten (its permission lapses). */
  static final long IDLE_MILLIS = 300_000;

  /** How often permissions and channels are checked for refresh. */
  static final long SWEEP_MILLIS = 30_000;

  /** How long a permission (§9) and a channel binding (§12) last after their last success. */
  static final long PERMISSION_LIFETIME_MILLIS = 300_000;

  static final long CHANNEL_LIFETIME_MILLIS = 600_000;

  private final TurnClient client;
  private final LongSupplier nowMillis;
  private final TurnClient.Listener listener;
  private final TurnPeers peers = new TurnPeers();
  private ScheduledFuture<?> sweep;
  private ScheduledExecutorService timers;
  private boolean running;

  /** What the relay counted (read under the client's lock). */
  final RelayTally tally = new RelayTally();

  TurnRelay(TurnClient client, LongSupplier nowMillis, TurnClient.Listener listener) {
    this.client = client;
    this.nowMillis = nowMillis;
    this.listener = listener;
  }

  void start(ScheduledExecutorService timers) {
    this.timers = timers;
    running = true;
    scheduleSweep();
  }

  private void scheduleSweep() {
    sweep = timers.schedule(this::sweepNow, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
  }

  void stop() {
    running = false;
    peers.all().forEach(GrantRetries::cancel);
    if (sweep != null) {
      sweep.cancel(false);
      sweep = null;
    }
  }

  private void sweepNow() {
    synchronized (client) {
      if (sweep == null) {
        return;
      }
      long now = nowMillis.getAsLong();
      peers.forgetIdle(now, IDLE_MILLIS);
      for (TurnPeer p : peers.all()) {
        expire(p, now);
        boolean channel = p.channel == TurnPeer.Grant.GRANTED;
        if (channel && now - p.boundAtMillis >= CHANNEL_REFRESH_MILLIS) {
          refresh(p, true); // also refreshes the permission (§12.2)
        } else if (p.permission == TurnPeer.Grant.GRANTED
            && now - p.permittedAtMillis >= PERMISSION_REFRESH_MILLIS) {
          refresh(p, false);
        }
      }
      scheduleSweep();
    }
    client.runOutside();
  }

  /** A refresh fell due: it gets its own retries, unless one of the last is still waiting. */
  private void refresh(TurnPeer p, boolean channel) {
    if (GrantRetries.waiting(p, channel)) {
      return;
    }
    GrantRetries.reset(p, channel);
    if (channel) {
      bindChannel(p, 0);
    } else {
      createPermission(p, 0);
    }
  }

  void send(InetSocketAddress to, byte[] data, int offset, int length) {
    long now = nowMillis.getAsLong();
    TurnPeer p = peers.get(to, now, IDLE_MILLIS);
    if (p == null) {
      tally.droppedSends++;
      return;
    }
    p.lastSendMillis = now;
    expire(p, now);
    boolean sent;
    if (p.channel == TurnPeer.Grant.GRANTED) {
      sent =
          client.wire().sendFrame(ChannelData.encodePadded(p.channelNumber, data, offset, length));
    } else if (p.permission == TurnPeer.Grant.GRANTED) {
      sent = sendIndication(p, data, offset, length);
    } else {
      sent = p.queue(data, offset, length);
      if (p.permission == TurnPeer.Grant.NONE) {
        createPermission(p, 0);
      }
    }
    if (!sent) {
      tally.droppedSends++;
    }
  }

  /** Stops counting on a grant whose refreshes all failed: it lapsed on the server. */
  private void expire(TurnPeer p, long now) {
    if (p.permission == TurnPeer.Grant.GRANTED
        && now - p.permittedAtMillis >= PERMISSION_LIFETIME_MILLIS) {
      p.permission = TurnPeer.Grant.NONE; // without it the server relays nothing, channel or not
      GrantRetries.reset(p, false);
      if (p.channel == TurnPeer.Grant.GRANTED) {
        p.channel = TurnPeer.Grant.NONE; // bound again (same number) once permitted again
        GrantRetries.reset(p, true);
      }
    }
    if (p.channel == TurnPeer.Grant.GRANTED && now - p.boundAtMillis >= CHANNEL_LIFETIME_MILLIS) {
      p.channel = TurnPeer.Grant.NONE; // Send indications from now on
    }
  }

  private boolean sendIndication(TurnPeer p, byte[] data, int offset, int length) {
    return client
        .wire()
        .indication(
            StunMessage.SEND,
            tid -> List.of(xorPeer(p.address, tid), TurnAttributes.data(data, offset, length)));
  }

  private static StunAttribute xorPeer(InetSocketAddress peer, byte[] tid) {
    return StunAttributes.xorAddress(StunAttributes.XOR_PEER_ADDRESS, peer, tid);
  }

  /** {@code staleRetries}: 438 answers already retried for this request (bounded, RFC 8656 §5). */
  private void createPermission(TurnPeer p, int staleRetries) {
    p.permission =
        p.permission == TurnPeer.Grant.GRANTED ? TurnPeer.Grant.GRANTED : TurnPeer.Grant.REQUESTED;
    boolean sent =
        client
            .wire()
            .request(
                StunMessage.CREATE_PERMISSION,
                tid -> List.of(xorPeer(p.address, tid)),
                new Outcome(p, false, staleRetries));
    if (!sent && p.permission == TurnPeer.Grant.REQUESTED) {
      p.permission = TurnPeer.Grant.NONE;
    }
  }

  private void bindChannel(TurnPeer p, int staleRetries) {
    if (!peers.assignChannel(p, nowMillis.getAsLong())) {
      return; // no channel left: Send indications it is
    }
    if (p.channel != TurnPeer.Grant.GRANTED) {
      p.channel = TurnPeer.Grant.REQUESTED;
    }
    client
        .wire()
        .request(
            StunMessage.CHANNEL_BIND,
            tid -> List.of(TurnAttributes.channelNumber(p.channelNumber), xorPeer(p.address, tid)),
            new Outcome(p, true, staleRetries));
  }

  /** The outcome of a CreatePermission or ChannelBind for one peer. */
  private final class Outcome implements TurnRequests.Outcome {
    private final TurnPeer peer;
    private final boolean channel;
    private final int staleRetries;

    Outcome(TurnPeer peer, boolean channel, int staleRetries) {
      this.peer = peer;
      this.channel = channel;
      this.staleRetries = staleRetries;
    }

    @Override
    public void response(DecodedStun r) {
      if (!peers.current(peer)) {
        return; // forgotten while the request was out: bind nothing for it
      }
      StunMessage m = r.message();
      long now = nowMillis.getAsLong();
      if (m.messageClass() == StunClass.SUCCESS_RESPONSE) {
        if (channel) {
          peer.channelRetries = 0;
          tally.channelRefreshes += peer.channel == TurnPeer.Grant.GRANTED ? 1 : 0;
          peer.channel = TurnPeer.Grant.GRANTED;
          peer.boundAtMillis = now;
          peer.permittedAtMillis = now;
        } else {
          boolean first = peer.permission != TurnPeer.Grant.GRANTED;
          peer.permissionRetries = 0;
          tally.permissionRefreshes += first ? 0 : 1;
          peer.permission = TurnPeer.Grant.GRANTED;
          peer.permittedAtMillis = now;
          for (byte[] d; (d = peer.queued.poll()) != null; ) {
            sendIndication(peer, d, 0, d.length);
          }
          if (first && peer.channel == TurnPeer.Grant.NONE) {
            bindChannel(peer, 0);
          }
        }
        return;
      }
      int code = TurnTransport.errorCode(m);
      if (code == 438
          && staleRetries < TurnClient.STALE_NONCE_RETRIES
          && client.wire().rechallenge(r)) {
        if (channel) {
          bindChannel(peer, staleRetries + 1);
        } else {
          createPermission(peer, staleRetries + 1);
        }
        return;
      }
      refused(code + " " + TurnTransport.reason(m));
    }

    @Override
    public void noResponse(String why) {
      refused(why);
    }

    private void refused(String why) {
      log.debug(
          "TURN {} for {} failed: {}",
          channel ? "ChannelBind" : "CreatePermission",
          peer.address,
          why);
      if (!running || !peers.current(peer)) {
        return;
      }
      boolean retrying = GrantRetries.later(timers, peer, channel, () -> retryNow(peer, channel));
      if (channel) {
        if (peer.channel != TurnPeer.Grant.GRANTED) {
          peer.channel = TurnPeer.Grant.REFUSED;
        }
      } else if (peer.permission != TurnPeer.Grant.GRANTED) {
        peer.permission = TurnPeer.Grant.REFUSED;
        if (!retrying) {
          tally.droppedSends += peer.queued.size();
          peer.queued.clear();
        }
      }
    }
  }

  private void retryNow(TurnPeer p, boolean channel) {
    synchronized (client) {
      GrantRetries.ran(p, channel);
      if (!running || !peers.current(p)) {
        return;
      }
      if (channel) {
        bindChannel(p, 0);
      } else {
        createPermission(p, 0);
      }
    }
    client.runOutside();
  }

  /** A Data indication (§11.4): XOR-PEER-ADDRESS and DATA, to the listener. */
  void dataIndication(StunMessage m) {
    StunAttribute from = m.first(StunAttributes.XOR_PEER_ADDRESS);
    StunAttribute data = m.first(StunAttributes.DATA);
    if (from == null || data == null) {
      tally.droppedReceived++;
      return;
    }
    InetSocketAddress peer;
    try {
      peer = StunAttributes.readXorAddress(from, m.transactionId());
    } catch (StunFormatException e) {
      tally.droppedReceived++;
      return;
    }
    byte[] bytes = data.value();
    client.later(() -> listener.data(peer, bytes, 0, bytes.length));
  }

  /** A ChannelData frame (§12.6): to the listener as from the channel's peer. Takes the lock. */
  void channelData(byte[] frame, int offset, int length) {
    int n = ChannelData.dataLength(frame, offset, length);
    InetSocketAddress peer;
    synchronized (client) {
      TurnPeer p = n < 0 ? null : peers.byChannel(ChannelData.channel(frame, offset));
      if (p == null || p.channel != TurnPeer.Grant.GRANTED) {
        tally.droppedReceived++;
        return;
      }
      peer = p.address;
    }
    listener.data(peer, frame, offset + ChannelData.HEADER, n);
  }

  boolean permitted(InetSocketAddress peer) {
    TurnPeer p = peers.find(peer);
    return p != null && p.permission == TurnPeer.Grant.GRANTED;
  }

  boolean channelBound(InetSocketAddress peer) {
    TurnPeer p = peers.find(peer);
    return p != null && p.channel == TurnPeer.Grant.GRANTED;
  }
}
