package io.peervoice.nat;

/** Receives media datagrams; called on the path's receive thread, must not block for long. */
@FunctionalInterface
public interface DatagramHandler {

  void onDatagram(byte[] data, int offset, int length);
}
