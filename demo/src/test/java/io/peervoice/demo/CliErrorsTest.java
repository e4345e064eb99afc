package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CliErrorsTest {

  /** A command that fails the way it is told to. */
  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    static Exception next;

    @Override
    public Integer call() throws Exception {
      throw next;
    }
  }

  private static String[] run(Exception thrown, String log) {
    Boom.next = thrown;
    CommandLine cli = new CommandLine(new Boom());
    CliErrors.install(cli, name -> name.equals("PEERVOICE_LOG") ? log : null);
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    int exit = cli.execute();
    return new String[] {String.valueOf(exit), err.toString()};
  }

  @Test
  void anUnexpectedExceptionIsExit1AndOneLineNamingIt() {
    String[] r = run(new NullPointerException(), null);
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1].lines().toList())
        .containsExactly(
            "boom: unexpected NullPointerException; run with PEERVOICE_LOG=DEBUG for the stack"
                + " trace");
    String[] io =
        run(new IOException((String) null, new IllegalStateException("socket gone")), null);
    assertThat(io[1])
        .contains("unexpected IOException: java.lang.IllegalStateException: socket gone")
        .hasLineCount(1);
  }

  @Test
  void theStackTraceComesOnlyWithPeervoiceLogDebug() {
    String[] quiet = run(new IllegalStateException("bad\nstate"), "WARN");
    assertThat(quiet[1].lines().toList())
        .containsExactly(
            "boom: unexpected IllegalStateException: bad; state; run with PEERVOICE_LOG=DEBUG for"
                + " the stack trace");
    String[] debug = run(new IllegalStateException("bad"), "DEBUG");
    assertThat(debug[1].lines().findFirst())
        .contains("boom: unexpected IllegalStateException: bad");
    assertThat(debug[1].lines().count()).isGreaterThan(2);
    assertThat(debug[1]).contains("java.lang.IllegalStateException: bad\n\tat ");
  }

  @Test
  void fileProblemsAreSaidPlainlyWithExit2() {
    assertThat(run(new NoSuchFileException("x.wav"), null)[1])
        .isEqualTo("boom: x.wav: no such file\n");
    assertThat(run(new UncheckedIOException(new AccessDeniedException("y.json")), null)[1])
        .isEqualTo("boom: y.json: permission denied\n");
    assertThat(run(new CompletionException(new CliException(3, "no node")), null))
        .containsExactly("3", "boom: no node\n");
    assertThat(run(new NoSuchFileException("x.wav"), null)[0]).isEqualTo("2");
  }

  @Test
  void controlCharactersInAMessageCannotForgeLines() {
    assertThat(CliErrors.oneLine("a\u001b[2Jb\r\nc")).isEqualTo("a\\u001b[2Jb; c");
    assertThat(CliErrors.oneLine("x".repeat(1000))).hasSize(403).endsWith("...");
  }
}
