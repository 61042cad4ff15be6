/* ferry-copy-queue.h: copies beyond the service's limit, followed to the end
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-account.h"
#include "ferry-client.h"
#include "ferry-copy-task.h"
#include "ferry-task-store.h"

G_BEGIN_DECLS

/* FerryCopyQueue drives the copy tasks of one account (FerryCopyTask, kept
 * in a FerryTaskStore shared by every Ferry process of the user) through
 *
 *   QUEUED → SUBMITTING → RUNNING → FINISHING → DONE
 *
 * and to FAILED (or REMOVED, from QUEUED only: the service has no cancel).
 *
 * Turns. At most FERRY_MAX_CONCURRENT_COPIES cross-region tasks of an
 * account are SUBMITTING or RUNNING, counted in the store, so across every
 * process; the rest wait in FIFO order. In-region copies do not wait.
 * A task whose turn comes is first checked with the rules engine on fresh
 * facts (the image, the agency and its IMS Administrator grants in both
 * regions, the vault, the copies in flight); a broken rule fails it with
 * that rule's server code before anything is sent. Then, under the store's
 * lock, the store is read again, the copies in flight counted, and the task
 * claimed: SUBMITTING, submitted_at, attempts + 1, owner and lease; saved;
 * only then is the copy request sent. The job id is saved as soon as it
 * comes back (RUNNING). A refusal for too many copies (IMG.0149) or too
 * many requests puts the task back in the queue with a back-off
 * (FERRY_COPY_QUEUE_BACKOFF_*, doubled each time, with jitter) at the head
 * of the line; any other refusal fails it, with the server's code and
 * message, a translated sentence and a hint.
 *
 * Following. The job is polled in the source region (the project endpoint
 * first, the cloudimages one when that does not know the job; the one that
 * answered is remembered) 5 s after the submission
 * (FERRY_COPY_QUEUE_POLL_FIRST_SECONDS), then every
 * FERRY_COPY_QUEUE_POLL_SECONDS ± 10 % (24.3 to 29.7 s), whatever the
 * copy's age: the end of a copy is noticed within 30 s, and a copy is
 * asked about at most about 2.5 times a minute. Errors while polling mean
 * "ask again later" (2^n s after n errors in a row when that is longer, at
 * most FERRY_COPY_QUEUE_POLL_AFTER_ERRORS_LONGEST_SECONDS); nothing but the
 * service ever fails a copy that runs.
 * A copy without progress for FERRY_COPY_QUEUE_STILL_RUNNING_SECONDS is
 * marked still-running, never failed. When the job succeeds the new image
 * is polled in the destination region (FINISHING) until it is active
 * (DONE) or killed (FAILED).
 *
 * Ownership and resume. A task being submitted or followed has an owner:
 * this queue, in this process, with a lease of FERRY_COPY_QUEUE_LEASE_SECONDS
 * renewed while it drives the task. Any queue of the account takes over a
 * task whose owner is gone: its lease ran out, or its process is dead
 * (kill (pid, 0) on the same host and boot). RUNNING and FINISHING tasks
 * simply go on being polled.
 *
 * A task taken over in SUBMITTING without a job id (the process died, or
 * the answer was lost, between the request and the saved answer) is never
 * sent again at once: the request may have reached the service, and the
 * service would then make a second copy, billed and named like the first,
 * with no way to cancel either. The destination region is searched instead
 * for a private image of the task's name whose __data_origin is
 * "image,<source region>,<source image id>" (and that no other task
 * claims): found, the task goes on to FINISHING with that image. Not
 * found, it is looked for again, FERRY_COPY_QUEUE_SUBMIT_GRACE_LOOKUPS
 * times in all and for at least FERRY_COPY_QUEUE_SUBMIT_GRACE_SECONDS after
 * the submission, because a copy shows up in the destination only once its
 * job has started; only then does the task go back to the queue to be
 * sent again. (A copy whose job would start later than that is the one
 * case where a second copy could still be made.)
 *
 * The queue is a GListModel of the account's tasks that are not REMOVED,
 * in creation order, and follows what other processes change. Every change
 * is saved before the next request goes out, and properties notify on the
 * main context that runs the queue, after the save. */

#define FERRY_COPY_QUEUE_LEASE_SECONDS          60
/* How often the store is read again and leases renewed. */
#define FERRY_COPY_QUEUE_TICK_SECONDS           10
#define FERRY_COPY_QUEUE_STILL_RUNNING_SECONDS  (30 * 60)
#define FERRY_COPY_QUEUE_SUBMIT_GRACE_SECONDS   120
#define FERRY_COPY_QUEUE_SUBMIT_GRACE_LOOKUPS   3
#define FERRY_COPY_QUEUE_BACKOFF_FIRST_SECONDS  30
#define FERRY_COPY_QUEUE_BACKOFF_LONGEST_SECONDS (5 * 60)
#define FERRY_COPY_QUEUE_POLL_FIRST_SECONDS     5
#define FERRY_COPY_QUEUE_POLL_SECONDS           27
#define FERRY_COPY_QUEUE_POLL_AFTER_ERRORS_LONGEST_SECONDS 60

#define FERRY_COPY_QUEUE_ERROR (ferry_copy_queue_error_quark ())

typedef enum
{
  FERRY_COPY_QUEUE_ERROR_NOT_FOUND,  /* no such task in this account */
  FERRY_COPY_QUEUE_ERROR_STARTED,    /* it already went to the service: no cancel */
  FERRY_COPY_QUEUE_ERROR_FINISHED,   /* it is over */
  FERRY_COPY_QUEUE_ERROR_NOT_FAILED, /* only failed tasks can be retried */
  FERRY_COPY_QUEUE_ERROR_POINTLESS,  /* retrying cannot help (the image is gone) */
} FerryCopyQueueError;

GQuark ferry_copy_queue_error_quark (void);

#define FERRY_TYPE_COPY_QUEUE (ferry_copy_queue_get_type ())

G_DECLARE_FINAL_TYPE (FerryCopyQueue, ferry_copy_queue, FERRY, COPY_QUEUE, GObject)

FerryCopyQueue *ferry_copy_queue_new               (FerryClient     *client,
                                                    FerryAccount    *account,
                                                    FerryTaskStore  *store);
FerryClient    *ferry_copy_queue_get_client        (FerryCopyQueue  *self);
FerryAccount   *ferry_copy_queue_get_account       (FerryCopyQueue  *self);
FerryTaskStore *ferry_copy_queue_get_store         (FerryCopyQueue  *self);

/* Reads the store. FALSE with the store's error when the file was kept
 * aside (the queue still works, empty) or could not be read. */
gboolean        ferry_copy_queue_load              (FerryCopyQueue  *self,
                                                    GError         **error);
/* Saves the task (QUEUED, of this account) before anything else happens
 * to it. Should the save fail, the task is kept in memory and saved with
 * the next change that succeeds. */
void            ferry_copy_queue_add               (FerryCopyQueue  *self,
                                                    FerryCopyTask   *task);
/* Takes a QUEUED task off the queue (REMOVED). A task that has gone to the
 * service cannot be removed: Huawei Cloud has no way to cancel a copy. */
gboolean        ferry_copy_queue_remove            (FerryCopyQueue  *self,
                                                    const char      *task_id,
                                                    GError         **error);
/* Puts a FAILED task back at the end of the queue, unless its image is
 * gone. */
gboolean        ferry_copy_queue_retry             (FerryCopyQueue  *self,
                                                    const char      *task_id,
                                                    GError         **error);
/* Deletes the account's DONE, FAILED and REMOVED tasks from the store. */
void            ferry_copy_queue_clear_finished    (FerryCopyQueue  *self);

/* Starts driving tasks on the thread-default main context. */
void            ferry_copy_queue_run               (FerryCopyQueue  *self);
/* Stops: cancels the queue's requests and timers, and gives up its leases
 * so that another process can take the tasks over at once. Also done on
 * dispose. */
void            ferry_copy_queue_stop              (FerryCopyQueue  *self);
gboolean        ferry_copy_queue_is_running        (FerryCopyQueue  *self);

FerryCopyTask  *ferry_copy_queue_lookup            (FerryCopyQueue  *self,
                                                    const char      *task_id);
/* The 1-based place of a queued task among the queued tasks of its kind
 * (cross-region tasks wait for each other; in-region ones only for their
 * check), in the order they will go; 0 when it is not queued. */
guint           ferry_copy_queue_get_position      (FerryCopyQueue  *self,
                                                    FerryCopyTask   *task);
/* Every place at once, for a list of the tasks: a new table of task id
 * (char *) → place (GUINT_TO_POINTER), with the place that
 * ferry_copy_queue_get_position() gives, for each of the account's queued
 * tasks; tasks that are not queued are not in it. One pass over the store
 * (get_position() makes one for each task). Free with g_hash_table_unref(). */
GHashTable     *ferry_copy_queue_dup_positions     (FerryCopyQueue  *self);
/* The account's cross-region tasks SUBMITTING or RUNNING, in every process. */
guint           ferry_copy_queue_get_n_in_flight   (FerryCopyQueue  *self);
/* No task QUEUED, SUBMITTING, RUNNING or FINISHING; "idle" notifies. */
gboolean        ferry_copy_queue_is_idle           (FerryCopyQueue  *self);

G_END_DECLS
