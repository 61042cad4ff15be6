/* ferry-application.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-account-store.h"
#include "ferry-copy-queue.h"
#include "ferry-sandbox.h"

G_BEGIN_DECLS

#define FERRY_TYPE_APPLICATION (ferry_application_get_type ())

G_DECLARE_FINAL_TYPE (FerryApplication, ferry_application, FERRY, APPLICATION, AdwApplication)

FerryApplication  *ferry_application_new               (const char         *application_id,
                                                        GApplicationFlags   flags);
GSettings         *ferry_application_get_settings      (FerryApplication   *self);
FerryAccountStore *ferry_application_get_account_store (FerryApplication   *self);
/* The built-in sandbox, started on first use (loopback, any free port, demo
 * data) and kept until the application quits. */
FerrySandbox      *ferry_application_ensure_sandbox    (FerryApplication   *self,
                                                        GError            **error);

/* The copy queue of a session (an account id, or FERRY_WINDOW_SANDBOX),
 * made and started the first time and kept by the application, so that
 * copies go on when the window closes or shows another account. The
 * sandbox's queue keeps its tasks in a file of this process only: the
 * sandbox's jobs end with the process. */
FerryCopyQueue    *ferry_application_ensure_queue      (FerryApplication   *self,
                                                        const char         *session,
                                                        FerryClient        *client,
                                                        FerryAccount       *account);
/* The session's queue, or NULL when it has none yet. */
FerryCopyQueue    *ferry_application_lookup_queue      (FerryApplication   *self,
                                                        const char         *session);
/* Stops and forgets the session's queue (its account was removed). */
void               ferry_application_drop_queue        (FerryApplication   *self,
                                                        const char         *session);

G_END_DECLS
