/* ferry-tasks-page.h: the copies of a session, as they go
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-copy-queue.h"
#include "ferry-task-row.h"

G_BEGIN_DECLS

#define FERRY_TYPE_TASKS_PAGE (ferry_tasks_page_get_type ())

G_DECLARE_FINAL_TYPE (FerryTasksPage, ferry_tasks_page, FERRY, TASKS_PAGE, GtkWidget)

/* What the page shows, as the name of its visible stack child. */
#define FERRY_TASKS_PAGE_EMPTY "empty"
#define FERRY_TASKS_PAGE_LIST  "list"

/* The tasks are listed running (and of unknown outcome) first, then
 * queued in the order they go, then finished, the newest first
 * (ferry_copy_task_compare_for_list()); the list keeps its scroll
 * position when tasks change, come or go.
 *
 * Actions (installed on the class): tasks.remove (s: a task id; queued
 * tasks only: the service cannot cancel a copy that started; a toast
 * offers Undo, tasks.undo-remove (s), which puts it back at its place),
 * tasks.retry (s), tasks.look-again (s) and tasks.submit-again (s: asks
 * first) for a copy whose outcome is unknown, tasks.clear-finished,
 * tasks.dismiss-warning. Each change waits for the list's lock without
 * blocking the window, and is made at once when the lock is free.
 * Failures are shown as toasts. The queue's "warning" (a damaged task
 * file, one from a newer Ferry) is shown above the list until dismissed.
 *
 * Properties: "queue" (FerryCopyQueue, or NULL: the page is empty),
 * "n-active" (guint, read-only: the tasks queued or in flight, for a
 * badge). Elapsed times tick once a second, only while the page is mapped
 * and something is queued or in flight. */

GtkWidget      *ferry_tasks_page_new         (void);
void            ferry_tasks_page_set_queue   (FerryTasksPage *self,
                                              FerryCopyQueue *queue);
guint           ferry_tasks_page_get_n_active (FerryTasksPage *self);
/* FERRY_TASKS_PAGE_EMPTY or FERRY_TASKS_PAGE_LIST. */
const char     *ferry_tasks_page_get_state   (FerryTasksPage *self);
/* "5 copying, 3 queued, 2 done, 1 failed", as shown. */
const char     *ferry_tasks_page_get_summary (FerryTasksPage *self);
/* The row of the task, or NULL when the task is not listed. Rows exist
 * only for the tasks on screen (and a few around): the list is scrolled
 * to the task first when it has none. */
FerryTaskRow   *ferry_tasks_page_get_row     (FerryTasksPage *self,
                                              const char     *task_id);
/* Scrolls the list to the task; FALSE when it is not listed. */
gboolean        ferry_tasks_page_scroll_to   (FerryTasksPage *self,
                                              const char     *task_id);

G_END_DECLS
