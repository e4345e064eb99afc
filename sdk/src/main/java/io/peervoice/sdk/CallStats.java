package io.peervoice.sdk;

import io.peervoice.signaling.call.CallState;
import java.util.Optional;

/**
 * A snapshot of a call.
 *
 * @param state where the call is
 * @param dialToRingingMillis caller: from dialling to the callee's phone ringing (-1 if not yet)
 * @param answerToFirstAudioMillis from the answer to the first decoded audio frame (-1 if not yet)
 * @param durationMillis since the answer (0 before)
 * @param onHold whether we put it on hold
 * @param muted whether our microphone is muted
 * @param media the media engine's figures once media runs
 * @param iceRestarts ICE restarts completed (after consent loss or a network change)
 */
public record CallStats(
    CallState state,
    long dialToRingingMillis,
    long answerToFirstAudioMillis,
    long durationMillis,
    boolean onHold,
    boolean muted,
    Optional<MediaSessionStats> media,
    int iceRestarts) {}
