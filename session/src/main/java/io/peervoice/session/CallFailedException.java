package io.peervoice.session;

/** A call could not be set up or carried; {@link #step()} names the step, the message why. */
public final class CallFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final CallStep step;

  public CallFailedException(CallStep step, String message, Throwable cause) {
    super(message, cause);
    this.step = step;
  }

  public CallStep step() {
    return step;
  }

  /** One line for a user: {@code call failed at ICE connectivity: ...}. */
  public String userMessage() {
    return "call failed at " + step.label() + ": " + getMessage();
  }
}
