package io.peervoice.demo;

import io.peervoice.sdk.Call;
import io.peervoice.sdk.CallDirection;
import io.peervoice.sdk.CallListener;
import io.peervoice.sdk.Phone;
import io.peervoice.signaling.call.EndReason;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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

  @Option(names = "--auto-answer", description = "Answer every call at once.")
  boolean autoAnswer;

  @Option(
      names = "--dtmf",
      paramLabel = "DIGITS",
      converter = DtmfDigits.class,
      description = "Send these DTMF digits (0-9 * # A-D) once a call's audio flows.")
  String dtmf;

  @Option(
      names = "--calls",
      paramLabel = "N",
      defaultValue = "0",
      description = "Exit after N calls have ended (default: run until stopped).")
  int calls;

  private record Ended(Call call, EndReason reason, List<Character> digits) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
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
    LinkedBlockingQueue<Ended> ended = new LinkedBlockingQueue<>();
    try (StatusLine status = new StatusLine(out);
        Phone p =
            Phone.start(
                audio
                    .wire(phone.builder(), status)
                    .listeners(c -> listener(c, out, status, ended))
                    .build())) {
      p.ready().get(30, TimeUnit.SECONDS);
      out.println("ready " + p.id());
      out.flush();
      DeviceNotice.watch(p, out);
      int done = 0;
      while (calls == 0 || done < calls) {
        Ended e = ended.take();
        done++;
        PhoneReport report =
            new PhoneReport(e.call(), e.call().stats(), e.reason(), e.digits(), null);
        report.printSummary(out);
        if (phone.json != null) {
          report.writeJson(phone.json);
        }
        audio.finishRecording(e.call()).ifPresent(f -> out.println("Wrote what we heard to " + f));
        out.flush();
      }
      audio.finish();
      out.flush();
      return 0;
    } catch (java.util.concurrent.TimeoutException e) {
      err.println("listen: no rendezvous node answered within 30 s; check --bootstrap");
      return 1;
    }
  }

  /** Asks on the terminal whether to take a ringing call. */
  private static void ask(Call call, PrintWriter out) {
    String reply = System.console().readLine("answer? [y/N] ");
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

  private CallListener listener(
      Call c, PrintWriter out, StatusLine status, LinkedBlockingQueue<Ended> ended) {
    List<Character> digits = new CopyOnWriteArrayList<>();
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
          Thread ask = new Thread(() -> ask(call, out), "peervoice-answer-prompt");
          ask.setDaemon(true);
          ask.start();
        } else {
          out.println("(not answering: no terminal; run with --auto-answer to take calls)");
          out.flush();
        }
      }

      @Override
      public void onMediaStarted(Call call) {
        status.follow(call);
        out.println("answered; audio flowing");
        out.flush();
        if (dtmf != null) {
          call.sendDtmf(dtmf);
        }
      }

      @Override
      public void onRemoteHold(Call call, boolean held) {
        out.println(held ? "the caller put us on hold" : "the caller resumed");
        out.flush();
      }

      @Override
      public void onDtmf(Call call, char digit) {
        digits.add(digit);
        out.println("DTMF " + digit);
        out.flush();
      }

      @Override
      public void onEnded(Call call, EndReason reason) {
        ended.add(new Ended(call, reason, digits));
      }
    };
  }
}
