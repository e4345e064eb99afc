package io.peervoice.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Checks two connected media paths of a test against each other. */
public final class PathExchange {
  private PathExchange() {}

  /**
   * Starts receiving on both paths and requires a datagram each way: "hello" from {@code ab} to
   * {@code ba} and "back" in return, resent until both arrived (within 10 s).
   */
  public static void carriesBothWays(MediaPath ab, MediaPath ba) {
    List<String> atA = new CopyOnWriteArrayList<>();
    List<String> atB = new CopyOnWriteArrayList<>();
    ab.startReceiving((d, off, len) -> atA.add(new String(d, off, len, StandardCharsets.UTF_8)));
    ba.startReceiving((d, off, len) -> atB.add(new String(d, off, len, StandardCharsets.UTF_8)));
    byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
    byte[] back = "back".getBytes(StandardCharsets.UTF_8);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              ab.send(hello, 0, hello.length);
              ba.send(back, 0, back.length);
              assertThat(atB).contains("hello");
              assertThat(atA).contains("back");
            });
  }
}
