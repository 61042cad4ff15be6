#!/usr/bin/env python3
# Checks the Flatpak manifest with flatpak-builder itself, then that its app
# id, command and permissions agree with the project.
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import pathlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

root = pathlib.Path(sys.argv[1])
metainfo = pathlib.Path(sys.argv[2])
manifest_path = root / 'flatpak' / 'io.github.imageferry.Ferry.json'

env = dict(os.environ, G_DEBUG='fatal-warnings')
shown = subprocess.run(['flatpak-builder', '--show-manifest', str(manifest_path)],
                       capture_output=True, text=True, env=env)
if shown.returncode != 0:
    sys.exit(f'flatpak-builder rejects the manifest:\n{shown.stderr}')
manifest = json.loads(shown.stdout)

problems = []
app_id = manifest.get('id') or manifest.get('app-id')
component = ET.parse(metainfo).getroot()
# The Flatpak ships the stable id; a development build's metainfo ends in .Devel.
metainfo_id = component.findtext('id').removesuffix('.Devel')
if app_id != metainfo_id:
    problems.append(f'app id {app_id} differs from the metainfo id {metainfo_id}')
launchable = component.findtext('launchable').removesuffix('.desktop').removesuffix('.Devel')
if launchable != app_id:
    problems.append(f'the metainfo launches {launchable}, not {app_id}')
if manifest.get('command') != 'ferry':
    problems.append(f'command is {manifest.get("command")}, not ferry')
if not re.fullmatch(r'org\.gnome\.(Platform|Sdk)', manifest.get('runtime', '')) \
        or manifest.get('sdk') != 'org.gnome.Sdk':
    problems.append('the runtime must be org.gnome.Platform with org.gnome.Sdk')

expected = {'--share=network', '--share=ipc', '--socket=wayland', '--socket=fallback-x11',
            '--device=dri'}
args = set(manifest.get('finish-args', []))
if args != expected:
    problems.append(f'finish-args {sorted(args)} are not exactly {sorted(expected)}')
if any(a.startswith('--filesystem') for a in args):
    problems.append('no host file system access: secrets and notifications use portals')

app_module = manifest['modules'][-1]
if app_module.get('name') != 'ferry' or app_module.get('buildsystem') != 'meson':
    problems.append('the last module must build ferry with meson')
sources = app_module.get('sources', [])
if not any(s.get('type') == 'dir' and (manifest_path.parent / s.get('path', '')).resolve() == root.resolve()
           for s in sources):
    problems.append('the ferry module must build this source tree')

meson = (root / 'meson.build').read_text()
if f"app_id_base = '{app_id}'" not in meson:
    problems.append('meson.build does not use the same application id')

for p in problems:
    print(p)
print(f'manifest {app_id}: {len(problems)} problems')
sys.exit(1 if problems else 0)
