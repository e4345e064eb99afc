package io.peervoice.signaling.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Golden vectors of docs/protocol.md, and hostile input. */
class WireCodecTest {
  private final WireCodec codec = new WireCodec();

  private static byte[] fill(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  /** The messages behind the vectors in src/test/resources/wire-vectors.txt. */
  static Map<String, Msg> messages() {
    Map<String, Msg> m = new LinkedHashMap<>();
    m.put("ping", new Msg.Ping(1, fill(16, 0x11), fill(32, 0x22)));
    m.put(
        "pong",
        new Msg.Pong(
            1, new byte[] {(byte) 192, 0, 2, 7}, 40000, fill(32, 0x22), fill(64, 0x33), true));
    m.put("find_node", new Msg.FindNode(2, fill(20, 0x44), new byte[0]));
    m.put(
        "nodes",
        new Msg.Nodes(
            2,
            List.of(new Msg.Contact(fill(20, 0x55), new byte[] {(byte) 198, 51, 100, 1}, 7400))));
    m.put(
        "route", new Msg.Route(3, fill(20, 0x66), 0x0102030405060708L, 0, 1, new byte[] {1, 2, 3}));
    m.put("status", new Msg.Status(3, 4, 0));
    m.put("hello", new Msg.Hello(4, new byte[0], new byte[20]));
    m.put("cookie", new Msg.CookieReply(4, fill(20, 0x77)));
    m.put("hello_cookie", new Msg.Hello(5, fill(20, 0x77), new byte[0]));
    return m;
  }

  private static Map<String, String> vectors() throws IOException {
    Map<String, String> v = new LinkedHashMap<>();
    try (InputStream in = WireCodecTest.class.getResourceAsStream("/wire-vectors.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          String[] parts = line.trim().split(" ");
          v.put(parts[0], parts[1]);
        }
      }
    }
    return v;
  }

  @Test
  void encodingsMatchTheGoldenVectorsAndDecodeBack() throws Exception {
    Map<String, String> vectors = vectors();
    assertThat(vectors.keySet()).containsExactlyElementsOf(messages().keySet());
    for (var e : messages().entrySet()) {
      byte[] golden = HexFormat.of().parseHex(vectors.get(e.getKey()));
      assertThat(HexFormat.of().formatHex(codec.encode(e.getValue())))
          .as(e.getKey())
          .isEqualTo(vectors.get(e.getKey()));
      assertThat(codec.encode(codec.decode(golden))).as(e.getKey()).isEqualTo(golden);
    }
    Msg.Route route = (Msg.Route) codec.decode(HexFormat.of().parseHex(vectors.get("route")));
    assertThat(route.messageId()).isEqualTo(0x0102030405060708L);
    assertThat(route.payload()).containsExactly(1, 2, 3);
  }

  @Test
  void badInputIsRefusedWithTheFieldThatIsWrong() {
    assertThatThrownBy(() -> codec.decode(HexFormat.of().parseHex("85020d030400")))
        .isInstanceOf(WireException.class)
        .hasMessageContaining("version 2");
    assertThatThrownBy(() -> codec.decode(HexFormat.of().parseHex("8501186303040500")))
        .isInstanceOf(WireException.class)
        .hasMessageContaining("unknown message type 99");
    byte[] shortTarget = codec.encode(new Msg.FindNode(2, fill(20, 0x44), new byte[0]));
    shortTarget[4] = 0x53;
    assertThatThrownBy(() -> codec.decode(shortTarget))
        .isInstanceOf(WireException.class)
        .hasMessageContaining("target");
    byte[] tooManyFragments =
        codec.encode(new Msg.Route(3, fill(20, 0x66), 1, 16, 17, new byte[] {1}));
    assertThatThrownBy(() -> codec.decode(tooManyFragments)).isInstanceOf(WireException.class);
  }

  @Test
  void appendedFieldsAreOptionalAndBounded() throws Exception {
    byte[] oldPong = HexFormat.of().parseHex("8701020144c0000207199c404040");
    Msg.Pong pong = (Msg.Pong) codec.decode(oldPong);
    assertThat(pong.attached()).as("a PONG without the flag").isFalse();
    Msg.Attach attach =
        new Msg.Attach(1, fill(32, 1), fill(32, 2), fill(20, 3), 5, fill(64, 4), new byte[0]);
    assertThat(((Msg.Attach) codec.decode(codec.encode(attach))).cookie()).isEmpty();
    byte[] badCookie =
        codec.encode(
            new Msg.Attach(1, fill(32, 1), fill(32, 2), fill(20, 3), 5, fill(64, 4), fill(19, 5)));
    assertThatThrownBy(() -> codec.decode(badCookie))
        .isInstanceOf(WireException.class)
        .hasMessageContaining("cookie");
    Msg.Attach v3 =
        new Msg.Attach(
            1, fill(32, 1), fill(32, 2), fill(20, 3), 5, fill(64, 4), fill(20, 5), fill(8, 6));
    assertThat(((Msg.Attach) codec.decode(codec.encode(v3))).device()).isEqualTo(fill(8, 6));
    assertThat(((Msg.Attach) codec.decode(codec.encode(attach))).device()).isEmpty();
    byte[] badDevice =
        codec.encode(
            new Msg.Attach(
                1, fill(32, 1), fill(32, 2), fill(20, 3), 5, fill(64, 4), fill(20, 5), fill(7, 6)));
    assertThatThrownBy(() -> codec.decode(badDevice))
        .isInstanceOf(WireException.class)
        .hasMessageContaining("device");
    Msg.Pong three = new Msg.Pong(1, new byte[4], 9, fill(32, 2), new byte[0], true, 3);
    assertThat(((Msg.Pong) codec.decode(codec.encode(three))).devices()).isEqualTo(3);
    Msg.Pong one = new Msg.Pong(1, new byte[4], 9, fill(32, 2), new byte[0], true);
    assertThat(codec.encode(one))
        .as("one device: the field is left out")
        .hasSize(codec.encode(three).length - 1);
    assertThat(((Msg.Pong) codec.decode(codec.encode(one))).devices()).isEqualTo(1);
    assertThat(pong.devices()).isZero();
    byte[] bigPadding = codec.encode(new Msg.Hello(1, new byte[0], new byte[257]));
    assertThatThrownBy(() -> codec.decode(bigPadding))
        .isInstanceOf(WireException.class)
        .hasMessageContaining("padding");
    byte[] shortCookie = codec.encode(new Msg.CookieReply(1, fill(19, 5)));
    assertThatThrownBy(() -> codec.decode(shortCookie)).isInstanceOf(WireException.class);
  }

  /**
   * Stream ports ride in appended fields: a NODES list's contacts stay {@code [id, ip, port]} (the
   * S4 decoder refuses a contact with more) and the ports follow as one appended array, which a
   * decoder that reads only the contacts and then {@link CborReader#end()} skips, as S4's does.
   */
  @Test
  void streamPortsRideInAppendedFieldsOlderDecodersSkip() throws Exception {
    Msg.Nodes nodes =
        new Msg.Nodes(
            7,
            List.of(
                new Msg.Contact(fill(20, 1), new byte[] {(byte) 203, 0, 113, 5}, 7400, 7400, 443),
                new Msg.Contact(fill(20, 2), new byte[] {(byte) 203, 0, 113, 6}, 7400)));
    byte[] wire = codec.encode(nodes);
    Msg.Nodes back = (Msg.Nodes) codec.decode(wire);
    assertThat(back.contacts().get(0).tcpPort()).isEqualTo(7400);
    assertThat(back.contacts().get(0).tlsPort()).isEqualTo(443);
    assertThat(back.contacts().get(1).tcpPort()).isZero();
    try (CborReader old =
        new CborReader(new com.fasterxml.jackson.dataformat.cbor.CBORFactory(), wire)) {
      old.integer("version");
      old.integer("type");
      old.integer("tx");
      old.startArray("contacts");
      int contacts = 0;
      while (old.more()) {
        old.startArray("contact");
        old.bytes("id", 20, 20);
        old.bytes("ip", 4, 16);
        old.integer("port", 1, 0xFFFF);
        assertThat(old.more()).as("a contact has exactly three fields").isFalse();
        contacts++;
      }
      old.end(); // skips the appended ports
      assertThat(contacts).isEqualTo(2);
    }
    Msg.Nodes none = new Msg.Nodes(7, List.of(new Msg.Contact(fill(20, 1), new byte[4], 7400)));
    assertThat(codec.encode(none)[0])
        .as("no ports: [v, type, tx, contacts]")
        .isEqualTo((byte) 0x84);
    assertThat(wire[0]).as("ports: one appended field").isEqualTo((byte) 0x85);
    Msg.Pong pong = new Msg.Pong(1, new byte[4], 9, fill(32, 2), new byte[0], true, 1, 7400, 443);
    Msg.Pong pongBack = (Msg.Pong) codec.decode(codec.encode(pong));
    assertThat(pongBack.tcpPort()).isEqualTo(7400);
    assertThat(pongBack.tlsPort()).isEqualTo(443);
    assertThat(pongBack.devices()).isEqualTo(1);
    Msg.RecordReply reply = new Msg.RecordReply(3, new byte[0], nodes.contacts());
    assertThat(((Msg.RecordReply) codec.decode(codec.encode(reply))).contacts().get(0).tlsPort())
        .isEqualTo(443);
  }

  @Test
  void mutatedDatagramsNeverThrowAnythingButWireException() {
    SplittableRandom random = new SplittableRandom(42);
    List<byte[]> seeds = messages().values().stream().map(codec::encode).toList();
    int decoded = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] d = seeds.get(random.nextInt(seeds.size())).clone();
      int mutations = 1 + random.nextInt(4);
      for (int m = 0; m < mutations; m++) {
        int at = random.nextInt(d.length);
        switch (random.nextInt(3)) {
          case 0 -> d[at] = (byte) random.nextInt(256);
          case 1 -> d = Arrays.copyOf(d, at);
          default -> d[at] ^= (byte) (1 << random.nextInt(8));
        }
        if (d.length == 0) {
          break;
        }
      }
      try {
        codec.decode(d);
        decoded++;
      } catch (WireException expected) {
        // counted and dropped by a node
      }
    }
    assertThat(decoded).as("some mutations stay well-formed").isPositive().isLessThan(20_000);
  }
}
