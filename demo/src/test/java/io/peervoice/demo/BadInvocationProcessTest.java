package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few rows of {@link BadInvocationTest} through a real {@code peervoice} process: exactly one
 * line on stderr (no stack trace, no log line), the exit code, and the time beyond the JVM's own
 * start-up (measured here with {@code --version}).
 */
class BadInvocationProcessTest {

  @Test
  void aRealProcessPrintsOneLineAndNoStackTrace(@TempDir Path dir) throws Exception {
    BadInvocationTest.CliFiles f = BadInvocationTest.CliFiles.create(dir);
    Duration jvm = CliRun.run("--version").took();
    try (DatagramSocket silent =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      List<BadInvocationTest.Row> rows =
          List.of(
              new BadInvocationTest.Row(
                  "missing --id-file",
                  2,
                  "no such file",
                  "call",
                  f.bob(),
                  "--id-file",
                  f.path("nosuch.id"),
                  "--bootstrap",
                  f.refused()),
              new BadInvocationTest.Row(
                  "binary --id-file",
                  2,
                  "not UTF-8 text",
                  "listen",
                  "--id-file",
                  f.binaryId(),
                  "--bootstrap",
                  f.refused()),
              new BadInvocationTest.Row(
                  "--dtmf XYZ",
                  2,
                  "not a DTMF digit",
                  "call",
                  f.bob(),
                  "--id-file",
                  f.alice(),
                  "--bootstrap",
                  f.refused(),
                  "--dtmf",
                  "XYZ"),
              new BadInvocationTest.Row(
                  "--json in a missing directory",
                  2,
                  "does not exist",
                  "call",
                  f.bob(),
                  "--id-file",
                  f.alice(),
                  "--bootstrap",
                  f.refused(),
                  "--json",
                  f.path("nodir/x.json")),
              new BadInvocationTest.Row(
                  "listen --speaker without a device",
                  8,
                  "--speaker",
                  Duration.ofSeconds(2),
                  BadInvocationTest.Needs.NO_PLAYBACK_DEVICE,
                  "listen",
                  "--id-file",
                  f.alice(),
                  "--bootstrap",
                  f.refused(),
                  "--speaker"),
              new BadInvocationTest.Row(
                  "unknown option", 2, "Unknown option: '--frob'", "node", "--frob"),
              new BadInvocationTest.Row(
                  "dead bootstrap",
                  3,
                  "no rendezvous node answered",
                  Duration.ofSeconds(5),
                  BadInvocationTest.Needs.NOTHING,
                  "listen",
                  "--id-file",
                  f.alice(),
                  "--bootstrap",
                  "127.0.0.1:" + silent.getLocalPort()));
      for (BadInvocationTest.Row row : rows) {
        if (row.needs() != BadInvocationTest.Needs.NOTHING
            && !BadInvocationTest.machineLacks(row.needs())) {
          continue;
        }
        CliRun.Result r = CliRun.run(row.args());
        assertThat(r.errLines())
            .as("%s: stderr (jar: %s)", row.what(), CliRun.usesJar())
            .hasSize(1);
        assertThat(r.err()).as(row.what()).contains(row.says()).doesNotContain("\tat ");
        assertThat(r.exit()).as("%s: %s", row.what(), r.err()).isEqualTo(row.exit());
        assertThat(r.took().minus(jvm))
            .as("%s: time beyond the JVM's start-up (%s)", row.what(), jvm)
            .isLessThanOrEqualTo(row.within());
      }
    }
  }
}
