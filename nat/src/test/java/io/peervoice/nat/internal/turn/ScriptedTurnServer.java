package io.peervoice.nat.internal.turn;

import io.peervoice.nat.TurnServer;
import io.peervoice.nat.internal.stun.StunAttribute;
import io.peervoice.nat.internal.stun.StunAttributes;
import io.peervoice.nat.internal.stun.StunClass;
import io.peervoice.nat.internal.stun.StunCodec;
import io.peervoice.nat.internal.stun.StunMessage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TURN server over TCP on loopback that answers as a test's script says, for what coturn cannot
 * be made to do (refuse once, stay silent once, answer late). It never challenges, so the client
 * never authenticates (no MESSAGE-INTEGRITY to make). Every request is recorded, in order.
 */
final class ScriptedTurnServer implements AutoCloseable {
  /** The answer to a request, or null for none. */
  @FunctionalInterface
  interface Script {
    StunMessage answer(StunMessage request);
  }

  static final InetSocketAddress RELAYED = new InetSocketAddress("192.0.2.1", 50_000);

  final List<StunMessage> requests = new CopyOnWriteArrayList<>();
  private final ServerSocket socket;
  private final Script script;
  private volatile OutputStream out;

  ScriptedTurnServer(Script script) throws IOException {
    this.script = script;
    this.socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::serve, "scripted-turn");
    t.setDaemon(true);
    t.start();
  }

  TurnServer server() {
    return new TurnServer("127.0.0.1", socket.getLocalPort(), "u", "p", TurnServer.Transport.TCP);
  }

  /** The requests of {@code method}, in order. */
  List<StunMessage> requests(int method) {
    return requests.stream().filter(m -> m.method() == method).toList();
  }

  /** Sends {@code m} to the client now (a late answer). */
  synchronized void send(StunMessage m) throws IOException {
    byte[] wire = StunCodec.encode(m, null, false);
    out.write(wire);
    out.flush();
  }

  /** Success with the attributes an Allocate, Refresh or other request needs. */
  static StunMessage success(StunMessage r) {
    List<StunAttribute> attributes =
        switch (r.method()) {
          case StunMessage.ALLOCATE ->
              List.of(
                  StunAttributes.xorAddress(
                      StunAttributes.XOR_RELAYED_ADDRESS, RELAYED, r.transactionId()),
                  TurnAttributes.lifetime(600));
          case StunMessage.REFRESH -> List.of(TurnAttributes.lifetime(600));
          default -> List.of();
        };
    return StunMessage.of(r.method(), StunClass.SUCCESS_RESPONSE, r.transactionId(), attributes);
  }

  static StunMessage error(StunMessage r, int code, String reason) {
    return StunMessage.of(
        r.method(),
        StunClass.ERROR_RESPONSE,
        r.transactionId(),
        List.of(StunAttributes.errorCode(code, reason)));
  }

  private void serve() {
    try (Socket s = socket.accept()) {
      out = s.getOutputStream();
      DataInputStream in = new DataInputStream(s.getInputStream());
      while (true) {
        byte[] head = new byte[4];
        in.readFully(head);
        int length = ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
        if ((head[0] & 0xC0) != 0) { // ChannelData, padded to 4 over a stream
          in.readFully(new byte[(length + 3) & ~3]);
          continue;
        }
        byte[] frame = new byte[20 + length];
        System.arraycopy(head, 0, frame, 0, 4);
        in.readFully(frame, 4, frame.length - 4);
        StunMessage m = StunCodec.decode(frame, 0, frame.length, a -> true).message();
        if (m.messageClass() != StunClass.REQUEST) {
          continue;
        }
        requests.add(m);
        StunMessage answer = script.answer(m);
        if (answer != null) {
          send(answer);
        }
      }
    } catch (Exception e) {
      // closed
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
