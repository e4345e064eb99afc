package io.peervoice.session.sdp;

import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceParameters;
import io.peervoice.session.dtls.CertificateFingerprint;
import io.peervoice.session.dtls.DtlsSetup;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the SDP a browser sends (RFC 8866 syntax, JSEP RFC 9429 content) into a {@link
 * JsepDescription}: one audio section over DTLS-SRTP. Hostile input is bounded: at most {@value
 * #MAX_BYTES} bytes, {@value #MAX_LINES} lines of {@value #MAX_LINE} characters, {@value
 * #MAX_CANDIDATES} candidates kept. Attributes it does not use (extmap, rtcp-fb, msid, fmtp, ...)
 * and unknown lines are ignored. Candidates it cannot use (TCP, mDNS {@code .local} host names,
 * RTCP components) are skipped and counted, never resolved. Refused, with a sentence saying why: a
 * video or data-channel section (audio only), a second audio section, a rejected one (port 0), a
 * profile other than {@code UDP/TLS/RTP/SAVPF}, no Opus/48000/2, no rtcp-mux, missing ICE
 * credentials, fingerprint (sha-256), setup or mid.
 */
public final class SdpParser {
  /** Largest description taken, in bytes (a Chromium audio offer is about 2-4 KB). */
  public static final int MAX_BYTES = 65_536;

  /** Most lines taken. */
  public static final int MAX_LINES = 1_024;

  /** Longest line taken, in characters. */
  public static final int MAX_LINE = 4_096;

  /** Candidates kept at most (the phone's cap per call, docs/calls.md); the rest are skipped. */
  public static final int MAX_CANDIDATES = 16;

  private static final java.util.regex.Pattern ICE_CHARS =
      java.util.regex.Pattern.compile("[A-Za-z0-9+/]{1,256}");

  private static final Set<String> PROFILES = Set.of("UDP/TLS/RTP/SAVPF", "UDP/TLS/RTP/SAVP");

  /**
   * A parsed description and how many of its candidates were skipped.
   *
   * @param description the description
   * @param candidatesSkipped candidates that were not usable or over the cap
   */
  public record Parsed(JsepDescription description, int candidatesSkipped) {}

  private SdpParser() {}

  /**
   * Parses UTF-8 SDP text.
   *
   * @throws IllegalArgumentException saying what is refused or malformed (with the line number)
   */
  public static Parsed parse(byte[] sdp) {
    if (sdp.length > MAX_BYTES) {
      throw new IllegalArgumentException("SDP larger than " + MAX_BYTES + " bytes");
    }
    return parse(new String(sdp, StandardCharsets.UTF_8));
  }

  /**
   * Parses SDP text.
   *
   * @throws IllegalArgumentException saying what is refused or malformed (with the line number)
   */
  public static Parsed parse(String sdp) {
    if (sdp.length() > MAX_BYTES) {
      throw new IllegalArgumentException("SDP larger than " + MAX_BYTES + " characters");
    }
    String[] lines = sdp.split("\n", MAX_LINES + 2);
    if (lines.length > MAX_LINES + 1) {
      throw new IllegalArgumentException("SDP has more than " + MAX_LINES + " lines");
    }
    State s = new State();
    for (int i = 0; i < lines.length; i++) {
      String line =
          lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (line.isEmpty()) {
        continue;
      }
      try {
        s.line(i, line);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("SDP line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return s.finish();
  }

  /**
   * A trickled candidate as a browser's {@code RTCIceCandidate.candidate} gives it ({@code
   * candidate:...}, with or without {@code a=}): empty for an unusable one (TCP, mDNS name, not
   * component 1) and for the end of candidates (an empty string or {@code end-of-candidates}).
   *
   * @throws IllegalArgumentException if it is longer than {@value #MAX_LINE} characters
   */
  public static Optional<IceCandidate> trickled(String candidate) {
    if (candidate.length() > MAX_LINE) {
      throw new IllegalArgumentException("candidate longer than " + MAX_LINE + " characters");
    }
    String text = candidate.strip();
    if (text.startsWith("a=")) {
      text = text.substring(2);
    }
    if (!text.startsWith("candidate:")) {
      return Optional.empty();
    }
    return usable(text);
  }

  private static Optional<IceCandidate> usable(String text) {
    try {
      IceCandidate c = IceCandidate.parseSdp(text);
      return c.component() == 1 ? Optional.of(c) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** What the lines said so far. */
  private static final class State {
    private boolean versionSeen;
    private boolean inAudio;
    private boolean audioSeen;
    private String sessionId;
    private long sessionVersion = -1;
    private String ufrag;
    private String pwd;
    private String sessionUfrag;
    private String sessionPwd;
    private CertificateFingerprint fingerprint;
    private CertificateFingerprint sessionFingerprint;
    private DtlsSetup setup;
    private DtlsSetup sessionSetup;
    private String mid;
    private boolean rtcpMux;
    private List<Integer> formats = List.of();
    private int opus = -1;
    private int dtmf = -1;
    private long ssrc = -1;
    private String cname;
    private boolean endOfCandidates;
    private JsepDescription.Direction direction = JsepDescription.Direction.SENDRECV;
    private final List<IceCandidate> candidates = new ArrayList<>();
    private int skipped;

    void line(int index, String line) {
      if (line.length() > MAX_LINE) {
        throw new IllegalArgumentException("longer than " + MAX_LINE + " characters");
      }
      if (line.length() < 2
          || line.charAt(1) != '='
          || line.charAt(0) < 'a'
          || line.charAt(0) > 'z') {
        throw new IllegalArgumentException("not a 'x=value' line");
      }
      char type = line.charAt(0);
      String value = line.substring(2);
      if (index == 0) {
        if (type != 'v' || !value.equals("0")) {
          throw new IllegalArgumentException("an SDP starts with v=0");
        }
        versionSeen = true;
        return;
      }
      switch (type) {
        case 'o' -> origin(value);
        case 'm' -> media(value);
        case 'a' -> attribute(value);
        default -> {
          // v, s, t, c, b, i, u, e, p, z, k, r: nothing we need
        }
      }
    }

    private void origin(String value) {
      String[] f = value.split(" ");
      if (f.length != 6) {
        throw new IllegalArgumentException("o= needs 6 fields");
      }
      if (!f[1].matches("[0-9]{1,20}")) {
        throw new IllegalArgumentException("o= session id must be digits");
      }
      sessionId = f[1];
      sessionVersion = number(f[2], Long.MAX_VALUE, "o= session version");
    }

    private void media(String value) {
      String[] f = value.split(" ");
      if (f.length < 4) {
        throw new IllegalArgumentException("m= needs media, port, proto and formats");
      }
      if (!f[0].equals("audio")) {
        throw new IllegalArgumentException(
            "only audio is supported: the description has an m=" + f[0] + " section");
      }
      if (audioSeen) {
        throw new IllegalArgumentException("only one audio section is supported");
      }
      int slash = f[1].indexOf('/');
      if (number(slash < 0 ? f[1] : f[1].substring(0, slash), 65_535, "m= port") == 0) {
        throw new IllegalArgumentException("the audio section is rejected (port 0)");
      }
      if (!PROFILES.contains(f[2])) {
        throw new IllegalArgumentException(
            "only UDP/TLS/RTP/SAVPF (DTLS-SRTP) is supported, not " + f[2]);
      }
      List<Integer> list = new ArrayList<>();
      for (int i = 3; i < f.length && list.size() < 128; i++) {
        list.add((int) number(f[i], 127, "payload type"));
      }
      formats = list;
      audioSeen = true;
      inAudio = true;
    }

    private void attribute(String value) {
      int colon = value.indexOf(':');
      String name = colon < 0 ? value : value.substring(0, colon);
      String arg = colon < 0 ? "" : value.substring(colon + 1);
      switch (name) {
        case "ice-ufrag" -> {
          if (inAudio) {
            ufrag = arg;
          } else {
            sessionUfrag = arg;
          }
        }
        case "ice-pwd" -> {
          if (inAudio) {
            pwd = arg;
          } else {
            sessionPwd = arg;
          }
        }
        case "fingerprint" -> fingerprint(arg);
        case "setup" -> {
          if (inAudio) {
            setup = DtlsSetup.fromSdpName(arg);
          } else {
            sessionSetup = DtlsSetup.fromSdpName(arg);
          }
        }
        default -> {
          if (inAudio) {
            mediaAttribute(name, arg);
          }
        }
      }
    }

    private void fingerprint(String arg) {
      if (!arg.regionMatches(true, 0, "sha-256 ", 0, 8)) {
        return; // another hash function: a sha-256 one is needed anyway
      }
      CertificateFingerprint parsed = CertificateFingerprint.parse(arg);
      if (inAudio && fingerprint == null) {
        fingerprint = parsed;
      } else if (!inAudio && sessionFingerprint == null) {
        sessionFingerprint = parsed;
      }
    }

    private void mediaAttribute(String name, String arg) {
      switch (name) {
        case "mid" -> mid = arg;
        case "rtcp-mux" -> rtcpMux = true;
        case "rtpmap" -> rtpmap(arg);
        case "candidate" -> candidate(arg);
        case "end-of-candidates" -> endOfCandidates = true;
        case "ssrc" -> ssrc(arg);
        case "sendrecv", "sendonly", "recvonly", "inactive" ->
            direction = JsepDescription.Direction.valueOf(name.toUpperCase(Locale.ROOT));
        default -> {
          // extmap, rtcp-fb, fmtp, msid, rtcp, rtcp-rsize, ice-options, ...: not needed
        }
      }
    }

    private void rtpmap(String arg) {
      int space = arg.indexOf(' ');
      if (space < 0) {
        throw new IllegalArgumentException("a=rtpmap needs 'PT name/rate'");
      }
      int pt = (int) number(arg.substring(0, space), 127, "rtpmap payload type");
      if (!formats.contains(pt)) {
        return; // not in the m= line: ignored
      }
      String[] codec = arg.substring(space + 1).split("/", -1);
      String encoding = codec[0].toLowerCase(Locale.ROOT);
      String rate = codec.length > 1 ? codec[1] : "";
      if (encoding.equals("opus")
          && rate.equals("48000")
          && codec.length == 3
          && codec[2].equals("2")
          && opus == -1) {
        opus = pt;
      } else if (encoding.equals("telephone-event") && rate.equals("48000") && dtmf == -1) {
        dtmf = pt;
      }
    }

    private void candidate(String arg) {
      if (candidates.size() >= MAX_CANDIDATES) {
        skipped++;
        return;
      }
      Optional<IceCandidate> c = usable("candidate:" + arg);
      if (c.isPresent()) {
        candidates.add(c.get());
      } else {
        skipped++;
      }
    }

    private void ssrc(String arg) {
      int space = arg.indexOf(' ');
      long id = number(space < 0 ? arg : arg.substring(0, space), 0xFFFF_FFFFL, "a=ssrc id");
      if (ssrc == -1) {
        ssrc = id;
      }
      if (id == ssrc && space > 0 && cname == null && arg.startsWith("cname:", space + 1)) {
        String value = arg.substring(space + 7);
        cname = value.isEmpty() || value.length() > 255 ? null : value;
      }
    }

    Parsed finish() {
      if (!versionSeen) {
        throw new IllegalArgumentException("empty SDP");
      }
      if (!audioSeen) {
        throw new IllegalArgumentException("the SDP has no audio section");
      }
      String u = ufrag != null ? ufrag : sessionUfrag;
      String p = pwd != null ? pwd : sessionPwd;
      CertificateFingerprint f = fingerprint != null ? fingerprint : sessionFingerprint;
      DtlsSetup d = setup != null ? setup : sessionSetup;
      require(u != null && p != null, "a=ice-ufrag and a=ice-pwd");
      require(
          ICE_CHARS.matcher(u).matches() && ICE_CHARS.matcher(p).matches(),
          "ICE credentials of ice-chars (RFC 8839 §5.4: ALPHA, DIGIT, '+', '/')");
      require(f != null, "a=fingerprint with sha-256");
      require(d != null, "a=setup");
      require(mid != null, "a=mid");
      require(opus != -1, "a=rtpmap with opus/48000/2");
      require(rtcpMux, "a=rtcp-mux");
      require(sessionId != null, "an o= line");
      try {
        return new Parsed(
            new JsepDescription(
                sessionId,
                sessionVersion,
                mid,
                new IceParameters(u, p, candidates),
                endOfCandidates,
                f,
                d,
                opus,
                dtmf,
                ssrc,
                cname != null && cname.chars().allMatch(c -> c > 0x20 && c < 0x7F) ? cname : null,
                direction),
            skipped);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("SDP: " + e.getMessage(), e);
      }
    }

    private static void require(boolean present, String what) {
      if (!present) {
        throw new IllegalArgumentException("the audio section lacks " + what);
      }
    }

    private static long number(String text, long max, String what) {
      if (text.isEmpty()
          || text.length() > 20
          || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException(what + " is not a number: " + text);
      }
      try {
        long n = Long.parseLong(text);
        if (n > max) {
          throw new IllegalArgumentException(what + " is over " + max + ": " + text);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(what + " is not a number: " + text, e);
      }
    }
  }
}
