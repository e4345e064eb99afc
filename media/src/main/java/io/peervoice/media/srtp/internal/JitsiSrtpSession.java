package io.peervoice.media.srtp.internal;

import io.peervoice.media.srtp.SrtpKeyMaterial;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.media.srtp.SrtpReceiver;
import io.peervoice.media.srtp.SrtpRejection;
import io.peervoice.media.srtp.SrtpSender;
import io.peervoice.media.srtp.UnprotectResult;
import io.peervoice.natives.JulBridge;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * One direction of SRTP over jitsi-srtp: a context factory for the master key and one crypto
 * context per SSRC, created on first use and kept (with its rollover counter) until close. A
 * receiver keeps a new SSRC's context only once a packet under it authenticates, so forged packets
 * cannot fill the bounded table. A receiver pinned to the SSRC its peer announced derives contexts
 * for that SSRC only (once, kept whatever the first packet's fate) and rejects every other SSRC
 * before any derivation.
 */
public final class JitsiSrtpSession implements SrtpSender, SrtpReceiver {

  /** A call carries one audio SSRC per direction; a few more allow for an SSRC change. */
  static final int MAX_SOURCES = 8;

  private static final int RTP_HEADER = 12;
  private static final int RTCP_HEADER = 8;

  /** SRTCP's E flag and index, appended after the packet (RFC 3711 §3.4). */
  private static final int SRTCP_INDEX = 4;

  private static final int TAIL_ROOM = SrtpSender.TAIL_ROOM;
  private static final byte[] EMPTY = new byte[0];

  private final SrtpProfile profile;
  private final SrtpContextFactory factory;
  private final Map<Integer, SrtpCryptoContext> contexts = new HashMap<>();
  private final Map<Integer, SrtcpCryptoContext> controlContexts = new HashMap<>();
  private boolean closed;

  /** The region every transform works on, over the caller's array (guarded by this). */
  private final PacketBuffer work = new PacketBuffer();

  /** The only SSRC a pinned receiver accepts; null for a sender or a learning receiver. */
  private final Integer pinnedSsrc;

  private long derivations;

  private JitsiSrtpSession(SrtpKeyMaterial keys, boolean sender) {
    this(keys, sender, null);
  }

  private JitsiSrtpSession(SrtpKeyMaterial keys, boolean sender, Integer pinnedSsrc) {
    this.pinnedSsrc = pinnedSsrc;
    JulBridge.install();
    // before any context: jitsi-srtp caches a provider per transformation on first use
    AesProviderChoice.choose();
    HmacProviderChoice.choose();
    this.profile = keys.profile();
    SrtpPolicy rtp = SrtpPolicies.policy(profile, false);
    SrtpPolicy rtcp = SrtpPolicies.policy(profile, true);
    this.factory =
        new SrtpContextFactory(
            sender,
            keys.masterKey(),
            keys.masterSalt(),
            rtp,
            rtcp,
            new LoggerImpl(JitsiSrtpSession.class.getName()));
  }

  public static SrtpSender sender(SrtpKeyMaterial keys) {
    return new JitsiSrtpSession(keys, true);
  }

  public static SrtpReceiver receiver(SrtpKeyMaterial keys) {
    return new JitsiSrtpSession(keys, false);
  }

  public static SrtpReceiver receiver(SrtpKeyMaterial keys, int ssrc) {
    return new JitsiSrtpSession(keys, false, ssrc);
  }

  @Override
  public synchronized long keyDerivations() {
    return derivations;
  }

  /**
   * Why a packet under an SSRC without a context may not have one derived, or null if it may: a
   * pinned receiver derives only for its SSRC, any receiver at most {@link #MAX_SOURCES}.
   */
  private SrtpRejection refuseNewSource(int ssrc, int known) {
    if (pinnedSsrc != null && ssrc != pinnedSsrc) {
      return SrtpRejection.UNEXPECTED_SSRC;
    }
    return known >= MAX_SOURCES ? SrtpRejection.TOO_MANY_SOURCES : null;
  }

  @Override
  public SrtpProfile profile() {
    return profile;
  }

  @Override
  public synchronized byte[] protect(byte[] rtp, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, rtp.length);
    byte[] copy = new byte[length + TAIL_ROOM];
    System.arraycopy(rtp, offset, copy, 0, length);
    return Arrays.copyOf(copy, protectInPlace(copy, 0, length));
  }

  @Override
  public synchronized int protectInPlace(byte[] rtp, int offset, int length) {
    if (closed) {
      throw new IllegalStateException("SRTP sender is closed");
    }
    Objects.checkFromIndexSize(offset, length, rtp.length);
    if (length < RTP_HEADER || (rtp[offset] & 0xC0) != 0x80) {
      throw new IllegalArgumentException("not an RTP packet (" + length + " bytes)");
    }
    SrtpBytes.requireTail(rtp, offset, length, profile.authTagLength());
    try {
      SrtpCryptoContext context = context(SrtpBytes.ssrcOf(rtp, offset));
      if (context == null) {
        throw new IllegalStateException("more than " + MAX_SOURCES + " SSRCs on one SRTP sender");
      }
      work.wrap(rtp, offset, length);
      SrtpErrorStatus status = context.transformPacket(work);
      if (status != SrtpErrorStatus.OK) {
        throw new IllegalStateException("SRTP protect failed: " + status.desc);
      }
      return work.settleInto(rtp, offset);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SRTP protect failed in the crypto provider", e);
    } finally {
      work.wrap(EMPTY, 0, 0); // keep no reference to the caller's array
    }
  }

  @Override
  public synchronized UnprotectResult unprotect(byte[] srtp, int offset, int length) {
    if (!plausible(srtp, offset, length, RTP_HEADER)) {
      return new UnprotectResult.Rejected(SrtpRejection.MALFORMED);
    }
    byte[] copy = Arrays.copyOfRange(srtp, offset, offset + length);
    return result(unprotectInPlace(copy, 0, length), copy);
  }

  @Override
  public synchronized int unprotectInPlace(byte[] srtp, int offset, int length) {
    if (!plausible(srtp, offset, length, RTP_HEADER)) {
      return SrtpRejection.MALFORMED.code();
    }
    try {
      int ssrc = SrtpBytes.ssrcOf(srtp, offset);
      SrtpCryptoContext context = contexts.get(ssrc);
      boolean fresh = context == null;
      if (fresh) {
        SrtpRejection refused = refuseNewSource(ssrc, contexts.size());
        if (refused != null) {
          return refused.code();
        }
        context = factory.deriveContext(ssrc, 0);
        derivations++;
        if (pinnedSsrc != null) {
          contexts.put(ssrc, context);
          fresh = false;
        }
      }
      work.wrap(srtp, offset, length);
      int result = code(context.reverseTransformPacket(work, false), srtp, offset);
      if (fresh && result >= 0) {
        contexts.put(ssrc, context);
      }
      return result;
    } catch (GeneralSecurityException | RuntimeException e) {
      return SrtpRejection.CRYPTO_ERROR.code();
    } finally {
      work.wrap(EMPTY, 0, 0);
    }
  }

  @Override
  public synchronized byte[] protectRtcp(byte[] rtcp, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, rtcp.length);
    byte[] copy = new byte[length + TAIL_ROOM];
    System.arraycopy(rtcp, offset, copy, 0, length);
    return Arrays.copyOf(copy, protectRtcpInPlace(copy, 0, length));
  }

  @Override
  public synchronized int protectRtcpInPlace(byte[] rtcp, int offset, int length) {
    if (closed) {
      throw new IllegalStateException("SRTP sender is closed");
    }
    Objects.checkFromIndexSize(offset, length, rtcp.length);
    if (length < RTCP_HEADER || (rtcp[offset] & 0xC0) != 0x80) {
      throw new IllegalArgumentException("not an RTCP packet (" + length + " bytes)");
    }
    SrtpBytes.requireTail(rtcp, offset, length, SRTCP_INDEX + profile.authTagLength());
    try {
      SrtcpCryptoContext context = controlContext(SrtpBytes.rtcpSsrcOf(rtcp, offset));
      if (context == null) {
        throw new IllegalStateException("more than " + MAX_SOURCES + " SSRCs on one SRTCP sender");
      }
      work.wrap(rtcp, offset, length);
      SrtpErrorStatus status = context.transformPacket(work);
      if (status != SrtpErrorStatus.OK) {
        throw new IllegalStateException("SRTCP protect failed: " + status.desc);
      }
      return work.settleInto(rtcp, offset);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SRTCP protect failed in the crypto provider", e);
    } finally {
      work.wrap(EMPTY, 0, 0);
    }
  }

  @Override
  public synchronized UnprotectResult unprotectRtcp(byte[] srtcp, int offset, int length) {
    if (!plausible(srtcp, offset, length, RTCP_HEADER + 4)) {
      return new UnprotectResult.Rejected(SrtpRejection.MALFORMED);
    }
    byte[] copy = Arrays.copyOfRange(srtcp, offset, offset + length);
    return result(unprotectRtcpInPlace(copy, 0, length), copy);
  }

  @Override
  public synchronized int unprotectRtcpInPlace(byte[] srtcp, int offset, int length) {
    if (!plausible(srtcp, offset, length, RTCP_HEADER + 4)) {
      return SrtpRejection.MALFORMED.code();
    }
    try {
      int ssrc = SrtpBytes.rtcpSsrcOf(srtcp, offset);
      SrtcpCryptoContext context = controlContexts.get(ssrc);
      boolean fresh = context == null;
      if (fresh) {
        SrtpRejection refused = refuseNewSource(ssrc, controlContexts.size());
        if (refused != null) {
          return refused.code();
        }
        context = factory.deriveControlContext(ssrc);
        derivations++;
        if (pinnedSsrc != null) {
          controlContexts.put(ssrc, context);
          fresh = false;
        }
      }
      work.wrap(srtcp, offset, length);
      int result = code(context.reverseTransformPacket(work), srtcp, offset);
      if (fresh && result >= 0) {
        controlContexts.put(ssrc, context);
      }
      return result;
    } catch (GeneralSecurityException | RuntimeException e) {
      return SrtpRejection.CRYPTO_ERROR.code();
    } finally {
      work.wrap(EMPTY, 0, 0);
    }
  }

  /**
   * Whether {@code length} bytes at {@code offset} could be a packet of this session: open, in
   * bounds, at least {@code header} bytes and a tag, version 2.
   */
  private boolean plausible(byte[] b, int offset, int length, int header) {
    return !closed
        && b != null
        && offset >= 0
        && length >= header + profile.authTagLength()
        && offset <= b.length - length
        && (b[offset] & 0xC0) == 0x80;
  }

  private SrtcpCryptoContext controlContext(int ssrc) throws GeneralSecurityException {
    SrtcpCryptoContext context = controlContexts.get(ssrc);
    if (context == null) {
      if (controlContexts.size() >= MAX_SOURCES) {
        return null;
      }
      context = factory.deriveControlContext(ssrc);
      derivations++;
      controlContexts.put(ssrc, context);
    }
    return context;
  }

  /** The in-place result of a reverse transform: the plain length, or a rejection's code. */
  private int code(SrtpErrorStatus status, byte[] array, int offset) {
    return switch (status) {
      case OK -> work.settleInto(array, offset);
      case AUTH_FAIL -> SrtpRejection.AUTH_FAILED.code();
      case REPLAY_FAIL -> SrtpRejection.REPLAYED.code();
      case REPLAY_OLD -> SrtpRejection.TOO_OLD.code();
      case INVALID_PACKET -> SrtpRejection.MALFORMED.code();
      case FAIL -> SrtpRejection.CRYPTO_ERROR.code();
    };
  }

  /** An in-place result over {@code copy} as an {@link UnprotectResult}. */
  private static UnprotectResult result(int code, byte[] copy) {
    return code >= 0
        ? new UnprotectResult.Accepted(Arrays.copyOf(copy, code))
        : new UnprotectResult.Rejected(SrtpRejection.ofCode(code));
  }

  private SrtpCryptoContext context(int ssrc) throws GeneralSecurityException {
    SrtpCryptoContext context = contexts.get(ssrc);
    if (context == null) {
      if (contexts.size() >= MAX_SOURCES) {
        return null;
      }
      context = factory.deriveContext(ssrc, 0);
      derivations++;
      contexts.put(ssrc, context);
    }
    return context;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      contexts.clear();
      controlContexts.clear();
      factory.close();
    }
  }
}
