/**
 * Our own small STUN (RFC 8489) for a selected direct ICE pair, so a call needs no ice4j thread
 * once ICE has completed.
 *
 * <ul>
 *   <li>The codec ({@link io.peervoice.nat.internal.stun.StunCodec}, {@link
 *       io.peervoice.nat.internal.stun.StunMessage}, {@link
 *       io.peervoice.nat.internal.stun.StunAttributes}, {@link
 *       io.peervoice.nat.internal.stun.MessageIntegrity}) is general: any method and class, short-
 *       or long-term credentials (the key is the caller's), a caller-chosen set of understood
 *       comprehension-required attributes; a TURN client can reuse it. It decodes hostile bytes
 *       strictly and within fixed bounds (fuzzed by {@code StunCodecFuzzTest}).
 *   <li>{@link io.peervoice.nat.internal.stun.DirectStun} is the facade the media loop plugs in: it
 *       keeps consent fresh toward the remote (RFC 7675) and answers the remote's consent checks,
 *       on the call's loop thread, dropping and counting anything unauthenticated. {@link
 *       io.peervoice.nat.internal.stun.Ice4jHandover} reads what it needs from an ice4j agent
 *       before the agent is freed; nothing else here knows ice4j.
 * </ul>
 *
 * Relayed pairs keep ice4j for ICE. TURN over UDP is ice4j's; TURN over TCP and TLS is ours, in
 * {@code io.peervoice.nat.internal.turn}, built on this codec.
 */
package io.peervoice.nat.internal.stun;
