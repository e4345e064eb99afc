package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong libopus in {@code -Dpeervoice.opus.library} (or {@code PEERVOICE_OPUS_LIBRARY}, read the
 * same way) stops any command at start with one line and exit code 2, in a real process: the
 * setting is read once per process.
 */
class OpusLibrarySettingTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aMissingFileIsOneLineAndExitCode2() throws Exception {
    try (CliProcess p =
        CliProcess.start(
            List.of("-Dpeervoice.opus.library=/nonexistent/libopus.so.0"), List.of("doctor"))) {
      assertThat(p.exitCode(WAIT)).isEqualTo(2);
      assertThat(p.texts())
          .containsExactly(
              "peervoice: -Dpeervoice.opus.library: libopus file /nonexistent/libopus.so.0 does"
                  + " not exist or is not readable; give the path of a libopus.so.0"
                  + " (media/tools/fetch-libopus.sh installs one in the PeerVoice library"
                  + " directory) or auto, system or bundled");
    }
  }

  @Test
  void aFileThatIsNotALibraryIsOneLineAndExitCode2(@TempDir Path dir) throws Exception {
    Path junk = Files.writeString(dir.resolve("libopus.so.0"), "not a library\n");
    try (CliProcess p =
        CliProcess.start(List.of("-Dpeervoice.opus.library=" + junk), List.of("doctor"))) {
      assertThat(p.exitCode(WAIT)).isEqualTo(2);
      assertThat(p.texts()).hasSize(1);
      assertThat(p.texts().get(0))
          .startsWith("peervoice: -Dpeervoice.opus.library: " + junk + " is not a loadable libopus")
          .contains("not an ELF shared library");
    }
  }

  @Test
  void aWordIsNotAFileAndBundledIsNamedByDoctor() throws Exception {
    try (CliProcess p =
        CliProcess.start(List.of("-Dpeervoice.opus.library=BUNDLED"), List.of("doctor"))) {
      p.await(l -> l.startsWith("Native: "), WAIT);
      assertThat(p.texts())
          .anySatisfy(
              l -> assertThat(l).contains("libopus 1.1.2 from the opus-java jar (bundled)"));
    }
  }
}
