package io.peervoice.nat;

/**
 * ICE agent role (RFC 8445 <a
 * href="https://www.rfc-editor.org/rfc/rfc8445#section-6.1.1">§6.1.1</a>); the caller controls.
 */
public enum IceRole {
  CONTROLLING,
  CONTROLLED
}
