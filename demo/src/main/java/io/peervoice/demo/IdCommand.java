package io.peervoice.demo;

import io.peervoice.signaling.Identity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code peervoice id new|show}: make or show an identity; the PeerId is printed alone first. */
@Command(
    name = "id",
    mixinStandardHelpOptions = true,
    description =
        "Create or show an identity (Ed25519 + X25519 keys; the PeerId derives from them).",
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

  @Command(name = "new", mixinStandardHelpOptions = true, description = "Create an identity file.")
  static final class New implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--file", required = true, description = "Where to write it (must not exist).")
    Path file;

    @Override
    public Integer call() {
      Identity id = Identity.generate(new SecureRandom());
      try {
        id.save(file); // exclusive create: never replaces a file, even one made a moment ago
      } catch (IOException e) {
        spec.commandLine()
            .getErr()
            .println(
                e.getCause() instanceof FileAlreadyExistsException
                    ? "id new: " + file + " exists; not overwriting it"
                    : "id new: cannot write " + file + ": " + e.getMessage());
        return 1;
      }
      print(spec.commandLine().getOut(), id, file);
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an identity file.")
  static final class Show implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--file", required = true, description = "The identity file.")
    Path file;

    @Override
    public Integer call() {
      try {
        print(spec.commandLine().getOut(), Identity.load(file), file);
        return 0;
      } catch (IOException e) {
        spec.commandLine().getErr().println("id show: " + e.getMessage());
        return 1;
      }
    }
  }
}
