package io.peervoice.demo;

import io.peervoice.media.audio.CallRecording;
import java.io.IOException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code --record FILE} (or {@code --record-both FILE}: stereo, both directions) files, one per
 * call: the first call records to {@code FILE} itself, later ones to {@code FILE-2.wav}, {@code
 * FILE-3.wav}, … (the number goes before the extension). Each file is written as the call goes
 * ({@link CallRecording}), with memory that does not grow with the call, and is complete once
 * {@link #complete(Object)} or {@link #finish(Object)} closes it at the call's end; {@link
 * #finishAll()} completes whatever is still open (the last command, a shutdown hook). Thread-safe.
 */
final class Recordings {
  private final Path file;
  private final boolean bothWays;
  private final Map<Object, CallRecording> open = new IdentityHashMap<>();
  private CallRecording first;
  private int started;
  private Path last;
  private boolean finished;

  private Recordings(Path file, boolean bothWays, CallRecording first) {
    this.file = file;
    this.bothWays = bothWays;
    this.first = first;
  }

  /**
   * Creates {@code file} at once, as an empty recording, so a path that cannot be written fails
   * before any call; the first call then records into it.
   *
   * @throws IOException naming the file and the reason
   */
  static Recordings open(Path file) throws IOException {
    return open(file, false);
  }

  /**
   * As {@link #open(Path)}; with {@code bothWays} each file is stereo, what we send on the left and
   * what we hear on the right.
   */
  static Recordings open(Path file, boolean bothWays) throws IOException {
    return new Recordings(file, bothWays, create(file, bothWays));
  }

  private static CallRecording create(Path file, boolean bothWays) throws IOException {
    return bothWays ? CallRecording.bothWays(file) : CallRecording.heard(file);
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
  synchronized CallRecording start(Object call) throws IOException {
    CallRecording writer = open.get(call);
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
      writer = create(nameOf(file, started), bothWays);
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
    CallRecording writer;
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
    CallRecording writer;
    synchronized (this) {
      writer = open.get(call);
    }
    close(writer);
  }

  private static Optional<Path> close(CallRecording writer) throws IOException {
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
    java.util.List<CallRecording> writers;
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
    for (CallRecording w : writers) {
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
