package io.peervoice.demo;

import io.peervoice.nat.StunServer;
import io.peervoice.nat.TurnServer;
import io.peervoice.signaling.WebIceServer;
import java.util.Locale;
import picocli.CommandLine;

/**
 * S7 webmedia: parses a {@code node --ice-server} value, a server for the browsers' ICE as WebRTC
 * users write them: {@code stun:HOST[:PORT]}, or {@code USER:PASSWORD@} followed by a TURN URI
 * ({@code turn:HOST[:PORT][?transport=udp|tcp]}, {@code turns:HOST[:PORT]}), checked by the same
 * parsers as a phone's {@code --stun} and {@code --turn} ({@link StunServer}, {@link TurnServer}).
 */
final class IceServerOption implements CommandLine.ITypeConverter<WebIceServer> {
  /** The forms, for the option's label. */
  static final String FORMS =
      "stun:HOST[:PORT]|USER:PASSWORD@(turn|turns):HOST[:PORT][?transport=..]";

  @Override
  public WebIceServer convert(String value) {
    try {
      if (value.toLowerCase(Locale.ROOT).startsWith("stun:")) {
        StunServer.parse(value.substring("stun:".length()));
        return new WebIceServer(value, null, null);
      }
      int at = value.lastIndexOf('@');
      TurnServer turn = TurnServer.parse(value);
      String uri = value.substring(at + 1);
      if (!uri.toLowerCase(Locale.ROOT).startsWith("turn")) {
        throw new IllegalArgumentException("a browser takes stun:, turn: or turns: URIs: " + value);
      }
      return new WebIceServer(uri, turn.username(), turn.password());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException("--ice-server: " + e.getMessage());
    }
  }
}
