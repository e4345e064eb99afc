package io.peervoice.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.media.audio.AudioSource;
import io.peervoice.media.audio.EnvelopeSimilarity;
import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.PcmRecorder;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.StunServer;
import io.peervoice.nat.TurnServer;
import io.peervoice.session.AgreedKeying;
import io.peervoice.session.CallFailedException;
import io.peervoice.session.MediaSession;
import io.peervoice.session.MediaSessionConfig;
import io.peervoice.session.MediaSessionStats;
import io.peervoice.session.SessionDescription;
import io.peervoice.session.SrtpKeying;
import io.peervoice.signaling.OverlayClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code peervoice lab-peer}: one side of a NAT-lab call, run inside a network namespace. The offer
 * and answer travel as JSON files in a shared directory (the lab's stand-in for signaling), each
 * with the SRTP key its side sends with beside the description, as SDES does (RFC 4568); once a
 * side read the other's file it hands both keys to its session ({@link SrtpKeying#agreed()}: the
 * caller's session exists before the answer's key does). The caller talks, the callee records and
 * checks that it heard the speech.
 */
@Command(
    name = "lab-peer",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "One side of a NAT lab call (nat/lab/nat-matrix.sh runs it in namespaces).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice lab-peer --role callee --dir /tmp/lab --json callee.json &",
      "  peervoice lab-peer --role caller --dir /tmp/lab --seconds 3",
      "  peervoice lab-peer --role caller --dir /tmp/lab \\",
      "      --turn u:p@turns:turn.example.org:443 \\",
      "      --node 198.51.100.4:7400 --node-tls-port 443"
    })
final class LabPeerCommand implements Callable<Integer> {
  /**
   * The offer/answer and result codec, made on first use: not in this class's initialisation, which
   * runs before {@link #call()} starts the attach (Jackson's ~370 classes cost ~1 s of a starved
   * JVM's start-up there, all before the first HELLO).
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /** What one side writes for the other: its description and the key it sends with. */
  record LabOffer(SessionDescription description, SrtpKeyMaterial key) {}

  @Option(names = "--role", required = true, description = "caller or callee")
  String role;

  @Option(names = "--dir", required = true, description = "Directory shared with the other peer.")
  Path dir;

  @Option(names = "--stun", description = "STUN server HOST:PORT")
  String stun;

  @Option(
      names = "--turn",
      converter = TurnOption.class,
      paramLabel = TurnOption.FORMS,
      description =
          "TURN server (repeatable): over UDP, or TCP/TLS with a turn:/turns: URI (RFC 7065).")
  List<TurnServer> turn = List.of();

  @Option(
      names = "--node",
      converter = HostPort.class,
      description =
          "Rendezvous node (UDP HOST:PORT) to attach to while gathering (attach_ms, node_transport).")
  InetSocketAddress node;

  @Option(names = "--node-tcp-port", description = "The node's TCP port (0: none).")
  int nodeTcpPort;

  @Option(names = "--node-tls-port", description = "The node's TLS port (0: none).")
  int nodeTlsPort;

  @Option(names = "--relay-only", description = "Offer only relayed candidates (privacy).")
  boolean relayOnly;

  @Option(
      names = "--port-prediction",
      paramLabel = "PORTS",
      description =
          "Port prediction with this many probes and sockets (0: off; 256 is IceConfig's default).")
  int portPrediction;

  @Option(names = "--seconds", defaultValue = "3", description = "How long the caller talks.")
  double seconds;

  @Option(names = "--json", description = "Where the callee writes its result.")
  Path json;

  @Option(names = "--record", description = "Where the callee writes what it heard (WAV).")
  Path record;

  @Override
  public Integer call() throws Exception {
    boolean caller = "caller".equals(role);
    if (nodeTcpPort < 0 || nodeTcpPort > 0xFFFF) {
      throw CliException.badInvocation(
          "--node-tcp-port must be 0 (none) or 1..65535, got " + nodeTcpPort);
    }
    if (nodeTlsPort < 0 || nodeTlsPort > 0xFFFF) {
      throw CliException.badInvocation(
          "--node-tls-port must be 0 (none) or 1..65535, got " + nodeTlsPort);
    }
    if (portPrediction < 0 || portPrediction > IceConfig.MAX_PORT_PREDICTION_PORTS) {
      throw CliException.badInvocation(
          "--port-prediction must be 0 (off) to "
              + IceConfig.MAX_PORT_PREDICTION_PORTS
              + ", got "
              + portPrediction);
    }
    IceConfig.Builder ice =
        IceConfig.builder()
            .portPredictionPorts(portPrediction)
            .loopbackFallback(false)
            .relayOnly(relayOnly)
            .connectTimeout(Duration.ofSeconds(15));
    if (stun != null) {
      ice.addStunServer(StunServer.parse(stun));
    }
    for (TurnServer t : turn) {
      ice.addTurnServer(t);
    }
    ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(1);
    Map<String, Object> result = new LinkedHashMap<>();
    Map<String, Object> attached = new LinkedHashMap<>();
    CompletableFuture<OverlayClient> overlay =
        node == null
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.supplyAsync(
                () -> LabAttach.attach(node, nodeTcpPort, nodeTlsPort, attached));
    PcmClip speech = SpeechSample.load();
    PcmRecorder heard = new PcmRecorder((int) seconds + 10);
    MediaSessionConfig config = MediaSessionConfig.builder(clock).ice(ice.build()).build();
    SrtpKeyMaterial sendKey = SrtpKeyMaterial.random(config.srtpProfile(), config.random());
    AgreedKeying keying = SrtpKeying.agreed();
    try (MediaSession session =
        MediaSession.create(config, caller ? IceRole.CONTROLLING : IceRole.CONTROLLED, keying)) {
      session.gatherAll(Duration.ofSeconds(20));
      Path mine = dir.resolve(caller ? "offer.json" : "answer.json");
      Path theirs = dir.resolve(caller ? "answer.json" : "offer.json");
      long started = System.nanoTime();
      LabOffer ours = new LabOffer(session.localDescription(), sendKey);
      LabOffer remote;
      if (caller) {
        write(mine, ours);
        remote = read(theirs);
      } else {
        remote = read(theirs);
        write(mine, ours);
      }
      keying.complete(new SrtpKeys(sendKey, remote.key()));
      long answered;
      try {
        // ICE runs while the callee "rings", as in real calls; the callee answers once its path is
        // up, and the caller starts talking when it sees the answer (a file here, a signaling
        // message in calls), so answer -> first audio excludes ICE, as
        // setup.answer_to_first_audio_ms
        boolean up = false;
        try {
          session.connect(remote.description()).get(30, TimeUnit.SECONDS);
          up = true;
        } finally {
          if (!caller) { // whatever happened: the caller waits for one or the other
            String outcome = up ? ANSWERED : FAILED;
            Files.writeString(dir.resolve(outcome), outcome);
          }
        }
        String notAnswered = caller ? awaitAnswer(dir) : null;
        if (notAnswered != null) {
          result.put("connected", false);
          result.put("error", notAnswered);
          finish(result, overlay, attached);
          return 1;
        }
        answered = System.nanoTime();
        session
            .startMedia(caller ? speech.asSource() : AudioSource.silence(), heard)
            .get(30, TimeUnit.SECONDS);
        result.put("media_start_ms", (System.nanoTime() - answered) / 1_000_000);
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable cause = e.getCause() instanceof CallFailedException ? e.getCause() : e;
        result.put("connected", false);
        result.put("error", cause.getMessage());
        finish(result, overlay, attached);
        return 1;
      }
      long connectMs = (System.nanoTime() - started) / 1_000_000;
      CompletableFutures.delay(clock, Duration.ofMillis((long) (seconds * 1000) + 500));
      MediaSessionStats stats = session.stats();
      result.put("connected", true);
      LabPathFields.put(result, stats, remote.description());
      result.put("connect_ms", connectMs);
      result.put(
          "answer_to_first_packet_ms",
          stats.firstPacketNanos() < 0 ? null : (stats.firstPacketNanos() - answered) / 1_000_000);
      result.put("ice_ms", stats.iceConnectMillis());
      if (!caller) {
        // The first second is start-up: the caller talks as soon as its side connects, the
        // callee's jitter buffer settles and both JVMs are still compiling, so its start may be
        // cut or time-stretched. Whether the callee hears the speech is judged on the rest.
        PcmClip got = heard.clip();
        if (record != null) {
          io.peervoice.media.audio.WavFile.write(record, got);
        }
        EnvelopeSimilarity.Result steady =
            EnvelopeSimilarity.compare(
                slice(speech, 1.0, seconds), slice(got, 0.5, seconds + 10), 2000);
        double fromStart =
            EnvelopeSimilarity.compare(slice(speech, 0, seconds), got, 2000).correlation();
        result.put("audio_correlation", Math.round(steady.correlation() * 1000) / 1000.0);
        result.put("audio_correlation_from_start", Math.round(fromStart * 1000) / 1000.0);
        result.put("audio_concealed_frames", stats.receive().framesConcealed());
        result.put(
            "answer_to_first_audio_ms",
            stats.firstAudioNanos() < 0 ? null : (stats.firstAudioNanos() - answered) / 1_000_000);
        result.put("audio_ok", steady.correlation() >= 0.8);
      }
      finish(result, overlay, attached);
      return 0;
    } catch (CallFailedException e) {
      result.put("connected", false);
      result.put("error", e.userMessage());
      finish(result, overlay, attached);
      return 1;
    } finally {
      clock.shutdownNow();
      OverlayClient client = overlay.join();
      if (client != null) {
        client.close();
      }
    }
  }

  /** The part of {@code clip} from {@code fromSeconds} to {@code toSeconds} (or its end). */
  private static PcmClip slice(PcmClip clip, double fromSeconds, double toSeconds) {
    int length = clip.samples().length;
    int from = (int) Math.min(length, fromSeconds * clip.sampleRate());
    int to = (int) Math.min(length, toSeconds * clip.sampleRate());
    return new PcmClip(clip.sampleRate(), java.util.Arrays.copyOfRange(clip.samples(), from, to));
  }

  private void finish(
      Map<String, Object> result,
      CompletableFuture<OverlayClient> overlay,
      Map<String, Object> attached)
      throws IOException {
    overlay.join();
    result.putAll(attached);
    String line = Json.MAPPER.writeValueAsString(result);
    System.out.println(line);
    if (json != null) {
      Files.writeString(json, line);
    }
  }

  private static void write(Path file, LabOffer offer) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Json.MAPPER.writeValue(tmp.toFile(), offer);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }

  private static LabOffer read(Path file) throws IOException, InterruptedException {
    await(file, 50);
    return Json.MAPPER.readValue(file.toFile(), LabOffer.class);
  }

  private static final String ANSWERED = "answered";
  private static final String FAILED = "failed";

  /** The longest the caller waits for the callee's answer once its own side is connected. */
  static final Duration ANSWER_WAIT = Duration.ofSeconds(30);

  /**
   * Waits (up to {@link #ANSWER_WAIT}) for the callee to write {@code answered} or {@code failed};
   * null once answered, else why not.
   */
  static String awaitAnswer(Path dir) throws InterruptedException {
    long deadline = System.nanoTime() + ANSWER_WAIT.toNanos();
    while (true) {
      if (Files.exists(dir.resolve(ANSWERED))) {
        return null;
      }
      if (Files.exists(dir.resolve(FAILED))) {
        return "the callee's side did not connect";
      }
      if (System.nanoTime() > deadline) {
        return "the callee neither answered nor failed within " + ANSWER_WAIT.toSeconds() + " s";
      }
      Thread.sleep(5);
    }
  }

  /** Waits (up to 60 s) for the other peer to write {@code file}, looking every {@code ms}. */
  private static void await(Path file, long ms) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(file)) {
      if (System.nanoTime() > deadline) {
        throw new IOException("the other peer wrote no " + file.getFileName() + " within 60 s");
      }
      Thread.sleep(ms);
    }
  }
}
