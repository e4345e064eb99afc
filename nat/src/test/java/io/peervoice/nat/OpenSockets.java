package io.peervoice.nat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Counts this process's open internet sockets: entries of /proc/self/fd that link to
 * "socket:[inode]" whose inode /proc/net/{udp,udp6,tcp,tcp6} lists. Unix-domain and never-bound
 * sockets that other parts of the JVM (or other tests in the same fork) open are left out: what ICE
 * and media leak are bound UDP sockets.
 */
final class OpenSockets {
  private static final Path FDS = Path.of("/proc/self/fd");

  private OpenSockets() {}

  static boolean supported() {
    return Files.isDirectory(FDS);
  }

  static long count() {
    java.util.Set<String> inet = inetInodes();
    try (Stream<Path> fds = Files.list(FDS)) {
      return fds.map(OpenSockets::inode).filter(inet::contains).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static java.util.Set<String> inetInodes() {
    java.util.Set<String> inodes = new java.util.HashSet<>();
    for (String table : java.util.List.of("udp", "udp6", "tcp", "tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/net", table))) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 9) {
            inodes.add(f[9]);
          }
        }
      } catch (IOException e) {
        // no such table (no IPv6): nothing of it to count
      }
    }
    return inodes;
  }

  /** The socket inode an fd links to, or "" if it is no socket. */
  private static String inode(Path fd) {
    try {
      String link = Files.readSymbolicLink(fd).toString();
      return link.startsWith("socket:[") ? link.substring(8, link.length() - 1) : "";
    } catch (IOException e) {
      return ""; // closed while we looked
    }
  }

  /** Each open socket's inode and the /proc/net table that lists it, for failure messages. */
  static String describe() {
    java.util.Map<String, String> owners = new java.util.HashMap<>();
    for (String table : java.util.List.of("udp", "udp6", "tcp", "tcp6", "unix", "netlink")) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/net", table))) {
          String[] f = line.trim().split("\\s+");
          String inode = table.equals("unix") ? f[f.length > 7 ? 6 : f.length - 1] : "";
          if (table.startsWith("udp") || table.startsWith("tcp")) {
            inode = f.length > 9 ? f[9] : "";
          } else if (table.equals("netlink")) {
            inode = f.length > 9 ? f[9] : "";
          }
          owners.putIfAbsent(inode, table + " " + line.trim());
        }
      } catch (IOException | RuntimeException e) {
        // table missing: describe what we can
      }
    }
    try (Stream<Path> fds = Files.list(FDS)) {
      return fds.filter(OpenSockets::isSocket)
          .map(
              fd -> {
                try {
                  String link = Files.readSymbolicLink(fd).toString();
                  String inode = link.substring(8, link.length() - 1);
                  return fd.getFileName()
                      + " -> "
                      + owners.getOrDefault(inode, link + " (unbound)");
                } catch (IOException e) {
                  return fd + " gone";
                }
              })
          .collect(java.util.stream.Collectors.joining("\n"));
    } catch (IOException e) {
      return e.toString();
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
