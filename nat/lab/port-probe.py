#!/usr/bin/env python3
"""Birthday-paradox port probe between an easy NAT (prc) and a hard NAT (sym): lab experiment.

Issue #15 item 5. Run by nat/lab/port-prediction.sh inside the lab's network namespaces; not part
of the product. Roles:

  reflector ADDR PORT        answers every UDP datagram with "ip:port" of its sender (a STUN stand-in)
  hard EASY_IP EASY_PORT N   the side behind the symmetric NAT: opens N sockets, each sends one
                             packet to the easy side's public ip:port (opening N mappings on its NAT,
                             each at a fresh public port filtered to that ip:port), prints "ready",
                             then answers the first probe that reaches any socket
  easy REFLECTOR HARD_IP M SEED TIMEOUT
                             the side behind the port-restricted cone: learns its public port from
                             the reflector, prints it, waits for "go" on stdin, sends M probes from
                             its one socket to seeded random ports 1024-65535 of HARD_IP, and reports
                             whether and when an answer came back (a direct path) as one JSON line

A hit needs one of the easy side's M guesses to equal one of the N ports the hard NAT chose: with
ports uniform over R = 64512 values, P(hit) = 1 - (1 - N/R)^M (about 64% for N = M = 256).
"""
import json
import os
import random
import select
import socket
import subprocess
import sys
import time


def reflector(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, int(port)))
    while True:
        data, peer = s.recvfrom(2048)
        s.sendto(f"{peer[0]}:{peer[1]}".encode(), peer)


def hard(easy_ip, easy_port, n):
    socks = []
    for i in range(int(n)):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("0.0.0.0", 0))
        s.setblocking(False)
        s.sendto(b"open %d" % i, (easy_ip, int(easy_port)))
        socks.append(s)
    print("ready", flush=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        ready, _, _ = select.select(socks, [], [], 0.2)
        for s in ready:
            data, peer = s.recvfrom(2048)
            if data.startswith(b"ack open"):  # easy-first: our open packet went through a hole
                print(json.dumps({"hardSocket": socks.index(s), "from": f"{peer[0]}:{peer[1]}"}), flush=True)
                return
            if data.startswith(b"probe"):
                # answer from the socket the probe reached: the easy side sees our public port
                for _ in range(3):
                    s.sendto(b"ack " + data, peer)
                print(json.dumps({"hardSocket": socks.index(s), "from": f"{peer[0]}:{peer[1]}"}), flush=True)
                return
    print(json.dumps({"hardSocket": None}), flush=True)


def easy(reflector_addr, hard_ip, m, seed, timeout):
    host, port = reflector_addr.split(":")
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", 0))
    s.settimeout(2)
    s.sendto(b"who", (host, int(port)))
    public = s.recv(2048).decode()
    print(public, flush=True)
    sys.stdin.readline()  # "go": the hard side has opened its mappings
    rng = random.Random(int(seed))
    guesses = rng.sample(range(1024, 65536), int(m))
    s.setblocking(False)
    start = time.monotonic()
    sent = 0
    for g in guesses:
        try:
            s.sendto(b"probe %d" % g, (hard_ip, g))
            sent += 1
        except BlockingIOError:  # socket buffer full: counted as not sent
            pass
    sent_ms = (time.monotonic() - start) * 1000
    deadline = start + float(timeout)
    result = {"public": public, "probes": len(guesses), "sent": sent, "burstMs": round(sent_ms, 2), "hit": False}
    while time.monotonic() < deadline:
        ready, _, _ = select.select([s], [], [], 0.05)
        if ready:
            data, peer = s.recvfrom(2048)
            if data.startswith(b"ack probe") or data.startswith(b"open"):
                if data.startswith(b"open"):  # easy-first: a mapping's packet came through one of our holes
                    for _ in range(3):
                        s.sendto(b"ack " + data, peer)
                result.update(hit=True, hardPort=peer[1], firstHitMs=round((time.monotonic() - start) * 1000, 2))
                break
    result["guesses"] = guesses
    print(json.dumps(result), flush=True)


def conntrack_ports(prefix, nat, wan_ip):
    """Public (post-NAT) source ports of the UDP mappings a NAT holds, read from its conntrack table."""
    out = subprocess.run(["ip", "netns", "exec", f"{prefix}-{nat}", "conntrack", "-L", "-p", "udp"],
                         capture_output=True, text=True).stdout
    ports = []
    for line in out.splitlines():
        fields = line.split()
        # reply direction: src=<peer> dst=<wan ip> sport=.. dport=<public port>
        dsts = [f for f in fields if f.startswith("dst=")]
        dports = [f for f in fields if f.startswith("dport=")]
        if len(dsts) == 2 and dsts[1] == f"dst={wan_ip}":
            ports.append(int(dports[1].split("=")[1]))
    return ports


def run(prefix, trials, n, m, seed0, timeout, order="hard-first"):
    """Runs the trials; prints one JSON line per trial and a summary line.

    order: hard-first (the sym side opens its mappings, then the prc side sprays) or easy-first (the
    prc side sprays first, opening holes; then the sym side's packets come through a hole on a hit).
    """
    assert order in ("hard-first", "easy-first"), order
    me = os.path.abspath(__file__)
    ns = lambda name: ["ip", "netns", "exec", f"{prefix}-{name}"]
    hits, first = 0, []
    for t in range(int(trials)):
        for nat in ("natA", "natB"):
            subprocess.run(ns(nat) + ["conntrack", "-F"], capture_output=True)
        e = subprocess.Popen(ns("a") + ["python3", me, "easy", "198.51.100.1:3478", "198.51.100.3", m,
                             str(int(seed0) + t), timeout], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        public = e.stdout.readline().strip()
        eip, eport = public.split(":")
        if order == "easy-first":
            e.stdin.write("go\n")
            e.stdin.flush()
            time.sleep(0.2)  # the spray leaves (experiment tool, not a test)
        h = subprocess.Popen(ns("b") + ["python3", me, "hard", eip, eport, n], stdout=subprocess.PIPE, text=True)
        assert h.stdout.readline().strip() == "ready"
        time.sleep(0.2)  # the open packets cross the lab (experiment tool, not a test)
        hard_ports = conntrack_ports(prefix, "natB", "198.51.100.3")
        if order == "hard-first":
            e.stdin.write("go\n")
            e.stdin.flush()
        res = json.loads(e.stdout.readline())
        e.wait()
        h.kill()
        h.wait()
        easy_ports = set(conntrack_ports(prefix, "natA", "198.51.100.2"))
        guesses = set(res.pop("guesses"))
        overlap = sorted(guesses & set(hard_ports))
        row = {"trial": t, "order": order, "seed": int(seed0) + t, "hardSockets": int(n), "hardMappings": len(hard_ports),
               "hardDistinct": len(set(hard_ports)),
               "hardMin": min(hard_ports, default=None), "hardMax": max(hard_ports, default=None),
               # sequential allocators leave gaps of 1; uniform random ones leave about n^2/R such pairs
               "hardAdjacentPairs": sum(1 for a, b in zip(sorted(hard_ports), sorted(hard_ports)[1:]) if b - a == 1),
               "easyPublicPorts": sorted(easy_ports), "predictedHits": len(overlap), **res}
        hits += res["hit"]
        if res["hit"]:
            first.append(res["firstHitMs"])
        print(json.dumps(row), flush=True)
    first.sort()
    print(json.dumps({"summary": True, "order": order, "trials": int(trials), "hits": hits, "rate": hits / int(trials),
                      "packetsHard": int(n), "packetsEasy": int(m),
                      "theory": round(1 - (1 - int(n) / 64512) ** int(m), 3),
                      "firstHitMsMedian": first[len(first) // 2] if first else None,
                      "firstHitMsMax": first[-1] if first else None}), flush=True)


if __name__ == "__main__":
    role, args = sys.argv[1], sys.argv[2:]
    {"reflector": reflector, "hard": hard, "easy": easy, "run": run}[role](*args)
