package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import org.junit.jupiter.api.Test;

/** The command line's logging set up in code: what logback.xml said, without the XML. */
class LogConfiguratorTest {

  @Test
  void oneStatusLineAppenderOnStandardErrorWithTheShortPatternAtWarn() {
    LoggerContext context = new LoggerContext();
    LogConfigurator configurator = new LogConfigurator();
    configurator.setContext(context);

    ExecutionStatus status = configurator.configure(context);

    assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("STDERR"))
        .isInstanceOfSatisfying(
            StatusLineAppender.class,
            a -> {
              assertThat(a.getTarget()).isEqualTo("System.err");
              assertThat(((PatternLayoutEncoder) a.getEncoder()).getPattern())
                  .isEqualTo(
                      LogConfigurator.pattern(
                          LogConfigurator.level(System.getenv("PEERVOICE_LOG"))));
              assertThat(a.isStarted()).isTrue();
            });
    assertThat(context.getLogger("org.ice4j").getLevel())
        .isEqualTo(LogConfigurator.thirdParty(System.getenv("PEERVOICE_LOG")));
    context.stop();
  }

  @Test
  void theLevelComesFromPeervoiceLogAndFallsBackToWarn() {
    assertThat(LogConfigurator.level(null)).isEqualTo(Level.WARN);
    assertThat(LogConfigurator.level(" ")).isEqualTo(Level.WARN);
    assertThat(LogConfigurator.level("debug")).isEqualTo(Level.DEBUG);
    assertThat(LogConfigurator.level("OFF")).isEqualTo(Level.OFF);
    assertThat(LogConfigurator.level("loud")).isEqualTo(Level.WARN);
    // ice4j's warnings are chatter a user cannot act on, unless a level was asked for
    assertThat(LogConfigurator.thirdParty(null)).isEqualTo(Level.ERROR);
    assertThat(LogConfigurator.thirdParty("warn")).isEqualTo(Level.WARN);
    assertThat(LogConfigurator.thirdParty("debug")).isEqualTo(Level.DEBUG);
  }

  @Test
  void debugAndTraceLinesSayWhenAndOnWhichThread() {
    assertThat(LogConfigurator.pattern(Level.WARN)).isEqualTo("%-5level %logger{0}: %msg%n");
    assertThat(LogConfigurator.pattern(Level.INFO)).isEqualTo("%-5level %logger{0}: %msg%n");
    assertThat(LogConfigurator.pattern(Level.DEBUG))
        .startsWith("%d{HH:mm:ss.SSS} ")
        .contains("[%thread]")
        .endsWith("%logger{0}: %msg%n");
    assertThat(LogConfigurator.pattern(Level.TRACE)).isEqualTo(LogConfigurator.DEBUG_PATTERN);
  }

  @Test
  void anExplicitConfigurationFileIsLeftToLogback() {
    String before = System.getProperty("logback.configurationFile");
    System.setProperty("logback.configurationFile", "/tmp/elsewhere.xml");
    try {
      LoggerContext context = new LoggerContext();
      assertThat(new LogConfigurator().configure(context))
          .isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
      assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders()).isExhausted();
    } finally {
      if (before == null) {
        System.clearProperty("logback.configurationFile");
      } else {
        System.setProperty("logback.configurationFile", before);
      }
    }
  }
}
