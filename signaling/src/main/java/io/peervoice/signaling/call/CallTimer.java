package io.peervoice.signaling.call;

/**
 * A call's one pending set-up timeout: arming a new one, or cancelling, drops the previous one.
 * Runs on the flow's thread through its {@link CallFlow.Timers}.
 */
final class CallTimer {
  private final CallFlow.Timers timers;
  private Runnable pending = () -> {};

  CallTimer(CallFlow.Timers timers) {
    this.timers = timers;
  }

  /** Runs {@code task} after {@code millis} unless re-armed or cancelled before. */
  void arm(long millis, Runnable task) {
    pending.run();
    pending = timers.schedule(millis, task);
  }

  /** Cancels the pending timeout, if any. */
  void cancel() {
    pending.run();
    pending = () -> {};
  }
}
