package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peervoice bench abuse} against real node and listener processes, with smaller floods than
 * the benchmark's defaults: what an unproven source gets back, a many-port flood from one IP, the
 * signature budget, and a stranger's invite flood against a phone.
 */
class AbuseBenchCommandTest {
  private final Cli cli = new Cli();

  @Test
  void aNodeAndAPhoneGiveAttackersNothingWorthHaving(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("abuse.json");

    int exit =
        cli.run("bench", "abuse", "--flood", "3000", "--pings", "3000", "--json", json.toString());

    assertThat(exit).as(cli.err.toString()).isZero();
    JsonNode r = new ObjectMapper().readTree(json.toFile());

    JsonNode amp = r.get("amplification");
    assertThat(amp.get("rows")).hasSize(13); // HOLD (S6 missed) is probed too
    for (JsonNode row : amp.get("rows")) {
      String request = row.get("request").asText();
      long in = row.get("bytes_in").asLong();
      long outBytes = row.get("bytes_out").asLong();
      assertThat(outBytes)
          .as(request + " answered to an unproven source")
          .isLessThanOrEqualTo(request.startsWith("stun") ? 2 * in : in);
    }
    assertThat(amp.get("max_overlay_ratio").asDouble()).isLessThanOrEqualTo(1.0);
    assertThat(amp.get("stun_ratio").asDouble()).isBetween(1.0, 2.0);

    JsonNode flood = r.get("port_flood");
    long one = flood.get("replies_one_port").asLong();
    long many = flood.get("replies_many_ports").asLong();
    assertThat(one).as("the limit lets a burst through, not the flood").isBetween(500L, 2_500L);
    assertThat(many).as("20 ports of one IP get what one port gets").isLessThanOrEqualTo(one + 50);

    for (String run : new String[] {"signature_flood_cold", "signature_flood"}) {
      JsonNode sig = r.get(run);
      assertThat(sig.get("signed").asLong())
          .as(run + ": signatures stay within the per-IP budget (burst 40, 20/s)")
          .isLessThanOrEqualTo(40 + (long) Math.ceil(20 * (sig.get("seconds").asDouble() + 1)));
      assertThat(sig.get("probes_answered").asLong()).isPositive();
    }

    JsonNode phone = r.get("phone_flood");
    assertThat(phone.get("invites").asInt()).isEqualTo(50);
    // listen without a terminal declines each call at once, so what rings is bounded by the
    // stranger's own invite budget (a burst of 5), not by the 2 calls it may have ringing at once
    assertThat(phone.get("ringing").asLong())
        .isBetween(
            1L,
            (long) io.peervoice.signaling.call.IncomingLimits.defaults().callerRate().invites());
    assertThat(phone.get("datagrams_to_invite_addresses").asLong()).isZero();
    assertThat(phone.get("max_threads").asInt() - phone.get("idle_threads").asInt())
        .isLessThanOrEqualTo(4);
    assertThat(phone.get("max_sockets").asInt() - phone.get("idle_sockets").asInt())
        .isLessThanOrEqualTo(4);
    assertThat(phone.get("contact_rang").asInt()).isEqualTo(phone.get("contact_calls").asInt());
  }
}
