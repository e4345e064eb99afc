package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContactsOptionTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void aContactsFileHasOnePeerIdALineWithCommentsAndBlankLines(@TempDir Path dir) throws Exception {
    PeerId alice = Identity.generate(random).peerId();
    PeerId bob = Identity.generate(random).peerId();
    Path file = dir.resolve("contacts");
    Files.writeString(file, "# friends\n" + alice + "  # alice\n\n   " + bob + "\n" + alice + "\n");
    assertThat(ContactsFile.read(file)).containsExactly(alice, bob);
  }

  @Test
  void listenAndCallRefuseABadContactsFileWithOneLineNamingTheLine(@TempDir Path dir)
      throws Exception {
    Path id = dir.resolve("me.id");
    new Cli().run("id", "new", "--file", id.toString());
    Path file = dir.resolve("contacts");
    Files.writeString(
        file,
        Identity.generate(random).peerId() + "\nnot-a-peer\u001b[2J\n",
        java.nio.charset.StandardCharsets.UTF_8);
    String peer = Identity.generate(random).peerId().toString();
    for (String[] args :
        new String[][] {
          {"listen", "--id-file", id.toString(), "--bootstrap", "127.0.0.1:9"},
          {"call", peer, "--id-file", id.toString(), "--bootstrap", "127.0.0.1:9"}
        }) {
      Cli cli = new Cli();
      String[] withContacts = java.util.Arrays.copyOf(args, args.length + 2);
      withContacts[args.length] = "--contacts";
      withContacts[args.length + 1] = file.toString();
      assertThat(cli.run(withContacts)).isEqualTo(2);
      assertThat(cli.err.toString())
          .startsWith(
              "peervoice " + args[0] + ": --contacts " + file + " line 2: 'not-a-peer\\u001b[2J'")
          .contains("is not a PeerId")
          .hasLineCount(1);
    }
    Cli missing = new Cli();
    assertThat(
            missing.run(
                "listen",
                "--id-file",
                id.toString(),
                "--bootstrap",
                "127.0.0.1:9",
                "--contacts",
                dir.resolve("nope").toString()))
        .isEqualTo(2);
    assertThat(missing.err.toString())
        .contains("--contacts")
        .contains("no such file")
        .hasLineCount(1);
  }
}
