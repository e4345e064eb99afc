package io.peervoice.demo;

import io.peervoice.sdk.Call;
import io.peervoice.sdk.CallListener.TransferDecision;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.TransferOutcome;
import io.peervoice.signaling.call.TransferPolicy;
import io.peervoice.signaling.call.TransferResult;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * S5 xfer: the command line's transfers ({@code docs/transfer.md}): {@code call --transfer} (blind,
 * once answered), {@code --allow-transfer} (which requests this phone honours), and the {@code
 * transfer} part of a {@code --json} report: {@code target}, {@code outcome}, {@code reason},
 * {@code ms}. Field names are a stable contract: add, never rename.
 */
final class TransferCli {
  private TransferCli() {}

  /** {@code never|contacts|always}. */
  static final class Policy implements ITypeConverter<TransferPolicy> {
    @Override
    public TransferPolicy convert(String value) {
      try {
        return TransferPolicy.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + CliErrors.oneLine(value) + "' is not a policy; use never, contacts or always");
      }
    }
  }

  /** A PeerId for {@code --transfer}. */
  static final class Target implements ITypeConverter<PeerId> {
    @Override
    public PeerId convert(String value) {
      try {
        return PeerId.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + CliErrors.oneLine(value) + "' is not a PeerId: " + e.getMessage());
      }
    }
  }

  /**
   * Transfers the answered {@code call} blindly to {@code target}, prints the outcome and returns
   * it; a transferee that never answers counts as failed (the SDK gives up on its own timer).
   */
  static TransferResult transfer(Call call, PeerId target, PrintWriter out) throws Exception {
    out.println("transferring to " + target + " ...");
    out.flush();
    TransferResult r = call.transfer(target).get(60, TimeUnit.SECONDS);
    out.println(line(r));
    out.flush();
    return r;
  }

  static String line(TransferResult r) {
    String outcome = r.outcome().name().toLowerCase(Locale.ROOT);
    return r.outcome().completed()
        ? String.format("transfer to %s: %s (%d ms)", r.target(), outcome, r.millis())
        : String.format(
            "transfer to %s: %s (%s, %d ms)",
            r.target(), outcome, r.reason().name().toLowerCase(Locale.ROOT), r.millis());
  }

  /** The {@code transfer} part of the report. */
  static Map<String, Object> json(TransferResult r) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("target", r.target().toString());
    t.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
    t.put("reason", r.reason().name().toLowerCase(Locale.ROOT));
    t.put("ms", r.millis());
    return t;
  }

  /**
   * The {@code transfer} part of a transferee's report: whom it was asked to call, whether, and
   * (S12) why not: {@code reason} {@code not_allowed}, {@code busy} or {@code invalid_target}, only
   * when refused.
   */
  static Map<String, Object> requested(PeerId target, TransferDecision decision) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("target", target.toString());
    t.put("outcome", decision.accepted() ? "accepted" : "refused");
    if (!decision.accepted()) {
      t.put("reason", decision.name().toLowerCase(Locale.ROOT));
    }
    return t;
  }

  /** What {@code listen} prints of its answer to a transfer request, after "asked by PEER: ". */
  static String answer(TransferDecision decision) {
    return switch (decision) {
      case ACCEPTED -> "calling it";
      case NOT_ALLOWED -> "refused (--allow-transfer)";
      case BUSY -> "refused (a transfer of this call is already under way)";
      case INVALID_TARGET -> "refused (the target is this phone or the caller)";
    };
  }

  /** Whether the transfer failed the command (refused or failed: exit 5, as not answered). */
  static boolean failed(TransferResult r) {
    return r != null && r.outcome() != TransferOutcome.ACCEPTED && !r.outcome().completed();
  }
}
