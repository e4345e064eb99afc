package io.peervoice.nat;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Gates tests that need something from the machine (coturn, an IPv4 interface): on a developer
 * machine a missing piece skips the test with the reason; in CI ({@code CI} set, as {@code .ci/run}
 * runs, having installed everything) it fails the test, so CI never passes by skipping.
 */
final class CiGate {
  private CiGate() {}

  /** True when running in CI: the {@code CI} environment variable is set and not "false". */
  static boolean inCi() {
    String ci = System.getenv("CI");
    return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
  }

  /** Skips (developer machine) or fails (CI) the calling test unless {@code ok}. */
  static void require(boolean ok, String reason) {
    if (ok) {
      return;
    }
    if (inCi()) {
      fail(reason + " (CI=" + System.getenv("CI") + ": .ci/run must provide it; not skipping)");
    }
    assumeTrue(false, reason);
  }
}
