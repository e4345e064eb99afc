package io.peervoice.demo;

import io.peervoice.sdk.Call;
import io.peervoice.sdk.Phone;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The calls one {@code listen} takes until {@code --calls N} have ended or a signal stops it: then
 * it hangs up every call and waits (bounded) for their reports. The exit code is that of the first
 * call that failed, or 0.
 */
final class ListenSession {
  /** How long a stopping listener waits for a hung-up call's report. */
  static final long STOP_WAIT_MILLIS = 3_000;

  private final Integer limit;
  private final Set<Call> reported = ConcurrentHashMap.newKeySet();
  private final List<Integer> codes = new ArrayList<>();
  private volatile Set<Call> awaiting;
  private int done;

  /** A session ending after {@code limit} calls ({@code null}: when stopped). */
  ListenSession(Integer limit) {
    this.limit = limit;
  }

  /**
   * A signal came: hangs up (or declines) every call; returns the marker to queue. From now on
   * {@link #next} ends once those calls are reported.
   */
  ListenCommand.Ended stop(Phone phone, PrintWriter out) {
    List<Call> live = phone.calls();
    out.println(
        live.isEmpty()
            ? "stopping"
            : "stopping: hanging up " + live.size() + " call(s) (Ctrl-C again to quit at once)");
    awaiting = new HashSet<>(live);
    for (Call c : live) {
      try {
        c.hangup();
      } catch (RuntimeException e) {
        // it ended meanwhile
      }
    }
    return new ListenCommand.Ended(null, null, null, null);
  }

  /** The next ended call (or marker) to handle, or null when the listener is done. */
  ListenCommand.Ended next(BlockingQueue<ListenCommand.Ended> ended) throws InterruptedException {
    if (limit != null && done >= limit) {
      return null;
    }
    Set<Call> waiting = awaiting;
    if (waiting == null) {
      return ended.take();
    }
    ListenCommand.Ended queued = ended.poll();
    if (queued != null || reported.containsAll(waiting)) {
      return queued;
    }
    return ended.poll(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** {@code call}'s report was printed; {@code outcome} counts for the exit code. */
  void reported(Call call, Outcome outcome) {
    done++;
    reported.add(call);
    codes.add(outcome.exitCode());
  }

  int exitCode() {
    return Outcome.worst(codes);
  }
}
