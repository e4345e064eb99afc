#!/bin/bash
# Idle cost of presence: one node and two idle `listen` phones per jar, both jars at once.
# Usage: BEFORE=old.jar AFTER=new.jar bench/tools/idle-presence.sh [SECONDS]  (default 60)
# Prints each process's CPU over the window. Runs in a temp dir; kills what it started.
set -u
AFTER_DEFAULT=$(pwd)/demo/target/peervoice.jar
cd "$(mktemp -d)"
SECS=${1:-60}
BEFORE=${BEFORE:-/work/wt/peervoice-main.jar}; AFTER=${AFTER:-$AFTER_DEFAULT}
declare -A JAR=([before]=$BEFORE [after]=$AFTER)
declare -A PORT=([before]=47411 [after]=47412)
for v in before after; do
  for p in a b; do [ -f $v-$p.id ] || java -jar ${JAR[$v]} id new --id-file $v-$p.id >/dev/null; done
  java -jar ${JAR[$v]} node --listen 127.0.0.1:${PORT[$v]} --node-id-work 0 --per-ip-quota 4096 >$v-node.log 2>&1 & echo $! > $v-node.pid
done
sleep 8
for v in before after; do
  for p in a b; do
    for try in 1 2 3; do
      java -jar ${JAR[$v]} listen --id-file $v-$p.id --bootstrap 127.0.0.1:${PORT[$v]} --auto-answer >$v-$p.log 2>&1 & echo $! > $v-$p.pid
      for i in $(seq 60); do grep -q "^ready\|no rendezvous" $v-$p.log && break; sleep 0.5; done
      grep -q "^ready" $v-$p.log && break
    done
  done
done
sleep 15   # start-up and warm-up done
cpu() { awk '{print ($14+$15)*10}' /proc/$1/stat; }   # ms, assuming 100 Hz ticks
declare -A start
for f in *.pid; do start[$f]=$(cpu $(cat $f)); done
sleep $SECS
for f in before-node.pid before-a.pid before-b.pid after-node.pid after-a.pid after-b.pid; do
  n=$(( $(cpu $(cat $f)) - ${start[$f]} ))
  printf "%-16s cpu %6d ms over %d s = %.3f%% of a core\n" ${f%.pid} $n $SECS $(echo "$n / ($SECS * 10)" | bc -l)
done
for f in *.pid; do kill $(cat $f) 2>/dev/null; done
