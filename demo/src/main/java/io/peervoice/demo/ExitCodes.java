package io.peervoice.demo;

/**
 * The exit codes of {@code peervoice listen} and {@code peervoice call}; the README lists them.
 * Other commands use {@link #OK}, {@link #INTERNAL_ERROR} and {@link #BAD_INVOCATION} the same way.
 *
 * <table>
 *   <caption>exit codes</caption>
 *   <tr><td>0</td><td>the call connected and carried audio both ways; a listener stopped normally
 *       with all its calls fine; or a call declined or busy by our user's choice</td></tr>
 *   <tr><td>1</td><td>an unexpected internal error</td></tr>
 *   <tr><td>2</td><td>bad invocation, file or identity: anything caught before the network</td></tr>
 *   <tr><td>3</td><td>no rendezvous node answered</td></tr>
 *   <tr><td>4</td><td>the callee could not be reached</td></tr>
 *   <tr><td>5</td><td>not answered: declined, busy, no answer, cancelled by the peer</td></tr>
 *   <tr><td>6</td><td>media failed, or the peer vanished</td></tr>
 *   <tr><td>7</td><td>connected, but audio missing in a direction</td></tr>
 *   <tr><td>8</td><td>a local audio device failed</td></tr>
 *   <tr><td>130</td><td>interrupted (Ctrl-C or SIGTERM) before the call was answered</td></tr>
 * </table>
 */
final class ExitCodes {
  static final int OK = 0;
  static final int INTERNAL_ERROR = 1;
  static final int BAD_INVOCATION = 2;
  static final int NO_NODE_ANSWERED = 3;
  static final int UNREACHABLE = 4;
  static final int NOT_ANSWERED = 5;
  static final int MEDIA_FAILED = 6;
  static final int NO_AUDIO = 7;
  static final int DEVICE_FAILED = 8;
  static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
