#!/usr/bin/env python3
"""Searches while hostile clients run: what readers see when some clients
send nothing but costly queries, or trickle requests to hold connections.

usage: hostile_bench.py NEWSSEARCH DB QUERIES_MIX [SECONDS] [--runs N]

For each of N runs (default 3) and each phase, one reader sends the 200
queries of queries_mix.jsonl one at a time over one kept-alive connection
(--cache 0: the search itself), and the median and 95th percentile of its
latencies are kept:
  alone:     nothing else running;
  costly:    8 more clients, each sending queries of 32 one-syllable words
             (a fresh random choice each time, fixed seed) as fast as they
             are answered; their own latency and how many came back partial
             are printed too;
  slowloris: 1,100 connections trickling a request one byte a second;
             /healthz is timed every half second as well.
Medians over the runs are printed. Run it for two builds to compare them
(bench/README has the commands)."""
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

SYLLABLES = ("손 등 이 그 수 것 때 말 일 집 물 눈 밤 길 꿈 돈 땅 몸 빛 힘 차 책 값 곳 "
             "날 뒤 맛 밥 배 법 병 봄 산 강 밖 안 위 앞 옆 속 겉 꽃 잎 씨 벽 문 창 "
             "줄 끝 틈 땀 피 살 뼈 털 낮 해 달 별 비 불 흙 돌 쇠 금 은").split()


def start(binary, db):
    help_text = subprocess.run([binary, "help"], capture_output=True, text=True).stdout
    extra = ["--budget", "300"] if "--budget" in help_text else []
    proc = subprocess.Popen([binary, "serve", "--db", db, "--port", "0", "--threads", "2",
                             "--cache", "0", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    host, port = line.split("http://", 1)[1].split("/", 1)[0].rsplit(":", 1)
    return proc, host, int(port)


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def reader(host, port, queries, seconds, out):
    """One request at a time; a request that fails or times out (30 s)
    counts as its time to the failure."""
    conn = http.client.HTTPConnection(host, port, timeout=30)
    end = time.time() + seconds
    i = 0
    while time.time() < end:
        q = queries[i % len(queries)]
        i += 1
        t0 = time.time()
        try:
            conn.request("GET", "/api/search?q=" + urllib.parse.quote(q))
            conn.getresponse().read()
        except OSError:
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
        out.append((time.time() - t0) * 1000)
    conn.close()


def costly_client(host, port, seed, stop, lat, partial):
    rnd = random.Random(seed)
    conn = http.client.HTTPConnection(host, port, timeout=120)
    while not stop.is_set():
        q = " ".join(rnd.sample(SYLLABLES, 32))
        t0 = time.time()
        try:
            conn.request("GET", "/api/search?q=" + urllib.parse.quote(q))
            body = conn.getresponse().read()
        except OSError:
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=120)
            continue
        lat.append((time.time() - t0) * 1000)
        try:
            partial.append(bool(json.loads(body).get("partial_results")))
        except ValueError:
            partial.append(False)
    conn.close()


def trickle(host, port, stop):
    socks = []
    for _ in range(1100):
        try:
            s = socket.create_connection((host, port), timeout=5)
            socks.append(s)
        except OSError:
            break
    req = b"GET /api/search?q=a HTTP/1.1\r\nHost: x\r\nUser-Agent: trickle\r\n"
    i = 0
    while not stop.is_set():
        for s in list(socks):
            try:
                s.send(req[i % len(req):][:1])
            except OSError:
                socks.remove(s)
        i += 1
        stop.wait(1.0)
    for s in socks:
        s.close()


def healthz(host, port):
    t0 = time.time()
    try:
        c = http.client.HTTPConnection(host, port, timeout=5)
        c.request("GET", "/healthz")
        c.getresponse().read()
        c.close()
        return (time.time() - t0) * 1000
    except OSError:
        return float("inf")


def one_run(binary, db, queries, seconds, seed):
    proc, host, port = start(binary, db)
    res = {}
    try:
        lat = []
        reader(host, port, queries, seconds, lat)
        res["alone"] = (pct(lat, 50), pct(lat, 95))

        stop = threading.Event()
        clat, partial = [], []
        bad = [threading.Thread(target=costly_client, args=(host, port, seed * 100 + k, stop, clat, partial))
               for k in range(8)]
        for t in bad:
            t.start()
        time.sleep(1.0)
        lat = []
        reader(host, port, queries, seconds, lat)
        stop.set()
        for t in bad:
            t.join()
        res["costly"] = (pct(lat, 50), pct(lat, 95))
        res["costly_own"] = (pct(clat, 50), len(clat), sum(partial))

        stop = threading.Event()
        tr = threading.Thread(target=trickle, args=(host, port, stop))
        tr.start()
        time.sleep(3.0)
        probes = []
        lat = []
        rd = threading.Thread(target=reader, args=(host, port, queries, seconds, lat))
        rd.start()
        end = time.time() + seconds
        while time.time() < end:
            probes.append(healthz(host, port))
            time.sleep(0.5)
        rd.join()
        stop.set()
        tr.join()
        res["slowloris"] = (pct(lat, 50), pct(lat, 95))
        res["healthz"] = (pct(probes, 50), max(probes) if probes else float("nan"))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return res


def main():
    args = sys.argv[1:]
    runs = 3
    if "--runs" in args:
        k = args.index("--runs")
        runs = int(args[k + 1])
        del args[k:k + 2]
    binary, db, mix = args[0], args[1], args[2]
    seconds = float(args[3]) if len(args) > 3 else 10.0
    queries = [" ".join(json.loads(line)["words"]) for line in open(mix, encoding="utf-8")]
    results = [one_run(binary, db, queries, seconds, r + 1) for r in range(runs)]

    def med(key, i):
        return statistics.median(r[key][i] for r in results)

    print(f"{os.path.basename(binary)} on {db}, {runs} runs of {seconds:.0f} s per phase (medians)")
    print("| phase | reader p50 | reader p95 | other |")
    print("|---|---:|---:|---|")
    print(f"| alone | {med('alone', 0):.1f} ms | {med('alone', 1):.1f} ms | - |")
    print(f"| 8 costly clients | {med('costly', 0):.1f} ms | {med('costly', 1):.1f} ms | "
          f"costly p50 {med('costly_own', 0):.0f} ms, {med('costly_own', 1):.0f} answered, "
          f"{med('costly_own', 2):.0f} partial |")
    print(f"| 1,100 tricklers | {med('slowloris', 0):.1f} ms | {med('slowloris', 1):.1f} ms | "
          f"/healthz p50 {med('healthz', 0):.1f} ms, slowest {med('healthz', 1):.1f} ms |")


if __name__ == "__main__":
    main()
