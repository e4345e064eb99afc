// The browser's call report: WebRTC's statistics (W3C webrtc-stats) mapped to the sections and
// names of a Java phone's call report (ice, srtp, network, audio, rtcp, levels; docs/webrtc.md has
// the table). Fields the browser does not measure are null, as in the Java report.

const FRAME_SAMPLES = 960; // 20 ms at 48 kHz: Opus's clock and our frame

// DTLS-SRTP protection profile names (RFC 5764, as browsers report srtpCipher) -> our SrtpProfile names
const PROFILES = {
  SRTP_AES128_CM_HMAC_SHA1_80: 'AES_CM_128_HMAC_SHA1_80',
  SRTP_AES128_CM_HMAC_SHA1_32: 'AES_CM_128_HMAC_SHA1_32',
  SRTP_AEAD_AES_128_GCM: 'AEAD_AES_128_GCM',
  SRTP_AEAD_AES_256_GCM: 'AEAD_AES_256_GCM',
};

const round1 = (v) => (v === undefined || v === null || Number.isNaN(v) ? null : Math.round(v * 10) / 10);
const ms1 = (seconds) => (seconds === undefined || seconds === null ? null : round1(1000 * seconds));
const int = (v) => (v === undefined || v === null ? null : Number(v));

/**
 * The report from an RTCStatsReport (a Map of stats by id, or anything with forEach), plus what the
 * call itself knows ({connectMillis, muted}).
 */
export function reportFromStats(stats, known = {}) {
  const all = [];
  stats.forEach((s) => all.push(s));
  const byId = new Map(all.map((s) => [s.id, s]));
  const one = (type) => all.find((s) => s.type === type && (s.kind === undefined || s.kind === 'audio'));
  const inbound = one('inbound-rtp');
  const outbound = one('outbound-rtp');
  const remoteIn = one('remote-inbound-rtp');
  const source = one('media-source');
  const transport = all.find((s) => s.type === 'transport');
  const pair = (transport && byId.get(transport.selectedCandidatePairId))
    ?? all.find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
  const local = pair && byId.get(pair.localCandidateId);
  const remote = pair && byId.get(pair.remoteCandidateId);
  const codec = inbound && byId.get(inbound.codecId);
  const sendCodec = outbound && byId.get(outbound.codecId);
  const emitted = inbound?.jitterBufferEmittedCount;
  const rtt = remoteIn?.roundTripTime ?? pair?.currentRoundTripTime;
  return {
    setup: {
      // from the answer (received by a caller, sent by a callee) to the peer's first RTP packet
      answer_to_first_audio_ms: known.answerToFirstAudioMillis ?? null,
    },
    ice: {
      local_type: local?.candidateType ?? null,
      remote_type: remote?.candidateType ?? null,
      connect_ms: known.connectMillis ?? null,
      relay_transport: local?.candidateType === 'relay' ? (local.relayProtocol ?? null) : null,
      state: pair?.state ?? null,
    },
    srtp: {
      keying: 'dtls-srtp',
      profile: transport?.srtpCipher ? PROFILES[transport.srtpCipher] ?? transport.srtpCipher : null,
      dtls_state: transport?.dtlsState ?? null,
      dtls_cipher: transport?.dtlsCipher ?? null,
      dtls_role: transport?.dtlsRole ?? null,
      tls_version: transport?.tlsVersion ?? null,
    },
    network: {
      bytes_sent: int(transport?.bytesSent ?? pair?.bytesSent),
      bytes_received: int(transport?.bytesReceived ?? pair?.bytesReceived),
      packets_sent: int(outbound?.packetsSent),
      packets_received: int(inbound?.packetsReceived),
      receive_dropped: int(inbound?.packetsDiscarded),
    },
    audio: {
      codec: codec ? codec.mimeType.replace(/^audio\//i, '').toLowerCase() : null,
      send_codec: sendCodec ? sendCodec.mimeType.replace(/^audio\//i, '').toLowerCase() : null,
      payload_type: int(codec?.payloadType),
      sent_frames: int(outbound?.packetsSent),
      received_frames: inbound?.totalSamplesReceived === undefined
        ? null : Math.floor(inbound.totalSamplesReceived / FRAME_SAMPLES),
      concealed_frames: inbound?.concealedSamples === undefined
        ? null : Math.floor(inbound.concealedSamples / FRAME_SAMPLES),
      fec_recovered: int(inbound?.fecPacketsReceived),
      jitter_buffer_delay_ms: emitted ? round1((1000 * inbound.jitterBufferDelay) / emitted) : null,
      jitter_buffer_target_ms: emitted && inbound.jitterBufferTargetDelay !== undefined
        ? round1((1000 * inbound.jitterBufferTargetDelay) / emitted) : null,
      inserted_samples_for_deceleration: int(inbound?.insertedSamplesForDeceleration),
      removed_samples_for_acceleration: int(inbound?.removedSamplesForAcceleration),
      total_audio_energy: inbound?.totalAudioEnergy ?? null,
      muted: !!known.muted,
    },
    rtcp: {
      round_trip_time_ms: ms1(rtt),
      jitter_ms: ms1(inbound?.jitter),
      packets_lost: int(inbound?.packetsLost),
      packets_received: int(inbound?.packetsReceived),
      remote_fraction_lost: remoteIn?.fractionLost ?? null,
      remote_packets_lost: int(remoteIn?.packetsLost),
      remote_jitter_ms: ms1(remoteIn?.jitter),
    },
    dtmf: {
      // tones played out (RTCDTMFSender's tonechange): a browser cannot see the DTMF it receives
      sent: known.dtmfSent ?? '',
    },
    levels: {
      // 0..1 (linear, as webrtc-stats gives them): what the page's meters show
      microphone: source?.audioLevel ?? null,
      peer: inbound?.audioLevel ?? null,
    },
  };
}
