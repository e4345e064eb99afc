package io.peervoice.media.pipeline;

import io.peervoice.media.audio.AudioSink;
import io.peervoice.media.audio.AudioSource;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The processing stages of one call, in order: {@link #capture} wraps the microphone source so each
 * frame runs through {@link AudioProcessor#process} of every processor, first to last, before the
 * encoder reads it; {@link #playout} wraps the speaker sink so each played frame reaches {@link
 * AudioProcessor#farEnd} of every processor, first to last, before the sink. An empty chain hands
 * back the source and sink themselves: no cost at all.
 */
public final class ProcessingChain implements AutoCloseable {
  private static final ProcessingChain EMPTY = new ProcessingChain(new AudioProcessor[0]);

  private final AudioProcessor[] processors;

  private ProcessingChain(AudioProcessor[] processors) {
    this.processors = processors;
  }

  /** A chain of one new processor from each factory, in order (one chain per call). */
  public static ProcessingChain of(List<? extends Supplier<? extends AudioProcessor>> factories) {
    if (factories.isEmpty()) {
      return EMPTY;
    }
    AudioProcessor[] made = new AudioProcessor[factories.size()];
    for (int i = 0; i < made.length; i++) {
      made[i] = Objects.requireNonNull(factories.get(i).get(), "processor " + i);
    }
    return new ProcessingChain(made);
  }

  /** A chain of these processors, in order. */
  public static ProcessingChain of(AudioProcessor... processors) {
    return processors.length == 0 ? EMPTY : new ProcessingChain(processors.clone());
  }

  public boolean isEmpty() {
    return processors.length == 0;
  }

  /** The capture side: {@code source}'s frames, processed. */
  public AudioSource capture(AudioSource source) {
    Objects.requireNonNull(source, "source");
    if (isEmpty()) {
      return source;
    }
    return frame -> {
      boolean more = source.read(frame);
      for (AudioProcessor p : processors) {
        p.process(frame);
      }
      return more;
    };
  }

  /**
   * The playout side: every frame goes to each processor's far-end reference, then to {@code sink}.
   */
  public AudioSink playout(AudioSink sink) {
    Objects.requireNonNull(sink, "sink");
    if (isEmpty()) {
      return sink;
    }
    return frame -> {
      for (AudioProcessor p : processors) {
        p.farEnd(frame);
      }
      sink.write(frame);
    };
  }

  @Override
  public void close() {
    for (AudioProcessor p : processors) {
      p.close();
    }
  }
}
