package io.peervoice.session.internal;

import io.peervoice.nat.DatagramHandler;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S9 web: media datagrams that arrive on the selected path before our media opened, kept (at most
 * {@link #LIMIT}, from the selected remote address only: the path filters sources) and handed to
 * the media once it opens. With DTLS-SRTP the peer may finish first and send SRTP while we still
 * derive our keys and open the codecs: a browser that is the DTLS server completes when our
 * Finished arrives, about half a round trip and our own key export before us. Those first packets
 * were dropped, and first audio waited for later ones. Thread-safe: {@link #keep} runs on the
 * path's receive thread, {@link #open} on whichever opens the media; until it returns, {@link
 * #keep} waits, so the media never sees two threads at once.
 */
public final class EarlyMedia {
  private static final Logger log = LoggerFactory.getLogger(EarlyMedia.class);

  /** Datagrams kept at most (320 ms of 20 ms frames); later ones are dropped. */
  public static final int LIMIT = 16;

  private final ArrayDeque<byte[]> kept = new ArrayDeque<>();
  private volatile boolean open;
  private long dropped; // guarded by this

  /**
   * Keeps a copy of a datagram that arrived before the media opened; false once it is open (the
   * caller hands the datagram on itself). A datagram beyond {@link #LIMIT} is dropped (and true).
   */
  public boolean keep(byte[] data, int offset, int length) {
    if (open) {
      return false;
    }
    synchronized (this) {
      if (open) {
        return false;
      }
      if (kept.size() < LIMIT) {
        byte[] copy = new byte[length];
        System.arraycopy(data, offset, copy, 0, length);
        kept.add(copy);
      } else {
        dropped++;
      }
      return true;
    }
  }

  /**
   * The media opened: hands it what was kept, in arrival order, and keeps nothing from now on.
   *
   * @return how many datagrams were handed on
   */
  public synchronized int open(DatagramHandler media) {
    int handed = kept.size();
    for (byte[] d = kept.poll(); d != null; d = kept.poll()) {
      media.onDatagram(d, 0, d.length);
    }
    open = true;
    if (handed > 0 || dropped > 0) {
      log.debug(
          "media opened: {} datagrams that came first handed on, {} dropped", handed, dropped);
    }
    return handed;
  }
}
