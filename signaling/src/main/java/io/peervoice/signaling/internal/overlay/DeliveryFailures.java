package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.DeliveryException;
import io.peervoice.signaling.DeliveryException.Reason;
import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import java.net.InetSocketAddress;

/** Why a {@link Delivery} failed at a node, or at all of a record's nodes, as a user reads it. */
final class DeliveryFailures {
  private DeliveryFailures() {}

  static DeliveryException of(InetSocketAddress node, Msg reply) {
    StatusCode code = reply instanceof Msg.Status s ? StatusCode.of(s.code()) : StatusCode.UNKNOWN;
    Reason reason =
        switch (code) {
          case NOT_ATTACHED -> Reason.PEER_UNREACHABLE;
          case PEER_TIMEOUT -> Reason.PEER_TIMEOUT;
          default -> Reason.REFUSED;
        };
    return new DeliveryException(reason, "node " + node + " answered " + code);
  }

  /** A fragment that got no answer: the node is unreachable, unless we were closed meanwhile. */
  static DeliveryException of(InetSocketAddress node, RequestFailure failure) {
    return switch (failure) {
      case CLOSED -> new DeliveryException(Reason.CLOSED, "the client was closed");
      case TIMEOUT ->
          new DeliveryException(Reason.PEER_UNREACHABLE, "node " + node + " did not answer");
      case REFUSED ->
          new DeliveryException(
              Reason.PEER_UNREACHABLE, "node " + node + " refused to prove our address");
      case OVERLOADED ->
          new DeliveryException(
              Reason.PEER_UNREACHABLE, "too many requests in flight to reach node " + node);
    };
  }

  static DeliveryException unreachable(LocationRecord record) {
    return new DeliveryException(
        Reason.PEER_UNREACHABLE,
        "none of the peer's " + record.nodes().size() + " nodes reached it");
  }
}
