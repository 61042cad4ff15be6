/* ferry-copy-task-private.h: what only the queue and the store change
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-copy-task.h"

G_BEGIN_DECLS

/* Who drives a task: a process (pid on a host, during one boot of it) and,
 * within it, one FerryCopyQueue (instance), since one process may hold
 * several queues. */
typedef struct
{
  gint64      pid;
  const char *host;
  const char *boot_id;
  const char *instance;
} FerryTaskOwner;

void        ferry_copy_task_set_state            (FerryCopyTask        *self,
                                                  FerryTaskState        state);
void        ferry_copy_task_set_job_id           (FerryCopyTask        *self,
                                                  const char           *job_id);
void        ferry_copy_task_set_job_endpoint     (FerryCopyTask        *self,
                                                  gboolean              known,
                                                  FerryJobEndpoint      endpoint);
void        ferry_copy_task_set_new_image_id     (FerryCopyTask        *self,
                                                  const char           *image_id);
void        ferry_copy_task_set_fraction         (FerryCopyTask        *self,
                                                  double                fraction);
void        ferry_copy_task_set_current_step     (FerryCopyTask        *self,
                                                  const char           *step);
void        ferry_copy_task_set_queued_at        (FerryCopyTask        *self,
                                                  gint64                when);
void        ferry_copy_task_set_submitted_at     (FerryCopyTask        *self,
                                                  gint64                when);
void        ferry_copy_task_set_finished_at      (FerryCopyTask        *self,
                                                  gint64                when);
void        ferry_copy_task_set_last_progress_at (FerryCopyTask        *self,
                                                  gint64                when);
void        ferry_copy_task_set_next_attempt_at  (FerryCopyTask        *self,
                                                  gint64                when);
void        ferry_copy_task_set_lease_until      (FerryCopyTask        *self,
                                                  gint64                when);
void        ferry_copy_task_set_attempts         (FerryCopyTask        *self,
                                                  guint                 attempts);
void        ferry_copy_task_set_lookups          (FerryCopyTask        *self,
                                                  guint                 lookups);
void        ferry_copy_task_set_still_running    (FerryCopyTask        *self,
                                                  gboolean              still_running);
/* All four at once; NULLs clear them. */
void        ferry_copy_task_set_error            (FerryCopyTask        *self,
                                                  const char           *code,
                                                  const char           *message,
                                                  const char           *sentence,
                                                  const char           *hint);
void        ferry_copy_task_set_tags_pending     (FerryCopyTask        *self,
                                                  gboolean              pending);
/* @failures: FerryTagFailure, copied; NULL with @has_outcome FALSE clears. */
void        ferry_copy_task_set_tags_outcome     (FerryCopyTask        *self,
                                                  gboolean              has_outcome,
                                                  guint                 copied,
                                                  GPtrArray            *failures);
/* NULL: no owner (and no lease). */
void        ferry_copy_task_set_owner            (FerryCopyTask        *self,
                                                  const FerryTaskOwner *owner);

/* FIFO order among queued tasks: set when the task (re-)enters the queue
 * at the back. */
gint64      ferry_copy_task_get_queued_at        (FerryCopyTask        *self);
/* Destination look-ups made for a submission whose answer never came. */
guint       ferry_copy_task_get_lookups          (FerryCopyTask        *self);
/* FALSE when there is no owner. */
gboolean    ferry_copy_task_peek_owner           (FerryCopyTask        *self,
                                                  FerryTaskOwner       *owner);

/* Changes with every change of any member (and only then), set or taken
 * from another task; no two tasks of the process share one. */
guint64     ferry_copy_task_get_revision         (FerryCopyTask        *self);

/* Takes every member of @other (same id), notifying what changed. */
void        ferry_copy_task_update_from          (FerryCopyTask        *self,
                                                  FerryCopyTask        *other);

/* The order in which queued tasks go: by queued_at, then creation, then id. */
gint        ferry_copy_task_compare_turn         (FerryCopyTask        *a,
                                                  FerryCopyTask        *b);

G_END_DECLS
