package io.peervoice.natives;

import io.netty.channel.epoll.Epoll;
import java.util.Optional;

/**
 * Which Netty transport the rendezvous node runs on: epoll when the native library loads, NIO
 * otherwise.
 *
 * @param kind the transport chosen
 * @param epollUnavailableReason why epoll is not used, if it is not
 */
public record NativeTransport(Kind kind, Optional<String> epollUnavailableReason) {

  /** Netty transport kinds. */
  public enum Kind {
    EPOLL,
    NIO
  }

  /** Probes the native epoll transport. */
  public static NativeTransport detect() {
    if (Epoll.isAvailable()) {
      return new NativeTransport(Kind.EPOLL, Optional.empty());
    }
    Throwable cause = Epoll.unavailabilityCause();
    return new NativeTransport(Kind.NIO, Optional.of(cause == null ? "unknown" : cause.toString()));
  }
}
