package io.peervoice.demo;

import java.io.PrintWriter;

/** Where the live status line is drawn: a terminal, or a recording of one in tests. */
interface Terminal {
  /** Writes {@code text} as is (control characters included) and flushes. */
  void write(String text);

  /** Whether a person watches: only then is a status line drawn. */
  boolean interactive();

  /** The command's output, drawn on when this JVM has a console. */
  static Terminal of(PrintWriter out) {
    boolean console = System.console() != null;
    return new Terminal() {
      @Override
      public void write(String text) {
        out.print(text);
        out.flush();
      }

      @Override
      public boolean interactive() {
        return console;
      }
    };
  }
}
