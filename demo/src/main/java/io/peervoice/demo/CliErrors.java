package io.peervoice.demo;

import io.peervoice.media.audio.AudioDeviceException;
import io.peervoice.signaling.IdentityException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the {@code peervoice} command line reports what went wrong: exactly one line on stderr,
 * {@code peervoice <command>: <what failed>: <why>; <what to do>}, and an exit code (2 for a bad
 * invocation, file or identity; 3 no node answered; 8 a local device; 1 anything unexpected). A
 * stack trace follows the line only when {@code PEERVOICE_LOG=DEBUG} (or {@code TRACE}).
 */
final class CliErrors {
  /** Longest line we print, so a pasted file or a long argument cannot flood the terminal. */
  private static final int MAX_CHARS = 400;

  private static final String DEBUG_HINT = "; run with PEERVOICE_LOG=DEBUG for the stack trace";

  private final Function<String, String> env;

  CliErrors(Function<String, String> env) {
    this.env = env;
  }

  /**
   * Installs the one-line handlers for parse errors and for exceptions out of a command, and the
   * {@link Preflight} checks that run before a command does anything.
   */
  static CommandLine install(CommandLine cli) {
    return install(cli, System::getenv);
  }

  /** {@link #install(CommandLine)} reading {@code PEERVOICE_LOG} through {@code env}. */
  static CommandLine install(CommandLine cli, Function<String, String> env) {
    CliErrors errors = new CliErrors(env);
    cli.setParameterExceptionHandler(errors::onParameterException);
    cli.setExecutionExceptionHandler(errors::onExecutionException);
    cli.setExecutionStrategy(new Preflight(new CommandLine.RunLast()));
    return cli;
  }

  /** What failed, as the line to print and the exit code. */
  record Failure(int exitCode, String message) {}

  int onParameterException(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    String message = ex.getMessage() == null ? "bad arguments" : ex.getMessage();
    message =
        message
            .replaceFirst("^Error: ", "")
            .replaceAll(
                "Missing required argument \\(specify one of these\\): \\(([^|()]+)\\)",
                "Missing required option: '$1'")
            .replace("' is not a double", "' is not a number")
            .replace("' is not an int", "' is not a whole number")
            .replace("' is not a long", "' is not a whole number");
    if (ex instanceof UnmatchedArgumentException unmatched) {
      List<String> suggestions = unmatched.getSuggestions();
      if (!suggestions.isEmpty()) {
        message +=
            "; did you mean "
                + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size())))
                + "?";
      }
    }
    print(cl, message + "; see '" + cl.getCommandSpec().qualifiedName() + " --help'", ex);
    return CliException.BAD_INVOCATION;
  }

  int onExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    Failure failure = describe(ex);
    print(cl, failure.message(), ex);
    return failure.exitCode();
  }

  private void print(CommandLine cl, String message, Throwable cause) {
    PrintWriter err = cl.getErr();
    boolean debug = debug();
    String line = debug ? message.replace(DEBUG_HINT, "") : message;
    err.println(cl.getCommandSpec().qualifiedName() + ": " + oneLine(line));
    if (debug) {
      cause.printStackTrace(err);
    }
    err.flush();
  }

  private boolean debug() {
    String level = env.apply("PEERVOICE_LOG");
    return level != null && (level.equalsIgnoreCase("DEBUG") || level.equalsIgnoreCase("TRACE"));
  }

  /** {@code text} on one line: line breaks become "; ", control characters are escaped. */
  static String oneLine(String text) {
    String joined = text.strip().replaceAll("\\s*\\R+\\s*", "; ");
    StringBuilder b = new StringBuilder(Math.min(joined.length(), MAX_CHARS) + 8);
    for (int i = 0; i < joined.length() && i < MAX_CHARS; i++) {
      char c = joined.charAt(i);
      if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c == '\u2028' || c == '\u2029') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return joined.length() > MAX_CHARS ? b.append("...").toString() : b.toString();
  }

  /** The line and exit code for an exception that ended a command. */
  static Failure describe(Throwable thrown) {
    Throwable t = unwrap(thrown);
    if (t instanceof CliException e) {
      return new Failure(e.exitCode(), e.getMessage());
    }
    if (t instanceof IdentityException e) {
      return new Failure(CliException.BAD_INVOCATION, e.getMessage());
    }
    if (t instanceof AudioDeviceException e) {
      return new Failure(CliException.DEVICE_FAILED, "audio device: " + e.getMessage());
    }
    if (t instanceof IOException e) {
      String file = fileProblem(e);
      if (file != null) {
        return new Failure(CliException.BAD_INVOCATION, file);
      }
    }
    String what = t.getClass().getSimpleName();
    String message = t.getMessage();
    if ((message == null || message.isBlank()) && t.getCause() != null) {
      message = t.getCause().toString(); // "IOException: null" said nothing; its cause may
    }
    return new Failure(
        1,
        "unexpected "
            + what
            + (message == null || message.isBlank() ? "" : ": " + message)
            + DEBUG_HINT);
  }

  /** A file problem said plainly ("x.wav: no such file"), or null if it is not one. */
  static String fileProblem(IOException e) {
    if (e instanceof NoSuchFileException f) {
      return f.getFile() + ": no such file";
    }
    if (e instanceof AccessDeniedException f) {
      return f.getFile() + ": permission denied";
    }
    if (e instanceof FileAlreadyExistsException f) {
      return f.getFile() + ": already exists";
    }
    if (e instanceof FileSystemException f) {
      String reason = f.getReason() == null ? "cannot be used" : f.getReason();
      return f.getFile() + ": " + reason;
    }
    if (e instanceof CharacterCodingException) {
      return "a file is not UTF-8 text";
    }
    if (e instanceof FileNotFoundException && e.getMessage() != null) {
      return e.getMessage(); // "x.json (Is a directory)", "x.json (Permission denied)"
    }
    if (e instanceof io.peervoice.media.audio.WavFormatException && e.getMessage() != null) {
      return e.getMessage();
    }
    return null;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable at = t;
    while (at.getCause() != null
        && (at instanceof java.util.concurrent.ExecutionException
            || at instanceof CompletionException
            || at instanceof UncheckedIOException
            || at instanceof CommandLine.ExecutionException
            || (at instanceof IOException
                && at.getClass() == IOException.class
                && at.getCause() instanceof AudioDeviceException))) {
      at = at.getCause();
    }
    return at;
  }
}
