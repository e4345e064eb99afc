package io.peervoice.demo;

import io.peervoice.media.audio.AudioDeviceException;
import io.peervoice.media.audio.AudioDevices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Runs before any command does anything (before a socket is bound or a phone rings): checks what
 * the parsed options name, the same way for every command: output files ({@code --json}, {@code
 * --record}, {@code --out}) can be written, input files ({@code --play}, {@code --trace}, {@code
 * --wav}, {@code --contacts}) can be read, identity files load, audio devices ({@code --mic},
 * {@code --speaker}) open; then the command's own checks ({@link CommandChecks}), and last whether
 * a {@code --bootstrap} node answers ({@link BootstrapProbe}). A failure is a {@link CliException},
 * reported in one line by {@link CliErrors}. Help and version requests skip the checks.
 */
final class Preflight implements CommandLine.IExecutionStrategy {
  private static final Set<String> OUTPUTS = Set.of("--json", "--record", "--record-both", "--out");
  private static final Set<String> WAV_INPUTS =
      Set.of("--play", "--wav", "--far", "--near", "--rir");
  private static final Set<String> INPUTS = Set.of("--trace");

  private final CommandLine.IExecutionStrategy next;

  Preflight(CommandLine.IExecutionStrategy next) {
    this.next = next;
  }

  @Override
  public int execute(ParseResult parseResult) {
    ParseResult last = parseResult;
    boolean help = helpRequested(last);
    while (last.hasSubcommand()) {
      last = last.subcommand();
      help |= helpRequested(last);
    }
    CommandLine cl = last.commandSpec().commandLine();
    if (!help) {
      try {
        check(last);
      } catch (CliException e) {
        throw new CommandLine.ExecutionException(cl, e.getMessage(), e);
      }
    }
    try {
      return next.execute(parseResult);
    } catch (Error e) {
      throw new CommandLine.ExecutionException(cl, String.valueOf(e), e);
    }
  }

  private static boolean helpRequested(ParseResult r) {
    return r.isUsageHelpRequested() || r.isVersionHelpRequested();
  }

  /** Every check for the command {@code parsed} names. */
  static void check(ParseResult parsed) {
    CommandSpec spec = parsed.commandSpec();
    Object command = spec.userObject();
    CommandChecks.values(command, parsed);
    for (OptionSpec option : spec.options()) {
      if (option.group() != null && !parsed.hasMatchedOption(option)) {
        continue; // an option of a group the user did not use has no value to check
      }
      if (option.getValue() instanceof Path path) {
        files(command, option.longestName(), path);
      }
    }
    devices(parsed);
    CommandChecks.identity(command);
    CommandChecks.reachable(command);
  }

  private static void files(Object command, String option, Path path) {
    if (OUTPUTS.contains(option)) {
      PathChecks.writable(path, option);
    } else if (WAV_INPUTS.contains(option)) {
      PathChecks.wav(path, option);
    } else if (INPUTS.contains(option)) {
      PathChecks.readable(path, option);
    } else if (option.equals("--contacts")) {
      PathChecks.contacts(path, option);
    } else if (option.equals("--id-file") && command instanceof NodeCommand && Files.exists(path)) {
      PathChecks.identity(path, option); // a node creates a missing one
    }
  }

  /** Opens and closes the devices asked for, so a missing one fails now, not when a call starts. */
  private static void devices(ParseResult parsed) {
    Optional<String> mic = matched(parsed, "--mic");
    if (mic.isPresent()) {
      try (var capture = AudioDevices.openCapture(AudioOptions.deviceName(mic.get()))) {
        // it opens: the call will open it again
      } catch (AudioDeviceException e) {
        throw device("--mic", "the microphone", e, "send a file with --play FILE.wav instead");
      }
    }
    Optional<String> speaker = matched(parsed, "--speaker");
    if (speaker.isPresent()) {
      try (var playback = AudioDevices.openPlayback(AudioOptions.deviceName(speaker.get()))) {
        // it opens: the call will open it again
      } catch (AudioDeviceException e) {
        throw device(
            "--speaker", "the speaker", e, "write what you hear with --record FILE.wav instead");
      }
    }
  }

  private static Optional<String> matched(ParseResult parsed, String option) {
    return parsed.hasMatchedOption(option)
        ? Optional.ofNullable(parsed.matchedOption(option).getValue())
        : Optional.empty();
  }

  /** E.g. {@code --mic: cannot open the microphone: no audio capture device named ...; ...}. */
  private static CliException device(
      String option, String what, AudioDeviceException e, String instead) {
    String fix =
        e.reason() == AudioDeviceException.Reason.NOT_FOUND
            ? "see 'peervoice devices' for the names, or " + instead
            : instead;
    return new CliException(
        CliException.DEVICE_FAILED,
        option
            + ": cannot open "
            + what
            + ": "
            + CliErrors.oneLine(String.valueOf(e.getMessage()))
            + "; "
            + fix,
        e);
  }
}
