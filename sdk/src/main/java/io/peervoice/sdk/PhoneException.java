package io.peervoice.sdk;

import java.io.IOException;

/**
 * A {@link Phone} could not do what was asked, for a reason outside the program: the network, the
 * rendezvous nodes. Subclasses name the reason ({@link NoNodeAnsweredException}).
 *
 * <p>It is an {@link IOException} (checked) because what fails is the phone's conversation with the
 * network, like {@link Phone#start(PhoneConfig)}'s bind failure; an application decides what to
 * tell its user. Futures ({@link Phone#ready()}) complete exceptionally with it: {@code
 * ExecutionException.getCause()} is the {@code PhoneException}.
 */
public class PhoneException extends IOException {
  private static final long serialVersionUID = 1L;

  public PhoneException(String message) {
    super(message);
  }

  public PhoneException(String message, Throwable cause) {
    super(message, cause);
  }
}
