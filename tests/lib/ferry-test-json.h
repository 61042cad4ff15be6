/* ferry-test-json.h: made-up JSON texts for tests
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Text nested @depth levels: {"a":[[[…]]]} */
char *ferry_test_json_nested (guint depth);

G_END_DECLS
