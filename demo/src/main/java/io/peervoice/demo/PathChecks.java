package io.peervoice.demo;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.IdentityException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks of the files a command names, done before it starts, each failing with a {@link
 * CliException} whose message names the option, the file and what to do: inputs exist and can be
 * read, outputs can be written (so a report is never lost after a call), identities load.
 */
final class PathChecks {
  private PathChecks() {}

  /**
   * {@code file} can be created or replaced: its directory exists and is writable, and it is not a
   * directory or a read-only file. Creates nothing.
   */
  static void writable(Path file, String option) {
    String where = option + " " + file;
    if (Files.isDirectory(file)) {
      throw CliException.badInvocation(where + ": is a directory; name a file in it");
    }
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw CliException.badInvocation(
          where
              + (Files.exists(dir)
                  ? ": " + dir + " is not a directory"
                  : ": directory " + dir + " does not exist; create it first"));
    }
    if (Files.exists(file)) {
      if (!Files.isRegularFile(file)) {
        throw CliException.badInvocation(where + ": not a regular file");
      }
      if (!Files.isWritable(file)) {
        throw CliException.badInvocation(where + ": not writable (permission denied)");
      }
    } else if (dir != null && !Files.isWritable(dir)) {
      throw CliException.badInvocation(
          where + ": cannot create files in " + dir + " (permission denied or read-only)");
    }
  }

  /** {@code file} exists, is a file and can be read. */
  static void readable(Path file, String option) {
    String where = option + " " + file;
    if (!Files.exists(file)) {
      throw CliException.badInvocation(where + ": no such file");
    }
    if (Files.isDirectory(file)) {
      throw CliException.badInvocation(where + ": is a directory, not a file");
    }
    if (!Files.isReadable(file)) {
      throw CliException.badInvocation(where + ": cannot be read (permission denied)");
    }
  }

  /** {@code file} can be read and starts like a WAV file ({@code RIFF....WAVE}). */
  static void wav(Path file, String option) {
    readable(file, option);
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(12);
    } catch (IOException e) {
      throw CliException.badInvocation(option + " " + file + ": cannot be read: " + reason(e));
    }
    if (head.length < 12
        || !new String(head, 0, 4, StandardCharsets.ISO_8859_1).equals("RIFF")
        || !new String(head, 8, 4, StandardCharsets.ISO_8859_1).equals("WAVE")) {
      throw CliException.badInvocation(
          option + " " + file + ": not a WAV file (no RIFF/WAVE header); give a 16-bit PCM WAV");
    }
  }

  /** Reads a {@code --contacts} file fully; a bad line is named. */
  static void contacts(Path file, String option) {
    readable(file, option);
    try {
      ContactsFile.read(file);
    } catch (IOException e) {
      throw CliException.badInvocation(option + " " + file + ": cannot be read: " + reason(e));
    } catch (IllegalArgumentException e) {
      throw CliException.badInvocation(option + " " + e.getMessage());
    }
  }

  /** Loads an identity file, or fails naming the problem and the fix (create one, chmod 600). */
  static Identity identity(Path file, String option) {
    if (!Files.exists(file)) {
      throw CliException.badInvocation(
          option
              + " "
              + file
              + ": no such file; create one with 'peervoice id new --id-file "
              + file
              + "'");
    }
    try {
      return Identity.load(file);
    } catch (IdentityException e) {
      throw CliException.badInvocation(e.getMessage());
    } catch (IOException e) {
      throw CliException.badInvocation(option + " " + file + ": cannot be read: " + reason(e));
    }
  }

  /** Why an I/O operation failed, in words, never {@code null}. */
  static String reason(IOException e) {
    String plain = CliErrors.fileProblem(e);
    if (plain != null) {
      return plain;
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
