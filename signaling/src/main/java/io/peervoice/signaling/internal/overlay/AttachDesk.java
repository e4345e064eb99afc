package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.PublicIdentity;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.overlay.RecordDesk.Outcome;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import java.net.InetSocketAddress;

/**
 * Checks an ATTACH, cheapest first: the cookie must be ours, fresh and for the address it comes
 * from (so a captured ATTACH is refused from anywhere else), then the timestamp and node id, then,
 * within the {@link SignatureBudget}, the peer's v2 or v3 signature ({@link AttachProof}, v3 also
 * covering the device id); finally the table's bound, the per-IP quota and the bound on devices per
 * identity. An accepted ATTACH is answered OK with the number of the identity's devices now
 * attached here, so a second process of one identity learns of the first. Single-threaded.
 */
final class AttachDesk {
  private final PeerId self;
  private final NodeSettings settings;
  private final Env env;
  private final NodeCounters counters;
  private final Attachments attachments;
  private final SignatureBudget signatures;
  private final SourceGate gate;

  AttachDesk(
      PeerId self,
      NodeSettings settings,
      Env env,
      NodeCounters counters,
      Attachments attachments,
      SignatureBudget signatures,
      SourceGate gate) {
    this.self = self;
    this.settings = settings;
    this.env = env;
    this.counters = counters;
    this.attachments = attachments;
    this.signatures = signatures;
    this.gate = gate;
  }

  Outcome attach(InetSocketAddress from, Msg.Attach m) {
    if (!gate.cookieValid(m.cookie(), from)) {
      counters.add(Event.BAD_COOKIE);
      return refused(StatusCode.BAD_ATTACH);
    }
    boolean fresh = Math.abs(env.wallMillis() - m.timestampMillis()) <= settings.attachSkewMillis();
    if (!fresh || !new PeerId(m.node()).equals(self)) {
      return refused(StatusCode.BAD_ATTACH);
    }
    if (!signatures.take(from, env.nowMillis())) {
      counters.add(Event.SIGNATURE_LIMITED);
      return new Outcome(StatusCode.RATE_LIMITED, 0);
    }
    PublicIdentity peer = new PublicIdentity(m.signingKey(), m.agreementKey());
    if (!AttachProof.valid(
        peer, self, m.cookie(), m.timestampMillis(), m.device(), m.signature())) {
      return refused(StatusCode.BAD_ATTACH);
    }
    long device = AttachProof.device(m.device());
    PeerId id = peer.peerId();
    return switch (attachments.attach(id, device, from, env.nowMillis())) {
      case FULL -> Outcome.full(counters);
      case QUOTA -> Outcome.overQuota(counters);
      case ATTACHED -> {
        counters.add(Event.ATTACH);
        yield new Outcome(StatusCode.OK, attachments.deviceCount(id));
      }
    };
  }

  private Outcome refused(StatusCode code) {
    counters.add(Event.ATTACH_REJECTED);
    return new Outcome(code, 0);
  }
}
