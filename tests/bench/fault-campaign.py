#!/usr/bin/env python3
# Benchmark: a fault campaign. At least 100 copies are queued with ferryctl
# against one ferry-sandbox that answers a share of requests with 503s and
# 429s, drops connections (for a copy request: after carrying it out, so
# its answer is lost), and fails a share of copy jobs; every ferryctl is
# killed with SIGKILL at random moments, queueing or following. A copy of
# unknown outcome is decided as a careful user would: look again, then,
# still not found, submit again. Reports what was lost (queued, then gone
# from the list or never settled), what was duplicated (more than one copy
# in the destination for one task), the peak of copies running at once,
# and how the copies ended.
#
#   tests/bench/fault-campaign.py [BUILD_DIR] [--commands 26] [--per-command 4]
#                                 [--seed 1] [--copy-seconds 3]
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import collections
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

parser = argparse.ArgumentParser()
parser.add_argument('build', nargs='?', default=os.path.join(os.path.dirname(__file__), '..', '..', '_build'))
parser.add_argument('--commands', type=int, default=32, help='ferryctl copy commands')
parser.add_argument('--per-command', type=int, default=4, help='destinations per command')
parser.add_argument('--seed', type=int, default=1)
parser.add_argument('--copy-seconds', type=int, default=3)
parser.add_argument('--fail-rate', type=float, default=0.05)
parser.add_argument('--throttle-rate', type=float, default=0.05)
parser.add_argument('--drop-rate', type=float, default=0.05)
parser.add_argument('--job-fail-rate', type=float, default=0.1)
args = parser.parse_args()

SANDBOX = os.path.join(args.build, 'src', 'sandbox', 'ferry-sandbox')
FERRYCTL = os.path.join(args.build, 'src', 'cli', 'ferryctl')
AGENCY = 'ims_administrator_agency'
# Regions a system-disk image of cn-north-4 may go to.
REGIONS = ['cn-north-1', 'cn-north-2', 'cn-north-9', 'cn-east-2', 'cn-east-3', 'cn-east-4',
           'cn-east-5', 'cn-south-1', 'cn-south-2', 'ap-southeast-1', 'ap-southeast-3', 'eu-west-0']

rng = random.Random(args.seed)
tmp = tempfile.TemporaryDirectory(prefix='ferry-campaign-')
sandbox = subprocess.Popen([SANDBOX, '--port', '0', '--copy-seconds', str(args.copy_seconds),
                            '--fail-rate', str(args.fail_rate), '--throttle-rate', str(args.throttle_rate),
                            '--drop-rate', str(args.drop_rate), '--job-fail-rate', str(args.job_fail_rate),
                            '--random-seed', str(args.seed)],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
base = sandbox.stdout.readline().strip().rsplit(' ', 1)[1]
env = {k: v for k, v in os.environ.items() if not k.startswith('HUAWEICLOUD_')}
env.update(LANGUAGE='en', LC_ALL='C.UTF-8', FERRY_TASKS_FILE=os.path.join(tmp.name, 'tasks.json'))
while 'HUAWEICLOUD_SDK_SK' not in env:
    key, _, value = sandbox.stdout.readline().strip().partition('=')
    env[key] = value

stats = collections.Counter()
seen = {}           # task id → (name, destination), every task ever listed
lock = threading.Lock()


def ctl(*argv, timeout=600):
    return subprocess.run([FERRYCTL, *argv], env=env, capture_output=True, text=True, timeout=timeout)


def ctl_json(*argv):
    # The listing commands meet the faults too; they are asked again.
    for _ in range(50):
        r = ctl('--json', *argv)
        if r.returncode == 0:
            return json.loads(r.stdout)
        time.sleep(0.2)
    raise RuntimeError(f'ferryctl {" ".join(argv)} keeps failing: {r.stderr}')


def note_tasks():
    tasks = ctl_json('tasks')['tasks']
    with lock:
        for t in tasks:
            seen.setdefault(t['id'], (t['name'], t['destination_region']))
    return tasks


def sandbox_stats():
    with urllib.request.urlopen(base + '/_sandbox/stats') as r:
        return json.load(r)


def run_killable(argv, kill_probability, longest):
    """Runs ferryctl, SIGKILLed at a random moment with @kill_probability."""
    proc = subprocess.Popen([FERRYCTL, *argv], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    if rng.random() < kill_probability:
        try:
            proc.wait(timeout=rng.uniform(0.05, longest))
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            stats['ferryctl killed'] += 1
    out, err = proc.communicate()
    return proc.returncode, out, err


# A follower that is killed now and then, all along the queueing.
stop_following = threading.Event()


def follow():
    while not stop_following.is_set():
        code, _, _ = run_killable(['wait'], 0.8, 6.0)
        stats[f'background wait exit {code}'] += 1
        time.sleep(0.2)


started = time.monotonic()
image = ctl_json('images', '--name', 'web-server')['images'][0]['id']
follower = threading.Thread(target=follow)
follower.start()

reported = set()    # task ids a finished `copy` said it queued
reasons = collections.Counter()  # copy commands, not killed, that did not end with 0
for i in range(args.commands):
    name = f'campaign-{i:03}'
    destinations = rng.sample(REGIONS, args.per_command)
    # The same image to the same regions again and again, on purpose:
    # --again, or ferryctl refuses a copy made or queued before.
    argv = ['copy', image, '--to', ','.join(destinations), '--agency', AGENCY, '--name', name, '--again']
    if rng.random() < 0.3:
        argv.append('--wait')
    code, out, err = run_killable(argv, 0.3, 2.0)
    stats[f'copy exit {code}'] += 1
    if code not in (0, -signal.SIGKILL):
        # 1: a copy it waited for failed, or it was refused; 3: the
        # service could not be asked; 4: an outcome to decide.
        reasons[f'status {code}'] += 1
    for line in out.splitlines():
        if line.startswith('Queued') and '(task ' in line:
            reported.add(line.rsplit('(task ', 1)[1].rstrip(').'))
    note_tasks()
stop_following.set()
follower.join()

# Drain: followers killed at random until every copy is over; an unknown
# outcome is decided (look again, then submit again).
decisions = collections.Counter()
while True:
    code, out, err = run_killable(['wait'], 0.4, 15.0)
    stats[f'drain wait exit {code}'] += 1
    tasks = note_tasks()
    unknown = [t for t in tasks if t['state'] == 'outcome-unknown']
    stats['unknown outcomes met'] += len(unknown)
    for t in unknown:
        short = t['id'][:8]
        r = ctl('resolve', short, '--look-again')
        if r.returncode == 0:
            decisions['found on looking again'] += 1
            continue
        if r.returncode == 4:
            r = ctl('resolve', short, '--submit-again')
            decisions['submitted again' if r.returncode == 0 else f'submit again exit {r.returncode}'] += 1
        else:
            decisions[f'look again exit {r.returncode}'] += 1
    if code in (0, 1) and all(t['state'] in ('done', 'failed', 'removed') for t in tasks):
        break
elapsed = time.monotonic() - started

# What became of every copy.
final = {t['id']: t for t in note_tasks()}
lost = sorted(set(seen) - set(final)) + sorted(r for r in reported if r not in seen)
unsettled = [t for t in final.values() if t['state'] not in ('done', 'failed', 'removed')]
states = collections.Counter(t['state'] for t in final.values())
errors = collections.Counter(t.get('error_code') or t.get('error_sentence')
                             for t in final.values() if t['state'] == 'failed')

# Duplicates: more than one copy (an image of the task's name that is not
# a failed job's killed one) in the task's destination.
duplicated = []
images_by_region = {}
for task_id, (name, region) in seen.items():
    if region not in images_by_region:
        images_by_region[region] = ctl_json('--region', region, 'images')['images']
    copies = [i for i in images_by_region[region] if i['name'] == name and i['status'] != 'killed']
    if len(copies) > 1:
        duplicated.append((task_id, name, region, len(copies)))
    stats['attempts'] += final.get(task_id, {}).get('attempts', 0)

s = sandbox_stats()
sandbox.send_signal(signal.SIGTERM)
sandbox.wait(timeout=10)

print(f'fault campaign, seed {args.seed}: {args.commands} copy commands × {args.per_command} destinations, '
      f'{args.copy_seconds} s copies; 503 {args.fail_rate:.0%}, 429 {args.throttle_rate:.0%}, '
      f'dropped {args.drop_rate:.0%}, failed jobs {args.job_fail_rate:.0%}')
print(f'copies queued:            {len(seen)}')
print(f'copies lost:              {len(lost)} {lost if lost else ""}')
print(f'copies not settled:       {len(unsettled)}')
print(f'copies duplicated:        {len(duplicated)} {duplicated if duplicated else ""}')
print(f'peak copies at once:      {s["max_concurrent_copies"]} (the service allows 5)')
print(f'outcomes:                 {dict(states)}; failed with {dict(errors)}')
print(f'copy requests received:   {s["requests"].get("POST /v1/cloudimages/{image_id}/cross_region_copy", 0)}, '
      f'jobs made: {s["copies_submitted"]}, submissions: {stats["attempts"]}')
print(f'unknown outcomes decided: {dict(decisions) or 0}')
print(f'copy commands not 0:      {dict(reasons) or 0}')
print(f'ferryctl killed:          {stats["ferryctl killed"]}')
print(f'ferryctl exits:           {dict((k, v) for k, v in stats.items() if "exit" in k)}')
print(f'wall time:                {elapsed:.0f} s')
sys.exit(1 if lost or duplicated or unsettled or s['max_concurrent_copies'] > 5 else 0)
