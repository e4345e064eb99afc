package io.peervoice.natives;

import io.peervoice.natives.internal.GlibcTrim;

/**
 * The process's C heap. Start-up (the JIT compilers' arenas, class loading, native libraries) frees
 * megabytes that glibc keeps for reuse; a phone that is about to idle gives them back.
 */
public final class NativeHeap {
  private NativeHeap() {}

  /**
   * Returns the C heap's free memory to the system ({@code malloc_trim(0)}, glibc only); takes a
   * few milliseconds and holds the allocator's locks meanwhile, so call it at a quiet moment.
   *
   * @return whether it ran (false off Linux, or without glibc)
   */
  public static boolean trim() {
    return GlibcTrim.trim();
  }
}
