package io.peervoice.demo;

import io.peervoice.signaling.LogText;
import io.peervoice.signaling.PeerId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@code --contacts} file: one PeerId a line; blank lines and text after {@code #} are ignored.
 * Calls from these peers get ICE while ringing; everyone else's wait for the answer.
 */
final class ContactsFile {

  private ContactsFile() {}

  /**
   * Reads {@code file}.
   *
   * @throws IllegalArgumentException with a one-line message naming the file and the bad line
   * @throws IOException if the file cannot be read
   */
  static Set<PeerId> read(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException(
          file + ": not UTF-8 text (a contacts file has one PeerId a line)");
    }
    Set<PeerId> contacts = new LinkedHashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (text.isEmpty()) {
        continue;
      }
      try {
        contacts.add(PeerId.parse(text));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "%s line %d: '%s' is not a PeerId (32 base32 characters a-z, 2-7)"
                .formatted(file, i + 1, LogText.escape(text, 64)));
      }
    }
    return contacts;
  }
}
