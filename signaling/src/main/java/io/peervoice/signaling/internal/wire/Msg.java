package io.peervoice.signaling.internal.wire;

import java.util.List;

/**
 * One overlay datagram (see {@code docs/protocol.md}). Every message carries a transaction id that
 * its reply echoes. Byte arrays are never mutated after decoding.
 */
public sealed interface Msg {
  long tx();

  /**
   * A contact in a node list: node id, IP address bytes (4 or 16), UDP port, and the node's TCP and
   * TLS ports (0: none or not known; sent in the list's appended {@code streams} field).
   */
  record Contact(byte[] id, byte[] ip, int port, int tcpPort, int tlsPort) {
    /** A contact whose stream ports are not known. */
    public Contact(byte[] id, byte[] ip, int port) {
      this(id, ip, port, 0, 0);
    }

    boolean hasStreams() {
      return tcpPort != 0 || tlsPort != 0;
    }
  }

  /**
   * Liveness and address discovery. A node asking another to prove its id sets {@code nonce}; a
   * node sends its own signing key so the other side may verify and add it.
   */
  record Ping(long tx, byte[] nonce, byte[] senderKey) implements Msg {}

  /**
   * Reply to {@link Ping}: the address the ping came from, proof of id if asked for, whether that
   * address holds an attachment on this node (appended field; a peer re-attaches when false) and
   * how many devices of that attachment's identity are attached here (appended field, 0..255), and
   * the answering node's own TCP and TLS ports (two appended fields, 0 for none; unsigned: a wrong
   * one only fails a dial, since a stream is pinned to or proves the node id).
   */
  record Pong(
      long tx,
      byte[] observedIp,
      int observedPort,
      byte[] nodeKey,
      byte[] signature,
      boolean attached,
      int devices,
      int tcpPort,
      int tlsPort)
      implements Msg {
    /** A PONG that names no stream ports. */
    public Pong(
        long tx,
        byte[] observedIp,
        int observedPort,
        byte[] nodeKey,
        byte[] signature,
        boolean attached,
        int devices) {
      this(tx, observedIp, observedPort, nodeKey, signature, attached, devices, 0, 0);
    }

    /** A PONG whose attachment, if any, is the identity's only device here. */
    public Pong(
        long tx,
        byte[] observedIp,
        int observedPort,
        byte[] nodeKey,
        byte[] signature,
        boolean attached) {
      this(tx, observedIp, observedPort, nodeKey, signature, attached, attached ? 1 : 0);
    }
  }

  /** Kademlia FIND_NODE: the k nodes closest to {@code target} the receiver knows. */
  record FindNode(long tx, byte[] target, byte[] senderKey) implements Msg {}

  record Nodes(long tx, List<Contact> contacts) implements Msg {}

  /** Store a signed location record on this node. */
  record Store(long tx, byte[] record, byte[] senderKey) implements Msg {}

  /** Kademlia FIND_VALUE for a peer's record. */
  record FindRecord(long tx, byte[] peer, byte[] senderKey) implements Msg {}

  /** The record if held (else empty), and closer nodes. */
  record RecordReply(long tx, byte[] record, List<Contact> contacts) implements Msg {}

  /**
   * A peer attaches to a node, proving its identity: signature over the v2 domain, the node's id,
   * {@code cookie} (a fresh address cookie the node issued to this peer's address, appended field)
   * and the timestamp; or, with {@code device} (8 bytes naming this process of the identity,
   * appended field), over the v3 domain, which covers the device too.
   */
  record Attach(
      long tx,
      byte[] signingKey,
      byte[] agreementKey,
      byte[] node,
      long timestampMillis,
      byte[] signature,
      byte[] cookie,
      byte[] device)
      implements Msg {
    /** An ATTACH that names no device (version 2). */
    public Attach(
        long tx,
        byte[] signingKey,
        byte[] agreementKey,
        byte[] node,
        long timestampMillis,
        byte[] signature,
        byte[] cookie) {
      this(tx, signingKey, agreementKey, node, timestampMillis, signature, cookie, new byte[0]);
    }
  }

  /** An attached peer asks its node to store its record on the k closest nodes. */
  record Publish(long tx, byte[] record) implements Msg {}

  /** An attached peer asks its node to find a peer's freshest record. */
  record Lookup(long tx, byte[] peer) implements Msg {}

  /** A sealed message (or one fragment of it) for a peer attached to the receiving node. */
  record Route(long tx, byte[] target, long messageId, int fragment, int fragments, byte[] payload)
      implements Msg {}

  /** A node pushes a routed message down a peer's attachment. */
  record Deliver(long tx, long messageId, int fragment, int fragments, byte[] payload)
      implements Msg {}

  /**
   * Address proof (like DTLS HelloVerifyRequest): without a cookie, or with a stale one, the node
   * answers {@link CookieReply}; with a valid cookie for the sender's address, it marks the address
   * proven and answers OK. {@code padding} makes the request at least as large as the answer.
   */
  record Hello(long tx, byte[] cookie, byte[] padding) implements Msg {}

  /** A stateless address cookie: {@code issueSecond (4) ‖ HMAC-SHA256(...)[:16]}. */
  record CookieReply(long tx, byte[] cookie) implements Msg {}

  /** The outcome of a request: {@link Status.Code} and a request-specific value. */
  record Status(long tx, int code, long value) implements Msg {}

  /**
   * S6 missed (type 16): a sealed note (or one fragment of it) for a peer that is not attached or
   * did not answer, which the receiving node holds for a bounded time and pushes as {@link Deliver}
   * when the peer attaches ({@code docs/missed-calls.md}). Fields as in {@link Route}.
   */
  record Hold(long tx, byte[] target, long messageId, int fragment, int fragments, byte[] payload)
      implements Msg {}

  /**
   * S7 webroute (type 17): an attached client whose only link is one stream (a browser's WebSocket)
   * asks its node to route a sealed message (or one fragment of it) to {@code target} through the
   * target's own record nodes ({@code docs/webrtc.md}, "Reaching peers on other nodes"). Fields as
   * in {@link Route}; answered by a {@link Status} once one of those nodes delivered it or all
   * failed.
   */
  record Forward(
      long tx, byte[] target, long messageId, int fragment, int fragments, byte[] payload)
      implements Msg {}
}
