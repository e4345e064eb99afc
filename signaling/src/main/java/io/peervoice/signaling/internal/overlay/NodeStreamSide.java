package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import java.net.InetSocketAddress;

/**
 * What a client's attachments ({@link NodeLinks}) tell its streams to nodes ({@link ClientStreams})
 * and ask of them: none of it without streams ({@link #NONE}).
 */
interface NodeStreamSide {
  /** No streams: addresses as they are, nothing told. */
  NodeStreamSide NONE =
      new NodeStreamSide() {
        @Override
        public NodeAddress withPorts(NodeAddress node) {
          return node;
        }

        @Override
        public void udpSilent(InetSocketAddress node) {}

        @Override
        public void portsNamed(
            InetSocketAddress node, PeerId id, int tcp, int tls, boolean byItself) {}
      };

  /** {@code node} with what else is known of it (its stream ports). */
  NodeAddress withPorts(NodeAddress node);

  /** A keepalive to an attached node went unanswered over UDP (the stream fallback). */
  void udpSilent(InetSocketAddress node);

  /** A node's stream ports: named by the node itself (its PONG) or by another (a NODES list). */
  void portsNamed(InetSocketAddress node, PeerId id, int tcp, int tls, boolean byItself);
}
