/**
 * The echo bench (issue 14, item 5; {@code peervoice bench aec}): a simulated
 * loudspeaker-to-microphone path ({@link io.peervoice.media.echo.EchoScene}), the real audio
 * processing stage run over it in 10 ms blocks ({@link io.peervoice.media.echo.EchoBench}), and the
 * figures: ERLE, convergence, the near end in double talk, CPU ({@link
 * io.peervoice.media.echo.EchoMetrics}). docs/echo-bench.md describes them.
 */
package io.peervoice.media.echo;
