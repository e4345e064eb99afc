package io.peervoice.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void peerIdIsTheFirst160BitsOfSha256OfTheKeyInBase32() {
    byte[] key = new byte[32];
    PeerId id = PeerId.of(key);
    // SHA-256 of 32 zero bytes = 66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925
    assertThat(id.toHex())
        .isEqualTo(
            "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925".substring(0, 40));
    assertThat(id.toString()).hasSize(32).matches("[a-z2-7]{32}");
    assertThat(PeerId.parse(id.toString().toUpperCase())).isEqualTo(id);
    assertThatThrownBy(() -> PeerId.parse("abc")).hasMessageContaining("32 base32 characters");
    assertThatThrownBy(() -> PeerId.parse("1".repeat(32))).hasMessageContaining("'1'");
  }

  @Test
  void nodeIdWorkIsTheLeadingZeroBitsOfADomainSeparatedHashOfTheId() {
    // SHA-256("peervoice-node-id-v1" ‖ id) = 99c6702f…: no leading zero bit
    assertThat(PeerId.of(new byte[32]).nodeIdWork()).isZero();
    byte[] key = new byte[32];
    key[30] = 0x1d;
    key[31] = 0x62;
    // id 4de42140…, SHA-256("peervoice-node-id-v1" ‖ id) = 000e39c4…: 12 leading zero bits
    assertThat(PeerId.of(key).toHex()).isEqualTo("4de42140a267f303c148aecf302d336cdeaee614");
    assertThat(PeerId.of(key).nodeIdWork()).isEqualTo(12);
  }

  @Test
  void aNodeIdentityIsMintedWithItsWorkOnceAndKeepsItInItsFile(@TempDir Path dir) throws Exception {
    SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
    seeded.setSeed(12);
    Identity node = Identity.generateNode(seeded, 8);
    assertThat(node.peerId().nodeIdWork()).isGreaterThanOrEqualTo(8);
    Path file = dir.resolve("node.id");
    node.save(file);
    Identity loaded = Identity.load(file);
    assertThat(loaded.peerId()).isEqualTo(node.peerId());
    assertThat(loaded.peerId().nodeIdWork()).isGreaterThanOrEqualTo(8);
    assertThat(Identity.generateNode(seeded, 0).peerId().nodeIdWork()).isNotNegative();
    assertThatThrownBy(() -> Identity.generateNode(seeded, 33))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void xorDistanceAndOrdering() {
    PeerId a = PeerId.of(new byte[32]);
    PeerId b =
        PeerId.of(
            new byte[] {
              1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
              25, 26, 27, 28, 29, 30, 31, 32
            });
    assertThat(a.distance(a)).containsOnly(0);
    assertThat(a.distance(b)).isEqualTo(b.distance(a));
    assertThat(a.compareTo(b)).isEqualTo(-b.compareTo(a));
  }

  @Test
  void signsAndOthersVerify() {
    Identity alice = Identity.generate(random);
    byte[] message = "offer".getBytes(StandardCharsets.UTF_8);
    byte[] signature = alice.sign(message);
    assertThat(alice.publicIdentity().verify(message, signature)).isTrue();
    message[0] ^= 1;
    assertThat(alice.publicIdentity().verify(message, signature)).isFalse();
    assertThat(Identity.generate(random).publicIdentity().verify(message, signature)).isFalse();
    assertThat(alice.publicIdentity().verify(message, new byte[3])).isFalse();
  }

  @Test
  void savesForTheOwnerOnlyAndLoadsBackTheSamePeer(@TempDir Path dir) throws Exception {
    Identity alice = Identity.generate(random);
    Path file = dir.resolve("alice.id");
    alice.save(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    Identity back = Identity.load(file);
    assertThat(back.peerId()).isEqualTo(alice.peerId());
    assertThat(back.publicIdentity()).isEqualTo(alice.publicIdentity());
    byte[] data = {1, 2, 3};
    assertThat(alice.publicIdentity().verify(data, back.sign(data))).isTrue();
    assertThatThrownBy(() -> alice.save(file)).hasMessageContaining("already exists");
  }

  @Test
  void refusesFilesOthersCanReadOrThatDoNotHoldTogether(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("x.id");
    Identity.generate(random).save(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> Identity.load(file))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("chmod 600");

    Path mixed = dir.resolve("mixed.id");
    Identity.generate(random).save(mixed);
    String other = Files.readString(file);
    String otherPublic =
        other.lines().filter(l -> l.startsWith("ed25519-public:")).findFirst().orElseThrow();
    String text = Files.readString(mixed).replaceAll("(?m)^ed25519-public:.*$", otherPublic);
    Files.writeString(mixed, text);
    assertThatThrownBy(() -> Identity.load(mixed))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("does not");

    Path junk = dir.resolve("junk.id");
    Files.writeString(junk, "hello\n");
    Files.setPosixFilePermissions(junk, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> Identity.load(junk)).hasMessageContaining("missing 'ed25519:' line");
  }

  @Test
  void loadNamesEveryEverydayMistakeInOneLine(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> Identity.load(dir.resolve("nosuch.id")))
        .isInstanceOf(IdentityException.class)
        .hasMessage(dir.resolve("nosuch.id") + ": no such file");
    assertThatThrownBy(() -> Identity.load(dir))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("not a file");
    Path binary = dir.resolve("binary.id");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0x80, 0x0a});
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> Identity.load(binary))
        .isInstanceOf(IdentityException.class)
        .hasMessage(binary + ": not a PeerVoice identity (not UTF-8 text)");
    Path big = dir.resolve("big.id");
    Files.write(big, new byte[1 << 20]);
    Files.setPosixFilePermissions(big, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> Identity.load(big))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("larger than");
  }
}
