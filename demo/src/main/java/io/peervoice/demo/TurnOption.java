package io.peervoice.demo;

import io.peervoice.nat.TurnServer;
import picocli.CommandLine;

/**
 * Parses a {@code --turn} value: {@code USER:PASSWORD@HOST[:PORT]} (TURN over UDP, as before) or
 * {@code USER:PASSWORD@} followed by a TURN URI as WebRTC writes them (RFC 7065): {@code
 * turn:HOST[:PORT][?transport=udp|tcp]} or {@code turns:HOST[:PORT]} (TLS).
 */
final class TurnOption implements CommandLine.ITypeConverter<TurnServer> {
  /** The forms, for option descriptions and labels. */
  static final String FORMS =
      "USER:PASSWORD@(HOST[:PORT]|turn:HOST[:PORT][?transport=tcp]|turns:HOST[:PORT])";

  @Override
  public TurnServer convert(String value) {
    try {
      return TurnServer.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
