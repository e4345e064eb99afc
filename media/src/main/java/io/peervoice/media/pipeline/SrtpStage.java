package io.peervoice.media.pipeline;

import io.peervoice.media.rtcp.RtcpSession;
import io.peervoice.media.srtp.Srtp;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpReceiver;
import io.peervoice.media.srtp.SrtpRejection;
import io.peervoice.media.srtp.SrtpSender;
import io.peervoice.media.stream.PacketHandler;
import io.peervoice.media.stream.PacketSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SRTP stage of one call (RFC 3711): protects what the streams send and checks what the path
 * delivers, between the streams and the path, like PJSIP's {@code transport_srtp}. It looks like a
 * path to the streams ({@link #rtpOut}, {@link #rtcpOut}) and like a stream to the path ({@link
 * #inbound}, which also tells RTP from RTCP on the muxed path, RFC 5761 <a
 * href="https://www.rfc-editor.org/rfc/rfc5761#section-4">§4</a>).
 *
 * <p>Keys come from the call's keying strategy through {@link #key(SrtpKeys)}: at construction
 * (signed X25519 today), or later, after a DTLS-SRTP handshake. Until keyed, the stage drops every
 * packet both ways and counts it ({@link SrtpRejection#NOT_KEYED}). A later {@link #key} replaces
 * both directions at once: each packet sees either the old or the new keys, never a mix. Only the
 * SSRC the peer announced gets a key derivation, so forged SSRCs cost none.
 *
 * <p>Thread-safe: the media clock protects, the path's receive thread unprotects, the keying
 * strategy keys from its own thread. Once closed (the call's media stopped) the inbound stage drops
 * what still arrives without counting it: the peer's last packets may cross our hang-up, and a
 * closed context refuses every packet as malformed (S8: a loopback call's report counted one such
 * packet in about one call of ten, {@code TwoProcessCallTest}, {@code rejected_by_reason} {@code
 * {"malformed": 1}}).
 */
public final class SrtpStage implements AutoCloseable {

  /**
   * The largest packet the stage protects or unprotects: a datagram the media ports receive ({@code
   * DatagramPort.MAX_DATAGRAM}); RTP of one Opus frame is far smaller.
   */
  static final int MAX_PACKET = 2048;

  /** One direction pair of crypto contexts built from one {@link SrtpKeys}. */
  private record Contexts(SrtpSender protect, SrtpReceiver unprotect) {}

  private final int remoteSsrc;
  private volatile Contexts contexts;
  private final List<Contexts> retired = new ArrayList<>();
  private final AtomicLong rtpBytesOut = new AtomicLong();
  private final AtomicLong unkeyedOut = new AtomicLong();
  private volatile boolean closed; // written under this; read by the inbound stage too

  /**
   * An unkeyed stage: drops everything until {@link #key}.
   *
   * @param remoteSsrc the SSRC the peer announced in signaling: the only one its packets may carry
   */
  public SrtpStage(int remoteSsrc) {
    this.remoteSsrc = remoteSsrc;
  }

  /** A stage keyed with {@code keys} from the start. */
  public static SrtpStage keyed(SrtpKeys keys, int remoteSsrc) {
    SrtpStage stage = new SrtpStage(remoteSsrc);
    stage.key(keys);
    return stage;
  }

  /**
   * Keys the stage, or replaces its keys (both directions at once). Contexts of earlier keys are
   * closed with the stage, so a packet in flight on another thread never meets a closed context.
   *
   * @throws IllegalStateException if the stage is closed
   */
  public synchronized void key(SrtpKeys keys) {
    Objects.requireNonNull(keys, "keys");
    if (closed) {
      throw new IllegalStateException("SRTP stage closed");
    }
    Contexts next =
        new Contexts(Srtp.sender(keys.send()), Srtp.receiver(keys.receive(), remoteSsrc));
    if (contexts != null) {
      retired.add(contexts);
    }
    contexts = next;
  }

  /** Whether keys have been given. */
  public boolean keyed() {
    return contexts != null;
  }

  /**
   * The outbound RTP stage: protects each RTP packet and hands the SRTP packet to {@code next}.
   * Without keys the packet is dropped and counted ({@link #unkeyedDrops()}).
   */
  public PacketSink rtpOut(PacketSink next) {
    return out(next, false);
  }

  /** The outbound RTCP stage: protects each compound RTCP packet as SRTCP (RFC 3711 §3.4). */
  public PacketSink rtcpOut(PacketSink next) {
    return out(next, true);
  }

  private PacketSink out(PacketSink next, boolean rtcp) {
    Objects.requireNonNull(next, "next");
    byte[] buffer = new byte[MAX_PACKET + SrtpSender.TAIL_ROOM];
    return (data, offset, length) -> {
      Contexts keys = contexts;
      if (keys == null) {
        unkeyedOut.incrementAndGet();
        return;
      }
      if (length > MAX_PACKET) {
        throw new IllegalArgumentException("packet of " + length + " bytes to protect");
      }
      synchronized (buffer) { // one sender at a time per sink; uncontended on the media loop
        System.arraycopy(data, offset, buffer, 0, length);
        int protectedLength =
            rtcp
                ? keys.protect().protectRtcpInPlace(buffer, 0, length)
                : keys.protect().protectInPlace(buffer, 0, length);
        next.send(buffer, 0, protectedLength);
        if (!rtcp) {
          rtpBytesOut.addAndGet(protectedLength);
        }
      }
    };
  }

  /**
   * The inbound stage: demultiplexes each datagram from the path (RFC 5761 §4: second byte 192–223
   * is RTCP), unprotects it, and hands the plain packet to {@code rtp} or {@code rtcp}; a packet
   * that fails goes to that handler's {@link PacketHandler#onRejected} instead, so the stream that
   * counts arrivals counts it too. Each datagram is copied into a buffer of the stage's and
   * decrypted there: the path's buffer is left as it was, and nothing is allocated per packet.
   */
  public PacketHandler inbound(PacketHandler rtp, PacketHandler rtcp) {
    Objects.requireNonNull(rtp, "rtp");
    Objects.requireNonNull(rtcp, "rtcp");
    byte[] buffer = new byte[MAX_PACKET];
    return (data, offset, length) -> {
      boolean isRtcp = RtcpSession.isRtcp(data, offset, length);
      PacketHandler next = isRtcp ? rtcp : rtp;
      if (closed) {
        return; // S8: the call's media stopped: a late datagram is no rejection of a live stream
      }
      Contexts keys = contexts;
      if (keys == null) {
        next.onRejected(SrtpRejection.NOT_KEYED);
        return;
      }
      if (length > MAX_PACKET || length < 0 || offset < 0 || offset > data.length - length) {
        next.onRejected(SrtpRejection.MALFORMED);
        return;
      }
      synchronized (buffer) { // a receive thread at a time; two only while a restart hands over
        System.arraycopy(data, offset, buffer, 0, length);
        int result =
            isRtcp
                ? keys.unprotect().unprotectRtcpInPlace(buffer, 0, length)
                : keys.unprotect().unprotectInPlace(buffer, 0, length);
        if (result >= 0) {
          next.onPacket(buffer, 0, result);
        } else if (!closed) { // closed meanwhile (its contexts with it): dropped, not counted
          next.onRejected(SrtpRejection.ofCode(result));
        }
      }
    };
  }

  /** SRTP bytes of RTP the path took (RTCP not included). */
  public long rtpBytesSent() {
    return rtpBytesOut.get();
  }

  /** Outgoing packets (RTP and RTCP) dropped because the stage had no keys yet. */
  public long unkeyedDrops() {
    return unkeyedOut.get();
  }

  /**
   * Key derivations for incoming media so far, over all keys given (RFC 3711 §4.3): one per
   * direction and SSRC announced.
   */
  public synchronized long keyDerivations() {
    long total = contexts == null ? 0 : contexts.unprotect().keyDerivations();
    for (Contexts old : retired) {
      total += old.unprotect().keyDerivations();
    }
    return total;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (contexts != null) {
      retired.add(contexts);
    }
    for (Contexts old : retired) {
      old.protect().close();
      old.unprotect().close();
    }
    retired.clear();
  }
}
