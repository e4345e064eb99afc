package io.peervoice.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.peervoice.media.audio.AudioDevice;
import io.peervoice.media.audio.AudioDevices;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peervoice devices [--json [FILE]]}: the capture and playback devices Java Sound sees, with
 * the formats each offers, named as {@code --mic NAME} and {@code --speaker NAME} take them.
 */
@Command(
    name = "devices",
    mixinStandardHelpOptions = true,
    description = "List capture and playback devices with their formats (for --mic/--speaker).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice devices",
      "  peervoice devices --json                 # JSON on stdout",
      "  peervoice devices --json devices.json",
      "  peervoice call PEER_ID ... --mic USB --speaker USB  # part of a name"
    })
final class DevicesCommand implements Callable<Integer> {
  /** What {@code --json} without a file stands for: standard output. */
  static final String STDOUT = "-";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--json",
      arity = "0..1",
      fallbackValue = STDOUT,
      paramLabel = "FILE",
      description = "Write the list as JSON, to FILE or (without one) to standard output.")
  String json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (json != null && !json.equals(STDOUT)) {
      PathChecks.writable(Path.of(json), "--json");
    }
    List<AudioDevice> devices = DoctorChecks.listDevices();
    if (json == null || !json.equals(STDOUT)) {
      print(out, devices);
    }
    if (json != null) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      Map<String, Object> root = toJson(devices);
      if (json.equals(STDOUT)) {
        out.println(mapper.writeValueAsString(root));
      } else {
        mapper.writeValue(Path.of(json).toFile(), root);
      }
    }
    out.flush();
    return 0;
  }

  static void print(PrintWriter out, List<AudioDevice> devices) {
    for (AudioDevice.Kind kind : AudioDevice.Kind.values()) {
      List<AudioDevice> of = devices.stream().filter(d -> d.kind() == kind).toList();
      String option = kind == AudioDevice.Kind.CAPTURE ? "--mic" : "--speaker";
      if (of.isEmpty()) {
        out.printf(
            "%s devices: none (Java Sound sees no %s device; %s cannot work here, use %s)%n",
            kind.word(),
            kind.word(),
            option,
            kind == AudioDevice.Kind.CAPTURE ? "--play FILE.wav" : "--record FILE.wav");
        continue;
      }
      out.printf("%s devices (%s NAME):%n", kind.word(), option);
      for (AudioDevice d : of) {
        out.printf(
            "  \"%s\"%s%n", d.name(), d.description().isEmpty() ? "" : " - " + d.description());
        out.printf(
            "      formats: %s%n",
            d.formats().isEmpty()
                ? "none listed"
                : String.join(", ", d.formats().stream().map(Object::toString).toList()));
      }
    }
  }

  /** {@code {"capture": [...], "playback": [...]}}; field names are a stable contract. */
  static Map<String, Object> toJson(List<AudioDevice> devices) {
    Map<String, Object> root = new LinkedHashMap<>();
    for (AudioDevice.Kind kind : AudioDevice.Kind.values()) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (AudioDevice d : devices) {
        if (d.kind() != kind) {
          continue;
        }
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("name", d.name());
        device.put("description", d.description());
        List<Map<String, Object>> formats = new ArrayList<>();
        for (AudioDevice.Format f : d.formats()) {
          Map<String, Object> format = new LinkedHashMap<>();
          format.put("encoding", f.encoding());
          format.put("sample_rate", f.sampleRate() < 0 ? null : f.sampleRate());
          format.put("bits", f.bits() < 0 ? null : f.bits());
          format.put("channels", f.channels() < 0 ? null : f.channels());
          format.put("big_endian", f.bigEndian());
          formats.add(format);
        }
        device.put("formats", formats);
        list.add(device);
      }
      root.put(kind.word(), list);
    }
    root.put("line_buffer_ms", AudioDevices.LINE_BUFFER_MILLIS);
    return root;
  }
}
