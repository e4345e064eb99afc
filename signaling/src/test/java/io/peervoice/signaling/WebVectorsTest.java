package io.peervoice.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.internal.wire.EnvelopeCodec;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.WireCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.XECPrivateKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test vectors of the browser client ({@code web/test/vectors.json}), made by this code from a
 * seeded random source: two identities' secrets, a signed location record, a sealed envelope and
 * one of each overlay message the browser speaks, and (S13) a conference host's roster. The
 * JavaScript tests ({@code node --test web/test}, run by {@code WebClientTest} in demo) reproduce
 * every byte. Fails when the committed file differs from what this code makes; {@code
 * -Dpeervoice.writeVectors=true} rewrites it.
 */
class WebVectorsTest {
  private static final Path FILE = Path.of("..", "web", "test", "vectors.json");
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void committedVectorsAreWhatTheJavaCodeMakes() throws Exception {
    String made = vectors();
    if (Boolean.getBoolean("peervoice.writeVectors")) {
      Files.writeString(FILE, made);
    }
    assertThat(Files.readString(FILE)).isEqualTo(made);
  }

  static String vectors() throws Exception {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(16L);
    Identity a = Identity.generate(random);
    Identity b = Identity.generate(random);
    Map<String, String> v = new LinkedHashMap<>();
    secrets(v, "a", a);
    secrets(v, "b", b);

    PeerId node = PeerId.of(new byte[32]);
    LocationRecord record =
        LocationRecord.sign(
            a,
            List.of(new NodeAddress(node, "127.0.0.1", 7400, 7401, 0)),
            1_764_000_000_000L,
            Instant.ofEpochMilli(4_102_444_800_000L));
    v.put("record", HEX.formatHex(new RecordCodec().encode(record)));
    LocationRecord plain =
        LocationRecord.sign(
            a, List.of(new NodeAddress(node, "node.example", 7400)), 7, Instant.ofEpochMilli(9));
    v.put("record_plain", HEX.formatHex(new RecordCodec().encode(plain)));
    v.put("node_id", HEX.formatHex(node.bytes()));

    byte[] payload = "hello from java: ünïcode".getBytes(StandardCharsets.UTF_8);
    SealedMessage sealed = SealedMessage.seal(a, b.publicIdentity(), payload, random);
    v.put("payload", HEX.formatHex(payload));
    v.put("nonce", HEX.formatHex(sealed.nonce()));
    v.put("envelope", HEX.formatHex(new EnvelopeCodec().encode(a.publicIdentity(), sealed)));

    byte[] cookie = new byte[20];
    Arrays.fill(cookie, (byte) 0x77);
    byte[] device = HEX.parseHex("0102030405060708");
    long timestamp = 1_764_000_000_123L;
    byte[] attachSigned =
        ByteBuffer.allocate(19 + 20 + 20 + 8 + 8)
            .put("peervoice-attach-v3".getBytes(StandardCharsets.US_ASCII))
            .put(node.bytes())
            .put(cookie)
            .putLong(timestamp)
            .put(device)
            .array();
    byte[] nonce = new byte[16];
    Arrays.fill(nonce, (byte) 0x11);
    byte[] sig = new byte[64];
    Arrays.fill(sig, (byte) 0x33);
    WireCodec wire = new WireCodec();
    Map<String, Msg> msgs = new LinkedHashMap<>();
    msgs.put("hello", new Msg.Hello(1, new byte[0], new byte[20]));
    msgs.put("cookie", new Msg.CookieReply(1, cookie));
    msgs.put("ping", new Msg.Ping(2, nonce, new byte[0]));
    msgs.put(
        "pong",
        new Msg.Pong(
            2, new byte[] {127, 0, 0, 1}, 40000, a.publicIdentity().signingKey(), sig, true));
    msgs.put(
        "pong_devices", new Msg.Pong(300, new byte[16], 65535, new byte[0], new byte[0], true, 3));
    msgs.put(
        "attach",
        new Msg.Attach(
            3,
            a.publicIdentity().signingKey(),
            a.publicIdentity().agreementKey(),
            node.bytes(),
            timestamp,
            a.sign(attachSigned),
            cookie,
            device));
    msgs.put("publish", new Msg.Publish(4, new RecordCodec().encode(record)));
    msgs.put("lookup", new Msg.Lookup(5, b.peerId().bytes()));
    msgs.put(
        "record_reply",
        new Msg.RecordReply(
            5,
            new RecordCodec().encode(record),
            List.of(new Msg.Contact(node.bytes(), new byte[] {10, 0, 0, 1}, 7400))));
    msgs.put(
        "route",
        new Msg.Route(1L << 40, b.peerId().bytes(), -5_000_000_000L, 1, 2, HEX.parseHex("010203")));
    msgs.put("deliver", new Msg.Deliver(Long.MAX_VALUE, 0x0102030405060708L, 0, 1, payload));
    msgs.put("status", new Msg.Status(7, 4, 0));
    msgs.put("status_value", new Msg.Status(8, 0, 70_000));
    msgs.put( // S7 webroute
        "forward", new Msg.Forward(9, b.peerId().bytes(), 42, 0, 3, HEX.parseHex("0405")));
    msgs.forEach((name, m) -> v.put("msg_" + name, HEX.formatHex(wire.encode(m))));
    v.put("attach_timestamp", Long.toString(timestamp));
    // S13 (issue 17): a conference host's roster as a browser participant receives it
    v.put(
        "call_conference",
        HEX.formatHex(
            new io.peervoice.signaling.internal.call.CallWire()
                .encode(
                    new io.peervoice.signaling.call.CallMessage.Conference(
                        new io.peervoice.signaling.call.CallId(-5_764_607_523_034_234_880L, 42),
                        3,
                        7,
                        List.of(
                            new io.peervoice.signaling.call.CallMessage.ConferenceMember(
                                a.peerId().bytes(), true, false, false, false, -127),
                            new io.peervoice.signaling.call.CallMessage.ConferenceMember(
                                b.peerId().bytes(), false, true, true, true, -20))))));

    StringBuilder json = new StringBuilder("{\n");
    v.forEach((k, s) -> json.append("  \"").append(k).append("\": \"").append(s).append("\",\n"));
    json.setLength(json.length() - 2);
    return json.append("\n}\n").toString();
  }

  private static void secrets(Map<String, String> v, String name, Identity id) {
    byte[] seed = ((EdECPrivateKey) id.signingKeys().getPrivate()).getBytes().orElseThrow();
    byte[] scalar = ((XECPrivateKey) id.agreementKey()).getScalar().orElseThrow();
    v.put(name + "_ed25519_seed", HEX.formatHex(seed));
    v.put(name + "_x25519_secret", HEX.formatHex(scalar));
    v.put(name + "_signing_key", HEX.formatHex(id.publicIdentity().signingKey()));
    v.put(name + "_agreement_key", HEX.formatHex(id.publicIdentity().agreementKey()));
    v.put(name + "_peer_id", id.peerId().toString());
  }
}
