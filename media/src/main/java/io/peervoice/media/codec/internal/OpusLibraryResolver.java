package io.peervoice.media.codec.internal;

import io.peervoice.media.codec.CodecException;
import io.peervoice.media.codec.OpusLibraryRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which libopus to load: pure, with the file check and version probe passed in. Candidates
 * are the PeerVoice library directory's {@code libopus.so.0} and the system's; {@code auto} takes
 * the newest of them when it is newer than the bundled one.
 */
public final class OpusLibraryResolver {
  private static final Logger LOG = LoggerFactory.getLogger(OpusLibraryResolver.class);

  /** The version inside opus-java 1.1.1's natives. */
  public static final String BUNDLED_VERSION = "libopus 1.1.2";

  /** The file name looked for in the PeerVoice library directory. */
  public static final String LIBRARY_FILE = "libopus.so.0";

  /** Where Debian, Fedora and others put the system library. */
  public static final List<Path> SYSTEM_CANDIDATES =
      List.of(
          Path.of("/usr/lib/x86_64-linux-gnu/libopus.so.0"),
          Path.of("/usr/lib/aarch64-linux-gnu/libopus.so.0"),
          Path.of("/usr/lib64/libopus.so.0"),
          Path.of("/usr/lib/libopus.so.0"));

  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

  /** Where a library came from. */
  public enum Origin {
    /** Named by {@code --opus-lib}, {@code -Dpeervoice.opus.library} or the environment. */
    FILE("given file"),
    /** The PeerVoice library directory, e.g. installed by {@code media/tools/fetch-libopus.sh}. */
    LIBRARY_DIRECTORY("PeerVoice library directory"),
    /** The distribution's package. */
    SYSTEM("system library"),
    /** Inside the opus-java jar. */
    BUNDLED("bundled");

    private final String label;

    Origin(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** A file that may hold a libopus. */
  public record Candidate(Path path, Origin origin) {}

  /** The decision: a library file, or empty for the bundled library. */
  public record Resolution(Optional<Path> library, String version, Origin origin) {
    /**
     * E.g. {@code /usr/lib/x86_64-linux-gnu/libopus.so.0 (system library)} or {@code the opus-java
     * jar (bundled)}.
     */
    public String describe() {
      return library
          .map(p -> p + " (" + origin.label() + ")")
          .orElse("the opus-java jar (bundled)");
    }
  }

  /** Reads a library's version string; throws a {@link CodecException} saying why it cannot. */
  @FunctionalInterface
  public interface VersionProbe {
    String version(Path library);
  }

  private OpusLibraryResolver() {}

  /**
   * Resolves a request.
   *
   * @param candidates the library directory's candidates first, then the system's
   * @throws CodecException if a given file is missing or not a libopus, or {@code system} finds
   *     none
   */
  public static Resolution resolve(
      OpusLibraryRequest request,
      List<Candidate> candidates,
      Predicate<Path> exists,
      VersionProbe probe) {
    return switch (request.choice()) {
      case BUNDLED -> bundled();
      case FILE -> {
        Path file = request.file().orElseThrow();
        yield new Resolution(Optional.of(file), checkFile(file, exists, probe), Origin.FILE);
      }
      case SYSTEM -> {
        List<Candidate> system =
            candidates.stream().filter(c -> c.origin() == Origin.SYSTEM).toList();
        yield usable(system, exists, probe).stream()
            .findFirst()
            .orElseThrow(
                () ->
                    new CodecException(
                        "no usable system libopus in "
                            + system.stream().map(Candidate::path).toList()
                            + " (Debian: apt-get install libopus0)"));
      }
      case AUTO -> {
        Resolution best = bundled();
        for (Resolution found : usable(candidates, exists, probe)) {
          if (compare(found.version(), best.version()) > 0) {
            best = found;
          }
        }
        yield best;
      }
    };
  }

  /** Resolves against the real file system and settings, probing versions through JNA. */
  public static Resolution resolve(OpusLibraryRequest request) {
    return resolve(
        request,
        candidates(libraryDirectory(System::getenv, Path.of(System.getProperty("user.home")))),
        Files::isReadable,
        OpusLibraryResolver::probe);
  }

  /**
   * The PeerVoice library directory: {@code $PEERVOICE_HOME/lib} when that is set, else {@code
   * $XDG_DATA_HOME/peervoice/lib}, else {@code ~/.local/share/peervoice/lib}.
   */
  public static Path libraryDirectory(UnaryOperator<String> environment, Path home) {
    String peervoiceHome = environment.apply("PEERVOICE_HOME");
    if (peervoiceHome != null && !peervoiceHome.isBlank()) {
      return Path.of(peervoiceHome, "lib");
    }
    String xdg = environment.apply("XDG_DATA_HOME");
    Path data =
        xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local").resolve("share");
    return data.resolve("peervoice").resolve("lib");
  }

  /** The library directory's file, then the system's. */
  public static List<Candidate> candidates(Path libraryDirectory) {
    List<Candidate> all = new ArrayList<>();
    all.add(new Candidate(libraryDirectory.resolve(LIBRARY_FILE), Origin.LIBRARY_DIRECTORY));
    SYSTEM_CANDIDATES.forEach(p -> all.add(new Candidate(p, Origin.SYSTEM)));
    return all;
  }

  /**
   * The version of a library file the user named.
   *
   * @throws CodecException saying what is wrong and what to do
   */
  public static String checkFile(Path file, Predicate<Path> exists, VersionProbe probe) {
    String fix =
        "; give the path of a libopus.so.0 (media/tools/fetch-libopus.sh installs one in the"
            + " PeerVoice library directory) or auto, system or bundled";
    if (!exists.test(file)) {
      throw new CodecException("libopus file " + file + " does not exist or is not readable" + fix);
    }
    try {
      return probe.version(file);
    } catch (CodecException e) {
      throw new CodecException(file + " is not a loadable libopus: " + e.getMessage() + fix, e);
    }
  }

  /** {@link #checkFile} against the real file system. */
  public static String checkFile(Path file) {
    return checkFile(file, Files::isReadable, OpusLibraryResolver::probe);
  }

  private static Resolution bundled() {
    return new Resolution(Optional.empty(), BUNDLED_VERSION, Origin.BUNDLED);
  }

  private static List<Resolution> usable(
      List<Candidate> candidates, Predicate<Path> exists, VersionProbe probe) {
    List<Resolution> found = new ArrayList<>();
    for (Candidate candidate : candidates) {
      if (!exists.test(candidate.path())) {
        continue;
      }
      try {
        found.add(
            new Resolution(
                Optional.of(candidate.path()),
                probe.version(candidate.path()),
                candidate.origin()));
      } catch (CodecException e) {
        LOG.warn("libopus candidate {} skipped: {}", candidate.path(), e.getMessage());
      }
    }
    return found;
  }

  private static final byte[] ELF = {0x7f, 'E', 'L', 'F'};

  /** Opens the library through JNA and asks it for its version. */
  static String probe(Path library) {
    try (InputStream in = Files.newInputStream(library)) {
      if (!Arrays.equals(in.readNBytes(4), ELF)) {
        throw new CodecException("not an ELF shared library");
      }
    } catch (IOException e) {
      throw new CodecException("cannot read it (" + e.getMessage() + ")", e);
    }
    com.sun.jna.NativeLibrary lib;
    try {
      // RTLD_LAZY without RTLD_GLOBAL: a probed candidate must never lend its symbols to the
      // libopus finally chosen (libopus calls its own exported functions through the PLT)
      lib =
          com.sun.jna.NativeLibrary.getInstance(
              library.toString(), java.util.Map.of(com.sun.jna.Library.OPTION_OPEN_FLAGS, 1));
    } catch (UnsatisfiedLinkError e) {
      throw new CodecException("the dynamic linker refused it (" + linkerReason(e) + ")", e);
    }
    try {
      String version =
          lib.getFunction("opus_get_version_string").invokeString(new Object[0], false);
      if (version == null || !version.startsWith("libopus")) {
        throw new CodecException("its version string is '" + version + "'");
      }
      return version;
    } catch (UnsatisfiedLinkError e) {
      throw new CodecException("it has no opus_get_version_string", e);
    } finally {
      lib.close(); // the probe's own handle; the chosen library is opened again to be used
    }
  }

  /** JNA's message lists every path it tried; the dynamic linker's own line says why. */
  private static String linkerReason(UnsatisfiedLinkError e) {
    String message = String.valueOf(e.getMessage());
    for (String line : message.split("\n")) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("Unable to load library") && !l.startsWith("Native")) {
        return l;
      }
    }
    return message.strip();
  }

  /** Compares version strings such as {@code libopus 1.3.1} numerically; unknown sorts lowest. */
  public static int compare(String a, String b) {
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
