package io.peervoice.demo;

import java.net.InetSocketAddress;
import picocli.CommandLine;

/** Parses {@code HOST:PORT} and {@code [IPv6]:PORT} for picocli, with a clear error. */
final class HostPort implements CommandLine.ITypeConverter<InetSocketAddress> {

  @Override
  public InetSocketAddress convert(String value) {
    return parse(value);
  }

  static InetSocketAddress parse(String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new CommandLine.TypeConversionException("expected HOST:PORT, got '" + value + "'");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException("bad port in '" + value + "'");
    }
    if (port < 0 || port > 0xFFFF) {
      throw new CommandLine.TypeConversionException("port out of range in '" + value + "'");
    }
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new CommandLine.TypeConversionException("cannot resolve host '" + host + "'");
    }
    return address;
  }

  static String format(InetSocketAddress address) {
    return format(address.getAddress().getHostAddress(), address.getPort());
  }

  /** {@code host:port}, an IPv6 literal in brackets. */
  static String format(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
