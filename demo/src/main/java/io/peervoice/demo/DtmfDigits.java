package io.peervoice.demo;

import io.peervoice.media.dtmf.DtmfEvent;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --dtmf DIGITS} checked while parsing, so a bad digit is refused before anything rings: 1
 * to {@value #MAX_DIGITS} of {@code 0-9 * # A-D} (lower case accepted), as RFC 4733 sends them.
 */
final class DtmfDigits implements ITypeConverter<String> {
  static final int MAX_DIGITS = 64;

  @Override
  public String convert(String value) {
    if (value.isEmpty()) {
      throw new TypeConversionException("no digits; give some of 0-9 * # A-D, e.g. 123#");
    }
    if (value.length() > MAX_DIGITS) {
      throw new TypeConversionException(
          value.length() + " digits; at most " + MAX_DIGITS + " are sent in one call");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      try {
        DtmfEvent.codeOf(c);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'"
                + CliErrors.oneLine(value)
                + "' has '"
                + CliErrors.oneLine(String.valueOf(c))
                + "' at position "
                + (i + 1)
                + ", not a DTMF digit; use 0-9 * # A-D");
      }
    }
    return value;
  }
}
