package io.peervoice.media.codec.internal;

import io.peervoice.media.codec.CodecException;
import io.peervoice.media.codec.OpusLibraryChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Decides which libopus to load: pure, with the file check and version probe passed in. */
public final class OpusLibraryResolver {
  /** The version inside opus-java 1.1.1's natives. */
  public static final String BUNDLED_VERSION = "libopus 1.1.2";

  /** Where Debian, Fedora and others put the system library. */
  public static final List<Path> SYSTEM_CANDIDATES =
      List.of(
          Path.of("/usr/lib/x86_64-linux-gnu/libopus.so.0"),
          Path.of("/usr/lib/aarch64-linux-gnu/libopus.so.0"),
          Path.of("/usr/lib64/libopus.so.0"),
          Path.of("/usr/lib/libopus.so.0"));

  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

  /** The decision: a system library path, or empty for the bundled library. */
  public record Resolution(Optional<Path> systemLibrary, String version) {}

  private OpusLibraryResolver() {}

  public static Resolution resolve(
      OpusLibraryChoice choice,
      List<Path> candidates,
      java.util.function.Predicate<Path> exists,
      Function<Path, Optional<String>> probeVersion) {
    if (choice == OpusLibraryChoice.BUNDLED) {
      return new Resolution(Optional.empty(), BUNDLED_VERSION);
    }
    for (Path candidate : candidates) {
      if (!exists.test(candidate)) {
        continue;
      }
      Optional<String> version = probeVersion.apply(candidate);
      if (version.isEmpty()) {
        continue;
      }
      if (choice == OpusLibraryChoice.SYSTEM || compare(version.get(), BUNDLED_VERSION) > 0) {
        return new Resolution(Optional.of(candidate), version.get());
      }
      return new Resolution(Optional.empty(), BUNDLED_VERSION);
    }
    if (choice == OpusLibraryChoice.SYSTEM) {
      throw new CodecException(
          "no usable system libopus in " + candidates + " (Debian: apt-get install libopus0)");
    }
    return new Resolution(Optional.empty(), BUNDLED_VERSION);
  }

  /** Resolves against the real file system, probing versions through JNA. */
  public static Resolution resolve(OpusLibraryChoice choice) {
    return resolve(choice, SYSTEM_CANDIDATES, Files::isReadable, OpusLibraryResolver::probe);
  }

  private static Optional<String> probe(Path library) {
    try {
      com.sun.jna.NativeLibrary lib = com.sun.jna.NativeLibrary.getInstance(library.toString());
      return Optional.ofNullable(
          lib.getFunction("opus_get_version_string").invokeString(new Object[0], false));
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Compares version strings such as {@code libopus 1.3.1} numerically; unknown sorts lowest. */
  static int compare(String a, String b) {
    int[] x = numbers(a);
    int[] y = numbers(b);
    for (int i = 0; i < 3; i++) {
      if (x[i] != y[i]) {
        return Integer.compare(x[i], y[i]);
      }
    }
    return 0;
  }

  private static int[] numbers(String version) {
    Matcher m = VERSION.matcher(version);
    if (!m.find()) {
      return new int[] {-1, -1, -1};
    }
    return new int[] {
      Integer.parseInt(m.group(1)),
      Integer.parseInt(m.group(2)),
      m.group(3) == null ? 0 : Integer.parseInt(m.group(3))
    };
  }
}
