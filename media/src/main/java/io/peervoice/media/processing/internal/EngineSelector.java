package io.peervoice.media.processing.internal;

import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessingException;
import io.peervoice.media.processing.AudioProcessor;
import io.peervoice.media.processing.EngineAvailability;
import io.peervoice.media.processing.ProcessingEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the first engine that loads, the settings' own {@link AudioProcessing#engine()} first and
 * then the others in order of preference, and says why each one before it was passed over. With
 * nothing switched on, or nothing loadable, the stage is {@link ProcessingEngine#NONE}.
 */
public final class EngineSelector {
  private static final Logger LOG = LoggerFactory.getLogger(EngineSelector.class);

  private final List<EngineLoader> loaders;

  public EngineSelector(List<EngineLoader> loaders) {
    this.loaders = List.copyOf(loaders);
  }

  /** The engines in order of preference, each probed. */
  public List<EngineAvailability> probeAll() {
    List<EngineAvailability> all = new ArrayList<>();
    for (EngineLoader loader : loaders) {
      all.add(loader.probe());
    }
    return all;
  }

  /** A processor of the first engine that opens with these settings ({@code NONE} at worst). */
  public AudioProcessor open(AudioProcessing settings) {
    Objects.requireNonNull(settings, "settings");
    if (!settings.enabled()) {
      return new PassThroughProcessor();
    }
    List<String> passedOver = new ArrayList<>();
    for (EngineLoader loader : preferredFirst(settings.engine())) {
      EngineAvailability probe = loader.probe();
      if (!probe.available()) {
        passedOver.add(loader.engine().label() + ": " + probe.detail());
        continue;
      }
      try {
        AudioProcessor processor = loader.open(settings);
        if (!passedOver.isEmpty()) {
          LOG.warn(
              "audio processing on {}; passed over {}",
              loader.engine().label(),
              String.join("; ", passedOver));
        }
        return processor;
      } catch (AudioProcessingException | LinkageError e) {
        passedOver.add(loader.engine().label() + ": " + e.getMessage());
      }
    }
    LOG.warn(
        "no audio processing engine loads ({}): captured audio is sent unprocessed",
        String.join("; ", passedOver));
    return new PassThroughProcessor();
  }

  /** The loaders with {@code preferred}'s first, the others in their order. */
  private List<EngineLoader> preferredFirst(ProcessingEngine preferred) {
    List<EngineLoader> ordered = new ArrayList<>(loaders.size());
    for (EngineLoader loader : loaders) {
      if (loader.engine() == preferred) {
        ordered.add(loader);
      }
    }
    for (EngineLoader loader : loaders) {
      if (loader.engine() != preferred) {
        ordered.add(loader);
      }
    }
    return ordered;
  }

  /** A processor of exactly this engine. */
  public AudioProcessor open(AudioProcessing settings, ProcessingEngine engine) {
    Objects.requireNonNull(settings, "settings");
    if (engine == ProcessingEngine.NONE) {
      return new PassThroughProcessor();
    }
    for (EngineLoader loader : loaders) {
      if (loader.engine() == engine) {
        EngineAvailability probe = loader.probe();
        if (!probe.available()) {
          throw new AudioProcessingException(engine.label() + " cannot load: " + probe.detail());
        }
        return loader.open(settings);
      }
    }
    throw new AudioProcessingException(engine.label() + " is not an engine of this build");
  }

  /**
   * One line for {@code doctor}: the engine in use, why better ones are not, and whether each
   * engine after it (the ones {@code --aec-engine} can still choose) loads, e.g. {@code
   * peervoice-aec (Java); alternatives: webrtc-aec3 (webrtc-java 0.14.0); speexdsp: not loadable,
   * libspeexdsp.so.1 missing}.
   */
  public String availability() {
    List<String> notUsed = new ArrayList<>();
    List<EngineAvailability> all = probeAll();
    for (int i = 0; i < all.size(); i++) {
      EngineAvailability a = all.get(i);
      if (a.available()) {
        String line = a.engine().label() + " (" + a.detail() + ")";
        if (!notUsed.isEmpty()) {
          line += "; not used: " + String.join("; ", notUsed);
        }
        List<String> alternatives = new ArrayList<>();
        for (EngineAvailability other : all.subList(i + 1, all.size())) {
          alternatives.add(
              other.engine().label()
                  + (other.available()
                      ? " (" + other.detail() + ")"
                      : ": not loadable, " + other.detail()));
        }
        return alternatives.isEmpty()
            ? line
            : line + "; alternatives: " + String.join("; ", alternatives);
      }
      notUsed.add(a.engine().label() + ": " + a.detail());
    }
    return "none: captured audio is sent unprocessed (" + String.join("; ", notUsed) + ")";
  }
}
