package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireCodec;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A node's ROUTE: pushes each fragment as a DELIVER down every attachment of its target, one per
 * device of the identity (at most {@link Attachments#DEVICES_PER_PEER}), each an acknowledged
 * request bounded by the node's pending table. Single-threaded.
 */
final class Router {
  private final NodeSettings settings;
  private final Env env;
  private final NodeCounters counters;
  private final WireCodec codec;
  private final Attachments attachments;
  private final OverlayRequests requests;

  Router(
      NodeSettings settings,
      Env env,
      NodeCounters counters,
      WireCodec codec,
      Attachments attachments,
      OverlayRequests requests) {
    this.settings = settings;
    this.env = env;
    this.counters = counters;
    this.codec = codec;
    this.attachments = attachments;
    this.requests = requests;
  }

  // S7 webroute: what Forwarder shares with the router
  NodeSettings settings() {
    return settings;
  }

  Env env() {
    return env;
  }

  NodeCounters counters() {
    return counters;
  }

  WireCodec codec() {
    return codec;
  }

  Attachments attachments() {
    return attachments;
  }

  private void reply(InetSocketAddress to, Msg msg) {
    env.send(to, codec.encode(msg));
  }

  private void fail(InetSocketAddress to, long tx, StatusCode code) {
    reply(to, new Msg.Status(tx, code.wire(), 0));
  }

  /**
   * Pushes a routed fragment to every attached device of its target (one identity may be attached
   * from several processes); answers OK once one device acknowledged it, else the last failure.
   */
  void route(InetSocketAddress from, Msg.Route m) {
    List<Attachments.Attached> targets = attachments.devices(new PeerId(m.target()));
    if (targets.isEmpty()) {
      counters.add(Event.DELIVERY_FAILED);
      fail(from, m.tx(), StatusCode.NOT_ATTACHED);
      return;
    }
    boolean[] answered = {false};
    int[] left = {0};
    for (Attachments.Attached target : targets) {
      left[0]++;
      boolean pushed =
          requests.send(
              target.address(),
              settings.pushTimeoutMillis(),
              pushTx ->
                  new Msg.Deliver(pushTx, m.messageId(), m.fragment(), m.fragments(), m.payload()),
              ack -> {
                left[0]--;
                if (!answered[0]) {
                  answered[0] = true;
                  counters.add(Event.DELIVERED);
                  reply(from, new Msg.Status(m.tx(), StatusCode.OK.wire(), 0));
                }
              },
              failure -> {
                if (failure == RequestFailure.TIMEOUT && --left[0] == 0 && !answered[0]) {
                  answered[0] = true;
                  counters.add(Event.DELIVERY_FAILED);
                  fail(from, m.tx(), StatusCode.PEER_TIMEOUT);
                }
              });
      if (pushed) {
        counters.add(Event.ROUTED);
      } else {
        left[0]--;
      }
    }
    if (left[0] == 0 && !answered[0]) {
      counters.add(Event.OVERLOADED);
      fail(from, m.tx(), StatusCode.OVERLOADED);
    }
  }
}
