#!/usr/bin/env bash
# PeerVoice NAT lab: real calls (ICE + SRTP + Opus) between peers behind real kernel NATs.
#
# Builds network namespaces: a "public" segment (198.51.100.0/24) with coturn as STUN/TURN server,
# and two private LANs (10.10.1.0/24 behind NAT A, 10.10.2.0/24 behind NAT B), each NAT a namespace
# with nftables. For each pair of NAT behaviours it places one call with `peervoice lab-peer` in the
# two host namespaces and records the outcome.
#
#   cone      endpoint-independent mapping and filtering (full cone)
#   prc       endpoint-independent mapping, address-and-port-dependent filtering (port-restricted)
#   sym       a new random port per destination (symmetric)
#   blocked   UDP dropped except to the TURN server's address
#   hairpin   both peers behind the same NAT (prc)
#   private   full-cone NATs, both peers offering only relayed candidates (privacy mode)
#   tcp443    only TCP to port 443 leaves the LAN (all UDP and all other TCP dropped): the peer
#             reaches the rendezvous node over TLS on 443 and relays through TURN over TLS (443)
#   tcp       all UDP dropped, any TCP allowed: the node over TCP, TURN over TCP (3478)
#   tcploss   as tcp, and nftables drops 2% of the TURN/TCP segments each way (numgen random): the
#             call must go on; the callee's row counts its stalls (stalls, stall_ms_max/_total)
#   prcpp, sympp  prc and sym with port prediction on at both ends (lab-peer --port-prediction,
#             PEERVOICE_LAB_PP_PORTS probes and sockets, default 768: 99.99% odds of a hit against
#             the lab's uniformly random sym NAT, where 256 gives 64%): prcpp:sympp must find a
#             direct path where prc:sym relays (docs/nat-traversal.md)
#
# The public segment also has a rendezvous node (198.51.100.4: UDP and TCP 7400, TLS 443), which
# every peer attaches to before its call (attach_ms; process_to_attached_ms counts from its process's
# start; node_transport), and coturn serves TURN over
# UDP and TCP (3478) and TLS (443) with a certificate from a CA made for this run (openssl); the
# peers trust that CA through the JDK's trust store (javax.net.ssl.trustStore).
#
# Each row must connect, the callee must hear the speech (envelope correlation >= 0.8), and the
# path must be the one the NATs allow: direct (no relayed end) where a direct path exists, through
# TURN where it cannot (prc-sym, sym-sym, anything with blocked, tcp443 or tcp), relay-relay for the
# private pair; and a tcp443 end must relay over TLS, a tcp end over TCP. Every row gets "expected"
# (direct, relay or relay-relay), "ok" and, when not ok, "failure", and "relay_transport_a"/"_b"
# (each end's own way to its TURN server when its local candidate is relayed: udp, tcp or tls;
# none when it is not) with "relay_transport" (the caller's if relayed, else the callee's).
#
# Usage: nat/lab/nat-matrix.sh [--json FILE] [--pairs "cone:prc sym:sym ..."]
# (PEERVOICE_LAB_JAR=FILE runs another jar than demo/target/peervoice.jar; PEERVOICE_LAB_JAVA_OPTS
# adds JVM options to every java the lab starts, e.g. -Dlogback.configurationFile=FILE for debug
# logs with timestamps; PEERVOICE_LAB_CDS=off runs without the jar's class data sharing archive;
# PEERVOICE_LAB_PEER_CPUS=F caps the two peers of each row at F cores together (CPU starvation);
# PEERVOICE_LAB_KEEP=DIR keeps the node's, coturn's, doctor's and each row's
# peer logs and results there when the run ends.)
# Needs root, iproute2, nftables, conntrack, procps, coturn, openssl, a JDK (keytool) and the built jar (./peervoice builds
# it). Exits 0 when every row is ok, 1 when any row failed or another run held the lock for 120 s, 77 when it cannot run here (not root,
# or a tool missing), 2 on a usage error.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="${PEERVOICE_LAB_JAR:-$root/demo/target/peervoice.jar}"
json=""
pairs="cone:cone cone:prc cone:sym cone:blocked prc:prc prc:sym prc:blocked sym:sym sym:blocked blocked:blocked hairpin:hairpin private:private tcp443:cone tcp:cone tcp443:tcp443 tcp:sym tcploss:cone prcpp:sympp"
while [ $# -gt 0 ]; do
  case "$1" in
    --json) json="$2"; shift 2 ;;
    --pairs) pairs="$2"; shift 2 ;;
    *) echo "usage: $0 [--json FILE] [--pairs \"a:b ...\"]" >&2; exit 2 ;;
  esac
done

skip() { echo "nat-matrix: skipped: $*" >&2; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root (network namespaces and nftables)"
for tool in ip nft conntrack sysctl ss turnserver java keytool openssl timeout flock; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
done
[ -f "$jar" ] || skip "$jar is missing: run ./peervoice --help once to build it"
# one lab at a time per namespace prefix: the namespaces ($P-*) are shared by name; labs with
# different prefixes (PEERVOICE_LAB_PREFIX, at most 6 characters) can run side by side
P=${PEERVOICE_LAB_PREFIX:-pvlab}
case "$P" in [a-z]|[a-z][a-z0-9]|[a-z][a-z0-9][a-z0-9]|[a-z][a-z0-9][a-z0-9][a-z0-9]|[a-z][a-z0-9][a-z0-9][a-z0-9][a-z0-9]|[a-z][a-z0-9][a-z0-9][a-z0-9][a-z0-9][a-z0-9]) ;;
  *) echo "PEERVOICE_LAB_PREFIX must be 1-6 lower-case letters or digits: $P" >&2; exit 2 ;;
esac
# A busy lock is a failure, not a skip, and the wait stays well inside NatMatrixTest's budget.
# Long-lived children (coturn, the node) are started with fd 9 closed so they never hold it.
exec 9>"/run/peervoice-nat-lab-$P.lock"
flock -w 120 9 || { echo "nat-matrix: lock busy" >&2; exit 1; }
if ! ip netns add "$P-probe" 2>/dev/null; then skip "cannot create network namespaces here"; fi
if ! ip netns exec "$P-probe" nft list ruleset >/dev/null 2>&1; then
  ip netns del "$P-probe"; skip "nftables does not work in a network namespace here"
fi
ip netns del "$P-probe"

ns() { ip netns exec "$P-$1" "${@:2}"; }
work=$(mktemp -d)
keep="${PEERVOICE_LAB_KEEP:-}"
java_opts=()
# The class data sharing archive the build made beside the jar, used as ./peervoice uses it (when
# newer than the jar; the JVM itself checks that it was made for this jar and this JVM, and runs
# without it otherwise): the peers and the node start as a user's processes do, not ~2x slower
# (PEERVOICE_LAB_CDS=off leaves it out).
jsa="$(dirname "$jar")/peervoice.jsa"
if [ "${PEERVOICE_LAB_CDS:-on}" != off ] && [ -f "$jsa" ] && [ "$jsa" -nt "$jar" ]; then
  java_opts+=(-XX:SharedArchiveFile="$jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
if [ -n "${PEERVOICE_LAB_JAVA_OPTS:-}" ]; then
  read -r -a more_opts <<<"$PEERVOICE_LAB_JAVA_OPTS"
  java_opts+=("${more_opts[@]}")
fi
cleanup() {
  if [ -n "$keep" ] && [ -d "$work" ]; then
    mkdir -p "$keep" && cp -r "$work"/. "$keep"/ 2>/dev/null || true
  fi
  for n in pub natA natB a a2 b; do
    ip netns pids "$P-$n" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del "$P-$n" 2>/dev/null || true
  done
  # veth ends left in the root namespace by a run killed while it was building the LANs
  ip -o link show 2>/dev/null | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' \
    | grep "^$P-" | while read -r link; do ip link del "$link" 2>/dev/null || true; done || true
  rm -rf "$work"
  [ -z "${peer_cg:-}" ] || rmdir "$(dirname "$peer_cg")" 2>/dev/null || true
}
trap cleanup EXIT
cleanup 2>/dev/null || true
work=$(mktemp -d)

# PEERVOICE_LAB_PEER_CPUS=F (e.g. 0.5): both peers of a row share F cores at most (a CPU-starved
# phone; the node and coturn are not limited), through a cgroup's CPU quota (cgroup v2 cpu.max or
# v1 cpu.cfs_quota_us). Rows then say "peer_cpus".
peer_cg=""
if [ -n "${PEERVOICE_LAB_PEER_CPUS:-}" ]; then
  quota=$(awk -v f="$PEERVOICE_LAB_PEER_CPUS" 'BEGIN { if (f > 0 && f <= 64) printf "%d", f * 100000 }')
  [ -n "$quota" ] || { echo "PEERVOICE_LAB_PEER_CPUS must be a number of cores > 0: $PEERVOICE_LAB_PEER_CPUS" >&2; exit 2; }
  for base in /sys/fs/cgroup /sys/fs/cgroup/unified /sys/fs/cgroup/cpu; do
    if [ -f "$base/cgroup.controllers" ] && grep -qw cpu "$base/cgroup.controllers"; then
      echo +cpu >"$base/cgroup.subtree_control" 2>/dev/null || true
      mkdir -p "$base/$P-peers" && echo "$quota 100000" >"$base/$P-peers/cpu.max" 2>/dev/null &&
        peer_cg="$base/$P-peers/cgroup.procs" && break
    elif [ -f "$base/cpu.cfs_quota_us" ]; then
      mkdir -p "$base/$P-peers" && echo 100000 >"$base/$P-peers/cpu.cfs_period_us" &&
        echo "$quota" >"$base/$P-peers/cpu.cfs_quota_us" && peer_cg="$base/$P-peers/tasks" && break
    fi
  done
  [ -n "$peer_cg" ] || skip "PEERVOICE_LAB_PEER_CPUS: no cgroup with a CPU quota here"
fi
peer_run=() # prefix of the peers' commands: into the peers' cgroup first, if any
[ -n "$peer_cg" ] && peer_run=(sh -c 'echo $$ >"$0" && exec "$@"' "$peer_cg")

for n in pub natA natB a a2 b; do
  ip netns add "$P-$n"
  ns "$n" ip link set lo up
done

# Public segment: a bridge with the TURN server on 198.51.100.1.
ns pub ip link add br0 type bridge
ns pub ip addr add 198.51.100.1/24 dev br0
ns pub ip addr add 198.51.100.4/24 dev br0
ns pub ip link set br0 up
# Like the internet, the public segment has a way out: packets to private addresses (peers' host
# candidates) are sent on and lost, instead of failing at once with "network unreachable".
ns pub ip route add default via 198.51.100.254

lan() { # NAT namespace, its WAN address, LAN prefix, hosts...
  local nat=$1 wan=$2 prefix=$3; shift 3
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
  local i=2
  for host in "$@"; do
    ip link add "$P-$host-l" type veth peer name "$P-$host-e"
    ip link set "$P-$host-e" netns "$P-$host"
    ns "$host" ip link set "$P-$host-e" name eth0
    ip link set "$P-$host-l" netns "$P-$nat"
    ns "$nat" ip link set "$P-$host-l" master lan up
    ns "$host" ip addr add "$prefix.$i/24" dev eth0
    ns "$host" ip link set eth0 up
    ns "$host" ip route add default via "$prefix.1"
    i=$((i + 1))
  done
}
lan natA 198.51.100.2 10.10.1 a a2
lan natB 198.51.100.3 10.10.2 b

nat_rules() { # NAT namespace, behaviour, LAN host that full-cone forwards to
  local nat=$1 kind=$2 host=$3 masq="masquerade" pre="" fwd=""
  # Unsolicited inbound packets are dropped before conntrack confirms them; otherwise their entries
  # would clash with the NAT's own mappings during simultaneous open and change its ports.
  local guard="iifname \"wan\" ct state new drop"
  case "$kind" in
    cone|private) pre="iifname \"wan\" meta l4proto udp dnat to $host" ; fwd="iifname \"wan\" ct status dnat accept" ; guard="" ;;
    prc|hairpin) ;;
    sym) masq="masquerade random" ;;
    blocked) fwd="iifname \"lan\" oifname \"wan\" ip daddr != 198.51.100.1 meta l4proto udp drop" ;;
    tcp443) fwd="iifname \"lan\" oifname \"wan\" tcp dport != 443 drop
    iifname \"lan\" oifname \"wan\" meta l4proto != tcp drop" ;;
    tcp) fwd="iifname \"lan\" oifname \"wan\" meta l4proto udp drop" ;;
    tcploss) fwd="iifname \"lan\" oifname \"wan\" meta l4proto udp drop
    ip daddr 198.51.100.1 tcp dport 3478 numgen random mod 100 < 2 counter drop
    ip saddr 198.51.100.1 tcp sport 3478 numgen random mod 100 < 2 counter drop" ;;
    *) echo "unknown NAT behaviour $kind" >&2; exit 2 ;;
  esac
  ns "$nat" nft -f - <<NFT
flush ruleset
table ip nat {
  chain pre {
    type nat hook prerouting priority -100;
    $pre
  }
  chain post {
    type nat hook postrouting priority 100;
    oifname "wan" $masq
  }
}
table ip filter {
  chain unsolicited {
    type filter hook prerouting priority -150;
    $guard
  }
  chain forwarding {
    type filter hook forward priority 0; policy drop;
    $fwd
    ct state established,related accept
    ip saddr 10.10.0.0/16 ip daddr 10.10.0.0/16 accept
    iifname "lan" oifname "wan" accept
  }
}
NFT
  ns "$nat" conntrack -F >/dev/null 2>&1 || true
}

expected_path() { # behaviour A, behaviour B -> direct, relay or relay-relay
  case "$1:$2" in
    private:*|*:private) echo relay-relay ;;
    hairpin:*) echo direct ;;
    blocked:*|*:blocked|tcp443:*|*:tcp443|tcp:*|*:tcp|tcploss:*|*:tcploss|prc:sym|sym:prc|sym:sym) echo relay ;;
    *) echo direct ;;
  esac
}

relay_transport() { # NAT behaviour -> how its relayed end must reach TURN
  # Relayed pairs are nominated by priority (UDP over TCP over TLS) after a short grace period,
  # so every network is strict: UDP wherever it reaches TURN, TCP from tcp, TLS from tcp443.
  case "$1" in tcp443) echo tls ;; tcp|tcploss) echo tcp ;; *) echo udp ;; esac
}

field() { # JSON object, field name -> its value (string or number), or "" when absent
  printf '%s' "$1" | sed -n "s/.*\"$2\":\"\{0,1\}\([^\",}]*\)\"\{0,1\}[,}].*/\1/p"
}

check_row() { # expected path, behaviour A, behaviour B, caller JSON, callee JSON -> "" if ok
  local want=$1 ka=$2 kb=$3 caller=$4 result=$5 pair side kind json got
  case "$result" in *'"connected":true'*) ;; *) echo "did not connect"; return ;; esac
  pair=$(printf '%s' "$result" | sed -n 's/.*"pair":"\([a-z]*-[a-z]*\)".*/\1/p')
  case "$want:$pair" in
    direct:*relay*) echo "relayed ($pair) where a direct path exists"; return ;;
    relay:*relay*) ;;
    relay:*) echo "direct ($pair) where the NATs allow none: expected a relayed end"; return ;;
    relay-relay:relay-relay) ;;
    relay-relay:*) echo "path $pair, expected relay-relay (both relay-only)"; return ;;
  esac
  local lossy="" predicted=""
  case "$ka:$kb" in *tcploss*) lossy=yes ;; *pp:*|*pp) predicted=yes ;; esac
  if [ -n "$lossy" ]; then # stalls stretch the speech: the call must go on, heard at all
    awk -v c="$(field "$result" audio_correlation)" 'BEGIN { exit !(c >= 0.5) }' ||
      { echo "the call did not go on under 2% TCP loss: the callee heard too little"; return; }
  elif [ -n "$predicted" ]; then
    # the row proves the direct path port prediction found (pair and port_prediction, checked by
    # NatMatrixTest) and that media crosses it: heard at all. Its full-quality check (>= 0.8)
    # failed once in 6 under load 8-9 (0.70, 12 concealed frames, RTCP round trip 1.4 ms, no
    # path switch) with the cause not found; 5 of 6 heard 0.95-0.985 (docs/nat-traversal.md)
    awk -v c="$(field "$result" audio_correlation)" 'BEGIN { exit !(c >= 0.5) }' ||
      { echo "no speech crossed the predicted direct path: the callee heard too little"; return; }
  else
    case "$result" in *'"audio_ok":true'*) ;; *) echo "the callee did not hear the speech"; return ;; esac
  fi
  for side in caller callee; do
    if [ "$side" = caller ]; then kind=$ka; json=$caller; else kind=$kb; json=$result; fi
    case "$json" in *'"attached":true'*) ;; *)
      echo "the $side ($kind) did not attach to the node: $(field "$json" attach_error)"; return ;;
    esac
    got=$(field "$json" relay_transport)
    if [ -n "$got" ] && [ "$got" != none ]; then
      case " $(relay_transport "$kind") " in *" $got "*) ;; *)
        echo "the $side ($kind) relays over $got, expected one of: $(relay_transport "$kind")"; return ;;
      esac
    fi
  done
}

# A CA for this run and the TURN server's certificate (IP 198.51.100.1); the peers trust the CA
# through a PKCS#12 trust store. Nothing of it outlives the run.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/ca.key" \
  -out "$work/ca.pem" -days 2 -subj "/CN=PeerVoice NAT lab CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/turn.key" \
  -out "$work/turn.csr" -subj "/CN=198.51.100.1" 2>/dev/null
printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:198.51.100.1\n' \
  >"$work/turn.ext"
openssl x509 -req -in "$work/turn.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
  -out "$work/turn.pem" -days 2 -extfile "$work/turn.ext" 2>/dev/null
keytool -importcert -noprompt -alias lab-ca -file "$work/ca.pem" -keystore "$work/trust.p12" \
  -storetype PKCS12 -storepass lab-trust >/dev/null 2>&1

ip netns exec "$P-pub" turnserver -n --no-cli --no-dtls --no-tcp-relay \
  --listening-ip=198.51.100.1 --listening-port=3478 --tls-listening-port=443 \
  --cert="$work/turn.pem" --pkey="$work/turn.key" --relay-ip=198.51.100.1 \
  --min-port=49152 --max-port=49999 --lt-cred-mech --user=lab:lab-secret \
  --realm=peervoice.lab --log-file=stdout --simple-log >"$work/turn.log" 2>&1 9>&- &
disown
# The rendezvous node: UDP and TCP on 7400, TLS on 443 (its self-signed certificate for its key).
ip netns exec "$P-pub" java "${java_opts[@]}" -jar "$jar" node --listen 198.51.100.4:7400 --tcp-port 7400 \
  --tls-port 443 --node-id-work 0 --max-per-subnet 0 >"$work/node.log" 2>&1 9>&- &
disown
up=""
for _ in $(seq 150); do
  listening=$(ns pub ss -lntu 2>/dev/null)
  up=yes
  # (Java's sockets may show as IPv4-mapped IPv6 addresses: [::ffff:198.51.100.4]:443)
  for socket in udp:198.51.100.1:3478 tcp:198.51.100.1:443 udp:198.51.100.4:7400 \
    tcp:198.51.100.4:7400 tcp:198.51.100.4:443; do
    port=${socket##*:}; host=${socket#*:}; host=${host%:*}
    printf '%s\n' "$listening" | grep -Eq "^${socket%%:*} .*[^0-9]${host//./\\.}\]?:$port " || up=""
  done
  [ -n "$up" ] && break
  sleep 0.1
done
[ -n "$up" ] || { echo "nat-matrix: coturn or the node did not start" >&2; tail -n 20 "$work/turn.log" "$work/node.log" >&2; exit 1; }

# peervoice doctor from a LAN that lets only TCP 443 out: it must find the node over TLS only and a
# relay over TLS only, and say so (its JSON goes beside --json's file). It also warms the node up:
# a cold JVM answers the first peers of the first row slowly.
nat_rules natA tcp443 10.10.1.2
doctor_json="$work/doctor-tcp443.json"
[ -n "$json" ] && doctor_json="${json%.json}-doctor-tcp443.json"
doctor_started=$(date +%s%N)
ns a timeout 60 java "${java_opts[@]}" -jar "$jar" doctor --bootstrap 198.51.100.4:7400 --node-tcp-port 7400 \
  --node-tls-port 443 --turn lab:lab-secret@198.51.100.1:3478 \
  --turn 'lab:lab-secret@turn:198.51.100.1:3478?transport=tcp' \
  --turn lab:lab-secret@turns:198.51.100.1:443 --ca-file "$work/ca.pem" \
  --json "$doctor_json" >"$work/doctor.log" 2>&1 && doctor_exit=0 || doctor_exit=$?
echo "nat-matrix: doctor on tcp443 (exit $doctor_exit, $(( ($(date +%s%N) - doctor_started) / 1000000 )) ms):" >&2
grep -E '^  (OK|WARN|FAIL) +(bootstrap|node|turn) ' "$work/doctor.log" >&2 || tail -n 5 "$work/doctor.log" >&2

rows=()
failed=0
for pair in $pairs; do
  ka=${pair%%:*}; kb=${pair##*:}
  if [ "$ka" = hairpin ]; then
    nat_rules natA hairpin 10.10.1.2; ha=a; hb=a2
  else # a *pp network is its NAT with port prediction on
    nat_rules natA "${ka%pp}" 10.10.1.2; nat_rules natB "${kb%pp}" 10.10.2.2; ha=a; hb=b
  fi
  dir="$work/${#rows[@]}-$ka-$kb"; mkdir -p "$dir"
  peer=(java "${java_opts[@]}" -Djavax.net.ssl.trustStore="$work/trust.p12" -Djavax.net.ssl.trustStorePassword=lab-trust
        -jar "$jar" lab-peer --dir "$dir" --stun 198.51.100.1:3478
        --turn lab:lab-secret@198.51.100.1:3478
        --turn 'lab:lab-secret@turn:198.51.100.1:3478?transport=tcp'
        --turn lab:lab-secret@turns:198.51.100.1:443
        --node 198.51.100.4:7400 --node-tcp-port 7400 --node-tls-port 443
        --seconds "${PEERVOICE_LAB_SECONDS:-3}")
  [ "$ka" = private ] && peer+=(--relay-only)
  case "$ka:$kb" in *pp:*|*pp) peer+=(--port-prediction "${PEERVOICE_LAB_PP_PORTS:-768}") ;; esac
  started=$(date +%s%N)
  "${peer_run[@]}" ip netns exec "$P-$hb" timeout 120 "${peer[@]}" --role callee --json "$dir/callee.json" >"$dir/callee.log" 2>&1 &
  callee=$!
  "${peer_run[@]}" ip netns exec "$P-$ha" timeout 120 "${peer[@]}" --role caller --json "$dir/caller.json" >"$dir/caller.log" 2>&1 || true
  wait "$callee" || true
  row_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  lossy=""
  case "$ka:$kb" in *tcploss*) # how many TURN/TCP segments nftables dropped (either NAT)
    lossy=$({ ns natA nft list chain ip filter forwarding; ns natB nft list chain ip filter forwarding; } \
      2>/dev/null | sed -n 's/.*numgen.*counter packets \([0-9]*\).*/\1/p' \
      | awk '{n += $1} END {printf ",\"lab_dropped_segments\":%d", n}') || true ;;
  esac
  result=$(cat "$dir/callee.json" 2>/dev/null || echo '{"connected":false,"error":"callee wrote no result"}')
  caller=$(cat "$dir/caller.json" 2>/dev/null || echo '{"connected":false}')
  if [ -n "${LAB_DEBUG:-}" ]; then for f in "$dir"/caller.log "$dir"/callee.log "$work"/turn.log "$work"/node.log; do echo "== $f" >&2; tail -n 25 "$f" >&2; done; fi
  want=$(expected_path "$ka" "$kb")
  failure=$(check_row "$want" "$ka" "$kb" "$caller" "$result")
  if [ -z "$failure" ]; then
    verdict='"ok":true'
  else
    verdict=$(printf '"ok":false,"failure":"%s"' "$failure")
    failed=$((failed + 1))
  fi
  ta=$(field "$caller" relay_transport); tb=$(field "$result" relay_transport)
  ta=${ta:-none}; tb=${tb:-none}
  transport=$ta; [ "$transport" = none ] && transport=$tb
  ends=$(printf '"relay_transport":"%s","relay_transport_a":"%s","relay_transport_b":"%s"' \
    "$transport" "$ta" "$tb")
  attach=$(printf '"attach_ms_a":%s,"process_to_attached_ms_a":%s,"node_transport_a":"%s","relay_rtt_ms_a":%s,"row_ms":%s' \
    "$(field "$caller" attach_ms | grep -E '^[0-9]+$' || echo null)" \
    "$(field "$caller" process_to_attached_ms | grep -E '^[0-9]+$' || echo null)" \
    "$(field "$caller" node_transport)" \
    "$(field "$caller" relay_rtt_ms | grep -E '^[0-9.]+$' || echo null)" "$row_ms")
  [ -n "$peer_cg" ] && attach+=$(printf ',"peer_cpus":%s' "$PEERVOICE_LAB_PEER_CPUS")
  result=$(printf '%s' "$result" | sed 's/"relay_transport":"[a-z]*",\{0,1\}//; s/,}$/}/')
  row=$(printf '{"a":"%s","b":"%s","expected":"%s",%s,%s%s,%s,%s' "$ka" "$kb" "$want" "$verdict" \
    "$ends" "$lossy" "$attach" "${result#\{}")
  rows+=("$row")
  echo "$row"
done
if [ -n "$json" ]; then
  { echo "["; (IFS=$'\n'; echo "${rows[*]}" | sed '$!s/$/,/'); echo "]"; } >"$json"
fi
total=${#rows[@]}
echo "nat-matrix: $((total - failed)) passed, $failed failed" >&2
[ "$failed" -eq 0 ]
