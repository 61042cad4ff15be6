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

# The allowed permissions: this list, and the README's list under "## Flatpak"
# (one "- `--arg`: what it is for." line each), and the manifest's
# finish-args must be the same, so that a permission is never granted
# without saying why.
allowed = {'--share=network', '--share=ipc', '--socket=wayland', '--socket=fallback-x11',
           '--device=dri'}
args_list = manifest.get('finish-args', [])
args = set(args_list)
if len(args_list) != len(args):
    problems.append('finish-args has duplicates')
if args != allowed:
    problems.append(f'finish-args {sorted(args)} are not exactly {sorted(allowed)}')
readme = (root / 'README.md').read_text()
section = re.search(r'^## Flatpak\n(.*?)(?=^## )', readme, re.S | re.M)
documented = set(re.findall(r'^- `(--[^`]+)`: \S', section.group(1), re.M)) if section else set()
if documented != allowed:
    problems.append(f'README documents {sorted(documented)}, not exactly {sorted(allowed)}')
if any(a.startswith(('--filesystem', '--talk-name', '--system-talk-name', '--own-name',
                     '--socket=session-bus', '--socket=system-bus')) for a in args):
    problems.append('no host files and no bus names: secrets, notifications and the background '
                    'go through portals')

# libportal (the Background portal) is in org.gnome.Platform from 51 on
# only: before that the manifest builds it, ahead of ferry.
runtime_version = manifest.get('runtime-version', '')
names = [m.get('name') if isinstance(m, dict) else m for m in manifest['modules']]
if runtime_version.isdigit() and int(runtime_version) < 51 and 'libportal' not in names[:-1]:
    problems.append(f'org.gnome.Platform {runtime_version} lacks libportal: build it before ferry')

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
