package io.peervoice.media.rtcp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes compound RTCP packets (RFC 3550 <a
 * href="https://www.rfc-editor.org/rfc/rfc3550#section-6.1">§6.1</a>): SR, RR, SDES (CNAME), BYE;
 * other types are kept as {@link RtcpPacket.Unknown}. Parsing never throws. Stateless.
 */
public final class RtcpCodec {
  private static final int BLOCK = 24;

  private RtcpCodec() {}

  /** Parses a compound packet; the first packet must be an SR or RR (RFC 3550 §A.2). */
  public static RtcpParseResult parse(byte[] data, int offset, int length) {
    if (data == null || offset < 0 || length < 4 || offset > data.length - length) {
      return new RtcpParseResult.Malformed(RtcpParseError.TRUNCATED);
    }
    ByteBuffer b = ByteBuffer.wrap(data, offset, length).slice();
    List<RtcpPacket> packets = new ArrayList<>();
    while (b.remaining() > 0) {
      if (b.remaining() < 4) {
        return new RtcpParseResult.Malformed(RtcpParseError.TRUNCATED);
      }
      int start = b.position();
      int first = b.get(start) & 0xFF;
      int type = b.get(start + 1) & 0xFF;
      int size = 4 * ((b.getShort(start + 2) & 0xFFFF) + 1);
      if (first >>> 6 != 2) {
        return new RtcpParseResult.Malformed(RtcpParseError.BAD_VERSION);
      }
      if (size > b.remaining()) {
        return new RtcpParseResult.Malformed(RtcpParseError.TRUNCATED);
      }
      if (packets.isEmpty() && type != RtcpPacket.SR && type != RtcpPacket.RR) {
        return new RtcpParseResult.Malformed(RtcpParseError.NOT_A_REPORT_FIRST);
      }
      int bodyEnd = start + size;
      if ((first & 0x20) != 0) {
        int pad = b.get(bodyEnd - 1) & 0xFF;
        if (bodyEnd != b.limit() || pad == 0 || pad > size - 4) {
          return new RtcpParseResult.Malformed(RtcpParseError.BAD_PADDING);
        }
        bodyEnd -= pad;
      }
      ByteBuffer body = b.duplicate().position(start + 4).limit(bodyEnd).slice();
      RtcpPacket packet = read(type, first & 0x1F, body, size);
      if (packet == null) {
        return new RtcpParseResult.Malformed(RtcpParseError.BAD_LENGTH);
      }
      packets.add(packet);
      b.position(start + size);
    }
    return new RtcpParseResult.Parsed(List.copyOf(packets));
  }

  public static RtcpParseResult parse(byte[] data) {
    return parse(data, 0, data == null ? 0 : data.length);
  }

  private static RtcpPacket read(int type, int count, ByteBuffer body, int size) {
    switch (type) {
      case RtcpPacket.SR:
        if (body.remaining() < 24 + BLOCK * count) {
          return null;
        }
        return new RtcpPacket.SenderReport(
            body.getInt(),
            body.getLong(),
            body.getInt() & 0xFFFF_FFFFL,
            body.getInt() & 0xFFFF_FFFFL,
            body.getInt() & 0xFFFF_FFFFL,
            blocks(body, count));
      case RtcpPacket.RR:
        if (body.remaining() < 4 + BLOCK * count) {
          return null;
        }
        return new RtcpPacket.ReceiverReport(body.getInt(), blocks(body, count));
      case RtcpPacket.SDES:
        return sdes(body, count);
      case RtcpPacket.BYE:
        return bye(body, count);
      default:
        return new RtcpPacket.Unknown(type, size);
    }
  }

  private static List<ReportBlock> blocks(ByteBuffer body, int count) {
    List<ReportBlock> blocks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int ssrc = body.getInt();
      int lost = body.getInt();
      blocks.add(
          new ReportBlock(
              ssrc,
              lost >>> 24,
              (lost << 8) >> 8,
              body.getInt() & 0xFFFF_FFFFL,
              body.getInt() & 0xFFFF_FFFFL,
              body.getInt() & 0xFFFF_FFFFL,
              body.getInt() & 0xFFFF_FFFFL));
    }
    return blocks;
  }

  private static RtcpPacket sdes(ByteBuffer body, int count) {
    if (count == 0) {
      return new RtcpPacket.Unknown(RtcpPacket.SDES, body.capacity() + 4);
    }
    if (body.remaining() < 4) {
      return null;
    }
    int ssrc = body.getInt();
    while (body.remaining() >= 2) {
      int item = body.get() & 0xFF;
      if (item == 0) {
        break;
      }
      int len = body.get() & 0xFF;
      if (len > body.remaining()) {
        return null;
      }
      byte[] text = new byte[len];
      body.get(text);
      if (item == 1) {
        return new RtcpPacket.SourceDescription(ssrc, text(text));
      }
    }
    return new RtcpPacket.SourceDescription(ssrc, "");
  }

  private static RtcpPacket bye(ByteBuffer body, int count) {
    if (body.remaining() < 4 * count) {
      return null;
    }
    List<Integer> ssrcs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ssrcs.add(body.getInt());
    }
    Optional<String> reason = Optional.empty();
    if (body.remaining() > 0) {
      int len = body.get() & 0xFF;
      if (len > body.remaining()) {
        return null;
      }
      byte[] text = new byte[len];
      body.get(text);
      reason = Optional.of(text(text));
    }
    return new RtcpPacket.Goodbye(ssrcs, reason);
  }

  /**
   * SDES and BYE text (RFC 3550 §6.5): UTF-8, each malformed sequence read as one {@code '?'}, so
   * the text never takes more bytes than it came in (a U+FFFD would take three, and a CNAME could
   * no longer be written back).
   */
  private static String text(byte[] utf8) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .replaceWith("?")
          .decode(ByteBuffer.wrap(utf8))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("REPLACE never reports", e);
    }
  }

  /** Serializes packets into one compound packet. */
  public static byte[] serialize(List<RtcpPacket> packets) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (RtcpPacket packet : packets) {
      byte[] bytes = serialize(packet);
      out.write(bytes, 0, bytes.length);
    }
    return out.toByteArray();
  }

  private static byte[] serialize(RtcpPacket packet) {
    if (packet instanceof RtcpPacket.SenderReport sr) {
      ByteBuffer b = header(RtcpPacket.SR, sr.reports().size(), 24 + BLOCK * sr.reports().size());
      b.putInt(sr.ssrc()).putLong(sr.ntpTimestamp()).putInt((int) sr.rtpTimestamp());
      b.putInt((int) sr.packetCount()).putInt((int) sr.octetCount());
      sr.reports().forEach(r -> putBlock(b, r));
      return b.array();
    }
    if (packet instanceof RtcpPacket.ReceiverReport rr) {
      ByteBuffer b = header(RtcpPacket.RR, rr.reports().size(), 4 + BLOCK * rr.reports().size());
      b.putInt(rr.ssrc());
      rr.reports().forEach(r -> putBlock(b, r));
      return b.array();
    }
    if (packet instanceof RtcpPacket.SourceDescription sdes) {
      byte[] cname = sdes.cname().getBytes(StandardCharsets.UTF_8);
      int body = 4 + 2 + cname.length + 1;
      ByteBuffer b = header(RtcpPacket.SDES, 1, (body + 3) / 4 * 4);
      b.putInt(sdes.ssrc()).put((byte) 1).put((byte) cname.length).put(cname);
      return b.array();
    }
    if (packet instanceof RtcpPacket.Goodbye bye) {
      byte[] reason = bye.reason().map(r -> r.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
      if (reason.length > 255) {
        throw new IllegalArgumentException("BYE reason longer than 255 bytes");
      }
      int body = 4 * bye.ssrcs().size() + (bye.reason().isPresent() ? 1 + reason.length : 0);
      ByteBuffer b = header(RtcpPacket.BYE, bye.ssrcs().size(), (body + 3) / 4 * 4);
      bye.ssrcs().forEach(b::putInt);
      if (bye.reason().isPresent()) {
        b.put((byte) reason.length).put(reason);
      }
      return b.array();
    }
    throw new IllegalArgumentException("cannot serialize " + packet);
  }

  private static ByteBuffer header(int type, int count, int bodyLength) {
    ByteBuffer b = ByteBuffer.allocate(4 + bodyLength);
    b.put((byte) (0x80 | count)).put((byte) type).putShort((short) (bodyLength / 4));
    return b;
  }

  private static void putBlock(ByteBuffer b, ReportBlock r) {
    b.putInt(r.ssrc());
    b.putInt((r.fractionLost() << 24) | (r.cumulativeLost() & 0xFF_FFFF));
    b.putInt((int) r.extendedHighestSequence()).putInt((int) r.jitter());
    b.putInt((int) r.lastSr()).putInt((int) r.delaySinceLastSr());
  }
}
