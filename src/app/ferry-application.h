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

/* The copy queue of a session (an account id, "" for one that is not
 * remembered, or FERRY_WINDOW_SANDBOX), made and started the first time
 * and kept by the application, so that copies go on when the window
 * closes or shows another account. One queue per domain (the account's
 * domain id): sessions of one domain share it, so that no copy is counted
 * or notified twice. The sandbox's queue keeps its tasks in a file of this
 * process only: the sandbox's jobs end with the process. */
FerryCopyQueue    *ferry_application_ensure_queue      (FerryApplication   *self,
                                                        const char         *session,
                                                        FerryClient        *client,
                                                        FerryAccount       *account);
/* The queue of a session that ensure_queue() was given, or of a domain id
 * (or FERRY_WINDOW_SANDBOX); NULL when there is none yet. */
FerryCopyQueue    *ferry_application_lookup_queue      (FerryApplication   *self,
                                                        const char         *session);
/* The session's account was removed: stops and forgets its queue (no
 * more notifications or counts from it), unless another remembered
 * account of the same domain still uses it. */
void               ferry_application_drop_queue        (FerryApplication   *self,
                                                        const char         *session);

/* The tasks of every queue that are queued or in flight. */
guint              ferry_application_get_n_active_copies (FerryApplication *self);
/* What becomes of the copies queued or in flight when Ferry stops, in a
 * sentence or two: an account's go on in Huawei Cloud and are followed
 * again at the next start, the sandbox's end with Ferry; each said only
 * of copies it is true of. NULL when there are none. */
char              *ferry_application_dup_copies_fate   (FerryApplication   *self);
/* TRUE once the user confirmed app.quit: windows close without asking. */
gboolean           ferry_application_get_quitting      (FerryApplication   *self);
/* Hides @window and holds the application (the "in-background" property)
 * until every queue is idle; then the hidden window is destroyed and the
 * hold released, so that the application may exit. Activating the
 * application meanwhile shows the window again, on its tasks page.
 * With the Background portal (see below) the window stays until the
 * portal answers: granted, as above; refused (or no portal), a dialog
 * over @window says that the copies will be followed at the next start
 * and offers to quit, nothing being lost (the tasks are in their file). */
void               ferry_application_keep_in_background (FerryApplication  *self,
                                                        GtkWindow          *window);
gboolean           ferry_application_get_in_background (FerryApplication   *self);
/* Whether staying alive without a window asks the Background portal first
 * (org.freedesktop.portal.Background, through libportal). main() says so
 * under Flatpak, where a process without a window and without that
 * consent may be stopped; FALSE (the default) just holds the application. */
void               ferry_application_set_background_portal (FerryApplication *self,
                                                           gboolean          use_portal);
/* Asks before quitting while copies run (they go on in the cloud and are
 * followed again at the next start); quits at once otherwise. Returns
 * the dialog, or NULL when it quit. This is app.quit. */
GtkWidget         *ferry_application_ask_quit          (FerryApplication   *self);

/* Notifications. When a queue becomes idle, the copies that finished or
 * failed since it last was are summed up in one notification (id
 * "copies-<session>", default action app.show-tasks with the session as
 * target: see ferry_window_show_session_tasks()), if one of them ran
 * for at least "notify-after-seconds" (60 by default) and no window of the
 * application is active. */

G_END_DECLS
