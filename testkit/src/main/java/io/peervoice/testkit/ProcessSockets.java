package io.peervoice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** This process's open sockets: entries of /proc/self/fd that link to "socket:[inode]". */
public final class ProcessSockets {
  static final Path FDS = Path.of("/proc/self/fd");

  private ProcessSockets() {}

  public static long count() {
    try (Stream<Path> fds = Files.list(FDS)) {
      return fds.filter(ProcessSockets::isSocket).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isSocket(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString().startsWith("socket:");
    } catch (IOException e) {
      return false; // closed while we looked
    }
  }
}
