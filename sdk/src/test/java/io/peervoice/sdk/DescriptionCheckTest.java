package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class DescriptionCheckTest {
  private static final List<InetSocketAddress> HOST =
      List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9));

  @Test
  void aWellFormedDescriptionIsUsable() {
    assertThat(DescriptionCheck.problem(ForgedPeer.description(111, HOST), false)).isNull();
  }

  @Test
  void onlyARingingMayBeEmpty() {
    assertThat(DescriptionCheck.problem(new byte[0], true)).isNull();
    assertThat(DescriptionCheck.problem(new byte[0], false)).isEqualTo("empty");
  }

  @Test
  void aStaticOpusPayloadTypeOrGarbageIsRefusedWithTheDecodersReason() {
    assertThat(DescriptionCheck.problem(ForgedPeer.description(5, HOST), true)).isNotBlank();
    assertThat(DescriptionCheck.problem(new byte[] {1, 2, 3}, true)).isNotBlank();
  }
}
