/* ferry-copy-queue-private.h: what the queue's own files share, and seams for tests
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-copy-queue.h"
#include "ferry-copy-task-private.h"
#include "ferry-ims.h"

G_BEGIN_DECLS

/* ferry-copy-queue.c is the object, its model, its clock and the turns
 * (the tick); ferry-copy-queue-check.c checks a queued task before it
 * goes; ferry-copy-queue-driver.c follows each task this queue submitted,
 * from the request to the end; ferry-copy-queue-transitions.c holds every
 * change of a task's state, the leases, and the transactions that save
 * them to the task store. */

#define USEC(seconds)        ((gint64) (seconds) * G_USEC_PER_SEC)

#define STATE_BIT(state)     (1u << (state))
#define ACTIVE_STATES        (STATE_BIT (FERRY_TASK_STATE_SUBMITTING) | \
                              STATE_BIT (FERRY_TASK_STATE_RUNNING) | \
                              STATE_BIT (FERRY_TASK_STATE_FINISHING))
#define IN_FLIGHT_STATES     (STATE_BIT (FERRY_TASK_STATE_SUBMITTING) | \
                              STATE_BIT (FERRY_TASK_STATE_RUNNING))

typedef struct _Driver Driver;
typedef struct _Check Check;

struct _FerryCopyQueue
{
  GObject         parent_instance;

  FerryClient    *client;
  FerryAccount   *account;
  FerryTaskStore *store;

  /* The model: the account's tasks that are not removed, creation order. */
  GPtrArray      *items;
  /* Task id → Driver, for the tasks this queue owns and drives. */
  GHashTable     *drivers;
  /* Task id → Check, for queued tasks whose rules are being checked. */
  GHashTable     *checks;

  GMainContext   *context;
  GCancellable   *cancellable;
  GSource        *tick_source;
  gint64          tick_due;

  /* Who we are, as written in the owner of the tasks we drive. */
  char           *instance;
  char           *host;
  char           *boot_id;


  double          time_scale;
  gint64          clock_base;

  /* What the user must hear of the task file, or NULL. */
  char           *warning;
  gboolean        warning_transient;

  guint           running : 1;
  guint           idle : 1;
};

/* ferry-copy-queue.c */
gint64       ferry_queue_now                (FerryCopyQueue     *self);
/* A time of the queue's clock on the real one. */
gint64       ferry_queue_to_real            (FerryCopyQueue     *self,
                                             gint64              when);
GSource     *ferry_queue_timeout            (FerryCopyQueue     *self,
                                             gint64              delay,
                                             GSourceFunc         func,
                                             gpointer            data,
                                             GDestroyNotify      notify);
gint64       ferry_queue_jitter             (gint64              delay);
/* What the user can do about a failure. */
const char  *ferry_queue_hint_for_error     (const GError       *error);
void         ferry_queue_sync_items         (FerryCopyQueue     *self);
/* @transient: it goes when the store can be read and written again. */
void         ferry_queue_set_warning        (FerryCopyQueue     *self,
                                             const char         *warning,
                                             gboolean            transient);
void         ferry_queue_note_store_error   (FerryCopyQueue     *self,
                                             const GError       *error);
void         ferry_queue_schedule_tick      (FerryCopyQueue     *self,
                                             gint64              delay);

/* ferry-copy-queue-transitions.c: ownership */
gboolean     ferry_queue_is_mine            (FerryCopyQueue     *self,
                                             FerryCopyTask      *task);
gboolean     ferry_queue_state_in           (FerryCopyTask      *task,
                                             guint               states);
/* The account's cross-region copies in flight, in every process. */
guint        ferry_queue_count_in_flight    (FerryCopyQueue     *self,
                                             FerryCopyTask      *except);
gboolean     ferry_queue_owned_by_me        (FerryCopyQueue     *self,
                                             FerryCopyTask      *task);
gboolean     ferry_queue_owner_gone         (FerryCopyQueue     *self,
                                             FerryCopyTask      *task,
                                             gint64              now);
void         ferry_queue_take_over          (FerryCopyQueue     *self,
                                             FerryCopyTask      *task,
                                             gint64              now);
void         ferry_queue_renew_lease        (FerryCopyQueue     *self,
                                             FerryCopyTask      *task,
                                             gint64              now);

/* ferry-copy-queue-transitions.c: saving */
gboolean     ferry_queue_update             (FerryCopyQueue     *self,
                                             FerryTaskStoreFunc  func,
                                             gpointer            data,
                                             GError            **error);
/* When to try again after @error. */
gint64       ferry_queue_retry_delay        (const GError       *error);

/* A change of one task, applied only when the task (read afresh under the
 * lock) is in one of @states and, with @need_owner, still ours. */
typedef gboolean (*ApplyFunc) (FerryCopyQueue *self,
                               FerryCopyTask  *task,
                               gpointer        data);

/* TRUE when saved; *applied tells whether the change was made. */
gboolean     ferry_queue_change_task        (FerryCopyQueue     *self,
                                             const char         *task_id,
                                             guint               states,
                                             gboolean            need_owner,
                                             ApplyFunc           apply,
                                             gpointer            data,
                                             gboolean           *applied,
                                             GError            **error);
/* Gives up every lease of this queue. */
gboolean     ferry_queue_release_all        (FerryCopyQueue     *self,
                                             GError            **error);

/* ferry-copy-queue-transitions.c: the transitions the queue makes, each
 * an ApplyFunc taking the data named */

typedef struct
{
  const char *code;
  const char *message;
  const char *sentence;
  const char *hint;
} Failure;

typedef struct
{
  gint64  now;
  guint   in_flight;
} ClaimData;

typedef struct
{
  gint64      when;
  const char *code;
  const char *sentence;
  const char *hint;
} Requeue;

typedef struct
{
  FerryJob         *job;
  FerryJobEndpoint  endpoint;
} JobData;

typedef struct
{
  guint      copied;
  GPtrArray *failures;   /* FerryTagFailure */
} TagsDone;

gboolean     ferry_queue_apply_fail         (FerryCopyQueue     *self,
                                             FerryCopyTask      *task,
                                             gpointer            data);  /* Failure */
gboolean     ferry_queue_apply_delay        (FerryCopyQueue     *self,
                                             FerryCopyTask      *task,
                                             gpointer            data);  /* gint64 */
gboolean     ferry_queue_apply_claim        (FerryCopyQueue     *self,
                                             FerryCopyTask      *task,
                                             gpointer            data);  /* ClaimData */
gboolean     ferry_queue_apply_job_id       (FerryCopyQueue     *self,
                                             FerryCopyTask      *task,
                                             gpointer            data);  /* job id */
gboolean     ferry_queue_apply_requeue      (FerryCopyQueue     *self,
                                             FerryCopyTask      *task,
                                             gpointer            data);  /* Requeue */
gboolean     ferry_queue_apply_job          (FerryCopyQueue     *self,
                                             FerryCopyTask      *task,
                                             gpointer            data);  /* JobData */
gboolean     ferry_queue_apply_image        (FerryCopyQueue     *self,
                                             FerryCopyTask      *task,
                                             gpointer            data);  /* FerryImage */
gboolean     ferry_queue_apply_found        (FerryCopyQueue     *self,
                                             FerryCopyTask      *task,
                                             gpointer            data);  /* FerryImage */
gboolean     ferry_queue_apply_lost         (FerryCopyQueue     *self,
                                             FerryCopyTask      *task,
                                             gpointer            data);  /* Failure */
gboolean     ferry_queue_apply_missed       (FerryCopyQueue     *self,
                                             FerryCopyTask      *task,
                                             gpointer            data);  /* gboolean, set */
gboolean     ferry_queue_apply_tags_done    (FerryCopyQueue     *self,
                                             FerryCopyTask      *task,
                                             gpointer            data);  /* TagsDone */

/* ferry-copy-queue-transitions.c: the changes the user asks for */

typedef enum
{
  ACT_ADD,
  ACT_REMOVE,
  ACT_RESTORE,
  ACT_RETRY,
  ACT_LOOK_AGAIN,
  ACT_SUBMIT_AGAIN,
  ACT_CLEAR_FINISHED,
} ActKind;

/* @task_id: the task acted on (NULL for ACT_ADD and ACT_CLEAR_FINISHED);
 * @tasks: what ACT_ADD adds. Saved before this returns, waiting for the
 * lock on this thread. */
gboolean     ferry_queue_act                (FerryCopyQueue     *self,
                                             ActKind             kind,
                                             const char         *task_id,
                                             GPtrArray          *tasks,
                                             GError            **error);
/* The same, waiting for the lock on the main context, never blocking it;
 * finished by ferry_copy_queue_change_finish(). */
void         ferry_queue_act_async          (FerryCopyQueue     *self,
                                             ActKind             kind,
                                             const char         *task_id,
                                             GPtrArray          *tasks,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);

/* ferry-copy-queue-check.c */
/* Asks a fresh plan about the queued @task, whose turn it is; the task is
 * then failed, delayed or submitted. */
void         ferry_queue_check_start        (FerryCopyQueue     *self,
                                             FerryCopyTask      *task);
/* The checks under way of tasks of @kind. */
guint        ferry_queue_count_checks       (FerryCopyQueue     *self,
                                             FerryCopyKind       kind);
/* For the table of checks. */
void         ferry_queue_check_forget       (Check              *c);

/* ferry-copy-queue-driver.c */
/* Claims the queued @task and sends it; FALSE when it was not claimed. */
gboolean     ferry_queue_submit             (FerryCopyQueue     *self,
                                             FerryCopyTask      *task);
/* Drives @task (owned by this queue) from where it stands, unless its
 * driver is at work already. */
void         ferry_queue_drive              (FerryCopyQueue     *self,
                                             FerryCopyTask      *task);
/* The task is no longer ours: its driver stops, unless it is sending the
 * request, whose answer must be saved. */
void         ferry_queue_let_go             (FerryCopyQueue     *self,
                                             const char         *task_id);
/* For the table of drivers. */
void         ferry_queue_driver_forget      (Driver             *d);
/* The earliest creation time a copy made by the submission of @task can
 * carry, on the service's clock. */
gint64       ferry_queue_earliest_creation  (FerryCopyQueue     *self,
                                             FerryCopyTask      *task);

/* Seams for tests and benchmarks */

/* The queue's clock (its timers and the times it writes) runs @scale
 * times faster than real time, so that the polling of a long copy can be
 * measured in seconds. 1 by default; set before ferry_copy_queue_run().
 * Not for products: the times it writes are not real ones. */
void ferry_copy_queue_set_time_scale (FerryCopyQueue *self,
                                      double          scale);

/* One tick now: the store read, the leases renewed, the orphans taken
 * over, what may start started (ferry-copy-queue.c). */
void ferry_queue_tick (FerryCopyQueue *self);

G_END_DECLS
