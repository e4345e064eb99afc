package io.peervoice.session.sdp;

import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceParameters;
import io.peervoice.session.dtls.CertificateFingerprint;
import io.peervoice.session.dtls.DtlsSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the lines of one SDP said so far, line by line (RFC 8866 §5), for {@link SdpParser}: the
 * session-level and audio-level attributes it keeps, in bounded fields and lists.
 */
final class SdpLines {
  /** RFC 8839 §5.4: ice-ufrag is 4..256 ice-chars. */
  private static final Pattern UFRAG = Pattern.compile("[A-Za-z0-9+/]{4,256}");

  /** RFC 8839 §5.4: ice-pwd is 22..256 ice-chars. */
  private static final Pattern PWD = Pattern.compile("[A-Za-z0-9+/]{22,256}");

  private static final Set<String> PROFILES = Set.of("UDP/TLS/RTP/SAVPF", "UDP/TLS/RTP/SAVP");

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
  private final java.util.Map<Integer, String> fmtp = new java.util.HashMap<>(); // by PT of m=
  private int ptime;

  void line(int index, String line) {
    if (line.length() > SdpParser.MAX_LINE) {
      throw new IllegalArgumentException("longer than " + SdpParser.MAX_LINE + " characters");
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
      case "fmtp" -> fmtp(arg);
      case "ptime" -> ptime = OpusFmtp.ptime(arg);
      case "sendrecv", "sendonly", "recvonly", "inactive" ->
          direction = JsepDescription.Direction.valueOf(name.toUpperCase(Locale.ROOT));
      default -> {
        // extmap, rtcp-fb, msid, rtcp, rtcp-rsize, ice-options, ...: not needed
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

  /** S8: {@code a=fmtp:PT params}: the first for each payload type of the m= line (≤ 128). */
  private void fmtp(String arg) {
    int space = arg.indexOf(' ');
    String type = space < 0 ? arg : arg.substring(0, space);
    if (type.isEmpty() || type.length() > 3 || !type.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return; // not a payload type: ignored, as unknown lines are
    }
    int pt = Integer.parseInt(type);
    if (formats.contains(pt)) {
      fmtp.putIfAbsent(pt, space < 0 ? "" : arg.substring(space + 1));
    }
  }

  private void candidate(String arg) {
    if (candidates.size() >= SdpParser.MAX_CANDIDATES) {
      skipped++;
      return;
    }
    Optional<IceCandidate> c = SdpParser.usable("candidate:" + arg);
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

  SdpParser.Parsed finish() {
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
        UFRAG.matcher(u).matches(),
        "an a=ice-ufrag of 4..256 ice-chars (RFC 8839 §5.4: ALPHA, DIGIT, '+', '/')");
    require(
        PWD.matcher(p).matches(),
        "an a=ice-pwd of 22..256 ice-chars (RFC 8839 §5.4: ALPHA, DIGIT, '+', '/')");
    require(f != null, "a=fingerprint with sha-256");
    require(d != null, "a=setup");
    require(mid != null, "a=mid");
    require(opus != -1, "a=rtpmap with opus/48000/2");
    require(rtcpMux, "a=rtcp-mux");
    require(sessionId != null, "an o= line");
    try {
      return new SdpParser.Parsed(
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
          skipped,
          OpusFmtp.parse(fmtp.getOrDefault(opus, ""), ptime));
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
    if (text.isEmpty() || text.length() > 20 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
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
