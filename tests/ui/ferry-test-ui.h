/* ferry-test-ui.h: helpers shared by the UI tests
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Sets up gettext from the build tree, GTK and libadwaita. Call first. */
void        ferry_test_ui_init            (int          *argc,
                                           char       ***argv);

/* Runs the main context until @condition returns TRUE or @timeout_ms pass;
 * returns the last value of @condition. */
gboolean    ferry_test_ui_wait_for        (gboolean    (*condition) (gpointer data),
                                           gpointer      data,
                                           guint         timeout_ms);

/* Waits until @widget is mapped and has drawn a frame. */
void        ferry_test_ui_wait_drawn      (GtkWidget    *widget);

/* The first mapped, visible label below @root (internal children included)
 * whose text equals @text, or NULL. */
GtkWidget  *ferry_test_ui_find_label      (GtkWidget    *root,
                                           const char   *text);

/* Renders @widget in-process and writes $FERRY_SCREENSHOT_DIR/@name.png
 * (the current directory when unset); returns the path written. */
char       *ferry_test_ui_screenshot      (GtkWidget    *widget,
                                           const char   *name);

G_END_DECLS
