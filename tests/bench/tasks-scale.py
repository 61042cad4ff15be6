#!/usr/bin/env python3
# tasks-scale.py: runs bench-tasks-scale for the page and its floor at
# several sizes, interleaved (page and floor, every size, then again), and
# prints the median and the spread of each. Not a test.
#
#   dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
#     python3 tests/bench/tasks-scale.py _build/tests/bench/bench-tasks-scale \
#       [--runs 5] [--sizes 200,1000,2000,10000] [--timeout 60]
#
# A run that takes longer than --timeout is stopped and counted as
# "> timeout".
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import os
import re
import statistics
import subprocess

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("--runs", type=int, default=5)
parser.add_argument("--sizes", default="200,1000,2000,10000")
parser.add_argument("--variants", default="page,floor")
parser.add_argument("--timeout", type=float, default=60)
args = parser.parse_args()

# As the tests run: the build tree's schema, settings in memory.
build_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(args.binary))))
env = dict(os.environ, GSETTINGS_SCHEMA_DIR=os.path.join(build_root, "data"),
           GSETTINGS_BACKEND="memory", NO_AT_BRIDGE="1", G_DEBUG="fatal-criticals",
           TEXTDOMAINDIR=os.path.join(build_root, "po"))
env.pop("G_MESSAGES_DEBUG", None)

sizes = [int(s) for s in args.sizes.split(",")]
variants = args.variants.split(",")
results = {}
for run in range(args.runs):
    for n in sizes:
        for variant in variants:
            key = (variant, n)
            try:
                out = subprocess.run([args.binary, "--variant", variant, "--tasks", str(n)],
                                     capture_output=True, text=True, timeout=args.timeout, env=env).stdout
                m = re.search(r"RESULT .* built=([\d.]+) close=([\d.]+)", out)
                value = (float(m.group(1)), float(m.group(2))) if m else None
            except subprocess.TimeoutExpired:
                value = None
            results.setdefault(key, []).append(value)
            shown = "> %.0f s" % args.timeout if value is None else "%.3f / %.3f" % value
            print("run %d %-5s %6d: built+drawn / close %s" % (run + 1, variant, n, shown), flush=True)

print()
print("%-6s %7s %24s %24s" % ("", "tasks", "built+drawn s (min-max)", "close s (min-max)"))
for variant in variants:
    for n in sizes:
        values = results[(variant, n)]
        done = [v for v in values if v is not None]
        if len(done) < len(values):
            print("%-6s %7d %24s" % (variant, n, "> %.0f (%d of %d stopped)" % (args.timeout, len(values) - len(done), len(values))))
            continue
        b = [v[0] for v in done]
        c = [v[1] for v in done]
        print("%-6s %7d %8.3f (%.3f-%.3f) %8.3f (%.3f-%.3f)" % (
            variant, n, statistics.median(b), min(b), max(b), statistics.median(c), min(c), max(c)))
