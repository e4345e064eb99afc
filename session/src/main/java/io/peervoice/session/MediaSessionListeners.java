package io.peervoice.session;

import io.peervoice.media.dtmf.DtmfDigit;
import io.peervoice.nat.PathState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A media session's DTMF digits and path-state changes, handed to its listeners (nothing is kept: a
 * peer sending digits for hours costs no memory); a listener that throws is logged.
 */
final class MediaSessionListeners {
  private static final Logger log = LoggerFactory.getLogger(MediaSession.class);

  private final List<Consumer<PathState>> pathListeners = new CopyOnWriteArrayList<>();
  private volatile Consumer<DtmfDigit> dtmfListener;

  void onDtmf(Consumer<DtmfDigit> listener) {
    this.dtmfListener = listener;
  }

  void onPathStateChange(Consumer<PathState> listener) {
    pathListeners.add(listener);
  }

  void dtmf(DtmfDigit digit) {
    Consumer<DtmfDigit> listener = dtmfListener;
    if (listener != null) {
      try {
        listener.accept(digit);
      } catch (RuntimeException e) {
        log.warn("DTMF listener failed", e);
      }
    }
  }

  void pathState(PathState pathState) {
    for (Consumer<PathState> listener : pathListeners) {
      try {
        listener.accept(pathState);
      } catch (RuntimeException e) {
        log.warn("path state listener failed", e);
      }
    }
  }
}
