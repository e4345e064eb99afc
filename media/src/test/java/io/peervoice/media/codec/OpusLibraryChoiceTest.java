package io.peervoice.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.media.codec.internal.OpusLibraryResolver;
import io.peervoice.media.codec.internal.OpusLibraryResolver.Candidate;
import io.peervoice.media.codec.internal.OpusLibraryResolver.Origin;
import io.peervoice.media.codec.internal.OpusLibraryResolver.Resolution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpusLibraryChoiceTest {
  private static final Path NEW = Path.of("/lib/new/libopus.so.0");
  private static final Path OLD = Path.of("/lib/old/libopus.so.0");
  private static final Path MINE = Path.of("/home/u/.local/share/peervoice/lib/libopus.so.0");
  private static final Path GIVEN = Path.of("/opt/opus/libopus.so.0");
  private static final Path JUNK = Path.of("/tmp/junk.so");
  private static final Map<Path, String> VERSIONS =
      Map.of(
          NEW, "libopus 1.3.1",
          OLD, "libopus 1.1",
          MINE, "libopus 1.5.2",
          GIVEN, "libopus 1.4");
  private static final List<Candidate> CANDIDATES =
      List.of(
          new Candidate(MINE, Origin.LIBRARY_DIRECTORY),
          new Candidate(NEW, Origin.SYSTEM),
          new Candidate(OLD, Origin.SYSTEM));

  private static Resolution resolve(OpusLibraryRequest request, List<Path> present) {
    return OpusLibraryResolver.resolve(
        request,
        CANDIDATES,
        present::contains,
        p -> {
          String v = VERSIONS.get(p);
          if (v == null) {
            throw new CodecException("not an ELF shared library");
          }
          return v;
        });
  }

  private static Resolution resolve(OpusLibraryChoice choice, List<Path> present) {
    return resolve(OpusLibraryRequest.of(choice), present);
  }

  @Test
  void autoTakesTheSystemLibraryOnlyWhenItIsNewer() {
    assertThat(resolve(OpusLibraryChoice.AUTO, List.of(NEW)))
        .isEqualTo(new Resolution(Optional.of(NEW), "libopus 1.3.1", Origin.SYSTEM));
    assertThat(resolve(OpusLibraryChoice.AUTO, List.of(OLD)).library()).isEmpty();
    assertThat(resolve(OpusLibraryChoice.AUTO, List.of()))
        .isEqualTo(new Resolution(Optional.empty(), "libopus 1.1.2", Origin.BUNDLED));
  }

  @Test
  void autoTakesTheNewestOfTheLibraryDirectoryAndTheSystem() {
    Resolution r = resolve(OpusLibraryChoice.AUTO, List.of(MINE, NEW, OLD));
    assertThat(r)
        .isEqualTo(new Resolution(Optional.of(MINE), "libopus 1.5.2", Origin.LIBRARY_DIRECTORY));
    assertThat(r.describe()).isEqualTo(MINE + " (PeerVoice library directory)");
    // newest wins whatever the order: the system's 1.3.1 beats an older library directory file
    List<Candidate> olderMine =
        List.of(new Candidate(OLD, Origin.LIBRARY_DIRECTORY), new Candidate(NEW, Origin.SYSTEM));
    assertThat(
            OpusLibraryResolver.resolve(
                    OpusLibraryRequest.auto(), olderMine, p -> true, VERSIONS::get)
                .library())
        .contains(NEW);
  }

  @Test
  void autoSkipsACandidateThatIsNotALibopus() {
    List<Candidate> withJunk =
        List.of(new Candidate(JUNK, Origin.LIBRARY_DIRECTORY), new Candidate(NEW, Origin.SYSTEM));
    Resolution r =
        OpusLibraryResolver.resolve(
            OpusLibraryRequest.auto(),
            withJunk,
            p -> true,
            p -> {
              if (p.equals(JUNK)) {
                throw new CodecException("not an ELF shared library");
              }
              return VERSIONS.get(p);
            });
    assertThat(r.library()).contains(NEW);
  }

  @Test
  void theOptionForcesEitherLibrary() {
    assertThat(resolve(OpusLibraryChoice.SYSTEM, List.of(OLD)).library()).contains(OLD);
    // system means the distribution's, not the library directory's newer one
    assertThat(resolve(OpusLibraryChoice.SYSTEM, List.of(MINE, NEW)).library()).contains(NEW);
    assertThat(resolve(OpusLibraryChoice.BUNDLED, List.of(NEW, MINE)).library()).isEmpty();
    assertThatThrownBy(() -> resolve(OpusLibraryChoice.SYSTEM, List.of(MINE)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("libopus0");
  }

  @Test
  void anExplicitFileIsUsedEvenWhenOlderThanOthers() {
    Resolution r = resolve(OpusLibraryRequest.file(GIVEN), List.of(GIVEN, MINE, NEW));
    assertThat(r).isEqualTo(new Resolution(Optional.of(GIVEN), "libopus 1.4", Origin.FILE));
    assertThat(r.describe()).isEqualTo(GIVEN + " (given file)");
  }

  @Test
  void aMissingOrInvalidFileIsAnErrorThatSaysWhatToDo() {
    assertThatThrownBy(() -> resolve(OpusLibraryRequest.file(GIVEN), List.of(NEW)))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("libopus file " + GIVEN + " does not exist or is not readable")
        .hasMessageContaining("fetch-libopus.sh")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> resolve(OpusLibraryRequest.file(JUNK), List.of(JUNK)))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith(JUNK + " is not a loadable libopus: not an ELF shared library")
        .hasMessageContaining("auto, system or bundled");
  }

  @Test
  void theRealProbeExplainsAFileThatIsNotALibrary(@TempDir Path dir) throws Exception {
    Path text = Files.writeString(dir.resolve("libopus.so.0"), "hello\n");
    assertThatThrownBy(() -> OpusCodec.checkLibraryFile(text))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("not an ELF shared library")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> OpusCodec.checkLibraryFile(dir.resolve("nosuch.so")))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void requestsParseWordsAndPathsAndComeFromSettings() {
    assertThat(OpusLibraryRequest.parse("System"))
        .isEqualTo(OpusLibraryRequest.of(OpusLibraryChoice.SYSTEM));
    assertThat(OpusLibraryRequest.parse("/opt/opus/libopus.so.0"))
        .isEqualTo(OpusLibraryRequest.file(GIVEN));
    assertThatThrownBy(() -> OpusLibraryRequest.parse(" "))
        .isInstanceOf(IllegalArgumentException.class);
    Map<String, String> env = Map.of("PEERVOICE_OPUS_LIBRARY", "bundled");
    assertThat(OpusLibraryRequest.fromSettings(k -> null, env::get))
        .isEqualTo(OpusLibraryRequest.of(OpusLibraryChoice.BUNDLED));
    assertThat(
            OpusLibraryRequest.fromSettings(
                Map.of("peervoice.opus.library", GIVEN.toString())::get, env::get))
        .isEqualTo(OpusLibraryRequest.file(GIVEN));
    assertThat(OpusLibraryRequest.fromSettings(k -> null, k -> null))
        .isEqualTo(OpusLibraryRequest.auto());
    assertThatThrownBy(
            () ->
                OpusLibraryRequest.fromSettings(
                    k -> null, Map.of("PEERVOICE_OPUS_LIBRARY", "")::get))
        .hasMessageStartingWith("PEERVOICE_OPUS_LIBRARY: ");
  }

  @Test
  void theLibraryDirectoryFollowsPeervoiceHomeThenXdg() {
    Path home = Path.of("/home/u");
    assertThat(OpusLibraryResolver.libraryDirectory(k -> null, home))
        .isEqualTo(Path.of("/home/u/.local/share/peervoice/lib"));
    assertThat(OpusLibraryResolver.libraryDirectory(Map.of("XDG_DATA_HOME", "/data")::get, home))
        .isEqualTo(Path.of("/data/peervoice/lib"));
    assertThat(
            OpusLibraryResolver.libraryDirectory(
                Map.of("XDG_DATA_HOME", "/data", "PEERVOICE_HOME", "/pv")::get, home))
        .isEqualTo(Path.of("/pv/lib"));
  }

  @Test
  void theLoadedLibraryIsTheNewestAvailableAndItsVersionIsReported() {
    boolean systemPresent =
        OpusLibraryResolver.SYSTEM_CANDIDATES.stream().anyMatch(Files::isReadable);
    String version = OpusCodec.libraryVersion();
    if (systemPresent) {
      assertThat(version)
          .isNotEqualTo(OpusLibraryResolver.BUNDLED_VERSION)
          .startsWith("libopus 1.");
      assertThat(OpusCodec.libraryOrigin()).contains("libopus.so.0 (");
    } else {
      assertThat(version).isEqualTo(OpusLibraryResolver.BUNDLED_VERSION);
    }
    assertThatThrownBy(() -> OpusCodec.useLibrary(OpusLibraryChoice.BUNDLED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("once per process");
  }
}
