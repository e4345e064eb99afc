package io.peervoice.media.codec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A requested libopus: {@code auto}, {@code system}, {@code bundled} or the path of a library file.
 * The CLI's {@code --opus-lib} takes the same words as the system property {@value #PROPERTY} and
 * the environment variable {@value #ENVIRONMENT}; the property wins over the variable, and an
 * explicit {@link OpusCodec#useLibrary(OpusLibraryRequest)} over both.
 *
 * @param choice what kind of library
 * @param file the library file, present exactly when {@code choice} is {@link
 *     OpusLibraryChoice#FILE}
 */
public record OpusLibraryRequest(OpusLibraryChoice choice, Optional<Path> file) {
  /** System property naming the libopus to load. */
  public static final String PROPERTY = "peervoice.opus.library";

  /** Environment variable naming the libopus to load (below the system property). */
  public static final String ENVIRONMENT = "PEERVOICE_OPUS_LIBRARY";

  public OpusLibraryRequest {
    if (choice == null || file == null) {
      throw new IllegalArgumentException("choice and file must not be null");
    }
    if ((choice == OpusLibraryChoice.FILE) != file.isPresent()) {
      throw new IllegalArgumentException("a file is given exactly for OpusLibraryChoice.FILE");
    }
  }

  /** The default: the newest library found, see {@link OpusLibraryChoice#AUTO}. */
  public static OpusLibraryRequest auto() {
    return of(OpusLibraryChoice.AUTO);
  }

  /** {@code auto}, {@code system} or {@code bundled}. */
  public static OpusLibraryRequest of(OpusLibraryChoice choice) {
    return new OpusLibraryRequest(choice, Optional.empty());
  }

  /** One library file (its existence is checked when the library is loaded or probed). */
  public static OpusLibraryRequest file(Path library) {
    return new OpusLibraryRequest(OpusLibraryChoice.FILE, Optional.of(library));
  }

  /**
   * Parses {@code auto}, {@code system}, {@code bundled} (any case) or a path.
   *
   * @throws IllegalArgumentException if the value is blank
   */
  public static OpusLibraryRequest parse(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "expected auto, system, bundled or the path of a libopus.so.0, got an empty value");
    }
    String word = value.strip().toLowerCase(Locale.ROOT);
    return switch (word) {
      case "auto" -> of(OpusLibraryChoice.AUTO);
      case "system" -> of(OpusLibraryChoice.SYSTEM);
      case "bundled" -> of(OpusLibraryChoice.BUNDLED);
      default -> file(Path.of(value.strip()));
    };
  }

  /**
   * The request the process's settings make: {@value #PROPERTY}, else {@value #ENVIRONMENT}, else
   * {@link #auto()}.
   *
   * @param properties system property lookup, e.g. {@code System::getProperty}
   * @param environment environment lookup, e.g. {@code System::getenv}
   * @throws IllegalArgumentException naming the setting, if it is set but blank
   */
  public static OpusLibraryRequest fromSettings(
      UnaryOperator<String> properties, UnaryOperator<String> environment) {
    String property = properties.apply(PROPERTY);
    if (property != null) {
      return parseSetting("-D" + PROPERTY, property);
    }
    String variable = environment.apply(ENVIRONMENT);
    return variable == null ? auto() : parseSetting(ENVIRONMENT, variable);
  }

  /** {@link #fromSettings} of this process. */
  public static OpusLibraryRequest fromSettings() {
    return fromSettings(System::getProperty, System::getenv);
  }

  private static OpusLibraryRequest parseSetting(String name, String value) {
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return file.map(Path::toString).orElse(choice.name().toLowerCase(Locale.ROOT));
  }
}
