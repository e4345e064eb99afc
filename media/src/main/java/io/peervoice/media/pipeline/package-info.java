/**
 * Media as composable stages (in the manner of Pion's interceptors and PJSIP's transport adapters):
 * each stage has one job and wraps the next one.
 *
 * <p>Outbound, a stage is a {@link io.peervoice.media.stream.PacketSink} that wraps the next sink:
 * send stream → {@link io.peervoice.media.pipeline.SrtpStage#rtpOut SRTP protect} → {@link
 * io.peervoice.media.pipeline.ImpairmentStage impairment} (tests and demos) → path. Inbound, a
 * stage is a {@link io.peervoice.media.stream.PacketHandler} that wraps the next handler: path →
 * {@link io.peervoice.media.pipeline.SrtpStage#inbound SRTP unprotect and RTP/RTCP demux} → receive
 * stream (RTP) or {@link io.peervoice.media.pipeline.RtcpStage} (RTCP). Around the codec, {@link
 * io.peervoice.media.pipeline.ProcessingChain} wraps the capture source and the playout sink with
 * {@link io.peervoice.media.pipeline.AudioProcessor}s (room for echo control). Stages are built
 * once per call, when its media starts.
 */
package io.peervoice.media.pipeline;
