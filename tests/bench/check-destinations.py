#!/usr/bin/env python3
# Benchmark: `ferryctl check` of one image to 1, 5 and 25 destination
# regions, with an agency, against a sandbox that answers every request
# after --latency-ms. Reports the requests each check made (the sandbox
# counts them: /_sandbox/stats) and the wall time, against the floor of
# the rounds of requests that cannot overlap × the latency.
#
#   tests/bench/check-destinations.py [BUILD_DIR] [--latency-ms MS] [--runs R] [--copy]
#
# --copy measures `ferryctl copy` (without --wait) instead: the same facts,
# then the tasks are queued (and removed again, so that every run queues).
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

parser = argparse.ArgumentParser()
parser.add_argument('build', nargs='?', default=os.path.join(os.path.dirname(__file__), '..', '..', '_build'))
parser.add_argument('--latency-ms', type=int, default=50)
parser.add_argument('--runs', type=int, default=3)
parser.add_argument('--copy', action='store_true')
args = parser.parse_args()

# cn-north-4 first: the source. A system-disk image may go to every other.
REGIONS = ['cn-north-1', 'cn-north-2', 'cn-north-9', 'cn-east-2', 'cn-east-3', 'cn-east-4',
           'cn-east-5', 'cn-south-1', 'cn-south-2', 'cn-southwest-2', 'ap-southeast-1',
           'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'af-south-1',
           'af-north-1', 'la-south-2', 'la-north-2', 'na-mexico-1', 'sa-brazil-1', 'tr-west-1',
           'me-east-1', 'eu-west-0', 'eu-west-101']
FERRYCTL = os.path.join(args.build, 'src', 'cli', 'ferryctl')

sandbox = subprocess.Popen([os.path.join(args.build, 'src', 'sandbox', 'ferry-sandbox'), '--port', '0',
                            '--latency-ms', str(args.latency_ms)],
                           stdout=subprocess.PIPE, text=True)
base = sandbox.stdout.readline().strip().rsplit(' ', 1)[1]
env = dict(os.environ)
while 'HUAWEICLOUD_SDK_SK' not in env:
    key, _, value = sandbox.stdout.readline().strip().partition('=')
    env[key] = value
tasks_dir = tempfile.TemporaryDirectory()
env['FERRY_TASKS_FILE'] = os.path.join(tasks_dir.name, 'tasks.json')


def total_requests():
    with urllib.request.urlopen(base + '/_sandbox/stats') as r:
        return sum(json.load(r)['requests'].values())


def ctl(*a):
    return subprocess.run([FERRYCTL, *a], env=env, capture_output=True, text=True)


try:
    listing = json.loads(ctl('--json', 'images', '--name', 'web-server').stdout)
    image = listing['images'][0]['id']
    # Discovery (domain, projects, regions at once) is one round of its own.
    before = total_requests()
    ctl('projects')
    discovery = total_requests() - before
    print(f'latency {args.latency_ms} ms; discovery alone: {discovery} requests, 1 round')
    print(f'{"destinations":>12}  {"requests":>8}  {"wall (best)":>11}  {"wall (all runs)":<24}')
    for n in (1, 5, 25):
        to = ','.join(REGIONS[:n])
        times, counts = [], []
        for run in range(args.runs):
            before = total_requests()
            started = time.monotonic()
            if args.copy:
                r = ctl('--json', 'copy', image, '--to', to, '--agency', 'ims_administrator_agency',
                        '--name', 'bench', '--again')
            else:
                r = ctl('check', image, '--to', to, '--agency', 'ims_administrator_agency')
            times.append(time.monotonic() - started)
            counts.append(total_requests() - before)
            if r.returncode != 0:
                sys.exit(f'ferryctl failed: {r.stderr}')
            if args.copy:
                for t in json.loads(r.stdout)['tasks']:
                    ctl('remove', t['id'])
        print(f'{n:>12}  {counts[0]:>8}  {min(times):>9.3f} s  ' + ', '.join(f'{t:.3f}' for t in times))
    print(f'floor per round: {args.latency_ms / 1000:.3f} s (the sandbox holds each answer that long)')
finally:
    sandbox.terminate()
    sandbox.wait()
    tasks_dir.cleanup()
