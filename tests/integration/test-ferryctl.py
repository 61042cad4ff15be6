#!/usr/bin/env python3
# ferryctl's read commands against a ferry-sandbox process on loopback, in
# English and Chinese, as tables and as JSON, with its exit codes.
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib
import json
import os
import subprocess
import sys
import unicodedata
import unittest
import urllib.request

BUILD = sys.argv.pop(1)
SANDBOX = os.path.join(BUILD, 'src', 'sandbox', 'ferry-sandbox')
FERRYCTL = os.path.join(BUILD, 'src', 'cli', 'ferryctl')
LOCALEDIR = os.path.join(BUILD, 'po')


def start_sandbox(*args):
    proc = subprocess.Popen([SANDBOX, '--port', '0', *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    env = {}
    first = proc.stdout.readline()
    assert first.startswith('ferry-sandbox listening on http://127.0.0.1:'), first
    while 'HUAWEICLOUD_SDK_SK' not in env:
        key, _, value = proc.stdout.readline().strip().partition('=')
        env[key] = value
    return proc, env


def width(text):
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in text)


class Ferryctl(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sandbox, cls.sandbox_env = start_sandbox()

    @classmethod
    def tearDownClass(cls):
        cls.sandbox.terminate()
        cls.sandbox.wait(timeout=10)
        cls.sandbox.stdout.close()
        cls.sandbox.stderr.close()

    def run_ctl(self, *args, lang='en', env=None, creds=True):
        e = {k: v for k, v in os.environ.items()
             if not k.startswith('HUAWEICLOUD_') and k != 'FERRY_ENDPOINT'}
        e.update(LANG='C.UTF-8', LC_ALL='', LANGUAGE=lang, TEXTDOMAINDIR=LOCALEDIR)
        if creds:
            e.update(self.sandbox_env)
        e.update(env or {})
        return subprocess.run([FERRYCTL, *args], capture_output=True, text=True, env=e,
                              timeout=60)

    def ok(self, *args, **kw):
        r = self.run_ctl(*args, **kw)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def json(self, *args, **kw):
        return json.loads(self.ok('--json', *args, **kw))

    def assert_aligned(self, table):
        # Every row starts its second column at the same display cell.
        lines = table.rstrip('\n').split('\n')
        starts = set()
        for line in lines:
            first, rest = line.split('  ', 1)
            starts.add(width(first) + 2 + (len(rest) - len(rest.lstrip(' '))))
        self.assertEqual(len(starts), 1, table)

    def test_regions(self):
        en = self.ok('regions')
        self.assertIn('CN East-Shanghai1', en)
        self.assertIn('WHOLE-IMAGE COPIES', en)
        zh = self.ok('regions', lang='zh_CN')
        self.assertIn('华东-上海一', zh)
        self.assertIn('整机镜像复制', zh)
        self.assert_aligned(zh)
        regions = {r['id']: r for r in self.json('regions')['regions']}
        self.assertFalse(regions['cn-east-3']['whole_image_copy'])
        self.assertTrue(regions['cn-east-2']['whole_image_copy'])
        self.assertFalse(regions['ap-southeast-3']['mainland'])

    def test_projects(self):
        projects = self.json('projects')['projects']
        names = {p['name'] for p in projects}
        self.assertIn('cn-north-4', names)
        self.assertIn('cn-north-4_dev', names)
        self.assertIn('MOS', self.ok('projects'))
        self.assertIn('是', self.ok('projects', lang='zh_CN'))

    def test_images(self):
        data = self.json('images', '--region', 'cn-north-4')
        self.assertEqual(data['region'], 'cn-north-4')
        self.assertEqual(data['count'], len(data['images']))
        names = {i['name'] for i in data['images']}
        self.assertIn('web-server', names)
        self.assertTrue(all(i['image_type'] == 'private' for i in data['images']))
        table = self.ok('images', '--region', 'cn-north-4')
        self.assertIn('web-server', table)
        self.assertIn('Normal (uninitialized)', table)
        zh = self.ok('images', '--region', 'cn-north-4', lang='zh_CN')
        self.assertIn('正常（未初始化）', zh)
        self.assertIn('整机镜像', zh)
        self.assert_aligned(zh)
        shared = self.json('images', '--shared', '--region', 'cn-north-4')['images']
        self.assertTrue(shared and all(i['image_type'] == 'shared' for i in shared))
        one = self.json('images', '--name', 'web-server')['images']
        self.assertEqual([i['name'] for i in one], ['web-server'])

    def test_agencies(self):
        agencies = {a['name']: a for a in self.json('agencies')['agencies']}
        self.assertTrue(agencies['ims_administrator_agency']['trusts_ims'])
        self.assertFalse(agencies['ecs_agency']['trusts_ims'])
        self.assertIn('永久', self.ok('agencies', lang='zh_CN'))

    def test_vaults(self):
        vaults = self.json('vaults', '--region', 'cn-north-4')['vaults']
        self.assertTrue(vaults)
        self.assertTrue(all(v['protect_type'] == 'replication' and v['object_type'] == 'server'
                            for v in vaults))

    def test_usage_errors(self):
        r = self.run_ctl('fly')
        self.assertEqual(r.returncode, 2)
        self.assertIn('Unknown command', r.stderr)
        r = self.run_ctl('images', '--region', 'xx-nowhere-1')
        self.assertEqual(r.returncode, 2)
        self.assertIn('xx-nowhere-1', r.stderr)
        r = self.run_ctl('images', creds=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn('HUAWEICLOUD_SDK_AK', r.stderr)
        r = self.run_ctl('regions', creds=False, lang='zh_CN')
        self.assertEqual(r.returncode, 2)
        self.assertIn('访问密钥', r.stderr)
        r = self.run_ctl('--endpoint', 'http://10.1.2.3/{service}/{region}', 'regions')
        self.assertEqual(r.returncode, 2)
        self.assertIn('https', r.stderr)
        r = self.run_ctl('--help')
        self.assertEqual(r.returncode, 0)
        self.assertIn('vaults', r.stdout)
        # Wrong arguments are told before keys are looked for.
        r = self.run_ctl('agency', 'bogus', creds=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn('list', r.stderr)
        r = self.run_ctl('check', creds=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn('check', r.stderr)

    def test_timeout_and_utf8(self):
        # --timeout is global: before the command (its value is no command)
        # or after it, and $FERRY_TIMEOUT when it is not given.
        self.assertIn('cn-east-2', self.ok('--timeout', '5', 'regions'))
        self.assertIn('cn-east-2', self.ok('regions', '--timeout', '5'))
        self.assertIn('cn-east-2', self.ok('regions', env={'FERRY_TIMEOUT': '5'}))
        for args, env, words in ((['--timeout', '0'], {}, '--timeout'),
                                 (['--timeout', '3601'], {}, '--timeout'),
                                 ([], {'FERRY_TIMEOUT': 'soon'}, 'FERRY_TIMEOUT')):
            r = self.run_ctl(*args, 'regions', env=env)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn(words, r.stderr)
            self.assertIn('3600', r.stderr)
        # An argument that is not UTF-8: which, and what to do.
        r = self.run_ctl('images', '--name', 'web\udcff')
        self.assertEqual(r.returncode, 2)
        self.assertIn('UTF-8', r.stderr)
        self.assertNotIn('conversion input', r.stderr)

    def test_api_errors(self):
        r = self.run_ctl('images', env={'HUAWEICLOUD_SDK_SK': 'x' * 40})
        self.assertEqual(r.returncode, 3)
        self.assertIn('APIGW.0301', r.stderr)
        self.assertIn('request', r.stderr)
        self.assertNotIn('x' * 40, r.stderr + r.stdout)
        zh = self.run_ctl('images', env={'HUAWEICLOUD_SDK_SK': 'x' * 40}, lang='zh_CN')
        self.assertEqual(zh.returncode, 3)
        self.assertIn('密钥', zh.stderr)
        # Nothing listens there: a network error, said as one.
        r = self.run_ctl('regions', env={'FERRY_ENDPOINT': 'http://127.0.0.1:9/{service}/{region}'})
        self.assertEqual(r.returncode, 3)
        self.assertIn('cannot be reached', r.stderr)

    def image_id(self, name, region='cn-north-4', shared=False):
        args = ['images', '--region', region, '--name', name] + (['--shared'] if shared else [])
        return self.json(*args)['images'][0]['id']

    def vault_id(self, name, region):
        return next(v['id'] for v in self.json('vaults', '--region', region)['vaults']
                    if v['name'] == name)

    @staticmethod
    def seed_vault_id(name):
        # The sandbox seeds vaults with name-based ids (ferry_sandbox_derive_uuid):
        # the backup and disk ones, which ferryctl vaults does not list, have these.
        h = hashlib.md5(('vault:' + name).encode()).hexdigest()
        return '%s-%s-3%s-%s%s-%s' % (h[:8], h[8:12], h[13:16], '89ab'[int(h[16], 16) & 3],
                                      h[17:20], h[20:32])

    def check(self, image, to, *extra, region='cn-north-4', lang='en'):
        r = self.run_ctl('--json', '--region', region, 'check', image, '--to', to, *extra, lang=lang)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        data = json.loads(r.stdout)
        self.assertEqual(r.returncode, 0 if all(d['allowed'] for d in data['destinations']) else 1)
        return data

    def test_check_every_rule(self):
        agency = ('--agency', 'ims_administrator_agency')
        frozen = self.vault_id('vault-sh2-frozen', 'cn-east-2')
        good = self.vault_id('vault-sh2-replication', 'cn-east-2')
        self.assertEqual(good, self.seed_vault_id('vault-sh2-replication'))
        backup = self.seed_vault_id('vault-sh2-backup')
        disk = self.seed_vault_id('vault-sh2-disk')
        elsewhere = self.vault_id('vault-bj4-replication', 'cn-north-4')
        cases = [
            # image, source region, destination, extra options, expected codes
            ('web-server', 'cn-north-4', 'cn-east-2', agency, []),
            ('app-uninitialised', 'cn-north-4', 'cn-east-2', agency, []),
            ('exact-128g', 'cn-north-4', 'cn-east-2', agency, []),
            ('partner-shared', 'cn-north-4', 'cn-east-2', agency, ['not-own-private']),
            ('build-in-progress', 'cn-north-4', 'cn-east-2', agency, ['status']),
            ('failed-import', 'cn-north-4', 'cn-east-2', agency, ['status']),
            ('secure-encrypted', 'cn-north-4', 'cn-east-2', agency, ['encrypted']),
            ('installer-iso', 'cn-north-4', 'cn-east-2', agency, ['iso']),
            ('bigdata-320g', 'cn-north-4', 'cn-east-2', agency, ['too-large']),
            ('web-server', 'cn-north-4', 'cn-north-4', agency, ['same-region']),
            ('whole-csbs', 'cn-north-4', 'cn-east-2', agency, []),
            ('whole-csbs', 'cn-north-4', 'cn-east-3', agency, ['whole-image-region']),
            ('whole-csbs', 'cn-north-4', 'ap-southeast-3', agency, ['whole-image-cross-border']),
            ('sg-whole-cbr', 'ap-southeast-3', 'ap-southeast-1', agency,
             ['whole-image-outside-mainland', 'vault-required']),
            ('whole-cbr', 'cn-north-4', 'cn-east-2', agency, ['vault-required']),
            ('whole-cbr', 'cn-north-4', 'cn-east-2', agency + ('--vault', frozen), ['vault-unavailable']),
            ('whole-cbr', 'cn-north-4', 'cn-east-2', agency + ('--vault', good), []),
            # A vault that exists but cannot take the copy is unsuitable, with why.
            ('whole-cbr', 'cn-north-4', 'cn-east-2', agency + ('--vault', backup), ['vault-unsuitable']),
            ('whole-cbr', 'cn-north-4', 'cn-east-2', agency + ('--vault', disk), ['vault-unsuitable']),
            ('whole-cbr', 'cn-north-4', 'cn-east-2', agency + ('--vault', elsewhere),
             ['vault-unsuitable']),
            ('whole-cbr', 'cn-north-4', 'cn-east-2',
             agency + ('--vault', '00000000-0000-0000-0000-000000000000'), ['vault-unsuitable']),
            ('web-server', 'cn-north-4', 'cn-east-2', ('--agency', 'ims_partial_agency'),
             ['agency-permission']),
            ('web-server', 'cn-north-4', 'cn-east-2', ('--agency', 'ecs_agency'), ['agency-not-ims']),
            # Without --agency only the image and the regions are judged.
            ('web-server', 'cn-north-4', 'cn-east-2', (), []),
        ]
        for name, source, to, extra, codes in cases:
            with self.subTest(image=name, to=to, extra=extra):
                image = self.image_id(name, source, shared=(name == 'partner-shared'))
                data = self.check(image, to, *extra, region=source)
                self.assertEqual(data['image'], image)
                self.assertEqual(data['source_region'], source)
                (dest,) = data['destinations']
                self.assertEqual(dest['region'], to)
                self.assertEqual([v['code'] for v in dest['violations']], codes)
                self.assertEqual(dest['allowed'], not codes)
                for v in dest['violations']:
                    self.assertTrue(v['server_code'].startswith('IMG.'))
                    self.assertTrue(v['message'])

    def test_check_vault_reasons(self):
        # ferryctl check --vault <backup vault> once said vault-required.
        agency = ('--agency', 'ims_administrator_agency')
        image = self.image_id('whole-cbr')
        expected = [
            ('vault-sh2-backup', 'IMG.0189', 'not a replication vault'),
            ('vault-sh2-disk', 'IMG.0193', 'does not hold server backups'),
            ('vault-bj4-replication', 'IMG.0184', 'is not in CN East-Shanghai2'),
        ]
        for name, server_code, reason in expected:
            with self.subTest(vault=name):
                (dest,) = self.check(image, 'cn-east-2', *agency, '--vault',
                                     self.seed_vault_id(name))['destinations']
                (v,) = dest['violations']
                self.assertEqual(v['code'], 'vault-unsuitable')
                self.assertEqual(v['server_code'], server_code)
                self.assertIn(reason, v['message'])
        zh = self.run_ctl('check', image, '--to', 'cn-east-2', *agency, '--vault',
                          self.seed_vault_id('vault-bj4-replication'), lang='zh_CN')
        self.assertEqual(zh.returncode, 1)
        self.assertIn('华东-上海二', zh.stdout)
        self.assertIn('vault-unsuitable', zh.stdout)

    def test_check_both_languages(self):
        image = self.image_id('secure-encrypted')
        en = self.run_ctl('check', image, '--to', 'cn-east-2,ap-southeast-3')
        zh = self.run_ctl('check', image, '--to', 'cn-east-2,ap-southeast-3', lang='zh_CN')
        self.assertEqual((en.returncode, zh.returncode), (1, 1))
        self.assertIn('Encrypted images cannot be copied to another region. [encrypted, IMG.0143]',
                      en.stdout)
        # Chinese typography: nothing after the full-width colon, nothing
        # between a sentence and its codes, "；" between two reasons.
        self.assertIn('cn-east-2（华东-上海二）：拒绝：加密镜像不支持跨区域复制。[encrypted, IMG.0143]',
                      zh.stdout)
        two = self.run_ctl('check', image, '--to', 'cn-north-4', lang='zh_CN')
        self.assertIn('拒绝：加密镜像不支持跨区域复制。[encrypted, IMG.0143]；目的区域就是镜像所在的区域。'
                      '[same-region, IMG.0142]', two.stdout)
        self.assertNotIn(';', two.stdout)
        two_en = self.run_ctl('check', image, '--to', 'cn-north-4')
        self.assertIn('refused: Encrypted images cannot be copied to another region. [encrypted, IMG.0143]; '
                      'The destination is the image’s own region. [same-region, IMG.0142]', two_en.stdout)
        self.assertIn('亚太-新加坡', zh.stdout)
        # Once for each destination, and first for the image itself: what
        # rules it out everywhere.
        self.assertEqual(len([l for l in en.stdout.splitlines() if 'IMG.0143' in l]), 3)
        self.assertEqual(len([l for l in en.stdout.splitlines()
                              if 'IMG.0143' in l and l.startswith(('cn-east-2 ', 'ap-southeast-3 '))]), 2)
        self.assertTrue(en.stdout.startswith('secure-encrypted cannot be copied to any region: '))
        whole = self.image_id('whole-csbs')
        zh = self.run_ctl('check', whole, '--to', 'ap-southeast-3', lang='zh_CN')
        self.assertIn('整机镜像不支持在中国大陆和非中国大陆的区域之间相互复制', zh.stdout)
        ok = self.run_ctl('check', self.image_id('web-server'), '--to', 'cn-east-2',
                          '--agency', 'ims_administrator_agency')
        self.assertEqual(ok.returncode, 0)
        self.assertIn('allowed', ok.stdout)
        r = self.run_ctl('check', image)
        self.assertEqual(r.returncode, 2)
        r = self.run_ctl('check', image, '--to', 'cn-east-2', '--agency', 'nobody')
        self.assertEqual(r.returncode, 3)
        self.assertIn('nobody', r.stderr)

    def control(self, route, body):
        base = self.sandbox_env['FERRY_ENDPOINT'].split('/{service}')[0]
        req = urllib.request.Request(base + route, data=json.dumps(body).encode(), method='POST',
                                     headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(req) as r:
            return json.load(r)

    def test_check_by_name(self):
        # A name is as good as an id when one image has it.
        web = self.image_id('web-server')
        by_name = self.check('web-server', 'cn-east-2', '--agency', 'ims_administrator_agency')
        self.assertEqual(by_name['image'], web)
        self.assertEqual([d['allowed'] for d in by_name['destinations']], [True])
        # None has it: a usage error that says how to find one.
        for lang, words in (('en', 'ferryctl images'), ('zh_CN', '镜像')):
            r = self.run_ctl('check', 'no-such-image', '--to', 'cn-east-2', lang=lang)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn('no-such-image', r.stderr)
            self.assertIn(words, r.stderr)
        # Several have it: the ids, and the word to use one.
        ids = [self.control('/_sandbox/images', {'region': 'cn-north-4', 'image': {'name': 'twin'}})['id']
               for _ in range(2)]
        r = self.run_ctl('copy', 'twin', '--to', 'cn-east-2', '--agency', 'ims_administrator_agency')
        self.assertEqual(r.returncode, 2, r.stderr)
        for i in ids:
            self.assertIn(i, r.stderr)
        self.assertIn(' id ', r.stderr)
        # An id that names nothing is the service's answer, with a hint.
        r = self.run_ctl('check', '00000000-0000-4000-8000-000000000000', '--to', 'cn-east-2')
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn('ferryctl images', r.stderr)

    def test_check_image_level(self):
        # What rules an image out everywhere, as the app's Copy button says.
        cases = [('cn-east-3', 'sh1-whole-csbs', 'cn-north-4', 'whole-image-region', 'CN East-Shanghai1',
                  '华东-上海一'),
                 ('cn-southwest-2', 'gy-whole-cbr', 'cn-north-4', 'whole-image-region', 'CN Southwest-Guiyang1',
                  '西南-贵阳一'),
                 ('ap-southeast-3', 'sg-whole-cbr', 'cn-north-4', 'no-destination', 'any region',
                  '任何区域')]
        for region, name, to, code, en, zh in cases:
            with self.subTest(image=name):
                data = self.check(name, to, region=region)
                self.assertEqual([v['code'] for v in data['image_violations']], [code])
                self.assertFalse(data['destinations'][0]['allowed'])
                text = self.run_ctl('--region', region, 'check', name, '--to', to)
                self.assertEqual(text.returncode, 1)
                self.assertIn(en, text.stdout.splitlines()[0])
                self.assertIn(code, text.stdout.splitlines()[0])
                text = self.run_ctl('--region', region, 'check', name, '--to', to, lang='zh_CN')
                self.assertIn(zh, text.stdout.splitlines()[0])
        self.assertEqual(self.check('web-server', 'cn-east-2')['image_violations'], [])

    def test_to_twice_is_once(self):
        data = self.check('web-server', 'cn-east-2, cn-east-2,ap-southeast-3,cn-east-2')
        self.assertEqual([d['region'] for d in data['destinations']], ['cn-east-2', 'ap-southeast-3'])

    def test_control_characters_escaped(self):
        evil = 'evil\x1b[2J\x1b]0;owned\x07\r\nforged row\x9b'
        self.control('/_sandbox/images', {'region': 'cn-south-1', 'image': {'name': evil}})
        table = self.ok('images', '--region', 'cn-south-1')
        for bad in ('\x1b', '\x07', '\r', '\x9b'):
            self.assertNotIn(bad, table)
        self.assertIn('evil^[[2J^[]0;owned^G^M^Jforged row<U+009B>', table)
        self.assertEqual(len(table.splitlines()), len(self.json('images', '--region', 'cn-south-1')['images']) + 1)
        # JSON stays exact.
        names = [i['name'] for i in self.json('images', '--region', 'cn-south-1')['images']]
        self.assertIn(evil, names)
        # The user's own arguments, echoed in messages.
        r = self.run_ctl('images', '--region', 'x\x1b[2Jy')
        self.assertEqual(r.returncode, 2)
        self.assertNotIn('\x1b', r.stderr)
        self.assertIn('x^[[2Jy', r.stderr)
        r = self.run_ctl('check', 'web-server', '--to', 'cn-east-2', '--agency', 'a\rb')
        self.assertEqual(r.returncode, 3)
        self.assertIn('a^Mb', r.stderr)
        self.assertNotIn('\r', r.stderr)

    def test_help_aligned(self):
        # Every command's description starts in the same column: on the
        # command's line, or under a long one.
        for lang in ('en', 'zh_CN'):
            out = self.ok('--help', lang=lang)
            section = out.split('\n\n')[1].splitlines()[1:]
            columns = set()
            for line in section:
                if line.startswith('    '):
                    columns.add(width(line) - width(line.lstrip(' ')))
                else:
                    usage, sep, rest = line.strip().partition('  ')
                    if sep:
                        columns.add(width(line) - width(rest.lstrip(' ')))
            self.assertEqual(len(columns), 1, out)
            self.assertIn('  wait [TASK…]  ', out)
            self.assertIn('  remove TASK   ', out)
        # Each command has its own options.
        r = self.run_ctl('images', '--to', 'cn-east-2')
        self.assertEqual(r.returncode, 2)
        self.assertIn('--to', r.stderr)
        copy = self.ok('copy', '--help')
        self.assertIn('--again', copy)
        self.assertIn('--name', copy)
        self.assertNotIn('--status', copy)

    def test_private_sandbox(self):
        # --sandbox needs neither credentials nor a running server.
        out = self.ok('--sandbox', 'images', creds=False)
        self.assertIn('web-server', out)


if __name__ == '__main__':
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f'{result.testsRun - failed} passed, {failed} failed')
    sys.exit(1 if failed else 0)
