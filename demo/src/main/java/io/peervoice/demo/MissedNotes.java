package io.peervoice.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.WavFile;
import io.peervoice.media.codec.AudioEncoder;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.codec.OpusSettings;
import io.peervoice.sdk.Call;
import io.peervoice.sdk.MissedCall;
import io.peervoice.sdk.Phone;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.EndReason;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * S6 missed: the command line's missed calls ({@code docs/missed-calls.md}). {@code call} leaves a
 * note when its call was not answered; {@code listen} prints each note as it arrives (one line:
 * who, when, text, voice length) and keeps them for its JSON report ({@code missed[]}); S7 tel: and
 * each call it refused for do not disturb ({@code reason} {@code do_not_disturb}, else {@code
 * note}).
 */
final class MissedNotes {
  /** The end reasons after which {@code call} leaves a note: the callee never took the call. */
  static final Set<EndReason> UNANSWERED =
      Set.of(EndReason.UNREACHABLE, EndReason.NO_ANSWER, EndReason.CANCELLED, EndReason.BUSY);

  /** Voice notes are encoded at this bitrate: 15 s fit in the 15 KiB a note may carry. */
  static final int VOICE_BITRATE = 8_000;

  /** The most notes {@code listen} keeps for its JSON report: the newest, as the sdk keeps. */
  static final int KEPT = 256;

  private final List<MissedCall> received = new CopyOnWriteArrayList<>();
  private final Map<MissedCall, String> files = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Prints each missed call of {@code phone} as it comes, and keeps it for {@link #json()}; S8:
   * with {@code voices} (listen --voice-notes), saves its voice message as a WAV file.
   */
  void watch(Phone phone, PrintWriter out, Path json, VoiceNotes voices) {
    phone.onMissedCall(
        m -> {
          received.add(m);
          if (received.size() > KEPT) {
            files.remove(received.remove(0)); // a stranger's notes must not grow listen's memory
          }
          out.println(line(m) + saved(m, voices));
          out.flush();
          if (json != null) {
            try {
              addTo(json);
            } catch (IOException e) {
              out.println("could not write " + json + ": " + e.getMessage());
            }
          }
        });
  }

  /**
   * One line: who, when, and what the caller left; S7 tel: a call we refused for do not disturb is
   * {@code call from ID refused: do not disturb (at TIME)}.
   */
  static String line(MissedCall m) {
    if (m.reason() == MissedCall.Reason.DO_NOT_DISTURB) {
      return "call from "
          + m.caller()
          + " refused: do not disturb (at "
          + DateTimeFormatter.ISO_INSTANT.format(m.time())
          + ")";
    }
    StringBuilder s =
        new StringBuilder("missed call from ")
            .append(m.caller())
            .append(" at ")
            .append(DateTimeFormatter.ISO_INSTANT.format(m.time()));
    if (!m.text().isEmpty()) {
      s.append(": \"").append(io.peervoice.signaling.LogText.escape(m.text(), 280)).append('"');
    }
    if (!m.voice().isEmpty()) {
      s.append(String.format(" (voice %.1f s, %d bytes)", m.voiceMillis() / 1e3, m.voiceBytes()));
    }
    return s.toString();
  }

  /** Saves {@code m}'s voice message with {@code voices}: what to add to its line. */
  private String saved(MissedCall m, VoiceNotes voices) {
    if (voices == null || m.voice().isEmpty()) {
      return "";
    }
    try {
      VoiceNotes.Saved s = voices.save(m);
      if (s == null) {
        return "; not saved: " + VoiceNotes.MAX_FILES + " voice messages saved already this run";
      }
      files.put(m, s.file().toString());
      return "; saved to "
          + s.file()
          + (s.concealed() > 0 ? " (" + s.concealed() + " damaged frames concealed)" : "");
    } catch (java.io.IOException | RuntimeException e) { // a decoder that cannot load, too
      return "; could not save it: " + e.getMessage();
    }
  }

  /** {@code missed[]} as JSON values. */
  List<Map<String, Object>> json() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (MissedCall m : received) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("from", m.caller().toString());
      j.put("call_id", m.callId().toString());
      j.put("time", DateTimeFormatter.ISO_INSTANT.format(m.time()));
      j.put("text", m.text());
      j.put("voice_ms", m.voiceMillis());
      j.put("voice_bytes", m.voiceBytes());
      j.put("voice_file", files.get(m)); // S8: null unless listen --voice-notes saved it
      j.put("reason", m.reason().name().toLowerCase(java.util.Locale.ROOT)); // S7 tel
      out.add(j);
    }
    return out;
  }

  /** Adds {@code missed[]} to the JSON report at {@code file} (creating it if there is none). */
  synchronized void addTo(Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    @SuppressWarnings("unchecked")
    Map<String, Object> root =
        Files.isRegularFile(file) && Files.size(file) > 0
            ? mapper.readValue(file.toFile(), LinkedHashMap.class)
            : new LinkedHashMap<>();
    root.put("missed", json());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    mapper.writeValue(tmp.toFile(), root);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** {@code call}'s --note and --voice-note, before anything starts. */
  static void check(CallCommand call) {
    if (call.noNote && (!call.note.isEmpty() || call.voiceNote != null)) {
      throw CliException.badInvocation("--no-note cannot go with --note or --voice-note");
    }
    if (call.webrtc && (!call.note.isEmpty() || call.voiceNote != null)) {
      throw CliException.badInvocation(
          "--note and --voice-note cannot go with --webrtc: a browser cannot show a note");
    }
    if (call.note.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
        > CallMessage.MissedCall.MAX_TEXT) {
      throw CliException.badInvocation("--note: at most 280 bytes of text");
    }
    if (call.voiceNote != null && !(call.voiceNote > 0 && call.voiceNote <= 15)) {
      throw CliException.badInvocation("--voice-note: need 0 < SECONDS <= 15");
    }
    if (call.voiceNote != null && (call.audio.in == null || call.audio.in.play == null)) {
      throw CliException.badInvocation("--voice-note takes its voice from --play FILE.wav");
    }
  }

  /** Adds the caller's {@code missed_note} part to the call report at {@code file}. */
  static void addNote(Path file, Map<String, Object> note) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    @SuppressWarnings("unchecked")
    Map<String, Object> root = mapper.readValue(file.toFile(), LinkedHashMap.class);
    root.put("missed_note", note);
    mapper.writeValue(file.toFile(), root);
  }

  /**
   * Leaves {@code call}'s callee a note if the call was not answered; prints what became of it and
   * returns its {@code missed_note} JSON part (null: none left or tried).
   */
  static Map<String, Object> leaveIfUnanswered(
      Phone phone, Call call, EndReason reason, String text, List<byte[]> voice, PrintWriter out) {
    if (reason == EndReason.DECLINED && (!text.isEmpty() || !voice.isEmpty())) {
      // S13: the user asked for a note; say why none goes (docs/missed-calls.md)
      out.println("no missed-call note left: the callee saw the call and declined it");
      return null;
    }
    if (!UNANSWERED.contains(reason) || call.stats().durationMillis() > 0) {
      return null;
    }
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("text", text);
    j.put("voice_ms", 20L * voice.size());
    try {
      int nodes = phone.leaveNote(call, text, voice).get(10, TimeUnit.SECONDS);
      out.println("left a missed-call note (held by " + nodes + " node(s))");
      j.put("left", true);
      j.put("nodes", nodes);
    } catch (java.util.concurrent.TimeoutException e) {
      return failed(j, "no node answered within 10 s", out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(j, "interrupted", out);
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return failed(j, String.valueOf(cause.getMessage()), out);
    }
    out.flush();
    return j;
  }

  private static Map<String, Object> failed(Map<String, Object> j, String why, PrintWriter out) {
    out.println("could not leave a missed-call note: " + why);
    out.flush();
    j.put("left", false);
    j.put("error", why);
    return j;
  }

  /**
   * The first {@code seconds} of {@code wav} as 20 ms Opus frames at {@link #VOICE_BITRATE}, up to
   * what a note may carry.
   */
  static List<byte[]> voice(Path wav, double seconds) throws IOException {
    PcmClip clip = WavFile.readAs48k(wav);
    short[] pcm = clip.samples();
    int frames = (int) Math.min(Math.round(seconds * 50), pcm.length / 960);
    List<byte[]> out = new ArrayList<>();
    int bytes = 0;
    try (AudioEncoder encoder =
        OpusCodec.encoder(OpusSettings.voiceDefaults().withBitrate(VOICE_BITRATE))) {
      for (int i = 0; i < frames && out.size() < CallMessage.MissedCall.MAX_VOICE_FRAMES; i++) {
        byte[] frame = encoder.encode(Arrays.copyOfRange(pcm, i * 960, (i + 1) * 960));
        if (bytes + frame.length > CallMessage.MissedCall.MAX_VOICE_BYTES) {
          break;
        }
        bytes += frame.length;
        out.add(frame);
      }
    } catch (Exception e) {
      throw new IOException("cannot encode the voice note: " + e.getMessage(), e);
    }
    return out;
  }
}
