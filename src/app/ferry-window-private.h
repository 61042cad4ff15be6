/* ferry-window-private.h: what the tests and benchmarks reach of the
 * main window
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-credentials.h"
#include "ferry-window.h"

G_BEGIN_DECLS

/* Any other service, for benchmarks and a sandbox in another process:
 * shown like an account named @name, and not remembered. */
void             ferry_window_connect           (FerryWindow      *self,
                                                 FerryCredentials *credentials,
                                                 const char       *endpoint_template,
                                                 const char       *home_region,
                                                 const char       *name);
/* The visible page: "welcome", "connecting", "connect-error" or "images"
 * (the session: its images or its tasks, see ferry_window_get_view()). */
const char      *ferry_window_get_page          (FerryWindow      *self);
/* The session's visible view: "images" or "tasks" (switched by the view
 * switcher, whose "Tasks" page has the number of copies queued or in
 * flight as its badge). */
const char      *ferry_window_get_view          (FerryWindow      *self);

G_END_DECLS
