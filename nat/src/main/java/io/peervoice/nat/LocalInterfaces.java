package io.peervoice.nat;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The machine's network interfaces as ICE sees them: the one place that enumerates them, with one
 * rule for what counts. An interface is usable when it is up, is not loopback and has an address
 * that is not link-local (IPv4 169.254/16, IPv6 fe80::/10: RFC 8445 §5.1.1.1 leaves them out of
 * host candidates unless nothing else exists). Used by ICE's loopback fallback, the network-change
 * monitor, the CLI's {@code --interface} check and {@code doctor}.
 */
public final class LocalInterfaces {
  private LocalInterfaces() {}

  /**
   * One usable interface.
   *
   * @param name its name ({@code eth0})
   * @param addresses its addresses that are not link-local, in the order the system lists them
   */
  public record Usable(String name, List<InetAddress> addresses) {
    public Usable {
      addresses = List.copyOf(addresses);
    }
  }

  /** The usable interfaces, sorted by name; empty if the system cannot list them. */
  public static List<Usable> usable() {
    List<Usable> found = new ArrayList<>();
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nif.isUp() || nif.isLoopback()) {
          continue;
        }
        List<InetAddress> addresses =
            Collections.list(nif.getInetAddresses()).stream()
                .filter(a -> !a.isLinkLocalAddress() && !a.isLoopbackAddress())
                .toList();
        if (!addresses.isEmpty()) {
          found.add(new Usable(nif.getName(), addresses));
        }
      }
    } catch (SocketException e) {
      return List.of();
    }
    found.sort(Comparator.comparing(Usable::name));
    return List.copyOf(found);
  }

  /** The names of the usable interfaces, sorted. */
  public static List<String> names() {
    return usable().stream().map(Usable::name).toList();
  }

  /** The addresses of all usable interfaces: where ICE could gather host candidates now. */
  public static Set<InetAddress> addresses() {
    return usable().stream()
        .flatMap(u -> u.addresses().stream())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether ICE has anything to harvest besides loopback. */
  public static boolean any() {
    return !usable().isEmpty();
  }

  /** Whether {@code address} is this machine's: loopback, the wildcard, or on any interface. */
  public static boolean isLocal(InetAddress address) {
    if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
      return true;
    }
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (Collections.list(nif.getInetAddresses()).contains(address)) {
          return true;
        }
      }
    } catch (SocketException e) {
      return false;
    }
    return false;
  }
}
