package io.peervoice.demo;

import io.peervoice.sdk.Call;
import io.peervoice.sdk.CallDirection;
import io.peervoice.sdk.CallListener;
import io.peervoice.sdk.Phone;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.EndReason;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code peervoice listen}: be reachable and take calls. */
@Command(
    name = "listen",
    mixinStandardHelpOptions = true,
    description = "Attach to the overlay, print 'ready <PeerId>', and take incoming calls.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice listen --id-file bob.id --bootstrap 127.0.0.1:7400 \\",
      "      --auto-answer --record heard.wav",
      "  peervoice listen --id-file bob.id --bootstrap node.example.org:7400 \\",
      "      --mic --speaker",
      "  peervoice listen --id-file bob.id --bootstrap 127.0.0.1:7400 \\",
      "      --auto-answer --calls 1 --json call.json --contacts friends.txt"
    })
final class ListenCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin PhoneOptions phone;
  @Mixin AudioOptions audio;
  @Mixin ProcessingOptions processing;

  @Option(names = "--auto-answer", description = "Answer every call at once.")
  boolean autoAnswer;

  // S8: as call --webrtc does for its one call
  @Option(
      names = "--webrtc",
      description =
          "Expect browser (WebRTC) calls: warm up DTLS and make a spare certificate at start, so"
              + " that the first one answers as fast as later ones (Bouncy Castle's TLS code then"
              + " stays loaded, a few MB). An auto-answering listener that expects browsers wants it: it"
              + " answers as the offer rings, before a warm-up started then could finish.")
  boolean webrtc;

  @Option(
      names = "--dtmf",
      paramLabel = "DIGITS",
      converter = DtmfDigits.class,
      description = "Send these DTMF digits (0-9 * # A-D) once a call's audio flows.")
  String dtmf;

  @Option(
      names = "--calls",
      paramLabel = "N",
      description = "Exit after N calls have ended (N >= 1; default: run until stopped).")
  Integer calls;

  // S6 presence
  @Option(
      names = "--presence",
      paramLabel = "everyone|contacts|nobody",
      converter = ProbeCommand.Policy.class,
      description =
          "Whose presence probes (peervoice probe) this phone answers, telling them it is on"
              + " (never where): default contacts, only peers in --contacts.")
  io.peervoice.signaling.call.PresencePolicy presence =
      io.peervoice.signaling.call.PresencePolicy.CONTACTS;

  @Option(
      names = "--voice-notes",
      paramLabel = "DIR",
      converter = VoiceNotes.Folder.class,
      description =
          "Save the voice message of each missed call as a WAV file in DIR (an existing folder).")
  VoiceNotes voices; // S8

  @Option(
      names = "--dnd",
      description = "Do not disturb: answer every call busy at once; the caller is told why.")
  boolean doNotDisturb;

  private volatile long phoneStartNanos = -1;
  private volatile long readyNanos = -1;
  private final java.util.Set<Call> asking = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.Map<Call, java.util.Map<String, Object>> transfers =
      new java.util.concurrent.ConcurrentHashMap<>(); // S5 xfer: a call's transfer request

  /** A call that ended, for its report; a stop marker (all null) when a signal came. */
  record Ended(Call call, EndReason reason, List<Character> digits, CallTimeline timeline) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    String badContacts = phone.loadContacts();
    if (badContacts != null) {
      err.println("listen: " + badContacts);
      return 2;
    }
    try {
      audio.open();
    } catch (IOException e) {
      err.println("listen: " + e.getMessage());
      return 2;
    }
    StatusLine status = StatusLine.open(spec.commandLine().getOut());
    PrintWriter out = status.lines();
    LinkedBlockingQueue<Ended> ended = new LinkedBlockingQueue<>();
    StopSignals stop = StopSignals.forCommand();
    phoneStartNanos = System.nanoTime();
    try (status;
        Phone p =
            Phone.start(
                processing
                    .apply(audio.wire(phone.builder(), status), audio.capturesDevice())
                    .listeners(c -> listener(c, out, status, ended))
                    .presence(presence)
                    .doNotDisturb(doNotDisturb)
                    .build())) {
      if (warmsUpForBrowsers()) {
        p.warmUpWebRtc(); // S8: beside attaching; a failure is logged, the first call then cold
      }
      MissedNotes missed = new MissedNotes(); // S6 missed: printed as they arrive, in --json
      missed.watch(p, out, phone.json, voices);
      Integer notReady = PhoneReady.await(p, "listen", err, phone.attachTimeout());
      if (notReady != null) {
        return notReady;
      }
      // The stop action is in place before "ready" is printed: a signal sent on reading "ready"
      // (a script's or a supervisor's) hangs up by the ordinary path and exits 0, not 130.
      ListenSession session = new ListenSession(calls);
      stop.onStop(() -> ended.add(session.stop(p, out)));
      readyNanos = System.nanoTime();
      out.println("ready " + p.id());
      if (doNotDisturb) {
        out.println("do not disturb: calls are answered busy");
      }
      out.flush();
      Footprint.settleWhenWarm(p);
      DeviceNotice.watch(p, out);
      for (Ended e = session.next(ended); e != null; e = session.next(ended)) {
        if (e.call() == null) {
          continue; // stop marker: the session now waits for the calls it hung up
        }
        PhoneReport report =
            new PhoneReport(e.call(), e.call().stats(), e.reason(), e.digits(), null, e.timeline());
        report.printSummary(out);
        if (phone.json != null) {
          report.writeJson(phone.json, null, transfers.remove(e.call()));
          missed.addTo(phone.json);
        }
        audio
            .finishRecording(e.call())
            .ifPresent(f -> out.println("Wrote " + audio.recorded() + " to " + f));
        out.flush();
        session.reported(
            e.call(),
            Outcome.of(e.call().direction(), e.reason(), e.timeline(), report.stats(), false));
      }
      audio.finish();
      out.flush();
      return session.exitCode();
    }
  }

  /** Nobody can be asked: declines at once rather than letting the caller ring for a minute. */
  private static void declineWithoutTerminal(Call call, PrintWriter out) {
    out.println("declined: no terminal to ask; use --auto-answer");
    try {
      call.decline();
    } catch (IllegalStateException e) {
      // the caller gave up meanwhile
    }
  }

  /** Asks on the terminal whether to take a ringing call. */
  private static void ask(Call call, PrintWriter out) {
    String reply = System.console().readLine("answer? [y/N] ");
    if (reply == null) {
      out.println(); // end of input: end the prompt's line
    }
    try {
      if (reply != null && reply.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
        call.answer();
      } else {
        call.decline();
      }
    } catch (IllegalStateException e) {
      out.println("too late: " + e.getMessage());
      out.flush();
    }
  }

  /**
   * S8 (issue 16): whether this listener warms up for browser calls at start ({@link
   * io.peervoice.sdk.Phone#warmUpWebRtc()}): only with {@code --webrtc}. Without it a listener
   * loads no Bouncy Castle TLS code until a browser calls (the idle footprint of issue 13): one a
   * person answers warms up when a browser's offer rings, seconds before the answer; an {@code
   * --auto-answer} one answers as the offer rings, so its first browser call's handshake runs cold
   * (measured 117-209 ms) unless it is given {@code --webrtc}.
   */
  boolean warmsUpForBrowsers() {
    return webrtc;
  }

  private CallListener listener(
      Call c, PrintWriter out, StatusLine status, LinkedBlockingQueue<Ended> ended) {
    List<Character> digits = new CopyOnWriteArrayList<>();
    CallTimeline timeline = new CallTimeline().phone(phoneStartNanos, readyNanos).begin();
    var roster = ConferenceJson.printer(out);
    return new CallListener() {
      @Override
      public void onRinging(Call call) {
        if (call.direction() != CallDirection.INCOMING) {
          return;
        }
        out.println("incoming call from " + call.peer());
        out.flush();
        if (autoAnswer) {
          call.answer();
        } else if (System.console() != null) {
          asking.add(call);
          Thread ask =
              new Thread(
                  () -> {
                    ask(call, out);
                    asking.remove(call);
                  },
                  "peervoice-answer-prompt");
          ask.setDaemon(true);
          ask.start();
        } else {
          declineWithoutTerminal(call, out);
        }
      }

      @Override
      public void onAnswered(Call call) {
        timeline.answered();
        status.follow(call, timeline); // not while ringing: the answer prompt holds that line
      }

      @Override
      public void onMediaStarted(Call call) {
        out.println("answered; audio flowing");
        out.flush();
        if (dtmf != null) {
          call.sendDtmf(dtmf);
        }
      }

      @Override
      public void onRemoteHold(Call call, boolean held) {
        status.remoteHold(held);
        out.println(held ? "the caller put us on hold" : "the caller resumed");
        out.flush();
      }

      @Override
      public void onConference(Call call, List<io.peervoice.sdk.Conference.Member> members) {
        roster.accept(members);
      }

      @Override
      public void onTransferRequested(
          Call call, PeerId target, io.peervoice.sdk.CallListener.TransferDecision decision) {
        // S5 xfer: --allow-transfer decided; an accepted transfer's call is reported on its own
        out.println(
            "transfer to "
                + target
                + " asked by "
                + call.peer()
                + ": "
                + TransferCli.answer(decision));
        out.flush();
        transfers.put(call, TransferCli.requested(target, decision));
      }

      @Override
      public void onDtmf(Call call, char digit) {
        digits.add(digit);
        out.println("DTMF " + digit);
        out.flush();
      }

      @Override
      public void onEnded(Call call, EndReason reason) {
        timeline.ended();
        status.hide(call);
        if (asking.remove(call)) {
          out.println(); // end the unanswered prompt's line
        }
        ended.add(new Ended(call, reason, digits, timeline));
      }
    };
  }
}
