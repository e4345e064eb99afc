package io.peervoice.media.playout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A packet-arrival trace: CSV with the header {@code seq,send_ms,recv_ms}, one 20 ms packet per
 * row, {@code seq} the 16-bit RTP sequence number (it may wrap), an empty {@code recv_ms} for a
 * lost packet, rows in any order, a packet possibly listed twice (duplicated by the network).
 *
 * @param rows rows sorted by send time
 */
public record PacketTrace(List<Row> rows) {

  /** One row; {@code receiveMillis} is empty when the packet was lost. */
  public record Row(int sequenceNumber, double sendMillis, OptionalDouble receiveMillis) {}

  /** A line of a trace file could not be read. */
  public static final class TraceFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public TraceFormatException(String message) {
      super(message);
    }
  }

  public PacketTrace {
    rows = rows.stream().sorted(Comparator.comparingDouble(Row::sendMillis)).toList();
  }

  /**
   * Reads a trace.
   *
   * @throws TraceFormatException naming the line and what is wrong with it
   */
  public static PacketTrace read(Reader in) throws IOException {
    BufferedReader reader = new BufferedReader(in);
    String header = reader.readLine();
    if (header == null || !header.strip().replace(" ", "").equals("seq,send_ms,recv_ms")) {
      throw new TraceFormatException("line 1: expected the header seq,send_ms,recv_ms");
    }
    List<Row> rows = new ArrayList<>();
    String line;
    int number = 1;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != 3) {
        throw new TraceFormatException("line " + number + ": expected 3 fields, got " + f.length);
      }
      try {
        int seq = Integer.parseInt(f[0].strip());
        if (seq < 0 || seq > 0xFFFF) {
          throw new TraceFormatException("line " + number + ": seq must be 0..65535: " + seq);
        }
        double send = Double.parseDouble(f[1].strip());
        OptionalDouble recv =
            f[2].isBlank()
                ? OptionalDouble.empty()
                : OptionalDouble.of(Double.parseDouble(f[2].strip()));
        rows.add(new Row(seq, send, recv));
      } catch (NumberFormatException e) {
        throw new TraceFormatException("line " + number + ": not a number: " + e.getMessage());
      }
    }
    if (rows.isEmpty()) {
      throw new TraceFormatException("the trace has no packets");
    }
    return new PacketTrace(rows);
  }
}
