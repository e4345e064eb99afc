package io.peervoice.signaling.internal.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import io.peervoice.signaling.internal.wire.Msg.Contact;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The stream ports of a contact list (NODES, RECORD): one array appended after the list, {@code
 * [[tcpPort, tlsPort]...]} in the contacts' order, only when a contact has any. Decoders before
 * streams skip it; the contacts themselves stay {@code [id, ip, port]}, which they check strictly.
 */
final class ContactStreams {
  private ContactStreams() {}

  static boolean any(List<Contact> contacts) {
    return contacts.stream().anyMatch(Contact::hasStreams);
  }

  /**
   * The contacts' stream ports, {@code [[tcpPort, tlsPort]...]} in the contacts' order, appended
   * after the list when any contact has some (peers before it skip appended fields; the contact
   * entries themselves stay {@code [id, ip, port]}, which they check strictly).
   */
  static void write(JsonGenerator g, List<Contact> contacts) throws IOException {
    if (!any(contacts)) {
      return;
    }
    g.writeStartArray(contacts, contacts.size());
    for (Contact c : contacts) {
      g.writeStartArray(c, 2);
      g.writeNumber(c.tcpPort());
      g.writeNumber(c.tlsPort());
      g.writeEndArray();
    }
    g.writeEndArray();
  }

  /** {@code contacts} with the stream ports of an appended {@code streams} field, if any. */
  static List<Contact> read(CborReader r, List<Contact> contacts) throws WireException {
    if (!r.hasField()) {
      return contacts;
    }
    r.startArray("streams");
    List<Contact> out = new ArrayList<>(contacts.size());
    while (r.more()) {
      if (out.size() == contacts.size()) {
        throw new WireException("more stream entries than contacts");
      }
      r.startArray("stream");
      int tcp = r.integer("tcpPort", 0, 0xFFFF);
      int tls = r.integer("tlsPort", 0, 0xFFFF);
      if (r.more()) {
        throw new WireException("stream entry has extra fields");
      }
      Contact c = contacts.get(out.size());
      out.add(new Contact(c.id(), c.ip(), c.port(), tcp, tls));
    }
    if (out.size() != contacts.size()) {
      throw new WireException("fewer stream entries than contacts");
    }
    return List.copyOf(out);
  }

  /** The contact list itself: {@code [[id, ip, port] …]}. */
  static void writeContacts(JsonGenerator g, List<Contact> contacts) throws IOException {
    g.writeStartArray(contacts, contacts.size());
    for (Contact c : contacts) {
      g.writeStartArray(c, 3);
      g.writeBinary(c.id());
      g.writeBinary(c.ip());
      g.writeNumber(c.port());
      g.writeEndArray();
    }
    g.writeEndArray();
  }
}
