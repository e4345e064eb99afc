package io.peervoice.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.codec.internal.OpusLibraryResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Loads a libopus of 1.4 or newer from a file path, in a fresh JVM (a native library is loaded once
 * per process), and codes speech-like audio at complexity 10 with it. Skipped unless such a library
 * is installed: {@code media/tools/fetch-libopus.sh} puts Debian trixie's 1.5.2 in the PeerVoice
 * library directory ({@code $PEERVOICE_HOME/lib} or {@code ~/.local/share/peervoice/lib}).
 */
class OpusLibraryFileTest {

  @Test
  void aNewerLibopusLoadsFromAPathAndCodes() throws Exception {
    Path library = newLibrary().orElse(null);
    Assumptions.assumeTrue(
        library != null,
        "no libopus >= 1.4 in "
            + OpusCodec.libraryDirectory()
            + " or the system's: run media/tools/fetch-libopus.sh");
    String version = OpusCodec.checkLibraryFile(library);

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-D" + OpusLibraryRequest.PROPERTY + "=" + library);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(OpusLibraryFileProbe.class.getName());
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try {
      output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("version=" + version)
        .contains("origin=" + library + " (given file)")
        .containsPattern("correlation=0\\.[5-9]");
  }

  private static Optional<Path> newLibrary() throws IOException {
    List<Path> candidates = new ArrayList<>();
    candidates.add(OpusCodec.libraryDirectory().resolve(OpusLibraryResolver.LIBRARY_FILE));
    candidates.addAll(OpusLibraryResolver.SYSTEM_CANDIDATES);
    try (Stream<Path> s = candidates.stream()) {
      return s.filter(Files::isReadable)
          .filter(
              p -> {
                try {
                  return OpusLibraryResolver.compare(OpusCodec.checkLibraryFile(p), "libopus 1.4")
                      >= 0;
                } catch (CodecException e) {
                  return false;
                }
              })
          .findFirst();
    }
  }
}
