#!/usr/bin/env python3
# Installs the build into a scratch prefix and checks that a distribution
# would get every file in the right place: the programs, desktop entry,
# metainfo, schema, icons, the D-Bus service that the desktop entry's
# DBusActivatable=true needs, and the compiled translation, merged in Chinese.
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import pathlib
import subprocess
import sys
import tempfile

build = pathlib.Path(sys.argv[1])
prefix = pathlib.Path(sys.argv[2])
app_id = sys.argv[3]

with tempfile.TemporaryDirectory() as tmp:
    env = dict(os.environ, DESTDIR=tmp)
    subprocess.run(['meson', 'install', '-C', str(build), '--no-rebuild', '--quiet',
                    '--skip-subprojects'], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    root = pathlib.Path(tmp + str(prefix))
    share = root / 'share'
    expected = [
        root / 'bin' / 'ferry',
        share / 'applications' / f'{app_id}.desktop',
        share / 'dbus-1' / 'services' / f'{app_id}.service',
        share / 'metainfo' / f'{app_id}.metainfo.xml',
        share / 'glib-2.0' / 'schemas' / 'io.github.imageferry.Ferry.gschema.xml',
        share / 'icons' / 'hicolor' / 'scalable' / 'apps' / f'{app_id}.svg',
        share / 'icons' / 'hicolor' / 'symbolic' / 'apps' / f'{app_id}-symbolic.svg',
        share / 'locale' / 'zh_CN' / 'LC_MESSAGES' / 'ferry.mo',
    ]
    missing = [str(p.relative_to(tmp)) for p in expected if not p.is_file()]
    for m in missing:
        print(f'not installed: {m}')

    desktop = (share / 'applications' / f'{app_id}.desktop').read_text(encoding='utf-8')
    problems = []
    if f'Icon={app_id}\n' not in desktop:
        problems.append('the desktop entry does not name the installed icon')
    if 'Comment[zh_CN]=跨区域复制云镜像' not in desktop:
        problems.append('the desktop entry has no Chinese comment')
    # The session bus (GNOME Shell, a notification clicked after Ferry
    # exited) starts Ferry by its name: the entry must say so and the
    # service must start the installed program. Never skipped: an entry
    # that lost the key is what this check is for.
    if 'DBusActivatable=true\n' not in desktop:
        problems.append('the desktop entry does not say DBusActivatable=true')
    service = share / 'dbus-1' / 'services' / f'{app_id}.service'
    text = service.read_text(encoding='utf-8') if service.is_file() else ''
    lines = [l.strip() for l in text.splitlines()]
    if '[D-BUS Service]' not in lines:
        problems.append('the D-Bus service file has no [D-BUS Service] group')
    if f'Name={app_id}' not in lines:
        problems.append(f'the D-Bus service file does not own {app_id}')
    if f'Exec={prefix}/bin/ferry --gapplication-service' not in lines:
        problems.append('the D-Bus service file does not start the installed ferry as a service')
    metainfo = (share / 'metainfo' / f'{app_id}.metainfo.xml').read_text(encoding='utf-8')
    if 'xml:lang="zh-CN"' not in metainfo and 'xml:lang="zh_CN"' not in metainfo:
        problems.append('the metainfo has no Chinese description')

    out = subprocess.run(['msgunfmt', str(share / 'locale' / 'zh_CN' / 'LC_MESSAGES' / 'ferry.mo')],
                         capture_output=True, text=True, check=True).stdout
    if 'msgstr "跨区域复制云镜像"' not in out:
        problems.append('the installed catalogue lacks the application summary')
    for p in problems:
        print(p)
    sys.exit(1 if missing or problems else 0)
