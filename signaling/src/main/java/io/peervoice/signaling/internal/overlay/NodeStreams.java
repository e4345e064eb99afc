package io.peervoice.signaling.internal.overlay;

import io.peervoice.natives.StreamFraming;
import io.peervoice.natives.StreamPeer;
import io.peervoice.natives.StreamServer;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's peers over TCP and TLS: each connection carries the overlay's messages, each preceded by
 * its 16-bit big-endian length (<a href="https://www.rfc-editor.org/rfc/rfc4571#section-2">RFC
 * 4571, section 2</a>). A connection is known to the node's logic by its remote address, as a UDP
 * peer is by its source address, so every rule of the node applies unchanged (per-IP rate limit
 * before decoding, signature budget, quotas, checks before state); its handshake proves the
 * address, so it needs no cookie round trip. {@link #env} sends a reply to a connected address down
 * its connection, anything else as a datagram. Runs on the node's loop thread only.
 */
public final class NodeStreams implements StreamServer.Handler {
  private static final Logger log = LoggerFactory.getLogger(NodeStreams.class);

  /** The largest overlay message carried: a datagram's limit. */
  public static final int MAX_MESSAGE = 2048;

  /** The framing of the node's streams. */
  public static final StreamFraming FRAMING = StreamFraming.lengthPrefixed16(MAX_MESSAGE);

  private final Map<InetSocketAddress, StreamPeer> peers = new HashMap<>();
  private final LongAdder refused = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder shadowed = new LongAdder();
  private OverlayNode node;

  /** Starts handing frames to {@code logic} (call on the loop thread, before listening). */
  public void serve(OverlayNode logic) {
    this.node = logic;
  }

  /** The node's world: {@code udp}'s, except that replies to a stream peer go down its stream. */
  public Env env(Env udp) {
    return new ForwardingEnv(udp) {
      @Override
      public void send(InetSocketAddress to, byte[] datagram) {
        StreamPeer peer = peers.isEmpty() ? null : peers.get(to);
        if (peer == null) {
          udp.send(to, datagram);
        } else if (!peer.send(frame(datagram), 0, datagram.length + 2)) {
          dropped.increment(); // back-pressure: the peer does not read; as a lost datagram
        }
      }
    };
  }

  /** {@code message} with its RFC 4571 length prefix. */
  public static byte[] frame(byte[] message) {
    byte[] out = new byte[message.length + 2];
    out[0] = (byte) (message.length >>> 8);
    out[1] = (byte) message.length;
    System.arraycopy(message, 0, out, 2, message.length);
    return out;
  }

  @Override
  public void opened(StreamPeer peer) {
    InetSocketAddress from = peer.remoteAddress();
    if (node == null || peers.containsKey(from) || !node.streamOpened(from)) {
      refused.increment();
      peer.close();
      return;
    }
    peers.put(from, peer);
    log.debug("stream peer {} connected", peer);
  }

  @Override
  public void frame(StreamPeer peer, byte[] data, int offset, int length) {
    InetSocketAddress from = peer.remoteAddress();
    if (peers.get(from) == peer) {
      node.received(from, Arrays.copyOfRange(data, offset + 2, offset + length));
    }
  }

  @Override
  public void closed(StreamPeer peer, Throwable cause) {
    InetSocketAddress from = peer.remoteAddress();
    if (peers.remove(from, peer)) {
      node.streamClosed(from);
      log.debug("stream peer {} gone ({})", peer, cause == null ? "closed" : cause.toString());
    }
  }

  /**
   * Whether a datagram from {@code from} must be dropped: a stream from that address is open. TCP
   * and UDP ports are allocated apart (a NAT may give one user's TCP and another's UDP the same
   * pair), and the stream's proof of the address must not answer a datagram, nor send its answers
   * down a stranger's stream. Counted.
   */
  public boolean shadows(InetSocketAddress from) {
    if (peers.isEmpty() || !peers.containsKey(from)) {
      return false;
    }
    shadowed.increment();
    return true;
  }

  /** Datagrams dropped because a stream was open from their source address. */
  public long shadowed() {
    return shadowed.sum();
  }

  /** Stream peers connected now. */
  public int connected() {
    return peers.size();
  }

  /** Connections refused by the node's logic (an address attached over UDP). */
  public long refused() {
    return refused.sum();
  }

  /** Replies not sent because a peer's outbound buffer was full. */
  public long dropped() {
    return dropped.sum();
  }
}
