package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link LabAttach}'s result fields, which the NAT lab's rows and NatMatrixTest read. */
class LabAttachTest {

  @Test
  void theAttachIsAlsoCountedFromTheProcessStartNotOnlyFromItsOwnStart() {
    Map<String, Object> result = new LinkedHashMap<>();
    // the process started at 10 000 ms, main ran at 10 400, the attach began at 11 200 and was
    // done at 12 900: 1.7 s of attach, 2.9 s after the peer's start
    LaunchTimes launch = new LaunchTimes(10_000, 10_400, 0);

    LabAttach.sinceProcessStart(11_200, 12_900, launch, result);

    assertThat(result)
        .containsEntry("process_to_attach_start_ms", 1_200L)
        .containsEntry("process_to_attached_ms", 2_900L);
  }

  @Test
  void everyTlsVersionIsReportedAsTls() {
    assertThat(LabAttach.label("TLSv1.3")).isEqualTo("tls");
    assertThat(LabAttach.label("TLSv1.2")).isEqualTo("tls");
    assertThat(LabAttach.label("tcp")).isEqualTo("tcp");
    assertThat(LabAttach.label("udp")).isEqualTo("udp");
  }
}
