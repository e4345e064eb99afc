package io.peervoice.media.stream;

import java.io.IOException;

/** Where protected media packets go: the selected network path of a call. */
@FunctionalInterface
public interface PacketSink {

  void send(byte[] data, int offset, int length) throws IOException;
}
