package io.peervoice.signaling;

/**
 * Makes text that a peer chose safe to put in a log line: control characters (including CR and LF,
 * so a peer cannot forge log lines), backslashes, and Unicode line and bidi-override characters are
 * escaped, and the result is capped in length. Use it on anything received from the network
 * (reasons, profiles, description lines, exception messages quoting them) before logging.
 */
public final class LogText {
  /** The most characters of peer text kept in one log argument. */
  public static final int MAX_CHARS = 160;

  private LogText() {}

  /** {@code text} escaped and capped at {@link #MAX_CHARS}; {@code "null"} for null. */
  public static String escape(Object text) {
    return escape(text, MAX_CHARS);
  }

  /** {@code text} escaped and capped at {@code maxChars} characters of input. */
  public static String escape(Object text, int maxChars) {
    if (text == null) {
      return "null";
    }
    String s = text.toString();
    int n = Math.min(s.length(), maxChars);
    StringBuilder b = new StringBuilder(n + 16);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20 || (c >= 0x7F && c < 0xA0) || unsafeUnicode(c)) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    if (s.length() > n) {
      b.append("...(+").append(s.length() - n).append(" chars)");
    }
    return b.toString();
  }

  /** Line and paragraph separators, bidi controls and lone surrogates. */
  private static boolean unsafeUnicode(char c) {
    return c == '\u2028'
        || c == '\u2029'
        || (c >= '\u200E' && c <= '\u200F')
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069')
        || Character.isSurrogate(c)
        || c == '\uFEFF';
  }
}
