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
void        ferry_cli_print_table     (FerryCliTable  *table);
/* A list as JSON, streamed one object per line:
 *   {"region": @region (left out when NULL), @member: [...], "count": n} */
void        ferry_cli_print_list_json (const char     *member,
                                       const char     *region,
                                       GListModel     *items,
                                       JsonNode     *(*serialize) (gpointer item));
/* "yes" or "no" in a table, translated. */
const char *ferry_cli_yes_no          (gboolean        value);

G_END_DECLS
