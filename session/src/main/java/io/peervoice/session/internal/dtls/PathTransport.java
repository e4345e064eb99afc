package io.peervoice.session.internal.dtls;

import io.peervoice.session.KeyingPath;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.tls.DatagramTransport;

/**
 * Bouncy Castle's view of the selected media path: DTLS records go out through {@link
 * KeyingPath#send} and come in from the path's receive thread through a bounded queue (RFC 7983
 * demultiplexing already happened). While the handshake runs, its thread blocks in {@link #receive}
 * for at most the wait Bouncy Castle asks (its retransmission timer); once established the
 * transport is <em>pumped</em>: {@link #receive} hands out what is queued and then throws an {@link
 * InterruptedIOException}, which Bouncy Castle passes up without failing the association, so
 * post-handshake records (alerts, a peer's retransmitted last flight) are handled on the thread
 * they arrive on, with no thread kept for the call.
 */
final class PathTransport implements DatagramTransport {
  /** Largest datagram taken; larger ones are dropped (a DTLS peer keeps to the path MTU). */
  static final int RECEIVE_LIMIT = 1500;

  /** Largest datagram sent: Bouncy Castle fragments handshake messages to fit (RFC 6347 §4.1.1). */
  static final int SEND_LIMIT = 1200;

  /** Datagrams queued for the handshake at most; more are dropped (retransmission recovers). */
  static final int QUEUE = 32;

  private static final byte[] CLOSED = new byte[0];

  private final KeyingPath path;
  private final ArrayBlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(QUEUE);
  private final LongAdder dropped = new LongAdder();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean pumped;

  PathTransport(KeyingPath path) {
    this.path = path;
  }

  /**
   * Queues a copy of one received datagram; false (and counted) if it is too big or the queue full.
   */
  boolean offer(byte[] data, int offset, int length) {
    if (length > RECEIVE_LIMIT || closed.get() || !inbound.offer(copy(data, offset, length))) {
      dropped.increment();
      return false;
    }
    return true;
  }

  private static byte[] copy(byte[] data, int offset, int length) {
    byte[] copy = new byte[length];
    System.arraycopy(data, offset, copy, 0, length);
    return copy;
  }

  /** From now on {@link #receive} never blocks (the handshake is over). */
  void pump() {
    pumped = true;
  }

  boolean hasQueued() {
    return !inbound.isEmpty();
  }

  long dropped() {
    return dropped.sum();
  }

  @Override
  public int getReceiveLimit() {
    return RECEIVE_LIMIT;
  }

  @Override
  public int getSendLimit() {
    return SEND_LIMIT;
  }

  @Override
  public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
    byte[] datagram;
    if (pumped) {
      datagram = inbound.poll();
      if (datagram == null || datagram == CLOSED) {
        throw new InterruptedIOException("no DTLS datagram queued");
      }
    } else {
      try {
        datagram = inbound.poll(waitMillis <= 0 ? 1_000 : waitMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted in the DTLS handshake");
      }
      if (datagram == null) {
        return -1; // Bouncy Castle's timer: it retransmits its last flight
      }
    }
    if (datagram == CLOSED) {
      inbound.offer(CLOSED);
      throw new IOException("the DTLS transport was closed");
    }
    int n = Math.min(len, datagram.length);
    System.arraycopy(datagram, 0, buf, off, n);
    return n;
  }

  @Override
  public void send(byte[] buf, int off, int len) throws IOException {
    path.send(buf, off, len);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      inbound.clear();
      inbound.offer(CLOSED);
    }
  }

  boolean isClosed() {
    return closed.get();
  }
}
