package io.peervoice.signaling.internal;

import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import java.net.InetSocketAddress;

/** A node as overlay logic knows it: its id and the resolved UDP address it answers from. */
public record NodeRef(PeerId id, InetSocketAddress address) {

  /** The public, printable form (IP literal host). */
  public NodeAddress toAddress() {
    return new NodeAddress(id, address.getAddress().getHostAddress(), address.getPort());
  }
}
