/* ferry-session.h: what the windows of one Ferry process share
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-account-store.h"
#include "ferry-copy-queue.h"
#include "ferry-sandbox.h"

G_BEGIN_DECLS

/* The id of the built-in sandbox's session, beside account ids. */
#define FERRY_SESSION_SANDBOX "sandbox"

#define FERRY_TYPE_SESSION (ferry_session_get_type ())

G_DECLARE_FINAL_TYPE (FerrySession, ferry_session, FERRY, SESSION, GObject)

/* The sessions of one process, as gnome-text-editor's EditorSession: the
 * account store, the built-in sandbox and the copy queues, which outlive
 * any window that shows them. The application makes one and gives it to
 * each window (its "session" property); neither knows the other through
 * it. No GTK: what needs a window (notifications, staying in the
 * background) is the application's, told by the signals below.
 *
 * @endpoint and @tasks_file come from the program's environment
 * ($FERRY_ENDPOINT, $FERRY_TASKS_FILE), read by its main(): NULL for none.
 *
 * Signals:
 * "batch-finished" (const char *session_id, FerryCopyQueue *queue,
 *   guint n_done, guint n_failed, guint n_unknown, gint64 longest_seconds,
 *   FerryCopyTask *last): a queue became idle after copies ended: how many
 *   are done, failed or of unknown outcome, the longest one's time and the
 *   last one to end; @session_id is the session that last showed the queue
 *   (an account id, "" for one that is not remembered, or
 *   FERRY_SESSION_SANDBOX). */
FerrySession      *ferry_session_new               (GSettings     *settings,
                                                    const char    *endpoint,
                                                    const char    *tasks_file);
FerryAccountStore *ferry_session_get_account_store (FerrySession  *self);
/* $FERRY_ENDPOINT: the endpoint template every account uses, before its
 * own or the setting's; NULL when not set. */
const char        *ferry_session_get_endpoint      (FerrySession  *self);
/* The built-in sandbox, started on first use (loopback, any free port, demo
 * data) and kept until the session stops. */
FerrySandbox      *ferry_session_ensure_sandbox    (FerrySession  *self,
                                                    GError       **error);

/* The copy queue of a session id (an account id, "" for one that is not
 * remembered, or FERRY_SESSION_SANDBOX), made and started the first time
 * and kept, so that copies go on when the window closes or shows another
 * account. One queue per domain (the account's domain id): sessions of one
 * domain share it, so that no copy is counted or notified twice. The
 * sandbox's queue keeps its tasks in a file of this process only: the
 * sandbox's jobs end with the process. */
FerryCopyQueue    *ferry_session_ensure_queue      (FerrySession  *self,
                                                    const char    *session_id,
                                                    FerryClient   *client,
                                                    FerryAccount  *account);
/* The queue of a session id that ensure_queue() was given, or of a domain
 * id (or FERRY_SESSION_SANDBOX); NULL when there is none yet. */
FerryCopyQueue    *ferry_session_lookup_queue      (FerrySession  *self,
                                                    const char    *session_id);
/* The session's account was removed: stops and forgets its queue (no
 * more notifications or counts from it), unless another remembered
 * account of the same domain still uses it. */
void               ferry_session_drop_queue        (FerrySession  *self,
                                                    const char    *session_id);

/* The tasks of every queue that are queued or in flight (the
 * "n-active-copies" property). */
guint              ferry_session_get_n_active_copies (FerrySession *self);
/* What becomes of the copies queued or in flight when Ferry stops, in a
 * sentence or two: an account's go on in Huawei Cloud and are followed
 * again at the next start, the sandbox's end with Ferry; each said only
 * of copies it is true of. NULL when there are none. */
char              *ferry_session_dup_copies_fate   (FerrySession  *self);

/* The "quitting" property: TRUE once the user confirmed quitting, so
 * that windows close without asking. */
gboolean           ferry_session_get_quitting      (FerrySession  *self);
void               ferry_session_set_quitting      (FerrySession  *self,
                                                    gboolean       quitting);

/* Stops every queue (they give up their leases, so that the next start or
 * ferryctl takes the running copies over at once), removes the sandbox's
 * tasks file and stops the sandbox. */
void               ferry_session_stop              (FerrySession  *self);

G_END_DECLS
