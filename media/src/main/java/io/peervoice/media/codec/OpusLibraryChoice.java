package io.peervoice.media.codec;

/**
 * Which libopus the process loads. Newer libopus encodes faster (1.5.2 takes about 30% less CPU
 * than 1.3.1 at complexity 10) and has better FEC and concealment than the 1.1.2 bundled in
 * opus-java. See {@link OpusLibraryRequest} for how a choice is given.
 */
public enum OpusLibraryChoice {
  /**
   * The newest of the libraries in the PeerVoice library directory ({@link
   * OpusCodec#libraryDirectory()}) and the system's, when newer than the bundled one; else the
   * bundled one.
   */
  AUTO,
  /** The system libopus; failing if there is none. */
  SYSTEM,
  /** The libopus bundled in the opus-java jar. */
  BUNDLED,
  /** One library file, named by path; failing if it is missing or not a loadable libopus. */
  FILE
}
