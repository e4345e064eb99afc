package io.peervoice.demo;

import io.peervoice.sdk.Call;
import io.peervoice.sdk.CallListener;
import io.peervoice.sdk.CallStats;
import io.peervoice.sdk.Phone;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code peervoice call PEER_ID}: place a call, talk for N seconds, hang up, report. */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = "Call a peer through the overlay, hang up after --seconds, print a report.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice call $(peervoice id show --id-file bob.id | head -1) \\",
      "      --id-file alice.id --bootstrap 127.0.0.1:7400 --play speech.wav \\",
      "      --seconds 30 --json call.json",
      "  peervoice call PEER_ID --id-file alice.id --bootstrap node.example.org:7400 \\",
      "      --mic --speaker",
      "  peervoice call PEER_ID --id-file alice.id --bootstrap 127.0.0.1:7400 \\",
      "      --dtmf 123# --hold 5 --seconds 20"
    })
final class CallCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin PhoneOptions phone;
  @Mixin AudioOptions audio;
  @Mixin ProcessingOptions processing;

  @Parameters(index = "0", paramLabel = "PEER_ID", description = "Who to call.")
  String peer;

  @Option(
      names = "--seconds",
      defaultValue = "10",
      paramLabel = "N",
      description = "Hang up this long after the call is answered (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--dtmf",
      paramLabel = "DIGITS",
      converter = DtmfDigits.class,
      description = "Send these DTMF digits (0-9 * # A-D) once the call is answered.")
  String dtmf;

  @Option(
      names = "--hold",
      paramLabel = "N",
      description = "Put the call on hold for N seconds midway (and resume).")
  Double hold;

  @Option(
      names = "--add",
      paramLabel = "PEER_ID",
      description =
          "Once the call is answered, call this peer too and merge both into a conference this"
              + " phone hosts (repeat for more).")
  List<String> add = new java.util.ArrayList<>();

  // S5 xfer
  @Option(
      names = "--transfer",
      paramLabel = "PEER_ID",
      converter = TransferCli.Target.class,
      description =
          "Once the call is answered, ask the peer to call this peer instead (blind transfer);"
              + " we drop out once it rings. Refused or failed: exit 5.")
  PeerId transfer;

  // S6 missed
  @Option(
      names = "--note",
      paramLabel = "TEXT",
      description =
          "Text for the missed-call note left when the call is not answered (the callee is"
              + " offline, busy or does not answer; at most 280 bytes).")
  String note = "";

  @Option(
      names = "--voice-note",
      paramLabel = "SECONDS",
      description =
          "Add the first SECONDS (0 < S <= 15) of --play to the missed-call note as a voice"
              + " message.")
  Double voiceNote;

  @Option(
      names = "--no-note",
      description = "Leave no missed-call note when the call is not answered.")
  boolean noNote;

  // S6 wrtcj
  @Option(
      names = "--webrtc",
      description =
          "The peer is a browser: offer WebRTC media (SDP, DTLS-SRTP keys bound to its identity;"
              + " docs/webrtc.md).")
  boolean webrtc;

  @Override
  public Integer call() throws Exception {
    StatusLine status = StatusLine.open(spec.commandLine().getOut());
    PrintWriter out = status.lines();
    PrintWriter err = spec.commandLine().getErr();
    PeerId callee;
    try {
      callee = PeerId.parse(peer);
    } catch (IllegalArgumentException e) {
      err.println("call: '" + peer + "' is not a PeerId: " + e.getMessage());
      return 2;
    }
    if (seconds <= 0 || seconds > 86_400 || (hold != null && (hold <= 0 || hold >= seconds))) {
      err.println("call: need 0 < --hold < --seconds <= 86400");
      return 2;
    }
    String badContacts = phone.loadContacts();
    if (badContacts != null) {
      err.println("call: " + badContacts);
      return 2;
    }
    List<byte[]> voice; // S6 missed
    try {
      voice = noteVoice();
    } catch (IOException e) {
      err.println("call: " + e.getMessage());
      return 2;
    }
    try {
      audio.open();
    } catch (IOException e) {
      err.println("call: " + e.getMessage());
      return 2;
    }
    List<Character> digits = new CopyOnWriteArrayList<>();
    ConferenceHost host = null;
    io.peervoice.signaling.call.TransferResult transferred = null;
    var roster = ConferenceJson.printer(out);
    CompletableFuture<Void> ringing = new CompletableFuture<>();
    PeerSilence silence = new PeerSilence();
    CallTimeline timeline = new CallTimeline();
    StopSignals stop = StopSignals.forCommand();
    long phoneStart = System.nanoTime();
    try (status;
        Phone p =
            Phone.start(
                processing
                    .apply(audio.wire(phone.builder(), status), audio.capturesDevice())
                    .listeners(
                        c ->
                            new CallListener() {
                              @Override
                              public void onRinging(Call call) {
                                timeline.ringing();
                                ringing.complete(null);
                              }

                              @Override
                              public void onAnswered(Call call) {
                                timeline.answered();
                              }

                              @Override
                              public void onEnded(Call call, EndReason reason) {
                                timeline.ended();
                              }

                              @Override
                              public void onConference(
                                  Call call, List<io.peervoice.sdk.Conference.Member> members) {
                                roster.accept(members);
                              }

                              @Override
                              public void onDtmf(Call call, char digit) {
                                digits.add(digit);
                                out.println("DTMF " + digit);
                                out.flush();
                              }

                              @Override
                              public void onRemoteHold(Call call, boolean held) {
                                status.remoteHold(held);
                                silence.remoteHold(held);
                                out.println(held ? "on hold by the peer" : "resumed by the peer");
                                out.flush();
                              }
                            })
                    .build())) {
      if (webrtc) { // S8: the SDK's WebRTC warm-up, beside attaching rather than at the dial
        p.warmUpWebRtc(); // a failure is logged by the phone; the call then runs its DTLS cold
      }
      Integer notReady = PhoneReady.await(p, "call", err, phone.attachTimeout());
      if (notReady != null) {
        return notReady;
      }
      Footprint.collect(); // no young collection in the call's set-up
      timeline.phone(phoneStart, System.nanoTime());
      out.println("calling " + callee + " ...");
      out.flush();
      timeline.begin();
      Call call = webrtc ? p.callWebRtc(callee) : p.call(callee);
      stop.onStop(() -> hangUpOnSignal(call, out, silence));
      status.follow(call, timeline);
      CompletableFuture.anyOf(ringing, call.ended()).get(30, TimeUnit.SECONDS);
      if (ringing.isDone()) {
        out.printf("ringing (%d ms)%n", call.stats().dialToRingingMillis());
        out.flush();
      }
      try {
        CompletableFuture.anyOf(call.mediaStarted(), call.ended()).get(90, TimeUnit.SECONDS);
        call.mediaStarted().getNow(null);
      } catch (java.util.concurrent.CompletionException | ExecutionException e) {
        // ended before media
      }
      if (call.state() == CallState.ACTIVE) {
        CallStats s = call.stats();
        out.printf("answered; first audio %d ms after the answer%n", s.answerToFirstAudioMillis());
        out.flush();
        if (transfer != null) {
          transferred = TransferCli.transfer(call, transfer, out);
          if (!transferred.outcome().completed()) {
            talk(call, out);
          }
        } else if (add.isEmpty()) {
          talk(call, out);
        } else {
          host = new ConferenceHost(p, call, out);
          host.gather(add.stream().map(PeerId::parse).toList());
          host.talk(Math.round(seconds * 1000));
          host.hangup();
        }
      }
      if (call.state() != CallState.ENDED) {
        silence.hangingUp(call.stats());
        call.hangup();
      }
      EndReason reason = silence.judge(call.ended().get(10, TimeUnit.SECONDS));
      if (reason == EndReason.PEER_VANISHED) {
        out.printf(
            "the peer had sent no audio for %.1f s when we hung up: it vanished%n",
            silence.silenceMillis() / 1000.0);
      }
      timeline.ended();
      CallStats finalStats = call.stats();
      Double correlation = audio.correlation().orElse(null);
      PhoneReport report = new PhoneReport(call, finalStats, reason, digits, correlation, timeline);
      status.close();
      report.printSummary(out);
      var left =
          noNote || webrtc
              ? null
              : MissedNotes.leaveIfUnanswered(p, call, reason, note, voice, out);
      if (host != null) {
        host.printSummary();
      }
      if (phone.json != null) {
        report.writeJson(
            phone.json,
            host == null ? null : host.json(),
            transferred == null ? null : TransferCli.json(transferred));
      }
      if (left != null && phone.json != null) {
        MissedNotes.addNote(phone.json, left);
      }
      audio.finish().ifPresent(f -> out.println("Wrote " + audio.recorded() + " to " + f));
      out.flush();
      int code =
          Outcome.of(call.direction(), reason, timeline, finalStats, stop.stopped()).exitCode();
      // S5 conf: a peer added with --add that never joined fails the command as unanswered
      return code == ExitCodes.OK
              && ((host != null && host.missing() > 0) || TransferCli.failed(transferred))
          ? ExitCodes.NOT_ANSWERED
          : code;
    }
  }

  /** S6 missed: the voice note's Opus frames (empty: none); the flags were checked. */
  private List<byte[]> noteVoice() throws IOException {
    MissedNotes.check(this);
    return voiceNote == null ? List.of() : MissedNotes.voice(audio.in.play, voiceNote);
  }

  /** The first Ctrl-C or SIGTERM: hang up (or cancel); the call then ends by its usual path. */
  private static void hangUpOnSignal(Call call, PrintWriter out, PeerSilence silence) {
    silence.hangingUp(call.stats());
    out.println(
        call.state() == CallState.ACTIVE
            ? "hanging up (Ctrl-C again to quit at once)"
            : "cancelling the call (Ctrl-C again to quit at once)");
    call.hangup();
  }

  private void talk(Call call, PrintWriter out) throws Exception {
    long talkMillis = Math.round(seconds * 1000);
    if (dtmf != null) {
      call.sendDtmf(dtmf);
      out.println("sent DTMF " + dtmf);
      out.flush();
    }
    if (hold != null) {
      long before = (talkMillis - Math.round(hold * 1000)) / 2;
      waitOrEnd(call, before);
      if (call.state() == CallState.ACTIVE) {
        call.hold();
        out.println("on hold");
        out.flush();
        waitOrEnd(call, Math.round(hold * 1000));
      }
      if (call.state() == CallState.ACTIVE) {
        call.resume();
        out.println("resumed");
        out.flush();
        waitOrEnd(call, talkMillis - before - Math.round(hold * 1000));
      }
    } else {
      waitOrEnd(call, talkMillis);
    }
  }

  private static void waitOrEnd(Call call, long millis) throws Exception {
    try {
      call.ended().get(Math.max(1, millis), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      // the time is up and the call goes on
    }
  }
}
