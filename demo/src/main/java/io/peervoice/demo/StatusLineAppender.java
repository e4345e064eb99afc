package io.peervoice.demo;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;

/**
 * The console appender of the command line ({@link LogConfigurator}): while a {@link StatusLine} is
 * on the screen, each log line is printed above it (the status cleared first, drawn again after)
 * instead of glued onto it.
 */
public final class StatusLineAppender extends ConsoleAppender<ILoggingEvent> {
  @Override
  protected void subAppend(ILoggingEvent event) {
    StatusLine status = StatusLine.active();
    if (status == null) {
      super.subAppend(event);
    } else {
      status.above(() -> super.subAppend(event));
    }
  }
}
