#!/usr/bin/env python3
"""Regenerates the echo bench's test inputs (`peervoice bench aec`, io.peervoice.media.echo).

Writes into media/src/test/resources/io/peervoice/media/echo/:
  far.wav    far-end talker, 9 s of espeak-ng speech (en-us), 22050 Hz mono 16-bit
  near.wav   near-end talker, 4.5 s of silence then espeak-ng speech (en+f3), same format, 7 dB
             quieter than far.wav (peak -10 dBFS)
  room-*.wav room impulse responses, 48 kHz mono 16-bit, peak -1 dBFS, by the image-source
             method (Allen & Berkley 1979) in a shoebox room, wall absorption from Eyring's
             formula, refined until the measured RT60 (Schroeder integral, T20 fit) is within 2% of
             the target; each is as long as its RT60

Needs python3 with numpy, and espeak-ng (Debian package espeak-ng). Deterministic: no randomness.
Usage: media/tools/make-echo-bench.py [OUT_DIR]
"""
import math
import os
import subprocess
import sys
import tempfile
import wave

import numpy as np

C = 343.0
FS = 48000

# name, room size (m), loudspeaker position (m), microphone position (m), target RT60 (s)
ROOMS = [
    ("room-office-rt02", (3.0, 4.0, 2.5), (1.2, 1.5, 0.80), (1.4, 1.6, 0.85), 0.2),
    ("room-living-rt04", (5.0, 4.0, 2.7), (2.0, 1.5, 0.90), (2.4, 1.8, 1.00), 0.4),
    ("room-meeting-rt06", (7.0, 5.0, 3.0), (3.0, 2.0, 0.80), (3.8, 2.6, 0.80), 0.6),
    ("room-hall-rt08", (9.0, 6.0, 3.5), (4.0, 2.5, 1.00), (5.2, 3.1, 1.20), 0.8),
]

FAR_TEXT = (
    "Good morning, this is the far end speaking. I am calling about the quarterly report that"
    " we discussed last week. The numbers look better than expected, and the team is ready to"
    " present them on Thursday afternoon."
)
NEAR_TEXT = "Sorry to interrupt, could you repeat the last figure? I did not catch it."


def image_source_rir(size, src, mic, rt60, length_s, fs=FS):
    """Shoebox room impulse response of length_s seconds; walls absorb as Eyring's formula gives
    for rt60."""
    lx, ly, lz = size
    volume = lx * ly * lz
    surface = 2 * (lx * ly + lx * lz + ly * lz)
    alpha = 1 - math.exp(-0.161 * volume / (surface * rt60))  # Eyring
    beta = math.sqrt(1 - alpha)
    length = int(length_s * fs)
    max_dist = C * length_s
    h = np.zeros(length + 64)
    taps = np.arange(-16, 17)
    for u in (0, 1):
        for v in (0, 1):
            for w in (0, 1):
                nx = np.arange(-int(max_dist / (2 * lx)) - 1, int(max_dist / (2 * lx)) + 2)
                ny = np.arange(-int(max_dist / (2 * ly)) - 1, int(max_dist / (2 * ly)) + 2)
                nz = np.arange(-int(max_dist / (2 * lz)) - 1, int(max_dist / (2 * lz)) + 2)
                gx, gy, gz = np.meshgrid(nx, ny, nz, indexing="ij")
                dx = (1 - 2 * u) * src[0] + 2 * gx * lx - mic[0]
                dy = (1 - 2 * v) * src[1] + 2 * gy * ly - mic[1]
                dz = (1 - 2 * w) * src[2] + 2 * gz * lz - mic[2]
                d = np.sqrt(dx * dx + dy * dy + dz * dz).ravel()
                refl = (
                    np.abs(gx - u) + np.abs(gx) + np.abs(gy - v) + np.abs(gy) + np.abs(gz - w)
                    + np.abs(gz)
                ).ravel()
                keep = d < max_dist
                d, refl = d[keep], refl[keep]
                amp = beta ** refl / (4 * math.pi * d)
                delay = d / C * fs + 16  # whole samples of headroom for the interpolator
                base = np.floor(delay).astype(np.int64)
                frac = delay - base
                for t in taps:  # fractional delay: Hann-windowed sinc, 33 taps
                    x = t - frac
                    weight = np.sinc(x) * (0.5 + 0.5 * np.cos(np.pi * x / 17))
                    idx = base + t
                    ok = (idx >= 0) & (idx < len(h))
                    np.add.at(h, idx[ok], amp[ok] * weight[ok])
    h = h[16 : 16 + length]
    # DC blocker (~20 Hz), as Allen & Berkley's high-pass: images sum to a DC offset
    a = math.exp(-2 * math.pi * 20 / fs)
    out = np.zeros_like(h)
    prev_x = prev_y = 0.0
    for i, x in enumerate(h):
        prev_y = x - prev_x + a * prev_y
        prev_x = x
        out[i] = prev_y
    return out, alpha


def measured_rt60(h, fs=FS):
    """RT60 from Schroeder's backward integral, a line fitted from -5 to -25 dB (T20 x 3)."""
    edc = np.cumsum((h**2)[::-1])[::-1]
    edc_db = 10 * np.log10(edc / edc[0] + 1e-30)
    i5 = np.argmax(edc_db <= -5)
    i25 = np.argmax(edc_db <= -25)
    if i25 <= i5:
        return float("nan")
    t = np.arange(i5, i25) / fs
    slope = np.polyfit(t, edc_db[i5:i25], 1)[0]
    return -60.0 / slope


def write_wav(path, rate, samples):
    pcm = np.clip(np.round(samples), -32768, 32767).astype("<i2")
    with wave.open(path, "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(rate)
        f.writeframes(pcm.tobytes())


def speak(voice, text, speed=160):
    with tempfile.NamedTemporaryFile(suffix=".wav") as tmp:
        subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(speed), "-w", tmp.name, text], check=True
        )
        with wave.open(tmp.name, "rb") as f:
            rate = f.getframerate()
            data = np.frombuffer(f.readframes(f.getnframes()), dtype="<i2").astype(np.float64)
    return rate, data


def fit(samples, length):
    out = np.zeros(length)
    n = min(length, len(samples))
    out[:n] = samples[:n]
    return out


def peak_normalize(x, dbfs):
    return x * (32767 * 10 ** (dbfs / 20) / np.max(np.abs(x)))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "src", "test", "resources", "io", "peervoice", "media", "echo")
    out_dir = os.path.normpath(sys.argv[1] if len(sys.argv) > 1 else default)
    os.makedirs(out_dir, exist_ok=True)

    rate, far = speak("en-us", FAR_TEXT)
    far = fit(far, 9 * rate)
    write_wav(os.path.join(out_dir, "far.wav"), rate, peak_normalize(far, -3))
    rate_n, near = speak("en+f3", NEAR_TEXT, speed=170)
    near = np.concatenate([np.zeros(int(4.5 * rate_n)), near])
    near = fit(near, 9 * rate_n)
    # quieter than the far end: a talker at arm's length from a laptop whose loudspeaker is
    # inches from its microphone, so double talk has the echo at about the near end's level
    write_wav(os.path.join(out_dir, "near.wav"), rate_n, peak_normalize(near, -10))
    print(f"far.wav, near.wav: {rate} Hz, 9 s")

    for name, size, src, mic, rt60 in ROOMS:
        # Eyring's formula is only a start for the image sources: refine the absorption until
        # the measured RT60 is within 2% of the target
        design = rt60
        for _ in range(6):
            h, alpha = image_source_rir(size, src, mic, design, rt60)
            measured = measured_rt60(h)
            if abs(measured - rt60) < 0.02 * rt60:
                break
            design *= rt60 / measured
        write_wav(os.path.join(out_dir, name + ".wav"), FS, peak_normalize(h, -1))
        dist = math.dist(src, mic)
        print(
            f"{name}.wav: {size[0]}x{size[1]}x{size[2]} m, loudspeaker-mic {dist:.2f} m,"
            f" absorption {alpha:.2f}, target RT60 {rt60} s, measured {measured:.2f} s,"
            f" {len(h)} taps"
        )


if __name__ == "__main__":
    main()
