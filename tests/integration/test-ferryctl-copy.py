#!/usr/bin/env python3
# ferryctl's copies against ferry-sandbox processes: the limit of five, the
# queue file shared between runs, SIGKILL at any moment, faults, a sandbox
# restarted mid-copy, a damaged queue file, and never a duplicate copy.
# SPDX-License-Identifier: GPL-3.0-or-later

import fcntl
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata
import unittest
import urllib.request

BUILD = sys.argv.pop(1)
SANDBOX = os.path.join(BUILD, 'src', 'sandbox', 'ferry-sandbox')
FERRYCTL = os.path.join(BUILD, 'src', 'cli', 'ferryctl')
LOCALEDIR = os.path.join(BUILD, 'po')
AGENCY = 'ims_administrator_agency'
DELAYS = [float(d) for d in os.environ.get('KILL_DELAYS', '0.1 0.4 1.0 2.0 3.3').split()]
# Twelve regions a system-disk image of cn-north-4 may go to.
REGIONS = ['cn-north-1', 'cn-north-2', 'cn-north-9', 'cn-east-2', 'cn-east-3', 'cn-east-4',
           'cn-east-5', 'cn-south-1', 'cn-south-2', 'ap-southeast-1', 'ap-southeast-3',
           'eu-west-0']


def width(text):
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in text)


class Sandbox:
    def __init__(self, *args, state=None):
        extra = ['--state', state] if state else []
        self.proc = subprocess.Popen([SANDBOX, '--port', '0', *extra, *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        first = self.proc.stdout.readline()
        self.base = first.strip().rsplit(' ', 1)[1]
        self.env = {}
        while 'HUAWEICLOUD_SDK_SK' not in self.env:
            key, _, value = self.proc.stdout.readline().strip().partition('=')
            self.env[key] = value

    def stats(self):
        with urllib.request.urlopen(self.base + '/_sandbox/stats') as r:
            return json.load(r)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=10)
        self.proc.stdout.close()


class Copies(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.tasks_file = os.path.join(self.dir.name, 'tasks.json')
        self.sandboxes = []

    def tearDown(self):
        for s in self.sandboxes:
            if s.proc.poll() is None:
                s.stop()
        self.dir.cleanup()

    def sandbox(self, *args, **kw):
        s = Sandbox(*args, **kw)
        self.sandboxes.append(s)
        return s

    def env(self, sandbox, lang='en'):
        e = {k: v for k, v in os.environ.items() if not k.startswith('HUAWEICLOUD_')}
        e.update(sandbox.env, LANG='C.UTF-8', LC_ALL='', LANGUAGE=lang, TEXTDOMAINDIR=LOCALEDIR,
                 FERRY_TASKS_FILE=self.tasks_file)
        return e

    def ctl(self, sandbox, *args, lang='en', timeout=240):
        return subprocess.run([FERRYCTL, *args], capture_output=True, text=True,
                              env=self.env(sandbox, lang), timeout=timeout)

    def image(self, sandbox, name='web-server'):
        r = self.ctl(sandbox, '--json', 'images', '--name', name)
        return json.loads(r.stdout)['images'][0]['id']

    def copies_in(self, sandbox, region, name):
        r = self.ctl(sandbox, '--json', '--region', region, 'images', '--name', name)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)['count']

    def tasks(self, sandbox):
        return json.loads(self.ctl(sandbox, '--json', 'tasks').stdout)['tasks']

    def test_twelve_copies_five_at_a_time(self):
        s = self.sandbox('--copy-seconds', '3')
        r = self.ctl(s, '--json', 'copy', self.image(s), '--to', ','.join(REGIONS), '--agency', AGENCY,
                     '--name', 'twelve', '--wait')
        self.assertEqual(r.returncode, 0, r.stderr)
        tasks = json.loads(r.stdout)['tasks']
        self.assertEqual(len(tasks), 12)
        self.assertTrue(all(t['state'] == 'done' for t in tasks))
        stats = s.stats()
        self.assertEqual(stats['max_concurrent_copies'], 5)
        self.assertEqual(stats['copies_submitted'], 12)
        for region in REGIONS:
            self.assertEqual(self.copies_in(s, region, 'twelve'), 1, region)
        polls = sum(v for k, v in stats['requests'].items() if 'job' in k)
        print(f'# job polls per finished copy (3 s copies): {polls / 12:.1f}')

    def test_kill_at_any_moment(self):
        s = self.sandbox('--copy-seconds', '3')
        image = self.image(s)
        regions = REGIONS[:7]
        # Killed while queueing, submitting, running (twice) and finishing.
        for delay in DELAYS:
            # The same copies each time, on purpose: --again.
            proc = subprocess.Popen([FERRYCTL, 'copy', image, '--to', ','.join(regions), '--agency',
                                     AGENCY, '--name', 'killed', '--wait', '--again'],
                                    env=self.env(s), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            r = self.ctl(s, 'wait')
            # Killed between saving "submitting" and the answer: if the copy
            # is not in the destination, nothing proves it was never sent,
            # so an unattended wait says so (status 4, with the command to
            # decide) instead of sending it again. Here a user who checked
            # would know it was not sent: submit again.
            while r.returncode == 4:
                unknown = [t for t in self.tasks(s) if t['state'] == 'outcome-unknown']
                self.assertTrue(unknown, r.stdout + r.stderr)
                for t in unknown:
                    self.assertIn('ferryctl resolve ' + t['id'][:8], r.stderr)
                    d = self.ctl(s, 'resolve', t['id'][:8], '--submit-again')
                    self.assertEqual(d.returncode, 0, d.stdout + d.stderr)
                r = self.ctl(s, 'wait')
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        # A run killed early queued only some destinations; whatever was
        # queued was copied exactly once, and nothing else was.
        tasks = self.tasks(s)
        self.assertTrue(tasks)
        self.assertTrue(all(t['state'] == 'done' for t in tasks), tasks)
        for region in regions:
            queued = sum(1 for t in tasks if t['destination_region'] == region)
            self.assertEqual(self.copies_in(s, region, 'killed'), queued, region)
        self.assertEqual(s.stats()['copies_submitted'], len(tasks))
        self.assertLessEqual(s.stats()['max_concurrent_copies'], 5)

    def test_faults_still_once(self):
        # Answers lost after the server acted: each copy must be found in the
        # destination, not sent again. (A 503 or 429 on a copy request makes
        # the queue wait minutes before it may resend; test-copy-queue covers
        # those on a faster clock.)
        s = self.sandbox('--copy-seconds', '3', '--drop-rate', '0.15', '--random-seed', '11')
        image = None
        while image is None:
            try:
                image = self.image(s)
            except (json.JSONDecodeError, IndexError):
                pass
        regions = REGIONS[:6]
        r = self.ctl(s, 'copy', image, '--to', ','.join(regions), '--agency', AGENCY,
                     '--name', 'faulty', '--wait')
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        for region in regions:
            count = None
            while count is None:
                try:
                    count = self.copies_in(s, region, 'faulty')
                except (AssertionError, json.JSONDecodeError):
                    pass
            self.assertEqual(count, 1, region)

    def test_sandbox_restarted_mid_copy(self):
        state = os.path.join(self.dir.name, 'sandbox.json')
        s = self.sandbox('--copy-seconds', '6', state=state)
        image = self.image(s)
        r = self.ctl(s, 'copy', image, '--to', 'cn-east-2,ap-southeast-3', '--agency', AGENCY,
                     '--name', 'restarted')
        self.assertEqual(r.returncode, 0, r.stderr)
        proc = subprocess.Popen([FERRYCTL, 'wait'], env=self.env(s), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(2.5)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        self.assertTrue(any(t['state'] == 'running' for t in self.tasks(s)))
        s.stop()
        s2 = self.sandbox('--copy-seconds', '6', state=state)
        r = self.ctl(s2, 'wait')
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(self.copies_in(s2, 'cn-east-2', 'restarted'), 1)
        self.assertEqual(self.copies_in(s2, 'ap-southeast-3', 'restarted'), 1)
        self.assertEqual(s2.stats()['copies_submitted'], 0)

    def test_corrupt_queue_file_kept(self):
        s = self.sandbox('--copy-seconds', '2')
        with open(self.tasks_file, 'w') as f:
            f.write('{"format": 1, "tasks": [')
        r = self.ctl(s, 'tasks')
        self.assertEqual(r.returncode, 0, r.stderr)
        kept = [n for n in os.listdir(self.dir.name) if n.startswith('tasks.json.corrupt')]
        self.assertEqual(len(kept), 1)
        self.assertIn(kept[0], r.stderr)
        with open(os.path.join(self.dir.name, kept[0])) as f:
            self.assertEqual(f.read(), '{"format": 1, "tasks": [')
        zh = self.ctl(s, 'tasks', lang='zh_CN')
        self.assertEqual(zh.returncode, 0)

    def test_not_saved_not_queued(self):
        # Whatever stops the list of copies from being saved, nothing is
        # queued, nothing is sent, and ferryctl says why with status 1.
        s = self.sandbox('--copy-seconds', '2')
        image = self.image(s)

        def refused(why, reason):
            r = self.ctl(s, 'copy', image, '--to', 'cn-east-2', '--agency', AGENCY, '--name', 'unsaved')
            self.assertEqual(r.returncode, 1, why + ': ' + r.stdout + r.stderr)
            self.assertNotIn('Queued', r.stdout, why)
            self.assertTrue(r.stderr.startswith('ferryctl: '), why)
            self.assertIn(reason, r.stderr, why)
            self.assertEqual(s.stats()['copies_submitted'], 0, why)
            return r

        # The file is a folder: it cannot be read, so nothing is listed either.
        os.mkdir(self.tasks_file)
        refused('a folder', 'could not be read')
        t = self.ctl(s, 'tasks')
        self.assertEqual(t.returncode, 1)
        self.assertIn(self.tasks_file, t.stderr)
        os.rmdir(self.tasks_file)

        # Another process holds the lock for longer than the wait.
        lock = open(self.tasks_file + '.lock', 'w')
        fcntl.flock(lock, fcntl.LOCK_EX)
        start = time.monotonic()
        refused('a lock held', 'Another Ferry program')
        self.assertGreater(time.monotonic() - start, 5)
        lock.close()

        # The file cannot be written (a full disk, as root sees it too; a
        # read-only folder for everybody else).
        if os.geteuid() != 0:
            os.chmod(self.dir.name, 0o500)
            try:
                refused('a read-only folder', 'Nothing was queued')
            finally:
                os.chmod(self.dir.name, 0o700)
        r = subprocess.run([FERRYCTL, 'copy', image, '--to', 'cn-east-2', '--agency', AGENCY,
                            '--name', 'unsaved'], capture_output=True, text=True, env=self.env(s),
                           preexec_fn=lambda: (signal.signal(signal.SIGXFSZ, signal.SIG_IGN),
                                               resource.setrlimit(resource.RLIMIT_FSIZE, (16, 16))))
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertNotIn('Queued', r.stdout)
        self.assertIn('Nothing was queued. The list of copies could not be saved', r.stderr)
        self.assertEqual(s.stats()['copies_submitted'], 0)
        # And once it can be saved, it is.
        r = self.ctl(s, 'copy', image, '--to', 'cn-east-2', '--agency', AGENCY, '--name', 'saved')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('Queued', r.stdout)
        self.assertEqual(len(self.tasks(s)), 1)

    def test_damaged_file_keeps_what_it_can(self):
        s = self.sandbox('--copy-seconds', '2')
        r = self.ctl(s, 'copy', self.image(s), '--to', 'cn-east-2,cn-east-3,cn-north-1', '--agency', AGENCY,
                     '--name', 'damaged')
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(self.tasks_file) as f:
            text = f.read()
        # The last task cut short.
        with open(self.tasks_file, 'w') as f:
            f.write(text[:-60])
        r = self.ctl(s, '--json', 'tasks')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(json.loads(r.stdout)['tasks']), 2)
        kept = [n for n in os.listdir(self.dir.name) if n.startswith('tasks.json.corrupt')]
        self.assertEqual(len(kept), 1)
        self.assertIn(kept[0], r.stderr)
        self.assertIn('2 copies in it could be read and are kept', r.stderr)
        self.assertIn('1 copy could not be read and was set aside', r.stderr)
        with open(os.path.join(self.dir.name, kept[0])) as f:
            self.assertEqual(f.read(), text[:-60])
        # Repaired: read again without a word.
        r = self.ctl(s, 'tasks')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, '')
        zh = self.ctl(s, 'tasks', lang='zh_CN')
        self.assertEqual(zh.returncode, 0)

    def test_newer_file_left_alone(self):
        s = self.sandbox('--copy-seconds', '2')
        newer = '{"format": 9, "tasks": [], "fleet": {}}\n'
        with open(self.tasks_file, 'w') as f:
            f.write(newer)
        for args in (['tasks'], ['wait'], ['copy', self.image(s), '--to', 'cn-east-2', '--agency', AGENCY]):
            r = self.ctl(s, *args)
            self.assertEqual(r.returncode, 1, args)
            self.assertIn('newer version of Ferry', r.stderr, args)
        with open(self.tasks_file) as f:
            self.assertEqual(f.read(), newer)
        self.assertEqual(sorted(os.listdir(self.dir.name)), ['tasks.json', 'tasks.json.lock'])
        self.assertEqual(s.stats()['copies_submitted'], 0)
        zh = self.ctl(s, 'tasks', lang='zh_CN')
        self.assertEqual(zh.returncode, 1)
        self.assertIn('更新版本', zh.stderr)

    def make_unknown(self, task_id, submitted_ago=600, forget_job=True):
        # What a lost answer leaves once the copy was not found.
        with open(self.tasks_file) as f:
            data = json.load(f)
        for t in data['tasks']:
            if t['id'] == task_id:
                t['state'] = 'outcome-unknown'
                t['attempts'] = 1
                t['submitted_at'] = time.strftime('%Y-%m-%dT%H:%M:%S.000000Z',
                                                  time.gmtime(time.time() - submitted_ago))
                t['error_code'] = 'APIGW.0201'
                t['error_message'] = 'Backend unavailable.'
                t['error_sentence'] = 'Whether Huawei Cloud made this copy is not known.'
                t['hint'] = 'Decide.'
                if forget_job:
                    for member in ('job_id', 'job_endpoint', 'new_image_id'):
                        t.pop(member, None)
                t.pop('owner', None)
        data['format'] = 2
        with open(self.tasks_file, 'w') as f:
            json.dump(data, f)

    def test_outcome_unknown_decided(self):
        s = self.sandbox('--copy-seconds', '2')
        image = self.image(s)
        # Never sent: its copy is nowhere.
        r = self.ctl(s, '--json', 'copy', image, '--to', 'cn-east-2', '--agency', AGENCY, '--name', 'unknown')
        self.assertEqual(r.returncode, 0, r.stderr)
        lost = json.loads(r.stdout)['tasks'][0]['id']
        self.make_unknown(lost)
        short = lost[:8]

        r = self.ctl(s, 'tasks')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('Outcome Unknown: decide with ferryctl resolve ' + short, r.stdout)
        self.assertIn('Ferry looked for a private image named “unknown” in CN East-Shanghai2', r.stderr)
        # Unattended, wait says so and exits 4; it sends nothing.
        start = time.monotonic()
        r = self.ctl(s, 'wait')
        self.assertEqual(r.returncode, 4, r.stdout + r.stderr)
        self.assertLess(time.monotonic() - start, 30)
        self.assertIn('Decide with: ferryctl resolve ' + short + ' --look-again | --submit-again', r.stderr)
        self.assertEqual(s.stats()['copies_submitted'], 0)
        # The decision.
        self.assertEqual(self.ctl(s, 'resolve', short).returncode, 2)
        r = self.ctl(s, 'resolve', short, '--look-again')
        self.assertEqual(r.returncode, 4, r.stdout + r.stderr)
        self.assertEqual(s.stats()['copies_submitted'], 0)
        r = self.ctl(s, 'resolve', short, '--submit-again', '--wait')
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(s.stats()['copies_submitted'], 1)
        self.assertEqual(self.copies_in(s, 'cn-east-2', 'unknown'), 1)
        r = self.ctl(s, 'resolve', short, '--submit-again')
        self.assertEqual(r.returncode, 1)
        zh = self.ctl(s, 'tasks', lang='zh_CN')
        self.assertEqual(zh.returncode, 0)

        # Made, but its answer lost: looking again finds it, and nothing is
        # sent again.
        r = self.ctl(s, '--json', 'copy', image, '--to', 'cn-east-3', '--agency', AGENCY, '--name',
                     'found-later', '--wait')
        self.assertEqual(r.returncode, 0, r.stderr)
        made = json.loads(r.stdout)['tasks'][0]['id']
        self.make_unknown(made)
        r = self.ctl(s, 'wait')
        self.assertEqual(r.returncode, 4, r.stdout + r.stderr)
        r = self.ctl(s, 'resolve', made[:8], '--look-again')
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn('Found the copy “found-later” in CN East-Shanghai1', r.stdout)
        r = self.ctl(s, 'wait')
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual([t['state'] for t in self.tasks(s) if t['id'] == made], ['done'])
        self.assertEqual(s.stats()['copies_submitted'], 2)
        self.assertEqual(self.copies_in(s, 'cn-east-3', 'found-later'), 1)

    def test_outcome_unknown_is_an_earlier_copy(self):
        # A copy whose outcome is unknown may have been made: the same copy
        # is refused without --again, with the command that decides it.
        s = self.sandbox('--copy-seconds', '2')
        image = self.image(s)
        args = ('copy', image, '--to', 'cn-east-2', '--agency', AGENCY, '--name', 'lost')
        r = self.ctl(s, '--json', *args)
        self.assertEqual(r.returncode, 0, r.stderr)
        lost = json.loads(r.stdout)['tasks'][0]['id']
        self.make_unknown(lost)
        for lang, words in (('en', 'outcome is unknown'), ('zh_CN', '结果未知')):
            r = self.ctl(s, *args, lang=lang)
            self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
            self.assertIn(words, r.stderr)
            self.assertIn('--again', r.stderr)
            self.assertIn('ferryctl resolve ' + lost[:8], r.stderr)
        self.assertEqual(len(self.tasks(s)), 1)
        self.assertEqual(s.stats()['copies_submitted'], 0)
        # check says the same.
        data = json.loads(self.ctl(s, '--json', 'check', image, '--to', 'cn-east-2').stdout)
        self.assertEqual(data['destinations'][0]['earlier_copy']['kind'], 'in-queue')
        self.assertEqual(data['destinations'][0]['earlier_copy']['task'], lost)
        text = self.ctl(s, 'check', image, '--to', 'cn-east-2').stdout
        self.assertIn('Decide with: ferryctl resolve ' + lost[:8], text)
        # --again queues it anyway, as asked.
        r = self.ctl(s, *args, '--again')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(self.tasks(s)), 2)

    def test_failed_jobs(self):
        # The service fails every copy: wait says so (status 1) with its code.
        s = self.sandbox('--copy-seconds', '2', '--job-fail-rate', '1', '--random-seed', '5')
        r = self.ctl(s, 'copy', self.image(s), '--to', 'cn-east-2', '--agency', AGENCY, '--name', 'doomed',
                     '--wait')
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn('IMG.0014', r.stdout)
        tasks = self.tasks(s)
        self.assertEqual([t['state'] for t in tasks], ['failed'])
        self.assertEqual(tasks[0]['error_code'], 'IMG.0014')
        self.assertEqual(s.stats()['copies_running'], 0)

    def test_remove_only_queued(self):
        s = self.sandbox('--copy-seconds', '2')
        r = self.ctl(s, '--json', 'copy', self.image(s), '--to', 'cn-east-2,cn-east-3', '--agency',
                     AGENCY, '--name', 'removed')
        self.assertEqual(r.returncode, 0, r.stderr)
        first, second = (t['id'] for t in json.loads(r.stdout)['tasks'])
        self.assertEqual(self.ctl(s, 'remove', first[:8]).returncode, 0)
        self.assertEqual([t['id'] for t in self.tasks(s)], [second])
        self.assertEqual(self.ctl(s, 'wait', second).returncode, 0)
        # A finished copy is cleared, not removed; a started one cannot be
        # taken back: the service has no cancel.
        r = self.ctl(s, 'remove', second)
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stderr.startswith('ferryctl: '))
        self.assertEqual([t['id'] for t in self.tasks(s)], [second])
        self.assertEqual(self.copies_in(s, 'cn-east-2', 'removed'), 0)
        self.assertEqual(self.copies_in(s, 'cn-east-3', 'removed'), 1)

    def test_refused_and_both_languages(self):
        s = self.sandbox('--copy-seconds', '2')
        r = self.ctl(s, 'copy', self.image(s, 'secure-encrypted'), '--to', 'cn-east-2', '--agency', AGENCY)
        self.assertEqual(r.returncode, 1)
        self.assertIn('IMG.0143', r.stderr)
        self.assertEqual(self.tasks(s), [])
        r = self.ctl(s, 'copy', self.image(s), '--to', 'cn-east-2', '--agency', AGENCY, '--wait',
                     lang='zh_CN')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('华东-上海二', r.stdout)
        self.assertIn('完成', r.stdout)
        self.assertIn('copy_华北-北京四_web-server', r.stdout)
        r = self.ctl(s, 'copy', self.image(s), '--to', 'cn-east-2')
        self.assertEqual(r.returncode, 2)
        r = self.ctl(s, 'copy', self.image(s), '--to', 'cn-east-2', '--agency', AGENCY, '--name', ' bad')
        self.assertEqual(r.returncode, 2)

    def test_no_identical_copy_twice(self):
        s = self.sandbox('--copy-seconds', '2')
        image = self.image(s)
        args = ('copy', 'web-server', '--to', 'cn-east-2', '--agency', AGENCY, '--name', 'twice')
        self.assertEqual(self.ctl(s, *args).returncode, 0)
        # The same copy, queued already: refused, and nothing queued.
        for lang, words in (('en', '--again'), ('zh_CN', '--again')):
            r = self.ctl(s, *args, lang=lang)
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertIn(words, r.stderr)
        self.assertIn('queue', self.ctl(s, *args).stderr)
        self.assertEqual(len(self.tasks(s)), 1)
        # Once done, Ferry's history says so.
        self.assertEqual(self.ctl(s, 'wait').returncode, 0)
        r = self.ctl(s, *args)
        self.assertEqual(r.returncode, 1)
        self.assertIn('before', r.stderr)
        # Another machine (another task file) has no history: the
        # destination's listing finds the copy all the same.
        copy_id = json.loads(self.ctl(s, '--json', '--region', 'cn-east-2', 'images', '--name',
                                      'twice').stdout)['images'][0]['id']
        os.rename(self.tasks_file, self.tasks_file + '.elsewhere')
        r = self.ctl(s, *args)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn(copy_id, r.stderr)
        self.assertEqual(self.tasks(s), [])
        # --again makes it, as asked.
        r = self.ctl(s, *args, '--again', '--wait')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.copies_in(s, 'cn-east-2', 'twice'), 2)

    def test_check_tells_of_earlier_copies(self):
        s = self.sandbox('--copy-seconds', '2')
        image = self.image(s)
        r = self.ctl(s, 'copy', image, '--to', 'cn-east-2', '--agency', AGENCY, '--wait')
        self.assertEqual(r.returncode, 0, r.stderr)
        data = json.loads(self.ctl(s, '--json', 'check', image, '--to', 'cn-east-2,cn-south-1').stdout)
        first, second = data['destinations']
        self.assertEqual(first['earlier_copy']['kind'], 'made')
        self.assertTrue(first['allowed'])
        self.assertIsNone(second['earlier_copy'])
        text = self.ctl(s, 'check', image, '--to', 'cn-east-2', '--agency', AGENCY)
        self.assertEqual(text.returncode, 0)
        self.assertIn('--again', text.stdout)

    def test_tasks_and_wait_read_well(self):
        s = self.sandbox('--copy-seconds', '2')
        image = self.image(s)
        # 华东二 and 非洲-约翰内斯堡: names of very different widths.
        r = self.ctl(s, 'copy', image, '--to', 'cn-east-4,af-south-1', '--agency', AGENCY)
        self.assertEqual(r.returncode, 0, r.stderr)
        # As the tasks page says it.
        tasks = self.ctl(s, 'tasks').stdout
        self.assertIn('1st in line', tasks)
        self.assertIn('2nd in line', tasks)
        self.assertIn('排第2位', self.ctl(s, 'tasks', lang='zh_CN').stdout)
        # Off a terminal, one line per change: the percentages in one
        # column whatever the region names, Chinese ones too.
        r = self.ctl(s, 'wait', lang='zh_CN')
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = [l for l in r.stdout.splitlines() if '%' in l]
        self.assertGreater(len(lines), 4)
        columns = {width(l[:l.index('%')]) for l in lines}
        self.assertEqual(len(columns), 1, r.stdout)
        # The new images, by id, without --json.
        for region in ('cn-east-4', 'af-south-1'):
            new = json.loads(self.ctl(s, '--json', '--region', region, 'images', '--name',
                                      'copy_CN North-Beijing4_web-server').stdout)['images']
            self.assertEqual(len(new), 1, region)
            self.assertIn(new[0]['id'], r.stdout)


if __name__ == '__main__':
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f'{result.testsRun - failed} passed, {failed} failed')
    sys.exit(1 if failed else 0)
