package io.peervoice.media.processing;

import io.peervoice.media.audio.PcmFormat;
import java.util.Objects;

/**
 * An {@link AudioProcessor} as a call's {@link io.peervoice.media.pipeline.AudioProcessor} stage:
 * each 20 ms frame goes through as two 10 ms blocks, captured frames between the capture source and
 * the encoder, played frames (the echo reference) on their way to the playout sink. Put it in a
 * {@link io.peervoice.media.pipeline.ProcessingChain}; closing the stage closes the processor.
 */
public final class ProcessingStage implements io.peervoice.media.pipeline.AudioProcessor {
  private static final int HALF = PcmFormat.FRAME_SAMPLES / 2;

  private final AudioProcessor processor;
  private final short[] captureBlock = new short[AudioProcessor.BLOCK_SAMPLES];
  private final short[] renderBlock = new short[AudioProcessor.BLOCK_SAMPLES];

  public ProcessingStage(AudioProcessor processor) {
    this.processor = Objects.requireNonNull(processor, "processor");
  }

  /** The processor inside: its engine and figures. */
  public AudioProcessor processor() {
    return processor;
  }

  @Override
  public void process(short[] captureFrame) {
    synchronized (captureBlock) {
      for (int offset = 0; offset < PcmFormat.FRAME_SAMPLES; offset += HALF) {
        System.arraycopy(captureFrame, offset, captureBlock, 0, HALF);
        processor.capture(captureBlock);
        System.arraycopy(captureBlock, 0, captureFrame, offset, HALF);
      }
    }
  }

  @Override
  public void farEnd(short[] playedFrame) {
    synchronized (renderBlock) {
      for (int offset = 0; offset < PcmFormat.FRAME_SAMPLES; offset += HALF) {
        System.arraycopy(playedFrame, offset, renderBlock, 0, HALF);
        processor.render(renderBlock);
      }
    }
  }

  @Override
  public void close() {
    processor.close();
  }
}
