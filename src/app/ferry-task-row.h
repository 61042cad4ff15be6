/* ferry-task-row.h: one copy task, as the tasks page lists it
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-copy-queue.h"

G_BEGIN_DECLS

#define FERRY_TYPE_TASK_ROW (ferry_task_row_get_type ())

G_DECLARE_FINAL_TYPE (FerryTaskRow, ferry_task_row, FERRY, TASK_ROW, GtkWidget)

/* The row shows a task of @queue: the image, source → destination, the
 * state with a progress bar, the current step and the time elapsed, the
 * place in line of a queued task, and why a failed one failed. Its buttons
 * are actions with the task id as target: tasks.remove (queued only),
 * tasks.retry (failed, unless the image is gone) and win.show-task (done).
 *
 * One row shows one task at a time, as a list view's item: bind() gives it
 * a task (and follows the task's changes), unbind() lets it go; a row
 * disposed unbinds itself. Placed in a focusable list item, the row names
 * that item as itself and hands it the focus. */
GtkWidget     *ferry_task_row_new               (FerryCopyQueue *queue);
void           ferry_task_row_bind              (FerryTaskRow   *self,
                                                 FerryCopyTask  *task);
void           ferry_task_row_unbind            (FerryTaskRow   *self);
/* The task bound, or NULL. */
FerryCopyTask *ferry_task_row_get_task          (FerryTaskRow   *self);
/* Reads the task again (its place in line is the last one given). */
void           ferry_task_row_update            (FerryTaskRow   *self);
/* The place of a queued task (as ferry_copy_queue_get_position(), 0 for
 * none) and the copies in flight, which the page reads for every row at
 * once (ferry_copy_queue_dup_positions()); the status line changes only
 * when they do. */
void           ferry_task_row_set_place         (FerryTaskRow   *self,
                                                 guint           place,
                                                 guint           n_in_flight);
guint          ferry_task_row_get_place         (FerryTaskRow   *self);
/* Once a second: the time elapsed of a task in flight, nothing else.
 * FALSE (and nothing done) when the task is not in flight. */
gboolean       ferry_task_row_tick              (FerryTaskRow   *self);
/* The line under the route: the place in line, or the step and the time
 * elapsed, or the reason of a failure; as shown. */
const char    *ferry_task_row_get_status_text   (FerryTaskRow   *self);

/* "3rd in line", translated (Chinese "排第 3 位"). */
char          *ferry_task_row_format_place      (guint           place);
/* "1:05" or "2:03:04". */
char          *ferry_task_row_format_elapsed    (gint64          seconds);

G_END_DECLS
