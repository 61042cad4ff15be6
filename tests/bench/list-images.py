#!/usr/bin/env python3
# Benchmark: ferryctl lists 10,000 images of one region from a sandbox that
# answers every request after --latency-ms. Reports wall time against the
# floor of pages × latency, and ferryctl's peak resident memory.
#
#   tests/bench/list-images.py [BUILD_DIR] [--images N] [--latency-ms MS] [--runs R]
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import math
import os
import resource
import subprocess
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument('build', nargs='?', default=os.path.join(os.path.dirname(__file__), '..', '..', '_build'))
parser.add_argument('--images', type=int, default=10000)
parser.add_argument('--latency-ms', type=int, default=20)
parser.add_argument('--runs', type=int, default=3)
args = parser.parse_args()

sandbox = subprocess.Popen([os.path.join(args.build, 'src', 'sandbox', 'ferry-sandbox'), '--port', '0',
                            '--images-per-region', str(args.images),
                            '--latency-ms', str(args.latency_ms)],
                           stdout=subprocess.PIPE, text=True)
env = dict(os.environ)
started = time.monotonic()
while 'HUAWEICLOUD_SDK_SK' not in env:
    key, _, value = sandbox.stdout.readline().strip().partition('=')
    env[key] = value
print(f'sandbox ready in {time.monotonic() - started:.2f} s with {args.images} images per region')

try:
    times = []
    for run in range(args.runs):
        before = time.monotonic()
        out = subprocess.run([os.path.join(args.build, 'src', 'cli', 'ferryctl'), '--json',
                              '--region', 'cn-north-4', 'images'],
                             env=env, capture_output=True, text=True, check=True).stdout
        times.append(time.monotonic() - before)
    count = int(out.rsplit('"count" : ', 1)[1].split()[0])
    rss_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    pages = math.floor(count / 500) + 1  # a last short (or empty) page ends the listing
    # Discovery (3 parallel requests) adds one more round trip.
    floor = (pages + 1) * args.latency_ms / 1000
    best = min(times)
    print(f'images listed:      {count}')
    print(f'pages of 500:       {pages}')
    print(f'wall time (best):   {best:.3f} s over {args.runs} runs; all: ' + ', '.join(f'{t:.3f}' for t in times))
    print(f'latency floor:      {floor:.3f} s ((pages + discovery) × {args.latency_ms} ms)')
    print(f'overhead per page:  {(best - floor) / pages * 1000:.1f} ms')
    print(f'peak RSS ferryctl:  {rss_kib / 1024:.1f} MiB')
finally:
    sandbox.terminate()
    sandbox.wait()
