package io.peervoice.demo;

import io.peervoice.media.audio.EnvelopeSimilarity;
import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.audio.WavFile;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.codec.OpusLibraryRequest;
import io.peervoice.media.impair.ImpairmentSpec;
import io.peervoice.session.CallFailedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code peervoice demo}: a real call through an embedded overlay, all in this process. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "A call between two phones through three rendezvous nodes, all in this process.",
      "ICE runs while it rings, SRTP keys are agreed end to end, audio is Opus. The caller",
      "plays a bundled speech sample; the callee writes what it heard to a WAV file.",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice demo",
      "  peervoice demo --seconds 3 --out speech.wav --json report.json",
      "  peervoice demo --impair loss=10,burst=3,jitter=40,delay=80,seed=7"
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--seconds",
      paramLabel = "N",
      description = "How long the caller talks (default: the length of the speech sample, ~6 s).")
  Double seconds;

  @Option(
      names = "--out",
      paramLabel = "FILE.wav",
      defaultValue = "peervoice-demo.wav",
      description = "Where to write what the callee heard (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the call report as JSON.")
  Path json;

  @Option(
      names = "--opus-lib",
      paramLabel = "auto|system|bundled|PATH",
      converter = OpusLibraryConverter.class,
      description = {
        "libopus to use: the newest of the PeerVoice library directory's, the system's and the",
        "bundled 1.1.2 (auto, the default unless PEERVOICE_OPUS_LIBRARY says), or force one."
      })
  OpusLibraryRequest opusLibrary;

  @Option(
      names = "--impair",
      paramLabel = "SPEC",
      description = {
        "Simulate a bad network (each direction, independently seeded the same), e.g.",
        "loss=10,burst=3,jitter=40,delay=80,reorder=1,dup=1,seed=7 (percent, packets, ms)."
      })
  String impair;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    if (seconds != null && (seconds <= 0 || seconds > 3600)) {
      stderr.println("peervoice demo: --seconds must be between 0 and 3600, got " + seconds);
      return 2;
    }
    ImpairmentSpec impairment;
    try {
      impairment = impair == null ? ImpairmentSpec.none() : ImpairmentSpec.parse(impair);
    } catch (IllegalArgumentException e) {
      stderr.println("peervoice demo: --impair: " + e.getMessage());
      return 2;
    }
    if (opusLibrary != null) {
      OpusCodec.useLibrary(opusLibrary);
    }
    PcmClip speech = SpeechSample.load();
    Duration duration =
        Duration.ofMillis(
            Math.round(1000 * (seconds != null ? seconds : speech.durationSeconds() + 0.3)));
    try (EmbeddedCall call = new EmbeddedCall(impairment)) {
      stdout.printf(
          "Overlay: 3 rendezvous nodes on %s%n",
          String.join(", ", call.nodes().stream().map(HostPort::format).toList()));
      stdout.printf(
          "Calling %s -> %s through the overlay, %.1f s of speech%s...%n",
          call.callerId(),
          call.calleeId(),
          duration.toMillis() / 1000.0,
          impairment.isNone() ? "" : " through a simulated network (" + impairment + ")");
      stdout.flush();
      EmbeddedCall.Result result = call.run(speech, duration);
      stdout.printf(
          "Ringing %d ms after dialling; answered %d ms later; media peer to peer%n",
          result.dialToRingingMillis(), EmbeddedCall.ANSWER_DELAY_MILLIS);
      LocalCallReport report = result.report();
      PcmClip sent =
          new PcmClip(
              speech.sampleRate(),
              java.util.Arrays.copyOf(
                  speech.samples(),
                  (int) Math.min(speech.samples().length, duration.toMillis() * 48)));
      EnvelopeSimilarity.Result match = EnvelopeSimilarity.compare(sent, report.heard(), 2000);
      WavFile.write(out, report.heard());
      CallReport.printSummary(stdout, report, match, out);
      stdout.printf(
          "Call ended: %s%n", result.endReason().name().toLowerCase(java.util.Locale.ROOT));
      stdout.flush();
      if (json != null) {
        CallReport.writeJson(json, report, match, result);
      }
      return 0;
    } catch (CallFailedException e) {
      stderr.println("peervoice demo: " + e.userMessage());
      return 1;
    } catch (IOException e) {
      stderr.println("peervoice demo: " + e.getMessage());
      return 1;
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
