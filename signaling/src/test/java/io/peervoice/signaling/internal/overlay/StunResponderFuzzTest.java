package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.testkit.DecodeBudget;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The node's STUN path on arbitrary datagrams, as {@code OverlayNode} runs it: {@link
 * StunResponder#isStun} then {@link StunResponder#respond}. Neither throws; a reply goes only to a
 * well-formed Binding request (RFC 8489 §6.3.1) and is a Binding success response with the
 * request's transaction id and an XOR-MAPPED-ADDRESS (§14.2) that decodes to the sender's address.
 * The last byte picks the sender (IPv4 or IPv6). Seeds: {@code
 * StunResponderFuzzTestInputs/respond/}.
 */
class StunResponderFuzzTest {
  private static final DecodeBudget BUDGET = DecodeBudget.standard();

  @FuzzTest(maxDuration = "10m")
  void respond(byte[] data) throws UnknownHostException {
    InetSocketAddress from = sender(data);
    byte[] copy = data.clone();
    byte[] response =
        DecodeBudget.valueOrAllowed(
            BUDGET.run(
                data.length,
                () -> StunResponder.isStun(data) ? StunResponder.respond(data, from) : null),
            null);
    assertThat(data).isEqualTo(copy);
    if (response == null) {
      return;
    }
    ByteBuffer request = ByteBuffer.wrap(data);
    assertThat(request.getShort(0)).as("only Binding requests are answered").isEqualTo((short) 1);
    assertThat((request.getShort(2) & 0xFFFF) + 20).isEqualTo(data.length);
    ByteBuffer out = ByteBuffer.wrap(response);
    assertThat(out.getShort(0)).isEqualTo((short) 0x0101);
    assertThat((out.getShort(2) & 0xFFFF) + 20).isEqualTo(response.length);
    assertThat(out.getInt(4)).isEqualTo(StunResponder.MAGIC_COOKIE);
    assertThat(Arrays.copyOfRange(response, 8, 20)).isEqualTo(Arrays.copyOfRange(data, 8, 20));
    assertThat(out.getShort(20)).isEqualTo((short) 0x0020);
    byte[] ip = from.getAddress().getAddress();
    assertThat(out.getShort(22) & 0xFFFF).isEqualTo(4 + ip.length);
    assertThat(response[25]).isEqualTo((byte) (ip.length == 4 ? 1 : 2));
    assertThat((out.getShort(26) ^ (StunResponder.MAGIC_COOKIE >>> 16)) & 0xFFFF)
        .isEqualTo(from.getPort());
    byte[] mask =
        ByteBuffer.allocate(16).putInt(StunResponder.MAGIC_COOKIE).put(data, 8, 12).array();
    byte[] decoded = new byte[ip.length];
    for (int i = 0; i < ip.length; i++) {
      decoded[i] = (byte) (response[28 + i] ^ mask[i]);
    }
    assertThat(decoded).isEqualTo(ip);
    assertThat(response).hasSize(28 + ip.length);
  }

  private static InetSocketAddress sender(byte[] data) throws UnknownHostException {
    int pick = data.length > 0 ? data[data.length - 1] & 0xFF : 0;
    byte[] ip = new byte[(pick & 1) == 0 ? 4 : 16];
    Arrays.fill(ip, (byte) pick);
    ip[0] = (byte) (ip.length == 4 ? 198 : 0x20);
    return new InetSocketAddress(InetAddress.getByAddress(ip), 1 + pick * 251);
  }
}
