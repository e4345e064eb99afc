package io.peervoice.media.pipeline;

import io.peervoice.media.codec.EncoderCap;
import io.peervoice.media.codec.EncoderController;
import io.peervoice.media.codec.OpusSettings;
import io.peervoice.media.rtcp.RtcpSession;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The encoder-control stage: takes the peer's RTCP receiver reports (RFC 3550 <a
 * href="https://www.rfc-editor.org/rfc/rfc3550#section-6.4.2">§6.4.2</a> fraction lost) from the
 * {@link RtcpStage} and applies the {@link EncoderController}'s answer (in-band FEC, expected loss,
 * bitrate) to the encoder. It is given the encoder's update handle (e.g. {@code
 * AudioEncoder::update}) before the send stream exists, so nothing is wired in a cycle.
 * Thread-safe: settings reach the encoder in the order they were decided.
 */
public final class EncoderControlStage implements RtcpStage.ReportListener {
  private final EncoderController controller;
  private final Consumer<OpusSettings> encoder;

  /**
   * @param encoder applies new settings from the next frame on; called on the RTCP receive thread
   */
  public EncoderControlStage(EncoderController controller, Consumer<OpusSettings> encoder) {
    this.controller = Objects.requireNonNull(controller, "controller");
    this.encoder = Objects.requireNonNull(encoder, "encoder");
  }

  @Override
  public synchronized void onReport(RtcpSession.RemoteReport report) {
    encoder.accept(controller.onReceiverReport(report.block().fractionLost()));
  }

  /** S8: caps the encoder as the receiver asks ({@link EncoderController#cap}), from now on. */
  public synchronized void cap(EncoderCap cap) {
    encoder.accept(controller.cap(cap)); // under the lock: a report's answer never undoes it
  }

  /** The settings last applied (the initial ones before any report). */
  public synchronized OpusSettings settings() {
    return controller.settings();
  }
}
