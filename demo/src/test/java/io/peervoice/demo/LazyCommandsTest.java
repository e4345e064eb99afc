package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** A run builds only the subcommand it runs; help and mistakes still see the whole tree. */
class LazyCommandsTest {
  private static List<String> names() {
    return PeerVoiceCli.SUBCOMMANDS.stream()
        .map(c -> c.getAnnotation(Command.class).name())
        .toList();
  }

  @Test
  void eachSubcommandBuildsAloneAndKeepsItsOwnSubcommands() {
    for (String name : names()) {
      CommandLine cli = PeerVoiceCli.newCommandLine(name, "--help");
      assertThat(cli.getSubcommands().keySet()).as(name).containsExactly(name);
      CommandLine full = PeerVoiceCli.newCommandLine().getSubcommands().get(name);
      assertThat(cli.getSubcommands().get(name).getSubcommands().keySet())
          .as(name)
          .isEqualTo(full.getSubcommands().keySet());
    }
  }

  @Test
  void helpVersionNoArgumentsAndUnknownNamesGetTheWholeTree() {
    for (String[] args :
        List.of(
            new String[0],
            new String[] {"--help"},
            new String[] {"--version"},
            new String[] {"cal"},
            new String[] {"--call"})) {
      assertThat(PeerVoiceCli.newCommandLine(args).getSubcommands().keySet())
          .as(String.join(" ", args))
          .containsExactlyElementsOf(names());
    }
  }

  @Test
  void theClassArchiveTrainingRunBuildsTheWholeTree() {
    System.setProperty(PeerVoiceCli.ALL_COMMANDS, "true");
    try {
      assertThat(PeerVoiceCli.newCommandLine("demo", "--seconds", "1").getSubcommands().keySet())
          .containsExactlyElementsOf(names());
    } finally {
      System.clearProperty(PeerVoiceCli.ALL_COMMANDS);
    }
  }

  @Test
  void theBuiltAloneCommandParsesAndHelpsAsInTheWholeTree() {
    Cli alone = new Cli();
    int code = alone.run("call", "--help");
    CommandLine full = PeerVoiceCli.newCommandLine();
    java.io.StringWriter out = new java.io.StringWriter();
    full.setOut(new java.io.PrintWriter(out));
    assertThat(full.execute("call", "--help")).isEqualTo(code).isZero();
    assertThat(alone.out.toString()).isEqualTo(out.toString());
  }

  @Test
  void anUnknownCommandIsOneLineAndBadInvocation() {
    Cli cli = new Cli();
    assertThat(cli.run("cal")).isEqualTo(ExitCodes.BAD_INVOCATION);
    assertThat(cli.err.toString()).contains("cal");
  }
}
