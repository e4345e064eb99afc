package io.peervoice.nat;

/** ICE could not give a media path; {@link #step()} says where it stopped. */
public final class IceException extends Exception {
  private static final long serialVersionUID = 1L;

  private final IceStep step;

  public IceException(IceStep step, String message) {
    super(message);
    this.step = step;
  }

  public IceException(IceStep step, String message, Throwable cause) {
    super(message, cause);
    this.step = step;
  }

  public IceStep step() {
    return step;
  }
}
