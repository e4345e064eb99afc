/**
 * Our TURN client (RFC 8656) over TCP and TLS to the server, with UDP relays (no RFC 6062 TCP
 * relays), for networks that block UDP; ice4j's TURN client is UDP only.
 *
 * <ul>
 *   <li>{@link io.peervoice.nat.internal.turn.TurnFraming}: the stream framing of <a
 *       href="https://www.rfc-editor.org/rfc/rfc8656#section-12.5">§12.5</a> (self-delimiting STUN
 *       and ChannelData, the latter padded to 4 bytes) – not RFC 4571's length prefix.
 *   <li>{@link io.peervoice.nat.internal.turn.TurnClient}: the facade: allocation ({@code
 *       TurnAllocator}, long-term credentials with 401/438), refresh and release ({@code
 *       TurnRefresher}, §8), peers ({@code TurnRelay}: permissions §9-10, Send/Data indications
 *       §11, channels §12), requests and their checks ({@code TurnTransport}).
 *   <li>{@link io.peervoice.nat.internal.turn.TurnConnector}: the connection on a media loop
 *       through {@code natives.StreamConnection}, TLS 1.2/1.3 with certificate and host name
 *       checks.
 * </ul>
 *
 * The ICE side ({@code StreamRelayHarvester}, {@code StreamRelayedCandidate}) is in {@code
 * io.peervoice.nat.internal}, beside the host candidates' adapter sockets.
 */
package io.peervoice.nat.internal.turn;
