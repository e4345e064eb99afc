package io.peervoice.demo;

import io.peervoice.media.codec.CodecException;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.codec.OpusLibraryRequest;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code auto}, {@code system}, {@code bundled} or the path of a libopus, checking at once
 * that the file is a loadable libopus (so a wrong path is one line before anything starts).
 */
final class OpusLibraryConverter implements ITypeConverter<OpusLibraryRequest> {
  @Override
  public OpusLibraryRequest convert(String value) {
    OpusLibraryRequest request;
    try {
      request = OpusLibraryRequest.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
    if (request.file().isPresent()) {
      try {
        OpusCodec.checkLibraryFile(request.file().get());
      } catch (CodecException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
    return request;
  }
}
