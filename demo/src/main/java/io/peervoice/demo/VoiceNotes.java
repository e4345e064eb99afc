package io.peervoice.demo;

import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.audio.WavFile;
import io.peervoice.media.codec.AudioDecoder;
import io.peervoice.media.codec.CodecException;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.sdk.MissedCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * S8: {@code listen --voice-notes DIR} ({@code docs/missed-calls.md}): the voice message of each
 * missed call is decoded (Opus, 20 ms frames at 48 kHz) and written to DIR as a 48 kHz mono WAV
 * file named by its time and caller, {@code missed-20261201T000642Z-abcdefgh.wav} ({@code -2},
 * {@code -3}, … if that name is taken). The frames came from a stranger through the overlay (sealed
 * and signed, but whatever they hold): a frame the decoder refuses is concealed and counted, never
 * fatal. A file appears whole: written to a temporary file of its own in DIR, then moved over the
 * name it reserved (created anew, never an existing file or link). At most {@link #MAX_FILES} a
 * run, so a stream of notes cannot fill the disk: each is at most 15 s (1.4 MB).
 */
final class VoiceNotes {
  /** The most voice messages one {@code listen} saves. */
  static final int MAX_FILES = 256;

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final AtomicInteger saved = new AtomicInteger();

  private VoiceNotes(Path dir) {
    this.dir = dir;
  }

  /**
   * {@code --voice-notes DIR} checked while parsing, before anything attaches: one line if DIR is
   * no folder this user can write to.
   */
  static final class Folder implements ITypeConverter<VoiceNotes> {
    @Override
    public VoiceNotes convert(String value) {
      Path dir = Path.of(value);
      if (!Files.isDirectory(dir)) {
        throw new TypeConversionException(
            dir + ": no such folder; create it first (mkdir -p " + dir + ")");
      }
      if (!Files.isWritable(dir)) {
        throw new TypeConversionException(dir + ": this user cannot write there");
      }
      return new VoiceNotes(dir);
    }
  }

  /** What became of one voice message: the file, and how many of its frames were concealed. */
  record Saved(Path file, int concealed) {}

  /**
   * Writes {@code m}'s voice message; null if it has none or {@link #MAX_FILES} were saved already.
   *
   * @throws IOException if the file cannot be written
   */
  Saved save(MissedCall m) throws IOException {
    if (m.voice().isEmpty() || saved.incrementAndGet() > MAX_FILES) {
      return null;
    }
    int f = PcmFormat.FRAME_SAMPLES;
    short[] pcm = new short[m.voice().size() * f];
    int concealed = 0;
    try (AudioDecoder decoder = OpusCodec.decoder()) {
      short[] frame = new short[f];
      for (int i = 0; i < m.voice().size(); i++) {
        try {
          decoder.decodeInto(m.voice().get(i), frame);
        } catch (CodecException e) {
          concealed++;
          short[] c = decoder.conceal();
          System.arraycopy(c, 0, frame, 0, Math.min(c.length, f));
        }
        System.arraycopy(frame, 0, pcm, i * f, f);
      }
    }
    String stem = "missed-" + STAMP.format(m.time()) + "-" + m.caller().toString().substring(0, 8);
    Path part = Files.createTempFile(dir, stem, ".part"); // a new file of its own: no symlink
    try {
      WavFile.write(part, new PcmClip(PcmFormat.SAMPLE_RATE, pcm));
      Path file = reserve(stem);
      Files.move(part, file, StandardCopyOption.ATOMIC_MOVE); // over the empty file reserved
      return new Saved(file, concealed);
    } finally {
      Files.deleteIfExists(part);
    }
  }

  /** Creates the first free name of {@code stem} ({@code -2}, {@code -3}, … after it): ours. */
  private Path reserve(String stem) throws IOException {
    for (int n = 1; ; n++) {
      Path p = dir.resolve(n == 1 ? stem + ".wav" : stem + "-" + n + ".wav");
      try {
        return Files.createFile(p);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (n >= MAX_FILES) {
          throw e;
        }
      }
    }
  }
}
