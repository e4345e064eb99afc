package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.nat.internal.stun.CheckResponder;
import io.peervoice.nat.internal.stun.IceCredentials;
import io.peervoice.nat.internal.stun.MessageIntegrity;
import io.peervoice.nat.internal.stun.StunAttribute;
import io.peervoice.nat.internal.stun.StunAttributes;
import io.peervoice.nat.internal.stun.StunClass;
import io.peervoice.nat.internal.stun.StunCodec;
import io.peervoice.nat.internal.stun.StunMessage;
import io.peervoice.natives.MediaLoop;
import io.peervoice.natives.MediaLoops;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * S16: a browser's check reaches our host port and is answered there, on the loop, before ice4j
 * reads it; ice4j still reads it, and its own answer to that transaction is held back while the
 * watch runs (an answer to another transaction goes out). Once stopped, checks are ice4j's alone. A
 * real host port on a media loop and a real UDP socket for the browser, on loopback.
 */
class EarlyCheckAnswersTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final IceCredentials OURS =
      new IceCredentials("callee", "calleepw0123456789abcd", "browser", "browserpw0123456789abc");

  private final MediaLoops loops = MediaLoops.create(1, "early-answers-test");
  private final MediaLoop loop = loops.next();
  private final Random random = new Random(5);

  @AfterEach
  void stop() {
    loops.close();
  }

  private byte[] transaction() {
    byte[] tid = new byte[12];
    random.nextBytes(tid);
    return tid;
  }

  /** The browser's check: controlling, signed with our password. */
  private static byte[] check(byte[] tid) {
    List<StunAttribute> attributes =
        List.of(
            StunAttributes.username("callee:browser".getBytes(StandardCharsets.UTF_8)),
            StunAttributes.u32(StunAttributes.PRIORITY, 1_845_501_695L),
            new StunAttribute(StunAttributes.ICE_CONTROLLING, new byte[8]));
    StunMessage m = StunMessage.of(StunMessage.BINDING, StunClass.REQUEST, tid, attributes);
    return StunCodec.encode(
        m, new MessageIntegrity(OURS.localPassword().getBytes(StandardCharsets.UTF_8)), true);
  }

  /** What ice4j's agent would answer (only its header matters to the hold). */
  private static byte[] agentAnswer(byte[] tid) {
    return StunCodec.encode(
        StunMessage.of(StunMessage.BINDING, StunClass.SUCCESS_RESPONSE, tid, List.of()),
        null,
        true);
  }

  private static byte[] receive(DatagramSocket socket) throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[256], 256);
    socket.receive(p);
    return Arrays.copyOf(p.getData(), p.getLength());
  }

  private static byte[] receive(AdapterSocket adapter) throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[256], 256);
    adapter.receive(p);
    return Arrays.copyOf(p.getData(), p.getLength());
  }

  private static void sendFromAgent(HostPort port, byte[] data, InetSocketAddress to)
      throws Exception {
    port.adapter().send(new DatagramPacket(data, data.length, to));
  }

  @Test
  void aBrowsersCheckIsAnsweredOnTheLoopAndIce4jsSecondAnswerHeld() throws Exception {
    try (HostPort port = HostPort.bind(loop, LOOPBACK, 0);
        DatagramSocket browser = new DatagramSocket(0, LOOPBACK)) {
      browser.setSoTimeout(5_000);
      port.adapter().setSoTimeout(5_000);
      InetSocketAddress browserAddress = (InetSocketAddress) browser.getLocalSocketAddress();
      EarlyCheckAnswers early = EarlyCheckAnswers.watch(List.of(port), new CheckResponder(OURS));

      byte[] tid = transaction();
      byte[] request = check(tid);
      browser.send(new DatagramPacket(request, request.length, port.localAddress()));

      byte[] answer = receive(browser);
      assertThat(CheckResponder.responseTransaction(answer, 0, answer.length)).isEqualTo(tid);
      assertThat(receive(port.adapter())).as("ice4j still reads the check").isEqualTo(request);
      assertThat(early.answers()).isEqualTo(1);

      sendFromAgent(port, agentAnswer(tid), browserAddress);
      assertThat(early.held()).as("ice4j's answer to the same transaction").isEqualTo(1);
      byte[] other = transaction();
      sendFromAgent(port, agentAnswer(other), browserAddress);
      byte[] passed = receive(browser);
      assertThat(CheckResponder.responseTransaction(passed, 0, passed.length))
          .as("an answer to another transaction goes out")
          .isEqualTo(other);
      assertThat(early.held()).isEqualTo(1);

      early.stop();
      byte[] late = check(transaction());
      browser.send(new DatagramPacket(late, late.length, port.localAddress()));
      assertThat(receive(port.adapter())).isEqualTo(late); // the tap ran before this, if at all
      assertThat(early.answers()).as("no answer once stopped").isEqualTo(1);
      sendFromAgent(port, agentAnswer(tid), browserAddress);
      assertThat(early.held()).as("nothing held once stopped").isEqualTo(1);
    }
  }
}
