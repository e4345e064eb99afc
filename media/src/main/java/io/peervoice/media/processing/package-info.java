/**
 * The audio processing stage between capture and encoder: acoustic echo cancellation against the
 * played-out signal, noise suppression, automatic gain control and a high-pass filter, on 10 ms
 * blocks of 48 kHz mono PCM. {@link io.peervoice.media.processing.AudioProcessors} opens one per
 * call on the best engine that loads: WebRTC's audio processing module (AEC3) through webrtc-java,
 * else speexdsp through JNA, else none. No third-party type appears in this package's API.
 */
package io.peervoice.media.processing;
