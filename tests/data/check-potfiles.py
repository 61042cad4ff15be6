#!/usr/bin/env python3
# Fails when a source or UI file with translatable strings is missing from
# po/POTFILES.in, or when POTFILES.in names a file that does not exist.
# SPDX-License-Identifier: GPL-3.0-or-later

import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
listed = set()
for line in (root / 'po' / 'POTFILES.in').read_text(encoding='utf-8').splitlines():
    line = line.strip()
    if line and not line.startswith('#'):
        listed.add(line)

markers = {
    '.c': re.compile(r'\b(?:N?_|C_|NC_|g_dngettext|ngettext)\s*\('),
    '.h': re.compile(r'\b(?:N?_|C_|NC_)\s*\('),
    '.ui': re.compile(r'translatable="yes"'),
    '.xml': re.compile(r'<(?:summary|description|name|p)\b'),
    '.in': re.compile(r'^(?:Name|GenericName|Comment|Keywords)=|<(?:summary|p)\b', re.M),
}

problems = []
for path in sorted(list((root / 'src').rglob('*')) + list((root / 'data').rglob('*'))):
    if not path.is_file():
        continue
    rel = path.relative_to(root).as_posix()
    if rel.startswith('data/icons/') or path.suffix not in markers:
        continue
    if path.suffix == '.xml' and not rel.endswith('.gschema.xml'):
        continue
    # A D-Bus service's Name= is a bus name, nothing to translate.
    if rel.endswith('.service.in'):
        continue
    if markers[path.suffix].search(path.read_text(encoding='utf-8')) and rel not in listed:
        problems.append(f'{rel} has translatable strings but is not in po/POTFILES.in')

for rel in sorted(listed):
    if not (root / rel).is_file():
        problems.append(f'po/POTFILES.in lists {rel}, which does not exist')

for problem in problems:
    print(problem)
print(f'{len(listed)} files listed, {len(problems)} problems')
sys.exit(1 if problems else 0)
