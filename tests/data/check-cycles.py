#!/usr/bin/env python3
# Fails when source files call each other in a circle: if a.c calls b.c,
# nothing b.c calls (directly or not) may call back into a.c. The files of
# one object count as one: those that share its private header (the queue's
# ferry-copy-queue.c, -driver.c and -transitions.c, say) may call each
# other, as the parts of one object do; two objects may not. The check reads
# the sources, so it sees calls the compiler would link.
# SPDX-License-Identifier: GPL-3.0-or-later

import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
sources = sorted(p for p in (root / 'src').rglob('*.c'))
noise = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
private = re.compile(r'#include\s+"([a-z0-9-]+)-private\.h"')
definition = re.compile(r'^([a-z_][a-z0-9_]*)\s*\(', re.M)
call = re.compile(r'\b([a-z_][a-z0-9_]*)\s*\(')


def owner(directory, header):
    """A private header that includes the private header of the object its
    name extends is a part of that object (the sandbox's routes,
    ferry-sandbox-api-private.h, see the server's insides)."""
    path = directory / f'{header}-private.h'
    included = private.findall(path.read_text(encoding='utf-8')) if path.is_file() else []
    outer = [h for h in included if header.startswith(h + '-')]
    return owner(directory, max(outer, key=len)) if outer else header


def unit_of(path, text):
    """The object a file belongs to: the private header it includes that
    its name extends (the longest), else its only private header, else the
    file itself."""
    headers = private.findall(text)
    stem = path.stem
    own = [h for h in headers if stem == h or stem.startswith(h + '-')]
    if own:
        return f'{path.parent.name}/{owner(path.parent, max(own, key=len))}'
    if len(headers) == 1:
        return f'{path.parent.name}/{owner(path.parent, headers[0])}'
    return f'{path.parent.name}/{stem}'


texts = {}
units = {}
defined_in = {}
for path in sources:
    raw = path.read_text(encoding='utf-8')
    units[path] = unit_of(path, raw)
    text = noise.sub(lambda m: '\n' * m.group(0).count('\n'), raw)
    texts[path] = text
    lines = text.split('\n')
    for match in definition.finditer(text):
        number = text.count('\n', 0, match.start())
        before = lines[number - 1] if number > 0 else ''
        # A definition's return type stands alone on the line before; a
        # static one is the file's own.
        if before.strip() and not before.startswith((' ', 'static', '#')) and not before.rstrip().endswith((';', ',', '{', '}')):
            defined_in.setdefault(match.group(1), path)

edges = {}
for path, text in texts.items():
    here = units[path]
    for name in set(call.findall(text)):
        there = defined_in.get(name)
        if there is None or units[there] == here:
            continue
        edges.setdefault(here, {}).setdefault(units[there], set()).add(
            f'{path.relative_to(root)} calls {name}() of {there.relative_to(root)}')

# Tarjan's strongly connected components over the objects.
index, low, stack, on_stack, circles = {}, {}, [], set(), []
counter = [0]
sys.setrecursionlimit(10000)


def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on_stack.add(v)
    for w in edges.get(v, {}):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on_stack:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        component = []
        while True:
            w = stack.pop()
            on_stack.discard(w)
            component.append(w)
            if w == v:
                break
        if len(component) > 1:
            circles.append(sorted(component))


for v in sorted(set(units.values())):
    if v not in index:
        visit(v)

for circle in circles:
    print('these call each other in a circle: ' + ', '.join(circle), file=sys.stderr)
    for a in circle:
        for b in circle:
            for why in sorted(edges.get(a, {}).get(b, ())):
                print('  ' + why, file=sys.stderr)
if not defined_in:
    print('no function definitions found: the check is not reading the sources', file=sys.stderr)
    sys.exit(1)
sys.exit(1 if circles else 0)
