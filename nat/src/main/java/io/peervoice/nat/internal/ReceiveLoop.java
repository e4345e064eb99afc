package io.peervoice.nat.internal;

import io.peervoice.nat.DatagramHandler;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread that reads datagrams from a blocking socket into a handler until stopped. Datagrams from
 * any source but the path's selected remote address are dropped (and counted) before the handler
 * sees them.
 */
final class ReceiveLoop {
  private static final Logger log = LoggerFactory.getLogger(ReceiveLoop.class);
  private static final int MAX_DATAGRAM = 1500;

  /**
   * A blocking receive on some socket. The loop ends when the socket is closed; the socket's
   * timeout must not be changed, since ice4j reads STUN from the same underlying socket.
   */
  @FunctionalInterface
  interface Receiver {
    void receive(DatagramPacket packet) throws IOException;
  }

  private final Thread thread;
  private volatile boolean running = true;

  ReceiveLoop(
      ThreadFactory threads,
      String name,
      Receiver receiver,
      SourceFilter sources,
      DatagramHandler handler) {
    thread =
        threads.newThread(
            () -> {
              byte[] buf = new byte[MAX_DATAGRAM];
              DatagramPacket packet = new DatagramPacket(buf, buf.length);
              while (running) {
                try {
                  packet.setData(buf);
                  receiver.receive(packet);
                  if (!sources.admits(packet.getSocketAddress())) {
                    continue;
                  }
                  handler.onDatagram(packet.getData(), packet.getOffset(), packet.getLength());
                } catch (SocketTimeoutException e) {
                  // loop to check running
                } catch (IOException e) {
                  if (running) {
                    log.debug("receive loop {} ended: {}", name, e.toString());
                  }
                  return;
                } catch (RuntimeException e) {
                  log.warn("media handler failed on a datagram; continuing", e);
                }
              }
            });
    thread.setName(name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void stop() {
    running = false;
  }
}
