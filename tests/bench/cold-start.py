#!/usr/bin/env python3
# cold-start.py: runs bench-cold-start for Ferry (welcome page, and
# --sandbox) and for its floor, a bare AdwApplicationWindow started the same
# way, interleaved, and prints the median and the spread of the time from
# the spawn of the process to its first frame, and of the processor time
# it used until then (steadier than the clock on a loaded machine), and
# each one's ratio to the floor. Not a test.
#
#   dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
#     python3 tests/bench/cold-start.py [before=OTHER_BUILD/tests/bench/bench-cold-start] \
#       after=_build/tests/bench/bench-cold-start [--runs 7] [--variants welcome,sandbox]
#
# Several builds (say, main's and a branch's) are run side by side,
# interleaved with the floor (run with the last build), so that the load
# of the machine falls on all alike.
#
# Measured 2026-12-05 on the shared 2-core machine (load average 3.5-7.6),
# debug build, Xvfb (llvmpipe), median of 7 interleaved runs, processor
# time to the first frame (the wall clock of the floor alone spread from
# 0.5 to 1.8 s):
#   floor (bare AdwApplicationWindow)   0.463 s
#   main bc5d65b, welcome / --sandbox   0.595 s 1.28x / 0.608 s 1.31x
#   FerrySession branch, same           0.584 s 1.26x / 0.601 s 1.30x
# What Ferry does beyond the floor (perf, about 0.15 s): the first frame's
# rendering (llvmpipe compiles a shader for each kind of node drawn: text,
# icons, borders, shadows; about 60 ms), the window's template with the
# hidden images and tasks pages (about 30 ms), layout and text of the
# header bar and welcome page, the icon theme and the app icon (SVG), the
# style sheet. The sandbox's start and the session (account store) cost
# about 10 ms; the task file and the keyring are read after the frame.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import os
import re
import statistics
import subprocess
import time

parser = argparse.ArgumentParser()
parser.add_argument("binaries", nargs="+", help="LABEL=PATH (or PATH); the floor with the last one")
parser.add_argument("--runs", type=int, default=7)
parser.add_argument("--variants", default="welcome,sandbox")
parser.add_argument("--timeout", type=float, default=60)
args = parser.parse_args()

builds = [b.split("=", 1) if "=" in b else ["", b] for b in args.binaries]


def build_env(path):
    # As the tests run, each build with its own schema and translations:
    # settings in memory, so that no account or size of the user's counts.
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(path))))
    env = dict(os.environ, GSETTINGS_SCHEMA_DIR=os.path.join(root, "data"),
               GSETTINGS_BACKEND="memory", NO_AT_BRIDGE="1",
               TEXTDOMAINDIR=os.path.join(root, "po"),
               # No accessibility bus: its launcher may hang a run under load.
               GTK_A11Y="none")
    env.pop("G_MESSAGES_DEBUG", None)
    return env


keys = [("floor", builds[-1][1], "bare")]
for label, path in builds:
    for variant in args.variants.split(","):
        keys.append((("%s %s" % (label, variant)).strip(), path, variant))

results = {}
for run in range(args.runs):
    for name, path, variant in keys:
        start = time.monotonic_ns() // 1000
        try:
            out = subprocess.run([path, "--variant", variant], capture_output=True, text=True,
                                 timeout=args.timeout, env=build_env(path)).stdout
            m = re.search(r"RESULT frame=(\d+) main=\d+ cpu=(\d+)", out)
            value = ((int(m.group(1)) - start) / 1e6, int(m.group(2)) / 1e6) if m else None
        except subprocess.TimeoutExpired:
            value = None
        results.setdefault(name, []).append(value)
        shown = "%.3f s, cpu %.3f s" % value if value is not None else "failed"
        print("run %d %-18s %s" % (run + 1, name, shown), flush=True)

with open("/proc/loadavg") as f:
    load = f.read().split()[:3]
print()
print("to the first frame, median of %d interleaved runs (min-max); load average %s"
      % (args.runs, " ".join(load)))
print("%-18s %-36s %s" % ("", "spawn to frame (wall)", "processor time"))
floors = [statistics.median([v[i] for v in results["floor"] if v is not None]) for i in range(2)]
for name, _, _ in keys:
    done = [v for v in results[name] if v is not None]
    if not done:
        print("%-18s failed" % name)
        continue
    cols = []
    for i in range(2):
        xs = [v[i] for v in done]
        median = statistics.median(xs)
        cols.append("%.3f s (%.3f-%.3f) %.2fx" % (median, min(xs), max(xs), median / floors[i]))
    lost = len(results[name]) - len(done)
    print("%-18s %-36s %s%s" % (name, cols[0], cols[1], "  (%d failed)" % lost if lost else ""))
