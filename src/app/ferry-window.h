/* ferry-window.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-application.h"
#include "ferry-credentials.h"
#include "ferry-images-page.h"

G_BEGIN_DECLS

#define FERRY_TYPE_WINDOW (ferry_window_get_type ())

/* The session id of the built-in sandbox, beside account ids. */
#define FERRY_WINDOW_SANDBOX "sandbox"

G_DECLARE_FINAL_TYPE (FerryWindow, ferry_window, FERRY, WINDOW, AdwApplicationWindow)

/* Actions: win.add-account, win.try-sandbox, win.remove-account,
 * win.reconnect, win.active-account (string state: an account id,
 * FERRY_WINDOW_SANDBOX, or "" on the welcome page) and win.copy-image. */

FerryWindow     *ferry_window_new               (FerryApplication *application);
/* Starts the application's sandbox if needed and shows its images. */
void             ferry_window_open_sandbox      (FerryWindow      *self);
/* Reads the account's keys from the keyring and shows its images. */
void             ferry_window_open_account      (FerryWindow      *self,
                                                 const char       *account_id);
/* Any other service, for benchmarks and a sandbox in another process:
 * shown like an account named @name, and not remembered. */
void             ferry_window_connect           (FerryWindow      *self,
                                                 FerryCredentials *credentials,
                                                 const char       *endpoint_template,
                                                 const char       *home_region,
                                                 const char       *name);
/* The account id, FERRY_WINDOW_SANDBOX, or "" when there is no session. */
const char      *ferry_window_get_active_account (FerryWindow     *self);
FerryImagesPage *ferry_window_get_images_page   (FerryWindow      *self);
/* The session's copy queue (the "queue" property), kept by the
 * application; NULL until the session is connected. */
FerryCopyQueue  *ferry_window_get_queue         (FerryWindow      *self);
/* The visible page: "welcome", "connecting", "connect-error" or "images". */
const char      *ferry_window_get_page          (FerryWindow      *self);
void             ferry_window_add_toast         (FerryWindow      *self,
                                                 const char       *title);

G_END_DECLS
