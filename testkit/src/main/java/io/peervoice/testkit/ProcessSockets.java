package io.peervoice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** This process's open sockets: entries of /proc/self/fd that link to "socket:[inode]". */
public final class ProcessSockets {
  static final Path FDS = Path.of("/proc/self/fd");
  private static final List<String> TABLES = List.of("udp", "udp6", "tcp", "tcp6");

  private ProcessSockets() {}

  /**
   * One open socket: its file descriptor, its inode, and where the kernel's tables (/proc/net/udp,
   * udp6, tcp, tcp6) have it: protocol and local address, empty if none does (an unbound UDP
   * socket, such as the one the JDK opens for each {@link java.net.DatagramSocket} object, or a
   * Unix socket).
   *
   * @param fd the descriptor
   * @param inode the socket's inode
   * @param protocol "udp", "udp6", "tcp" or "tcp6"; null when no table has the socket
   * @param local the bound address; null when no table has the socket
   */
  public record Socket(int fd, long inode, String protocol, InetSocketAddress local) {

    /** Where it is bound, or empty when unbound (or not an IP socket). */
    public Optional<InetSocketAddress> bound() {
      return Optional.ofNullable(local);
    }

    /** As a failure message names it, {@code owner} telling whose a bound address is. */
    public String describe(Function<InetSocketAddress, Optional<String>> owner) {
      if (local == null) {
        return "fd "
            + fd
            + " socket:["
            + inode
            + "] unbound: no address in /proc/net (a java.net.DatagramSocket object's own socket,"
            + " never bound: ice4j's STUN views, its multiplexing socket, our AdapterSocket)";
      }
      String whose = owner.apply(local).map(o -> " (" + o + ")").orElse(" (owner unknown)");
      return "fd "
          + fd
          + " socket:["
          + inode
          + "] "
          + protocol
          + " "
          + local.getAddress().getHostAddress()
          + ":"
          + local.getPort()
          + whose;
    }
  }

  public static long count() {
    try (Stream<Path> fds = Files.list(FDS)) {
      return fds.filter(ProcessSockets::isSocket).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every socket open now, with its address if bound. */
  public static List<Socket> open() {
    Map<Long, Map.Entry<String, InetSocketAddress>> tables = tables();
    List<Socket> sockets = new ArrayList<>();
    try (Stream<Path> fds = Files.list(FDS)) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        long inode = inode(fd);
        if (inode < 0) {
          continue;
        }
        var where = tables.get(inode);
        sockets.add(
            new Socket(
                Integer.parseInt(fd.getFileName().toString()),
                inode,
                where == null ? null : where.getKey(),
                where == null ? null : where.getValue()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sockets;
  }

  /** The sockets open now that were not among {@code before} (by inode). */
  public static List<Socket> openedSince(Collection<Socket> before) {
    Set<Long> known = before.stream().map(Socket::inode).collect(Collectors.toSet());
    return open().stream().filter(s -> !known.contains(s.inode())).toList();
  }

  /** One line per socket, {@code owner} naming whose each bound address is. */
  public static String describe(
      Collection<Socket> sockets, Function<InetSocketAddress, Optional<String>> owner) {
    return sockets.stream().map(s -> "  " + s.describe(owner)).collect(Collectors.joining("\n"));
  }

  private static long inode(Path fd) {
    try {
      String link = Files.readSymbolicLink(fd).toString();
      if (!link.startsWith("socket:[")) {
        return -1;
      }
      return Long.parseLong(link.substring("socket:[".length(), link.length() - 1));
    } catch (IOException | RuntimeException e) {
      return -1; // closed while we looked
    }
  }

  private static boolean isSocket(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString().startsWith("socket:");
    } catch (IOException e) {
      return false; // closed while we looked
    }
  }

  /** inode to protocol and local address, from /proc/net/{udp,udp6,tcp,tcp6}. */
  private static Map<Long, Map.Entry<String, InetSocketAddress>> tables() {
    Map<Long, Map.Entry<String, InetSocketAddress>> byInode = new HashMap<>();
    for (String table : TABLES) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of("/proc/net", table));
      } catch (IOException e) {
        continue; // no such protocol here
      }
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10) {
          continue;
        }
        try {
          byInode.put(Long.parseLong(f[9]), Map.entry(table, address(f[1])));
        } catch (RuntimeException | UnknownHostException e) {
          // a line we cannot read: that socket stays unnamed
        }
      }
    }
    return byInode;
  }

  /** "0100007F:1F90" (little-endian 32-bit words, as /proc/net prints them) to an address. */
  static InetSocketAddress address(String hexAddressPort) throws UnknownHostException {
    String[] parts = hexAddressPort.split(":");
    String hex = parts[0];
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        int at = word * 4 + b;
        int from = (word * 4 + 3 - b) * 2; // each 32-bit word printed in host (little) order
        bytes[at] = (byte) Integer.parseInt(hex.substring(from, from + 2), 16);
      }
    }
    return new InetSocketAddress(
        InetAddress.getByAddress(bytes), new BigInteger(parts[1], 16).intValue());
  }
}
