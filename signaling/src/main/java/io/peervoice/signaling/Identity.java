package io.peervoice.signaling;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A peer's secret identity: an Ed25519 signing key pair (RFC 8032) and an X25519 key-agreement key
 * pair (RFC 7748), from the JDK's own crypto. Stored as a small text file readable by its owner
 * only; loading refuses a file others can read.
 */
public final class Identity {
  private static final String HEADER = "# PeerVoice identity: secret, keep it to yourself";

  /** An identity file is about 400 bytes; anything much larger is not one. */
  private static final int MAX_FILE_BYTES = 16 * 1024;

  private final KeyPair signing;
  private final KeyPair agreement;
  private final PublicIdentity publicIdentity;

  /** The Ed25519 private key's 32-byte seed (RFC 8032), if the key gives it out; else null. */
  private final byte[] seed;

  /** The Ed25519 key pair itself: a node's self-signed TLS certificate is made for it. */
  KeyPair signingKeys() {
    return signing;
  }

  private Identity(KeyPair signing, KeyPair agreement) {
    this.signing = signing;
    this.agreement = agreement;
    this.publicIdentity =
        new PublicIdentity(
            PublicIdentity.raw(signing.getPublic()), PublicIdentity.raw(agreement.getPublic()));
    this.seed =
        signing.getPrivate() instanceof EdECPrivateKey k
            ? k.getBytes().filter(b -> b.length == Ed25519.SECRET_KEY_SIZE).orElse(null)
            : null;
  }

  /** A new identity from {@code random}. */
  public static Identity generate(SecureRandom random) {
    try {
      KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
      ed.initialize(255, random);
      KeyPairGenerator x = KeyPairGenerator.getInstance("X25519");
      x.initialize(255, random);
      return new Identity(ed.generateKeyPair(), x.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks Ed25519/X25519", e);
    }
  }

  /**
   * A new identity for a rendezvous node whose id carries at least {@code nodeIdWork} bits of work
   * ({@link PeerId#nodeIdWork()}): draws Ed25519 key pairs from {@code random} until one's id
   * solves the puzzle, about 2<sup>nodeIdWork</sup> of them (at the default 12 bits, about a second
   * on one core; see {@code docs/protocol.md}). The key is the solution: saving the identity keeps
   * it, so it is paid once.
   */
  public static Identity generateNode(SecureRandom random, int nodeIdWork) {
    if (nodeIdWork < 0 || nodeIdWork > 32) {
      throw new IllegalArgumentException("nodeIdWork must be 0..32 bits");
    }
    try {
      KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
      ed.initialize(255, random);
      KeyPair signing;
      do {
        signing = ed.generateKeyPair();
      } while (PeerId.of(PublicIdentity.raw(signing.getPublic())).nodeIdWork() < nodeIdWork);
      KeyPairGenerator x = KeyPairGenerator.getInstance("X25519");
      x.initialize(255, random);
      return new Identity(signing, x.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks Ed25519/X25519", e);
    }
  }

  public PublicIdentity publicIdentity() {
    return publicIdentity;
  }

  public PeerId peerId() {
    return publicIdentity.peerId();
  }

  /** The Ed25519 signature of {@code data}. */
  public byte[] sign(byte[] data) {
    if (seed != null) {
      // BouncyCastle's RFC 8032 code: the same (deterministic) signature as the JDK's, 5-10
      // times faster (a node signs a nonce for every peer that attaches; issue 13)
      byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
      Ed25519.sign(seed, 0, data, 0, data.length, signature, 0);
      return signature;
    }
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(signing.getPrivate());
      signer.update(data);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** The X25519 private key, for end-to-end sealing of signaling messages. */
  PrivateKey agreementKey() {
    return agreement.getPrivate();
  }

  /**
   * Writes this identity to a new file that only its owner can read or write. The file is created
   * atomically and exclusively ({@code O_CREAT|O_EXCL}, mode 0600 from the start): an existing file
   * or link at {@code file} is never replaced, even by a concurrent writer, and the secret is never
   * readable by others, not even for a moment.
   *
   * @throws IdentityException if the file exists or cannot be written
   */
  public void save(Path file) throws IOException {
    String text =
        HEADER
            + "\npeer-id: "
            + peerId()
            + "\ned25519: "
            + Base64.getEncoder().encodeToString(signing.getPrivate().getEncoded())
            + "\nx25519: "
            + Base64.getEncoder().encodeToString(agreement.getPrivate().getEncoded())
            + "\ned25519-public: "
            + Base64.getEncoder().encodeToString(publicIdentity.signingKey())
            + "\nx25519-public: "
            + Base64.getEncoder().encodeToString(publicIdentity.agreementKey())
            + "\n";
    try (var out = createOwnerOnly(file)) {
      try {
        out.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        out.force(true);
      } catch (IOException e) {
        Files.deleteIfExists(file); // ours: created exclusively above
        throw e;
      }
    } catch (FileAlreadyExistsException e) {
      throw new IdentityException(file + " already exists; not overwriting an identity", e);
    }
  }

  /** Creates {@code file} exclusively; owner-only from creation where the file system has modes. */
  private static java.nio.channels.FileChannel createOwnerOnly(Path file) throws IOException {
    var options =
        java.util.EnumSet.of(
            java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
    try {
      return java.nio.channels.FileChannel.open(
          file,
          options,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      return java.nio.channels.FileChannel.open(file, options); // no POSIX modes (e.g. Windows)
    }
  }

  /**
   * Reads an identity file.
   *
   * @throws IdentityException naming the file and the problem, one line: missing, not a regular
   *     file, readable by others (with the chmod that fixes it), not UTF-8 text, too large,
   *     malformed, or its peer id not matching its key
   */
  public static Identity load(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new IdentityException(file + ": no such file");
    }
    if (!Files.isRegularFile(file)) {
      throw new IdentityException(file + ": not a file (an identity is a small text file)");
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      for (PosixFilePermission p : perms) {
        if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
          throw new IdentityException(
              file
                  + " can be read by others ("
                  + PosixFilePermissions.toString(perms)
                  + "); run chmod 600 "
                  + file);
        }
      }
    } catch (UnsupportedOperationException e) {
      // no POSIX permissions on this file system
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : readText(file).split("\\R")) {
      int colon = line.indexOf(':');
      if (!line.startsWith("#") && colon > 0) {
        fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      }
    }
    try {
      PrivateKey ed = privateKey("Ed25519", field(fields, "ed25519", file));
      PrivateKey x = privateKey("X25519", field(fields, "x25519", file));
      byte[] edPublic = Base64.getDecoder().decode(field(fields, "ed25519-public", file));
      byte[] xPublic = Base64.getDecoder().decode(field(fields, "x25519-public", file));
      Identity identity =
          new Identity(
              new KeyPair(
                  PublicIdentity.publicKey("Ed25519", PublicIdentity.ED25519_SPKI, edPublic), ed),
              new KeyPair(
                  PublicIdentity.publicKey("X25519", PublicIdentity.X25519_SPKI, xPublic), x));
      identity.checkKeysMatch(file);
      String written = field(fields, "peer-id", file);
      if (!identity.peerId().toString().equals(written)) {
        throw new IdentityException(
            file
                + ": peer-id "
                + written
                + " does not belong to its key ("
                + identity.peerId()
                + ")");
      }
      return identity;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IdentityException(file + ": not a PeerVoice identity: " + e.getMessage(), e);
    }
  }

  private static String field(Map<String, String> fields, String name, Path file)
      throws IdentityException {
    String v = fields.get(name);
    if (v == null) {
      throw new IdentityException(
          file + ": not a PeerVoice identity (missing '" + name + ":' line)");
    }
    return v;
  }

  /** The file's text: at most {@link #MAX_FILE_BYTES}, UTF-8, or an error naming what is wrong. */
  private static String readText(Path file) throws IOException {
    byte[] bytes;
    try (var in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (java.nio.file.AccessDeniedException e) {
      throw new IdentityException(file + ": permission denied", e);
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw new IdentityException(
          file + ": not a PeerVoice identity (larger than " + MAX_FILE_BYTES + " bytes)");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IdentityException(file + ": not a PeerVoice identity (not UTF-8 text)", e);
    }
  }

  private static PrivateKey privateKey(String algorithm, String base64)
      throws GeneralSecurityException {
    return KeyFactory.getInstance(algorithm)
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  /** Proves each stored public key belongs to its private key. */
  private void checkKeysMatch(Path file) throws GeneralSecurityException, IdentityException {
    byte[] probe = "peervoice identity check".getBytes(StandardCharsets.UTF_8);
    if (!publicIdentity.verify(probe, sign(probe))) {
      throw new IdentityException(file + ": the Ed25519 public key does not match the private key");
    }
    KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
    KeyPair other = generator.generateKeyPair();
    javax.crypto.KeyAgreement mine = javax.crypto.KeyAgreement.getInstance("X25519");
    mine.init(agreement.getPrivate());
    mine.doPhase(other.getPublic(), true);
    javax.crypto.KeyAgreement theirs = javax.crypto.KeyAgreement.getInstance("X25519");
    theirs.init(other.getPrivate());
    theirs.doPhase(agreement.getPublic(), true);
    if (!java.util.Arrays.equals(mine.generateSecret(), theirs.generateSecret())) {
      throw new IdentityException(file + ": the X25519 public key does not match the private key");
    }
  }
}
