package io.peervoice.natives;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Writes a datagram straight to an epoll channel's socket ({@code sendto}) on the channel's loop
 * thread, without Netty's pipeline: no buffer allocated, no outbound queue, no flush task. A media
 * loop sends about 50 packets a second per call, each alone (one per call's tick), so what the
 * pipeline offers (batching writes until a flush) buys nothing there, and its write, queue and
 * scheduled flush cost more than the system call's user-space side. A datagram sent this way leaves
 * before {@link #send} returns.
 *
 * <p>Loop thread only: one direct buffer of {@link DatagramPort#MAX_DATAGRAM} bytes is reused.
 */
final class DirectDatagramSender {
  /** What became of one datagram. */
  enum Result {
    SENT,
    /** The socket's send buffer is full ({@code EAGAIN}): dropped, never blocks. */
    DROPPED,
    /** The kernel refused it: unreachable, no route, port unreachable reported by ICMP. */
    FAILED
  }

  private final Socket socket;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(DatagramPort.MAX_DATAGRAM);

  private DirectDatagramSender(Socket socket) {
    this.socket = socket;
  }

  /** A sender for {@code channel} if it is an epoll datagram channel (NIO has no public socket). */
  static Optional<DirectDatagramSender> of(Channel channel) {
    if (channel instanceof EpollDatagramChannel epoll && epoll.fd() instanceof Socket socket) {
      return Optional.of(new DirectDatagramSender(socket));
    }
    return Optional.empty();
  }

  /** Whether a datagram of {@code length} bytes fits this sender's buffer. */
  boolean fits(int length) {
    return length <= buffer.capacity();
  }

  /**
   * Sends one datagram now and says what became of it; never throws for the network's refusal or a
   * closed socket. On the channel's loop thread only; {@code length} must {@link #fits}.
   */
  Result send(byte[] data, int offset, int length, InetSocketAddress to) {
    if (to.isUnresolved()) {
      return Result.FAILED;
    }
    if (!socket.isOpen()) { // closed on this same thread: its number may be another socket's now
      return Result.DROPPED;
    }
    buffer.clear();
    buffer.put(data, offset, length);
    try {
      int written = socket.sendTo(buffer, 0, length, to.getAddress(), to.getPort());
      return written == 0 && length > 0 ? Result.DROPPED : Result.SENT;
    } catch (IOException e) { // ICMP port unreachable, no route; or the port was closed
      return socket.isOpen() ? Result.FAILED : Result.DROPPED;
    }
  }
}
