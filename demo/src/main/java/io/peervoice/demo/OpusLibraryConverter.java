package io.peervoice.demo;

import io.peervoice.media.codec.OpusLibraryChoice;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code auto}, {@code system} or {@code bundled}. */
final class OpusLibraryConverter implements ITypeConverter<OpusLibraryChoice> {
  @Override
  public OpusLibraryChoice convert(String value) {
    try {
      return OpusLibraryChoice.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("expected auto, system or bundled, got '" + value + "'");
    }
  }
}
