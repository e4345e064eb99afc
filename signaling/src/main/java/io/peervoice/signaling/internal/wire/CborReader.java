package io.peervoice.signaling.internal.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;

/** Reads the fields of one CBOR array in order, each of an expected type and size. */
public final class CborReader implements AutoCloseable {
  private final JsonParser parser;
  private final byte[] data;
  private JsonToken pending;

  public CborReader(CBORFactory factory, byte[] data) throws WireException {
    CborScan.checkStructure(data);
    this.data = data;
    try {
      this.parser = factory.createParser(data);
      expect(JsonToken.START_ARRAY, "message");
    } catch (IOException e) {
      throw new WireException("not CBOR: " + e.getMessage(), e);
    }
  }

  private void expect(JsonToken token, String what) throws WireException {
    JsonToken t = next();
    if (t != token) {
      throw new WireException(what + ": expected " + token + ", found " + t);
    }
  }

  private JsonToken next() throws WireException {
    if (pending != null) {
      JsonToken t = pending;
      pending = null;
      return t;
    }
    try {
      return parser.nextToken();
    } catch (IOException e) {
      throw new WireException("malformed CBOR: " + e.getMessage(), e);
    }
  }

  public long integer(String field) throws WireException {
    expect(JsonToken.VALUE_NUMBER_INT, field);
    try {
      return parser.getLongValue();
    } catch (IOException e) {
      throw new WireException(field + ": integer out of range", e);
    }
  }

  public int integer(String field, int min, int max) throws WireException {
    long v = integer(field);
    if (v < min || v > max) {
      throw new WireException(field + " out of range " + min + ".." + max + ": " + v);
    }
    return (int) v;
  }

  public byte[] bytes(String field, int minLength, int maxLength) throws WireException {
    expect(JsonToken.VALUE_EMBEDDED_OBJECT, field);
    checkFits(field);
    try {
      byte[] b = parser.getBinaryValue();
      if (b.length < minLength || b.length > maxLength) {
        throw new WireException(
            field + " must be " + minLength + ".." + maxLength + " bytes, not " + b.length);
      }
      return b;
    } catch (IOException e) {
      throw new WireException(field + ": bad byte string", e);
    }
  }

  /** The parser allocates what a string claims before reading it: refuse a claim past the end. */
  private void checkFits(String field) throws WireException {
    long at = parser.currentTokenLocation().getByteOffset();
    if (at > Integer.MAX_VALUE || !CborScan.fits(data, (int) at)) {
      throw new WireException(field + ": string runs past the end of the message");
    }
  }

  /** A byte string of exactly {@code length} bytes, or empty. */
  public byte[] optionalBytes(String field, int length) throws WireException {
    byte[] b = bytes(field, 0, length);
    if (b.length != 0 && b.length != length) {
      throw new WireException(field + " must be empty or " + length + " bytes");
    }
    return b;
  }

  public String text(String field, int maxLength) throws WireException {
    expect(JsonToken.VALUE_STRING, field);
    checkFits(field);
    try {
      String s = parser.getText();
      if (s.length() > maxLength) {
        throw new WireException(field + " longer than " + maxLength);
      }
      if (!wellFormed(s)) {
        throw new WireException(field + ": not UTF-8 (RFC 3629)");
      }
      return s;
    } catch (IOException e) {
      throw new WireException(field + ": bad text", e);
    }
  }

  /**
   * The parser decodes invalid UTF-8 leniently, into unpaired surrogates that cannot be encoded
   * again; a text with one is refused.
   */
  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Enters a nested array. */
  public void startArray(String field) throws WireException {
    expect(JsonToken.START_ARRAY, field);
  }

  /** True if the current array has another element; consumes the end marker otherwise. */
  public boolean more() throws WireException {
    JsonToken t = next();
    if (t == JsonToken.END_ARRAY) {
      return false;
    }
    if (t == null) {
      throw new WireException("truncated array");
    }
    pending = t;
    return true;
  }

  /**
   * True if the message array has another field (one a newer minor version appended); unlike {@link
   * #more()} it leaves the end marker for {@link #end()}.
   */
  public boolean hasField() throws WireException {
    JsonToken t = next();
    pending = t;
    return t != null && t != JsonToken.END_ARRAY;
  }

  /** Ignores elements a newer minor version may have appended, then checks nothing follows. */
  public void end() throws WireException {
    int depth = 1;
    while (depth > 0) {
      JsonToken t = next();
      if (t == null) {
        throw new WireException("truncated message");
      }
      if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_EMBEDDED_OBJECT) {
        checkFits("appended field"); // skipping it would read what it claims
      }
      if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
        depth++;
      } else if (t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT) {
        depth--;
      }
    }
    if (next() != null) {
      throw new WireException("trailing bytes after the message");
    }
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      // nothing held
    }
  }
}
