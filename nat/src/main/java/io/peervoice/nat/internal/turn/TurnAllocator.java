package io.peervoice.nat.internal.turn;

import io.peervoice.nat.internal.stun.DecodedStun;
import io.peervoice.nat.internal.stun.StunAttribute;
import io.peervoice.nat.internal.stun.StunAttributes;
import io.peervoice.nat.internal.stun.StunClass;
import io.peervoice.nat.internal.stun.StunFormatException;
import io.peervoice.nat.internal.stun.StunMessage;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Allocate transaction of a TURN client (RFC 8656 <a
 * href="https://www.rfc-editor.org/rfc/rfc8656#section-7.1">§7.1</a>-<a
 * href="https://www.rfc-editor.org/rfc/rfc8656#section-7.3">7.3</a>) with the long-term credential
 * dance (RFC 8489 <a href="https://www.rfc-editor.org/rfc/rfc8489#section-9.2.4">§9.2.4</a>): a
 * first request without credentials, the 401's REALM and NONCE, the request again with USERNAME,
 * REALM, NONCE and MESSAGE-INTEGRITY; a 438 (stale nonce) retried with the new nonce; a 401 to the
 * authenticated request is the clear reason "TURN server rejected the credentials". Confined to the
 * client's lock.
 */
final class TurnAllocator {
  /** Told of a granted allocation. */
  @FunctionalInterface
  interface Allocated {
    void allocated(InetSocketAddress relayed, InetSocketAddress mapped, long lifetimeSeconds);
  }

  private final TurnTransport transport;
  private final TurnClientSettings settings;
  private final Supplier<String> server;
  private final Allocated done;
  private final Consumer<TurnException> failed;

  TurnAllocator(
      TurnTransport transport,
      TurnClientSettings settings,
      Supplier<String> server,
      Allocated done,
      Consumer<TurnException> failed) {
    this.transport = transport;
    this.settings = settings;
    this.server = server;
    this.done = done;
    this.failed = failed;
  }

  /** Sends the Allocate (unauthenticated first; after a 401 with the credentials). */
  void send(int staleRetries) {
    List<StunAttribute> attributes =
        List.of(
            TurnAttributes.requestedTransportUdp(),
            TurnAttributes.lifetime(settings.lifetime().toSeconds()));
    java.util.function.Function<byte[], List<StunAttribute>> build = tid -> attributes;
    boolean authenticated = transport.authenticating();
    boolean sent =
        transport.request(
            StunMessage.ALLOCATE,
            build,
            new TurnRequests.Outcome() {
              @Override
              public void response(DecodedStun r) {
                answered(r, authenticated, staleRetries);
              }

              @Override
              public void noResponse(String why) {
                failed.accept(
                    new TurnException(
                        "TURN server " + server.get() + " gave no Allocate answer: " + why));
              }
            });
    if (!sent) {
      failed.accept(new TurnException("could not send the Allocate to " + server.get()));
    }
  }

  private void answered(DecodedStun r, boolean authenticated, int staleRetries) {
    StunMessage m = r.message();
    try {
      if (m.messageClass() == StunClass.SUCCESS_RESPONSE) {
        StunAttribute relayed = m.first(StunAttributes.XOR_RELAYED_ADDRESS);
        if (relayed == null) {
          failed.accept(new TurnException("TURN server's Allocate answer had no relayed address"));
          return;
        }
        StunAttribute mapped = m.first(StunAttributes.XOR_MAPPED_ADDRESS);
        done.allocated(
            StunAttributes.readXorAddress(relayed, m.transactionId()),
            mapped == null ? null : StunAttributes.readXorAddress(mapped, m.transactionId()),
            TurnAttributes.readLifetime(m.first(StunAttributes.LIFETIME), 600));
        return;
      }
      int code = TurnTransport.errorCode(m);
      if (code == 401 && !authenticated) {
        if (!transport.rechallenge(r)) {
          failed.accept(
              new TurnException("TURN server's 401 carried no usable REALM and NONCE", 401, null));
          return;
        }
        send(staleRetries);
      } else if (code == 438
          && staleRetries < TurnClient.STALE_NONCE_RETRIES
          && transport.rechallenge(r)) {
        send(staleRetries + 1);
      } else if (code == 401) {
        failed.accept(
            new TurnException(
                "TURN server rejected the credentials (401 Unauthorized) for user '"
                    + settings.server().username()
                    + "' on "
                    + server.get(),
                401,
                null));
      } else {
        failed.accept(
            new TurnException(
                "TURN server "
                    + server.get()
                    + " refused the allocation: "
                    + code
                    + " "
                    + TurnTransport.reason(m),
                code,
                null));
      }
    } catch (StunFormatException e) {
      failed.accept(
          new TurnException("TURN server's Allocate answer was malformed: " + e.getMessage()));
    }
  }
}
