#!/usr/bin/env python3
# Benchmark: Ferry against a distant endpoint, emulated on loopback.
#
# ferry-sandbox sits behind tests/bench/rtt-proxy.py, which gives every byte
# RTT/2 each way and holds a new connection for 2 RTT (TCP, then TLS 1.3),
# so a request costs 1 RTT on a kept-alive connection and 3 RTT on a new one.
# For each RTT it measures
#
#   listing   ferryctl images of a region with --images N (+12 seed images)
#   check     ferryctl check of one image to every other region (25)
#   dialog    the copy dialog of the real window, from Copy… to ready, the
#             first time and again (bench-copy-dialog, under Xvfb)
#
# and reports the time, the floor, connections opened, requests and round
# trips in sequence. RTT 0 runs first: the same work through the same proxy
# without delay, i.e. what the client, the sandbox and the proxy cost in CPU
# on this machine, which the floor leaves out. Round trips are counted from the proxy's log: a round
# starts whenever a request goes out while no other is waiting for its
# answer. The floor is that count times the RTT measured in the same run
# through the same proxy, plus one connection set-up (2 RTT) for each
# ferryctl run; the dialog's floor assumes the window's connection is
# reused. What the floor does not model: the proxy is one address for every
# service and region, so a connection can serve requests that the real cloud
# sends to different hosts (iam.cn-north-4…, ims.cn-east-2…).
#
#   tests/bench/wire.py [BUILD_DIR] [--rtt-ms 30,150] [--images 10000] [--no-dialog]
#
# Run it on a built tree; for a before/after comparison, run it on two.
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REGIONS = ['cn-north-1', 'cn-north-2', 'cn-north-9', 'cn-east-2', 'cn-east-3', 'cn-east-4',
           'cn-east-5', 'cn-south-1', 'cn-south-2', 'cn-southwest-2', 'ap-southeast-1',
           'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'af-south-1',
           'af-north-1', 'la-south-2', 'la-north-2', 'na-mexico-1', 'sa-brazil-1', 'tr-west-1',
           'me-east-1', 'eu-west-0', 'eu-west-101']
AGENCY = 'ims_administrator_agency'


def start_reading(cmd, want, env=None):
    """Starts @cmd and reads its stdout until every key of @want is set."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env)
    values = {}
    while not all(k in values for k in want):
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(f'{cmd[0]} stopped')
        key, _, value = line.strip().partition('=')
        values[key] = value
    return proc, values


class Proxy:
    def __init__(self, upstream_port, rtt_ms):
        self.log = tempfile.NamedTemporaryFile(prefix='ferry-rtt-', suffix='.jsonl', delete=False).name
        self.proc, values = start_reading(
            [sys.executable, os.path.join(HERE, 'rtt-proxy.py'), '--upstream-port', str(upstream_port),
             '--rtt-ms', str(rtt_ms), '--log', self.log], ['PORT'])
        self.port = int(values['PORT'])
        self.endpoint = f'http://127.0.0.1:{self.port}/{{service}}/{{region}}'

    def stop(self):
        self.proc.terminate()
        self.proc.wait()
        with open(self.log) as f:
            events = [json.loads(line) for line in f if line.strip()]
        os.unlink(self.log)
        return events


def measure_rtt(sandbox_port, rtt_ms):
    """Seconds per request on a kept-alive connection, and on a new one,
    through a proxy of @rtt_ms: the same path, measured now."""
    proxy = Proxy(sandbox_port, rtt_ms)
    try:
        conn = http.client.HTTPConnection('127.0.0.1', proxy.port)
        times = []
        for _ in range(6):
            before = time.monotonic()
            conn.request('GET', '/_sandbox/stats')
            conn.getresponse().read()
            times.append(time.monotonic() - before)
        conn.close()
    finally:
        proxy.stop()
    return statistics.median(times[1:]), times[0]


def last_answer(events, start, end):
    """When the last answer to a request sent in [start, end] arrived."""
    ends = [e['end'] for e in events if e['event'] == 'request' and start <= e['start'] <= end]
    return max(ends) if ends else start


def analyse(events, start=None, end=None):
    """Connections opened, requests and round trips in [start, end]."""
    accepts = [e for e in events if e['event'] == 'accept' and
               (start is None or start <= e['t'] <= end)]
    requests = sorted((e for e in events if e['event'] == 'request' and
                       (start is None or start <= e['start'] <= end)), key=lambda e: e['start'])
    rounds = 0
    busy_until = None
    for r in requests:
        if busy_until is None or r['start'] > busy_until:
            rounds += 1
            busy_until = r['end']
        else:
            busy_until = max(busy_until, r['end'])
    return len(accepts), len(requests), rounds


def ctl(build, env, *args):
    before = time.monotonic()
    r = subprocess.run([os.path.join(build, 'src', 'cli', 'ferryctl'), *args], env=env,
                       capture_output=True, text=True)
    elapsed = time.monotonic() - before
    if r.returncode not in (0, 1):
        raise RuntimeError(f'ferryctl {" ".join(args)}: {r.returncode} {r.stderr}')
    return elapsed, r.stdout


def row(name, seconds, floor, connections, requests, rounds, rtt_ms, waited=None):
    """One line of the report. @waited, when given, is the time to the last
    answer, which is what the floor bounds for the dialog (its drawing
    varies more from run to run than its network time)."""
    if waited is not None:
        ratio = f'×{waited / floor:5.2f}' if floor > 0 else '     -'
        print(f'  {name:<22} {seconds:7.2f} s  floor {floor:6.2f} s  last answer after {waited:5.2f} s {ratio}'
              f'  {rounds:3d} rounds  {requests:4d} requests  {connections:3d} connections')
        return
    if rtt_ms == 0:
        print(f'  {name:<22} {seconds:7.2f} s  (local cost: CPU of client, sandbox and proxy)'
              f'  {rounds:3d} rounds  {requests:4d} requests  {connections:3d} connections')
        return
    ratio = f'×{seconds / floor:5.2f}' if floor > 0 else '     -'
    print(f'  {name:<22} {seconds:7.2f} s  floor {floor:6.2f} s  {ratio}'
          f'  {rounds:3d} rounds  {requests:4d} requests  {connections:3d} connections')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('build', nargs='?', default=os.path.join(HERE, '..', '..', '_build'))
    parser.add_argument('--rtt-ms', default='0,30,150')
    parser.add_argument('--images', type=int, default=10000)
    parser.add_argument('--no-dialog', action='store_true')
    args = parser.parse_args()
    build = os.path.abspath(args.build)

    sandbox, values = start_reading(
        [os.path.join(build, 'src', 'sandbox', 'ferry-sandbox'), '--port', '0',
         '--images-per-region', str(args.images)],
        ['FERRY_ENDPOINT', 'HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK'])
    sandbox_port = int(values['FERRY_ENDPOINT'].split(':')[2].split('/')[0])
    home = tempfile.mkdtemp(prefix='ferry-bench-')
    env = dict(os.environ, HUAWEICLOUD_SDK_AK=values['HUAWEICLOUD_SDK_AK'],
               HUAWEICLOUD_SDK_SK=values['HUAWEICLOUD_SDK_SK'], LANGUAGE='en',
               XDG_DATA_HOME=os.path.join(home, 'data'), XDG_CONFIG_HOME=os.path.join(home, 'config'),
               XDG_CACHE_HOME=os.path.join(home, 'cache'), GSETTINGS_BACKEND='memory',
               GSETTINGS_SCHEMA_DIR=os.path.join(build, 'data'), NO_AT_BRIDGE='1',
               TEXTDOMAINDIR=os.path.join(build, 'po'))
    try:
        direct = dict(env, FERRY_ENDPOINT=values['FERRY_ENDPOINT'])
        _, out = ctl(build, direct, '--json', 'images', '--name', 'web-server')
        image = json.loads(out)['images'][0]['id']
        print(f'build {build}: {args.images + 12} images in cn-north-4, check to {len(REGIONS)} regions')

        for rtt_ms in (float(x) for x in args.rtt_ms.split(',')):
            kept, fresh = measure_rtt(sandbox_port, rtt_ms)
            print(f'\nRTT {rtt_ms:g} ms: measured {kept * 1000:.1f} ms a request on a kept-alive '
                  f'connection, {fresh * 1000:.1f} ms on a new one')
            if rtt_ms == 0:
                kept = 0.0

            proxy = Proxy(sandbox_port, rtt_ms)
            seconds, out = ctl(build, dict(env, FERRY_ENDPOINT=proxy.endpoint), '--json', 'images')
            connections, requests, rounds = analyse(proxy.stop())
            row(f'listing ({json.loads(out)["count"]})', seconds, (rounds + 2) * kept,
                connections, requests, rounds, rtt_ms)

            proxy = Proxy(sandbox_port, rtt_ms)
            seconds, _ = ctl(build, dict(env, FERRY_ENDPOINT=proxy.endpoint), 'check', image,
                             '--to', ','.join(REGIONS), '--agency', AGENCY)
            connections, requests, rounds = analyse(proxy.stop())
            row(f'check ({len(REGIONS)} regions)', seconds, (rounds + 2) * kept,
                connections, requests, rounds, rtt_ms)

            if args.no_dialog:
                continue
            proxy = Proxy(sandbox_port, rtt_ms)
            cmd = [os.path.join(build, 'tests', 'bench', 'bench-copy-dialog'), '--endpoint',
                   proxy.endpoint]
            if shutil.which('xvfb-run') and 'DISPLAY' not in env:
                cmd = ['dbus-run-session', '--', 'xvfb-run', '-a', '-s', '-screen 0 1280x800x24', *cmd]
            r = subprocess.run(cmd, env=env, capture_output=True, text=True)
            events = proxy.stop()
            if r.returncode != 0:
                raise RuntimeError(f'bench-copy-dialog: {r.returncode} {r.stderr[-2000:]}')
            for line in r.stdout.splitlines():
                words = line.split()
                if not words or words[0] not in ('images', 'dialog', 'dialog-again'):
                    continue
                start, end = int(words[1]) / 1e6, int(words[2]) / 1e6
                connections, requests, rounds = analyse(events, start, end)
                if words[0] == 'images':
                    row(f'app: images ({words[3]})', end - start, (rounds + 2) * kept,
                        connections, requests, rounds, rtt_ms)
                else:
                    name = 'copy dialog, first' if words[0] == 'dialog' else 'copy dialog, again'
                    row(name, end - start, rounds * kept, connections, requests, rounds, rtt_ms,
                        waited=last_answer(events, start, end) - start)
    finally:
        sandbox.terminate()
        sandbox.wait()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == '__main__':
    main()
