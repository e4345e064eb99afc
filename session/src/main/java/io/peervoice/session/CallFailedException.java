package io.peervoice.session;

/** A call could not be set up or carried; {@link #step()} names the step, the message why. */
public final class CallFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final CallStep step;

  public CallFailedException(CallStep step, String message, Throwable cause) {
    super(message, cause);
    this.step = step;
  }

  /**
   * {@code error}, unwrapped from a {@link java.util.concurrent.CompletionException}, as a failure
   * at {@code step} with {@code prefix} before its message.
   */
  static CallFailedException at(CallStep step, String prefix, Throwable error) {
    Throwable cause =
        error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause()
            : error;
    return new CallFailedException(step, prefix + cause.getMessage(), cause);
  }

  public CallStep step() {
    return step;
  }

  /** One line for a user: {@code call failed at ICE connectivity: ...}. */
  public String userMessage() {
    return "call failed at " + step.label() + ": " + getMessage();
  }
}
