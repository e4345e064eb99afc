package io.peervoice.nat;

/**
 * The local UDP ports ICE may bind its host candidates to, both ends included: a firewall that
 * opens only these ports still lets media through. Each ICE session binds one port per local
 * address it gathers on (two sessions during an ICE restart), so a range needs room for every call
 * the application runs at once.
 *
 * @param min the lowest port, 1..65535
 * @param max the highest port, {@code min}..65535
 */
public record PortRange(int min, int max) {
  public PortRange {
    if (min < 1 || max > 65_535 || min > max) {
      throw new IllegalArgumentException(
          "a port range needs 1 <= min <= max <= 65535: " + min + "-" + max);
    }
  }

  /** How many ports the range holds. */
  public int size() {
    return max - min + 1;
  }

  public boolean contains(int port) {
    return port >= min && port <= max;
  }

  /** {@code min-max}, as the command line takes it. */
  @Override
  public String toString() {
    return min + "-" + max;
  }
}
