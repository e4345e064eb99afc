package io.peervoice.session;

import io.peervoice.nat.DatagramHandler;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceRole;
import java.io.IOException;

/**
 * The selected media path as a {@link SrtpKeying} strategy sees it: who we are in ICE, which pair
 * carries the media, and a way to exchange a key-management protocol's datagrams (a DTLS handshake,
 * RFC <a href="https://www.rfc-editor.org/rfc/rfc5764#section-5.1.2">5764 §5.1.2</a>) on the same
 * 5-tuple as the media. It follows ICE restarts: after one, it sends on and receives from the new
 * path, so a DTLS association carries on across restarts (RFC <a
 * href="https://www.rfc-editor.org/rfc/rfc8842#section-4">8842 §4</a>).
 */
public interface KeyingPath {

  /**
   * Our ICE role; a DTLS strategy may derive its client or server role from it or from signaling.
   */
  IceRole iceRole();

  /** ICE restarts that moved the media so far: 0 when asked for the first path. */
  int iceRestarts();

  /**
   * Our end of the selected pair now; null for a strategy asked before any pair was valid (S21).
   */
  IceCandidate localCandidate();

  /**
   * The peer's end of the selected pair now; null for a strategy asked before any pair was valid
   * (S21).
   */
  IceCandidate remoteCandidate();

  /**
   * Sends one datagram of the keying protocol on the selected path.
   *
   * @throws IOException if the path cannot send
   */
  void send(byte[] data, int offset, int length) throws IOException;

  /**
   * Hands received datagrams whose first byte is 20..63 (DTLS, by RFC <a
   * href="https://www.rfc-editor.org/rfc/rfc7983#section-7">7983 §7</a>'s demultiplexing; RTP and
   * RTCP are 128..191, STUN is handled by ICE) to {@code handler}, on the path's receive thread,
   * across ICE restarts. Starts receiving on the path at once: media datagrams that arrive before
   * media starts are dropped instead of waiting in the socket.
   */
  void receive(DatagramHandler handler);

  /**
   * S21: {@link System#nanoTime()} when a path first took this strategy's datagrams, or 0 while
   * none did; a strategy asked before the path exists ({@link SrtpKeying#startsBeforePath()}) has
   * its first datagrams held until then, and times its handshake from here.
   */
  default long sendableSinceNanos() {
    return 0L;
  }
}
