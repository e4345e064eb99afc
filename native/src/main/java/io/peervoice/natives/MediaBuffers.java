package io.peervoice.natives;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;

/**
 * The buffers a group of {@link MediaLoops} reads and sends datagrams with: a small pool of direct
 * memory with a cache per loop thread, so a call's packets allocate nothing per read or send.
 *
 * <p>Why not Netty's default: a phone runs with a small heap (128 MB), which puts Netty's adaptive
 * allocator in its low-memory mode, where a buffer larger than its size classes is not pooled. A
 * batched datagram read ({@code recvmmsg}, {@link MediaLoop#RECEIVE_BATCH} datagrams of {@link
 * DatagramPort#MAX_DATAGRAM} bytes: 32 KiB) is such a buffer, so every wake-up on a received packet
 * allocated, zeroed and later freed 32 KiB of direct memory through a {@code Cleaner} (S18 profile
 * of a one-call phone: about 2.4% of its CPU samples). Here a read takes the same 32 KiB from the
 * loop's cache and gives it back.
 *
 * <p>Bounded: two arenas of 128 KiB chunks (8 KiB pages), so a phone holds 128-256 KiB of pooled
 * memory for all its calls' datagrams (more only while more is in flight at once: a full send queue
 * is {@link DatagramPort#MAX_QUEUED_BYTES} per port).
 */
final class MediaBuffers {
  static final int PAGE_SIZE = 8192;
  static final int MAX_ORDER = 4; // chunks of PAGE_SIZE << MAX_ORDER = 128 KiB
  static final int ARENAS = 2;
  private static final int SMALL_CACHE = 256; // sends: RTP and RTCP packets, STUN
  private static final int NORMAL_CACHE = 16; // reads: one batch buffer at a time per loop

  private final PooledByteBufAllocator allocator;

  MediaBuffers() {
    this.allocator =
        new PooledByteBufAllocator(
            true, 0, ARENAS, PAGE_SIZE, MAX_ORDER, SMALL_CACHE, NORMAL_CACHE, false);
  }

  /** The allocator the loops' channels use. */
  ByteBufAllocator allocator() {
    return allocator;
  }

  /** The pool's figures (tests, diagnostics). */
  PooledByteBufAllocatorMetric metric() {
    return allocator.metric();
  }
}
