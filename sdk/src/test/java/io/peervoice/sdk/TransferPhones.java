package io.peervoice.sdk;

import static org.awaitility.Awaitility.await;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.TransferPolicy;
import io.peervoice.signaling.call.TransferResult;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * S5 xfer: what the transfer tests share: silent phones on a {@link PhoneLab} with a transfer
 * policy, whose listeners record the calls that ring, the transfer requests they hear and, for a
 * transferor, each transfer outcome in order.
 */
final class TransferPhones implements AutoCloseable {
  private final SecureRandom random = new SecureRandom();
  final PhoneLab lab = new PhoneLab();

  /** Incoming calls that rang at each phone, newest last. */
  final Map<PeerId, List<Call>> incoming = new ConcurrentHashMap<>();

  /** Every call each phone made or took, as its listener was made, newest last. */
  final Map<PeerId, List<Call>> made = new ConcurrentHashMap<>();

  /** The transfers each phone asked for, as its listeners heard them go, in order. */
  final Map<PeerId, List<TransferResult>> outcomes = new ConcurrentHashMap<>();

  /** {@code transferee->target:accepted} for each transfer request a transferee heard. */
  final List<String> requests = new CopyOnWriteArrayList<>();

  TransferPhones() throws Exception {}

  /** A phone that answers every incoming call as it rings. */
  Phone phone(TransferPolicy policy) throws Exception {
    return phone(policy, true);
  }

  /** A phone that answers every incoming call as it rings if {@code answers}, else none. */
  Phone phone(TransferPolicy policy, boolean answers) throws Exception {
    Identity id = Identity.generate(random);
    PeerId me = id.peerId();
    incoming.put(me, new CopyOnWriteArrayList<>());
    made.put(me, new CopyOnWriteArrayList<>());
    outcomes.put(me, new CopyOnWriteArrayList<>());
    return lab.phone(
        id,
        b ->
            b.audioSource(call -> AudioSource.silence())
                .audioSink(call -> (AudioSink) frame -> {})
                .transfers(policy)
                .listeners(
                    call -> {
                      made.get(me).add(call);
                      return new CallListener() {
                        @Override
                        public void onRinging(Call c) {
                          if (c.direction() == CallDirection.INCOMING) {
                            incoming.get(me).add(c); // maybe answered already (a replacing call)
                            if (answers && c.state() == CallState.RINGING) {
                              c.answer();
                            }
                          }
                        }

                        @Override
                        public void onTransferRequested(
                            Call c, PeerId target, CallListener.TransferDecision decision) {
                          requests.add(me + "->" + target + ":" + decision);
                        }

                        @Override
                        public void onTransferOutcome(Call c, TransferResult result) {
                          outcomes.get(me).add(result);
                        }
                      };
                    }));
  }

  /** A call from {@code from} to {@code to}, once its audio plays (the callee must answer). */
  static Call answered(Phone from, Phone to) throws Exception {
    Call c = from.call(to.id());
    c.mediaStarted().get(20, TimeUnit.SECONDS);
    return c;
  }

  /** The first incoming call from {@code peer} that rang at {@code phone}. */
  Call rang(Phone phone, PeerId peer) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                incoming.get(phone.id()).stream()
                    .filter(c -> c.peer().equals(peer))
                    .findFirst()
                    .orElse(null),
            c -> c != null);
  }

  /** The newest call of {@code phone} with {@code peer}, once active. */
  static Call activeWith(Phone phone, PeerId peer) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                phone.calls().stream()
                    .filter(c -> c.peer().equals(peer) && c.state() == CallState.ACTIVE)
                    .findFirst()
                    .orElse(null),
            c -> c != null);
  }

  @Override
  public void close() throws Exception {
    lab.close();
  }
}
