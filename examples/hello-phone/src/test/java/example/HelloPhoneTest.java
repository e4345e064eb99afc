package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.peervoice.signaling.call.EndReason;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelloPhoneTest {

  @Test
  void aliceCallsBobWhoHearsTheTone() throws Exception {
    HelloPhone.Outcome o = HelloPhone.call(Duration.ofSeconds(1));
    assertEquals(EndReason.LOCAL_HANGUP, o.reason());
    assertTrue(o.framesHeard() >= 25, "bob heard " + o.framesHeard() + " frames");
  }

  @Test
  void aDeadBootstrapIsATypedErrorWithinTheReadyTimeout() throws Exception {
    try (DatagramSocket silent =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      long start = System.nanoTime();
      String result =
          HelloPhone.probe(
              List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort())));
      assertEquals("no node answered; tried 1", result);
      assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000);
    }
  }

  @Test
  void theSdkBringsNoLoggingBackendOrCommandLineOfItsOwn() {
    // slf4j-simple is this application's choice; Logback and picocli must not be on the classpath.
    assertTrue(absent("ch.qos.logback.classic.Logger"));
    assertTrue(absent("picocli.CommandLine"));
  }

  private static boolean absent(String className) {
    try {
      Class.forName(className);
      return false;
    } catch (ClassNotFoundException e) {
      return true;
    }
  }
}
