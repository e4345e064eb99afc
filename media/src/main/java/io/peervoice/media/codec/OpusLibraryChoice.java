package io.peervoice.media.codec;

/**
 * Which libopus the process loads. The system library (Debian {@code libopus0}: 1.3.1) has better
 * FEC and concealment than the 1.1.2 bundled in opus-java.
 */
public enum OpusLibraryChoice {
  /** The system libopus when it is newer than the bundled one, else the bundled one. */
  AUTO,
  /** The system libopus; failing if there is none. */
  SYSTEM,
  /** The libopus bundled in the opus-java jar. */
  BUNDLED
}
