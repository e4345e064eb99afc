package io.peervoice.media.processing.internal;

import io.peervoice.media.processing.AudioProcessor;
import io.peervoice.media.processing.ProcessingEngine;
import io.peervoice.media.processing.ProcessingStats;
import java.util.concurrent.atomic.AtomicLong;

/** {@link ProcessingEngine#NONE}: frames pass unchanged; only blocks are counted. */
public final class PassThroughProcessor implements AudioProcessor {
  private final AtomicLong captured = new AtomicLong();
  private final AtomicLong rendered = new AtomicLong();

  @Override
  public void render(short[] farEnd10ms) {
    Blocks.check(farEnd10ms);
    rendered.incrementAndGet();
  }

  @Override
  public void capture(short[] near10ms) {
    Blocks.check(near10ms);
    captured.incrementAndGet();
  }

  @Override
  public ProcessingEngine engine() {
    return ProcessingEngine.NONE;
  }

  @Override
  public ProcessingStats stats() {
    return new ProcessingStats(
        ProcessingEngine.NONE, -1, Double.NaN, captured.get(), rendered.get());
  }

  @Override
  public void close() {}
}
