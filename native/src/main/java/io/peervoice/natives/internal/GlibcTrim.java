package io.peervoice.natives.internal;

import com.sun.jna.Function;
import com.sun.jna.Platform;

/** glibc's {@code malloc_trim(0)} through JNA. */
public final class GlibcTrim {
  private GlibcTrim() {}

  /**
   * Gives the C heap's free pages back to the system.
   *
   * @return whether it ran (false off Linux, or where the C library has no {@code malloc_trim})
   */
  public static boolean trim() {
    if (!Platform.isLinux()) {
      return false;
    }
    try {
      Function.getFunction("c", "malloc_trim").invokeInt(new Object[] {0});
      return true;
    } catch (UnsatisfiedLinkError e) {
      return false;
    }
  }
}
