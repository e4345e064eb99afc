package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.WavFile;
import io.peervoice.signaling.LocalOverlay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code listen --record FILE} through three local rendezvous nodes: the first call is recorded to
 * FILE, the second to FILE-2.wav, each complete and readable as soon as its call ends while the
 * listener keeps running; {@code call --record} writes one file, and the envelope correlation it
 * reports (measured as the audio flows) finds the speech the listener plays.
 */
class ListenRecordingTest {

  private static double rms(short[] samples) {
    double sum = 0;
    for (short s : samples) {
      sum += (double) s * s;
    }
    return Math.sqrt(sum / Math.max(1, samples.length));
  }

  @Test
  void listenWritesOneFilePerCallEachCompleteWhenItsCallEnds(@TempDir Path dir) throws Exception {
    try (LocalOverlay overlay = LocalOverlay.start(3)) {
      Path rec = dir.resolve("heard.wav");
      AutoAnswerListener started =
          AutoAnswerListener.start(overlay, dir, 2, "--record", rec.toString());
      String bootstrap = started.bootstrap();
      Path callerId = started.callerId();
      Path speechFile = started.speechFile();
      Cli listener = started.cli();
      CompletableFuture<Integer> listening = started.exit();
      String peer = started.peer();
      assertThat(rec).exists();

      Cli first = new Cli();
      int firstCode =
          first.run(
              "call",
              peer,
              "--id-file",
              callerId.toString(),
              "--bootstrap",
              bootstrap,
              "--play",
              speechFile.toString(),
              "--seconds",
              "2");
      assertThat(firstCode).as(first.out + "\n" + first.err).isZero();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> listener.out.toString().contains("Wrote what we heard to " + rec));
      assertThat(listening).isNotDone();
      PcmClip heardFirst = WavFile.read(rec);
      assertThat(heardFirst.sampleRate()).isEqualTo(48_000);
      assertThat(heardFirst.durationSeconds()).isBetween(1.0, 4.0);
      assertThat(rms(heardFirst.samples())).isGreaterThan(100);
      assertThat(dir.resolve("heard-2.wav")).doesNotExist();

      Cli second = new Cli();
      Path callerRec = dir.resolve("caller.wav");
      int secondCode =
          second.run(
              "call",
              peer,
              "--id-file",
              callerId.toString(),
              "--bootstrap",
              bootstrap,
              "--play",
              speechFile.toString(),
              "--seconds",
              "2",
              "--record",
              callerRec.toString(),
              "--json",
              dir.resolve("call.json").toString());
      assertThat(secondCode).as(second.out + "\n" + second.err).isZero();
      assertThat(listening.get(30, java.util.concurrent.TimeUnit.SECONDS)).isZero();
      Path rec2 = dir.resolve("heard-2.wav");
      assertThat(listener.out.toString()).contains("Wrote what we heard to " + rec2);
      assertThat(WavFile.read(rec2).durationSeconds()).isBetween(1.0, 4.0);
      assertThat(rms(WavFile.read(rec2).samples())).isGreaterThan(100);
      assertThat(WavFile.read(rec).samples()).isEqualTo(heardFirst.samples());
      assertThat(dir.resolve("heard-3.wav")).doesNotExist();
      assertThat(second.out.toString()).contains("Wrote what we heard to " + callerRec);
      assertThat(WavFile.read(callerRec).durationSeconds()).isBetween(1.0, 4.0);
      assertThat(dir.resolve("caller-2.wav")).doesNotExist();
      // both sides play the same speech: what the caller heard matches what it played
      double correlation =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(dir.resolve("call.json").toFile())
              .at("/audio/envelope_correlation")
              .asDouble();
      assertThat(correlation).as(second.out.toString()).isGreaterThan(0.8);
    }
  }
}
