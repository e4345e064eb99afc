package io.peervoice.nat;

/**
 * Recognises IP address literals by their text alone, never by a name lookup: a candidate whose
 * address is a host name would make the phone resolve it (blocking DNS, and a query an attacker
 * chose), so candidates must be literals (RFC 8839 <a
 * href="https://www.rfc-editor.org/rfc/rfc8839#section-5.1">§5.1</a> allows FQDNs; we refuse them).
 */
public final class IpLiteral {

  private IpLiteral() {}

  /** Whether {@code text} is a dotted-quad IPv4 or an RFC 4291 §2.2 IPv6 literal (no zone). */
  public static boolean isIpLiteral(String text) {
    return text != null && (isIpv4(text) || isIpv6(text));
  }

  static boolean isIpv4(String s) {
    if (s.isEmpty() || s.length() > 15) {
      return false;
    }
    int parts = 0;
    int digits = 0;
    int value = 0;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || value > 255) {
          return false;
        }
        parts++;
        digits = 0;
        value = 0;
      } else if (c >= '0' && c <= '9' && digits < 3) {
        value = value * 10 + (c - '0');
        digits++;
      } else {
        return false;
      }
    }
    return parts == 4;
  }

  static boolean isIpv6(String s) {
    if (s.length() < 2 || s.length() > 45 || s.indexOf(':') < 0) {
      return false;
    }
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    int groups;
    if (gap >= 0) {
      String head = s.substring(0, gap);
      String tail = s.substring(gap + 2);
      int h = head.isEmpty() ? 0 : groups(head, false);
      int t = tail.isEmpty() ? 0 : groups(tail, true);
      if (h < 0 || t < 0) {
        return false;
      }
      groups = h + t;
      return groups <= 7;
    }
    groups = groups(s, true);
    return groups == 8;
  }

  /** Counts the 16-bit groups of {@code s} (an IPv4 tail counts 2), or -1 if malformed. */
  private static int groups(String s, boolean ipv4TailAllowed) {
    String[] parts = s.split(":", -1);
    int count = 0;
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (i == parts.length - 1 && ipv4TailAllowed && p.indexOf('.') >= 0) {
        if (!isIpv4(p)) {
          return -1;
        }
        count += 2;
      } else if (p.isEmpty() || p.length() > 4 || !hex(p)) {
        return -1;
      } else {
        count++;
      }
    }
    return count;
  }

  private static boolean hex(String p) {
    for (int i = 0; i < p.length(); i++) {
      if (Character.digit(p.charAt(i), 16) < 0 || p.charAt(i) > 'f') {
        return false;
      }
    }
    return true;
  }
}
