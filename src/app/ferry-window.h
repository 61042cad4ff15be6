/* ferry-window.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-images-page.h"
#include "ferry-session.h"
#include "ferry-tasks-page.h"

G_BEGIN_DECLS

#define FERRY_TYPE_WINDOW (ferry_window_get_type ())

/* The session id of the built-in sandbox, beside account ids. */
#define FERRY_WINDOW_SANDBOX FERRY_SESSION_SANDBOX

G_DECLARE_FINAL_TYPE (FerryWindow, ferry_window, FERRY, WINDOW, AdwApplicationWindow)

/* Actions: win.add-account, win.try-sandbox, win.remove-account,
 * win.reconnect, win.active-account (string state: an account id,
 * FERRY_WINDOW_SANDBOX, or "" on the welcome page), win.copy-image,
 * win.show-tasks (the session's tasks page) and win.show-task (s: a task
 * id; see ferry_window_show_task()).
 *
 * Closing the window while copies are queued or running asks whether to
 * keep following them in the background (ferry_window_ask_close()); the
 * answer "keep" emits "keep-in-background", for the application to hide
 * the window and stay. */

/* @session (the "session" property) is what every window shares: the
 * accounts, the built-in sandbox and the copy queues. */
FerryWindow     *ferry_window_new               (GtkApplication   *application,
                                                 FerrySession     *session);
/* Starts the session's sandbox if needed and shows its images. */
void             ferry_window_open_sandbox      (FerryWindow      *self);
/* Reads the account's keys from the keyring and shows its images. */
void             ferry_window_open_account      (FerryWindow      *self,
                                                 const char       *account_id);
/* The account id, FERRY_WINDOW_SANDBOX, or "" when there is no session. */
const char      *ferry_window_get_active_account (FerryWindow     *self);
FerryImagesPage *ferry_window_get_images_page   (FerryWindow      *self);
/* The session's copy queue (the "queue" property), kept by the
 * FerrySession; NULL until the session is connected. */
FerryCopyQueue  *ferry_window_get_queue         (FerryWindow      *self);
FerryTasksPage  *ferry_window_get_tasks_page    (FerryWindow      *self);
/* "Show in Destination": shows the images page on the task's destination
 * region, loads it again, and selects the task's new image once listed
 * (a toast says so when it cannot). */
void             ferry_window_show_task         (FerryWindow      *self,
                                                 const char       *task_id);
/* The tasks of @session (an account id or FERRY_WINDOW_SANDBOX; NULL or
 * "" for the session shown), switching to it first when another one is
 * shown: its tasks page comes once it is connected. This is what a
 * notification's app.show-tasks does. */
void             ferry_window_show_session_tasks (FerryWindow     *self,
                                                 const char       *session);
/* Asks whether to keep following the copies with the window closed; the
 * dialog (returned, not owned) answers "keep" (emits "keep-in-background"),
 * "stop" (close) or "cancel". */
GtkWidget       *ferry_window_ask_close         (FerryWindow      *self);
void             ferry_window_add_toast         (FerryWindow      *self,
                                                 const char       *title);

G_END_DECLS
