package io.peervoice.signaling;

import java.util.regex.Pattern;

/**
 * S7 webmedia: a STUN or TURN server a node tells its browsers in {@code /node.json}, as an
 * RTCPeerConnection's {@code iceServers} entry takes it (W3C WebRTC §4.2.1 RTCIceServer): a {@code
 * stun:} URI (<a href="https://www.rfc-editor.org/rfc/rfc7064">RFC 7064</a>), or a {@code turn:} /
 * {@code turns:} URI (<a href="https://www.rfc-editor.org/rfc/rfc7065">RFC 7065</a>) with its
 * username and credential. Only characters that need no escaping in JSON are taken.
 *
 * @param url the server's URI
 * @param username the TURN username, or null for STUN
 * @param credential the TURN password, or null for STUN
 */
public record WebIceServer(String url, String username, String credential) {
  private static final Pattern URL =
      Pattern.compile(
          "(stun:|turns?:)(\\[[0-9A-Fa-f:.]{2,45}]|[A-Za-z0-9.-]{1,253})(:[0-9]{1,5})?"
              + "(\\?transport=(udp|tcp))?");
  private static final Pattern SECRET = Pattern.compile("[\\x21-\\x7E&&[^\"\\\\]]{1,256}");

  public WebIceServer {
    java.util.regex.Matcher m = url == null ? null : URL.matcher(url);
    if (m == null
        || !m.matches()
        || (m.group(3) != null && !between(Integer.parseInt(m.group(3).substring(1)), 1, 0xFFFF))) {
      throw new IllegalArgumentException(
          "an ICE server is stun:HOST[:PORT] or turn:/turns:HOST[:PORT][?transport=udp|tcp], got "
              + url);
    }
    boolean turn = url.startsWith("turn");
    if (turn && (username == null || credential == null)) {
      throw new IllegalArgumentException("a TURN server needs a username and a credential: " + url);
    }
    if (!turn && (username != null || credential != null)) {
      throw new IllegalArgumentException("a STUN server takes no username or credential: " + url);
    }
    if (turn && (!SECRET.matcher(username).matches() || !SECRET.matcher(credential).matches())) {
      throw new IllegalArgumentException(
          "TURN username and credential: 1..256 visible ASCII characters, no quote or backslash");
    }
  }

  private static boolean between(int v, int low, int high) {
    return v >= low && v <= high;
  }

  /** Its {@code RTCIceServer} entry as JSON. */
  public String toJson() {
    return username == null
        ? "{\"urls\":\"" + url + "\"}"
        : "{\"urls\":\""
            + url
            + "\",\"username\":\""
            + username
            + "\",\"credential\":\""
            + credential
            + "\"}";
  }
}
