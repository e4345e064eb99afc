package io.peervoice.signaling;

import io.peervoice.natives.StreamLimits;
import io.peervoice.signaling.internal.overlay.NodeSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * How to run a {@link RendezvousNode}. Build with {@link #builder(Identity, InetSocketAddress)}.
 *
 * @param identity the node's keys; its id is the {@link PeerId} of the signing key
 * @param listen UDP address to bind (port 0 picks a free one)
 * @param bootstrap nodes to join the overlay through (empty for the first node)
 * @param metrics where to serve {@code /metrics} (Prometheus) and {@code /health}, if anywhere
 * @param ratePerSource datagrams per second allowed from one source IP (IPv4 address or IPv6 /64,
 *     all ports together)
 * @param maxRecords location records held at most
 * @param perIpQuota proven addresses, attachments and stored records allowed per source IP; labs
 *     running many peers on one address (loopback) raise it
 * @param signaturesPerIp Ed25519 operations per second a node does for one source IP (node-id
 *     proofs, attach checks); labs running many peers on one address raise it
 * @param nanoClock monotonic clock
 * @param wallClock Unix time in milliseconds
 * @param maxPerSubnet the most nodes of one IPv4 /24 or IPv6 /48 in a routing-table bucket (0: no
 *     limit, for loopback labs with many nodes on one address)
 * @param nodeIdWork the work (leading zero bits, {@link PeerId#nodeIdWork()}) a node id needs to
 *     enter our routing table; the same across an overlay. This node's own identity should carry it
 *     ({@link Identity#generateNode}), or other nodes refuse it
 * @param maxAttachments peers attached at most (each costs about a kilobyte of heap; {@code
 *     docs/protocol.md}, "What a node can see and what it bounds")
 * @param tcp where to listen for peers over TCP as well, if anywhere (the same overlay messages,
 *     each preceded by a 16-bit length, RFC 4571)
 * @param tls where to listen for peers over TLS as well, if anywhere (e.g. port 443)
 * @param tlsCertificate the TLS certificate chain (PEM), checked by peers against their trust store
 *     and host name; without it the node presents a self-signed certificate for its own node key,
 *     which peers pin by the node id ({@code docs/protocol.md}, "Streams")
 * @param tlsKey the PKCS#8 PEM private key of {@code tlsCertificate}
 * @param streamLimits connections, buffers and timeouts of the TCP and TLS listeners
 * @param notes S8 tel: bounds on the missed-call notes held for peers
 */
public record RendezvousNodeConfig(
    Identity identity,
    InetSocketAddress listen,
    List<InetSocketAddress> bootstrap,
    Optional<InetSocketAddress> metrics,
    double ratePerSource,
    int maxRecords,
    int perIpQuota,
    double signaturesPerIp,
    LongSupplier nanoClock,
    LongSupplier wallClock,
    int maxPerSubnet,
    int nodeIdWork,
    int maxAttachments,
    Optional<InetSocketAddress> tcp,
    Optional<InetSocketAddress> tls,
    Optional<Path> tlsCertificate,
    Optional<Path> tlsKey,
    StreamLimits streamLimits,
    NoteBounds notes) {

  public RendezvousNodeConfig {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(listen, "listen");
    bootstrap = List.copyOf(bootstrap);
    Objects.requireNonNull(metrics, "metrics");
    if (ratePerSource <= 0) {
      throw new IllegalArgumentException("ratePerSource must be positive");
    }
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be positive");
    }
    if (perIpQuota < 1 || signaturesPerIp <= 0) {
      throw new IllegalArgumentException("per-IP quota and signature rate must be positive");
    }
    Objects.requireNonNull(nanoClock, "nanoClock");
    Objects.requireNonNull(wallClock, "wallClock");
    if (maxPerSubnet < 0) {
      throw new IllegalArgumentException("maxPerSubnet must be 0 (off) or positive");
    }
    if (nodeIdWork < 0 || nodeIdWork > 32) {
      throw new IllegalArgumentException("nodeIdWork must be 0..32 bits");
    }
    if (maxAttachments < 1) {
      throw new IllegalArgumentException("maxAttachments must be positive");
    }
    Objects.requireNonNull(tcp, "tcp");
    Objects.requireNonNull(tls, "tls");
    if (tlsCertificate.isPresent() != tlsKey.isPresent()) {
      throw new IllegalArgumentException(
          "a TLS certificate needs its key, and a key its certificate");
    }
    if (tlsCertificate.isPresent() && tls.isEmpty()) {
      throw new IllegalArgumentException("a TLS certificate is given but no TLS port");
    }
    Objects.requireNonNull(streamLimits, "streamLimits");
    Objects.requireNonNull(notes, "notes");
  }

  public static Builder builder(Identity identity, InetSocketAddress listen) {
    return new Builder(identity, listen);
  }

  /**
   * Builder with defaults: no bootstrap, no metrics, 500 datagrams/s per source IP, 1M records, 64
   * addresses/attachments per IP, 20 signatures/s per IP, 2 nodes per subnet in a bucket, 12 bits
   * of node id work.
   */
  public static final class Builder {
    private final Identity identity;
    private final InetSocketAddress listen;
    private List<InetSocketAddress> bootstrap = List.of();
    private Optional<InetSocketAddress> metrics = Optional.empty();
    private double ratePerSource = 500;
    private int maxRecords = 1_000_000;
    private int perIpQuota = 64;
    private double signaturesPerIp = 20;
    private LongSupplier nanoClock = System::nanoTime;
    private LongSupplier wallClock = System::currentTimeMillis;
    private int maxPerSubnet = 2;
    private int nodeIdWork = NodeSettings.DEFAULT_NODE_ID_WORK;
    private int maxAttachments = NodeSettings.defaults().maxAttachments();
    private Optional<InetSocketAddress> tcp = Optional.empty();
    private Optional<InetSocketAddress> tls = Optional.empty();
    private Optional<Path> tlsCertificate = Optional.empty();
    private Optional<Path> tlsKey = Optional.empty();
    private StreamLimits streamLimits = StreamLimits.defaults();
    private NoteBounds notes = NoteBounds.defaults();

    private Builder(Identity identity, InetSocketAddress listen) {
      this.identity = identity;
      this.listen = listen;
    }

    public Builder bootstrap(List<InetSocketAddress> nodes) {
      this.bootstrap = nodes;
      return this;
    }

    public Builder metrics(InetSocketAddress address) {
      this.metrics = Optional.of(address);
      return this;
    }

    public Builder ratePerSource(double perSecond) {
      this.ratePerSource = perSecond;
      return this;
    }

    public Builder maxRecords(int max) {
      this.maxRecords = max;
      return this;
    }

    /**
     * Raises (or lowers) what one source IP may hold and cost: {@code quota} proven addresses,
     * attachments and records, {@code signaturesPerSecond} Ed25519 operations.
     */
    public Builder perIpLimits(int quota, double signaturesPerSecond) {
      this.perIpQuota = quota;
      this.signaturesPerIp = signaturesPerSecond;
      return this;
    }

    public Builder clocks(LongSupplier nanoClock, LongSupplier wallClock) {
      this.nanoClock = nanoClock;
      this.wallClock = wallClock;
      return this;
    }

    /** The most nodes of one /24 (IPv6 /48) in a bucket; 0 turns the limit off (labs). */
    public Builder maxPerSubnet(int max) {
      this.maxPerSubnet = max;
      return this;
    }

    /** The node id work other nodes must show (0 for labs whose nodes use plain identities). */
    public Builder nodeIdWork(int bits) {
      this.nodeIdWork = bits;
      return this;
    }

    /** The most peers attached at once (default 100,000). */
    public Builder maxAttachments(int max) {
      this.maxAttachments = max;
      return this;
    }

    /** Also listens for peers over TCP on {@code address}. */
    public Builder tcp(InetSocketAddress address) {
      this.tcp = Optional.of(address);
      return this;
    }

    /** Also listens for peers over TLS on {@code address}, with a self-signed certificate. */
    public Builder tls(InetSocketAddress address) {
      this.tls = Optional.of(address);
      return this;
    }

    /** Presents this certificate chain and key (PEM files) on the TLS port instead. */
    public Builder tlsCertificate(Path certificate, Path key) {
      this.tlsCertificate = Optional.of(certificate);
      this.tlsKey = Optional.of(key);
      return this;
    }

    /** Limits of the TCP and TLS listeners (default {@link StreamLimits#defaults()}). */
    public Builder streamLimits(StreamLimits limits) {
      this.streamLimits = limits;
      return this;
    }

    /** S8 tel: bounds on the missed-call notes held (default {@link NoteBounds#defaults()}). */
    public Builder notes(NoteBounds bounds) {
      this.notes = bounds;
      return this;
    }

    public RendezvousNodeConfig build() {
      return new RendezvousNodeConfig(
          identity,
          listen,
          bootstrap,
          metrics,
          ratePerSource,
          maxRecords,
          perIpQuota,
          signaturesPerIp,
          nanoClock,
          wallClock,
          maxPerSubnet,
          nodeIdWork,
          maxAttachments,
          tcp,
          tls,
          tlsCertificate,
          tlsKey,
          streamLimits,
          notes);
    }
  }
}
