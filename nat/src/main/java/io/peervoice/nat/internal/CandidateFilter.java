package io.peervoice.nat.internal;

import io.peervoice.nat.AddressPolicy;
import io.peervoice.nat.CandidateType;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceConfig;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.function.Function;

/**
 * Decides which gathered candidates a session offers, from the configuration's address policy and
 * interface lists. A reflexive or relayed candidate follows the host candidate it is based on.
 */
final class CandidateFilter {
  private final IceConfig config;
  private final Function<String, String> interfaceOf;

  CandidateFilter(IceConfig config) {
    this(config, CandidateFilter::interfaceName);
  }

  CandidateFilter(IceConfig config, Function<String, String> interfaceOf) {
    this.config = config;
    this.interfaceOf = interfaceOf;
  }

  boolean offers(IceCandidate c) {
    if (config.relayOnly() && c.type() != CandidateType.RELAYED) {
      return false;
    }
    String base =
        c.type() == CandidateType.HOST || c.relatedAddress() == null
            ? c.address()
            : c.relatedAddress();
    if (!familyAllowed(c.address()) || !familyAllowed(base)) {
      return false;
    }
    if (config.allowedInterfaces().isEmpty() && config.blockedInterfaces().isEmpty()) {
      return true;
    }
    String nif = interfaceOf.apply(base);
    if (nif == null) {
      return c.type() != CandidateType.HOST;
    }
    if (config.blockedInterfaces().contains(nif)) {
      return false;
    }
    return config.allowedInterfaces().isEmpty() || config.allowedInterfaces().contains(nif);
  }

  private boolean familyAllowed(String address) {
    boolean v6 = address.contains(":");
    return config.addressPolicy() == AddressPolicy.BOTH
        || (config.addressPolicy() == AddressPolicy.IPV6_ONLY) == v6;
  }

  private static String interfaceName(String address) {
    try {
      InetAddress a = InetAddress.getByName(address);
      NetworkInterface nif = NetworkInterface.getByInetAddress(a);
      return nif == null ? null : nif.getName();
    } catch (UnknownHostException | SocketException e) {
      return null;
    }
  }
}
