package io.peervoice.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.media.codec.internal.OpusLibraryResolver;
import io.peervoice.media.codec.internal.OpusLibraryResolver.Resolution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpusLibraryChoiceTest {
  private static final Path NEW = Path.of("/lib/new/libopus.so.0");
  private static final Path OLD = Path.of("/lib/old/libopus.so.0");
  private static final Map<Path, String> VERSIONS =
      Map.of(NEW, "libopus 1.3.1", OLD, "libopus 1.1");

  private static Resolution resolve(OpusLibraryChoice choice, List<Path> present) {
    return OpusLibraryResolver.resolve(
        choice, List.of(NEW, OLD), present::contains, p -> Optional.ofNullable(VERSIONS.get(p)));
  }

  @Test
  void autoTakesTheSystemLibraryOnlyWhenItIsNewer() {
    assertThat(resolve(OpusLibraryChoice.AUTO, List.of(NEW)))
        .isEqualTo(new Resolution(Optional.of(NEW), "libopus 1.3.1"));
    assertThat(resolve(OpusLibraryChoice.AUTO, List.of(OLD)).systemLibrary()).isEmpty();
    assertThat(resolve(OpusLibraryChoice.AUTO, List.of()).version()).isEqualTo("libopus 1.1.2");
  }

  @Test
  void theOptionForcesEitherLibrary() {
    assertThat(resolve(OpusLibraryChoice.SYSTEM, List.of(OLD)).systemLibrary()).contains(OLD);
    assertThat(resolve(OpusLibraryChoice.BUNDLED, List.of(NEW)).systemLibrary()).isEmpty();
    assertThatThrownBy(() -> resolve(OpusLibraryChoice.SYSTEM, List.of()))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("libopus0");
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
    } else {
      assertThat(version).isEqualTo(OpusLibraryResolver.BUNDLED_VERSION);
    }
    assertThatThrownBy(() -> OpusCodec.useLibrary(OpusLibraryChoice.BUNDLED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("once per process");
  }
}
