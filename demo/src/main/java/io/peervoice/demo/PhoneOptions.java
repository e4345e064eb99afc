package io.peervoice.demo;

import io.peervoice.sdk.Phone;
import io.peervoice.sdk.PhoneConfig;
import io.peervoice.signaling.Identity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every phone command takes: who we are and where the overlay is. */
final class PhoneOptions {
  @Option(names = "--id-file", required = true, paramLabel = "FILE", description = "Our identity.")
  Path idFile;

  @Option(
      names = "--bootstrap",
      required = true,
      split = ",",
      converter = HostPort.class,
      paramLabel = "HOST:PORT",
      description = "Rendezvous nodes to attach through.")
  List<InetSocketAddress> bootstrap;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the call report as JSON.")
  Path json;

  PhoneConfig.Builder builder() throws IOException {
    return Phone.builder(Identity.load(idFile)).bootstrap(bootstrap);
  }
}
