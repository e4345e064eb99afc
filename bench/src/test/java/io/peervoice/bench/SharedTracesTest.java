package io.peervoice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.jitter.JitterBufferConfig;
import io.peervoice.media.playout.PacketTrace;
import io.peervoice.media.playout.TraceReplay;
import io.peervoice.media.playout.TraceReplayResult;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The jitter-buffer targets on every packet trace in {@code ../shared/traces} (beside the
 * repository): late loss at most 2%, and a mean playout delay no higher than the best fixed delay
 * chosen in hindsight with the same late loss, plus one frame. The replay is a deterministic
 * simulation: these are not wall-clock measurements.
 */
class SharedTracesTest {

  static List<Path> traces() throws IOException {
    Path dir = Path.of("").toAbsolutePath().getParent().getParent().resolve("shared/traces");
    if (!Files.isDirectory(dir)) {
      return List.of(Path.of("(no ../shared/traces)"));
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("traces")
  void meetsTheDelayAndLateLossTargets(Path trace) throws IOException {
    assumeTrue(Files.isRegularFile(trace), "no shared traces beside the repository");
    PacketTrace packets;
    try (Reader in = Files.newBufferedReader(trace)) {
      packets = PacketTrace.read(in);
    }
    TraceReplayResult r =
        TraceReplay.run(packets, SpeechSample.load(), JitterBufferConfig.opusDefaults());
    assertThat(r.lateLossPercent()).isLessThanOrEqualTo(2);
    assertThat(r.meanPlayoutDelayMillis())
        .isLessThanOrEqualTo(r.fixedDelayAtSameLateLossMillis() + 20);
    if (trace.getFileName().toString().startsWith("lan")) {
      assertThat(r.meanBufferDelayMillis()).isLessThanOrEqualTo(20);
    }
  }
}
