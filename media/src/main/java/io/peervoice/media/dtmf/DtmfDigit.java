package io.peervoice.media.dtmf;

import java.time.Duration;

/** A DTMF digit received, with how long the sender held it. */
public record DtmfDigit(char digit, Duration duration) {}
