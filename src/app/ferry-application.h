/* ferry-application.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-session.h"

G_BEGIN_DECLS

#define FERRY_TYPE_APPLICATION (ferry_application_get_type ())

G_DECLARE_FINAL_TYPE (FerryApplication, ferry_application, FERRY, APPLICATION, AdwApplication)

/* The application makes the session (see ferry-session.h) at startup and
 * the windows, each given the session; the windows know nothing of the
 * application. The "endpoint" and "tasks-file" properties are what main()
 * read of $FERRY_ENDPOINT and $FERRY_TASKS_FILE, set before the
 * application starts and handed to the session. */
FerryApplication  *ferry_application_new               (const char         *application_id,
                                                        GApplicationFlags   flags);
GSettings         *ferry_application_get_settings      (FerryApplication   *self);
/* NULL until the application started. */
FerrySession      *ferry_application_get_session       (FerryApplication   *self);

/* The session's, for those that hold the application only: see
 * ferry_session_get_account_store(), ferry_session_ensure_sandbox(),
 * ferry_session_lookup_queue() and ferry_session_get_n_active_copies(). */
FerryAccountStore *ferry_application_get_account_store (FerryApplication   *self);
FerrySandbox      *ferry_application_ensure_sandbox    (FerryApplication   *self,
                                                        GError            **error);
FerryCopyQueue    *ferry_application_lookup_queue      (FerryApplication   *self,
                                                        const char         *session);
guint              ferry_application_get_n_active_copies (FerryApplication *self);

/* TRUE while a window closed with copies running is hidden and the
 * application held until they end (the "in-background" property). A
 * window's "keep-in-background" signal asks for it; activating the
 * application meanwhile shows the window again, on its tasks page. */
gboolean           ferry_application_get_in_background (FerryApplication   *self);
/* Whether staying alive without a window asks the Background portal first
 * (org.freedesktop.portal.Background, through libportal). main() says so
 * under Flatpak, where a process without a window and without that
 * consent may be stopped; FALSE (the default) just holds the application.
 * Refused (or no portal), a dialog over the window says that the copies
 * will be followed at the next start and offers to quit, nothing being
 * lost (the tasks are in their file). */
void               ferry_application_set_background_portal (FerryApplication *self,
                                                           gboolean          use_portal);
/* Asks before quitting while copies run (they go on in the cloud and are
 * followed again at the next start); quits at once otherwise. Returns
 * the dialog, or NULL when it quit. This is app.quit. */
GtkWidget         *ferry_application_ask_quit          (FerryApplication   *self);

/* Notifications. When a queue becomes idle (the session's
 * "batch-finished"), the copies that finished or failed since it last was
 * are summed up in one notification (id "copies-<session>", default action
 * app.show-tasks with the session as target: see
 * ferry_window_show_session_tasks()), if one of them ran for at least
 * "notify-after-seconds" (60 by default) and no window of the application
 * is active. */

G_END_DECLS
