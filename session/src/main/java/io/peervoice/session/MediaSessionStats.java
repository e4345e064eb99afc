package io.peervoice.session;

import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.playout.PlayoutStats;
import io.peervoice.media.quality.EModel;
import io.peervoice.media.rtcp.RtcpStats;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.media.stream.AudioReceiveStats;
import io.peervoice.media.stream.AudioSendStats;
import io.peervoice.nat.CandidateType;
import io.peervoice.nat.IceTimings;
import io.peervoice.nat.TurnServer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one endpoint's media.
 *
 * @param localCandidateType type of our end of the selected pair
 * @param remoteCandidate the peer's end of the selected pair: its address and how we learnt it (a
 *     peer-reflexive one, RFC 8445 §7.3.1.3, is the source address of the peer's check); its type
 *     is {@link #remoteCandidateType()}. The call reports show the type, not the address
 * @param loopbackFallback whether the path is the loopback fallback instead of ICE
 * @param iceConnectMillis from the start of checks to the nominated pair
 * @param iceTimings every ICE phase's duration
 * @param srtpProfile SRTP profile in use
 * @param send outgoing stream counters
 * @param rtcp RTCP-derived statistics: RTT, jitter, loss both ways
 * @param receive incoming stream counters
 * @param firstAudioNanos monotonic time of the first played frame, or -1
 * @param droppedForeignSource datagrams dropped before SRTP because they did not come from the
 *     selected remote address (across ICE restarts)
 * @param srtpKeyDerivations SRTP/SRTCP crypto contexts derived for incoming media: at most one per
 *     direction for the SSRC the peer announced, however many forged SSRCs arrive
 * @param firstPacketNanos monotonic arrival time of the first media packet that passed SRTP
 *     (authenticated), or -1: with {@code firstAudioNanos}, what the network took and what the
 *     jitter buffer and decoder added
 * @param sendDropped datagrams the path dropped before the network (port closed, socket buffer or
 *     send queue full: sends never block), across ICE restarts
 * @param receiveDropped datagrams that reached the path's port but were dropped for want of room
 *     (media before the path received, beyond the few kept; STUN the ICE agent had no room for),
 *     across ICE restarts
 * @param relayTransport when our end of the selected pair is a TURN relay of ours, how this side
 *     reaches the TURN server: UDP, TCP or TLS (the relay itself is UDP); empty on a path from our
 *     own port, even when the peer's end is a relay
 * @param relayRoundTrip the round trip between this side and its TURN server on a relayed path, as
 *     the TURN client last measured it (the delay the detour to the relay adds to each direction is
 *     at most half of it, plus the relay's own leg to the peer); empty when not relayed or not
 *     measured
 * @param stalls gaps over {@link io.peervoice.nat.PathStalls#THRESHOLD_MILLIS} between datagrams
 *     from the peer on the current path (a TCP relay losing a segment stalls until it is resent)
 * @param portPrediction what port prediction did for the path (checks sent, whether it found a
 *     direct path beside the relay); empty when it is off
 * @param keyingHandshake S6 wrtc2: the keying's own handshake time, first flight to keys (DTLS-SRTP
 *     with a WebRTC peer, RFC 5764 <a
 *     href="https://www.rfc-editor.org/rfc/rfc5764#section-4">§4</a>); empty for keys agreed in the
 *     call's signalling (X25519)
 */
public record MediaSessionStats(
    CandidateType localCandidateType,
    io.peervoice.nat.IceCandidate remoteCandidate,
    boolean loopbackFallback,
    long iceConnectMillis,
    IceTimings iceTimings,
    SrtpProfile srtpProfile,
    AudioSendStats send,
    RtcpStats rtcp,
    AudioReceiveStats receive,
    long firstAudioNanos,
    long droppedForeignSource,
    long srtpKeyDerivations,
    long firstPacketNanos,
    long sendDropped,
    long receiveDropped,
    Optional<TurnServer.Transport> relayTransport,
    Optional<Duration> relayRoundTrip,
    io.peervoice.nat.PathStalls stalls,
    Optional<io.peervoice.nat.PortPredictionReport> portPrediction,
    Optional<Duration> keyingHandshake) {

  public MediaSessionStats {
    Objects.requireNonNull(remoteCandidate, "remoteCandidate");
    Objects.requireNonNull(portPrediction, "portPrediction");
    Objects.requireNonNull(keyingHandshake, "keyingHandshake");
    Objects.requireNonNull(relayTransport, "relayTransport");
    Objects.requireNonNull(relayRoundTrip, "relayRoundTrip");
    Objects.requireNonNull(stalls, "stalls");
  }

  /** The type of the peer's end of the selected pair ({@code remoteCandidate().type()}). */
  public CandidateType remoteCandidateType() {
    return remoteCandidate.type();
  }

  /**
   * The E-model (ITU-T G.107) estimate of what this endpoint hears: one-way delay from half the
   * RTCP round trip plus the jitter-buffer delay and one frame of packetization, loss as the frames
   * concealment had to make up (after FEC). Audio only: RFC 4733 telephone events take sequence
   * numbers of the stream but are never counted as lost or concealed frames.
   */
  public EModel.Estimate quality() {
    PlayoutStats playout = receive.playout();
    double oneWay =
        rtcp.roundTripTime().orElse(0) * 500
            + playout.meanJitterBufferDelayMillis()
            + PcmFormat.FRAME_MILLIS;
    long frames = playout.totalSamplesReceived() + playout.concealedSamples();
    double loss = frames == 0 ? 0 : 100.0 * playout.concealedSamples() / frames;
    return EModel.estimate(EModel.Codec.OPUS, oneWay, loss, 1);
  }
}
