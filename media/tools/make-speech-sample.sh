#!/usr/bin/env bash
# Regenerates the bundled speech sample (needs Debian packages espeak-ng and sox).
set -euo pipefail
out="$(dirname "$0")/../src/main/resources/io/peervoice/media/audio/speech-sample.wav"
tmp=$(mktemp --suffix=.wav)
trap 'rm -f "$tmp"' EXIT
espeak-ng -v en-us -s 165 -w "$tmp" \
  "Hello from PeerVoice. This call is encrypted and travels straight between two peers."
sox "$tmp" -r 48000 -c 1 -b 16 "$out" norm -3
soxi "$out"
