/* ferry-cli-output.h: how ferryctl prints
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ferry-cli-table.h"

G_BEGIN_DECLS

void        ferry_cli_print_json      (JsonNode       *root);
/* A list as JSON, streamed one object per line:
 *   {"region": @region (left out when NULL), @member: [...], "count": n} */
void        ferry_cli_print_list_json (const char     *member,
                                       const char     *region,
                                       GListModel     *items,
                                       JsonNode     *(*serialize) (gpointer item));
/* @text with every control character made visible, as git shows what a
 * remote sends (sideband.c): C0 controls and DEL in caret notation
 * ("^[" for ESC, "^M" for a carriage return, "^J" for a line feed: a
 * name cannot forge a line), C1 controls as "<U+009B>", bytes that are
 * not UTF-8 as "\xff". Names and messages from the service, and the
 * user's own arguments echoed back, go through it on their way to a
 * terminal; --json prints them exactly, JSON escapes them itself. */
char       *ferry_cli_escape          (const char     *text);
/* The same, for an argument of a printf: @text itself when it needs no
 * escaping, otherwise an interned copy (a process prints few names). */
const char *ferry_cli_safe            (const char     *text);
/* ferry_cli_escape() of a message, then "ferryctl: " before it and a line
 * feed after it, on stderr. */
void        ferry_cli_print_error     (const char     *message);

/* "yes" or "no" in a table, translated. */
const char *ferry_cli_yes_no          (gboolean        value);

G_END_DECLS
