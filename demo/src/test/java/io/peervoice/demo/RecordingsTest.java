package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.media.audio.CallRecording;
import io.peervoice.media.audio.WavFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingsTest {

  @Test
  void laterRecordingsAreNumberedBeforeTheExtension() {
    Path dir = Path.of("some.dir");
    assertThat(Recordings.nameOf(dir.resolve("rec.wav"), 1)).isEqualTo(dir.resolve("rec.wav"));
    assertThat(Recordings.nameOf(dir.resolve("rec.wav"), 2)).isEqualTo(dir.resolve("rec-2.wav"));
    assertThat(Recordings.nameOf(dir.resolve("a.b.wav"), 3)).isEqualTo(dir.resolve("a.b-3.wav"));
    assertThat(Recordings.nameOf(dir.resolve("rec"), 2)).isEqualTo(dir.resolve("rec-2"));
    assertThat(Recordings.nameOf(dir.resolve(".rec"), 2)).isEqualTo(dir.resolve(".rec-2"));
    assertThat(Recordings.nameOf(Path.of("rec.wav"), 10)).isEqualTo(Path.of("rec-10.wav"));
  }

  @Test
  void eachCallGetsItsOwnFileCompleteWhenItEnds(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rec.wav");
    Recordings recordings = Recordings.open(file);
    assertThat(WavFile.read(file).samples()).isEmpty();
    Object first = new Object();
    Object second = new Object();
    CallRecording a = recordings.start(first);
    CallRecording b = recordings.start(second);
    assertThat(recordings.start(first)).isSameAs(a);
    assertThat(a.path()).isEqualTo(file);
    assertThat(b.path()).isEqualTo(dir.resolve("rec-2.wav"));
    a.heard(new short[960]);
    b.heard(new short[960]);
    b.heard(new short[960]);
    recordings.complete(first);
    assertThat(WavFile.read(file).samples()).hasSize(960);
    assertThat(recordings.finish(first)).contains(file);
    assertThat(recordings.finish(first)).isEmpty();
    assertThat(recordings.finishAll()).contains(dir.resolve("rec-2.wav"));
    assertThat(WavFile.read(dir.resolve("rec-2.wav")).samples()).hasSize(1920);
    assertThat(recordings.finishAll()).contains(dir.resolve("rec-2.wav"));
    assertThatThrownBy(() -> recordings.start(new Object())).hasMessageContaining("completed");
  }

  @Test
  void bothWaysFilesAreStereoAndNumberedTheSameWay(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("both.wav");
    Recordings recordings = Recordings.open(file, true);
    CallRecording a = recordings.start("first");
    CallRecording b = recordings.start("second");
    assertThat(a.bothWays()).isTrue();
    assertThat(b.path()).isEqualTo(dir.resolve("both-2.wav"));
    a.sent(new short[960]);
    a.heard(new short[960]);
    assertThat(recordings.finish("first")).contains(file);
    assertThat(recordings.finishAll()).contains(dir.resolve("both-2.wav"));
    assertThat(java.nio.file.Files.size(file)).isEqualTo(44 + 960 * 4);
    assertThat(WavFile.read(file).samples()).hasSize(960);
  }

  @Test
  void withoutACallTheFileIsAnEmptyRecording(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("none.wav");
    assertThat(Recordings.open(file).finishAll()).contains(file);
    assertThat(WavFile.read(file).samples()).isEmpty();
  }
}
