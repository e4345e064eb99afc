package io.peervoice.demo;

import io.peervoice.media.audio.WavStreamWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code --record FILE} files, one per call: the first call records to {@code FILE} itself,
 * later ones to {@code FILE-2.wav}, {@code FILE-3.wav}, … (the number goes before the extension).
 * Each file is written as the call goes ({@link WavStreamWriter}) and complete once {@link
 * #complete(Object)} or {@link #finish(Object)} closes it at the call's end; {@link #finishAll()}
 * completes whatever is still open (the last command, a shutdown hook). Thread-safe.
 */
final class Recordings {
  private final Path file;
  private final Map<Object, WavStreamWriter> open = new IdentityHashMap<>();
  private WavStreamWriter first;
  private int started;
  private Path last;
  private boolean finished;

  private Recordings(Path file, WavStreamWriter first) {
    this.file = file;
    this.first = first;
  }

  /**
   * Creates {@code file} at once, as an empty recording, so a path that cannot be written fails
   * before any call; the first call then records into it.
   *
   * @throws IOException naming the file and the reason
   */
  static Recordings open(Path file) throws IOException {
    return new Recordings(file, WavStreamWriter.create(file));
  }

  /**
   * The {@code n}-th recording's file: {@code file} itself for the first, then {@code name-n.ext}
   * ({@code name-n} when the name has no extension).
   */
  static Path nameOf(Path file, int n) {
    if (n == 1) {
      return file;
    }
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String numbered =
        dot > 0 ? name.substring(0, dot) + "-" + n + name.substring(dot) : name + "-" + n;
    return file.resolveSibling(numbered);
  }

  /**
   * Starts the recording of {@code call}, in the next file.
   *
   * @throws IOException if that file cannot be written (the message names it)
   */
  synchronized WavStreamWriter start(Object call) throws IOException {
    WavStreamWriter writer = open.get(call);
    if (writer != null) {
      return writer;
    }
    if (finished) {
      throw new IOException(file + ": the recordings have been completed (shutting down)");
    }
    started++;
    if (first != null) {
      writer = first;
      first = null;
    } else {
      writer = WavStreamWriter.create(nameOf(file, started));
    }
    open.put(call, writer);
    last = writer.path();
    return writer;
  }

  /**
   * Completes the recording of {@code call}, if it has one, and forgets it; idempotent.
   *
   * @return its file
   * @throws IOException if writing it failed (the message names the file)
   */
  Optional<Path> finish(Object call) throws IOException {
    WavStreamWriter writer;
    synchronized (this) {
      writer = open.remove(call);
    }
    return close(writer);
  }

  /**
   * Completes the recording of {@code call}, if it has one, but remembers its file for {@link
   * #finish(Object)}; idempotent.
   *
   * @throws IOException if writing it failed (the message names the file)
   */
  void complete(Object call) throws IOException {
    WavStreamWriter writer;
    synchronized (this) {
      writer = open.get(call);
    }
    close(writer);
  }

  private static Optional<Path> close(WavStreamWriter writer) throws IOException {
    if (writer == null) {
      return Optional.empty();
    }
    writer.close();
    return Optional.of(writer.path());
  }

  /**
   * Completes every recording still open (and the first file, if no call came); idempotent.
   *
   * @return the last recording's file, or {@code FILE} if no call was recorded
   * @throws IOException if writing one of them failed (the first such failure)
   */
  Optional<Path> finishAll() throws IOException {
    java.util.List<WavStreamWriter> writers;
    synchronized (this) {
      writers = new java.util.ArrayList<>(open.values());
      open.clear();
      finished = true;
      if (first != null) {
        writers.add(first);
        last = first.path();
        first = null;
      }
    }
    IOException failure = null;
    for (WavStreamWriter w : writers) {
      try {
        w.close();
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
    synchronized (this) {
      return Optional.ofNullable(last);
    }
  }
}
