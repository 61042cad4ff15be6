#!/usr/bin/env python3
# ferryctl agency list/create/check/grant against a ferry-sandbox process on
# loopback: the steps, the exit codes, a duplicate name, a refused grant and
# its resumption, and a copy that IMS refuses until the agency is repaired.
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import subprocess
import sys
import unittest
import urllib.request

BUILD = sys.argv.pop(1)
SANDBOX = os.path.join(BUILD, 'src', 'sandbox', 'ferry-sandbox')
FERRYCTL = os.path.join(BUILD, 'src', 'cli', 'ferryctl')
LOCALEDIR = os.path.join(BUILD, 'po')
REGIONS = 'cn-north-4,cn-east-2'


class FerryctlAgency(unittest.TestCase):
    def setUp(self):
        self.sandbox = subprocess.Popen([SANDBOX, '--port', '0', '--copy-seconds', '2'],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = self.sandbox.stdout.readline()
        self.assertTrue(first.startswith('ferry-sandbox listening on '), first)
        self.base = first.split(' on ', 1)[1].strip()
        self.env = {}
        while 'HUAWEICLOUD_SDK_SK' not in self.env:
            key, _, value = self.sandbox.stdout.readline().strip().partition('=')
            self.env[key] = value

    def tearDown(self):
        self.sandbox.terminate()
        self.sandbox.wait(timeout=10)
        self.sandbox.stdout.close()
        self.sandbox.stderr.close()

    def control(self, route, body):
        req = urllib.request.Request(self.base + route, data=json.dumps(body).encode(),
                                     method='POST', headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(req, timeout=10) as answer:
            return json.load(answer)

    def stats(self):
        with urllib.request.urlopen(self.base + '/_sandbox/stats', timeout=10) as answer:
            return json.load(answer)['requests']

    def run_ctl(self, *args, lang='en'):
        e = {k: v for k, v in os.environ.items()
             if not k.startswith('HUAWEICLOUD_') and k != 'FERRY_ENDPOINT'}
        e.update(LANG='C.UTF-8', LC_ALL='', LANGUAGE=lang, TEXTDOMAINDIR=LOCALEDIR,
                 XDG_DATA_HOME=os.path.join(BUILD, 'tests', 'ferryctl-agency-data'))
        e.update(self.env)
        return subprocess.run([FERRYCTL, *args], capture_output=True, text=True, env=e, timeout=60)

    def json(self, *args, code=0):
        r = self.run_ctl('--json', *args)
        self.assertEqual(r.returncode, code, r.stderr)
        return json.loads(r.stdout)

    def test_list(self):
        names = [a['name'] for a in self.json('agency', 'list')['agencies']]
        self.assertIn('ims_partial_agency', names)
        # The old command stays.
        self.assertEqual(names, [a['name'] for a in self.json('agencies')['agencies']])
        self.assertIn('永久', self.run_ctl('agency', 'list', lang='zh_CN').stdout)

    def test_create_check_grant(self):
        r = self.run_ctl('agency', 'create', 'copy_agency', '--regions', REGIONS,
                         '--duration', 'one-day', '--description', 'For the move')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('Create the agency “copy_agency” for IMS: done', r.stdout)
        self.assertIn('Grant IMS Administrator in CN East-Shanghai2 (project cn-east-2): done',
                      r.stdout)
        agency = next(a for a in self.json('agency', 'list')['agencies']
                      if a['name'] == 'copy_agency')
        self.assertTrue(agency['trusts_ims'])
        self.assertEqual(agency['duration'], 'ONEDAY')
        self.assertEqual(agency['description'], 'For the move')
        check = self.json('agency', 'check', 'copy_agency', '--regions', REGIONS)
        self.assertTrue(check['complete'])
        self.assertEqual([g['granted'] for g in check['regions']], [True, True])
        # Granting what is there sends nothing.
        before = self.stats().get('PUT /v3.0/OS-AGENCY/projects/{project_id}/agencies/{agency_id}/roles/{role_id}')
        r = self.run_ctl('agency', 'grant', 'copy_agency', '--regions', REGIONS)
        self.assertEqual(r.returncode, 0, r.stderr)
        after = self.stats().get('PUT /v3.0/OS-AGENCY/projects/{project_id}/agencies/{agency_id}/roles/{role_id}')
        self.assertEqual(before, after)

    def test_duplicate(self):
        r = self.run_ctl('agency', 'create', 'ims_administrator_agency', '--regions', REGIONS)
        self.assertEqual(r.returncode, 1)
        self.assertIn('exists already', r.stderr)
        # Told before anything was sent.
        self.assertNotIn('POST /v3.0/OS-AGENCY/agencies', self.stats())
        zh = self.run_ctl('agency', 'create', 'ims_administrator_agency', '--regions', REGIONS,
                          lang='zh_CN')
        self.assertEqual(zh.returncode, 1)
        self.assertIn('已存在', zh.stderr)

    def test_check_and_repair_partial(self):
        r = self.run_ctl('agency', 'check', 'ims_partial_agency', '--regions', REGIONS)
        self.assertEqual(r.returncode, 1)
        self.assertIn('missing', r.stdout)
        check = self.json('agency', 'check', 'ims_partial_agency', '--regions', REGIONS, code=1)
        self.assertEqual([g['granted'] for g in check['regions']], [True, False])
        # A copy with it is refused by IMS itself.
        image = self.json('images', '--name', 'web-server')['images'][0]['id']
        r = self.run_ctl('copy', image, '--to', 'cn-east-2', '--agency', 'ims_partial_agency')
        self.assertEqual(r.returncode, 1)
        self.assertIn('IMG.0151', r.stdout + r.stderr)

        grant = self.json('agency', 'grant', 'ims_partial_agency', '--regions', REGIONS)
        self.assertTrue(grant['complete'])
        # Exactly the missing grant: one region.
        self.assertEqual([s['region'] for s in grant['steps'] if s['step'] == 'grant'],
                         ['cn-east-2'])
        self.assertTrue(self.json('agency', 'check', 'ims_partial_agency', '--regions',
                                  REGIONS)['complete'])

    def test_refused_grant_then_resumed(self):
        self.control('/_sandbox/refuse-grants', {'region': 'cn-east-2', 'count': 1})
        r = self.run_ctl('--json', 'agency', 'create', 'half_agency', '--regions', REGIONS)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn('IAM.0002', r.stderr)
        data = json.loads(r.stdout)
        self.assertFalse(data['complete'])
        states = {s.get('region', s['step']): s['state'] for s in data['steps']}
        self.assertEqual(states, {'create': 'done', 'find-role': 'done', 'cn-north-4': 'done',
                                  'cn-east-2': 'failed', 'verify': 'pending'})
        self.assertEqual(self.run_ctl('agency', 'check', 'half_agency', '--regions',
                                      REGIONS).returncode, 1)
        r = self.run_ctl('agency', 'grant', 'half_agency', '--regions', REGIONS)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn('cn-north-4', r.stdout)
        self.assertEqual(self.run_ctl('agency', 'check', 'half_agency', '--regions',
                                      REGIONS).returncode, 0)
        self.assertEqual(self.stats()['POST /v3.0/OS-AGENCY/agencies'], 1)

    def test_unsuitable(self):
        r = self.run_ctl('agency', 'check', 'ecs_agency', '--regions', REGIONS)
        self.assertEqual(r.returncode, 1)
        self.assertIn('not to IMS', r.stdout)
        r = self.run_ctl('agency', 'grant', 'ecs_agency', '--regions', REGIONS)
        self.assertEqual(r.returncode, 1)
        self.assertIn('not delegated to IMS', r.stderr)

    def test_usage(self):
        for args in (['agency'], ['agency', 'create'], ['agency', 'remove', 'x'],
                     ['agency', 'check', 'x'], ['agency', 'create', 'bad name', '--regions', REGIONS],
                     ['agency', 'create', 'x', '--regions', REGIONS, '--duration', 'week'],
                     ['agency', 'create', 'x', '--regions', 'cn-nowhere-9']):
            r = self.run_ctl(*args)
            self.assertEqual(r.returncode, 2, (args, r.stderr))


if __name__ == '__main__':
    unittest.main(verbosity=2)
