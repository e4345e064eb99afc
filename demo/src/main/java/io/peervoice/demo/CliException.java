package io.peervoice.demo;

/**
 * A user's mistake or a failure the CLI explains in one line: {@link CliErrors} prints {@code
 * peervoice <command>: <message>} and the process exits with {@link #exitCode()} (the numbers are
 * the CLI's documented exit codes: 2 bad invocation, file or identity; 3 no rendezvous node
 * answered; 8 local device failed).
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Bad invocation, bad file or bad identity: anything caught before the network. */
  static final int BAD_INVOCATION = 2;

  /** No rendezvous node answered. */
  static final int NO_NODE = 3;

  /** A local audio device failed or is missing. */
  static final int DEVICE_FAILED = 8;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  static CliException badInvocation(String message) {
    return new CliException(BAD_INVOCATION, message);
  }

  int exitCode() {
    return exitCode;
  }
}
