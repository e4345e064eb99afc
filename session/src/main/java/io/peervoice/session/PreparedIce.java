package io.peervoice.session;

import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.srtp.Srtp;
import io.peervoice.nat.IceException;
import io.peervoice.nat.IceParameters;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.IceSession;

/**
 * What a {@link MediaSession} needs before its keys and media: a loop of the configuration's {@link
 * MediaSessionConfig#mediaLoops() media loops} and an ICE session on it, its host candidates
 * gathered (RFC 8445 <a href="https://www.rfc-editor.org/rfc/rfc8445#section-5.1.1">§5.1.1</a>), no
 * check sent or answered yet (nobody knows its credentials). A phone may prepare one ahead of a
 * call that has not come yet, so that the call's answer does not wait for the ICE agent and the
 * sockets (tens of milliseconds); the first {@link MediaSession#create(PreparedIce, SrtpKeying)}
 * takes it over, and a prepared ICE session never used must be {@link #close() closed}, which
 * releases its ports. Thread-safe.
 */
public final class PreparedIce implements AutoCloseable {
  private final SessionLoop loop;
  private final IceSession ice;
  private boolean taken; // guarded by this
  private boolean closed; // guarded by this

  private PreparedIce(SessionLoop loop, IceSession ice) {
    this.loop = loop;
    this.ice = ice;
  }

  /**
   * Takes the next of {@code config}'s media loops and opens an ICE session of {@code role} on it;
   * first the SRTP and Opus libraries are made ready ({@link Srtp#prepare()}, {@link
   * OpusCodec#prepare()}), as a media session needs them.
   *
   * @throws CallFailedException at {@link CallStep#GATHERING} if no candidate could be bound, at
   *     {@link CallStep#MEDIA} if a media library could not be loaded
   */
  public static PreparedIce open(MediaSessionConfig config, IceRole role)
      throws CallFailedException {
    try {
      Srtp.prepare();
      OpusCodec.prepare();
      SessionLoop loop = SessionLoop.take(config, role);
      return new PreparedIce(loop, loop.openIce());
    } catch (IceException e) {
      throw new CallFailedException(CallStep.GATHERING, e.getMessage(), e);
    } catch (io.peervoice.media.codec.CodecException | IllegalStateException e) {
      throw new CallFailedException(CallStep.MEDIA, e.getMessage(), e);
    }
  }

  /** The configuration it was opened with: a call made with other settings must not take it. */
  public MediaSessionConfig config() {
    return loop.config();
  }

  /** Its ICE role. */
  public IceRole role() {
    return loop.role();
  }

  /** Its credentials and host candidates: what the answer of the call that takes it carries. */
  public IceParameters localParameters() {
    return ice.localParameters();
  }

  /** Whether it was closed or taken by a media session. */
  public synchronized boolean used() {
    return taken || closed;
  }

  /** Releases its ICE session and ports unless a media session took it (then it is that one's). */
  @Override
  public void close() {
    synchronized (this) {
      if (taken || closed) {
        return;
      }
      closed = true;
    }
    ice.close();
  }

  /**
   * Hands the loop and ICE session to {@code make} (a media session's constructor), once only and
   * not once closed; if {@code make} throws, the ICE session is closed (taken: nobody else would).
   */
  <T> T handOver(java.util.function.BiFunction<SessionLoop, IceSession, T> make) {
    SessionLoop loop = take();
    try {
      return make.apply(loop, ice);
    } catch (RuntimeException e) {
      ice.close();
      throw e;
    }
  }

  private synchronized SessionLoop take() {
    if (taken || closed) {
      throw new IllegalStateException(
          "this prepared ICE session was " + (taken ? "taken" : "closed"));
    }
    taken = true;
    return loop;
  }
}
