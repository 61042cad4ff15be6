#!/usr/bin/env python3
# Fails when a translatable string of the current sources has no non-fuzzy
# translation in a po/*.po file, or when a translation breaks a format.
# The template is extracted afresh, as `ninja ferry-pot` would.
# SPDX-License-Identifier: GPL-3.0-or-later

import pathlib
import subprocess
import sys
import tempfile

root = pathlib.Path(sys.argv[1])
po_dir = root / 'po'
files = [l.strip() for l in (po_dir / 'POTFILES.in').read_text(encoding='utf-8').splitlines()
         if l.strip() and not l.startswith('#')]

with tempfile.TemporaryDirectory() as tmp:
    pot = pathlib.Path(tmp) / 'ferry.pot'
    # The same keywords as meson's i18n "glib" preset.
    subprocess.run(['xgettext', '--package-name=ferry', '-o', str(pot), '--from-code=UTF-8',
                    '--add-comments=Translators', '--keyword=_', '--keyword=N_',
                    '--keyword=C_:1c,2', '--keyword=NC_:1c,2', '--keyword=g_dcgettext:2',
                    '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
                    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format',
                    '--flag=NC_:2:pass-c-format', '--flag=g_dngettext:2:pass-c-format',
                    '--flag=g_strdup_printf:1:c-format', '--flag=g_string_printf:2:c-format',
                    '--flag=g_string_append_printf:2:c-format', '--flag=g_error_new:3:c-format',
                    '--flag=g_set_error:4:c-format', '--flag=g_printf:1:c-format',
                    *files], cwd=root, check=True)
    failed = False
    for lang in (po_dir / 'LINGUAS').read_text().split():
        po = po_dir / f'{lang}.po'
        # msgcmp ignores fuzzy and untranslated entries of the .po, so each one
        # is reported as missing.
        cmp = subprocess.run(['msgcmp', str(po), str(pot)], capture_output=True, text=True)
        fmt = subprocess.run(['msgfmt', '--check', '--statistics', '-o', '/dev/null', str(po)],
                             capture_output=True, text=True)
        print(f'{lang}: {fmt.stderr.strip()}')
        if cmp.returncode != 0:
            print(cmp.stderr)
            failed = True
        if fmt.returncode != 0 or 'untranslated' in fmt.stderr or 'fuzzy' in fmt.stderr:
            print(fmt.stderr)
            failed = True
sys.exit(1 if failed else 0)
