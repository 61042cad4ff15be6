#!/usr/bin/env python3
# tasks-scale.py: runs bench-tasks-scale for the page and its floor at
# several sizes, interleaved (page and floor, every size, then again), and
# prints the median and the spread of each. Not a test.
#
#   dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
#     python3 tests/bench/tasks-scale.py [before=OTHER_BUILD/tests/bench/bench-tasks-scale] \
#       after=_build/tests/bench/bench-tasks-scale [--runs 5] [--sizes 200,1000,2000,10000]
#
# Several builds (say, main's and a branch's) are run side by side,
# interleaved, so that the load of the machine falls on all alike. A
# run that takes longer than --timeout is stopped, counted as "> timeout",
# and that build and size are not run again.
#
# Measured 2026-12-05 on the shared 2-core machine, load average 1.4-1.7,
# debug build, median of 5 interleaved runs, built+drawn / close / saved, s
# (before: main at bc5d65b, running this same bench source):
#   tasks   before page          after page           after store   floor
#     200   0.60 / 0.06 / 0.32   0.60 / 0.06 / 0.61   0.05          0.54 / 0.05
#    1000   0.65 / 0.07 / 0.36   0.64 / 0.06 / 0.68   0.05          0.56 / 0.05
#    2000   0.75 / 0.08 / 0.45   0.69 / 0.07 / 0.77   0.05          0.61 / 0.05
#   10000   1.15 / 0.08 / 0.81   0.68 / 0.07 / 1.02   0.08          0.55 / 0.04
# Against the floor at 10,000: before 2.07, after 1.22 (200: 1.11 both).
# The store's serializing and write now follow the first frame ("saved");
# the page is flat in n, as the floor is; closing is flat.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import os
import re
import statistics
import subprocess

parser = argparse.ArgumentParser()
parser.add_argument("binaries", nargs="+",
                    help="LABEL=PATH (or PATH): each build's page and store variants are run; "
                         "the floor with the last one")
parser.add_argument("--runs", type=int, default=5)
parser.add_argument("--sizes", default="200,1000,2000,10000")
parser.add_argument("--variants", default="page,store,floor")
parser.add_argument("--timeout", type=float, default=60)
args = parser.parse_args()

# As the tests run: the build tree's schema, settings in memory.
builds = [b.split("=", 1) if "=" in b else ["", b] for b in args.binaries]
build_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(builds[-1][1]))))
env = dict(os.environ, GSETTINGS_SCHEMA_DIR=os.path.join(build_root, "data"),
           GSETTINGS_BACKEND="memory", NO_AT_BRIDGE="1", G_DEBUG="fatal-criticals",
           TEXTDOMAINDIR=os.path.join(build_root, "po"),
           # No accessibility bus: its launcher may hang a run under load.
           GTK_A11Y="none")
env.pop("G_MESSAGES_DEBUG", None)

sizes = [int(s) for s in args.sizes.split(",")]
variants = args.variants.split(",")
keys = []
for n in sizes:
    for label, path in builds:
        for variant in variants:
            if variant == "floor" and path != builds[-1][1]:
                continue
            keys.append((("%s %s" % (label, variant)).strip(), path, variant, n))

results = {}
stopped = set()
for run in range(args.runs):
    for name, path, variant, n in keys:
        if (name, n) in stopped:
            continue
        try:
            out = subprocess.run([path, "--variant", variant, "--tasks", str(n)],
                                 capture_output=True, text=True, timeout=args.timeout, env=env).stdout
            m = re.search(r"RESULT .* written=([\d.]+) built=([\d.]+) close=([\d.]+)(?: saved=([\d.]+))?", out)
            # An older bench says nothing of "saved": its add was saved when written.
            value = tuple(float(x) if x is not None else float(m.group(1)) for x in m.groups()) \
                if m else "failed"
        except subprocess.TimeoutExpired:
            value = None
            # Once is enough: the others would take as long.
            stopped.add((name, n))
        results.setdefault((name, n), []).append(value)
        shown = {None: "> %.0f s" % args.timeout, "failed": "failed"}.get(value) if not isinstance(value, tuple) \
            else "written %.3f  built+drawn %.3f  close %.3f  saved %.3f" % value
        print("run %d %-14s %6d: %s" % (run + 1, name, n, shown), flush=True)

print()
print("median of %d runs (min-max), seconds" % args.runs)
print("%-14s %7s %22s %22s %22s %22s" % ("", "tasks", "written", "built+drawn", "close", "saved"))
floors = {}
for name in dict.fromkeys(k[0] for k in keys):
    for n in sizes:
        values = results.get((name, n), [])
        done = [v for v in values if isinstance(v, tuple)]
        if len(done) < len(values) or not done:
            print("%-14s %7d %22s" % (name, n, "> %.0f s (stopped)" % args.timeout if None in values else "failed"))
            continue
        cols = []
        for i in range(4):
            xs = [v[i] for v in done]
            cols.append("%7.3f (%.3f-%.3f)" % (statistics.median(xs), min(xs), max(xs)))
        built = statistics.median(v[1] for v in done)
        if name.endswith("floor"):
            floors[n] = built
        results[(name, n, "built")] = built
        print("%-14s %7d %22s %22s %22s %22s" % (name, n, *cols))

# Each build's built+drawn against the floor of the same size and run.
print()
print("built+drawn / floor's")
for name in dict.fromkeys(k[0] for k in keys):
    print("%-14s %s" % (name, "  ".join("%d: %.2f" % (n, results[(name, n, "built")] / floors[n])
                                         for n in sizes
                                         if (name, n, "built") in results and floors.get(n))))
