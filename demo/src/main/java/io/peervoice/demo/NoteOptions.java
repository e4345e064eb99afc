package io.peervoice.demo;

import io.peervoice.signaling.NoteBounds;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * S8 tel: {@code node}'s bounds on the missed-call notes it holds ({@code docs/missed-calls.md},
 * "Bounds"), as {@link NoteBounds}.
 */
final class NoteOptions {
  @Option(
      names = "--note-hold-hours",
      defaultValue = "24",
      paramLabel = "H",
      description = "How long a missed-call note is held undelivered, 1..168 (default 24).")
  int holdHours;

  @Option(
      names = "--notes-per-peer",
      defaultValue = "16",
      paramLabel = "N",
      description = "Missed-call notes held for one recipient, 1..1024 (default 16).")
  int perPeer;

  @Option(
      names = "--notes-per-network",
      defaultValue = "4",
      paramLabel = "N",
      description =
          "Of those, notes from one source network (see --note-network-v4/-v6), 1..--notes-per-peer"
              + " (default 4): one network cannot fill a recipient's notes, whatever identities"
              + " it signs with.")
  int perNetwork;

  @Option(
      names = "--note-network-v4",
      defaultValue = "24",
      paramLabel = "BITS",
      description =
          "The prefix length of an IPv4 source network for the notes, 8..32 (default 24).")
  int networkV4;

  @Option(
      names = "--note-network-v6",
      defaultValue = "64",
      paramLabel = "BITS",
      description =
          "The prefix length of an IPv6 source network for the notes, 16..64 (default 64: one"
              + " subscriber; 48 counts a whole site's /64s together).")
  int networkV6;

  @Option(
      names = "--notes-max",
      defaultValue = "100000",
      paramLabel = "N",
      description = "Missed-call notes held in all, up to 1000000 (default 100000).")
  int maxNotes;

  @Option(
      names = "--notes-max-mib",
      defaultValue = "64",
      paramLabel = "MIB",
      description = "Bytes of missed-call notes held in all, in MiB, 1..4096 (default 64).")
  int maxMib;

  /**
   * The most notes {@code --notes-max} allows: each costs its bytes (bounded by --notes-max-mib)
   * and about 200 bytes of tables whatever its size, which the byte bound does not count: at this
   * count 200 MB at most, past it tiny notes could take gigabytes.
   */
  static final int MAX_NOTES = 1_000_000;

  /** The first value out of range, as one line for the user, or null. */
  String badOption() {
    if (holdHours < 1 || holdHours > 168) {
      return "--note-hold-hours must be 1..168, got " + holdHours;
    }
    if (perPeer < 1 || perPeer > 1_024) {
      return "--notes-per-peer must be 1..1024, got " + perPeer;
    }
    if (perNetwork < 1 || perNetwork > perPeer) {
      return "--notes-per-network must be 1.." + perPeer + " (--notes-per-peer), got " + perNetwork;
    }
    if (networkV4 < 8 || networkV4 > 32) {
      return "--note-network-v4 must be 8..32 bits, got " + networkV4;
    }
    if (networkV6 < 16 || networkV6 > 64) {
      return "--note-network-v6 must be 16..64 bits, got " + networkV6;
    }
    if (maxNotes < perPeer || maxNotes > MAX_NOTES) {
      return "--notes-max must be "
          + perPeer
          + " (--notes-per-peer).."
          + MAX_NOTES
          + ", got "
          + maxNotes;
    }
    if (maxMib < 1 || maxMib > 4_096) {
      return "--notes-max-mib must be 1..4096, got " + maxMib;
    }
    return null;
  }

  /** The bounds (after {@link #badOption()} said null). */
  NoteBounds bounds() {
    return new NoteBounds(
        Duration.ofHours(holdHours),
        perPeer,
        perNetwork,
        networkV4,
        networkV6,
        maxNotes,
        maxMib * 1024L * 1024);
  }
}
