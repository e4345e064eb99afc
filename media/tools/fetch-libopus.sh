#!/usr/bin/env bash
# Installs a newer libopus for PeerVoice without touching the system's: downloads Debian's libopus0
# package (default: trixie, libopus 1.5.x) with apt-get and a private apt configuration, lets apt
# verify it (the suite's signed InRelease, checked against the Debian archive keyring, pins the
# package's SHA-256), prints its SHA-256 and copies libopus.so.0 into the PeerVoice library
# directory, where `peervoice` (auto) finds it and takes it when it is the newest libopus there is.
#
# Usage: media/tools/fetch-libopus.sh [DIRECTORY]
#   DIRECTORY  default: $PEERVOICE_HOME/lib, else ${XDG_DATA_HOME:-~/.local/share}/peervoice/lib
# Environment: PEERVOICE_OPUS_SUITE (default trixie), PEERVOICE_OPUS_MIRROR (default
#   http://deb.debian.org/debian), DEBIAN_KEYRING (default /usr/share/keyrings/debian-archive-keyring.gpg).
# Needs apt-get, dpkg-deb, sha256sum and the Debian archive keyring (package debian-archive-keyring);
# meant to run as any user (tried as root). The library needs glibc >= 2.29 (Debian 11,
# Ubuntu 20.04 and newer).
# libopus is BSD-3-Clause; its copyright file is installed next to it.
set -euo pipefail

die() {
  echo "fetch-libopus: $*" >&2
  exit 1
}

suite=${PEERVOICE_OPUS_SUITE:-trixie}
mirror=${PEERVOICE_OPUS_MIRROR:-http://deb.debian.org/debian}
keyring=${DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; }
if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  usage
  exit 0
fi
if [[ $# -gt 1 || ${1:-} == -* ]]; then
  usage >&2
  exit 2
fi
if [[ $# -eq 1 ]]; then
  dest=$1
elif [[ -n ${PEERVOICE_HOME:-} ]]; then
  dest=$PEERVOICE_HOME/lib
else
  dest=${XDG_DATA_HOME:-$HOME/.local/share}/peervoice/lib
fi

for tool in apt-get apt-cache dpkg-deb dpkg sha256sum; do
  command -v "$tool" >/dev/null || die "$tool not found: this script needs a Debian or Ubuntu system; elsewhere build libopus >= 1.4 from https://opus-codec.org and set PEERVOICE_OPUS_LIBRARY to its libopus.so.0"
done
[[ -r $keyring ]] || die "no Debian archive keyring at $keyring; install debian-archive-keyring (on Ubuntu too) or set DEBIAN_KEYRING"
arch=$(dpkg --print-architecture)
case $arch in
  amd64) multiarch=x86_64-linux-gnu ;;
  arm64) multiarch=aarch64-linux-gnu ;;
  *) die "architecture $arch is not supported by PeerVoice's libopus search (amd64, arm64)" ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/state/lists/partial" "$work/cache/archives/partial" "$work/etc/preferences.d" "$work/etc/sources.list.d" "$work/dl"
echo "deb [signed-by=$keyring] $mirror $suite main" >"$work/sources.list"
# A private apt: its own sources, lists and cache; the system's sources, lists and dpkg status are
# neither read nor written (Dir::State::status points at an empty file).
: >"$work/status"
apt_opts=(
  -o "Dir::Etc::sourcelist=$work/sources.list"
  -o "Dir::Etc::sourceparts=$work/etc/sources.list.d"
  -o "Dir::Etc::preferencesparts=$work/etc/preferences.d"
  -o "Dir::State=$work/state"
  -o "Dir::State::status=$work/status"
  -o "Dir::Cache=$work/cache"
  -o "APT::Architecture=$arch"
  -o "Debug::NoLocking=1"
)
if [[ $EUID -eq 0 ]]; then
  # apt would drop to its user _apt, which cannot enter this private (0700) directory; the download
  # and the signature check then run as root, as apt would fall back to anyway (with a warning).
  apt_opts+=(-o "APT::Sandbox::User=root")
fi

echo "fetch-libopus: reading Debian $suite's package index from $mirror (signature checked against $keyring)"
apt-get "${apt_opts[@]}" -q update >"$work/update.log" 2>&1 || {
  cat "$work/update.log" >&2
  die "apt-get update failed (above): check the network and the mirror"
}
if grep -qiE '^(W|E):' "$work/update.log"; then
  cat "$work/update.log" >&2
  die "apt-get update warned (above): the $suite index may have failed its signature check"
fi
version=$(apt-cache "${apt_opts[@]}" show libopus0 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
[[ -n $version ]] || die "Debian $suite has no libopus0 for $arch"
expected=$(apt-cache "${apt_opts[@]}" show "libopus0=$version" | sed -n 's/^SHA256: //p' | head -n 1)

(cd "$work/dl" && apt-get "${apt_opts[@]}" -q download "libopus0=$version" >"$work/download.log" 2>&1) || {
  cat "$work/download.log" >&2
  die "apt-get download libopus0=$version failed (above)"
}
deb=$(ls "$work"/dl/libopus0_*.deb)
sha=$(sha256sum "$deb" | cut -d' ' -f1)
# apt-get download has checked the hash already; say so visibly.
[[ $sha == "$expected" ]] || die "$(basename "$deb"): SHA-256 $sha is not the signed index's $expected"
echo "fetch-libopus: $(basename "$deb") sha256 $sha (matches the signed $suite index)"

dpkg-deb -x "$deb" "$work/x"
lib=$(ls "$work/x/usr/lib/$multiarch"/libopus.so.0.* | head -n 1)
[[ -f $lib ]] || die "$(basename "$deb") holds no usr/lib/$multiarch/libopus.so.0.*"
mkdir -p "$dest"
install -m 0644 "$lib" "$dest/libopus.so.0.tmp"
mv -f "$dest/libopus.so.0.tmp" "$dest/libopus.so.0"
install -m 0644 "$work/x/usr/share/doc/libopus0/copyright" "$dest/libopus0.copyright"
echo "fetch-libopus: installed libopus $version (BSD-3-Clause, see $dest/libopus0.copyright) as $dest/libopus.so.0"
echo "fetch-libopus: \`peervoice doctor\` now names it (auto takes the newest libopus); remove that file to go back"
