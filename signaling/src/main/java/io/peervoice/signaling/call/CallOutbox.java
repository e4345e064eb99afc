package io.peervoice.signaling.call;

/**
 * What one side of a call sends: numbers its messages in order and, on a callee device, tags each
 * with that device ({@link CallFlowPort#send(CallMessage, long)}).
 */
final class CallOutbox {
  private final CallFlowPort port;
  private final long device;
  private int nextSeq;

  /**
   * @param device the callee device we are (0: none named)
   * @param firstSeq the sequence number of the first message sent through this outbox
   */
  CallOutbox(CallFlowPort port, long device, int firstSeq) {
    this.port = port;
    this.device = device;
    this.nextSeq = firstSeq;
  }

  /** The callee device we are, 0 if none is named. */
  long device() {
    return device;
  }

  /** Takes the next sequence number. */
  int seq() {
    return nextSeq++;
  }

  /** Sends {@code m}, tagged with our device if we have one. */
  void send(CallMessage m) {
    if (device != 0) {
      port.send(m, device);
    } else {
      port.send(m);
    }
  }
}
