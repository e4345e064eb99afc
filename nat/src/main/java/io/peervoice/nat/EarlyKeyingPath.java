package io.peervoice.nat;

import java.io.IOException;

/**
 * S19: a pair that turned valid for a controlled agent before ICE selected one, for a key
 * management protocol's first flights (a DTLS ClientHello, RFC <a
 * href="https://www.rfc-editor.org/rfc/rfc5764#section-5.1.2">5764 §5.1.2</a>): RFC 8445 <a
 * href="https://www.rfc-editor.org/rfc/rfc8445#section-12.1">§12.1</a> lets an agent send data on
 * any valid pair before selected pairs exist. A browser that controls ICE nominates its pair about
 * 20 ms after the pair turned valid for us (it waits for its own check's answer and its next
 * check); a ClientHello sent meanwhile waits in its DTLS transport and is answered the moment its
 * transport turns writable, instead of after our selection, a thread hop and our first flight.
 *
 * <p>Offered by {@link IceSession#onEarlyKeyingPath} until a path is selected; afterwards the
 * selected {@link MediaPath} carries the protocol on. Keying datagrams only: media waits for the
 * selected path.
 */
public interface EarlyKeyingPath {

  /**
   * Sends one datagram of the keying protocol from the valid pair's local candidate to its remote;
   * one the port cannot take is dropped (and counted) like a datagram lost on the way.
   *
   * @throws IOException if this path cannot send at all
   */
  void send(byte[] data, int offset, int length) throws IOException;

  /**
   * Hands {@code handler} every datagram whose first byte is 20..63 (DTLS, RFC <a
   * href="https://www.rfc-editor.org/rfc/rfc7983#section-7">7983 §7</a>) that reaches one of our
   * host candidates from an address whose connectivity check authenticated with our ICE password,
   * until a path is selected (the peer answers on the pair it selects, which need not be this one).
   * On the port's loop thread; the buffer is reused after the call.
   */
  void receive(DatagramHandler handler);

  /** Our end of the valid pair. */
  IceCandidate localCandidate();

  /** The peer's end of the valid pair. */
  IceCandidate remoteCandidate();
}
