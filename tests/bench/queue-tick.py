#!/usr/bin/env python3
# queue-tick.py: runs bench-queue-tick, idle and driving, at several sizes,
# interleaved (every build, state and size, then again), and prints the
# median of each, with the floor (reading and writing the same file)
# measured in the same process. Not a test.
#
#   python3 tests/bench/queue-tick.py [before=OTHER_BUILD/tests/bench/bench-queue-tick] \
#     after=_build/tests/bench/bench-queue-tick [--runs 5] [--sizes 200,1000,10000]
#
# Each run of the binary times --ticks ticks and as many floors and gives
# the median of each; this script gives the median of --runs such runs.
#
# Measured 2026-12-05 on the shared 2-core machine, load average 5.6-6.5,
# debug build, median of 5 interleaved runs of 5 ticks, ms (before: the
# store parsing the whole file and serializing every task on each
# update, f7d5f92; after: texts kept by revision, known bytes not parsed):
#   tasks   state     before tick   after tick   floor (read + write)
#     200   idle            22.6          0.21    9.8-11.0
#    1000   idle           143.4          4.96    9.7-10.4
#   10000   idle          1706.0         26.1    27.7-32.0
#     200   driving         39.2         15.0     8.2-9.6
#    1000   driving        145.7         20.1     5.0-8.4
#   10000   driving       1312.6         88.9    28.4-32.2
# Against the floor at 10,000: idle 53 -> 0.9, driving 46 -> 2.8. An idle
# tick now reads the file and compares it (no write, hence under the
# floor); a driving one makes the text of the five copies it renews and
# writes the file. What is left grows with n but is cheap: holding every
# task's notifications, the ids before the change, the list's splice.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import re
import statistics
import subprocess

parser = argparse.ArgumentParser()
parser.add_argument("binaries", nargs="+", help="LABEL=PATH (or PATH)")
parser.add_argument("--runs", type=int, default=5)
parser.add_argument("--ticks", type=int, default=5)
parser.add_argument("--sizes", default="200,1000,10000")
parser.add_argument("--states", default="idle,driving")
parser.add_argument("--timeout", type=float, default=300)
args = parser.parse_args()

builds = [b.split("=", 1) if "=" in b else ["", b] for b in args.binaries]
sizes = [int(s) for s in args.sizes.split(",")]
states = args.states.split(",")
keys = [(label, path, state, n) for n in sizes for state in states for label, path in builds]

results = {}
for run in range(args.runs):
    for label, path, state, n in keys:
        try:
            out = subprocess.run([path, "--state", state, "--tasks", str(n), "--ticks", str(args.ticks)],
                                 capture_output=True, text=True, timeout=args.timeout).stdout
            m = re.search(r"RESULT .* tick=([\d.]+) floor=([\d.]+)", out)
            value = (float(m.group(1)), float(m.group(2))) if m else "failed"
        except subprocess.TimeoutExpired:
            value = None
        results.setdefault((label, state, n), []).append(value)
        shown = value if not isinstance(value, tuple) else "tick %.4f  floor %.4f" % value
        print("run %d %-8s %-8s %6d: %s" % (run + 1, label, state, n, shown), flush=True)

print()
print("median of %d runs (min-max), milliseconds" % args.runs)
print("%-8s %-8s %7s %24s %24s %8s" % ("", "", "tasks", "tick", "floor", "tick/floor"))
for label, _ in builds:
    for state in states:
        for n in sizes:
            values = results.get((label, state, n), [])
            done = [v for v in values if isinstance(v, tuple)]
            if not done or len(done) < len(values):
                print("%-8s %-8s %7d %24s" % (label, state, n, "failed or timed out"))
                continue
            cols = []
            for i in range(2):
                xs = [v[i] * 1000 for v in done]
                cols.append("%8.2f (%.2f-%.2f)" % (statistics.median(xs), min(xs), max(xs)))
            tick = statistics.median(v[0] for v in done)
            floor = statistics.median(v[1] for v in done)
            print("%-8s %-8s %7d %24s %24s %8.1f" % (label, state, n, *cols, tick / floor if floor else 0))
