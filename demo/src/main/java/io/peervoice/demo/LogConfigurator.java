package io.peervoice.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The command line's logging, set up in code (found by logback through {@code META-INF/services}):
 * one console appender on standard error that prints log lines above the live status line ({@link
 * StatusLineAppender}), pattern {@code %-5level %logger{0}: %msg%n} (at DEBUG and TRACE with the
 * time and thread first), level {@code PEERVOICE_LOG} (default WARN) for everything. ice4j's own
 * warnings (e.g. a late check on a pair it has already left behind) say nothing a user can act on:
 * unless {@code PEERVOICE_LOG} asks for a level, ice4j logs at ERROR only. In code rather than a
 * {@code logback.xml}: the XML configurator loads about 250 logback classes and the JDK's XML
 * parser (about 120 more), some 2 MB of a phone process's memory. With {@code
 * -Dlogback.configurationFile} logback's own configurators run instead.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  static final String PATTERN = "%-5level %logger{0}: %msg%n";

  /** At DEBUG and TRACE, lines say when and on which thread: for tracing a call's steps. */
  static final String DEBUG_PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0}: %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    String asked = System.getenv("PEERVOICE_LOG");
    encoder.setPattern(pattern(level(asked)));
    encoder.start();
    StatusLineAppender appender = new StatusLineAppender();
    appender.setContext(context);
    appender.setName("STDERR");
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level(asked));
    context.getLogger("org.ice4j").setLevel(thirdParty(asked));
    root.addAppender(appender);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * {@code PEERVOICE_LOG}'s level (TRACE, DEBUG, INFO, WARN, ERROR, OFF), WARN if unset or not one.
   */
  static Level level(String name) {
    return name == null || name.isBlank() ? Level.WARN : Level.toLevel(name.trim(), Level.WARN);
  }

  /** {@link #DEBUG_PATTERN} at DEBUG and below, else {@link #PATTERN}. */
  static String pattern(Level level) {
    return level.isGreaterOrEqual(Level.INFO) ? PATTERN : DEBUG_PATTERN;
  }

  /** ice4j's level: ERROR unless {@code PEERVOICE_LOG} names one, then that level. */
  static Level thirdParty(String name) {
    return name == null || name.isBlank() ? Level.ERROR : level(name);
  }
}
