package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Issue 11, item 9: every command and subcommand answers {@code --help} with an Examples section,
 * exit 0, nothing on stderr (picocli writes its own warnings, such as an unescaped {@code %} in a
 * description, to {@link System#err}), and the same option names everywhere.
 */
class HelpTest {

  /** Every command's words, e.g. {@code [bench, jitter]}, hidden ones included. */
  static List<List<String>> commands() {
    List<List<String>> all = new ArrayList<>();
    walk(PeerVoiceCli.newCommandLine(), new ArrayList<>(), all);
    return all;
  }

  private static void walk(CommandLine cl, List<String> words, List<List<String>> all) {
    all.add(List.copyOf(words));
    for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
      List<String> deeper = new ArrayList<>(words);
      deeper.add(sub.getKey());
      walk(sub.getValue(), deeper, all);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCommandHasExamplesAndNoWarning() {
    return commands().stream()
        .map(
            words ->
                DynamicTest.dynamicTest(
                    "peervoice " + String.join(" ", words) + " --help", () -> help(words)));
  }

  private static void help(List<String> words) {
    List<String> args = new ArrayList<>(words);
    args.add("--help");
    ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
    PrintStream before = System.err;
    Cli cli = new Cli();
    int exit;
    System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
    try {
      exit = cli.run(args.toArray(String[]::new));
    } finally {
      System.setErr(before);
    }
    String name = String.join(" ", words);
    assertThat(exit).as(name).isZero();
    assertThat(cli.out.toString()).as(name).contains("%nExamples:%n".formatted());
    assertThat(cli.out.toString().split("Examples:", 2)[1].lines())
        .as(name)
        .anyMatch(l -> l.startsWith("  peervoice "));
    assertThat(cli.err.toString() + systemErr.toString(StandardCharsets.UTF_8))
        .as("%s: stderr", name)
        .isEmpty();
  }

  @Test
  void examplesFitOnAnEightyColumnTerminalSoPicocliNeverWrapsThem() {
    for (List<String> words : commands()) {
      CommandLine cl = PeerVoiceCli.newCommandLine();
      for (String w : words) {
        cl = cl.getSubcommands().get(w);
      }
      for (String line : cl.getCommandSpec().usageMessage().footer()) {
        assertThat(line.length())
            .as("peervoice %s: %s", String.join(" ", words), line)
            .isLessThan(cl.getCommandSpec().usageMessage().width());
      }
    }
  }

  @Test
  void theExamplesRunTheCommandTheyAreUnder() {
    for (List<String> words : commands()) {
      if (words.isEmpty()) {
        continue;
      }
      Cli cli = new Cli();
      List<String> args = new ArrayList<>(words);
      args.add("--help");
      cli.run(args.toArray(String[]::new));
      String examples = cli.out.toString().split("Examples:", 2)[1];
      assertThat(examples)
          .as(String.join(" ", words))
          .contains("peervoice " + String.join(" ", words));
    }
  }

  @Test
  void everyIdentityOptionIsNamedIdFileAndTheOldNameStillWorks() {
    for (List<String> words : commands()) {
      CommandLine cl = PeerVoiceCli.newCommandLine();
      for (String w : words) {
        cl = cl.getSubcommands().get(w);
      }
      for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
        if (o.paramLabel().contains("FILE")
            && o.description().length > 0
            && String.join(" ", o.description()).toLowerCase().contains("identity")) {
          assertThat(o.names()).as(String.join(" ", words)).contains("--id-file");
        }
      }
    }
    assertThat(new Cli().run("id", "show", "--help")).isZero();
    Cli help = new Cli();
    help.run("id", "new", "--help");
    assertThat(help.out.toString()).contains("--id-file").doesNotContain("--file=");
  }

  @Test
  void bothHelpRequestsSkipThePreflightChecks() {
    Cli cli = new Cli();
    assertThat(
            cli.run("call", "x", "--id-file", "nosuch.id", "--bootstrap", "127.0.0.1:9", "--help"))
        .isZero();
    assertThat(cli.err.toString()).isEmpty();
  }

  @Test
  void benchHelpInARealProcessPrintsNoWarning() throws Exception {
    CliRun.Result r = CliRun.run("bench", "overlay", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).contains("1% loss").contains("Examples:");
  }
}
