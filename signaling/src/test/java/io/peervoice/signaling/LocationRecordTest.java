package io.peervoice.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocationRecordTest {
  private static final Instant NOW = Instant.parse("2026-11-24T20:00:00Z");
  private static final Duration MAX = Duration.ofHours(1);
  private final Identity alice = Identity.generate(new SecureRandom());
  private final NodeAddress node = new NodeAddress(PeerId.of(new byte[32]), "198.51.100.1", 4000);

  private LocationRecord record(long sequence, Instant expires) {
    return LocationRecord.sign(alice, List.of(node), sequence, expires);
  }

  @Test
  void aFreshSignedRecordIsValid() {
    assertThat(record(5, NOW.plusSeconds(600)).check(alice.peerId(), NOW, MAX, 4))
        .isEqualTo(RecordCheck.VALID);
  }

  @Test
  void anyChangeAfterSigningBreaksTheSignature() {
    LocationRecord r = record(5, NOW.plusSeconds(600));
    LocationRecord moved =
        new LocationRecord(
            r.identity(),
            List.of(new NodeAddress(node.node(), "203.0.113.66", 4000)),
            r.sequence(),
            r.expires(),
            r.signature());
    LocationRecord replayedHigher =
        new LocationRecord(r.identity(), r.nodes(), 6, r.expires(), r.signature());
    assertThat(moved.check(alice.peerId(), NOW, MAX, -1)).isEqualTo(RecordCheck.BAD_SIGNATURE);
    assertThat(replayedHigher.check(alice.peerId(), NOW, MAX, -1))
        .isEqualTo(RecordCheck.BAD_SIGNATURE);
  }

  @Test
  void streamPortsAreSignedAndSurviveTheWireWhileRecordsWithoutThemStayAsBefore() throws Exception {
    var codec = new io.peervoice.signaling.internal.wire.RecordCodec();
    NodeAddress streams = new NodeAddress(node.node(), node.host(), 4000, 4001, 443);
    LocationRecord r = LocationRecord.sign(alice, List.of(streams), 5, NOW.plusSeconds(600));
    LocationRecord back = codec.decode(codec.encode(r));
    assertThat(back.nodes()).containsExactly(streams);
    assertThat(back.check(alice.peerId(), NOW, MAX, 4)).isEqualTo(RecordCheck.VALID);
    LocationRecord stripped =
        new LocationRecord(
            r.identity(),
            List.of(new NodeAddress(node.node(), node.host(), 4000)),
            r.sequence(),
            r.expires(),
            r.signature());
    assertThat(stripped.check(alice.peerId(), NOW, MAX, 4)).isEqualTo(RecordCheck.BAD_SIGNATURE);
    LocationRecord otherPort =
        new LocationRecord(
            r.identity(),
            List.of(new NodeAddress(node.node(), node.host(), 4000, 4002, 443)),
            r.sequence(),
            r.expires(),
            r.signature());
    assertThat(otherPort.check(alice.peerId(), NOW, MAX, 4)).isEqualTo(RecordCheck.BAD_SIGNATURE);
    // without stream ports: the three-field node entry of before (older peers read it)
    byte[] plain = codec.encode(record(5, NOW.plusSeconds(600)));
    byte[] entry = {(byte) 0x83, 0x54}; // array(3), then the 20-byte node id
    assertThat(indexOf(plain, entry)).isPositive();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void aRecordSignedBySomeoneElseCannotClaimThePeer() {
    Identity mallory = Identity.generate(new SecureRandom());
    LocationRecord forged = LocationRecord.sign(mallory, List.of(node), 9, NOW.plusSeconds(60));
    assertThat(forged.check(alice.peerId(), NOW, MAX, -1)).isEqualTo(RecordCheck.WRONG_PEER_ID);
  }

  @Test
  void expiredOverlongAndOlderRecordsAreRefused() {
    assertThat(record(5, NOW).check(alice.peerId(), NOW, MAX, -1)).isEqualTo(RecordCheck.EXPIRED);
    assertThat(record(5, NOW.plus(Duration.ofHours(2))).check(alice.peerId(), NOW, MAX, -1))
        .isEqualTo(RecordCheck.EXPIRES_TOO_LATE);
    assertThat(record(5, NOW.plusSeconds(60)).check(alice.peerId(), NOW, MAX, 5))
        .isEqualTo(RecordCheck.NOT_NEWER);
  }
}
