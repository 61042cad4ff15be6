/* ferry-test-files.h: temporary folders and files for tests
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new folder from g_dir_make_tmp (@tmpl), asserting that it was made. */
char *ferry_test_make_tmp_dir (const char *tmpl);

/* Removes @dir and everything below it; nothing when it does not exist. */
void  ferry_test_remove_tree  (const char *dir);

/* The contents of @path, asserting that it could be read. */
char *ferry_test_read_text    (const char *path);

G_END_DECLS
