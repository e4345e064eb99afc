package io.peervoice.demo;

import io.peervoice.natives.StreamLimits;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.RendezvousNode;
import io.peervoice.signaling.RendezvousNodeConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code peervoice node}: runs a rendezvous node until stopped. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run a rendezvous node (UDP: overlay protocol and STUN).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice node --listen 0.0.0.0:7400 --id-file node.id",
      "  peervoice node --listen 0.0.0.0:7401 --bootstrap 127.0.0.1:7400 \\",
      "      --metrics-port 9400",
      "  peervoice node --listen 127.0.0.1:0 --node-id-work 0 --max-per-subnet 0",
      "  peervoice node --listen 0.0.0.0:7400 --tcp-port 7400 --tls-port 443 \\",
      "      --tls-cert node.pem --tls-key node.key"
    })
final class NodeCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--listen",
      defaultValue = "0.0.0.0:7400",
      converter = HostPort.class,
      description = "UDP address to listen on (default: ${DEFAULT-VALUE}; port 0 picks one).")
  InetSocketAddress listen;

  @Option(
      names = "--bootstrap",
      split = ",",
      converter = HostPort.class,
      paramLabel = "HOST:PORT",
      description = "Nodes to join the overlay through.")
  List<InetSocketAddress> bootstrap = List.of();

  @Option(
      names = "--metrics-port",
      description =
          "Serve /metrics (Prometheus) and /health on this TCP port of the loopback address only.")
  Integer metricsPort;

  @Option(
      names = "--metrics-listen",
      converter = HostPort.class,
      paramLabel = "HOST:PORT",
      description =
          "Serve /metrics and /health on this address instead (they have no authentication:"
              + " expose them deliberately).")
  InetSocketAddress metricsListen;

  @Option(
      names = "--rate-limit",
      defaultValue = "500",
      paramLabel = "N",
      description =
          "Datagrams per second allowed from one source IP, all its ports together"
              + " (default ${DEFAULT-VALUE}).")
  double rateLimit;

  @Option(
      names = "--per-ip-quota",
      defaultValue = "64",
      paramLabel = "N",
      description =
          "Proven addresses, attachments and records allowed per source IP"
              + " (default ${DEFAULT-VALUE}; raise it for labs with many peers on one address).")
  int perIpQuota;

  @Option(
      names = "--signature-rate",
      defaultValue = "20",
      paramLabel = "N",
      description =
          "Ed25519 operations per second done for one source IP (default ${DEFAULT-VALUE}).")
  double signatureRate;

  @Option(
      names = "--id-file",
      description =
          "The node's identity file (created if missing, with its node id work solved once;"
              + " default: a new identity).")
  Path idFile;

  @Option(
      names = "--node-id-work",
      defaultValue = "12",
      paramLabel = "BITS",
      description =
          "Node id work (S/Kademlia puzzle) other nodes must show and a new identity gets; the"
              + " same across an overlay (default ${DEFAULT-VALUE}: about a second to create).")
  int nodeIdWork;

  @Option(
      names = "--max-per-subnet",
      defaultValue = "2",
      paramLabel = "N",
      description =
          "Most nodes of one IPv4 /24 or IPv6 /48 in a routing-table bucket; 0 turns the limit"
              + " off, for labs running many nodes on one address (default ${DEFAULT-VALUE}).")
  int maxPerSubnet;

  @Option(
      names = "--max-attachments",
      defaultValue = "100000",
      paramLabel = "N",
      description =
          "Peers attached at once, at most; each costs about a kilobyte of heap"
              + " (default ${DEFAULT-VALUE}).")
  int maxAttachments;

  @Option(
      names = "--tcp-port",
      paramLabel = "PORT",
      description =
          "Also serve peers over TCP on this port of the --listen host (the overlay messages,"
              + " each preceded by a 16-bit length; 0 picks one): for networks that block UDP.")
  Integer tcpPort;

  @Option(
      names = "--tls-port",
      paramLabel = "PORT",
      description =
          "Also serve peers over TLS on this port (e.g. 443). Without --tls-cert the node presents"
              + " a self-signed certificate for its node key, which peers pin by the node id.")
  Integer tlsPort;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "The TLS certificate chain (PEM), e.g. from a CA; peers check its host name.")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "The PKCS#8 PEM private key of --tls-cert.")
  Path tlsKey;

  @Option(
      names = "--streams-per-ip",
      defaultValue = "16",
      paramLabel = "N",
      description = "TCP and TLS connections held from one IP address (default ${DEFAULT-VALUE}).")
  int streamsPerIp;

  // S5 web: --ws-port, --ws-origin
  @picocli.CommandLine.Mixin WebOptions web = new WebOptions();

  @picocli.CommandLine.Mixin NoteOptions notes = new NoteOptions(); // S8 tel

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    String bad = badOption();
    if (bad != null) {
      spec.commandLine().getErr().println("peervoice node: " + bad);
      return 2;
    }
    String badTls = badTlsFiles();
    if (badTls != null) {
      spec.commandLine().getErr().println("peervoice node: " + badTls);
      return 2;
    }
    Identity identity = identity();
    if (identity.peerId().nodeIdWork() < nodeIdWork) {
      spec.commandLine()
          .getErr()
          .println(
              "peervoice node: "
                  + idFile
                  + " has "
                  + identity.peerId().nodeIdWork()
                  + " bits of node id work, the overlay asks for "
                  + nodeIdWork
                  + "; other nodes would refuse it. Use a new --id-file.");
      return 2;
    }
    RendezvousNodeConfig config = config(identity);
    RendezvousNode node;
    try {
      node = RendezvousNode.start(config);
    } catch (IOException e) {
      spec.commandLine().getErr().println("peervoice node: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                },
                "peervoice-node-stop"));
    out.println("node " + node.id() + " listening on " + HostPort.format(node.address()));
    try {
      web.serve(node, listen, streamsPerIp, out); // S5 web
    } catch (IOException e) {
      spec.commandLine().getErr().println("peervoice node: " + e.getMessage());
      node.close();
      return 1;
    }
    node.tcpAddress().ifPresent(a -> out.println("tcp on " + HostPort.format(a)));
    node.tlsAddress()
        .ifPresent(
            a ->
                out.println(
                    "tls on "
                        + HostPort.format(a)
                        + (tlsCert == null ? " (self-signed, pinned by node id)" : "")));
    out.println(
        "transport "
            + node.transport()
            + node.metricsAddress()
                .map(m -> ", metrics on http://" + HostPort.format(m) + "/metrics")
                .orElse(""));
    out.flush();
    stopped.await();
    return 0;
  }

  /**
   * The node's configuration from the options: {@code /metrics} on the loopback address unless
   * {@code --metrics-listen} names another.
   */
  /** The first option value out of range, as one line for the user, or null. */
  private String badOption() {
    if (nodeIdWork < 0 || nodeIdWork > 32) {
      return "--node-id-work must be 0..32 bits, got " + nodeIdWork;
    }
    if (maxPerSubnet < 0) {
      return "--max-per-subnet must be 0 (no limit) or more, got " + maxPerSubnet;
    }
    if (perIpQuota < 1) {
      return "--per-ip-quota must be at least 1, got " + perIpQuota;
    }
    if (!(signatureRate > 0)) {
      return "--signature-rate must be more than 0, got " + signatureRate;
    }
    if (maxAttachments < 1) {
      return "--max-attachments must be at least 1, got " + maxAttachments;
    }
    if (!(rateLimit > 0)) {
      return "--rate-limit must be more than 0, got " + rateLimit;
    }
    String stream = badStreamOption();
    String w = stream != null ? stream : web.badOption(); // S5 web
    return w != null ? w : notes.badOption(); // S8 tel
  }

  private String badStreamOption() {
    if (tcpPort != null && (tcpPort < 0 || tcpPort > 0xFFFF)) {
      return "--tcp-port must be 0..65535, got " + tcpPort;
    }
    if (tlsPort != null && (tlsPort < 0 || tlsPort > 0xFFFF)) {
      return "--tls-port must be 0..65535, got " + tlsPort;
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      return "--tls-cert and --tls-key go together";
    }
    if (tlsCert != null && tlsPort == null) {
      return "--tls-cert needs --tls-port";
    }
    if (streamsPerIp < 1 || streamsPerIp > 10_000) {
      return "--streams-per-ip must be 1..10000, got " + streamsPerIp;
    }
    return null;
  }

  /** Whether {@code --tls-cert}/{@code --tls-key} can be served, as one line, or null. */
  private String badTlsFiles() {
    if (tlsCert == null) {
      return null;
    }
    try {
      io.peervoice.natives.TlsServerSettings.fromPem(tlsCert, tlsKey);
      return null;
    } catch (IOException e) {
      return "--tls-cert/--tls-key: " + e.getMessage();
    }
  }

  RendezvousNodeConfig config(Identity identity) {
    RendezvousNodeConfig.Builder config =
        RendezvousNodeConfig.builder(identity, listen)
            .bootstrap(bootstrap)
            .ratePerSource(rateLimit)
            .perIpLimits(perIpQuota, signatureRate)
            .nodeIdWork(nodeIdWork)
            .maxPerSubnet(maxPerSubnet)
            .maxAttachments(maxAttachments)
            .notes(notes.bounds());
    if (tcpPort != null) {
      config.tcp(new InetSocketAddress(listen.getAddress(), tcpPort));
    }
    if (tlsPort != null) {
      config.tls(new InetSocketAddress(listen.getAddress(), tlsPort));
    }
    if (tlsCert != null) {
      config.tlsCertificate(tlsCert, tlsKey);
    }
    config.streamLimits(StreamLimits.defaults().withConnections(10_000, streamsPerIp));
    if (metricsListen != null) {
      config.metrics(metricsListen);
    } else if (metricsPort != null) {
      config.metrics(new InetSocketAddress(InetAddress.getLoopbackAddress(), metricsPort));
    }
    return config.build();
  }

  private Identity identity() throws IOException {
    if (idFile == null) {
      return Identity.generateNode(new SecureRandom(), nodeIdWork);
    }
    if (Files.exists(idFile)) {
      return Identity.load(idFile);
    }
    Identity created = Identity.generateNode(new SecureRandom(), nodeIdWork);
    created.save(idFile);
    return created;
  }
}
