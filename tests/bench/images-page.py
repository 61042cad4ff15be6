#!/usr/bin/env python3
# Benchmark: the images page against its floor, interleaved.
#
# One ferry-sandbox with --images N (+12 seed images) answering every
# request after --latency-ms. Each round runs, in turn,
#
#   floor   ferryctl --json images: the same pages over the same client
#   page    bench-images-page --endpoint (the real window under Xvfb):
#           every row loaded and drawn, a keystroke until drawn (median
#           and max over the typed and erased steps), memory per image
#           (against the empty window, and after the first page drawn)
#
# The keystroke is timed from the search applied (without the search
# entry's typing delay) to the table drawn; its floors, from the same
# process: a plain redraw, and the table scrolled by one row.
#
# and the report gives the median over --runs rounds of each, and the
# page's time to every row as a multiple of ferryctl's.
#
#   tests/bench/images-page.py [BUILD_DIR] [--runs 5] [--images 10000] [--latency-ms 20]
#                              [--before OLD/bench-images-page]
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

parser = argparse.ArgumentParser()
parser.add_argument('build', nargs='?', default=os.path.join(HERE, '..', '..', '_build'))
parser.add_argument('--runs', type=int, default=5)
parser.add_argument('--images', type=int, default=10000)
parser.add_argument('--latency-ms', type=int, default=20)
parser.add_argument('--load-only', action='store_true', help='no typing, no sorting')
parser.add_argument('--page-bench', help='another bench-images-page to run instead of the build\'s')
parser.add_argument('--before', help='a bench-images-page built from before a change, run in turn '
                    'with the build\'s in every round')
args = parser.parse_args()
build = os.path.abspath(args.build)

sandbox = subprocess.Popen([os.path.join(build, 'src', 'sandbox', 'ferry-sandbox'), '--port', '0',
                            '--images-per-region', str(args.images), '--latency-ms', str(args.latency_ms)],
                           stdout=subprocess.PIPE, text=True)
values = {}
while not all(k in values for k in ('FERRY_ENDPOINT', 'HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK')):
    line = sandbox.stdout.readline()
    if not line:
        sys.exit('the sandbox stopped')
    key, _, value = line.strip().partition('=')
    values[key] = value
home = tempfile.mkdtemp(prefix='ferry-bench-')
env = dict(os.environ, HUAWEICLOUD_SDK_AK=values['HUAWEICLOUD_SDK_AK'],
           HUAWEICLOUD_SDK_SK=values['HUAWEICLOUD_SDK_SK'], FERRY_ENDPOINT=values['FERRY_ENDPOINT'],
           LANGUAGE='en', XDG_DATA_HOME=os.path.join(home, 'data'),
           XDG_CONFIG_HOME=os.path.join(home, 'config'), XDG_CACHE_HOME=os.path.join(home, 'cache'),
           GSETTINGS_BACKEND='memory', GSETTINGS_SCHEMA_DIR=os.path.join(build, 'data'),
           NO_AT_BRIDGE='1', TEXTDOMAINDIR=os.path.join(build, 'po'))

def page_command(bench):
    cmd = [bench, '--endpoint', values['FERRY_ENDPOINT']]
    if args.load_only:
        cmd.append('--load-only')
    if 'DISPLAY' not in env:
        cmd = ['dbus-run-session', '--', 'xvfb-run', '-a', '-s', '-screen 0 1280x800x24', *cmd]
    return cmd


pages = {'page': page_command(args.page_bench or os.path.join(build, 'tests', 'bench', 'bench-images-page'))}
if args.before:
    pages['before'] = page_command(args.before)


def number(pattern, text):
    match = re.search(pattern, text)
    if match is None:
        sys.exit(f'bench-images-page: no “{pattern}” in\n{text}')
    return float(match.group(1))


floor = []
results = {name: {k: [] for k in ('loaded', 'stall', 'per_image', 'marginal', 'heap', 'key_median', 'key_max',
                                  'frame', 'scroll')} for name in pages}
try:
    for run in range(args.runs):
        before = time.monotonic()
        subprocess.run([os.path.join(build, 'src', 'cli', 'ferryctl'), '--json', '--region', 'cn-north-4',
                        'images'], env=env, capture_output=True, check=True)
        floor.append((time.monotonic() - before) * 1000)
        line = f'run {run + 1}: ferryctl {floor[-1]:.0f} ms'

        for name, cmd in pages.items():
            r = results[name]
            out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
            r['loaded'].append(number(r'every row loaded and drawn\s+([\d.]+) ms', out))
            r['stall'].append(number(r'longest main-loop stall after it\s+([\d.]+) ms', out))
            r['per_image'].append(number(r'([\d.]+) KiB per image\)', out))
            r['marginal'].append(number(r'([\d.]+) KiB per image after the first', out))
            r['heap'].append(number(r'([\d.]+) KiB heap per image after the first', out))
            line += (f'; {name} {r["loaded"][-1]:.0f} ms, stall {r["stall"][-1]:.0f} ms, '
                     f'{r["per_image"][-1]:.2f} KiB per image ({r["marginal"][-1]:.2f} after the first page, '
                     f'heap {r["heap"][-1]:.2f})')
            if not args.load_only:
                r['key_median'].append(number(r'filter per keystroke, drawn\s+median\s+([\d.]+) ms', out))
                r['key_max'].append(number(r'filter per keystroke, drawn.*max\s+([\d.]+) ms', out))
                r['frame'].append(number(r'floor: a redraw, drawn\s+median\s+([\d.]+) ms', out))
                r['scroll'].append(number(r'floor: a row scrolled, drawn\s+median\s+([\d.]+) ms', out))
                line += (f', keystroke median {r["key_median"][-1]:.1f} ms max {r["key_max"][-1]:.1f} ms'
                         f' (a redraw {r["frame"][-1]:.1f} ms, a row scrolled {r["scroll"][-1]:.1f} ms)')
        print(line, flush=True)
finally:
    sandbox.terminate()
    sandbox.wait()
    shutil.rmtree(home, ignore_errors=True)

m = statistics.median
print(f'\nmedians of {args.runs} interleaved runs, {args.images + 12} images, {args.latency_ms} ms latency:')
print(f'  floor: ferryctl lists them          {m(floor):7.0f} ms')
for name, r in results.items():
    print(f'  {name}: every row loaded and drawn  {m(r["loaded"]):7.0f} ms  ×{m(r["loaded"]) / m(floor):.2f} ferryctl')
    print(f'  {name}: longest main-loop stall     {m(r["stall"]):7.0f} ms')
    print(f'  {name}: memory per image            {m(r["per_image"]):7.2f} KiB'
          f' ({m(r["marginal"]):.2f} KiB after the first page; heap in use {m(r["heap"]):.2f} KiB)')
    if not args.load_only:
        print(f'  {name}: a keystroke until drawn     median {m(r["key_median"]):.1f} ms, '
              f'max {m(r["key_max"]):.1f} ms (medians of each run\'s median and max)')
        print(f'  {name}: floor, the window redrawn   median {m(r["frame"]):.1f} ms (nothing changed)')
        print(f'  {name}: floor, a row scrolled       median {m(r["scroll"]):.1f} ms '
              f'(every visible row drawn again)')
print(f'  load average {" ".join(open("/proc/loadavg").read().split()[:3])}')
