package io.peervoice.media.processing.internal;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * WebRTC's field trials (the process-wide {@code Name/Value/} string its modules read their
 * experimental settings from, AEC3's suppressor tuning among them) for the native library bundled
 * in webrtc-java 0.14.0, which exposes no setter.
 *
 * <p>The library is stripped and does not export {@code webrtc::field_trial::
 * InitFieldTrialsFromString}; its address in this one build was found by disassembly (the function
 * that logs "Setting field trial string:"), and is called through JNA only after the code at both
 * addresses is checked, byte for byte, against this build's (the bytes include this build's
 * relative addresses, so another build does not match and is left alone). The string is checked
 * here first the way WebRTC checks it: an invalid one would abort the process. It must be set
 * before the first echo canceller is created, and it is never freed (WebRTC keeps the pointer).
 */
final class WebRtcFieldTrials {
  /** Offsets in {@code libwebrtc-java-linux-x86_64.so} of webrtc-java 0.14.0. */
  private static final long INIT_OFFSET = 0xbf4d50L;

  private static final long GET_OFFSET = 0xbf4da0L;

  /** {@code InitFieldTrialsFromString(const char*)}: check, log, store the pointer. */
  private static final byte[] INIT_CODE =
      HexFormat.of()
          .parseHex(
              "554889e553504889fbe8626493ff84c07524488d3d39305cff488d3592a259ff488d0da39358ffba2105"
                  + "00004989d831c0e84aaca0ff48891d630ea6004883c4085b5dc3");

  /** {@code GetFieldTrialString()}: load the pointer. */
  private static final byte[] GET_CODE = HexFormat.of().parseHex("554889e5488b05450ea6005dc3");

  private static final String LIBRARY = "libwebrtc-java-linux-x86_64";

  /** The strings handed to WebRTC, kept for the life of the process. */
  private static final List<Memory> KEPT = new java.util.ArrayList<>();

  private WebRtcFieldTrials() {}

  /**
   * What setting the field trials did.
   *
   * @param applied whether WebRTC now runs with them
   * @param detail what was set, or why nothing was
   */
  record Outcome(boolean applied, String detail) {}

  /**
   * Whether {@code trials} is a field trial string WebRTC accepts: {@code Name/Value/} pairs, each
   * part non-empty printable ASCII without {@code /}, each name once.
   */
  static boolean valid(String trials) {
    if (trials.isEmpty() || !trials.endsWith("/")) {
      return false;
    }
    String[] parts = trials.substring(0, trials.length() - 1).split("/", -1);
    if (parts.length % 2 != 0) {
      return false;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (p.isEmpty() || !p.chars().allMatch(c -> c > ' ' && c < 127)) {
        return false;
      }
      if (i % 2 == 0 && !names.add(p)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the code at the two addresses is this build's. */
  static boolean matches(byte[] init, byte[] get) {
    return java.util.Arrays.equals(init, INIT_CODE) && java.util.Arrays.equals(get, GET_CODE);
  }

  /**
   * Sets {@code trials} for the rest of the process; the webrtc-java native library must be loaded.
   * Nothing is set, and the outcome says why, when the string is invalid, the library is not this
   * build, or other field trials were already set (the same ones: applied, nothing to do).
   */
  static synchronized Outcome apply(String trials) {
    if (!valid(trials)) {
      return new Outcome(false, "invalid field trial string: " + trials);
    }
    long base = codeBase(maps());
    if (base == 0) {
      return new Outcome(
          false,
          LIBRARY
              + " is not loaded in this process, or not the build whose entry points are known");
    }
    Pointer init = new Pointer(base + INIT_OFFSET);
    Pointer get = new Pointer(base + GET_OFFSET);
    if (!matches(init.getByteArray(0, INIT_CODE.length), get.getByteArray(0, GET_CODE.length))) {
      return new Outcome(
          false, "not the webrtc-java 0.14.0 native build whose entry points are known");
    }
    Function getter = Function.getFunction(get);
    Pointer before = getter.invokePointer(new Object[0]);
    if (before != null) {
      String set = before.getString(0, "US-ASCII");
      return set.equals(trials)
          ? new Outcome(true, trials)
          : new Outcome(false, "field trials already set: " + set);
    }
    Memory text = new Memory(trials.length() + 1L);
    text.setString(0, trials, "US-ASCII");
    KEPT.add(text);
    Function.getFunction(init).invokeVoid(new Object[] {text});
    Pointer after = getter.invokePointer(new Object[0]);
    if (!text.equals(after)) {
      return new Outcome(false, "WebRTC did not take the field trials");
    }
    return new Outcome(true, trials);
  }

  /** The field trials WebRTC runs with, or null when none are set or they cannot be read. */
  static synchronized String current() {
    long base = codeBase(maps());
    if (base == 0) {
      return null;
    }
    Pointer get = new Pointer(base + GET_OFFSET);
    if (!java.util.Arrays.equals(get.getByteArray(0, GET_CODE.length), GET_CODE)) {
      return null;
    }
    Pointer p = Function.getFunction(get).invokePointer(new Object[0]);
    return p == null ? null : p.getString(0, "US-ASCII");
  }

  /**
   * Where the library's first page is mapped, given the lines of {@code /proc/self/maps}; 0 when it
   * is not mapped, or when either entry point's code would not lie inside an executable mapping of
   * that same file (another build, a smaller file: reading there could crash the process).
   */
  static long codeBase(List<String> maps) {
    long base = 0;
    String file = null;
    for (String line : maps) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 6 && f[5].contains(LIBRARY) && Long.parseLong(f[2], 16) == 0) {
        base = Long.parseUnsignedLong(f[0].substring(0, f[0].indexOf('-')), 16);
        file = f[5];
        break;
      }
    }
    if (file == null) {
      return 0;
    }
    boolean init = false;
    boolean get = false;
    for (String line : maps) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 6 && f[5].equals(file) && f[1].indexOf('x') >= 0) {
        int dash = f[0].indexOf('-');
        long from = Long.parseUnsignedLong(f[0].substring(0, dash), 16);
        long to = Long.parseUnsignedLong(f[0].substring(dash + 1), 16);
        init |= inside(base + INIT_OFFSET, INIT_CODE.length, from, to);
        get |= inside(base + GET_OFFSET, GET_CODE.length, from, to);
      }
    }
    return init && get ? base : 0;
  }

  private static boolean inside(long at, int length, long from, long to) {
    return Long.compareUnsigned(at, from) >= 0 && Long.compareUnsigned(at + length, to) <= 0;
  }

  private static List<String> maps() {
    try {
      return Files.readAllLines(Path.of("/proc/self/maps"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
