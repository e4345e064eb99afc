package io.peervoice.sdk;

/**
 * S6 wrtcj: how a call's media is described and keyed ({@code docs/webrtc.md}). An incoming call
 * has the profile of its offer.
 */
enum CallProfile {
  /**
   * PeerVoice to PeerVoice: our own description lines and 0-RTT SRTP keys from the signed X25519
   * shares of INVITE and ANSWER ({@code docs/calls.md}).
   */
  PEERVOICE,
  /**
   * To a browser (WebRTC): a JSEP SDP offer and answer (RFC 9429) in signed WEB_OFFER/WEB_ANSWER
   * call messages and DTLS-SRTP keying (RFC 5763/5764), the DTLS certificate checked against the
   * fingerprint in the peer's signed SDP.
   */
  WEBRTC
}
