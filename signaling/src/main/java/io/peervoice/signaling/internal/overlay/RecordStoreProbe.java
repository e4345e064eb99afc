package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.PublicIdentity;
import io.peervoice.signaling.internal.wire.RecordCodec;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/** Fills a {@link RecordStore} with synthetic records of real size, for capacity measurements. */
public final class RecordStoreProbe {
  private RecordStoreProbe() {}

  /** Returns the filled store (kept alive by the caller while it measures). */
  public static Object fill(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    RecordCodec codec = new RecordCodec();
    RecordStore store = new RecordStore(count);
    long expires = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();
    for (int i = 0; i < count; i++) {
      PublicIdentity identity = new PublicIdentity(bytes(random, 32), bytes(random, 32));
      List<NodeAddress> nodes = List.of(node(random), node(random));
      byte[] wire =
          codec.encode(
              new LocationRecord(
                  identity,
                  nodes,
                  1_700_000_000_000L + i,
                  Instant.ofEpochMilli(expires),
                  bytes(random, 64)));
      store.put(identity.peerId(), wire, 1_700_000_000_000L + i, expires);
    }
    return store;
  }

  public static int size(Object store) {
    return ((RecordStore) store).size();
  }

  private static NodeAddress node(SplittableRandom random) {
    String host =
        (1 + random.nextInt(223))
            + "."
            + random.nextInt(256)
            + "."
            + random.nextInt(256)
            + "."
            + (1 + random.nextInt(254));
    return new NodeAddress(new PeerId(bytes(random, 20)), host, 1024 + random.nextInt(60_000));
  }

  private static byte[] bytes(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
