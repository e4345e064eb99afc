package io.peervoice.signaling.internal.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.peervoice.signaling.internal.wire.Msg.Attach;
import io.peervoice.signaling.internal.wire.Msg.Contact;
import io.peervoice.signaling.internal.wire.Msg.CookieReply;
import io.peervoice.signaling.internal.wire.Msg.Deliver;
import io.peervoice.signaling.internal.wire.Msg.FindNode;
import io.peervoice.signaling.internal.wire.Msg.FindRecord;
import io.peervoice.signaling.internal.wire.Msg.Forward;
import io.peervoice.signaling.internal.wire.Msg.Hello;
import io.peervoice.signaling.internal.wire.Msg.Hold;
import io.peervoice.signaling.internal.wire.Msg.Lookup;
import io.peervoice.signaling.internal.wire.Msg.Nodes;
import io.peervoice.signaling.internal.wire.Msg.Ping;
import io.peervoice.signaling.internal.wire.Msg.Pong;
import io.peervoice.signaling.internal.wire.Msg.Publish;
import io.peervoice.signaling.internal.wire.Msg.RecordReply;
import io.peervoice.signaling.internal.wire.Msg.Route;
import io.peervoice.signaling.internal.wire.Msg.Status;
import io.peervoice.signaling.internal.wire.Msg.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes overlay datagrams: one CBOR array (RFC 8949) {@code [version, type, tx,
 * fields...]}. Decoding checks every field's type and size and never throws anything but {@link
 * WireException}. Thread-safe.
 */
public final class WireCodec {
  /** The protocol version this codec speaks. */
  public static final int VERSION = 1;

  /** The largest payload of one {@link Route} or {@link Deliver} fragment. */
  public static final int MAX_FRAGMENT = 1100;

  /** The most fragments one message may be split into. */
  public static final int MAX_FRAGMENTS = 16;

  /** The largest encoded location record. */
  public static final int MAX_RECORD = 1024;

  /** The most contacts in one node list. */
  public static final int MAX_CONTACTS = 20;

  static final int ID = 20;
  static final int KEY = 32;
  static final int SIGNATURE = 64;
  static final int NONCE = 16;

  /** The length of a device id in ATTACH. */
  public static final int DEVICE = 8;

  /** The length of an address cookie. */
  public static final int COOKIE = 20;

  /** The most padding a {@link Hello} may carry. */
  public static final int MAX_PADDING = 256;

  private static final int PING = 1;
  private static final int PONG = 2;
  private static final int FIND_NODE = 3;
  private static final int NODES = 4;
  private static final int STORE = 5;
  private static final int FIND_RECORD = 6;
  private static final int RECORD = 7;
  private static final int ATTACH = 8;
  private static final int PUBLISH = 9;
  private static final int LOOKUP = 10;
  private static final int ROUTE = 11;
  private static final int DELIVER = 12;
  private static final int STATUS = 13;
  private static final int HELLO = 14;
  private static final int COOKIE_REPLY = 15;
  private static final int HOLD = 16; // S6 missed
  private static final int FORWARD = 17; // S7 webroute

  private final CBORFactory factory = new CBORFactory();

  /** Encodes {@code msg}. */
  public byte[] encode(Msg msg) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartArray(msg, 3 + fieldCount(msg));
      g.writeNumber(VERSION);
      g.writeNumber(typeOf(msg));
      g.writeNumber(msg.tx());
      writeBody(g, msg);
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static int typeOf(Msg msg) {
    if (msg instanceof Ping) return PING;
    if (msg instanceof Pong) return PONG;
    if (msg instanceof FindNode) return FIND_NODE;
    if (msg instanceof Nodes) return NODES;
    if (msg instanceof Store) return STORE;
    if (msg instanceof FindRecord) return FIND_RECORD;
    if (msg instanceof RecordReply) return RECORD;
    if (msg instanceof Attach) return ATTACH;
    if (msg instanceof Publish) return PUBLISH;
    if (msg instanceof Lookup) return LOOKUP;
    if (msg instanceof Route) return ROUTE;
    if (msg instanceof Deliver) return DELIVER;
    if (msg instanceof Hello) return HELLO;
    if (msg instanceof CookieReply) return COOKIE_REPLY;
    if (msg instanceof Hold) return HOLD;
    if (msg instanceof Forward) return FORWARD;
    return STATUS;
  }

  private static int fieldCount(Msg msg) {
    if (msg instanceof Nodes n) return ContactStreams.any(n.contacts()) ? 2 : 1;
    if (msg instanceof RecordReply r) return ContactStreams.any(r.contacts()) ? 3 : 2;
    if (msg instanceof Pong p && (p.tcpPort() != 0 || p.tlsPort() != 0)) return 8;
    if (msg instanceof Publish || msg instanceof Lookup || msg instanceof CookieReply) return 1;
    if (msg instanceof Deliver) return 4;
    if (msg instanceof Route || msg instanceof Hold || msg instanceof Forward) return 5;
    if (msg instanceof Pong p) return p.devices() == (p.attached() ? 1 : 0) ? 5 : 6;
    if (msg instanceof Attach a) return a.device().length == 0 ? 6 : 7;
    return 2;
  }

  private static void writeBody(JsonGenerator g, Msg msg) throws IOException {
    if (msg instanceof Ping m) {
      g.writeBinary(m.nonce());
      g.writeBinary(m.senderKey());
    } else if (msg instanceof Pong m) {
      g.writeBinary(m.observedIp());
      g.writeNumber(m.observedPort());
      g.writeBinary(m.nodeKey());
      g.writeBinary(m.signature());
      g.writeNumber(m.attached() ? 1 : 0);
      boolean ports = m.tcpPort() != 0 || m.tlsPort() != 0;
      if (ports || m.devices() != (m.attached() ? 1 : 0)) {
        g.writeNumber(Math.min(255, Math.max(0, m.devices())));
      }
      if (ports) {
        g.writeNumber(m.tcpPort());
        g.writeNumber(m.tlsPort());
      }
    } else if (msg instanceof FindNode m) {
      g.writeBinary(m.target());
      g.writeBinary(m.senderKey());
    } else if (msg instanceof Nodes m) {
      ContactStreams.writeContacts(g, m.contacts());
      ContactStreams.write(g, m.contacts());
    } else if (msg instanceof Store m) {
      g.writeBinary(m.record());
      g.writeBinary(m.senderKey());
    } else if (msg instanceof FindRecord m) {
      g.writeBinary(m.peer());
      g.writeBinary(m.senderKey());
    } else if (msg instanceof RecordReply m) {
      g.writeBinary(m.record());
      ContactStreams.writeContacts(g, m.contacts());
      ContactStreams.write(g, m.contacts());
    } else if (msg instanceof Attach m) {
      g.writeBinary(m.signingKey());
      g.writeBinary(m.agreementKey());
      g.writeBinary(m.node());
      g.writeNumber(m.timestampMillis());
      g.writeBinary(m.signature());
      g.writeBinary(m.cookie());
      if (m.device().length != 0) {
        g.writeBinary(m.device());
      }
    } else if (msg instanceof Publish m) {
      g.writeBinary(m.record());
    } else if (msg instanceof Lookup m) {
      g.writeBinary(m.peer());
    } else if (msg instanceof Route m) {
      writeRoute(g, m.target(), m.messageId(), m.fragment(), m.fragments(), m.payload());
    } else if (msg instanceof Deliver m) {
      g.writeNumber(m.messageId());
      g.writeNumber(m.fragment());
      g.writeNumber(m.fragments());
      g.writeBinary(m.payload());
    } else if (msg instanceof Status m) {
      g.writeNumber(m.code());
      g.writeNumber(m.value());
    } else if (msg instanceof Hello m) {
      g.writeBinary(m.cookie());
      g.writeBinary(m.padding());
    } else if (msg instanceof CookieReply m) {
      g.writeBinary(m.cookie());
    } else if (msg instanceof Hold m) {
      writeRoute(g, m.target(), m.messageId(), m.fragment(), m.fragments(), m.payload());
    } else if (msg instanceof Forward m) {
      writeRoute(g, m.target(), m.messageId(), m.fragment(), m.fragments(), m.payload());
    }
  }

  private static void writeRoute(
      JsonGenerator g, byte[] target, long id, int fragment, int fragments, byte[] payload)
      throws IOException {
    g.writeBinary(target);
    g.writeNumber(id);
    g.writeNumber(fragment);
    g.writeNumber(fragments);
    g.writeBinary(payload);
  }

  /**
   * Decodes one datagram.
   *
   * @throws WireException naming the field that is wrong
   */
  public Msg decode(byte[] data) throws WireException {
    if (data.length == 0) {
      throw new WireException("empty datagram");
    }
    try (CborReader r = new CborReader(factory, data)) {
      int version = r.integer("version", 0, 255);
      if (version != VERSION) {
        throw new WireException("unsupported version " + version);
      }
      int type = r.integer("type", 0, 255);
      long tx = r.integer("tx");
      Msg msg = readBody(r, type, tx);
      r.end();
      return msg;
    } catch (RuntimeException e) {
      throw new WireException("undecodable: " + e, e);
    }
  }

  private static Msg readBody(CborReader r, int type, long tx) throws WireException {
    switch (type) {
      case PING:
        return new Ping(tx, r.optionalBytes("nonce", NONCE), r.optionalBytes("senderKey", KEY));
      case PONG:
        {
          byte[] ip = ip(r);
          int port = r.integer("observedPort", 0, 0xFFFF);
          byte[] key = r.optionalBytes("nodeKey", KEY);
          byte[] signature = r.optionalBytes("signature", SIGNATURE);
          boolean attached = r.hasField() && r.integer("attached", 0, 1) == 1;
          int devices = r.hasField() ? r.integer("devices", 0, 255) : attached ? 1 : 0;
          int tcp = r.hasField() ? r.integer("tcpPort", 0, 0xFFFF) : 0;
          int tls = r.hasField() ? r.integer("tlsPort", 0, 0xFFFF) : 0;
          return new Pong(tx, ip, port, key, signature, attached, devices, tcp, tls);
        }
      case FIND_NODE:
        return new FindNode(tx, r.bytes("target", ID, ID), r.optionalBytes("senderKey", KEY));
      case NODES:
        return new Nodes(tx, ContactStreams.read(r, contacts(r)));
      case STORE:
        return new Store(tx, r.bytes("record", 1, MAX_RECORD), r.optionalBytes("senderKey", KEY));
      case FIND_RECORD:
        return new FindRecord(tx, r.bytes("peer", ID, ID), r.optionalBytes("senderKey", KEY));
      case RECORD:
        {
          byte[] record = r.bytes("record", 0, MAX_RECORD);
          return new RecordReply(tx, record, ContactStreams.read(r, contacts(r)));
        }
      case ATTACH:
        {
          byte[] signingKey = r.bytes("signingKey", KEY, KEY);
          byte[] agreementKey = r.bytes("agreementKey", KEY, KEY);
          byte[] node = r.bytes("node", ID, ID);
          long timestamp = r.integer("timestamp");
          byte[] signature = r.bytes("signature", SIGNATURE, SIGNATURE);
          byte[] cookie = r.hasField() ? r.optionalBytes("cookie", COOKIE) : new byte[0];
          byte[] device = r.hasField() ? r.optionalBytes("device", DEVICE) : new byte[0];
          return new Attach(
              tx, signingKey, agreementKey, node, timestamp, signature, cookie, device);
        }
      case PUBLISH:
        return new Publish(tx, r.bytes("record", 1, MAX_RECORD));
      case LOOKUP:
        return new Lookup(tx, r.bytes("peer", ID, ID));
      case ROUTE:
      case HOLD:
      case FORWARD:
        {
          byte[] target = r.bytes("target", ID, ID);
          long id = r.integer("messageId");
          int fragment = r.integer("fragment", 0, MAX_FRAGMENTS - 1);
          int fragments = r.integer("fragments", 1, MAX_FRAGMENTS);
          checkFragment(fragment, fragments);
          byte[] payload = r.bytes("payload", 1, MAX_FRAGMENT);
          return switch (type) {
            case ROUTE -> new Route(tx, target, id, fragment, fragments, payload);
            case HOLD -> new Hold(tx, target, id, fragment, fragments, payload);
            default -> new Forward(tx, target, id, fragment, fragments, payload);
          };
        }
      case DELIVER:
        {
          long id = r.integer("messageId");
          int fragment = r.integer("fragment", 0, MAX_FRAGMENTS - 1);
          int fragments = r.integer("fragments", 1, MAX_FRAGMENTS);
          checkFragment(fragment, fragments);
          return new Deliver(tx, id, fragment, fragments, r.bytes("payload", 1, MAX_FRAGMENT));
        }
      case STATUS:
        return new Status(tx, r.integer("code", 0, 255), r.integer("value"));
      case HELLO:
        return new Hello(tx, r.optionalBytes("cookie", COOKIE), r.bytes("padding", 0, MAX_PADDING));
      case COOKIE_REPLY:
        return new CookieReply(tx, r.bytes("cookie", COOKIE, COOKIE));
      default:
        throw new WireException("unknown message type " + type);
    }
  }

  private static void checkFragment(int fragment, int fragments) throws WireException {
    if (fragment >= fragments) {
      throw new WireException("fragment " + fragment + " of " + fragments);
    }
  }

  private static byte[] ip(CborReader r) throws WireException {
    byte[] ip = r.bytes("ip", 4, 16);
    if (ip.length != 4 && ip.length != 16) {
      throw new WireException("ip must be 4 or 16 bytes");
    }
    return ip;
  }

  private static List<Contact> contacts(CborReader r) throws WireException {
    r.startArray("contacts");
    List<Contact> contacts = new ArrayList<>();
    while (r.more()) {
      if (contacts.size() == MAX_CONTACTS) {
        throw new WireException("more than " + MAX_CONTACTS + " contacts");
      }
      r.startArray("contact");
      Contact c = new Contact(r.bytes("id", ID, ID), ip(r), r.integer("port", 1, 0xFFFF));
      if (r.more()) {
        throw new WireException("contact has extra fields");
      }
      contacts.add(c);
    }
    return List.copyOf(contacts);
  }
}
