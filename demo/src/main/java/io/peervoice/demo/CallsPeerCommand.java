package io.peervoice.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.peervoice.media.audio.LoopingSource;
import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.codec.OpusSettings;
import io.peervoice.sdk.Call;
import io.peervoice.sdk.CallDirection;
import io.peervoice.sdk.CallListener;
import io.peervoice.sdk.Phone;
import io.peervoice.sdk.PhoneConfig;
import io.peervoice.session.MediaSessionStats;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.IncomingLimits;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peervoice bench calls-peer}: one endpoint of {@link CallsBenchCommand}, a phone in its own
 * process that holds N calls at once. With {@code --call PEER_ID} it places them (all at once, or
 * {@code --setup-batch} at a time), waits until every one carries audio, prints {@code flowing N},
 * talks for {@code --seconds} and hangs up; without, it answers up to N incoming calls (its limits
 * raised to admit them) and exits once N have ended. Both sides send the bundled speech sample in a
 * loop and discard what they hear; {@code --json} gets the media counters of all the calls
 * together.
 */
@Command(
    name = "calls-peer",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "One endpoint of 'peervoice bench calls' (started by it, not by hand).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice bench calls-peer --id-file bob.id --bootstrap 127.0.0.1:7400 \\",
      "      --calls 10 --json callee.json",
      "  peervoice bench calls-peer --id-file alice.id --bootstrap 127.0.0.1:7400 \\",
      "      --call PEER_ID --calls 10 --seconds 30 --json caller.json"
    })
final class CallsPeerCommand implements java.util.concurrent.Callable<Integer> {
  /** How long the caller waits for all its calls to carry audio. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin PhoneOptions phone;

  @Option(names = "--call", paramLabel = "PEER_ID", description = "Place the calls to this peer.")
  String callee;

  @Option(
      names = "--calls",
      required = true,
      paramLabel = "N",
      description = "Calls to place, or to take.")
  int calls;

  @Option(
      names = "--seconds",
      defaultValue = "30",
      paramLabel = "S",
      description = "How long the caller talks once every call carries audio.")
  double seconds;

  @Option(
      names = "--complexity",
      paramLabel = "C",
      description = "Opus encoder complexity, 0..10 (default: the phone's).")
  Integer complexity;

  @Option(
      names = "--setup-batch",
      paramLabel = "B",
      description =
          "Calls placed at once, the next B once these carry audio (default: all of them at once).")
  Integer setupBatch;

  @Option(
      names = "--mark-after",
      paramLabel = "S",
      description =
          "Note the frames decoded and concealed S seconds after every call carries audio (the"
              + " bench's window start); reported as *_at_mark.")
  Double markAfter;

  private final MediaCountersMark mark = new MediaCountersMark();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (calls < 1
        || !(seconds > 0)
        || (complexity != null && (complexity < 0 || complexity > 10))
        || (setupBatch != null && setupBatch < 1)
        || (markAfter != null && !(markAfter >= 0))) {
      throw CliException.badInvocation(
          "need --calls >= 1, --seconds > 0, --complexity 0..10, --setup-batch >= 1,"
              + " --mark-after >= 0");
    }
    String badContacts = phone.loadContacts();
    if (badContacts != null) {
      throw CliException.badInvocation(badContacts);
    }
    PeerId to = callee == null ? null : PeerId.parse(callee);
    PcmClip speech = SpeechSample.load();
    OpusSettings d = OpusSettings.voiceDefaults();
    OpusSettings opus =
        complexity == null
            ? d
            : new OpusSettings(
                d.bitrate(), complexity, d.inbandFec(), d.expectedLossPercent(), d.dtx());
    List<Call> ended = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Call> answered = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicInteger carrying =
        new java.util.concurrent.atomic.AtomicInteger();
    CountDownLatch allEnded = new CountDownLatch(calls);
    var builder =
        phone
            .builder()
            .opus(opus)
            .audioSource(c -> LoopingSource.forever(speech))
            .audioSink(c -> frame -> {})
            .listeners(
                c ->
                    new CallListener() {
                      @Override
                      public void onRinging(Call call) {
                        if (call.direction() == CallDirection.INCOMING) {
                          call.answer();
                          answered.add(call);
                          call.mediaStarted()
                              .thenRun(
                                  () -> {
                                    if (carrying.incrementAndGet() == calls) {
                                      markLater(answered);
                                    }
                                  });
                        }
                      }

                      @Override
                      public void onEnded(Call call, io.peervoice.signaling.call.EndReason r) {
                        ended.add(call);
                        allEnded.countDown();
                      }
                    });
    if (phone.maxCalls == null) {
      builder.maxCalls(Math.max(calls, PhoneConfig.DEFAULT_MAX_CALLS));
    }
    if (to == null) {
      IncomingLimits l = IncomingLimits.defaults();
      builder.incomingLimits(
          new IncomingLimits(
              Math.max(calls, l.maxCalls()),
              Math.max(calls, l.maxCallsPerCaller()),
              new IncomingLimits.Rate(
                  Math.max(calls, l.callerRate().invites()), l.callerRate().period()),
              new IncomingLimits.Rate(
                  Math.max(calls, l.overallRate().invites()), l.overallRate().period()),
              l.refusalRate()));
    }
    try (Phone p = Phone.start(builder.build())) {
      Integer notReady =
          PhoneReady.await(
              p, "bench calls-peer", spec.commandLine().getErr(), phone.attachTimeout());
      if (notReady != null) {
        return notReady;
      }
      out.println("ready " + p.id());
      out.flush();
      List<Call> placed = new ArrayList<>();
      int code = ExitCodes.OK;
      if (to == null) {
        allEnded.await();
      } else {
        int flowing = placeInBatches(p, to, placed);
        if (flowing < calls) {
          spec.commandLine()
              .getErr()
              .printf(
                  "peervoice bench calls-peer: only %d of %d calls carried audio within %d s"
                      + " (the others: %s)%n",
                  flowing, calls, CONNECT_TIMEOUT.toSeconds(), outcomes(placed));
          code = ExitCodes.MEDIA_FAILED;
        } else {
          out.println("flowing " + flowing);
          out.flush();
          markLater(placed);
          CompletableFuture<?> anyEnded =
              CompletableFuture.anyOf(
                  placed.stream().map(Call::ended).toArray(CompletableFuture[]::new));
          try {
            anyEnded.get(Math.round(seconds * 1000), TimeUnit.MILLISECONDS);
            code = ExitCodes.MEDIA_FAILED; // a call ended before we hung up
          } catch (TimeoutException e) {
            // the time is up with every call still going
          }
        }
        for (Call c : placed) {
          try {
            c.hangup();
          } catch (RuntimeException e) {
            // it ended meanwhile
          }
        }
        allEnded.await(10, TimeUnit.SECONDS);
      }
      Map<String, Object> report = totals(to == null ? "callee" : "caller", ended);
      out.println("done " + report);
      out.flush();
      if (phone.json != null) {
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValue(phone.json.toFile(), report);
      }
      return code;
    }
  }

  private void markLater(List<Call> live) {
    if (markAfter != null) {
      mark.markAfter(live, markAfter);
    }
  }

  /**
   * Places the calls {@code --setup-batch} at a time (all at once by default), each batch once the
   * one before carries audio; returns how many carry audio within {@link #CONNECT_TIMEOUT}.
   */
  private int placeInBatches(Phone p, PeerId to, List<Call> placed)
      throws InterruptedException, io.peervoice.sdk.PhoneException {
    long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
    int size = setupBatch == null ? calls : setupBatch;
    int flowing = 0;
    for (int first = 0; first < calls; first += size) {
      List<Call> batch = new ArrayList<>();
      for (int i = first; i < Math.min(calls, first + size); i++) {
        batch.add(p.call(to));
      }
      placed.addAll(batch);
      flowing += awaitMedia(batch, deadline);
    }
    return flowing;
  }

  /** Waits (until {@code deadline}) for each call to carry audio or end; how many carry audio. */
  private static int awaitMedia(List<Call> placed, long deadline) throws InterruptedException {
    int flowing = 0;
    for (Call c : placed) {
      long left = deadline - System.nanoTime();
      try {
        CompletableFuture.anyOf(c.mediaStarted(), c.ended())
            .get(Math.max(1, left), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
        // counted below
      }
      if (c.mediaStarted().isDone() && !c.mediaStarted().isCompletedExceptionally()) {
        flowing++;
      }
    }
    return flowing;
  }

  /** How the calls that carry no audio stand: end reasons (or states) with their counts. */
  private static Map<String, Integer> outcomes(List<Call> placed) {
    Map<String, Integer> count = new java.util.TreeMap<>();
    for (Call c : placed) {
      if (c.mediaStarted().isDone() && !c.mediaStarted().isCompletedExceptionally()) {
        continue;
      }
      String what =
          c.ended().isDone()
              ? c.ended().join() + c.remoteReason().map(r -> "/" + r).orElse("")
              : c.state().toString();
      count.merge(what, 1, Integer::sum);
    }
    return count;
  }

  /** The media counters of {@code calls} summed up. */
  private Map<String, Object> totals(String role, List<Call> endedCalls) {
    long withMedia = 0;
    long sent = 0;
    long decoded = 0;
    long concealed = 0;
    long late = 0;
    long rejected = 0;
    long inserted = 0;
    long removed = 0;
    IntSummaryStatistics complexity = new IntSummaryStatistics();
    synchronized (endedCalls) {
      for (Call c : endedCalls) {
        MediaSessionStats m = c.stats().media().orElse(null);
        if (m == null) {
          continue;
        }
        withMedia++;
        sent += m.send().framesSent();
        decoded += m.receive().framesDecoded();
        concealed += m.receive().framesConcealed();
        late += m.receive().playout().buffer().latePackets();
        rejected += m.receive().srtpRejectedTotal();
        inserted += m.receive().playout().insertedSamplesForDeceleration();
        removed += m.receive().playout().removedSamplesForAcceleration();
        complexity.accept(m.send().complexity());
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("calls", calls);
    m.put("calls_ended", endedCalls.size());
    m.put("calls_with_media", withMedia);
    m.put("frames_sent", sent);
    m.put("frames_decoded", decoded);
    m.put("frames_concealed", concealed);
    m.put("frames_decoded_at_mark", mark.decoded());
    m.put("frames_concealed_at_mark", mark.concealed());
    m.put("late_packets", late);
    m.put("srtp_rejected", rejected);
    m.put("samples_stretched_in", inserted);
    m.put("samples_stretched_out", removed);
    m.put("aes_provider", io.peervoice.media.srtp.Srtp.aesBackend());
    // the encoders' complexity as the calls ended (load-adaptive: at most the configured one)
    m.put("complexity_effective_min", complexity.getCount() == 0 ? null : complexity.getMin());
    m.put("complexity_effective_max", complexity.getCount() == 0 ? null : complexity.getMax());
    m.put(
        "complexity_effective_mean",
        complexity.getCount() == 0 ? null : Math.round(complexity.getAverage() * 100) / 100.0);
    return m;
  }
}
