#!/usr/bin/env python3
# Benchmark: the copy dialog, from Copy… until Copy can be pressed, over a
# link of --rtt-ms (tests/bench/rtt-proxy.py in front of ferry-sandbox).
#
# Each run starts bench-copy-dialog (the real window under Xvfb) on a new
# proxy and reads, for the first opening of the dialog: open to ready, the
# time to build it, the longest main-loop stall after it was built, and
# from the proxy's log the requests, the round trips in sequence and the
# requests sent more than once. The floor of each run is its round trips
# times the RTT measured through the same proxy in the same run, plus the
# time it took to build the dialog. With --before, runs of another
# bench-copy-dialog (say, built before a change) are interleaved.
#
#   tests/bench/copy-dialog.py [BUILD_DIR] [--runs 5] [--rtt-ms 50] [--before PATH]
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import collections
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import wire  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument('build', nargs='?', default=os.path.join(HERE, '..', '..', '_build'))
parser.add_argument('--runs', type=int, default=5)
parser.add_argument('--rtt-ms', type=float, default=50)
parser.add_argument('--before', help='another bench-copy-dialog to interleave with this one')
args = parser.parse_args()
build = os.path.abspath(args.build)

programs = [('after', os.path.join(build, 'tests', 'bench', 'bench-copy-dialog'))]
if args.before:
    programs.insert(0, ('before', os.path.abspath(args.before)))

sandbox, values = wire.start_reading(
    [os.path.join(build, 'src', 'sandbox', 'ferry-sandbox'), '--port', '0'],
    ['FERRY_ENDPOINT', 'HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK'])
sandbox_port = int(values['FERRY_ENDPOINT'].split(':')[2].split('/')[0])
home = tempfile.mkdtemp(prefix='ferry-bench-')
env = dict(os.environ, HUAWEICLOUD_SDK_AK=values['HUAWEICLOUD_SDK_AK'],
           HUAWEICLOUD_SDK_SK=values['HUAWEICLOUD_SDK_SK'], LANGUAGE='en',
           XDG_DATA_HOME=os.path.join(home, 'data'), XDG_CONFIG_HOME=os.path.join(home, 'config'),
           XDG_CACHE_HOME=os.path.join(home, 'cache'), GSETTINGS_BACKEND='memory',
           GSETTINGS_SCHEMA_DIR=os.path.join(build, 'data'), NO_AT_BRIDGE='1',
           TEXTDOMAINDIR=os.path.join(build, 'po'))
results = collections.defaultdict(list)
try:
    for run in range(args.runs):
        for label, program in programs:
            kept, _ = wire.measure_rtt(sandbox_port, args.rtt_ms)
            proxy = wire.Proxy(sandbox_port, args.rtt_ms)
            cmd = [program, '--endpoint', proxy.endpoint]
            if 'DISPLAY' not in env:
                cmd = ['dbus-run-session', '--', 'xvfb-run', '-a', '-s', '-screen 0 1280x800x24', *cmd]
            r = subprocess.run(cmd, env=env, capture_output=True, text=True)
            events = proxy.stop()
            if r.returncode != 0:
                sys.exit(f'{program}: {r.returncode} {r.stderr[-2000:]}')
            words = next(line.split() for line in r.stdout.splitlines() if line.startswith('dialog '))
            opened, ready, stall, built = (int(w) / 1e6 for w in words[1:5])
            _, requests, rounds = wire.analyse(events, opened, ready)
            sent = collections.Counter((e['method'], e['path']) for e in events
                                       if e['event'] == 'request' and opened <= e['start'] <= ready)
            twice = sum(n - 1 for n in sent.values() if n > 1)
            row = dict(ready=(ready - opened) * 1000, floor=(rounds * kept + built - opened) * 1000,
                       built=(built - opened) * 1000, stall=stall * 1000, requests=requests,
                       rounds=rounds, twice=twice)
            results[label].append(row)
            print(f'run {run + 1} {label:6}: ready {row["ready"]:6.0f} ms, floor {row["floor"]:6.0f} ms '
                  f'(built in {row["built"]:.0f} ms + {rounds} × {kept * 1000:.1f} ms), '
                  f'stall {row["stall"]:5.0f} ms, {requests} requests in {rounds} rounds, {twice} sent twice',
                  flush=True)
finally:
    sandbox.terminate()
    sandbox.wait()
    shutil.rmtree(home, ignore_errors=True)

print(f'\nmedians of {args.runs} interleaved runs, RTT {args.rtt_ms:g} ms:')
for label, _ in programs:
    rows = results[label]

    def m(key):
        return statistics.median(r[key] for r in rows)
    print(f'  {label:6}: open until ready {m("ready"):5.0f} ms, floor {m("floor"):5.0f} ms '
          f'(×{m("ready") / m("floor"):.2f}); longest stall {m("stall"):4.0f} ms (max {max(r["stall"] for r in rows):.0f}); '
          f'{m("requests"):.0f} requests in {m("rounds"):.0f} rounds; '
          f'requests sent twice: {sum(r["twice"] for r in rows)} over all runs')
