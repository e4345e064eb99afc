package io.peervoice.nat.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** Answers whether ICE has anything to harvest: an interface that is up and not loopback. */
public final class NetworkInterfaces {

  private NetworkInterfaces() {}

  public static boolean hasUsableInterface() {
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nif.isUp() || nif.isLoopback()) {
          continue;
        }
        for (InetAddress address : Collections.list(nif.getInetAddresses())) {
          if (address instanceof Inet4Address || !address.isLinkLocalAddress()) {
            return true;
          }
        }
      }
      return false;
    } catch (SocketException e) {
      return false;
    }
  }
}
