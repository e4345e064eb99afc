#!/usr/bin/env bash
# Runs bench/native/voice-floor.c (the least CPU a one-call voice endpoint takes on this machine) as
# two processes calling each other on loopback, for each libopus, complexity and wake-up mode given,
# and prints one JSON line per endpoint. See the README, "The floor on this machine" (#13).
#
# Usage: bench/native/voice-floor.sh [--seconds S] [--bitrate B] [--loss PERCENT] [--complexity "10 9 5"]
#                                    [--modes "two one"] [LIBOPUS ...]
# Defaults: 48 kb/s and 0% expected loss, where PeerVoice's encoder settles on a clean path.
#   LIBOPUS  libopus.so.0 files to compare (default: the system's)
# Needs gcc and OpenSSL's headers (libssl-dev); no opus headers (libopus is opened with dlopen).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=30 bitrate=48000 loss=0 complexities="10 9 5" modes="two one"
while [[ $# -gt 0 && $1 == --* ]]; do
  [[ $# -ge 2 ]] || { echo "voice-floor.sh: $1 needs a value" >&2; exit 2; }
  case $1 in
    --seconds) seconds=$2 ;;
    --bitrate) bitrate=$2 ;;
    --loss) loss=$2 ;;
    --complexity) complexities=$2 ;;
    --modes) modes=$2 ;;
    *) echo "voice-floor.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
bad() { echo "voice-floor.sh: $1" >&2; exit 2; }
[[ $seconds =~ ^[0-9]+$ && $seconds -ge 2 ]] || bad "--seconds must be a whole number >= 2, got $seconds"
[[ $bitrate =~ ^[0-9]+$ && $bitrate -ge 6000 && $bitrate -le 510000 ]] || bad "--bitrate must be 6000..510000, got $bitrate"
[[ $loss =~ ^[0-9]+$ && $loss -le 100 ]] || bad "--loss must be 0..100, got $loss"
for c in $complexities; do
  [[ $c =~ ^[0-9]+$ && $c -le 10 ]] || bad "--complexity takes 0..10, got $c"
done
for mode in $modes; do
  [[ $mode == one || $mode == two ]] || bad "--modes takes one or two, got $mode"
done
libs=("$@")
[[ ${#libs[@]} -gt 0 ]] || libs=(/usr/lib/x86_64-linux-gnu/libopus.so.0)
speech=$here/../../media/src/main/resources/io/peervoice/media/audio/speech-sample.wav
bin=$(mktemp -d)/voice-floor
trap 'rm -rf "$(dirname "$bin")"' EXIT
gcc -O2 -Wall -o "$bin" "$here/voice-floor.c" -ldl -lcrypto
port=41000
for lib in "${libs[@]}"; do
  for c in $complexities; do
    for mode in $modes; do
      port=$((port + 2))
      "$bin" "$lib" "$speech" $port $((port + 1)) "$c" "$bitrate" "$loss" "$mode" "$seconds" &
      first=$!
      "$bin" "$lib" "$speech" $((port + 1)) $port "$c" "$bitrate" "$loss" "$mode" "$seconds"
      wait $first
    done
  done
done
