/* ferry-application.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-account-store.h"
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

G_END_DECLS
