package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.AudioDevice;
import io.peervoice.media.audio.AudioDevices;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 3: every everyday mistake gets exactly one line on stderr and its exit code, fast
 * and before anything rings. Each row is one invocation: the exit code, a piece of the line, and
 * the time it may take (2 s; 5 s for a dead bootstrap, where waiting is the point).
 */
class BadInvocationTest {
  private static final Duration QUICK = Duration.ofSeconds(2);
  private static final Duration DEAD_BOOTSTRAP = Duration.ofSeconds(5);

  @TempDir static Path dir;
  static CliFiles f;
  static DatagramSocket silentNode;

  /** One bad invocation and what it must give. */
  record Row(String what, int exit, String says, Duration within, Needs needs, String... args) {
    Row(String what, int exit, String says, String... args) {
      this(what, exit, says, QUICK, Needs.NOTHING, args);
    }
  }

  /** What a row needs of the machine: some only show the mistake where there is no device. */
  enum Needs {
    NOTHING,
    NO_CAPTURE_DEVICE,
    NO_PLAYBACK_DEVICE
  }

  @BeforeAll
  static void files() throws IOException {
    f = CliFiles.create(dir);
    silentNode = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    // warm up the JVM's class loading once, so each row's time is the CLI's, not the JIT's
    new Cli().run("call", f.bob, "--id-file", f.alice, "--bootstrap", f.refused(), "--dtmf", "x");
  }

  @AfterAll
  static void close() {
    silentNode.close();
  }

  static List<Row> rows() {
    String bob = f.bob;
    String a = f.alice;
    String node = f.refused();
    String silent = "127.0.0.1:" + silentNode.getLocalPort();
    List<Row> rows = new ArrayList<>();
    // identity files
    rows.add(
        new Row(
            "missing --id-file",
            2,
            "no such file; create one with 'peervoice id new",
            "call",
            bob,
            "--id-file",
            f.path("nosuch.id"),
            "--bootstrap",
            node));
    rows.add(
        new Row(
            "binary --id-file",
            2,
            "not a PeerVoice identity (not UTF-8 text)",
            "call",
            bob,
            "--id-file",
            f.binaryId,
            "--bootstrap",
            node));
    rows.add(
        new Row(
            "text that is no identity",
            2,
            "not a PeerVoice identity",
            "listen",
            "--id-file",
            f.junkId,
            "--bootstrap",
            node));
    rows.add(
        new Row(
            "identity readable by others",
            2,
            "run chmod 600",
            "call",
            bob,
            "--id-file",
            f.openId,
            "--bootstrap",
            node));
    rows.add(
        new Row(
            "--id-file is a directory",
            2,
            "not a file",
            "listen",
            "--id-file",
            dir.toString(),
            "--bootstrap",
            node));
    rows.add(
        new Row(
            "calling yourself",
            2,
            "a phone cannot call itself",
            "call",
            f.alicePeer,
            "--id-file",
            a,
            "--bootstrap",
            node));
    rows.add(
        new Row(
            "not a PeerId",
            2,
            "'bob' is not a PeerId",
            "call",
            "bob",
            "--id-file",
            a,
            "--bootstrap",
            node));
    // arguments
    rows.add(
        new Row(
            "--dtmf XYZ at parse time",
            2,
            "not a DTMF digit; use 0-9 * # A-D",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--dtmf",
            "XYZ"));
    rows.add( // S8 review: doctor --node-id takes a PeerId, for one node
        new Row(
            "doctor --node-id that is no PeerId",
            2,
            "--node-id: a PeerId is 32 base32 characters",
            "doctor",
            "--bootstrap",
            node,
            "--node-id",
            "not-an-id"));
    rows.add(
        new Row(
            "doctor --node-id with two nodes",
            2,
            "--node-id names one node: give exactly one --bootstrap with it, got 2",
            "doctor",
            "--bootstrap",
            node + "," + node,
            "--node-id",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    rows.add( // S8: where voice messages go must exist
        new Row(
            "listen --voice-notes into no folder",
            2,
            dir.resolve("no-such") + ": no such folder; create it first",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--voice-notes",
            dir.resolve("no-such").toString()));
    rows.add(
        new Row(
            "listen --dtmf 12%",
            2,
            "'%' at position 3",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--dtmf",
            "12%"));
    rows.add(
        new Row(
            "--seconds abc",
            2,
            "'abc' is not a number",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--seconds",
            "abc"));
    rows.add(
        new Row(
            "--aec maybe",
            2,
            "'maybe' is neither on nor off",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--aec",
            "maybe"));
    rows.add(
        new Row(
            "listen --ns max",
            2,
            "'max' is not a level; use off, low, moderate or high",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--ns",
            "max"));
    rows.add(
        new Row(
            "listen --agc yes",
            2,
            "'yes' is neither on nor off",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--agc",
            "yes"));
    rows.add(
        new Row(
            "--seconds 0",
            2,
            "--seconds must be more than 0 and at most 86400, got 0.0",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--seconds",
            "0"));
    rows.add(
        new Row(
            "--seconds NaN",
            2,
            "--seconds must be more than 0",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--seconds",
            "NaN"));
    rows.add(
        new Row(
            "--seconds a year",
            2,
            "at most 86400",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--seconds",
            "31536000"));
    rows.add(
        new Row(
            "--hold longer than the call",
            2,
            "--hold must be more than 0 and less than",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--seconds",
            "10",
            "--hold",
            "20"));
    rows.add(
        new Row(
            "--hold negative",
            2,
            "--hold must be more than 0",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--hold",
            "-1"));
    rows.add(
        new Row(
            "listen --calls 0",
            2,
            "--calls must be at least 1",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--calls",
            "0"));
    rows.add(
        new Row(
            "listen --max-calls 0",
            2,
            "--max-calls must be between 1 and 4096, got 0",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--max-calls",
            "0"));
    rows.add(
        new Row(
            "call --max-calls over the limit",
            2,
            "--max-calls must be between 1 and 4096, got 5000",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--max-calls",
            "5000"));
    rows.add(
        new Row(
            "listen --calls x",
            2,
            "'x' is not a whole number",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--calls",
            "x"));
    // addresses
    rows.add(
        new Row(
            "--bootstrap without a port",
            2,
            "expected HOST:PORT, got 'nohost'",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            "nohost"));
    rows.add(
        new Row(
            "--bootstrap port out of range",
            2,
            "port out of range",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            "127.0.0.1:99999"));
    rows.add(
        new Row(
            "--bootstrap port 0",
            2,
            "port 0 is no node's port",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            "127.0.0.1:0"));
    rows.add(
        new Row(
            "--bootstrap wildcard address",
            2,
            "the wildcard address is no node's",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            "0.0.0.0:7400"));
    // files
    rows.add(
        new Row(
            "--json in a missing directory",
            2,
            "does not exist; create it first",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--json",
            f.path("nodir/call.json")));
    rows.add(
        new Row(
            "--json is a directory",
            2,
            "is a directory; name a file in it",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--json",
            dir.toString()));
    rows.add(
        new Row(
            "--record under a file",
            2,
            "is not a directory",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--record",
            f.path("junk.id/heard.wav")));
    rows.add(
        new Row(
            "--play missing",
            2,
            "--play " + f.path("nosuch.wav") + ": no such file",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--play",
            f.path("nosuch.wav")));
    rows.add(
        new Row(
            "--play not a WAV",
            2,
            "not a WAV file",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--play",
            f.junkId));
    rows.add(
        new Row(
            "--contacts with a bad line",
            2,
            "line 2: 'not-a-peer' is not a PeerId",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--contacts",
            f.badContacts));
    rows.add(
        new Row(
            "--contacts missing",
            2,
            "no such file",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--contacts",
            f.path("nosuch.txt")));
    rows.add(
        new Row(
            "--contacts binary",
            2,
            "not UTF-8 text",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--contacts",
            f.binaryId));
    // devices
    rows.add(
        new Row(
            "call --mic without a device",
            8,
            "--mic: cannot open the microphone: no audio capture device",
            QUICK,
            Needs.NO_CAPTURE_DEVICE,
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--mic"));
    rows.add(
        new Row(
            "listen --speaker without a device",
            8,
            "--speaker: cannot open the speaker: no audio playback",
            QUICK,
            Needs.NO_PLAYBACK_DEVICE,
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--speaker"));
    rows.add(
        new Row(
            "call --mic NAME that does not exist",
            8,
            "--mic: cannot open the microphone: no audio capture device named \"No Such Mic\""
                + " (available: ",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--mic",
            "No Such Mic"));
    rows.add(
        new Row(
            "listen --speaker=NAME that does not exist",
            8,
            "see 'peervoice devices' for the names, or write what you hear with --record",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--speaker=No Such Speaker"));
    rows.add(
        new Row(
            "--record with --record-both",
            2,
            "mutually exclusive",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--record",
            f.path("a.wav"),
            "--record-both",
            f.path("b.wav")));
    rows.add(
        new Row(
            "--record-both under a file",
            2,
            "is not a directory",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--record-both",
            f.path("junk.id/both.wav")));
    // picocli's own
    rows.add(
        new Row(
            "unknown option",
            2,
            "Unknown option: '--frob'; see 'peervoice call --help'",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--frob"));
    rows.add(
        new Row(
            "missing --bootstrap",
            2,
            "Missing required option: '--bootstrap=HOST:PORT'",
            "call",
            bob,
            "--id-file",
            a));
    rows.add(
        new Row(
            "--play with --mic",
            2,
            "mutually exclusive",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--play",
            "x.wav",
            "--mic"));
    rows.add(new Row("unknown command", 2, "'frobnicate'", "frobnicate"));
    rows.add(
        new Row(
            "missing PEER_ID",
            2,
            "Missing required parameter: 'PEER_ID'",
            "call",
            "--id-file",
            a,
            "--bootstrap",
            node));
    // id
    rows.add(
        new Row(
            "id new over a file", 2, "exists; not overwriting it", "id", "new", "--id-file", a));
    rows.add(
        new Row(
            "id new in a missing directory",
            2,
            "does not exist",
            "id",
            "new",
            "--id-file",
            f.path("nodir/x.id")));
    rows.add(
        new Row(
            "id show without a file",
            2,
            "Missing required option: '--id-file=FILE'",
            "id",
            "show"));
    rows.add(
        new Row(
            "id show --file (old name) missing",
            2,
            "no such file",
            "id",
            "show",
            "--file",
            f.path("nosuch.id")));
    // node, bench, doctor, demo
    rows.add(
        new Row(
            "node bad --listen",
            2,
            "bad port in '127.0.0.1:x'",
            "node",
            "--listen",
            "127.0.0.1:x"));
    rows.add(
        new Row(
            "node corrupt --id-file",
            2,
            "not a PeerVoice identity",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--id-file",
            f.junkId));
    rows.add(
        new Row(
            "node --tcp-port 70000",
            2,
            "--tcp-port must be 0..65535, got 70000",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--tcp-port",
            "70000"));
    rows.add(
        new Row(
            "node --tls-cert without --tls-key",
            2,
            "--tls-cert and --tls-key go together",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--tls-port",
            "0",
            "--tls-cert",
            f.junkId));
    rows.add(
        new Row(
            "node --tls-cert without --tls-port",
            2,
            "--tls-cert needs --tls-port",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--tls-cert",
            f.junkId,
            "--tls-key",
            f.junkId));
    rows.add(
        new Row(
            "node --tls-cert not a certificate",
            2,
            "peervoice node: --tls-cert/--tls-key: cannot use",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--node-id-work",
            "0",
            "--tls-port",
            "0",
            "--tls-cert",
            f.junkId,
            "--tls-key",
            f.junkId));
    rows.add(
        new Row(
            "node --node-id-work 99",
            2,
            "--node-id-work must be 0..32 bits",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--node-id-work",
            "99"));
    rows.add( // S8 review: --notes-max has an upper bound too
        new Row(
            "node --notes-max over a million",
            2,
            "--notes-max must be 16 (--notes-per-peer)..1000000, got 2000000000",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--notes-max",
            "2000000000"));
    rows.add( // S8 tel: the note bounds
        new Row(
            "node --notes-per-network over --notes-per-peer",
            2,
            "--notes-per-network must be 1..8 (--notes-per-peer), got 9",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--notes-per-peer",
            "8",
            "--notes-per-network",
            "9"));
    rows.add(
        new Row(
            "node --note-network-v6 96",
            2,
            "--note-network-v6 must be 16..64 bits, got 96",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--note-network-v6",
            "96"));
    rows.add(
        new Row(
            "bench overlay --nodes x",
            2,
            "'x' is not a whole number",
            "bench",
            "overlay",
            "--nodes",
            "x"));
    rows.add(
        new Row(
            "bench overlay --nodes 1", 2, "need --nodes >= 2", "bench", "overlay", "--nodes", "1"));
    rows.add(
        new Row(
            "bench jitter missing trace",
            2,
            "--trace " + f.path("no.csv") + ": no such",
            "bench",
            "jitter",
            "--trace",
            f.path("no.csv")));
    rows.add(
        new Row(
            "bench abuse --json in a missing directory",
            2,
            "does not exist",
            "bench",
            "abuse",
            "--json",
            f.path("nodir/abuse.json")));
    rows.add(
        new Row(
            "bench abuse --ports 0",
            2,
            "--ports, --flood, --pings and --invites must be",
            "bench",
            "abuse",
            "--ports",
            "0"));
    rows.add(
        new Row(
            "bench calls --calls 0",
            2,
            "--calls must be between 1 and 500, got 0",
            "bench",
            "calls",
            "--calls",
            "0"));
    rows.add(
        new Row(
            "bench calls --seconds 0",
            2,
            "--seconds must be between 2 and 3600, got 0",
            "bench",
            "calls",
            "--seconds",
            "0"));
    rows.add(
        new Row(
            "bench calls --setup-batch 0",
            2,
            "--setup-batch must be at least 1, got 0",
            "bench",
            "calls",
            "--setup-batch",
            "0"));
    rows.add(
        new Row(
            "bench calls --complexity 11",
            2,
            "--complexity must be between 0 and 10, got 11",
            "bench",
            "calls",
            "--complexity",
            "11"));
    rows.add(
        new Row(
            "bench calls --settle 29 (of 30 s)",
            2,
            "--settle must be between 0 and --seconds - 2 (28), got 29",
            "bench",
            "calls",
            "--seconds",
            "30",
            "--settle",
            "29"));
    rows.add(
        new Row(
            "listen --adaptive-complexity maybe",
            2,
            "'maybe' is neither on nor off",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--adaptive-complexity",
            "maybe"));
    rows.add(
        new Row(
            "bench calls --adaptive-complexity sometimes",
            2,
            "'sometimes' is neither on nor off",
            "bench",
            "calls",
            "--adaptive-complexity",
            "sometimes"));
    rows.add(
        new Row(
            "node --max-attachments 0",
            2,
            "--max-attachments must be at least 1, got 0",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--max-attachments",
            "0"));
    rows.add(
        new Row(
            "bench node-capacity --peers 0",
            2,
            "--peers must be between 1 and 1000000, got 0",
            "bench",
            "node-capacity",
            "--peers",
            "0"));
    rows.add(
        new Row(
            "bench node-capacity --seconds 1",
            2,
            "--seconds must be between 5 and 3600, got 1",
            "bench",
            "node-capacity",
            "--seconds",
            "1"));
    rows.add(
        new Row(
            "listen --keepalive 0",
            2,
            "--keepalive must be 1..30 seconds, got '0'",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--keepalive",
            "0"));
    rows.add(
        new Row(
            "call --keepalive 60",
            2,
            "--keepalive must be 1..30 seconds, got '60'",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--keepalive",
            "60"));
    rows.add(
        new Row(
            "listen --ready-timeout 0",
            2,
            "--ready-timeout must be 1..120 seconds, got '0'",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--ready-timeout",
            "0"));
    rows.add(
        new Row(
            "listen --ready-timeout 121",
            2,
            "--ready-timeout must be 1..120 seconds, got '121'",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--ready-timeout",
            "121"));
    rows.add(
        new Row(
            "call --ready-timeout 2m",
            2,
            "--ready-timeout must be 1..120 seconds, got '2m'",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--ready-timeout",
            "2m"));
    rows.add(
        new Row(
            "bench setup --runs 0",
            2,
            "--runs must be between 1 and 50, got 0",
            "bench",
            "setup",
            "--runs",
            "0"));
    rows.add(
        new Row(
            "bench setup --warm-calls 11",
            2,
            "--warm-calls must be between 0 and 10, got 11",
            "bench",
            "setup",
            "--warm-calls",
            "11"));
    rows.add(
        new Row(
            "bench setup --settle 61",
            2,
            "--settle must be between 0 and 60, got 61",
            "bench",
            "setup",
            "--settle",
            "61"));
    rows.add(
        new Row(
            "bench setup --jar missing",
            2,
            "--jar " + f.path("no.jar") + ": no such file",
            "bench",
            "setup",
            "--jar",
            f.path("no.jar")));
    rows.add(
        new Row(
            "bench setup --runs x",
            2,
            "'x' is not a whole number",
            "bench",
            "setup",
            "--runs",
            "x"));
    rows.addAll(aecBenchRows());
    rows.add(
        new Row(
            "node --listen port out of range",
            2,
            "port out of range",
            "node",
            "--listen",
            "127.0.0.1:70000"));
    rows.add(
        new Row(
            "id new --file (old name) over a file",
            2,
            "exists; not overwriting it",
            "id",
            "new",
            "--file",
            a));
    rows.add(
        new Row(
            "doctor --json is a directory",
            2,
            "is a directory",
            "doctor",
            "--json",
            dir.toString()));
    rows.add(
        new Row(
            "doctor --node-tcp-port out of range",
            2,
            "--node-tcp-port must be 0 (not checked) or 1..65535, got 70000",
            "doctor",
            "--node-tcp-port",
            "70000"));
    rows.add(
        new Row(
            "doctor --node-tls-port negative",
            2,
            "--node-tls-port must be 0 (not checked) or 1..65535, got -1",
            "doctor",
            "--node-tls-port",
            "-1"));
    rows.add(
        new Row(
            "doctor --node-tls-port x",
            2,
            "'x' is not a whole number",
            "doctor",
            "--node-tls-port",
            "x"));
    rows.add(
        new Row(
            "doctor --ca-file missing",
            2,
            "--ca-file " + f.path("nope.pem") + " cannot be read as PEM certificates",
            "doctor",
            "--ca-file",
            f.path("nope.pem")));
    rows.add(
        new Row(
            "doctor --ca-file not PEM", 2, "PEM certificate", "doctor", "--ca-file", f.junkId()));
    rows.add(
        new Row(
            "lab-peer --node-tls-port out of range",
            2,
            "--node-tls-port must be 0 (none) or 1..65535, got 70000",
            "lab-peer",
            "--role",
            "caller",
            "--dir",
            f.dir().toString(),
            "--node-tls-port",
            "70000"));
    rows.add(
        new Row(
            "demo --seconds -1",
            2,
            "--seconds must be between 0 and 3600",
            "demo",
            "--seconds",
            "-1"));
    rows.add(
        new Row(
            "demo --out in a missing directory",
            2,
            "does not exist",
            "demo",
            "--out",
            f.path("nodir/demo.wav")));
    rows.add(
        new Row(
            "demo --opus-lib foo (neither a word nor a file)",
            2,
            "libopus file foo does not exist or is not readable; give the path of a libopus.so.0",
            "demo",
            "--opus-lib",
            "foo"));
    // TURN servers: the old form and RFC 7065 URIs (issue 15)
    rows.add(
        new Row(
            "lab-peer --turn without credentials",
            2,
            "TURN server must be USER:PASSWORD@HOST[:PORT]",
            "lab-peer",
            "--role",
            "caller",
            "--dir",
            dir.toString(),
            "--turn",
            "turns:turn.example.org"));
    rows.add(
        new Row(
            "lab-peer --turn turns over UDP",
            2,
            "turns: over UDP would be DTLS, which is not supported",
            "lab-peer",
            "--role",
            "caller",
            "--dir",
            dir.toString(),
            "--turn",
            "u:p@turns:turn.example.org?transport=udp"));
    rows.add(
        new Row(
            "lab-peer --turn unknown transport",
            2,
            "TURN transport must be udp or tcp, not 'sctp'",
            "lab-peer",
            "--role",
            "caller",
            "--dir",
            dir.toString(),
            "--turn",
            "u:p@turn:turn.example.org:3478?transport=sctp"));
    rows.add(
        new Row(
            "lab-peer --turn port not a number",
            2,
            "TURN URI port is not a number",
            "lab-peer",
            "--role",
            "caller",
            "--dir",
            dir.toString(),
            "--turn",
            "u:p@turn:turn.example.org:34x"));
    rows.add(
        new Row(
            "demo --opus-lib a file that is not a library",
            2,
            "is not a loadable libopus: not an ELF shared library; give the path",
            "demo",
            "--opus-lib",
            f.junkId));
    // the network: no node there
    rows.add(
        new Row(
            "dead bootstrap: port refused",
            3,
            "no rendezvous node answered (tried 127.0.0.1:",
            DEAD_BOOTSTRAP,
            Needs.NOTHING,
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node));
    rows.add(
        new Row(
            "dead bootstrap: silent node",
            3,
            "no rendezvous node answered within 3.0 s (tried 127.0.0.1:",
            DEAD_BOOTSTRAP,
            Needs.NOTHING,
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            silent));
    rows.add(
        new Row(
            "dead bootstrap: silent node, --ready-timeout 1",
            3,
            "no rendezvous node answered within 1.0 s (tried 127.0.0.1:",
            DEAD_BOOTSTRAP,
            Needs.NOTHING,
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            silent,
            "--ready-timeout",
            "1"));
    // S5 web
    rows.add(
        new Row(
            "node --ws-port 70000",
            2,
            "--ws-port must be 0..65535, got 70000",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--ws-port",
            "70000"));
    rows.add(
        new Row(
            "node --ws-origin without --ws-port",
            2,
            "--ws-origin needs --ws-port",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--ws-origin",
            "https://example.org"));
    rows.add(
        new Row(
            "node --ws-origin not an origin",
            2,
            "--ws-origin takes origins like https://example.org (no path), got example.org/x",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--ws-port",
            "0",
            "--ws-origin",
            "example.org/x"));
    // S6 wrtcw
    rows.add(
        new Row(
            "node --ws-tls-cert without --ws-port",
            2,
            "--ws-tls-cert and --ws-tls-key need --ws-port",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--ws-tls-cert",
            f.junkId,
            "--ws-tls-key",
            f.junkId));
    rows.add(
        new Row(
            "node --ws-tls-cert without --ws-tls-key",
            2,
            "--ws-tls-cert and --ws-tls-key go together",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--ws-port",
            "0",
            "--ws-tls-cert",
            f.junkId));
    rows.add(
        new Row(
            "node --ws-tls-cert not a certificate",
            2,
            "peervoice node: --ws-tls-cert/--ws-tls-key: cannot use",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--node-id-work",
            "0",
            "--ws-port",
            "0",
            "--ws-tls-cert",
            f.junkId,
            "--ws-tls-key",
            f.junkId));
    // S5 overlay
    rows.add(
        new Row(
            "listen --node-tcp-port 70000",
            2,
            "--node-tcp-port must be 0 (none) or 1..65535, got 70000",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--node-tcp-port",
            "70000"));
    rows.add(
        new Row(
            "call --node-tls-port -1",
            2,
            "--node-tls-port must be 0 (none) or 1..65535, got -1",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--node-tls-port",
            "-1"));
    // S5 conf: call --add
    rows.add(
        new Row(
            "--add not a PeerId",
            2,
            "--add 'nope' is not a PeerId",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--add",
            "nope"));
    rows.add(
        new Row(
            "--add the callee",
            2,
            "is in the call already",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--add",
            bob));
    rows.add(
        new Row(
            "--add ourselves",
            2,
            "--add names our own PeerId",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--add",
            f.alicePeer));
    rows.add(
        new Row(
            "--add with --hold",
            2,
            "--add does not go with --hold or --dtmf",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--add",
            f.alicePeer,
            "--hold",
            "1"));
    rows.add(
        new Row(
            "bench conference --participants 1",
            2,
            "--participants must be between 2 and 14, got 1",
            "bench",
            "conference",
            "--participants",
            "1"));
    rows.add(
        new Row(
            "bench conference --settle too long",
            2,
            "--settle must be between 0 and --seconds - 3 (7), got 9",
            "bench",
            "conference",
            "--seconds",
            "10",
            "--settle",
            "9"));
    // S5 xfer: call --transfer, --allow-transfer
    rows.add(
        new Row(
            "--transfer not a PeerId",
            2,
            "'nope' is not a PeerId",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--transfer",
            "nope"));
    rows.add(
        new Row(
            "--transfer the callee",
            2,
            "--transfer names a third peer, and does not go with --add",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--transfer",
            bob));
    rows.add(
        new Row(
            "--transfer with --add",
            2,
            "--transfer names a third peer, and does not go with --add",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--transfer",
            f.alicePeer,
            "--add",
            f.alicePeer));
    rows.add(
        new Row(
            "--transfer ourselves",
            2,
            "--transfer names our own PeerId",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--transfer",
            f.alicePeer));
    rows.add(
        new Row(
            "--allow-transfer sometimes",
            2,
            "'sometimes' is not a policy; use never, contacts or always",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--allow-transfer",
            "sometimes"));
    rows.add( // S5 webfix: a path never matches a browser's Origin
        new Row(
            "node --ws-origin with a path",
            2,
            "got https://example.org/app",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--ws-port",
            "0",
            "--ws-origin",
            "https://example.org/app"));
    rows.add(
        new Row(
            "node --ws-origin with user info",
            2,
            "got https://me@example.org",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--ws-port",
            "0",
            "--ws-origin",
            "https://me@example.org"));
    // S6 missed
    rows.add(
        new Row(
            "--voice-note 0",
            2,
            "--voice-note: need 0 < SECONDS <= 15",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--voice-note",
            "0"));
    rows.add(
        new Row(
            "--voice-note without --play",
            2,
            "--voice-note takes its voice from --play FILE.wav",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--voice-note",
            "3"));
    rows.add(
        new Row(
            "--note too long",
            2,
            "--note: at most 280 bytes of text",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--note",
            "x".repeat(281)));
    rows.add(
        new Row(
            "--no-note with --note",
            2,
            "--no-note cannot go with --note or --voice-note",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--no-note",
            "--note",
            "hi"));
    rows.add(
        new Row(
            "--note with --webrtc",
            2,
            "--note and --voice-note cannot go with --webrtc",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--webrtc",
            "--note",
            "hi"));
    // S6 presence: probe, listen --presence
    rows.add(
        new Row(
            "probe of no PeerId",
            2,
            "probe: 'nope' is not a PeerId",
            "probe",
            "nope",
            "--id-file",
            a,
            "--bootstrap",
            node));
    rows.add(
        new Row(
            "probe --timeout 0",
            2,
            "--timeout must be 0.1..60 seconds, got '0'",
            "probe",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--timeout",
            "0"));
    rows.add(
        new Row(
            "probe --timeout soon",
            2,
            "--timeout must be 0.1..60 seconds, got 'soon'",
            "probe",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--timeout",
            "soon"));
    rows.add(
        new Row(
            "probe without a PeerId", 2, "PEER_ID", "probe", "--id-file", a, "--bootstrap", node));
    rows.add(
        new Row(
            "probe of our own PeerId",
            2,
            "is our own PeerId (--id-file); probe another",
            "probe",
            f.alicePeer,
            "--id-file",
            a,
            "--bootstrap",
            node));
    rows.add(
        new Row(
            "listen --presence friends",
            2,
            "'friends' is not a presence policy; use everyone, contacts or nobody",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--presence",
            "friends"));
    // S6 turn: lab-peer --port-prediction
    rows.add(
        new Row(
            "lab-peer --port-prediction 2000",
            2,
            "--port-prediction must be 0 (off) to 1024, got 2000",
            "lab-peer",
            "--role",
            "caller",
            "--dir",
            dir.toString(),
            "--port-prediction",
            "2000"));
    rows.add(
        new Row(
            "call --port-prediction=maybe",
            2,
            "--port-prediction",
            "call",
            "--port-prediction=maybe",
            "bob"));
    // S6 aec: the engine a phone's calls run on
    rows.add(
        new Row(
            "call --aec-engine aec3",
            2,
            "'aec3' is not an engine; use peervoice, webrtc or speex",
            "call",
            bob,
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--aec-engine",
            "aec3"));
    rows.add(
        new Row(
            "listen --aec-engine none",
            2,
            "'none' is not an engine; use peervoice, webrtc or speex",
            "listen",
            "--id-file",
            a,
            "--bootstrap",
            node,
            "--aec-engine",
            "none"));
    // S7 webmedia: STUN/TURN servers for the browsers
    rows.add(
        new Row(
            "node --ice-server with another scheme",
            2,
            "TURN server must be USER:PASSWORD@HOST[:PORT]",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--ws-port",
            "0",
            "--ice-server",
            "http://stun.example.org"));
    rows.add(
        new Row(
            "node --ice-server turn without credentials",
            2,
            "TURN server must be USER:PASSWORD@HOST[:PORT]",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--ws-port",
            "0",
            "--ice-server",
            "turn:turn.example.org"));
    rows.add(
        new Row(
            "node --ice-server with a quote in the password",
            2,
            "TURN username and credential: 1..256 visible ASCII characters",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--ws-port",
            "0",
            "--ice-server",
            "u:p\"x@turn:turn.example.org"));
    rows.add(
        new Row(
            "node --ice-server without --ws-port",
            2,
            "--ice-server needs --ws-port",
            "node",
            "--listen",
            "127.0.0.1:0",
            "--ice-server",
            "stun:stun.example.org:3478"));
    // S7 conf
    rows.add(
        new Row(
            "bench conference --talkers more than participants",
            2,
            "--talkers must be between 0 and --participants (3), got 4",
            "bench",
            "conference",
            "--participants",
            "3",
            "--talkers",
            "4"));
    return rows;
  }

  @Test
  void theTableHasAtLeastThirtyRows() {
    assertThat(rows()).hasSizeGreaterThanOrEqualTo(30);
  }

  @TestFactory
  Stream<DynamicTest> eachMistakeGivesOneLineAndItsExitCodeInTime() {
    return rows().stream().map(row -> DynamicTest.dynamicTest(row.what(), () -> inProcess(row)));
  }

  private static void inProcess(Row row) {
    assumeMachine(row.needs());
    Cli cli = new Cli();
    long start = System.nanoTime();
    int exit = cli.run(row.args());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    List<String> lines = cli.err.toString().lines().toList();
    assertThat(lines).as("%s: stderr", row.what()).hasSize(1);
    assertThat(lines.get(0))
        .as(row.what())
        .startsWith(
            row.args()[0].equals("frobnicate") ? "peervoice: " : "peervoice " + row.args()[0])
        .contains(row.says());
    assertThat(exit).as("%s: exit code (%s)", row.what(), lines.get(0)).isEqualTo(row.exit());
    assertThat(took).as("%s: time", row.what()).isLessThanOrEqualTo(row.within());
    assertThat(cli.out.toString()).as("%s: stdout", row.what()).isEmpty();
  }

  /** {@code bench aec}: its files and values (issue 14, item 5). */
  static List<Row> aecBenchRows() {
    Path far = Path.of(f.path("far.wav"));
    try {
      io.peervoice.media.audio.WavFile.write(
          far, new io.peervoice.media.audio.PcmClip(48_000, new short[48_000]));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String w = far.toString();
    return List.of(
        new Row(
            "bench aec without --far",
            2,
            "Missing required option: '--far=FILE.wav'",
            "bench",
            "aec"),
        new Row(
            "bench aec --far missing",
            2,
            "--far " + f.path("no.wav") + ": no such file",
            "bench",
            "aec",
            "--far",
            f.path("no.wav")),
        new Row(
            "bench aec --rir not a WAV",
            2,
            "--rir " + f.junkId + ": not a WAV file",
            "bench",
            "aec",
            "--far",
            w,
            "--rir",
            f.junkId),
        new Row(
            "bench aec --delay 2000",
            2,
            "--delay must be 0..1000 ms, got 2000",
            "bench",
            "aec",
            "--far",
            w,
            "--delay",
            "2000"),
        new Row(
            "bench aec --echo-gain 30",
            2,
            "--echo-gain must be -60..20 dB, got 30.0",
            "bench",
            "aec",
            "--far",
            w,
            "--echo-gain",
            "30"),
        new Row(
            "bench aec --noise 0",
            2,
            "--noise must be -120..-10 dBFS, got 0.0",
            "bench",
            "aec",
            "--far",
            w,
            "--noise",
            "0"),
        new Row(
            "bench aec --engine bogus",
            2,
            "--engine must be auto, peervoice-aec, webrtc-aec3, speexdsp or none, got 'bogus'",
            "bench",
            "aec",
            "--far",
            w,
            "--engine",
            "bogus"),
        new Row(
            "bench aec --ns loud",
            2,
            "'loud' is not a level; use off, low, moderate or high",
            "bench",
            "aec",
            "--far",
            w,
            "--ns",
            "loud"),
        new Row(
            "bench aec --aec maybe",
            2,
            "'maybe' is neither on nor off",
            "bench",
            "aec",
            "--far",
            w,
            "--aec",
            "maybe"),
        new Row(
            "bench aec --json in a missing directory",
            2,
            "does not exist",
            "bench",
            "aec",
            "--far",
            w,
            "--json",
            f.path("nodir/aec.json")));
  }

  static void assumeMachine(Needs needs) {
    Assumptions.assumeTrue(
        machineLacks(needs),
        "this machine has a device: the row shows the mistake where there is none");
  }

  /** Whether this machine lacks the device {@code needs} asks to be missing. */
  static boolean machineLacks(Needs needs) {
    if (needs == Needs.NOTHING) {
      return true;
    }
    AudioDevice.Kind kind =
        needs == Needs.NO_CAPTURE_DEVICE ? AudioDevice.Kind.CAPTURE : AudioDevice.Kind.PLAYBACK;
    return AudioDevices.list().stream().noneMatch(d -> d.kind() == kind);
  }

  /** The files the rows name, made once. */
  record CliFiles(
      Path dir,
      String alice,
      String alicePeer,
      String bob,
      String openId,
      String binaryId,
      String junkId,
      String badContacts,
      int refusedPort) {

    static CliFiles create(Path dir) throws IOException {
      Path alice = dir.resolve("alice.id");
      Cli made = new Cli();
      made.run("id", "new", "--id-file", alice.toString());
      String alicePeer = made.out.toString().lines().findFirst().orElseThrow();
      Cli other = new Cli();
      other.run("id", "new", "--id-file", dir.resolve("bob.id").toString());
      String bob = other.out.toString().lines().findFirst().orElseThrow();
      Path open = Files.copy(alice, dir.resolve("open.id"));
      Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
      Path binary = dir.resolve("binary.id");
      Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0x80, '\n'});
      Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rw-------"));
      Path junk = dir.resolve("junk.id");
      Files.writeString(junk, "hello\n");
      Files.setPosixFilePermissions(junk, PosixFilePermissions.fromString("rw-------"));
      Path contacts = dir.resolve("contacts.txt");
      Files.writeString(contacts, bob + "\nnot-a-peer\n", StandardCharsets.UTF_8);
      int refused;
      try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        refused = s.getLocalPort(); // closed again: nothing listens there
      }
      return new CliFiles(
          dir,
          alice.toString(),
          alicePeer,
          bob,
          open.toString(),
          binary.toString(),
          junk.toString(),
          contacts.toString(),
          refused);
    }

    String path(String name) {
      return dir.resolve(name).toString();
    }

    String refused() {
      return "127.0.0.1:" + refusedPort;
    }
  }
}
