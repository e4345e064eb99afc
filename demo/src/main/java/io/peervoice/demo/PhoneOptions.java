package io.peervoice.demo;

import io.peervoice.sdk.Phone;
import io.peervoice.sdk.PhoneConfig;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
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

  @Option(
      names = "--contacts",
      paramLabel = "FILE",
      description =
          "PeerIds (one a line, '#' comments) whose calls get ICE while ringing; everyone else"
              + " learns no address of ours and gets no ICE check until we answer.")
  Path contactsFile;

  @Option(
      names = "--keepalive",
      paramLabel = "SECONDS",
      converter = Keepalive.class,
      description =
          "Ping each rendezvous node every SECONDS (1..30, default 25: below common NAT timeouts,"
              + " so a phone's radio can sleep). Calls reach us while any of our nodes lives;"
              + " if all die we are reachable again about one keepalive later.")
  Duration keepalive;

  @picocli.CommandLine.Mixin NetworkOptions network = new NetworkOptions();

  private Set<PeerId> contacts = Set.of();

  /** Reads {@code --contacts}; returns a one-line error for the user, or null if it is fine. */
  String loadContacts() {
    if (contactsFile == null) {
      return null;
    }
    try {
      contacts = ContactsFile.read(contactsFile);
      return null;
    } catch (IOException e) {
      return "cannot read --contacts " + contactsFile + ": " + e.getMessage();
    } catch (IllegalArgumentException e) {
      return "--contacts " + e.getMessage();
    }
  }

  PhoneConfig.Builder builder() throws IOException {
    PhoneConfig.Builder b =
        Phone.builder(Identity.load(idFile))
            .bootstrap(bootstrap)
            .contacts(contacts)
            .ice(network.ice());
    return keepalive == null ? b : b.keepalive(keepalive);
  }

  /** Parses whole seconds, 1 to 30. */
  static final class Keepalive implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      int seconds;
      try {
        seconds = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        seconds = -1;
      }
      if (seconds < 1 || seconds > 30) {
        throw new CommandLine.TypeConversionException(
            "--keepalive must be 1..30 seconds, got '" + value + "'");
      }
      return Duration.ofSeconds(seconds);
    }
  }
}
