/* ferry-test-keyring.h: the session's keyring, asked directly, for tests
 * of what Ferry keeps there
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many secrets of Ferry's schema the keyring holds. */
guint  ferry_test_keyring_count  (void);

/* The secret the keyring holds for account @id, or NULL. */
char  *ferry_test_keyring_secret (const char *id);

G_END_DECLS
