#!/usr/bin/env bash
# Port prediction experiment (issue #15 item 5): can a bounded birthday-paradox probe find a direct
# UDP path between a port-restricted cone NAT (prc) and a symmetric NAT (sym) of the NAT lab?
#
# Builds a small copy of nat-matrix.sh's topology (a public bridge with a reflector standing in for
# STUN on 198.51.100.1, natA = prc with host a, natB = sym with host b) using the SAME nftables rules
# as nat-matrix.sh's nat_rules for prc and sym, then runs nat/lab/port-probe.py's trials: the sym
# side opens N sockets toward the prc side's public ip:port, the prc side sprays M probes from its one
# socket to seeded random ports of the sym NAT's address. One JSON line per trial, then a summary.
# Results and the reasoning: docs/nat-traversal.md.
#
# Usage: nat/lab/port-prediction.sh [TRIALS [N [M [SEED [ORDER]]]]]   (defaults 20 256 256 1 hard-first;
# ORDER easy-first: the prc side sprays before the sym side opens its mappings)
# Needs root, iproute2, nftables, conntrack, python3. PEERVOICE_LAB_PREFIX names the namespaces
# (default pvpp) and the lock, as in nat-matrix.sh.
set -euo pipefail
trials=${1:-20} n=${2:-256} m=${3:-256} seed=${4:-1} order=${5:-hard-first}
timeout=2; [ "$order" = easy-first ] && timeout=4 # seconds the prc side waits for a hit after its burst
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
skip() { echo "port-prediction: skipped: $*" >&2; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root (network namespaces and nftables)"
for tool in ip nft conntrack python3 flock; do command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"; done
P=${PEERVOICE_LAB_PREFIX:-pvpp}
case "$P" in [a-z]*) ;; *) echo "PEERVOICE_LAB_PREFIX must start with a letter: $P" >&2; exit 2 ;; esac
exec 9>"/run/peervoice-nat-lab-$P.lock"
flock -w 900 9 || skip "another NAT lab run holds /run/peervoice-nat-lab-$P.lock"

ns() { ip netns exec "$P-$1" "${@:2}"; }
cleanup() {
  for x in pub natA natB a b; do
    ip netns pids "$P-$x" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del "$P-$x" 2>/dev/null || true
  done
}
trap cleanup EXIT
cleanup
for x in pub natA natB a b; do ip netns add "$P-$x"; ns "$x" ip link set lo up; done
ns pub ip link add br0 type bridge
ns pub ip addr add 198.51.100.1/24 dev br0
ns pub ip link set br0 up

lan() { # NAT namespace, WAN address, LAN prefix, host
  local nat=$1 wan=$2 prefix=$3 host=$4
  ip link add "$P-$nat-w" type veth peer name "$P-$nat-x"
  ip link set "$P-$nat-x" netns "$P-$nat"
  ns "$nat" ip link set "$P-$nat-x" name wan
  ip link set "$P-$nat-w" netns "$P-pub"
  ns pub ip link set "$P-$nat-w" master br0 up
  ns "$nat" ip addr add "$wan/24" dev wan
  ns "$nat" ip link set wan up
  ns "$nat" ip link add lan type bridge
  ns "$nat" ip addr add "$prefix.1/24" dev lan
  ns "$nat" ip link set lan up
  ns "$nat" sysctl -qw net.ipv4.ip_forward=1
  ip link add "$P-$host-l" type veth peer name "$P-$host-e"
  ip link set "$P-$host-e" netns "$P-$host"
  ns "$host" ip link set "$P-$host-e" name eth0
  ip link set "$P-$host-l" netns "$P-$nat"
  ns "$nat" ip link set "$P-$host-l" master lan up
  ns "$host" ip addr add "$prefix.2/24" dev eth0
  ns "$host" ip link set eth0 up
  ns "$host" ip route add default via "$prefix.1"
}
lan natA 198.51.100.2 10.10.1 a
lan natB 198.51.100.3 10.10.2 b

nat_rules() { # NAT namespace, masquerade statement: nat-matrix.sh's rules for prc ("masquerade")
  # and sym ("masquerade random"), kept identical on purpose
  ns "$1" nft -f - <<NFT
flush ruleset
table ip nat {
  chain post {
    type nat hook postrouting priority 100;
    oifname "wan" $2
  }
}
table ip filter {
  chain unsolicited {
    type filter hook prerouting priority -150;
    iifname "wan" ct state new drop
  }
  chain forwarding {
    type filter hook forward priority 0; policy drop;
    ct state established,related accept
    iifname "lan" oifname "wan" accept
  }
}
NFT
}
nat_rules natA "masquerade"
nat_rules natB "masquerade random"

ns pub python3 "$here/port-probe.py" reflector 198.51.100.1 3478 &
disown
sleep 0.3 # the reflector binds (experiment script, not a test)
python3 "$here/port-probe.py" run "$P" "$trials" "$n" "$m" "$seed" "$timeout" "$order"
