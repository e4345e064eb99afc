package io.peervoice.demo;

import io.peervoice.signaling.Identity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code peervoice id new|show}: make or show an identity; the PeerId is printed alone first. */
@Command(
    name = "id",
    mixinStandardHelpOptions = true,
    description =
        "Create or show an identity (Ed25519 + X25519 keys; the PeerId derives from them).",
    footerHeading = "%nExamples:%n",
    footer = {"  peervoice id new --id-file alice.id", "  peervoice id show --id-file alice.id"},
    subcommands = {IdCommand.New.class, IdCommand.Show.class})
final class IdCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static void print(PrintWriter out, Identity id, Path file) {
    out.println(id.peerId());
    out.println("file " + file + " (owner-only)");
    out.println("ed25519 " + Base64.getEncoder().encodeToString(id.publicIdentity().signingKey()));
    out.println(
        "x25519  " + Base64.getEncoder().encodeToString(id.publicIdentity().agreementKey()));
    out.flush();
  }

  /** {@code --id-file FILE}, as every command names it; {@code --file} is its old, hidden name. */
  abstract static class FileOption {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    static final class Names {
      @Option(
          names = "--id-file",
          required = true,
          paramLabel = "FILE",
          description = "The identity file.")
      Path idFile;

      @Option(names = "--file", required = true, hidden = true, paramLabel = "FILE")
      Path oldName;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Names names;

    /** The file named by either option. */
    Path file() {
      return names.idFile != null ? names.idFile : names.oldName;
    }
  }

  @Command(
      name = "new",
      mixinStandardHelpOptions = true,
      description = "Create an identity file (owner-only; never replaces an existing file).",
      footerHeading = "%nExamples:%n",
      footer = {
        "  peervoice id new --id-file alice.id",
        "  peervoice id new --id-file bob.id | head -1     # just the PeerId"
      })
  static final class New extends FileOption implements Callable<Integer> {
    @Override
    public Integer call() {
      Path file = file();
      Identity id = Identity.generate(new SecureRandom());
      try {
        id.save(file); // exclusive create: never replaces a file, even one made a moment ago
      } catch (IOException e) {
        throw CliException.badInvocation(
            e.getCause() instanceof FileAlreadyExistsException
                ? file + " exists; not overwriting it"
                : "cannot write " + file + ": " + PathChecks.reason(e));
      }
      print(spec.commandLine().getOut(), id, file);
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show an identity file: its PeerId first, then its public keys.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  peervoice id show --id-file alice.id",
        "  peervoice id show --id-file bob.id | head -1    # just the PeerId"
      })
  static final class Show extends FileOption implements Callable<Integer> {
    @Override
    public Integer call() throws IOException {
      Path file = file();
      print(spec.commandLine().getOut(), Identity.load(file), file);
      return 0;
    }
  }
}
