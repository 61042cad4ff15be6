/* ferry-cli-table.h: aligned text tables for the terminal
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FerryCliTable FerryCliTable;

/* @n_columns headers, in the user's language. */
FerryCliTable *ferry_cli_table_new       (guint           n_columns,
                                          ...);
/* Appends a row of n_columns cells (NULL prints "-"), control characters
 * escaped (ferry_cli_escape()). */
void           ferry_cli_table_add_row   (FerryCliTable  *self,
                                          ...);
/* Columns aligned by display width: Chinese characters take two cells. */
char          *ferry_cli_table_to_string (FerryCliTable  *self);
void           ferry_cli_table_free      (FerryCliTable  *self);
/* ferry_cli_table_to_string() on standard output. */
void           ferry_cli_print_table     (FerryCliTable  *self);

/* Terminal cells taken by @text. */
gsize          ferry_cli_display_width   (const char     *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryCliTable, ferry_cli_table_free)

G_END_DECLS
