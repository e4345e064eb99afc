package io.peervoice.nat.internal;

import io.peervoice.nat.IceCandidate;
import java.net.InetAddress;
import java.time.Duration;

/**
 * What a {@link PortPredictionProbe} does.
 *
 * @param ports probes sprayed and sockets opened, each
 * @param easyPort our ICE port to spray from (its reflexive address is {@code localSrflx}), or
 *     null: no easy role
 * @param localSrflx our reflexive candidate on {@code easyPort}, or null
 * @param hardBind where to bind the hard role's sockets, or null: no hard role
 * @param remoteSrflx the peer's reflexive candidate from its signed description
 * @param window how long the burst waits for a hit
 * @param consentInterval between consent checks on a found path
 * @param consentFailAfter consent lost after this long without a valid answer
 */
record ProbePlan(
    int ports,
    HostPort easyPort,
    IceCandidate localSrflx,
    InetAddress hardBind,
    IceCandidate remoteSrflx,
    Duration window,
    Duration consentInterval,
    Duration consentFailAfter) {
  /** Datagrams (or sockets opened) per beat of the burst. */
  static final int BATCH = 16;

  /** Between two beats: at most 8,000 datagrams a second. */
  static final long BATCH_INTERVAL_MILLIS = 2;

  /** Nominations sent until one is answered. */
  static final int NOMINATIONS = 5;

  static final long NOMINATION_INTERVAL_MILLIS = 50;

  /** How often a direct path that lost consent is checked again (once per call). */
  static final int RETRIES = 1;

  /** How long after consent loss the retry starts. */
  static final long RETRY_BACKOFF_MILLIS = 1_000;

  /** The lowest port guessed: below it ports are not handed out by NATs. */
  static final int LOWEST_PORT = 1024;

  /** {@code n} distinct ports from {@link #LOWEST_PORT} to 65535 drawn from {@code random}. */
  static java.util.Set<Integer> guesses(int n, java.util.random.RandomGenerator random) {
    java.util.Set<Integer> guesses = new java.util.LinkedHashSet<>();
    while (guesses.size() < n) {
      guesses.add(LOWEST_PORT + random.nextInt(65536 - LOWEST_PORT));
    }
    return guesses;
  }
}
