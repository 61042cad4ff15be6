/* ferry-account-window.h: adding a Huawei Cloud account
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-account-store.h"

G_BEGIN_DECLS

#define FERRY_TYPE_ACCOUNT_WINDOW (ferry_account_window_get_type ())

G_DECLARE_FINAL_TYPE (FerryAccountWindow, ferry_account_window, FERRY, ACCOUNT_WINDOW, AdwWindow)

/* A form: name, access key, secret key, home region and, under
 * "Advanced", endpoint template and security token. account.connect checks
 * the keys live (domain, projects, regions); on success the account goes
 * into @store, becomes active, "account-added" (const char *account_id,
 * const char *name) is emitted, and the window closes. On failure it says
 * why in one sentence and stores nothing. The keys are checked at the
 * account's own endpoint template, else at @endpoint (the program's
 * $FERRY_ENDPOINT, or NULL), else at the setting's or the default, as the
 * main window will connect. */
GtkWidget  *ferry_account_window_new               (GtkWindow          *parent,
                                                    FerryAccountStore  *store,
                                                    const char         *endpoint);
/* The sentence shown after a failed attempt, or NULL. */
const char *ferry_account_window_get_error_message (FerryAccountWindow *self);
/* Whether a check is in progress. */
gboolean    ferry_account_window_get_busy          (FerryAccountWindow *self);

G_END_DECLS
