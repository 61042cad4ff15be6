#!/usr/bin/env python3
# Fails when src/core reads the process environment: each program's main
# reads the variables (FERRY_ENDPOINT, FERRY_TASKS_FILE, TEXTDOMAINDIR, the
# SDK's keys) and passes the values down, so that core does what its
# callers say and its tests need no global state.
# SPDX-License-Identifier: GPL-3.0-or-later

import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
# getenv, secure_getenv, g_getenv, g_environ_getenv, g_get_environ,
# g_listenv, and the environ array itself.
reads = re.compile(r'\b(?:\w*getenv|g_get_environ|g_listenv|environ)\b')
comment = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)

problems = []
for path in sorted((root / 'src' / 'core').rglob('*')):
    if path.suffix not in ('.c', '.h') or not path.is_file():
        continue
    text = comment.sub(lambda m: '\n' * m.group(0).count('\n'), path.read_text(encoding='utf-8'))
    for number, line in enumerate(text.splitlines(), 1):
        if reads.search(line):
            problems.append(f'{path.relative_to(root)}:{number}: reads the environment: {line.strip()}')

for problem in problems:
    print(problem, file=sys.stderr)
sys.exit(1 if problems else 0)
