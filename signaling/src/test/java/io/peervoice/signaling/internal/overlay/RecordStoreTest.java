package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.PeerId;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class RecordStoreTest {
  private static final IpPrefix A = IpPrefix.of(new InetSocketAddress("10.0.0.1", 1));
  private static final IpPrefix B = IpPrefix.of(new InetSocketAddress("10.0.0.2", 1));

  private static PeerId peer(int i) {
    byte[] id = new byte[20];
    id[0] = (byte) i;
    return new PeerId(id);
  }

  @Test
  void bytesAreBoundedAndTheEarliestExpiryMakesRoomForALaterOne() {
    int[] evicted = {0};
    byte[] wire = new byte[100];
    long one = wire.length + RecordStore.ENTRY_OVERHEAD;
    RecordStore store = new RecordStore(1_000, 2 * one, 1_000, () -> evicted[0]++);
    assertThat(store.put(peer(1), wire, 1, 5_000, A)).isEqualTo(RecordStore.Put.STORED);
    assertThat(store.put(peer(2), wire, 1, 9_000, A)).isEqualTo(RecordStore.Put.STORED);
    assertThat(store.put(peer(3), wire, 1, 4_000, A))
        .as("expires before everything held")
        .isEqualTo(RecordStore.Put.FULL);
    assertThat(store.put(peer(3), wire, 1, 7_000, A)).isEqualTo(RecordStore.Put.STORED);
    assertThat(evicted[0]).isEqualTo(1);
    assertThat(store.get(peer(1), 0)).as("the earliest expiry went").isNull();
    assertThat(store.bytes()).isEqualTo(2 * one);
    assertThat(store.put(peer(2), new byte[100], 2, 9_500, A))
        .as("replacing a held record needs no room")
        .isEqualTo(RecordStore.Put.STORED);
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.sweep(8_000)).isEqualTo(1);
    assertThat(store.bytes()).isEqualTo(one);
  }

  @Test
  void aPrefixGetsItsQuotaOfRecords() {
    RecordStore store = new RecordStore(1_000, Long.MAX_VALUE, 2, () -> {});
    assertThat(store.put(peer(1), new byte[10], 1, 5_000, A)).isEqualTo(RecordStore.Put.STORED);
    assertThat(store.put(peer(2), new byte[10], 1, 5_000, A)).isEqualTo(RecordStore.Put.STORED);
    assertThat(store.put(peer(3), new byte[10], 1, 5_000, A)).isEqualTo(RecordStore.Put.QUOTA);
    assertThat(store.put(peer(1), new byte[10], 2, 5_000, A))
        .as("a newer record of one already held")
        .isEqualTo(RecordStore.Put.STORED);
    assertThat(store.put(peer(3), new byte[10], 1, 5_000, B)).isEqualTo(RecordStore.Put.STORED);
  }
}
