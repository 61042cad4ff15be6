#!/usr/bin/env python3
# Fails when the Chinese catalogue leaves the console's terms or its
# typography (the user's seed document and the Huawei Cloud console):
#   - 「IMS Administrator」 in Latin letters, never 「IMS管理员」; 目的区域, never 目标区域;
#   - no space between Chinese and a Latin word or a number (the console writes
#     IMS委托, 5个镜像), except in the console's own names (镜像服务 IMS) and
#     around command-line options, which are code;
#   - no space next to full-width punctuation (拒绝：整机, not 拒绝： 整机);
#   - full-width punctuation between Chinese words (；, not ;);
#   - no full-width bracket followed by a half-width one, as in 描述（可选）(_D).
# SPDX-License-Identifier: GPL-3.0-or-later

import pathlib
import re
import sys

HAN = '\u4e00-\u9fff'
FULL = '，。：；！？、（）“”'
KEEP = ('镜像服务 IMS', '云备份 CBR')
RULES = [
    ('IMS管理员', re.compile('IMS管理员'), 'IMS Administrator stays in Latin letters'),
    ('目标区域', re.compile('目标区域'), 'the console says 目的区域'),
    ('space', re.compile(f'[{HAN}] [A-Za-z0-9%]|[A-Za-z0-9%] [{HAN}]'),
     'no space between Chinese and a Latin word or a number'),
    ('full-width', re.compile(f' [{FULL}]|[{FULL}] '), 'no space next to full-width punctuation'),
    ('ascii', re.compile(f'[{HAN}][;,:!?][{HAN}]?'), 'full-width punctuation between Chinese words'),
    ('brackets', re.compile('）\\('), 'a full-width bracket, then a half-width one'),
]


def unquote(text):
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), text)


def entries(path):
    entry, key = {}, None
    for line in path.read_text(encoding='utf-8').splitlines() + ['']:
        m = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
        if m:
            if m.group(1) in ('msgctxt', 'msgid') and 'msgid' in entry:
                yield entry
                entry = {}
            key = m.group(1)
            entry[key] = unquote(m.group(2))
        elif line.startswith('"') and key:
            entry[key] += unquote(line[1:-1])
        elif line.startswith('#,'):
            entry['flags'] = line
        else:
            key = None
    if 'msgid' in entry:
        yield entry


failed = False
po = pathlib.Path(sys.argv[1]) / 'po' / 'zh_CN.po'
for entry in entries(po):
    if not entry['msgid'] or 'fuzzy' in entry.get('flags', ''):
        continue
    for key, text in entry.items():
        if not key.startswith('msgstr'):
            continue
        # Command-line options are code, spaced as code; the console's
        # names keep their space.
        checked = re.sub(r' ?--[\w%-]+ ?', '\0', text)
        for keep in KEEP:
            checked = checked.replace(keep, '\0')
        # A separator of a list or a syntax ("a;b;", "REGION,…") stays.
        syntax = set(re.findall(r'[;,:!?](?=\S)', entry['msgid']))
        for name, rule, why in RULES:
            found = rule.search(checked)
            if found and name == 'ascii' and set(re.findall(r'[;,:!?]', found.group(0))) <= syntax:
                continue
            if found:
                print(f'{why}: {entry["msgid"]!r} → {text!r}')
                failed = True
sys.exit(1 if failed else 0)
