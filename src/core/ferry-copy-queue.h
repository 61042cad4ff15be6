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
 * and to FAILED (or REMOVED, from QUEUED only: the service has no cancel),
 * or from SUBMITTING to OUTCOME_UNKNOWN, where the user decides.
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
 * sent again by itself: the request may have reached the service, and the
 * service would then make a second copy, billed and named like the first,
 * with no way to cancel either. The destination region is searched
 * instead for the copy (what identifies it, and which of that the IMS
 * reference documents, is written at find_copy() in ferry-copy-queue-driver.c:
 * the name, the destination project, a creation time after the
 * submission less 15 minutes of clock skew, no other task's copy; the
 * origin members only choose among several): found, the task goes on to
 * FINISHING with that image. Not found, it is looked for again,
 * FERRY_COPY_QUEUE_SUBMIT_GRACE_LOOKUPS times in all and for at least
 * FERRY_COPY_QUEUE_SUBMIT_GRACE_SECONDS after the submission, because a
 * copy shows up in the destination only once its job has started; then
 * its outcome is unknown (OUTCOME_UNKNOWN, saved, so across restarts too):
 * nothing drives it, and the user decides with ferry_copy_queue_decide():
 * look again (one more look-up, by the next queue that takes the task),
 * or submit again (back at its place in the queue, checked and sent
 * again: the user accepts that a second copy may be made).
 *
 * Saving. Every change is saved before the next request goes out. The
 * queue's own changes never wait for the store's lock (they are tried
 * again shortly when another process holds it; nothing else happens to a
 * task before its change is saved), so a window running the queue never
 * freezes. The changes a user asks for come in two forms: a blocking one
 * for programs without a window, and an _async one that waits for the lock
 * on the main context; the async ones are applied at once when the lock
 * is free. Problems with the task file that the user must hear of (a
 * damaged file that was repaired, a newer Ferry's file, one that cannot be
 * read or written) are the "warning" property.
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
/* The tag step is tried this many times when the service cannot be
 * reached; then the tags are reported as not copied. */
#define FERRY_COPY_QUEUE_TAG_ATTEMPTS           5

#define FERRY_COPY_QUEUE_ERROR (ferry_copy_queue_error_quark ())

typedef enum
{
  FERRY_COPY_QUEUE_ERROR_NOT_FOUND,  /* no such task in this account */
  FERRY_COPY_QUEUE_ERROR_STARTED,    /* it already went to the service: no cancel */
  FERRY_COPY_QUEUE_ERROR_FINISHED,   /* it is over */
  FERRY_COPY_QUEUE_ERROR_NOT_FAILED, /* only failed tasks can be retried */
  FERRY_COPY_QUEUE_ERROR_POINTLESS,  /* retrying cannot help (the image is gone) */
  FERRY_COPY_QUEUE_ERROR_NOT_UNKNOWN, /* only copies of unknown outcome need a decision */
  FERRY_COPY_QUEUE_ERROR_NOT_REMOVED, /* only removed tasks can be put back */
} FerryCopyQueueError;

/* What to do with a copy whose outcome is unknown. */
typedef enum
{
  FERRY_COPY_DECISION_LOOK_AGAIN,    /* look for it once more */
  FERRY_COPY_DECISION_SUBMIT_AGAIN,  /* send it again, accepting a second copy */
} FerryCopyDecision;

GQuark ferry_copy_queue_error_quark (void);

#define FERRY_TYPE_COPY_QUEUE (ferry_copy_queue_get_type ())

G_DECLARE_FINAL_TYPE (FerryCopyQueue, ferry_copy_queue, FERRY, COPY_QUEUE, GObject)

FerryCopyQueue *ferry_copy_queue_new               (FerryClient     *client,
                                                    FerryAccount    *account,
                                                    FerryTaskStore  *store);
FerryClient    *ferry_copy_queue_get_client        (FerryCopyQueue  *self);
FerryAccount   *ferry_copy_queue_get_account       (FerryCopyQueue  *self);
FerryTaskStore *ferry_copy_queue_get_store         (FerryCopyQueue  *self);

/* Reads the store, waiting for its lock. FALSE with the store's error:
 * FERRY_TASK_STORE_ERROR_CORRUPT when the file was damaged (the queue has
 * what could be read, and works), another one when it could not be read
 * at all or is a newer Ferry's (the "warning" then says so too). A
 * program with a window need not load: the first turn of a running queue
 * reads the store without blocking. */
gboolean        ferry_copy_queue_load              (FerryCopyQueue  *self,
                                                    GError         **error);

/* Changes the user asks for: saved before they return TRUE, or nothing
 * is changed and @error says why (the store's errors, or this queue's).
 * These wait for the store's lock on the calling thread; each has an
 * _async form that waits on the main context instead, finished by
 * ferry_copy_queue_change_finish(), for programs with a window. */

/* Saves the tasks (QUEUED, of this account) in one transaction, so that
 * all or none are queued; tasks already there are left as they are.
 * Nothing is sent before they are saved. */
gboolean        ferry_copy_queue_add               (FerryCopyQueue  *self,
                                                    FerryCopyTask   *task,
                                                    GError         **error);
gboolean        ferry_copy_queue_add_all           (FerryCopyQueue  *self,
                                                    GPtrArray       *tasks,
                                                    GError         **error);
void            ferry_copy_queue_add_all_async     (FerryCopyQueue  *self,
                                                    GPtrArray       *tasks,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
/* Takes a QUEUED task off the queue (REMOVED). A task that has gone to the
 * service cannot be removed: Huawei Cloud has no way to cancel a copy. */
gboolean        ferry_copy_queue_remove            (FerryCopyQueue  *self,
                                                    const char      *task_id,
                                                    GError         **error);
void            ferry_copy_queue_remove_async      (FerryCopyQueue  *self,
                                                    const char      *task_id,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
/* Undoes ferry_copy_queue_remove(): the REMOVED task is QUEUED again,
 * with its queued_at, so at the place in line it had (unless tasks queued
 * before it went meanwhile); it never moved in the task file. A removed
 * task stays in the file until the finished ones are cleared: after that
 * there is nothing to put back (FERRY_COPY_QUEUE_ERROR_NOT_FOUND). */
gboolean        ferry_copy_queue_restore           (FerryCopyQueue  *self,
                                                    const char      *task_id,
                                                    GError         **error);
void            ferry_copy_queue_restore_async     (FerryCopyQueue  *self,
                                                    const char      *task_id,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
/* Puts a FAILED task back at the end of the queue, unless its image is
 * gone. */
gboolean        ferry_copy_queue_retry             (FerryCopyQueue  *self,
                                                    const char      *task_id,
                                                    GError         **error);
void            ferry_copy_queue_retry_async       (FerryCopyQueue  *self,
                                                    const char      *task_id,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
/* The user's decision on an OUTCOME_UNKNOWN task (see above). */
gboolean        ferry_copy_queue_decide            (FerryCopyQueue  *self,
                                                    const char      *task_id,
                                                    FerryCopyDecision decision,
                                                    GError         **error);
void            ferry_copy_queue_decide_async      (FerryCopyQueue  *self,
                                                    const char      *task_id,
                                                    FerryCopyDecision decision,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
/* Deletes the account's DONE, FAILED and REMOVED tasks from the store. */
gboolean        ferry_copy_queue_clear_finished    (FerryCopyQueue  *self,
                                                    GError         **error);
void            ferry_copy_queue_clear_finished_async (FerryCopyQueue *self,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
gboolean        ferry_copy_queue_change_finish     (FerryCopyQueue  *self,
                                                    GAsyncResult    *result,
                                                    GError         **error);

/* Starts driving tasks on the thread-default main context. */
void            ferry_copy_queue_run               (FerryCopyQueue  *self);
/* Stops: cancels the queue's requests and timers, and gives up its leases
 * so that another process can take the tasks over at once. Also done on
 * dispose. */
void            ferry_copy_queue_stop              (FerryCopyQueue  *self);

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
/* No task QUEUED, SUBMITTING, RUNNING or FINISHING (one whose outcome is
 * unknown waits for the user, not for the queue); "idle" notifies. */
gboolean        ferry_copy_queue_is_idle           (FerryCopyQueue  *self);
/* A translated sentence about the task file that the user must read (it
 * was damaged and repaired, it is a newer Ferry's, it cannot be read or
 * written), or NULL; "warning" notifies. */
const char     *ferry_copy_queue_get_warning       (FerryCopyQueue  *self);
/* For a task whose answer was lost: what was looked for in the
 * destination, in one translated sentence. */
char           *ferry_copy_queue_dup_search_text   (FerryCopyQueue  *self,
                                                    FerryCopyTask   *task);

G_END_DECLS
