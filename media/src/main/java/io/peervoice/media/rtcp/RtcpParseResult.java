package io.peervoice.media.rtcp;

import java.util.List;

/** Outcome of {@link RtcpCodec#parse}: the packets of a compound RTCP packet, or why not. */
public sealed interface RtcpParseResult {

  record Parsed(List<RtcpPacket> packets) implements RtcpParseResult {}

  record Malformed(RtcpParseError error) implements RtcpParseResult {}
}
