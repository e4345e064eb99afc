package io.peervoice.demo;

import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes a bench started ({@link ChildProcess}, or what wraps one), stopped when the bench
 * is done with them or, if Ctrl-C (or any other end of this JVM) comes first, by a shutdown hook: a
 * bench never leaves phones or nodes behind. Closing stops every process still here, newest first,
 * and removes the hook. Thread-safe.
 */
final class ChildProcesses implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChildProcesses.class);

  private final Deque<AutoCloseable> children = new ConcurrentLinkedDeque<>();
  private final Thread hook;
  private final Consumer<Thread> removeHook;

  /** Processes of the bench {@code name}, with a shutdown hook in this JVM's runtime. */
  ChildProcesses(String name) {
    this(name, Runtime.getRuntime()::addShutdownHook, Runtime.getRuntime()::removeShutdownHook);
  }

  /** With the hook handed to {@code addHook} now and to {@code removeHook} on {@link #close()}. */
  ChildProcesses(String name, Consumer<Thread> addHook, Consumer<Thread> removeHook) {
    this.hook = new Thread(this::stopAll, "peervoice-" + name + "-stop");
    this.removeHook = removeHook;
    addHook.accept(hook);
  }

  /** Tracks {@code child} (until {@link #stop stopped} or closed); returns it. */
  <T extends AutoCloseable> T add(T child) {
    children.addFirst(child);
    return child;
  }

  /** Stops {@code child} now and forgets it; one not tracked is stopped all the same. */
  void stop(AutoCloseable child) {
    children.remove(child);
    stopQuietly(child);
  }

  /** Processes tracked now. */
  int size() {
    return children.size();
  }

  private void stopAll() {
    for (Iterator<AutoCloseable> it = children.iterator(); it.hasNext(); ) {
      AutoCloseable child = it.next();
      it.remove();
      stopQuietly(child);
    }
  }

  private static void stopQuietly(AutoCloseable child) {
    try {
      child.close();
    } catch (Exception e) {
      log.warn("stopping a child process failed: {}", e.toString());
    }
  }

  /** Stops every process still tracked, newest first, and removes the shutdown hook. */
  @Override
  public void close() {
    stopAll();
    try {
      removeHook.accept(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs (and finds nothing left to stop)
    }
  }
}
