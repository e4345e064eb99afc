package io.peervoice.nat.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The socket ice4j sees for a host candidate bound on a media loop: an unbound {@link
 * DatagramSocket} whose {@link #receive} takes from a bounded queue the loop fills ({@link #offer})
 * and whose {@link #send} goes out through the loop's port. Closing it (as {@code Agent.free()}
 * does) wakes and ends its readers but leaves the port to its owner, {@link HostPort}: a selected
 * port outlives the agent.
 *
 * <p>Modelled on ice4j's own {@code AbstractUdpListener.MySocket}. Only STUN and TURN traffic is
 * offered here once a path is selected, so ice4j's readers wake for nothing else.
 */
final class AdapterSocket extends DatagramSocket {
  /** Datagrams waiting for ice4j; the oldest is dropped beyond this. */
  static final int QUEUE = 128;

  /** Where the adapter's datagrams go. */
  @FunctionalInterface
  interface Sender {
    void send(byte[] data, int offset, int length, InetSocketAddress to);
  }

  private record Datagram(byte[] data, InetSocketAddress from) {}

  private final InetSocketAddress local;
  private final Sender sender;
  private final ArrayDeque<Datagram> queue = new ArrayDeque<>();
  private final LongAdder dropped = new LongAdder();
  private volatile int soTimeout;
  private boolean closed; // guarded by queue

  AdapterSocket(InetSocketAddress local, Sender sender) throws SocketException {
    super((SocketAddress) null); // unbound: the real socket is the loop's
    this.local = local;
    this.sender = sender;
  }

  /** Queues a copy of one datagram for ice4j's readers; on the loop thread. Never blocks. */
  void offer(byte[] data, int offset, int length, InetSocketAddress from) {
    byte[] copy = new byte[length];
    System.arraycopy(data, offset, copy, 0, length);
    synchronized (queue) {
      if (closed) {
        return;
      }
      if (queue.size() == QUEUE) {
        queue.poll();
        dropped.increment();
      }
      queue.add(new Datagram(copy, from));
      queue.notifyAll();
    }
  }

  /** Datagrams dropped because ice4j did not read them in time. */
  long dropped() {
    return dropped.sum();
  }

  @Override
  public void receive(DatagramPacket p) throws IOException {
    Datagram d;
    synchronized (queue) {
      long timeout = soTimeout;
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
      while (queue.isEmpty() && !closed) {
        try {
          if (timeout <= 0) {
            queue.wait();
          } else {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              throw new SocketTimeoutException("no datagram within " + timeout + " ms");
            }
            TimeUnit.NANOSECONDS.timedWait(queue, left);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SocketException("interrupted");
        }
      }
      if (closed) {
        throw new SocketException("Socket closed");
      }
      d = queue.poll();
    }
    byte[] into = p.getData();
    int room = into.length - p.getOffset();
    int length = Math.min(room, d.data().length); // truncated like a real socket
    System.arraycopy(d.data(), 0, into, p.getOffset(), length);
    p.setLength(length);
    p.setSocketAddress(d.from());
  }

  @Override
  public void send(DatagramPacket p) throws IOException {
    if (isClosed()) {
      throw new SocketException("Socket closed");
    }
    sender.send(
        p.getData(), p.getOffset(), p.getLength(), (InetSocketAddress) p.getSocketAddress());
  }

  @Override
  public void close() {
    synchronized (queue) {
      closed = true;
      queue.clear();
      queue.notifyAll();
    }
    super.close(); // the unbound socket the JDK opened for this object
  }

  @Override
  public boolean isClosed() {
    synchronized (queue) {
      return closed;
    }
  }

  @Override
  public boolean isBound() {
    return true;
  }

  @Override
  public InetAddress getLocalAddress() {
    return local.getAddress();
  }

  @Override
  public int getLocalPort() {
    return local.getPort();
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    return local;
  }

  @Override
  public synchronized void setSoTimeout(int timeout) {
    this.soTimeout = timeout;
  }

  @Override
  public int getSoTimeout() {
    return soTimeout;
  }

  @Override
  public void setReceiveBufferSize(int size) {
    // the loop's socket has its own buffer
  }

  @Override
  public int getReceiveBufferSize() {
    return 1 << 18;
  }

  @Override
  public void setSendBufferSize(int size) {
    // the loop's socket has its own buffer
  }

  @Override
  public int getSendBufferSize() {
    return 1 << 18;
  }

  @Override
  public void setTrafficClass(int tc) {
    // not applied to the loop's socket
  }

  @Override
  public int getTrafficClass() {
    return 0;
  }
}
