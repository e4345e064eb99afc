package io.peervoice.media.processing.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * webrtc-java 0.14.0's native library prints "VM attach current thread failed" and "Failed to
 * attach thread N" on standard output (file descriptor 1) while the JVM exits, after all Java code
 * has run (fixed upstream after 0.14.0: devopvoid/webrtc-java#269). Once a command has written its
 * last output, {@link #silenceNativeStdout} points descriptor 1 at {@code /dev/null}, only when
 * that library was loaded.
 */
public final class QuietExit {
  private QuietExit() {}

  private interface C extends Library {
    int open(String path, int flags);

    int dup2(int from, int to);
  }

  /** Points the process's descriptor 1 at /dev/null if the WebRTC library is loaded. */
  public static void silenceNativeStdout() {
    if (!WebRtcLoader.loaded()) {
      return;
    }
    System.out.flush();
    try {
      C c = Native.load("c", C.class);
      int devNull = c.open("/dev/null", 1); // O_WRONLY
      if (devNull >= 0) {
        c.dup2(devNull, 1);
      }
    } catch (LinkageError | RuntimeException e) {
      // no libc through JNA: the two lines are printed, nothing else happens
    }
  }
}
