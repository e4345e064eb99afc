package io.peervoice.nat.internal;

import io.peervoice.nat.TurnServer;
import io.peervoice.nat.internal.turn.TurnClient;
import java.net.InetSocketAddress;
import java.net.SocketException;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.CandidateExtendedType;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.IceUdpSocketWrapper;

/**
 * A relayed candidate (RFC 8445 §5.1.1.2) whose relay is reached over TCP or TLS by our {@link
 * TurnClient}: for ice4j an ordinary local candidate of type RELAYED, its own base, whose socket is
 * an {@link AdapterSocket} over the client (sends become Send indications or ChannelData to the
 * peer, relayed data is offered to ice4j's readers as if from the peer), so connectivity checks,
 * consent and media cross the stream unseen. Freeing it (as {@code Agent.free()} does) releases the
 * allocation.
 */
final class StreamRelayedCandidate extends LocalCandidate {
  private final TurnClient client;
  private final TurnServer.Transport transport;
  private final AdapterSocket adapter;
  private final IceUdpSocketWrapper socket;

  StreamRelayedCandidate(
      Component component, TurnClient client, TurnServer.Transport transport, AdapterSocket adapter)
      throws SocketException {
    super(
        new TransportAddress(client.relayedAddress(), Transport.UDP),
        component,
        CandidateType.RELAYED_CANDIDATE,
        CandidateExtendedType.TURN_RELAYED_CANDIDATE,
        null);
    this.client = client;
    this.transport = transport;
    this.adapter = adapter;
    this.socket =
        new IceUdpSocketWrapper(new HostMultiplexingSocket(adapter)); // S13: no late view left open
    setBase(this); // RFC 8445 §5.1.1.2: a relayed candidate is its own base
    InetSocketAddress server = client.serverAddress();
    Transport serverTransport =
        transport == TurnServer.Transport.TLS ? Transport.TLS : Transport.TCP;
    setRelayServerAddress(new TransportAddress(server, serverTransport));
    InetSocketAddress mapped = client.mappedAddress();
    if (mapped != null) {
      setMappedAddress(new TransportAddress(mapped, Transport.UDP));
    }
  }

  /**
   * Local preferences (RFC 8445 §5.1.2.1) of relays reached over a stream: below any relay reached
   * over UDP (ice4j gives those 10 or more), TLS below TCP, as libwebrtc ranks them. A side whose
   * UDP reaches the TURN server then relays over UDP, and a stream relay is the last resort.
   */
  static final int TCP_LOCAL_PREFERENCE = 2;

  static final int TLS_LOCAL_PREFERENCE = 1;

  /** ice4j's priority with its local preference (bits 8..23) replaced by the stream's. */
  static long withStreamPreference(long icePriority, TurnServer.Transport transport) {
    int preference =
        transport == TurnServer.Transport.TLS ? TLS_LOCAL_PREFERENCE : TCP_LOCAL_PREFERENCE;
    return (icePriority & ~(0xFFFFL << 8)) | ((long) preference << 8);
  }

  @Override
  public long computePriorityForType(CandidateType candidateType) {
    return withStreamPreference(super.computePriorityForType(candidateType), transport);
  }

  /** The round trip to the TURN server as its client last measured it, or empty. */
  java.util.Optional<java.time.Duration> relayRoundTrip() {
    return client.roundTrip();
  }

  /** How this side reaches the relay: TCP or TLS. */
  TurnServer.Transport relayTransport() {
    return transport;
  }

  @Override
  protected IceSocketWrapper getCandidateIceSocketWrapper() {
    return socket;
  }

  /** Closes the socket (through ice4j) and releases the allocation. */
  @Override
  protected void free() {
    super.free();
    adapter.close();
    client.close();
  }
}
