package io.peervoice.media.audio.internal;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/** Stand-ins for Java Sound mixers and lines, built as proxies over the few methods used. */
final class FakeSound {
  private FakeSound() {}

  /** A line's recorded calls, the bytes it will deliver and the bytes written to it. */
  static final class FakeLine {
    final List<String> calls = new ArrayList<>();
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    byte[] toRead = new byte[0];
    int readPosition;
    LineUnavailableException openFailure;
    AudioFormat format;
    int bufferBytes;

    Object invoke(Method m, Object[] args) throws Exception {
      calls.add(m.getName());
      switch (m.getName()) {
        case "open":
          if (openFailure != null) {
            throw openFailure;
          }
          format = (AudioFormat) args[0];
          bufferBytes = (Integer) args[1];
          return null;
        case "getBufferSize":
          return bufferBytes;
        case "read":
          {
            byte[] b = (byte[]) args[0];
            int n = Math.min((Integer) args[2], toRead.length - readPosition);
            System.arraycopy(toRead, readPosition, b, (Integer) args[1], n);
            readPosition += n;
            return n;
          }
        case "write":
          written.write((byte[]) args[0], (Integer) args[1], (Integer) args[2]);
          return args[2];
        default:
          return defaultFor(m.getReturnType());
      }
    }

    <T> T as(Class<T> type) {
      return type.cast(
          Proxy.newProxyInstance(
              FakeSound.class.getClassLoader(),
              new Class<?>[] {type},
              (proxy, m, args) -> invoke(m, args)));
    }
  }

  /**
   * A mixer offering capture lines in {@code captureFormats} and playback lines in {@code
   * playbackFormats}; every line it hands out is {@code line}.
   */
  static Mixer mixer(
      String name,
      List<AudioFormat> captureFormats,
      List<AudioFormat> playbackFormats,
      FakeLine line) {
    Mixer.Info info = new Mixer.Info(name, "fake", name + " description", "1") {};
    return (Mixer)
        Proxy.newProxyInstance(
            FakeSound.class.getClassLoader(),
            new Class<?>[] {Mixer.class},
            (proxy, m, args) -> {
              switch (m.getName()) {
                case "getMixerInfo":
                  return info;
                case "isLineSupported":
                  return formatsFor((Line.Info) args[0], captureFormats, playbackFormats).stream()
                      .anyMatch(f -> offers(f, (Line.Info) args[0]));
                case "getLine":
                  {
                    Line.Info wanted = (Line.Info) args[0];
                    return wanted.getLineClass() == TargetDataLine.class
                        ? line.as(TargetDataLine.class)
                        : line.as(SourceDataLine.class);
                  }
                case "getTargetLineInfo":
                  return infos(TargetDataLine.class, captureFormats);
                case "getSourceLineInfo":
                  return infos(SourceDataLine.class, playbackFormats);
                default:
                  return defaultFor(m.getReturnType());
              }
            });
  }

  private static List<AudioFormat> formatsFor(
      Line.Info info, List<AudioFormat> capture, List<AudioFormat> playback) {
    if (info.getLineClass() == TargetDataLine.class) {
      return capture;
    }
    return info.getLineClass() == SourceDataLine.class ? playback : List.of();
  }

  private static boolean offers(AudioFormat offered, Line.Info wanted) {
    if (!(wanted instanceof DataLine.Info data)) {
      return true;
    }
    for (AudioFormat f : data.getFormats()) {
      if (offered.matches(f)) {
        return true;
      }
    }
    return false;
  }

  private static Line.Info[] infos(Class<?> type, List<AudioFormat> formats) {
    return formats.isEmpty()
        ? new Line.Info[0]
        : new Line.Info[] {new DataLine.Info(type, formats.toArray(new AudioFormat[0]), 0, 65536)};
  }

  private static Object defaultFor(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == float.class) {
      return 0f;
    }
    if (type.isArray()) {
      return java.lang.reflect.Array.newInstance(type.getComponentType(), 0);
    }
    return null;
  }
}
