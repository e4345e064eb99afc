package io.peervoice.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.audio.WavFile;
import io.peervoice.media.jitter.JitterBufferConfig;
import io.peervoice.media.playout.PacketTrace;
import io.peervoice.media.playout.TraceReplay;
import io.peervoice.media.playout.TraceReplayResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peervoice bench jitter}: the real receive path over a packet-arrival trace. JSON field
 * names are a stable contract.
 */
@Command(
    name = "jitter",
    mixinStandardHelpOptions = true,
    description =
        "Replays a packet-arrival trace (CSV seq,send_ms,recv_ms; empty recv_ms = lost) through the"
            + " real receive path: adaptive jitter buffer, Opus decode with in-band FEC and"
            + " concealment, time-stretching. The sent audio is speech (the bundled sample unless"
            + " --wav), Opus-encoded.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  printf 'seq,send_ms,recv_ms\\n1,0,12\\n2,20,31\\n3,40,\\n4,60,75\\n' >t.csv",
      "  peervoice bench jitter --trace t.csv --out played.wav --json jitter.json",
      "  peervoice bench jitter --trace ../shared/traces/lte.csv --wav speech.wav"
    })
final class JitterBenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--trace", required = true, paramLabel = "FILE", description = "The trace CSV.")
  Path trace;

  @Option(
      names = "--wav",
      paramLabel = "FILE",
      description = "Speech to send (16-bit WAV, any rate 8-192 kHz; resampled to 48 kHz).")
  Path wav;

  @Option(names = "--out", paramLabel = "FILE.wav", description = "Write what was played out.")
  Path out;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the measurements as JSON.")
  Path json;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    PacketTrace packets;
    PcmClip speech;
    try (Reader in = Files.newBufferedReader(trace)) {
      packets = PacketTrace.read(in);
      speech = wav == null ? SpeechSample.load() : WavFile.readAs48k(wav);
    } catch (NoSuchFileException e) {
      stderr.println("peervoice bench jitter: no such file: " + e.getFile());
      return 2;
    } catch (IOException e) {
      stderr.println("peervoice bench jitter: " + e.getMessage());
      return 2;
    }
    TraceReplayResult r = TraceReplay.run(packets, speech, JitterBufferConfig.opusDefaults());
    stdout.printf(
        "%s: %d packets; playout delay mean %.1f ms (p95 %.1f), buffer delay %.1f ms; late %.2f%%,"
            + " concealed %.2f%%, FEC %d, stretched %.2f%%; best fixed delay with the same late"
            + " loss: %.1f ms%n",
        trace.getFileName(),
        packets.rows().size(),
        r.meanPlayoutDelayMillis(),
        r.p95PlayoutDelayMillis(),
        r.meanBufferDelayMillis(),
        r.lateLossPercent(),
        r.concealedPercent(),
        r.fecRecovered(),
        r.stretchPercent(),
        r.fixedDelayAtSameLateLossMillis());
    stdout.flush();
    if (out != null) {
      WavFile.write(out, r.played());
    }
    if (json != null) {
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(json.toFile(), toJson(r));
    }
    return 0;
  }

  static Map<String, Object> toJson(TraceReplayResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean_playout_delay_ms", round2(r.meanPlayoutDelayMillis()));
    m.put("p95_playout_delay_ms", round2(r.p95PlayoutDelayMillis()));
    m.put("mean_buffer_delay_ms", round2(r.meanBufferDelayMillis()));
    m.put("late_loss_pct", round2(r.lateLossPercent()));
    m.put("concealed_pct", round2(r.concealedPercent()));
    m.put("fec_recovered", r.fecRecovered());
    m.put("stretch_pct", round2(r.stretchPercent()));
    m.put("fixed_delay_same_late_loss_ms", round2(r.fixedDelayAtSameLateLossMillis()));
    m.put("frames_played", r.timeline().size());
    return m;
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
