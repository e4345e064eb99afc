package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.sdk.CallListener.TransferDecision;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.call.TransferOutcome;
import io.peervoice.signaling.call.TransferResult;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, {@code --json transfer.*} (a stable contract, {@code docs/transfer.md}): the
 * transferor's {@code transfer} object is exactly {@code target} (the PeerId), {@code outcome} and
 * {@code reason} (lower-case names; {@code transferred} once it went through) and {@code ms} (an
 * integer), whatever the outcome; the transferee's is exactly {@code target} and {@code outcome}
 * ({@code accepted}/{@code refused}). The objects go through Jackson as {@link PhoneReport} writes
 * them. Also the transferor's printed line and which outcomes fail the command (exit 5).
 */
class TransferCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PeerId carol = Identity.generate(new SecureRandom()).peerId();

  /** The object as it reads back from the report's JSON text. */
  private static JsonNode written(Map<String, Object> transfer) throws Exception {
    return JSON.readTree(JSON.writeValueAsString(Map.of("transfer", transfer))).get("transfer");
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private void assertTransferor(
      TransferResult r, String outcome, String reason, long ms, boolean fails) throws Exception {
    JsonNode t = written(TransferCli.json(r));
    assertThat(fields(t)).as("%s", t).containsExactly("target", "outcome", "reason", "ms");
    assertThat(t.get("target").isTextual()).isTrue();
    assertThat(PeerId.parse(t.get("target").asText())).isEqualTo(carol);
    assertThat(t.get("outcome").isTextual()).isTrue();
    assertThat(t.get("outcome").asText()).isEqualTo(outcome);
    assertThat(t.get("reason").isTextual()).isTrue();
    assertThat(t.get("reason").asText()).isEqualTo(reason);
    assertThat(t.get("ms").isIntegralNumber()).as("ms: %s", t.get("ms")).isTrue();
    assertThat(t.get("ms").asLong()).isEqualTo(ms);
    assertThat(TransferCli.failed(r)).as("exit 5 for %s", outcome).isEqualTo(fails);
  }

  @Test
  void theTransferorsObjectHasTargetOutcomeReasonAndMsForEveryOutcome() throws Exception {
    assertTransferor(
        new TransferResult(carol, TransferOutcome.RINGING, EndReason.TRANSFERRED, 533),
        "ringing",
        "transferred",
        533,
        false);
    assertTransferor(
        new TransferResult(carol, TransferOutcome.ANSWERED, EndReason.TRANSFERRED, 35),
        "answered",
        "transferred",
        35,
        false);
    assertTransferor(
        new TransferResult(carol, TransferOutcome.REFUSED, EndReason.REJECTED, 7),
        "refused",
        "rejected",
        7,
        true);
    assertTransferor(
        new TransferResult(carol, TransferOutcome.REFUSED, EndReason.BUSY, 0),
        "refused",
        "busy",
        0,
        true);
    assertTransferor(
        new TransferResult(carol, TransferOutcome.FAILED, EndReason.UNREACHABLE, 25_004),
        "failed",
        "unreachable",
        25_004,
        true);
    assertTransferor(
        new TransferResult(carol, TransferOutcome.FAILED, EndReason.NO_ANSWER, 30_000),
        "failed",
        "no_answer",
        30_000,
        true);
    assertThat(TransferCli.failed(null)).as("no --transfer: not failed").isFalse();
  }

  @Test
  void everyOutcomeIsWrittenAsItsDocumentedLowerCaseName() throws Exception {
    List<String> names = new ArrayList<>();
    for (TransferOutcome o : TransferOutcome.values()) {
      names.add(
          written(TransferCli.json(new TransferResult(carol, o, EndReason.TRANSFERRED, 1)))
              .get("outcome")
              .asText());
    }
    assertThat(names).containsExactly("accepted", "ringing", "answered", "refused", "failed");
  }

  @Test
  void theTransfereesObjectHasTargetOutcomeAndTheReasonOfARefusal() throws Exception {
    JsonNode accepted = written(TransferCli.requested(carol, TransferDecision.ACCEPTED));
    assertThat(fields(accepted)).as("%s", accepted).containsExactly("target", "outcome");
    assertThat(accepted.get("target").isTextual()).isTrue();
    assertThat(accepted.get("target").asText()).isEqualTo(carol.toString());
    assertThat(accepted.get("outcome").asText()).isEqualTo("accepted");
    Map<TransferDecision, String> reasons = new java.util.EnumMap<>(TransferDecision.class);
    reasons.put(TransferDecision.NOT_ALLOWED, "not_allowed");
    reasons.put(TransferDecision.BUSY, "busy");
    reasons.put(TransferDecision.INVALID_TARGET, "invalid_target");
    for (Map.Entry<TransferDecision, String> e : reasons.entrySet()) {
      JsonNode t = written(TransferCli.requested(carol, e.getKey()));
      assertThat(fields(t)).as("%s", t).containsExactly("target", "outcome", "reason");
      assertThat(t.get("outcome").asText()).isEqualTo("refused");
      assertThat(t.get("reason").asText()).isEqualTo(e.getValue());
    }
    assertThat(reasons).hasSize(TransferDecision.values().length - 1);
  }

  @Test
  void theTransfereePrintsWhyItRefused() {
    assertThat(TransferCli.answer(TransferDecision.ACCEPTED)).isEqualTo("calling it");
    assertThat(TransferCli.answer(TransferDecision.NOT_ALLOWED))
        .isEqualTo("refused (--allow-transfer)");
    assertThat(TransferCli.answer(TransferDecision.BUSY))
        .isEqualTo("refused (a transfer of this call is already under way)");
    assertThat(TransferCli.answer(TransferDecision.INVALID_TARGET))
        .isEqualTo("refused (the target is this phone or the caller)");
  }

  @Test
  void theTransferorPrintsTheOutcomeAndTheReasonOfARefusalOrFailure() {
    assertThat(
            TransferCli.line(
                new TransferResult(carol, TransferOutcome.RINGING, EndReason.TRANSFERRED, 533)))
        .isEqualTo("transfer to " + carol + ": ringing (533 ms)");
    assertThat(
            TransferCli.line(
                new TransferResult(carol, TransferOutcome.REFUSED, EndReason.REJECTED, 7)))
        .isEqualTo("transfer to " + carol + ": refused (rejected, 7 ms)");
    assertThat(
            TransferCli.line(
                new TransferResult(carol, TransferOutcome.FAILED, EndReason.NO_ANSWER, 30_000)))
        .isEqualTo("transfer to " + carol + ": failed (no_answer, 30000 ms)");
  }
}
