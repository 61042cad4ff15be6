/* test-tasks.h: what the tasks page's UI tests share
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tests of the tasks page are in five files: the page and the queue's
 * round of copies (test-tasks.c), the order of the list
 * (test-tasks-order.c), copies that outlive the window and their
 * notifications (test-tasks-background.c), what a row says of a copy
 * (test-tasks-rows.c), and a restart against a sandbox process
 * (test-tasks-restart.c).
 */

#pragma once

#include "ferry-application.h"
#include "ferry-copy-queue.h"
#include "ferry-copy-task.h"
#include "ferry-tasks-page.h"
#include "ferry-window.h"

G_BEGIN_DECLS

/* Short copies: a round of five takes a few seconds. Over before the
 * queue's first poll (5 s in), and their images ready by then, so that
 * the poll sees the end; 4 s would race the image (ready at 5 s). */
#define COPY_SECONDS 3

extern FerryApplication *app;
extern FerryWindow *window;
extern FerryTasksPage *tasks;
/* The id of web-server in cn-north-4, the image every copy copies. */
extern char *web_id;

/* Connects @window to the sandbox, at 1000×760, with copies of
 * COPY_SECONDS, and finds web_id. */
void            tasks_open_sandbox        (void);
/* The images page shows the list of its region. */
gboolean        is_images_page            (gpointer        data);

FerryCopyQueue *queue                     (void);
const char     *project_id                (const char     *region);
/* A copy of web-server (cn-north-4) to @destination, added to the queue. */
FerryCopyTask  *add_copy                  (const char     *name,
                                           const char     *destination,
                                           const char     *agency);
guint           count_state               (FerryTaskState  state);
guint           count_in_flight           (void);
gboolean        task_is_final             (gpointer        data);
void            wait_final                (FerryCopyTask  *task);
GtkWidget      *row_of                    (FerryCopyTask  *task);
/* The number on the tasks view's tab. */
guint           badge                     (void);
/* Asserts that the accessible label of @widget is @expected. */
void            assert_label              (GtkWidget      *widget,
                                           const char     *expected);

/* A notification server on the test's own session bus (the headless
 * session has none): it keeps the last notification, and "clicks" it as
 * a desktop would, with the ActionInvoked signal. */
extern char *last_notification_summary;
extern char *last_notification_body;

void            start_notification_server (void);
void            stop_notification_server  (void);
void            click_last_notification   (void);
/* The last notification's title is @data. */
gboolean        notified                  (gpointer        data);
/* The last notification the server got, its title and body joined by a
 * newline, is @data. */
gboolean        notified_text             (gpointer        data);

G_END_DECLS
