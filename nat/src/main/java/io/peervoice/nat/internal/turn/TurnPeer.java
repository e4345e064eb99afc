package io.peervoice.nat.internal.turn;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * What a TURN client knows of one peer transport address: its permission (RFC 8656 <a
 * href="https://www.rfc-editor.org/rfc/rfc8656#section-9">§9</a>, 300 s), its channel (<a
 * href="https://www.rfc-editor.org/rfc/rfc8656#section-12">§12</a>, 600 s), and the datagrams
 * waiting for the permission. Mutable, confined to the client's lock.
 */
final class TurnPeer {
  /** Datagrams kept while the permission is being created; the oldest is dropped beyond this. */
  static final int MAX_QUEUED = 16;

  /** Where a permission or channel binding stands. */
  enum Grant {
    NONE,
    REQUESTED,
    GRANTED,
    REFUSED
  }

  final InetSocketAddress address;
  Grant permission = Grant.NONE;
  long permittedAtMillis;
  Grant channel = Grant.NONE;
  int channelNumber;
  long boundAtMillis;
  long lastSendMillis;

  /** Refused requests retried so far (permission, channel); reset when granted. */
  int permissionRetries;

  int channelRetries;

  /** The pending retries of a refused permission and channel, or null ({@link GrantRetries}). */
  java.util.concurrent.ScheduledFuture<?> permissionRetry;

  java.util.concurrent.ScheduledFuture<?> channelRetry;

  final ArrayDeque<byte[]> queued = new ArrayDeque<>();

  TurnPeer(InetSocketAddress address, long nowMillis) {
    this.address = address;
    this.lastSendMillis = nowMillis;
  }

  /** Queues a copy; returns false if the oldest had to be dropped for it. */
  boolean queue(byte[] data, int offset, int length) {
    boolean dropped = false;
    if (queued.size() == MAX_QUEUED) {
      queued.poll();
      dropped = true;
    }
    byte[] copy = new byte[length];
    System.arraycopy(data, offset, copy, 0, length);
    queued.add(copy);
    return !dropped;
  }
}
