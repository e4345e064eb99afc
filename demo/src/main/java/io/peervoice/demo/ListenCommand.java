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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code peervoice listen}: be reachable and take calls. */
@Command(
    name = "listen",
    mixinStandardHelpOptions = true,
    description = "Attach to the overlay, print 'ready <PeerId>', and take incoming calls.")
final class ListenCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin PhoneOptions phone;
  @Mixin AudioOptions audio;

  @Option(names = "--auto-answer", description = "Answer every call at once.")
  boolean autoAnswer;

  @Option(
      names = "--dtmf",
      paramLabel = "DIGITS",
      description = "Send these DTMF digits once a call's audio flows.")
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
      Integer notReady = PhoneReady.await(p, "listen", err);
      if (notReady != null) {
        return notReady;
      }
      out.println("ready " + p.id());
      out.flush();
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
      }
      audio.finish().ifPresent(f -> out.println("Wrote what we heard to " + f));
      out.flush();
      return 0;
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
