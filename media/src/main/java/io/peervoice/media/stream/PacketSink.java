package io.peervoice.media.stream;

import java.io.IOException;

/**
 * An outbound stage: where a stream's packets go (the SRTP stage, then the selected network path of
 * a call). The outbound twin of {@link PacketHandler}.
 */
@FunctionalInterface
public interface PacketSink {

  /**
   * Takes {@code length} bytes of {@code data} from {@code offset}. Must not keep {@code data}
   * after returning, nor change it: senders reuse one buffer for every packet (copy what you keep).
   */
  void send(byte[] data, int offset, int length) throws IOException;
}
