package io.peervoice.media.processing.internal;

import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessingException;
import io.peervoice.media.processing.AudioProcessor;
import io.peervoice.media.processing.EngineAvailability;
import io.peervoice.media.processing.ProcessingEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads {@link ProcessingEngine#SPEEXDSP}: the system's libspeexdsp (Debian {@code libspeexdsp1})
 * through JNA, bound once per process. A failure is remembered with its reason.
 */
public final class SpeexDspLoader implements EngineLoader {
  /** Where Debian, Fedora and others put the library; then whatever JNA finds by name. */
  static final List<String> CANDIDATES =
      List.of(
          "/usr/lib/x86_64-linux-gnu/libspeexdsp.so.1",
          "/usr/lib/aarch64-linux-gnu/libspeexdsp.so.1",
          "/usr/lib64/libspeexdsp.so.1",
          "/usr/lib/libspeexdsp.so.1",
          "speexdsp");

  private static EngineAvailability bound;

  @Override
  public ProcessingEngine engine() {
    return ProcessingEngine.SPEEXDSP;
  }

  @Override
  public EngineAvailability probe() {
    return bind();
  }

  private static synchronized EngineAvailability bind() {
    if (bound == null) {
      bound = tryBind();
    }
    return bound;
  }

  private static EngineAvailability tryBind() {
    String last = "not found";
    for (String candidate : CANDIDATES) {
      if (candidate.startsWith("/") && !Files.isReadable(Path.of(candidate))) {
        continue;
      }
      try {
        SpeexDspNative.register(candidate);
        new SpeexDspProcessor(AudioProcessing.defaults()).close();
        return new EngineAvailability(ProcessingEngine.SPEEXDSP, true, "libspeexdsp " + candidate);
      } catch (LinkageError | RuntimeException e) {
        last = WebRtcLoader.reason(e);
      }
    }
    return new EngineAvailability(
        ProcessingEngine.SPEEXDSP,
        false,
        "libspeexdsp.so.1 cannot load (" + last + "; Debian: apt-get install libspeexdsp1)");
  }

  @Override
  public AudioProcessor open(AudioProcessing settings) {
    EngineAvailability p = probe();
    if (!p.available()) {
      throw new AudioProcessingException(engine().label() + " cannot load: " + p.detail());
    }
    return new SpeexDspProcessor(settings);
  }
}
