package io.peervoice.media.jitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * A compact notation for jitter-buffer scenarios on a fake clock, in the spirit of PJSIP's
 * Jbtest.dat. One step per line:
 *
 * <pre>
 * put SEQ@T [ts=TS] [ssrc=S] [silent]   a packet arrives at T ms (timestamp defaults to SEQ*960;
 *                                       silent: a small silence/DTX payload, else speech-sized)
 * get@T [q=Q] -> OUTCOME         the engine asks for a frame at T ms holding Q ms of audio
 * </pre>
 *
 * OUTCOME is {@code play SEQ}, {@code play SEQ accel}, {@code play SEQ decel}, {@code fec SEQ} (the
 * missing SEQ recovered from the next packet), {@code lost}, {@code wait} (empty or waiting:
 * conceal without skipping), {@code cng} (DTX comfort noise) or {@code idle}; a put may be checked
 * too: {@code put 5@60 -> late}.
 */
final class JitterScenario {
  private JitterScenario() {}

  static List<String> run(AdaptiveJitterBuffer buffer, String script) {
    List<String> failures = new ArrayList<>();
    for (String raw : script.strip().split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("->");
      String expected = parts.length > 1 ? parts[1].strip() : null;
      String[] words = parts[0].strip().split("\\s+");
      String actual;
      if (words[0].startsWith("put")) {
        String[] at = words[1].split("@");
        int seq = Integer.parseInt(at[0]);
        long ts = (long) seq * 960;
        int ssrc = 1;
        int size = 80;
        for (int i = 2; i < words.length; i++) {
          if (words[i].startsWith("ts=")) {
            ts = Long.parseLong(words[i].substring(3));
          } else if (words[i].startsWith("ssrc=")) {
            ssrc = Integer.parseInt(words[i].substring(5));
          } else if (words[i].equals("silent")) {
            size = 20;
          }
        }
        actual =
            buffer
                .insert(
                    new JitterPacket(
                        ssrc,
                        seq & 0xFFFF,
                        ts & 0xFFFF_FFFFL,
                        new byte[size],
                        Double.parseDouble(at[1])))
                .name()
                .toLowerCase();
      } else {
        double now = Double.parseDouble(words[0].substring(words[0].indexOf('@') + 1));
        double queued = words.length > 1 ? Double.parseDouble(words[1].substring(2)) : 0;
        actual = describe(buffer.next(now, queued));
      }
      if (expected != null && !expected.equals(actual)) {
        failures.add(line + "   but got: " + actual);
      }
    }
    return failures;
  }

  static void check(AdaptiveJitterBuffer buffer, String script) {
    assertThat(run(buffer, script)).as("scenario steps that failed").isEmpty();
  }

  private static String describe(PlayoutDecision d) {
    if (d instanceof PlayoutDecision.Decode decode) {
      String stretch =
          switch (decode.stretch()) {
            case ACCELERATE -> " accel";
            case DECELERATE -> " decel";
            case TRIM_QUEUE -> " trim";
            case NONE -> "";
          };
      return "play " + (decode.packet().sequenceNumber()) + stretch;
    }
    if (d instanceof PlayoutDecision.DecodeFec fec) {
      return "fec " + ((fec.next().sequenceNumber() - 1) & 0xFFFF);
    }
    if (d instanceof PlayoutDecision.Conceal conceal) {
      return conceal.lost() ? "lost" : "wait";
    }
    return d instanceof PlayoutDecision.ComfortNoise ? "cng" : "idle";
  }
}
