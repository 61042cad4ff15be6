/* ferry-copy-dialog-private.h: what the tests may reach of the copy dialog
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-copy-dialog.h"

G_BEGIN_DECLS

/* The template child @name of the dialog or of one of its sections
 * ("agency_row", "vault_spinner"…), or NULL. */
GObject *ferry_copy_dialog_get_part (FerryCopyDialog *self,
                                     const char      *name);

G_END_DECLS
