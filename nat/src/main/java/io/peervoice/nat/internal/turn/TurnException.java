package io.peervoice.nat.internal.turn;

/**
 * A TURN allocation that could not be made or kept, with a reason a user can act on (e.g. "TURN
 * server rejected the credentials"). Carries the STUN error code when the server gave one.
 */
public final class TurnException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int errorCode;

  /**
   * @param errorCode the server's ERROR-CODE (RFC 8489 §14.8), or 0 if none
   */
  public TurnException(String message, int errorCode, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
  }

  public TurnException(String message) {
    this(message, 0, null);
  }

  /**
   * The server's STUN error code (e.g. 401, 486), or 0 if the failure was not an error response.
   */
  public int errorCode() {
    return errorCode;
  }
}
