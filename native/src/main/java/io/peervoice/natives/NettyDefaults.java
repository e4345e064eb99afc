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
    // Netty's leak detector (level SIMPLE by default) tracks one buffer in 128 and records a
    // Throwable, stack trace and all, when it tracks one and again when it is released: about 10
    // a second in a phone of 10 calls, for a check that only says something when a buffer leaks.
    // Off in phones; tests turn it on (the build's surefire configuration), and an explicit
    // -Dio.netty.leakDetection.level still wins.
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      System.setProperty("io.netty.leakDetection.level", "disabled");
    }
  }

  private NettyDefaults() {}

  /** Applies the defaults (once, on first call). */
  static void apply() {
    // the static initialiser does the work
  }
}
