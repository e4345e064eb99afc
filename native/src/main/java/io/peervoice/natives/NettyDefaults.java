package io.peervoice.natives;

/** Netty system defaults PeerVoice sets before Netty's first use, unless told otherwise. */
final class NettyDefaults {
  static {
    // Netty 4.2 emits JFR events for buffer allocations by default; loading JFR on the first
    // datagram delayed the first answer of a fresh node by about 200 ms, past a peer's timeout.
    // An explicit -Dio.netty.jfr.enabled=true still turns them on.
    if (System.getProperty("io.netty.jfr.enabled") == null) {
      System.setProperty("io.netty.jfr.enabled", "false");
    }
  }

  private NettyDefaults() {}

  /** Applies the defaults (once, on first call). */
  static void apply() {
    // the static initialiser does the work
  }
}
