/* ferry-copy-queue.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include "ferry-copy-plan.h"
#include "ferry-copy-queue-private.h"
#include "ferry-copy-task-private.h"
#include "ferry-error.h"
#include "ferry-ims.h"
#include "ferry-rules.h"

#define USEC(seconds)        ((gint64) (seconds) * G_USEC_PER_SEC)
/* Look-ups for a submission whose answer never came are this far apart. */
#define LOOKUP_INTERVAL      (USEC (FERRY_COPY_QUEUE_SUBMIT_GRACE_SECONDS) / \
                              FERRY_COPY_QUEUE_SUBMIT_GRACE_LOOKUPS)
/* Queued tasks checked at once, per kind. */
#define MAX_CHECKS           FERRY_MAX_CONCURRENT_COPIES
/* A copy found in the destination may be that much older than the
 * submission (clocks differ; the gateway allows 15 minutes). */
#define CREATION_SLACK       USEC (15 * 60)
/* When a save fails, try again after this long; sooner when another
 * process only held the lock for a moment. */
#define SAVE_RETRY           USEC (5)
#define BUSY_RETRY           (G_USEC_PER_SEC / 5)

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

static void ferry_copy_queue_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryCopyQueue, ferry_copy_queue, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ferry_copy_queue_list_model_init))

G_DEFINE_QUARK (ferry-copy-queue-error-quark, ferry_copy_queue_error)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ACCOUNT,
  PROP_STORE,
  PROP_IDLE,
  PROP_RUNNING,
  PROP_WARNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void queue_schedule_tick (FerryCopyQueue *self,
                                 gint64          delay);
static void driver_run          (Driver         *d);
static void driver_schedule_next (Driver        *d);

/* Clock */

static gint64
queue_now (FerryCopyQueue *self)
{
  gint64 real = g_get_real_time ();

  if (self->time_scale == 1.0)
    return real;
  return self->clock_base + (gint64) ((real - self->clock_base) * self->time_scale);
}

/* A time of the queue's clock on the real one. */
static gint64
queue_to_real (FerryCopyQueue *self,
               gint64          when)
{
  if (self->time_scale == 1.0)
    return when;
  return self->clock_base + (gint64) ((when - self->clock_base) / self->time_scale);
}

static GSource *
queue_timeout (FerryCopyQueue *self,
               gint64          delay,
               GSourceFunc     func,
               gpointer        data,
               GDestroyNotify  notify)
{
  GSource *source;
  guint ms;

  delay = MAX (0, delay);
  ms = (guint) MIN ((double) G_MAXUINT, delay / 1000.0 / self->time_scale);
  source = g_timeout_source_new (ms);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[ferry] copy queue");
  g_source_attach (source, self->context);
  return source;
}

static gint64
jitter (gint64 delay)
{
  /* So that many tasks, and many processes, spread their requests. */
  return (gint64) (delay * g_random_double_range (0.8, 1.2));
}

/* The interval between two polls of a copy. The end of a copy must be
 * noticed within 30 s whatever its length, and a copy asked about at most
 * about four times a minute, so the interval is the same all along: 27 s
 * ± 10 % (24.3 to 29.7 s, which also keeps an hour-long copy under 150
 * polls), after a first poll 5 s after the submission that catches a copy
 * refused at once. Only errors stretch it: 2^n s after n failures in a
 * row, at most a minute. (It was clamp (elapsed / 10, 1 s, 60 s): 24 polls
 * in the first minute, and a long copy noticed up to a minute late.) */
static gint64
poll_delay (FerryCopyQueue *self,
            FerryCopyTask  *task,
            guint           failures)
{
  gint64 since = ferry_copy_task_get_submitted_at (task);
  gint64 elapsed = since > 0 ? MAX (0, queue_now (self) - since) : 0;
  gint64 delay;

  if (elapsed < USEC (FERRY_COPY_QUEUE_POLL_FIRST_SECONDS))
    delay = USEC (FERRY_COPY_QUEUE_POLL_FIRST_SECONDS) - elapsed;
  else
    delay = (gint64) (USEC (FERRY_COPY_QUEUE_POLL_SECONDS) * g_random_double_range (0.9, 1.1));
  if (failures > 0)
    delay = MAX (delay, MIN (USEC (FERRY_COPY_QUEUE_POLL_AFTER_ERRORS_LONGEST_SECONDS),
                             USEC (1) << MIN (failures, 6)));
  return delay;
}

/* After the service turned a copy away: 30 s, doubling to 5 minutes. */
static gint64
backoff (guint attempts)
{
  gint64 delay = USEC (FERRY_COPY_QUEUE_BACKOFF_FIRST_SECONDS) << MIN (attempts > 0 ? attempts - 1 : 0, 8);

  return jitter (MIN (delay, USEC (FERRY_COPY_QUEUE_BACKOFF_LONGEST_SECONDS)));
}

/* Words */

/* What the user can do about a failure: the code's hint (ferry-error.c),
 * else the kind's. */
static const char *
hint_for_error (const GError *error)
{
  const char *hint = ferry_api_error_hint_for_code (ferry_api_error_get_server_code (error));

  if (hint != NULL)
    return hint;
  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_PERMISSION))
    return _("Check the IAM permissions of the account, then retry the copy.");
  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_CREDENTIALS))
    return ferry_api_error_hint_for_code ("APIGW.0301");
  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_CLOCK_SKEW))
    return ferry_api_error_hint_for_code ("APIGW.0303");
  return _("Correct what the message says, then retry the copy.");
}

/* Ownership */

static char *
read_boot_id (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/sys/kernel/random/boot_id", &text, NULL, NULL))
    return NULL;
  return g_strdup (g_strstrip (text));
}

static void
my_owner (FerryCopyQueue *self,
          FerryTaskOwner *owner)
{
  owner->pid = getpid ();
  owner->host = self->host;
  owner->boot_id = self->boot_id;
  owner->instance = self->instance;
}

static gboolean
owned_by_me (FerryCopyQueue *self,
             FerryCopyTask  *task)
{
  FerryTaskOwner owner;

  return ferry_copy_task_peek_owner (task, &owner) &&
         owner.pid == getpid () &&
         g_strcmp0 (owner.instance, self->instance) == 0;
}

/* Whether nobody drives @task any more, so that it may be taken over. */
static gboolean
owner_gone (FerryCopyQueue *self,
            FerryCopyTask  *task,
            gint64          now)
{
  FerryTaskOwner owner;

  if (!ferry_copy_task_peek_owner (task, &owner))
    return TRUE;
  if (owned_by_me (self, task))
    return FALSE;
  if (ferry_copy_task_get_lease_until (task) <= now)
    return TRUE;

  /* Same machine, same boot: ask the kernel whether the process lives.
   * (Another queue of this very process lives as long as its lease.) */
  if (g_strcmp0 (owner.host, self->host) == 0 && owner.boot_id != NULL && self->boot_id != NULL)
    {
      if (g_strcmp0 (owner.boot_id, self->boot_id) != 0)
        return TRUE;  /* rebooted since */
      if (owner.pid != getpid () && owner.pid <= G_MAXINT &&
          kill ((pid_t) owner.pid, 0) != 0 && errno == ESRCH)
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_mine (FerryCopyQueue *self,
         FerryCopyTask  *task)
{
  return g_strcmp0 (ferry_copy_task_get_domain_id (task),
                    ferry_account_get_domain_id (self->account)) == 0;
}

static gboolean
state_in (FerryCopyTask *task,
          guint          states)
{
  return (STATE_BIT (ferry_copy_task_get_state (task)) & states) != 0;
}

static guint
count_in_flight (FerryCopyQueue *self,
                 FerryCopyTask  *except)
{
  g_autoptr(GPtrArray) tasks = ferry_task_store_dup_tasks (self->store);
  guint n = 0;

  for (guint i = 0; i < tasks->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (tasks, i);

      if (task != except && is_mine (self, task) &&
          ferry_copy_task_get_kind (task) == FERRY_COPY_KIND_CROSS_REGION &&
          state_in (task, IN_FLIGHT_STATES))
        n++;
    }

  return n;
}

/* The model */

static void
update_idle (FerryCopyQueue *self)
{
  gboolean idle = TRUE;

  /* A task whose outcome is unknown waits for the user, not for us. */
  for (guint i = 0; i < self->items->len && idle; i++)
    {
      FerryTaskState state = ferry_copy_task_get_state (g_ptr_array_index (self->items, i));

      if (!ferry_task_state_is_final (state) && state != FERRY_TASK_STATE_OUTCOME_UNKNOWN)
        idle = FALSE;
    }

  if (!!self->idle == idle)
    return;
  self->idle = idle;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE]);
}

static void
sync_items (FerryCopyQueue *self)
{
  g_autoptr(GPtrArray) tasks = ferry_task_store_dup_tasks (self->store);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) old = NULL;
  guint prefix = 0, suffix = 0;

  for (guint i = 0; i < tasks->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (tasks, i);

      if (is_mine (self, task) && ferry_copy_task_get_state (task) != FERRY_TASK_STATE_REMOVED)
        g_ptr_array_add (items, g_object_ref (task));
    }

  while (prefix < self->items->len && prefix < items->len &&
         g_ptr_array_index (self->items, prefix) == g_ptr_array_index (items, prefix))
    prefix++;
  while (suffix < self->items->len - prefix && suffix < items->len - prefix &&
         g_ptr_array_index (self->items, self->items->len - 1 - suffix) ==
         g_ptr_array_index (items, items->len - 1 - suffix))
    suffix++;

  if (prefix == self->items->len && prefix == items->len)
    {
      update_idle (self);
      return;
    }

  old = g_steal_pointer (&self->items);
  self->items = g_steal_pointer (&items);
  g_list_model_items_changed (G_LIST_MODEL (self),
                              prefix,
                              old->len - prefix - suffix,
                              self->items->len - prefix - suffix);
  update_idle (self);
}

static void
store_tasks_changed_cb (GListModel     *tasks,
                        guint           position,
                        guint           removed,
                        guint           added,
                        FerryCopyQueue *self)
{
  sync_items (self);
}

/* @transient: it goes when the store can be read and written again. */
static void
set_warning (FerryCopyQueue *self,
             const char     *warning,
             gboolean        transient)
{
  self->warning_transient = warning != NULL && transient;
  if (g_strcmp0 (self->warning, warning) == 0)
    return;
  g_free (self->warning);
  self->warning = g_strdup (warning);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARNING]);
}

/* A problem with the store that the user must hear of, whoever met it:
 * a file from a newer Ferry, or one that cannot be read or written. */
static void
note_store_error (FerryCopyQueue *self,
                  const GError   *error)
{
  if (g_error_matches (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_NEWER_FORMAT) ||
      g_error_matches (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_IO))
    set_warning (self, error->message, TRUE);
}

static void
store_damaged_cb (FerryTaskStore *store,
                  const char     *sentence,
                  FerryCopyQueue *self)
{
  set_warning (self, sentence, FALSE);
}

/* Every change the queue makes by itself goes through here: saved first,
 * then the model and "idle" follow. It never waits for the lock (the
 * queue runs on the main context of a window): FERRY_TASK_STORE_ERROR_BUSY
 * when another process holds it, and the caller tries again shortly. */
static gboolean
queue_update (FerryCopyQueue     *self,
              FerryTaskStoreFunc  func,
              gpointer            data,
              GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok = ferry_task_store_try_update (self->store, func, data, &local_error);

  sync_items (self);
  if (!ok)
    {
      note_store_error (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return ok;
}

/* When to try again after @error. */
static gint64
retry_delay (const GError *error)
{
  if (g_error_matches (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_BUSY))
    return (gint64) (BUSY_RETRY * g_random_double_range (0.5, 1.5));
  return SAVE_RETRY;
}

/* A change of one task, applied only when the task (read afresh under the
 * lock) is in one of @states and, with @need_owner, still ours. */
typedef gboolean (*ApplyFunc) (FerryCopyQueue *self,
                               FerryCopyTask  *task,
                               gpointer        data);

typedef struct
{
  FerryCopyQueue *self;
  const char     *task_id;
  guint           states;
  gboolean        need_owner;
  ApplyFunc       apply;
  gpointer        data;
  gboolean        applied;
} Change;

static void
renew_lease (FerryCopyQueue *self,
             FerryCopyTask  *task,
             gint64          now)
{
  if (!owned_by_me (self, task) || !state_in (task, ACTIVE_STATES))
    return;
  if (ferry_copy_task_get_lease_until (task) - now < USEC (FERRY_COPY_QUEUE_LEASE_SECONDS) / 2)
    ferry_copy_task_set_lease_until (task, now + USEC (FERRY_COPY_QUEUE_LEASE_SECONDS));
}

static void
change_update (FerryTaskStore *store,
               gpointer        user_data)
{
  Change *c = user_data;
  FerryCopyTask *task = ferry_task_store_lookup (store, c->task_id);

  if (task == NULL || !state_in (task, c->states))
    return;
  if (c->need_owner && !owned_by_me (c->self, task))
    return;

  c->applied = c->apply (c->self, task, c->data);
  renew_lease (c->self, task, queue_now (c->self));
}

/* TRUE when saved; *applied tells whether the change was made. */
static gboolean
change_task (FerryCopyQueue  *self,
             const char      *task_id,
             guint            states,
             gboolean         need_owner,
             ApplyFunc        apply,
             gpointer         data,
             gboolean        *applied,
             GError         **error)
{
  Change c = { self, task_id, states, need_owner, apply, data, FALSE };
  gboolean ok;

  ok = queue_update (self, change_update, &c, error);
  if (applied != NULL)
    *applied = ok && c.applied;
  return ok;
}

/* Transitions */

typedef struct
{
  const char *code;
  const char *message;
  const char *sentence;
  const char *hint;
} Failure;

static gboolean
apply_fail (FerryCopyQueue *self,
            FerryCopyTask  *task,
            gpointer        data)
{
  Failure *f = data;

  ferry_copy_task_set_error (task, f->code, f->message, f->sentence, f->hint);
  ferry_copy_task_set_state (task, FERRY_TASK_STATE_FAILED);
  ferry_copy_task_set_finished_at (task, queue_now (self));
  ferry_copy_task_set_next_attempt_at (task, 0);
  ferry_copy_task_set_still_running (task, FALSE);
  ferry_copy_task_set_owner (task, NULL);
  ferry_copy_task_set_lease_until (task, 0);
  return TRUE;
}

static gboolean
apply_delay (FerryCopyQueue *self,
             FerryCopyTask  *task,
             gpointer        data)
{
  gint64 *when = data;

  ferry_copy_task_set_next_attempt_at (task, *when);
  return TRUE;
}

typedef struct
{
  gint64  now;
  guint   in_flight;
} ClaimData;

static gboolean
apply_claim (FerryCopyQueue *self,
             FerryCopyTask  *task,
             gpointer        data)
{
  ClaimData *claim = data;
  FerryTaskOwner me;

  if (ferry_copy_task_get_owner (task) != NULL)
    return FALSE;
  if (ferry_copy_task_get_kind (task) == FERRY_COPY_KIND_CROSS_REGION)
    {
      /* Counted under the lock, across every process. */
      claim->in_flight = count_in_flight (self, task);
      if (claim->in_flight >= FERRY_MAX_CONCURRENT_COPIES)
        return FALSE;
    }

  my_owner (self, &me);
  ferry_copy_task_set_state (task, FERRY_TASK_STATE_SUBMITTING);
  ferry_copy_task_set_submitted_at (task, claim->now);
  ferry_copy_task_set_attempts (task, ferry_copy_task_get_attempts (task) + 1);
  ferry_copy_task_set_owner (task, &me);
  ferry_copy_task_set_lease_until (task, claim->now + USEC (FERRY_COPY_QUEUE_LEASE_SECONDS));
  ferry_copy_task_set_next_attempt_at (task, 0);
  ferry_copy_task_set_lookups (task, 0);
  ferry_copy_task_set_job_id (task, NULL);
  ferry_copy_task_set_job_endpoint (task, FALSE, FERRY_JOB_ENDPOINT_PROJECT);
  ferry_copy_task_set_new_image_id (task, NULL);
  ferry_copy_task_set_fraction (task, 0.0);
  ferry_copy_task_set_current_step (task, NULL);
  ferry_copy_task_set_still_running (task, FALSE);
  ferry_copy_task_set_last_progress_at (task, claim->now);
  ferry_copy_task_set_error (task, NULL, NULL, NULL, NULL);
  return TRUE;
}

static gboolean
apply_job_id (FerryCopyQueue *self,
              FerryCopyTask  *task,
              gpointer        data)
{
  const char *job_id = data;

  /* Written whoever drives the task now: a queue that took it over while
   * the answer was on its way goes on from the job. */
  if (ferry_copy_task_get_job_id (task) != NULL)
    return FALSE;

  ferry_copy_task_set_job_id (task, job_id);
  if (ferry_copy_task_get_state (task) == FERRY_TASK_STATE_SUBMITTING)
    {
      ferry_copy_task_set_state (task, FERRY_TASK_STATE_RUNNING);
      ferry_copy_task_set_last_progress_at (task, queue_now (self));
      ferry_copy_task_set_lookups (task, 0);
    }
  return TRUE;
}

typedef struct
{
  gint64      when;
  const char *code;
  const char *sentence;
  const char *hint;
} Requeue;

static gboolean
apply_requeue (FerryCopyQueue *self,
               FerryCopyTask  *task,
               gpointer        data)
{
  Requeue *r = data;

  /* Back at the head of the line: queued_at stays. */
  ferry_copy_task_set_state (task, FERRY_TASK_STATE_QUEUED);
  ferry_copy_task_set_next_attempt_at (task, r->when);
  ferry_copy_task_set_owner (task, NULL);
  ferry_copy_task_set_lease_until (task, 0);
  ferry_copy_task_set_lookups (task, 0);
  ferry_copy_task_set_fraction (task, 0.0);
  ferry_copy_task_set_current_step (task, NULL);
  ferry_copy_task_set_still_running (task, FALSE);
  ferry_copy_task_set_error (task, r->code, NULL, r->sentence, r->hint);
  return TRUE;
}

static void
note_progress (FerryCopyQueue *self,
               FerryCopyTask  *task,
               gboolean        moved,
               gint64          now)
{
  gint64 last = ferry_copy_task_get_last_progress_at (task);

  if (moved || last == 0)
    {
      ferry_copy_task_set_last_progress_at (task, now);
      ferry_copy_task_set_still_running (task, FALSE);
    }
  else if (now - last >= USEC (FERRY_COPY_QUEUE_STILL_RUNNING_SECONDS))
    ferry_copy_task_set_still_running (task, TRUE);
}

static void
finish (FerryCopyQueue *self,
        FerryCopyTask  *task,
        FerryTaskState  state,
        gint64          now)
{
  ferry_copy_task_set_state (task, state);
  ferry_copy_task_set_finished_at (task, now);
  ferry_copy_task_set_still_running (task, FALSE);
  ferry_copy_task_set_owner (task, NULL);
  ferry_copy_task_set_lease_until (task, 0);
}

typedef struct
{
  FerryJob         *job;
  FerryJobEndpoint  endpoint;
} JobData;

static gboolean
apply_job (FerryCopyQueue *self,
           FerryCopyTask  *task,
           gpointer        data)
{
  JobData *j = data;
  gint64 now = queue_now (self);
  const char *image_id = ferry_job_get_image_id (j->job);

  ferry_copy_task_set_job_endpoint (task, TRUE, j->endpoint);
  if (image_id != NULL)
    ferry_copy_task_set_new_image_id (task, image_id);

  switch (ferry_job_get_status (j->job))
    {
    case FERRY_JOB_STATUS_SUCCESS:
      ferry_copy_task_set_state (task, FERRY_TASK_STATE_FINISHING);
      ferry_copy_task_set_fraction (task, 1.0);
      ferry_copy_task_set_current_step (task, NULL);
      note_progress (self, task, TRUE, now);
      break;

    case FERRY_JOB_STATUS_FAIL:
      {
        const char *code = ferry_job_get_error_code (j->job);
        const char *sentence = ferry_api_error_explain_code (code);
        const char *hint = ferry_api_error_hint_for_code (code);

        ferry_copy_task_set_error (task, code, ferry_job_get_fail_reason (j->job),
                                   sentence != NULL ? sentence : _("The service reported that the copy failed."),
                                   hint != NULL ? hint : _("Retry the copy. Should it fail again, contact Huawei Cloud support with the job id."));
        finish (self, task, FERRY_TASK_STATE_FAILED, now);
      }
      break;

    case FERRY_JOB_STATUS_INIT:
    case FERRY_JOB_STATUS_RUNNING:
    case FERRY_JOB_STATUS_UNKNOWN:
    default:
      {
        double fraction = ferry_job_get_process_percent (j->job);
        const char *step = ferry_job_get_current_task (j->job);
        gboolean moved;

        moved = fraction != ferry_copy_task_get_fraction (task) ||
                g_strcmp0 (step, ferry_copy_task_get_current_step (task)) != 0;
        ferry_copy_task_set_fraction (task, fraction);
        ferry_copy_task_set_current_step (task, step);
        note_progress (self, task, moved, now);
      }
      break;
    }

  return TRUE;
}

static gboolean
apply_image (FerryCopyQueue *self,
             FerryCopyTask  *task,
             gpointer        data)
{
  FerryImage *image = data;
  gint64 now = queue_now (self);

  switch (ferry_image_get_status_kind (image))
    {
    case FERRY_IMAGE_STATUS_ACTIVE:
    case FERRY_IMAGE_STATUS_UNINITIALIZED:
      ferry_copy_task_set_fraction (task, 1.0);
      ferry_copy_task_set_current_step (task, NULL);
      ferry_copy_task_set_error (task, NULL, NULL, NULL, NULL);
      /* The image is there; its tags follow before the task is done.
       * Saved, so that a restart goes on with the tags. */
      if (ferry_copy_task_get_copy_tags (task) &&
          !ferry_copy_task_get_tags_outcome (task, NULL, NULL))
        {
          ferry_copy_task_set_tags_pending (task, TRUE);
          note_progress (self, task, TRUE, now);
        }
      else
        finish (self, task, FERRY_TASK_STATE_DONE, now);
      break;

    case FERRY_IMAGE_STATUS_KILLED:
      ferry_copy_task_set_error (task, NULL, NULL,
                                 _("The new image could not be created in the destination region."),
                                 _("Retry the copy. Should it fail again, contact Huawei Cloud support with the job id."));
      finish (self, task, FERRY_TASK_STATE_FAILED, now);
      break;

    case FERRY_IMAGE_STATUS_DELETED:
      ferry_copy_task_set_error (task, NULL, NULL,
                                 _("The new image was deleted in the destination region before it was ready."),
                                 _("Retry the copy if you still need it."));
      finish (self, task, FERRY_TASK_STATE_FAILED, now);
      break;

    case FERRY_IMAGE_STATUS_QUEUED:
    case FERRY_IMAGE_STATUS_SAVING:
    case FERRY_IMAGE_STATUS_UNKNOWN:
    default:
      note_progress (self, task, FALSE, now);
      break;
    }

  return TRUE;
}

static gboolean
apply_found (FerryCopyQueue *self,
             FerryCopyTask  *task,
             gpointer        data)
{
  FerryImage *image = data;

  ferry_copy_task_set_new_image_id (task, ferry_image_get_id (image));
  ferry_copy_task_set_state (task, FERRY_TASK_STATE_FINISHING);
  ferry_copy_task_set_lookups (task, 0);
  note_progress (self, task, TRUE, queue_now (self));
  return TRUE;
}

/* The answer to the copy request never came: what became of it (the
 * server's code and words, or the transport's) is kept for the user. */
static gboolean
apply_lost (FerryCopyQueue *self,
            FerryCopyTask  *task,
            gpointer        data)
{
  Failure *f = data;

  ferry_copy_task_set_error (task, f->code, f->message, NULL, NULL);
  return TRUE;
}

/* Nobody can tell whether the service made the copy: the user decides.
 * Nothing drives the task any more, and nothing sends it again. */
static void
make_unknown (FerryCopyQueue *self,
              FerryCopyTask  *task,
              gint64          now)
{
  ferry_copy_task_set_error (task,
                             ferry_copy_task_get_error_code (task),
                             ferry_copy_task_get_error_message (task),
                             _("Whether Huawei Cloud made this copy is not known: the answer to the copy request was lost, and the copy was not found in the destination region."),
                             _("Look again later, since a copy can take a while to appear; submit it again only if you are sure it was not made, because a second request makes a second copy, billed like the first."));
  ferry_copy_task_set_state (task, FERRY_TASK_STATE_OUTCOME_UNKNOWN);
  ferry_copy_task_set_finished_at (task, now);
  ferry_copy_task_set_still_running (task, FALSE);
  ferry_copy_task_set_owner (task, NULL);
  ferry_copy_task_set_lease_until (task, 0);
}

static gboolean
apply_missed (FerryCopyQueue *self,
              FerryCopyTask  *task,
              gpointer        data)
{
  gboolean *unknown = data;
  guint lookups = ferry_copy_task_get_lookups (task) + 1;
  gint64 now = queue_now (self);

  ferry_copy_task_set_lookups (task, lookups);

  /* Long enough for a copy that did reach the service to show up. Then
   * the copy is most likely not there, but "most likely" is a guess, and
   * a wrong one makes a second copy, billed and named like the first, that
   * nobody can cancel: the user decides. */
  if (lookups > FERRY_COPY_QUEUE_SUBMIT_GRACE_LOOKUPS ||
      (lookups == FERRY_COPY_QUEUE_SUBMIT_GRACE_LOOKUPS &&
       now - ferry_copy_task_get_submitted_at (task) >= USEC (FERRY_COPY_QUEUE_SUBMIT_GRACE_SECONDS)))
    {
      g_debug ("task %s: the copy was not found; its outcome is unknown",
               ferry_copy_task_get_id (task));
      make_unknown (self, task, now);
      *unknown = TRUE;
    }
  return TRUE;
}

static gboolean
apply_release (FerryCopyQueue *self,
               FerryCopyTask  *task,
               gpointer        data)
{
  ferry_copy_task_set_owner (task, NULL);
  ferry_copy_task_set_lease_until (task, 0);
  return TRUE;
}

typedef struct
{
  guint      copied;
  GPtrArray *failures;   /* FerryTagFailure */
} TagsDone;

static gboolean
apply_tags_done (FerryCopyQueue *self,
                 FerryCopyTask  *task,
                 gpointer        data)
{
  TagsDone *t = data;

  if (!ferry_copy_task_get_tags_pending (task))
    return FALSE;
  ferry_copy_task_set_tags_outcome (task, TRUE, t->copied, t->failures);
  ferry_copy_task_set_tags_pending (task, FALSE);
  finish (self, task, FERRY_TASK_STATE_DONE, queue_now (self));
  return TRUE;
}

/* Drivers: one per task this queue owns */

/* What the service answered to the copy request, not saved yet: saved
 * before anything else happens to the task. */
typedef enum
{
  OUTCOME_NONE,
  OUTCOME_JOB_ID,   /* the job id */
  OUTCOME_REQUEUE,  /* turned away for now: back in the queue */
  OUTCOME_FAIL,     /* refused */
  OUTCOME_LOST,     /* no answer: look for the copy */
} OutcomeKind;

typedef struct
{
  OutcomeKind  kind;
  char        *job_id;
  char        *code;
  char        *message;
  char        *sentence;
  char        *hint;
  gint64       when;
} Outcome;

static void
outcome_clear (Outcome *o)
{
  o->kind = OUTCOME_NONE;
  g_clear_pointer (&o->job_id, g_free);
  g_clear_pointer (&o->code, g_free);
  g_clear_pointer (&o->message, g_free);
  g_clear_pointer (&o->sentence, g_free);
  g_clear_pointer (&o->hint, g_free);
  o->when = 0;
}

struct _Driver
{
  FerryCopyQueue *queue;           /* not a reference; NULL once dropped */
  FerryCopyTask  *task;
  GSource        *timer;
  Outcome         outcome;         /* answered, not saved yet */
  gint64          last_lookup;
  gint64          save_retry;      /* after a failed save of the outcome */
  guint           failures;
  guint           posting : 1;
  guint           busy : 1;        /* a request is out */
};

static void
driver_clear (Driver *d)
{
  g_clear_object (&d->task);
  outcome_clear (&d->outcome);
}

static void
driver_unref (Driver *d)
{
  g_rc_box_release_full (d, (GDestroyNotify) driver_clear);
}

static Driver *
driver_ref (Driver *d)
{
  return g_rc_box_acquire (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Driver, driver_unref)

static void
driver_cancel_timer (Driver *d)
{
  if (d->timer == NULL)
    return;
  g_source_destroy (d->timer);
  g_clear_pointer (&d->timer, g_source_unref);
}

/* For the table of drivers. */
static void
driver_forget (Driver *d)
{
  d->queue = NULL;
  driver_cancel_timer (d);
  driver_unref (d);
}

static Driver *
driver_new (FerryCopyQueue *self,
            FerryCopyTask  *task)
{
  Driver *d = g_hash_table_lookup (self->drivers, ferry_copy_task_get_id (task));

  if (d != NULL)
    return d;

  d = g_rc_box_new0 (Driver);
  d->queue = self;
  d->task = g_object_ref (task);
  g_hash_table_insert (self->drivers, g_strdup (ferry_copy_task_get_id (task)), d);
  return d;
}

static void
driver_drop (Driver *d)
{
  FerryCopyQueue *self = d->queue;

  if (self == NULL)
    return;
  g_hash_table_remove (self->drivers, ferry_copy_task_get_id (d->task));
}

static gboolean
driver_timer_cb (gpointer user_data)
{
  Driver *d = user_data;

  g_clear_pointer (&d->timer, g_source_unref);
  if (d->queue != NULL)
    driver_run (d);
  return G_SOURCE_REMOVE;
}

static void
driver_schedule (Driver *d,
                 gint64  delay)
{
  if (d->queue == NULL)
    return;
  driver_cancel_timer (d);
  d->timer = queue_timeout (d->queue, delay, driver_timer_cb, driver_ref (d),
                            (GDestroyNotify) driver_unref);
}

/* After a transaction: the task may have moved on, or gone to another
 * owner. FALSE when the driver was dropped. */
static gboolean
driver_still_mine (Driver *d)
{
  FerryCopyQueue *self = d->queue;
  FerryCopyTask *task;

  /* Dropped meanwhile (the queue was stopped from a handler). */
  if (self == NULL)
    return FALSE;

  task = ferry_task_store_lookup (self->store, ferry_copy_task_get_id (d->task));
  if (task == NULL || !owned_by_me (self, task) || !state_in (task, ACTIVE_STATES))
    {
      driver_drop (d);
      queue_schedule_tick (self, 0);
      return FALSE;
    }
  /* The store may hold a new object for it (after a failed save). */
  g_set_object (&d->task, task);
  return TRUE;
}

static void
driver_schedule_next (Driver *d)
{
  FerryCopyQueue *self = d->queue;
  gint64 now;

  if (!driver_still_mine (d))
    return;
  now = queue_now (self);

  switch (ferry_copy_task_get_state (d->task))
    {
    case FERRY_TASK_STATE_SUBMITTING:
      if (d->outcome.kind != OUTCOME_NONE)
        driver_schedule (d, d->save_retry);
      else
        {
          /* Waiting for a copy that may or may not exist to show up. */
          gint64 from = d->last_lookup != 0 ? d->last_lookup : ferry_copy_task_get_submitted_at (d->task);

          driver_schedule (d, MAX (0, from + LOOKUP_INTERVAL - now));
        }
      break;

    case FERRY_TASK_STATE_RUNNING:
    case FERRY_TASK_STATE_FINISHING:
      driver_schedule (d, d->outcome.kind != OUTCOME_NONE ? d->save_retry :
                          poll_delay (self, d->task, d->failures));
      break;

    case FERRY_TASK_STATE_QUEUED:
    case FERRY_TASK_STATE_DONE:
    case FERRY_TASK_STATE_FAILED:
    case FERRY_TASK_STATE_REMOVED:
    case FERRY_TASK_STATE_OUTCOME_UNKNOWN:
    default:
      driver_drop (d);
      break;
    }
}

/* Saving what the service answered */

static void
driver_save_outcome (Driver *d)
{
  g_autoptr(GError) error = NULL;
  FerryCopyQueue *self = d->queue;
  const char *id = ferry_copy_task_get_id (d->task);
  Outcome *o = &d->outcome;
  Failure f = { o->code, o->message, o->sentence, o->hint };
  Requeue r = { o->when, o->code, o->sentence, o->hint };
  gboolean saved = FALSE;
  OutcomeKind kind = o->kind;

  switch (kind)
    {
    case OUTCOME_JOB_ID:
      /* Written whoever drives the task now. */
      saved = change_task (self, id, ACTIVE_STATES, FALSE, apply_job_id, o->job_id, NULL, &error);
      break;
    case OUTCOME_REQUEUE:
      saved = change_task (self, id, STATE_BIT (FERRY_TASK_STATE_SUBMITTING), TRUE,
                           apply_requeue, &r, NULL, &error);
      break;
    case OUTCOME_FAIL:
      saved = change_task (self, id, STATE_BIT (FERRY_TASK_STATE_SUBMITTING), TRUE,
                           apply_fail, &f, NULL, &error);
      break;
    case OUTCOME_LOST:
      saved = change_task (self, id, STATE_BIT (FERRY_TASK_STATE_SUBMITTING), TRUE,
                           apply_lost, &f, NULL, &error);
      break;
    case OUTCOME_NONE:
    default:
      g_assert_not_reached ();
    }

  if (!saved)
    {
      /* Nothing else happens to the task until it is saved. */
      g_debug ("task %s: the answer is not saved yet: %s", id, error->message);
      d->save_retry = retry_delay (error);
      driver_schedule (d, d->save_retry);
      return;
    }

  outcome_clear (o);
  d->failures = 0;
  if (kind == OUTCOME_REQUEUE || kind == OUTCOME_FAIL)
    {
      driver_drop (d);
      queue_schedule_tick (self, 0);
      return;
    }
  if (kind == OUTCOME_LOST)
    d->last_lookup = 0;
  driver_schedule_next (d);
}

static void
driver_take_outcome (Driver      *d,
                     OutcomeKind  kind,
                     const char  *job_id,
                     const Failure *f,
                     gint64       when)
{
  outcome_clear (&d->outcome);
  d->outcome.kind = kind;
  d->outcome.job_id = g_strdup (job_id);
  if (f != NULL)
    {
      d->outcome.code = g_strdup (f->code);
      d->outcome.message = g_strdup (f->message);
      d->outcome.sentence = g_strdup (f->sentence);
      d->outcome.hint = g_strdup (f->hint);
    }
  d->outcome.when = when;
  driver_save_outcome (d);
}

/* Submitting */

static void
post_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Driver) d = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *job_id = NULL;
  FerryCopyQueue *self = d->queue;
  FerryClient *client = FERRY_CLIENT (object);
  const char *id = ferry_copy_task_get_id (d->task);

  if (ferry_copy_task_get_kind (d->task) == FERRY_COPY_KIND_CROSS_REGION)
    job_id = ferry_ims_cross_region_copy_finish (client, result, &error);
  else
    job_id = ferry_ims_copy_finish (client, result, &error);

  d->posting = FALSE;
  d->busy = FALSE;
  if (self == NULL)
    return;  /* stopped: the task stays SUBMITTING, found again later */

  if (job_id != NULL)
    {
      g_debug ("task %s: job %s", id, job_id);
      driver_take_outcome (d, OUTCOME_JOB_ID, job_id, NULL, 0);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_THROTTLED))
    {
      /* IMG.0149 (copies of this account we do not know about, made
       * elsewhere) or the gateway's 429: nothing was done; wait. */
      Failure f = {
        ferry_api_error_get_server_code (error), NULL, error->message, ferry_api_error_hint_for_code ("IMG.0149"),
      };

      g_debug ("task %s: turned away (%s), queued again", id, f.code);
      driver_take_outcome (d, OUTCOME_REQUEUE, NULL, &f,
                           queue_now (self) + backoff (ferry_copy_task_get_attempts (d->task)));
      return;
    }

  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NETWORK) ||
      g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_UNAVAILABLE) ||
      g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE) ||
      error->domain != FERRY_API_ERROR)
    {
      /* The request may have reached the service: never send it again
       * blindly. Look for the copy instead, as after a crash. */
      const char *server_message = ferry_api_error_get_server_message (error);
      Failure f = {
        ferry_api_error_get_server_code (error),
        server_message != NULL ? server_message : error->message,
        NULL, NULL,
      };

      g_debug ("task %s: the answer was lost (%s): looking for the copy", id, error->message);
      driver_take_outcome (d, OUTCOME_LOST, NULL, &f, 0);
      return;
    }

  {
    Failure f = {
      ferry_api_error_get_server_code (error),
      ferry_api_error_get_server_message (error),
      error->message,
      hint_for_error (error),
    };

    g_debug ("task %s: refused: %s", id, error->message);
    driver_take_outcome (d, OUTCOME_FAIL, NULL, &f, 0);
  }
}

static void
driver_post (Driver *d)
{
  FerryCopyQueue *self = d->queue;
  FerryCopyTask *task = d->task;

  d->posting = TRUE;
  d->busy = TRUE;

  if (ferry_copy_task_get_kind (task) == FERRY_COPY_KIND_CROSS_REGION)
    {
      FerryCrossRegionCopy copy = {
        .name = ferry_copy_task_get_name (task),
        .description = ferry_copy_task_get_description (task),
        .region = ferry_copy_task_get_destination_region (task),
        .project_name = ferry_copy_task_get_destination_project_name (task),
        .agency_name = ferry_copy_task_get_agency_name (task),
        .vault_id = ferry_copy_task_get_vault_id (task),
      };

      ferry_ims_cross_region_copy_async (self->client,
                                         ferry_copy_task_get_source_region (task),
                                         ferry_copy_task_get_source_project_id (task),
                                         ferry_copy_task_get_image_id (task),
                                         &copy, self->cancellable, post_cb, driver_ref (d));
    }
  else
    {
      ferry_ims_copy_async (self->client,
                            ferry_copy_task_get_source_region (task),
                            ferry_copy_task_get_source_project_id (task),
                            ferry_copy_task_get_image_id (task),
                            ferry_copy_task_get_name (task),
                            ferry_copy_task_get_description (task),
                            ferry_copy_task_get_cmk_id (task),
                            self->cancellable, post_cb, driver_ref (d));
    }
}

/* Looking for a copy in the destination */

/* The earliest creation time a copy made by the submission of @task can
 * carry, on the service's clock, which may be behind ours: the gateway
 * refuses requests signed more than 15 minutes off its clock (X-Sdk-Date,
 * API signing guide), so that is the most it can be. */
static gint64
earliest_creation (FerryCopyQueue *self,
                   FerryCopyTask  *task)
{
  gint64 submitted = ferry_copy_task_get_submitted_at (task);

  return submitted != 0 ? queue_to_real (self, submitted) - CREATION_SLACK : 0;
}

/* Whether the image's assumed origin members name the source image. */
static gboolean
names_source (FerryImage    *image,
              FerryCopyTask *task)
{
  g_autofree char *origin = g_strdup_printf ("image,%s,%s",
                                             ferry_copy_task_get_source_region (task),
                                             ferry_copy_task_get_image_id (task));

  return g_strcmp0 (ferry_image_get_original_image_name (image), ferry_copy_task_get_image_id (task)) == 0 ||
         g_strcmp0 (ferry_image_get_data_origin (image), origin) == 0;
}

/* The copy that the lost submission of @task made, among @images (the
 * destination's private images of its name), or NULL.
 *
 * What identifies it, and on what authority:
 *  - documented, and required to match:
 *    - `name`, the name the request gave the new image
 *      (CopyImageCrossRegion, https://support.huaweicloud.com/api-ims/ims_03_0628.html;
 *      the look-up asks ListImages for exactly that name and
 *      `__imagetype` private, https://support.huaweicloud.com/api-ims/ims_03_0602.html);
 *    - `owner`, the project the image belongs to: the destination project
 *      (ListImages; an image that does not say is not held against);
 *    - `created_at`, after the submission less the clock skew the gateway
 *      allows (ListImages gives it in UTC): an older image of the same name
 *      is not this copy, and an image without a creation time cannot be
 *      shown to be it;
 *    - and no other task has taken the image as its copy.
 *  - assumed, used only to choose among several candidates and never to
 *    rule one out: `__originalimagename` is documented as the parent
 *    image's id, but not that a copy names its source there; and no
 *    reference gives the value of `__data_origin` for a copy (the sandbox
 *    writes "image,<source region>,<source id>"; the service may write
 *    anything). A copy whose origin members say something else is still
 *    found.
 * Among several candidates: one that names the source, then the earliest
 * made. Either way a copy exists, so none is sent again. */
static FerryImage *
find_copy (FerryCopyQueue *self,
           FerryCopyTask  *task,
           GListModel     *images)
{
  g_autoptr(GPtrArray) tasks = ferry_task_store_dup_tasks (self->store);
  g_autoptr(FerryImage) best = NULL;
  gint64 earliest = earliest_creation (self, task);
  gint64 best_created = 0;
  gboolean best_names_source = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    {
      g_autoptr(FerryImage) image = g_list_model_get_item (images, i);
      g_autoptr(GDateTime) created = NULL;
      const char *owner = ferry_image_get_owner (image);
      gboolean claimed = FALSE;
      gboolean source;
      gint64 when;

      if (g_strcmp0 (ferry_image_get_name (image), ferry_copy_task_get_name (task)) != 0)
        continue;
      if (owner != NULL && g_strcmp0 (owner, ferry_copy_task_get_destination_project_id (task)) != 0)
        continue;

      created = ferry_image_dup_created_date_time (image);
      if (created == NULL)
        continue;
      when = g_date_time_to_unix (created) * G_USEC_PER_SEC;
      if (when < earliest)
        continue;

      for (guint j = 0; j < tasks->len && !claimed; j++)
        {
          FerryCopyTask *other = g_ptr_array_index (tasks, j);

          claimed = g_strcmp0 (ferry_copy_task_get_id (other), ferry_copy_task_get_id (task)) != 0 &&
                    g_strcmp0 (ferry_copy_task_get_new_image_id (other), ferry_image_get_id (image)) == 0;
        }
      if (claimed)
        continue;

      source = names_source (image, task);
      if (best == NULL ||
          (source && !best_names_source) ||
          (source == best_names_source && when < best_created))
        {
          g_set_object (&best, image);
          best_created = when;
          best_names_source = source;
        }
    }

  return g_steal_pointer (&best);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Driver) d = user_data;
  g_autoptr(GListModel) images = NULL;
  g_autoptr(FerryImage) found = NULL;
  g_autoptr(GError) error = NULL;
  FerryCopyQueue *self = d->queue;
  const char *id = ferry_copy_task_get_id (d->task);
  gboolean unknown = FALSE;

  images = ferry_ims_list_images_finish (FERRY_CLIENT (object), result, &error);
  d->busy = FALSE;
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  d->last_lookup = queue_now (self);
  if (images == NULL)
    {
      g_debug ("task %s: look-up failed: %s", id, error->message);
      d->failures++;
      driver_schedule_next (d);
      return;
    }

  d->failures = 0;
  found = find_copy (self, d->task, images);
  if (found != NULL)
    {
      g_debug ("task %s: found the copy %s", id, ferry_image_get_id (found));
      change_task (self, id, ACTIVE_STATES, TRUE, apply_found, found, NULL, NULL);
      driver_schedule_next (d);
      return;
    }

  if (ferry_copy_task_get_state (d->task) == FERRY_TASK_STATE_SUBMITTING)
    {
      change_task (self, id, STATE_BIT (FERRY_TASK_STATE_SUBMITTING), TRUE,
                   apply_missed, &unknown, NULL, NULL);
      if (unknown)
        {
          driver_drop (d);
          queue_schedule_tick (self, 0);
          return;
        }
    }

  driver_schedule_next (d);
}

static void
driver_lookup (Driver *d)
{
  FerryCopyQueue *self = d->queue;
  FerryImageQuery query = {
    .image_type = "private",
    .name = ferry_copy_task_get_name (d->task),
    .owner = ferry_copy_task_get_destination_project_id (d->task),
    .limit = 100,
  };

  d->busy = TRUE;
  ferry_ims_list_images_async (self->client,
                               ferry_copy_task_get_destination_region (d->task),
                               ferry_copy_task_get_destination_project_id (d->task),
                               &query, self->cancellable, lookup_cb, driver_ref (d));
}

/* Polling the job, in the source region */

static void driver_poll_job (Driver           *d,
                             FerryJobEndpoint  endpoint,
                             gboolean          second_try);

typedef struct
{
  Driver           *driver;
  FerryJobEndpoint  endpoint;
  gboolean          second_try;
} JobPoll;

static void
job_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autofree JobPoll *poll = user_data;
  g_autoptr(Driver) d = poll->driver;
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  FerryCopyQueue *self = d->queue;
  const char *id = ferry_copy_task_get_id (d->task);

  job = ferry_ims_get_job_finish (FERRY_CLIENT (object), result, &error);
  d->busy = FALSE;
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (job == NULL)
    {
      if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND))
        {
          if (!poll->second_try)
            {
              /* The other endpoint may know it. */
              driver_poll_job (d, poll->endpoint == FERRY_JOB_ENDPOINT_PROJECT ?
                                  FERRY_JOB_ENDPOINT_CLOUDIMAGES : FERRY_JOB_ENDPOINT_PROJECT,
                               TRUE);
              return;
            }
          /* Neither knows the job (any more): the copy itself tells. */
          g_debug ("task %s: no endpoint knows the job: looking for the copy", id);
          driver_lookup (d);
          return;
        }

      /* Only the service fails a copy; our trouble asking is not its. */
      g_debug ("task %s: poll failed: %s", id, error->message);
      d->failures++;
      driver_schedule_next (d);
      return;
    }

  d->failures = 0;
  {
    JobData data = { job, poll->endpoint };

    change_task (self, id, STATE_BIT (FERRY_TASK_STATE_RUNNING), TRUE, apply_job, &data, NULL, NULL);
  }
  /* The job is over: the new image may be ready already, and waiting a
   * whole interval to ask would make the end late by up to two. */
  if (ferry_copy_task_get_state (d->task) == FERRY_TASK_STATE_FINISHING && driver_still_mine (d))
    driver_schedule (d, 0);
  else
    driver_schedule_next (d);
}

static void
driver_poll_job (Driver           *d,
                 FerryJobEndpoint  endpoint,
                 gboolean          second_try)
{
  FerryCopyQueue *self = d->queue;
  JobPoll *poll = g_new0 (JobPoll, 1);

  poll->driver = driver_ref (d);
  poll->endpoint = endpoint;
  poll->second_try = second_try;
  d->busy = TRUE;
  ferry_ims_get_job_async (self->client,
                           ferry_copy_task_get_source_region (d->task),
                           ferry_copy_task_get_source_project_id (d->task),
                           ferry_copy_task_get_job_id (d->task),
                           endpoint, self->cancellable, job_cb, poll);
}

/* Polling the new image, in the destination region */

static void
image_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Driver) d = user_data;
  g_autoptr(FerryImage) image = NULL;
  g_autoptr(GError) error = NULL;
  FerryCopyQueue *self = d->queue;
  const char *id = ferry_copy_task_get_id (d->task);

  image = ferry_ims_get_image_finish (FERRY_CLIENT (object), result, &error);
  d->busy = FALSE;
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (image == NULL)
    {
      /* Not listed yet, or trouble asking: later. */
      g_debug ("task %s: new image not there yet: %s", id, error->message);
      if (!g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND))
        d->failures++;
      driver_schedule_next (d);
      return;
    }

  d->failures = 0;
  change_task (self, id, STATE_BIT (FERRY_TASK_STATE_FINISHING), TRUE, apply_image, image, NULL, NULL);
  /* The tags follow at once. */
  if (ferry_copy_task_get_tags_pending (d->task) && driver_still_mine (d))
    driver_schedule (d, 0);
  else
    driver_schedule_next (d);
}

static void
driver_poll_image (Driver *d)
{
  FerryCopyQueue *self = d->queue;

  d->busy = TRUE;
  ferry_ims_get_image_async (self->client,
                             ferry_copy_task_get_destination_region (d->task),
                             ferry_copy_task_get_destination_project_id (d->task),
                             ferry_copy_task_get_new_image_id (d->task),
                             self->cancellable, image_cb, driver_ref (d));
}

/* Copying the source image's tags to the new image, once it is active.
 * Every call is idempotent (ims_03_0617, ims_03_0618), so the step starts
 * over after a restart or a failure to reach the service: tags set before
 * are set again, to the same values. One batch first; when the service
 * refuses it, tag by tag, so that the refused ones are known by name and
 * the others still arrive. */

typedef struct
{
  Driver     *driver;
  GListModel *tags;
  guint       index;
  guint       copied;
  GPtrArray  *failures;
} TagCopy;

static void
tag_copy_free (TagCopy *t)
{
  driver_unref (t->driver);
  g_clear_object (&t->tags);
  g_clear_pointer (&t->failures, g_ptr_array_unref);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TagCopy, tag_copy_free)

static void
tags_end (TagCopy *t)
{
  Driver *d = t->driver;
  TagsDone done = { t->copied, t->failures };

  d->failures = 0;
  change_task (d->queue, ferry_copy_task_get_id (d->task),
               STATE_BIT (FERRY_TASK_STATE_FINISHING), TRUE, apply_tags_done, &done, NULL,
               NULL);
  driver_schedule_next (d);
}

static void
tag_failure_add (TagCopy      *t,
                 const char   *key,
                 const GError *error)
{
  g_ptr_array_add (t->failures,
                   ferry_tag_failure_new (key, ferry_api_error_get_server_code (error),
                                          error->message));
}

/* Our trouble reaching the service: the step is tried again later, up to
 * FERRY_COPY_QUEUE_TAG_ATTEMPTS times, then the tags are reported as not
 * copied (never dropped without a word). */
static void
tags_trouble (TagCopy      *t,
              const GError *error)
{
  Driver *d = t->driver;

  g_debug ("task %s: copying tags: %s", ferry_copy_task_get_id (d->task), error->message);
  if (++d->failures < FERRY_COPY_QUEUE_TAG_ATTEMPTS)
    {
      driver_schedule_next (d);
      return;
    }
  g_ptr_array_set_size (t->failures, 0);
  t->copied = 0;
  tag_failure_add (t, NULL, error);
  tags_end (t);
}

static void tags_add_next (TagCopy *t);

static void
tag_added_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TagCopy) t = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryImageTag) tag = g_list_model_get_item (t->tags, t->index);
  Driver *d = t->driver;

  d->busy = FALSE;
  if (!ferry_ims_add_image_tag_finish (FERRY_CLIENT (object), result, &error))
    {
      if (d->queue == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (ferry_api_error_is_transient (error))
        {
          tags_trouble (t, error);
          return;
        }
      tag_failure_add (t, ferry_image_tag_get_key (tag), error);
    }
  else
    {
      if (d->queue == NULL)
        return;
      t->copied++;
    }

  t->index++;
  tags_add_next (g_steal_pointer (&t));
}

static void
tags_add_next (TagCopy *t)
{
  Driver *d = t->driver;
  g_autoptr(FerryImageTag) tag = NULL;

  if (t->index >= g_list_model_get_n_items (t->tags))
    {
      tags_end (t);
      tag_copy_free (t);
      return;
    }

  tag = g_list_model_get_item (t->tags, t->index);
  d->busy = TRUE;
  ferry_ims_add_image_tag_async (d->queue->client,
                                 ferry_copy_task_get_destination_region (d->task),
                                 ferry_copy_task_get_destination_project_id (d->task),
                                 ferry_copy_task_get_new_image_id (d->task),
                                 tag, d->queue->cancellable, tag_added_cb, t);
}

static void
tags_batch_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TagCopy) t = user_data;
  g_autoptr(GError) error = NULL;
  Driver *d = t->driver;
  guint n = g_list_model_get_n_items (t->tags);

  d->busy = FALSE;
  if (ferry_ims_add_image_tags_finish (FERRY_CLIENT (object), result, &error))
    {
      if (d->queue == NULL)
        return;
      t->copied = n;
      tags_end (t);
      return;
    }
  if (d->queue == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (ferry_api_error_is_transient (error))
    tags_trouble (t, error);
  else if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_FAILED))
    {
      /* One tag (or their number) refused the batch: find out which. */
      g_debug ("task %s: batch of tags refused (%s): one by one",
               ferry_copy_task_get_id (d->task), error->message);
      t->index = 0;
      t->copied = 0;
      tags_add_next (g_steal_pointer (&t));
    }
  else
    {
      /* Not allowed, or no such image: no tag can be set. */
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FerryImageTag) tag = g_list_model_get_item (t->tags, i);

          tag_failure_add (t, ferry_image_tag_get_key (tag), error);
        }
      tags_end (t);
    }
}

static void
tags_listed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TagCopy) t = user_data;
  g_autoptr(GError) error = NULL;
  Driver *d = t->driver;
  GListModel *tags;

  t->tags = ferry_ims_list_image_tags_finish (FERRY_CLIENT (object), result, &error);
  d->busy = FALSE;
  if (d->queue == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (t->tags == NULL)
    {
      if (ferry_api_error_is_transient (error))
        tags_trouble (t, error);
      else
        {
          /* The source image is gone, or its tags cannot be read. */
          tag_failure_add (t, NULL, error);
          tags_end (t);
        }
      return;
    }

  if (g_list_model_get_n_items (t->tags) == 0)
    {
      tags_end (t);
      return;
    }

  d->busy = TRUE;
  tags = t->tags;
  ferry_ims_add_image_tags_async (d->queue->client,
                                  ferry_copy_task_get_destination_region (d->task),
                                  ferry_copy_task_get_destination_project_id (d->task),
                                  ferry_copy_task_get_new_image_id (d->task),
                                  tags, d->queue->cancellable, tags_batch_cb,
                                  g_steal_pointer (&t));
}

static void
driver_copy_tags (Driver *d)
{
  FerryCopyQueue *self = d->queue;
  TagCopy *t = g_new0 (TagCopy, 1);

  t->driver = driver_ref (d);
  t->failures = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_tag_failure_free);
  d->busy = TRUE;
  ferry_ims_list_image_tags_async (self->client,
                                   ferry_copy_task_get_source_region (d->task),
                                   ferry_copy_task_get_source_project_id (d->task),
                                   ferry_copy_task_get_image_id (d->task),
                                   self->cancellable, tags_listed_cb, t);
}

static void
driver_run (Driver *d)
{
  FerryCopyTask *task = d->task;

  if (d->busy || !driver_still_mine (d))
    return;

  if (d->outcome.kind != OUTCOME_NONE)
    {
      driver_save_outcome (d);
      return;
    }

  switch (ferry_copy_task_get_state (task))
    {
    case FERRY_TASK_STATE_SUBMITTING:
      driver_lookup (d);
      break;

    case FERRY_TASK_STATE_RUNNING:
      if (ferry_copy_task_get_job_id (task) != NULL)
        {
          FerryJobEndpoint endpoint = FERRY_JOB_ENDPOINT_PROJECT;

          ferry_copy_task_get_job_endpoint (task, &endpoint);
          driver_poll_job (d, endpoint, FALSE);
        }
      else
        driver_lookup (d);
      break;

    case FERRY_TASK_STATE_FINISHING:
      if (ferry_copy_task_get_tags_pending (task) &&
          ferry_copy_task_get_new_image_id (task) != NULL)
        driver_copy_tags (d);
      else if (ferry_copy_task_get_new_image_id (task) != NULL)
        driver_poll_image (d);
      else
        driver_lookup (d);
      break;

    case FERRY_TASK_STATE_QUEUED:
    case FERRY_TASK_STATE_DONE:
    case FERRY_TASK_STATE_FAILED:
    case FERRY_TASK_STATE_REMOVED:
    default:
      driver_drop (d);
      break;
    }
}

/* Checking a queued task before it is submitted

   The facts and the rules are the copy plan's (ferry-copy-plan.h): it
   looks up the image in the task's source project, the agency, its IMS
   Administrator grants and the vault, and leaves out the rules of a fact
   the account may not read (IAM, CBR): the service judges those. What the
   queue adds is what it does with the answer: a fact that could not be
   learned for a passing reason (network, 429, 5xx) delays the task; a
   refusal fails it, with the code the service would give. "Five at a
   time" is the queue's own business (start_checks()), counted per account
   in every process; the plan's earlier copies do not hold the task back
   (it was chosen when queued, or submitted again after a lost answer). */

struct _Check
{
  FerryCopyQueue *queue;   /* not a reference; NULL once dropped */
  FerryCopyTask  *task;
  FerryCopyPlan  *plan;
};

static void
check_clear (Check *c)
{
  g_clear_object (&c->task);
  g_clear_object (&c->plan);
}

static void
check_unref (Check *c)
{
  g_rc_box_release_full (c, (GDestroyNotify) check_clear);
}

static void
check_forget (Check *c)
{
  c->queue = NULL;
  check_unref (c);
}

static void check_evaluate (Check *c);

static void
check_gathered_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Check *c = user_data;

  /* The errors are read fact by fact (check_evaluate()); a cancelled
   * gathering belongs to a queue that stopped. */
  if (ferry_copy_plan_gather_finish (FERRY_COPY_PLAN (object), result, NULL) ||
      !g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      if (c->queue != NULL)
        check_evaluate (c);
    }
  check_unref (c);
}

static void
check_start (FerryCopyQueue *self,
             FerryCopyTask  *task)
{
  Check *c = g_rc_box_new0 (Check);

  c->queue = self;
  c->task = g_object_ref (task);
  c->plan = ferry_copy_plan_new_for_task (self->client, self->account, self->store, task);
  g_hash_table_insert (self->checks, g_strdup (ferry_copy_task_get_id (task)), c);

  ferry_copy_plan_gather_async (c->plan, self->cancellable, check_gathered_cb, g_rc_box_acquire (c));
}

/* The first fact that could not be learned for a passing reason: the
 * check is tried again later. */
static const GError *
passing_error (FerryCopyPlan *plan)
{
  static const FerryCopyFact facts[] = {
    FERRY_COPY_FACT_IMAGES, FERRY_COPY_FACT_AGENCY, FERRY_COPY_FACT_VAULTS,
  };

  for (guint i = 0; i < G_N_ELEMENTS (facts); i++)
    {
      const GError *error = NULL;

      if (ferry_copy_plan_get_fact_state (plan, facts[i], &error) == FERRY_COPY_FACT_STATE_FAILED &&
          (ferry_api_error_is_transient (error) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
        return error;
    }
  return NULL;
}

/* The first broken rule that is not "five at a time", or NULL. */
static FerryViolation *
first_violation (GPtrArray *violations)
{
  for (guint i = 0; i < violations->len; i++)
    {
      FerryViolation *v = g_ptr_array_index (violations, i);

      if (ferry_violation_get_rule (v) != FERRY_RULE_CONCURRENCY)
        return v;
    }
  return NULL;
}

static void check_done (Check         *c,
                        const Failure *failure,
                        const GError  *error);

static void
check_evaluate (Check *c)
{
  FerryCopyPlan *plan = c->plan;
  FerryCopyTask *task = c->task;
  g_autoptr(GPtrArray) violations = NULL;
  g_autofree char *agency_sentence = NULL;
  const GError *error;
  FerryViolation *broken;
  Failure f = { 0, };

  error = passing_error (plan);
  if (error != NULL)
    {
      check_done (c, NULL, error);
      return;
    }

  if (ferry_copy_plan_get_source (plan) == NULL)
    {
      f.code = "IMG.0147";
      f.sentence = ferry_api_error_explain_code (f.code);
      f.hint = ferry_api_error_hint_for_code (f.code);
      check_done (c, &f, NULL);
      return;
    }

  if (ferry_copy_plan_get_image (plan, 0) == NULL)
    {
      error = ferry_copy_plan_get_image_error (plan, 0);
      if (error != NULL && !g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND))
        {
          f.code = ferry_api_error_get_server_code (error);
          f.message = ferry_api_error_get_server_message (error);
          f.sentence = error->message;
          f.hint = hint_for_error (error);
        }
      else
        {
          f.code = ferry_copy_task_get_kind (task) == FERRY_COPY_KIND_CROSS_REGION ? "IMG.0144" : "IMG.0027";
          f.sentence = _("The image was deleted.");
          f.hint = ferry_api_error_hint_for_code (f.code);
        }
      check_done (c, &f, NULL);
      return;
    }

  if (ferry_copy_plan_is_agency_missing (plan))
    {
      agency_sentence = g_strdup_printf (_("The agency “%s” no longer exists."),
                                         ferry_copy_task_get_agency_name (task));
      f.code = "IMG.0179";
      f.sentence = agency_sentence;
      f.hint = ferry_api_error_hint_for_code (f.code);
      check_done (c, &f, NULL);
      return;
    }

  violations = ferry_copy_plan_dup_violations (plan, 0, 0);
  broken = first_violation (violations);
  if (broken != NULL)
    {
      f.code = ferry_violation_get_server_code (broken);
      f.sentence = ferry_violation_get_message (broken);
      f.hint = ferry_api_error_hint_for_code (f.code);
      if (f.hint == NULL)
        f.hint = _("Correct what the message says, then retry the copy.");
      check_done (c, &f, NULL);
      return;
    }

  check_done (c, NULL, NULL);
}

/* Claims the task and sends it; FALSE when it was not claimed. */
static gboolean
submit (FerryCopyQueue *self,
        FerryCopyTask  *task)
{
  g_autoptr(GError) error = NULL;
  ClaimData claim = { queue_now (self), 0 };
  gboolean claimed = FALSE;
  Driver *d;

  /* Saved as SUBMITTING, with us as owner, before the request leaves. */
  if (!change_task (self, ferry_copy_task_get_id (task), STATE_BIT (FERRY_TASK_STATE_QUEUED),
                    FALSE, apply_claim, &claim, &claimed, &error))
    {
      g_debug ("task %s: not claimed: %s", ferry_copy_task_get_id (task), error->message);
      return FALSE;
    }
  if (!claimed)
    return FALSE;

  g_debug ("task %s: submitting (%u in flight before it)", ferry_copy_task_get_id (task),
           claim.in_flight);
  d = driver_new (self, ferry_task_store_lookup (self->store, ferry_copy_task_get_id (task)));
  driver_post (d);
  return TRUE;
}

static void
check_done (Check         *c,
            const Failure *failure,
            const GError  *passing)
{
  FerryCopyQueue *self = c->queue;
  g_autofree char *id = g_strdup (ferry_copy_task_get_id (c->task));
  g_autoptr(FerryCopyTask) task = g_object_ref (c->task);
  g_autoptr(GError) error = passing != NULL ? g_error_copy (passing) : NULL;

  /* Forgotten first: the check is over whatever follows. */
  g_hash_table_remove (self->checks, id);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (failure != NULL)
    {
      g_debug ("task %s: fails its check: %s", id, failure->sentence);
      change_task (self, id, STATE_BIT (FERRY_TASK_STATE_QUEUED), FALSE,
                   apply_fail, (gpointer) failure, NULL, NULL);
    }
  else if (error != NULL)
    {
      gint64 when = queue_now (self) + jitter (USEC (FERRY_COPY_QUEUE_BACKOFF_FIRST_SECONDS));

      g_debug ("task %s: could not be checked: %s", id, error->message);
      change_task (self, id, STATE_BIT (FERRY_TASK_STATE_QUEUED), FALSE,
                   apply_delay, &when, NULL, NULL);
    }
  else
    submit (self, task);

  queue_schedule_tick (self, 0);
}

/* The tick: read the store, renew leases, take over orphans, start what
 * can start */

typedef struct
{
  FerryCopyQueue *self;
  gint64          now;
  GPtrArray      *taken;
  GPtrArray      *lost;
} Tick;

static void
tick_update (FerryTaskStore *store,
             gpointer        user_data)
{
  Tick *t = user_data;
  FerryCopyQueue *self = t->self;
  g_autoptr(GPtrArray) tasks = NULL;
  GHashTableIter iter;
  Driver *d;

  tasks = ferry_task_store_dup_tasks (store);
  for (guint i = 0; i < tasks->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (tasks, i);

      if (!is_mine (self, task) || !state_in (task, ACTIVE_STATES))
        continue;

      if (owned_by_me (self, task))
        {
          renew_lease (self, task, t->now);
          if (!g_hash_table_contains (self->drivers, ferry_copy_task_get_id (task)))
            g_ptr_array_add (t->taken, g_object_ref (task));
        }
      else if (owner_gone (self, task, t->now))
        {
          FerryTaskOwner me;

          g_debug ("task %s: taking over from %s", ferry_copy_task_get_id (task),
                   ferry_copy_task_get_owner (task) != NULL ? ferry_copy_task_get_owner (task) : "nobody");
          my_owner (self, &me);
          ferry_copy_task_set_owner (task, &me);
          ferry_copy_task_set_lease_until (task, t->now + USEC (FERRY_COPY_QUEUE_LEASE_SECONDS));
          g_ptr_array_add (t->taken, g_object_ref (task));
        }
    }

  g_hash_table_iter_init (&iter, self->drivers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &d))
    {
      FerryCopyTask *task = ferry_task_store_lookup (store, ferry_copy_task_get_id (d->task));

      if (task == NULL || !owned_by_me (self, task) || !state_in (task, ACTIVE_STATES))
        g_ptr_array_add (t->lost, g_object_ref (d->task));
    }
}

static gint
compare_turn (gconstpointer a,
              gconstpointer b)
{
  return ferry_copy_task_compare_turn (*(FerryCopyTask **) a, *(FerryCopyTask **) b);
}

/* The account's queued tasks of @kind in the order they go. */
static GPtrArray *
queued_in_turn (FerryCopyQueue *self,
                FerryCopyKind   kind)
{
  g_autoptr(GPtrArray) tasks = ferry_task_store_dup_tasks (self->store);
  GPtrArray *queued = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < tasks->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (tasks, i);

      if (is_mine (self, task) && ferry_copy_task_get_kind (task) == kind &&
          ferry_copy_task_get_state (task) == FERRY_TASK_STATE_QUEUED)
        g_ptr_array_add (queued, g_object_ref (task));
    }
  g_ptr_array_sort (queued, compare_turn);
  return queued;
}

static guint
count_checks (FerryCopyQueue *self,
              FerryCopyKind   kind)
{
  GHashTableIter iter;
  Check *c;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->checks);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &c))
    if (ferry_copy_task_get_kind (c->task) == kind)
      n++;
  return n;
}

/* Starts the checks of the tasks whose turn it is; returns when the next
 * waiting one may go (0: none waits). */
static gint64
start_checks (FerryCopyQueue *self,
              gint64          now)
{
  g_autoptr(GPtrArray) cross = queued_in_turn (self, FERRY_COPY_KIND_CROSS_REGION);
  g_autoptr(GPtrArray) local = queued_in_turn (self, FERRY_COPY_KIND_IN_REGION);
  gint64 wake = 0;
  gint free;
  guint checking;

  /* Cross-region: first come, first served, five at a time. */
  free = (gint) FERRY_MAX_CONCURRENT_COPIES - (gint) count_in_flight (self, NULL) -
         (gint) count_checks (self, FERRY_COPY_KIND_CROSS_REGION);
  for (guint i = 0; i < cross->len && free > 0; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (cross, i);
      gint64 next = ferry_copy_task_get_next_attempt_at (task);

      if (g_hash_table_contains (self->checks, ferry_copy_task_get_id (task)))
        continue;
      if (next > now)
        {
          /* Turned away: the service is full, so those behind it wait too. */
          wake = next;
          break;
        }
      check_start (self, task);
      free--;
    }

  /* In-region: not limited by the service; a few checks at a time. */
  checking = count_checks (self, FERRY_COPY_KIND_IN_REGION);
  for (guint i = 0; i < local->len && checking < MAX_CHECKS; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (local, i);
      gint64 next = ferry_copy_task_get_next_attempt_at (task);

      if (g_hash_table_contains (self->checks, ferry_copy_task_get_id (task)))
        continue;
      if (next > now)
        {
          wake = wake == 0 ? next : MIN (wake, next);
          continue;
        }
      check_start (self, task);
      checking++;
    }

  return wake;
}

static void
queue_tick (FerryCopyQueue *self)
{
  g_autoptr(GPtrArray) taken = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) lost = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  Tick t = { self, queue_now (self), taken, lost };
  gint64 wake;

  if (!queue_update (self, tick_update, &t, &error))
    {
      /* Nothing was saved, so nothing may start: try again soon. */
      g_debug ("copy queue: %s", error->message);
      queue_schedule_tick (self, g_error_matches (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_BUSY)
                                 ? retry_delay (error) : USEC (FERRY_COPY_QUEUE_TICK_SECONDS) / 2);
      return;
    }
  /* The file is readable (again). */
  if (self->warning_transient)
    set_warning (self, NULL, FALSE);

  for (guint i = 0; i < lost->len; i++)
    {
      Driver *d = g_hash_table_lookup (self->drivers, ferry_copy_task_get_id (g_ptr_array_index (lost, i)));

      if (d != NULL && !d->posting)
        driver_drop (d);
    }

  for (guint i = 0; i < taken->len; i++)
    {
      FerryCopyTask *task = ferry_task_store_lookup (self->store,
                                                     ferry_copy_task_get_id (g_ptr_array_index (taken, i)));
      Driver *d;

      if (task == NULL)
        continue;
      d = driver_new (self, task);
      if (!d->busy && d->timer == NULL)
        driver_schedule (d, 0);
    }

  sync_items (self);

  wake = start_checks (self, t.now);
  queue_schedule_tick (self, USEC (FERRY_COPY_QUEUE_TICK_SECONDS));
  if (wake != 0)
    queue_schedule_tick (self, wake - t.now);
}

static gboolean
tick_cb (gpointer user_data)
{
  FerryCopyQueue *self = user_data;

  g_clear_pointer (&self->tick_source, g_source_unref);
  queue_tick (self);
  return G_SOURCE_REMOVE;
}

static void
queue_schedule_tick (FerryCopyQueue *self,
                     gint64          delay)
{
  gint64 due;

  if (!self->running)
    return;

  delay = MAX (0, delay);
  due = queue_now (self) + delay;
  if (self->tick_source != NULL)
    {
      if (self->tick_due <= due)
        return;
      g_source_destroy (self->tick_source);
      g_clear_pointer (&self->tick_source, g_source_unref);
    }

  self->tick_due = due;
  self->tick_source = queue_timeout (self, delay, tick_cb, self, NULL);
}

/* Public */

FerryCopyQueue *
ferry_copy_queue_new (FerryClient    *client,
                      FerryAccount   *account,
                      FerryTaskStore *store)
{
  g_return_val_if_fail (FERRY_IS_CLIENT (client), NULL);
  g_return_val_if_fail (FERRY_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (FERRY_IS_TASK_STORE (store), NULL);

  return g_object_new (FERRY_TYPE_COPY_QUEUE,
                       "client", client,
                       "account", account,
                       "store", store,
                       NULL);
}

FerryClient *
ferry_copy_queue_get_client (FerryCopyQueue *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), NULL);
  return self->client;
}

FerryAccount *
ferry_copy_queue_get_account (FerryCopyQueue *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), NULL);
  return self->account;
}

FerryTaskStore *
ferry_copy_queue_get_store (FerryCopyQueue *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), NULL);
  return self->store;
}

gboolean
ferry_copy_queue_load (FerryCopyQueue  *self,
                       GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), FALSE);

  ok = ferry_task_store_load (self->store, &local_error);
  sync_items (self);
  if (!ok)
    {
      note_store_error (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return ok;
}

/* Changes the user asks for */

static gboolean
apply_remove (FerryCopyQueue *self,
              FerryCopyTask  *task,
              gpointer        data)
{
  if (ferry_copy_task_get_owner (task) != NULL)
    return FALSE;
  ferry_copy_task_set_state (task, FERRY_TASK_STATE_REMOVED);
  ferry_copy_task_set_finished_at (task, queue_now (self));
  ferry_copy_task_set_next_attempt_at (task, 0);
  return TRUE;
}

/* Back as it was before the removal: queued_at and everything else kept. */
static gboolean
apply_restore (FerryCopyQueue *self,
               FerryCopyTask  *task,
               gpointer        data)
{
  ferry_copy_task_set_state (task, FERRY_TASK_STATE_QUEUED);
  ferry_copy_task_set_finished_at (task, 0);
  return TRUE;
}

static gboolean
apply_retry (FerryCopyQueue *self,
             FerryCopyTask  *task,
             gpointer        data)
{
  gint64 now = queue_now (self);

  if (!ferry_copy_task_can_retry (task))
    return FALSE;

  /* At the back of the line, as a new copy. */
  ferry_copy_task_set_state (task, FERRY_TASK_STATE_QUEUED);
  ferry_copy_task_set_queued_at (task, now);
  ferry_copy_task_set_submitted_at (task, 0);
  ferry_copy_task_set_finished_at (task, 0);
  ferry_copy_task_set_next_attempt_at (task, 0);
  ferry_copy_task_set_last_progress_at (task, 0);
  ferry_copy_task_set_job_id (task, NULL);
  ferry_copy_task_set_job_endpoint (task, FALSE, FERRY_JOB_ENDPOINT_PROJECT);
  ferry_copy_task_set_new_image_id (task, NULL);
  ferry_copy_task_set_fraction (task, 0.0);
  ferry_copy_task_set_current_step (task, NULL);
  ferry_copy_task_set_still_running (task, FALSE);
  ferry_copy_task_set_lookups (task, 0);
  ferry_copy_task_set_error (task, NULL, NULL, NULL, NULL);
  ferry_copy_task_set_owner (task, NULL);
  ferry_copy_task_set_lease_until (task, 0);
  return TRUE;
}

/* One more look for the copy, by whichever queue takes the task first:
 * SUBMITTING with no owner is what a crash leaves, and a look-up beyond
 * the grace period's is the last one, so a copy not found makes the
 * outcome unknown again at once. */
static gboolean
apply_look_again (FerryCopyQueue *self,
                  FerryCopyTask  *task,
                  gpointer        data)
{
  ferry_copy_task_set_state (task, FERRY_TASK_STATE_SUBMITTING);
  ferry_copy_task_set_lookups (task, FERRY_COPY_QUEUE_SUBMIT_GRACE_LOOKUPS);
  ferry_copy_task_set_finished_at (task, 0);
  ferry_copy_task_set_owner (task, NULL);
  ferry_copy_task_set_lease_until (task, 0);
  ferry_copy_task_set_error (task, ferry_copy_task_get_error_code (task),
                             ferry_copy_task_get_error_message (task), NULL, NULL);
  return TRUE;
}

/* The user accepts that a second copy may be made: the task goes first
 * in line (its place is where it was) and is checked and sent again. */
static gboolean
apply_submit_again (FerryCopyQueue *self,
                    FerryCopyTask  *task,
                    gpointer        data)
{
  ferry_copy_task_set_state (task, FERRY_TASK_STATE_QUEUED);
  ferry_copy_task_set_finished_at (task, 0);
  ferry_copy_task_set_next_attempt_at (task, 0);
  ferry_copy_task_set_lookups (task, 0);
  ferry_copy_task_set_fraction (task, 0.0);
  ferry_copy_task_set_current_step (task, NULL);
  ferry_copy_task_set_error (task, NULL, NULL, NULL, NULL);
  ferry_copy_task_set_owner (task, NULL);
  ferry_copy_task_set_lease_until (task, 0);
  return TRUE;
}

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

typedef struct
{
  FerryCopyQueue *self;
  ActKind         kind;
  char           *task_id;
  GPtrArray      *tasks;    /* ACT_ADD */
  gboolean        ran;
  gboolean        applied;
} Act;

static void
act_free (Act *act)
{
  g_clear_object (&act->self);
  g_free (act->task_id);
  g_clear_pointer (&act->tasks, g_ptr_array_unref);
  g_free (act);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Act, act_free)

static Act *
act_new (FerryCopyQueue *self,
         ActKind         kind,
         const char     *task_id)
{
  Act *act = g_new0 (Act, 1);

  act->self = g_object_ref (self);
  act->kind = kind;
  act->task_id = g_strdup (task_id);
  return act;
}

static void
clear_update (FerryCopyQueue *self,
              FerryTaskStore *store)
{
  g_autoptr(GPtrArray) tasks = ferry_task_store_dup_tasks (store);

  for (guint i = 0; i < tasks->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (tasks, i);

      if (is_mine (self, task) && ferry_task_state_is_final (ferry_copy_task_get_state (task)))
        ferry_task_store_delete (store, task);
    }
}

static void
act_update (FerryTaskStore *store,
            gpointer        data)
{
  Act *act = data;
  FerryCopyQueue *self = act->self;
  FerryCopyTask *task = act->task_id != NULL ? ferry_task_store_lookup (store, act->task_id) : NULL;

  act->ran = TRUE;
  if (act->task_id != NULL && (task == NULL || !is_mine (self, task)))
    return;

  switch (act->kind)
    {
    case ACT_ADD:
      for (guint i = 0; i < act->tasks->len; i++)
        ferry_task_store_insert (store, g_ptr_array_index (act->tasks, i));
      act->applied = TRUE;
      break;
    case ACT_REMOVE:
      if (ferry_copy_task_get_state (task) == FERRY_TASK_STATE_QUEUED)
        act->applied = apply_remove (self, task, NULL);
      break;
    case ACT_RESTORE:
      if (ferry_copy_task_get_state (task) == FERRY_TASK_STATE_REMOVED)
        act->applied = apply_restore (self, task, NULL);
      break;
    case ACT_RETRY:
      if (ferry_copy_task_get_state (task) == FERRY_TASK_STATE_FAILED)
        act->applied = apply_retry (self, task, NULL);
      break;
    case ACT_LOOK_AGAIN:
      if (ferry_copy_task_get_state (task) == FERRY_TASK_STATE_OUTCOME_UNKNOWN)
        act->applied = apply_look_again (self, task, NULL);
      break;
    case ACT_SUBMIT_AGAIN:
      if (ferry_copy_task_get_state (task) == FERRY_TASK_STATE_OUTCOME_UNKNOWN)
        act->applied = apply_submit_again (self, task, NULL);
      break;
    case ACT_CLEAR_FINISHED:
      clear_update (self, store);
      act->applied = TRUE;
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Why @act was not applied, with the task as the store now has it. */
static void
act_refused (Act     *act,
             GError **error)
{
  FerryCopyQueue *self = act->self;
  FerryCopyTask *task = ferry_task_store_lookup (self->store, act->task_id);
  FerryTaskState state;

  if (task == NULL || !is_mine (self, task))
    {
      g_set_error (error, FERRY_COPY_QUEUE_ERROR, FERRY_COPY_QUEUE_ERROR_NOT_FOUND,
                   _("There is no copy “%s”."), act->task_id);
      return;
    }
  state = ferry_copy_task_get_state (task);

  switch (act->kind)
    {
    case ACT_RETRY:
      if (state == FERRY_TASK_STATE_FAILED)
        g_set_error_literal (error, FERRY_COPY_QUEUE_ERROR, FERRY_COPY_QUEUE_ERROR_POINTLESS,
                             _("The image no longer exists, so the copy cannot be retried."));
      else
        g_set_error_literal (error, FERRY_COPY_QUEUE_ERROR, FERRY_COPY_QUEUE_ERROR_NOT_FAILED,
                             _("Only failed copies can be retried."));
      return;

    case ACT_RESTORE:
      g_set_error_literal (error, FERRY_COPY_QUEUE_ERROR, FERRY_COPY_QUEUE_ERROR_NOT_REMOVED,
                           _("This copy was not removed: there is nothing to put back."));
      return;

    case ACT_LOOK_AGAIN:
    case ACT_SUBMIT_AGAIN:
      g_set_error_literal (error, FERRY_COPY_QUEUE_ERROR, FERRY_COPY_QUEUE_ERROR_NOT_UNKNOWN,
                           _("The outcome of this copy is known: there is nothing to decide."));
      return;

    case ACT_REMOVE:
    case ACT_ADD:
    case ACT_CLEAR_FINISHED:
    default:
      if (ferry_task_state_is_final (state))
        g_set_error_literal (error, FERRY_COPY_QUEUE_ERROR, FERRY_COPY_QUEUE_ERROR_FINISHED,
                             _("This copy is already over; clear the finished copies to remove it."));
      else
        g_set_error_literal (error, FERRY_COPY_QUEUE_ERROR, FERRY_COPY_QUEUE_ERROR_STARTED,
                             _("This copy has already been sent to Huawei Cloud, which cannot cancel a copy. It will run to the end."));
      return;
    }
}

/* After the transaction of @act, saved or not (@saved, @store_error). */
static gboolean
act_done (Act     *act,
          gboolean saved,
          GError  *store_error,
          GError **error)
{
  FerryCopyQueue *self = act->self;

  sync_items (self);
  if (!saved)
    {
      note_store_error (self, store_error);
      g_propagate_error (error, store_error);
      return FALSE;
    }
  if (self->warning_transient)
    set_warning (self, NULL, FALSE);
  if (!act->applied)
    {
      act_refused (act, error);
      return FALSE;
    }
  if (act->kind != ACT_REMOVE && act->kind != ACT_CLEAR_FINISHED)
    queue_schedule_tick (self, 0);
  return TRUE;
}

/* Saved before this returns, waiting for the lock on this thread. */
static gboolean
act_run (Act     *act,
         GError **error)
{
  GError *store_error = NULL;
  gboolean saved = ferry_task_store_update (act->self->store, act_update, act, &store_error);

  return act_done (act, saved, store_error, error);
}

static void
act_saved_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Act *act = g_task_get_task_data (task);
  GError *store_error = NULL;
  GError *error = NULL;
  gboolean saved = ferry_task_store_update_finish (FERRY_TASK_STORE (object), result, &store_error);

  if (act_done (act, saved, store_error, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Waits for the lock on the main context, never blocking it. */
static void
act_run_async (Act                 *act,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (act->self, cancellable, callback, user_data);
  FerryTaskStore *store = act->self->store;

  g_task_set_source_tag (task, ferry_copy_queue_change_finish);
  g_task_set_task_data (task, act, (GDestroyNotify) act_free);
  ferry_task_store_update_async (store, act_update, act, NULL, cancellable, act_saved_cb, task);
  /* The lock was free: the change is made (and saved, unless the write
   * failed); the model shows it now, not only once the callback runs. */
  if (act->ran)
    sync_items (act->self);
}

gboolean
ferry_copy_queue_change_finish (FerryCopyQueue  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static Act *
add_act (FerryCopyQueue *self,
         GPtrArray      *tasks)
{
  Act *act = act_new (self, ACT_ADD, NULL);

  act->tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (tasks, i);

      /* Queued from now on, in the queue's own time. */
      if (self->time_scale != 1.0)
        ferry_copy_task_set_queued_at (task, queue_now (self));
      g_ptr_array_add (act->tasks, g_object_ref (task));
    }
  return act;
}

static gboolean
tasks_addable (FerryCopyQueue *self,
               GPtrArray      *tasks)
{
  for (guint i = 0; i < tasks->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (tasks, i);

      g_return_val_if_fail (FERRY_IS_COPY_TASK (task), FALSE);
      g_return_val_if_fail (ferry_copy_task_get_state (task) == FERRY_TASK_STATE_QUEUED, FALSE);
      g_return_val_if_fail (is_mine (self, task), FALSE);
    }
  return TRUE;
}

gboolean
ferry_copy_queue_add (FerryCopyQueue  *self,
                      FerryCopyTask   *task,
                      GError         **error)
{
  g_autoptr(GPtrArray) tasks = g_ptr_array_new ();

  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), FALSE);

  g_ptr_array_add (tasks, task);
  return ferry_copy_queue_add_all (self, tasks, error);
}

gboolean
ferry_copy_queue_add_all (FerryCopyQueue  *self,
                          GPtrArray       *tasks,
                          GError         **error)
{
  g_autoptr(Act) act = NULL;

  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), FALSE);
  g_return_val_if_fail (tasks != NULL, FALSE);
  g_return_val_if_fail (tasks_addable (self, tasks), FALSE);

  act = add_act (self, tasks);
  return act_run (act, error);
}

void
ferry_copy_queue_add_all_async (FerryCopyQueue      *self,
                                GPtrArray           *tasks,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_COPY_QUEUE (self));
  g_return_if_fail (tasks != NULL);
  g_return_if_fail (tasks_addable (self, tasks));

  act_run_async (add_act (self, tasks), cancellable, callback, user_data);
}

static ActKind
decision_act (FerryCopyDecision decision)
{
  return decision == FERRY_COPY_DECISION_SUBMIT_AGAIN ? ACT_SUBMIT_AGAIN : ACT_LOOK_AGAIN;
}

gboolean
ferry_copy_queue_remove (FerryCopyQueue  *self,
                         const char      *task_id,
                         GError         **error)
{
  g_autoptr(Act) act = NULL;

  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), FALSE);
  g_return_val_if_fail (task_id != NULL, FALSE);

  act = act_new (self, ACT_REMOVE, task_id);
  return act_run (act, error);
}

void
ferry_copy_queue_remove_async (FerryCopyQueue      *self,
                               const char          *task_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_COPY_QUEUE (self));
  g_return_if_fail (task_id != NULL);

  act_run_async (act_new (self, ACT_REMOVE, task_id), cancellable, callback, user_data);
}

gboolean
ferry_copy_queue_restore (FerryCopyQueue  *self,
                          const char      *task_id,
                          GError         **error)
{
  g_autoptr(Act) act = NULL;

  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), FALSE);
  g_return_val_if_fail (task_id != NULL, FALSE);

  act = act_new (self, ACT_RESTORE, task_id);
  return act_run (act, error);
}

void
ferry_copy_queue_restore_async (FerryCopyQueue      *self,
                                const char          *task_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_COPY_QUEUE (self));
  g_return_if_fail (task_id != NULL);

  act_run_async (act_new (self, ACT_RESTORE, task_id), cancellable, callback, user_data);
}

gboolean
ferry_copy_queue_retry (FerryCopyQueue  *self,
                        const char      *task_id,
                        GError         **error)
{
  g_autoptr(Act) act = NULL;

  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), FALSE);
  g_return_val_if_fail (task_id != NULL, FALSE);

  act = act_new (self, ACT_RETRY, task_id);
  return act_run (act, error);
}

void
ferry_copy_queue_retry_async (FerryCopyQueue      *self,
                              const char          *task_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_COPY_QUEUE (self));
  g_return_if_fail (task_id != NULL);

  act_run_async (act_new (self, ACT_RETRY, task_id), cancellable, callback, user_data);
}

gboolean
ferry_copy_queue_decide (FerryCopyQueue     *self,
                         const char         *task_id,
                         FerryCopyDecision   decision,
                         GError            **error)
{
  g_autoptr(Act) act = NULL;

  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), FALSE);
  g_return_val_if_fail (task_id != NULL, FALSE);

  act = act_new (self, decision_act (decision), task_id);
  return act_run (act, error);
}

void
ferry_copy_queue_decide_async (FerryCopyQueue      *self,
                               const char          *task_id,
                               FerryCopyDecision    decision,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_COPY_QUEUE (self));
  g_return_if_fail (task_id != NULL);

  act_run_async (act_new (self, decision_act (decision), task_id), cancellable, callback, user_data);
}

gboolean
ferry_copy_queue_clear_finished (FerryCopyQueue  *self,
                                 GError         **error)
{
  g_autoptr(Act) act = NULL;

  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), FALSE);

  act = act_new (self, ACT_CLEAR_FINISHED, NULL);
  return act_run (act, error);
}

void
ferry_copy_queue_clear_finished_async (FerryCopyQueue      *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_COPY_QUEUE (self));

  act_run_async (act_new (self, ACT_CLEAR_FINISHED, NULL), cancellable, callback, user_data);
}

void
ferry_copy_queue_run (FerryCopyQueue *self)
{
  g_return_if_fail (FERRY_IS_COPY_QUEUE (self));

  if (self->running)
    return;

  self->running = TRUE;
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  queue_schedule_tick (self, 0);
}

static void
release_update (FerryTaskStore *store,
                gpointer        user_data)
{
  FerryCopyQueue *self = user_data;
  g_autoptr(GPtrArray) tasks = ferry_task_store_dup_tasks (store);

  for (guint i = 0; i < tasks->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (tasks, i);

      if (owned_by_me (self, task))
        apply_release (self, task, NULL);
    }
}

void
ferry_copy_queue_stop (FerryCopyQueue *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FERRY_IS_COPY_QUEUE (self));

  if (!self->running)
    return;

  self->running = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->tick_source != NULL)
    {
      g_source_destroy (self->tick_source);
      g_clear_pointer (&self->tick_source, g_source_unref);
    }
  g_hash_table_remove_all (self->drivers);
  g_hash_table_remove_all (self->checks);

  /* Whatever was on its way stays as it is in the store (a submission
   * without an answer is looked for by whoever takes it over); the leases
   * go now rather than when they run out. */
  if (!queue_update (self, release_update, self, &error))
    g_debug ("copy queue: leases not released, they will run out: %s", error->message);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

FerryCopyTask *
ferry_copy_queue_lookup (FerryCopyQueue *self,
                         const char     *task_id)
{
  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), NULL);

  if (task_id == NULL)
    return NULL;
  for (guint i = 0; i < self->items->len; i++)
    if (g_strcmp0 (ferry_copy_task_get_id (g_ptr_array_index (self->items, i)), task_id) == 0)
      return g_ptr_array_index (self->items, i);
  return NULL;
}

guint
ferry_copy_queue_get_position (FerryCopyQueue *self,
                               FerryCopyTask  *task)
{
  g_autoptr(GPtrArray) queued = NULL;
  guint position;

  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), 0);
  g_return_val_if_fail (FERRY_IS_COPY_TASK (task), 0);

  if (ferry_copy_task_get_state (task) != FERRY_TASK_STATE_QUEUED)
    return 0;

  queued = queued_in_turn (self, ferry_copy_task_get_kind (task));
  for (position = 0; position < queued->len; position++)
    if (g_strcmp0 (ferry_copy_task_get_id (g_ptr_array_index (queued, position)),
                   ferry_copy_task_get_id (task)) == 0)
      return position + 1;
  return 0;
}

GHashTable *
ferry_copy_queue_dup_positions (FerryCopyQueue *self)
{
  g_autoptr(GPtrArray) cross = NULL;
  g_autoptr(GPtrArray) local = NULL;
  GHashTable *positions;

  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), NULL);

  /* One read of the store for every place, where get_position() reads
   * it for one: a list of many queued tasks asks for all of them. */
  cross = g_ptr_array_new_with_free_func (g_object_unref);
  local = g_ptr_array_new_with_free_func (g_object_unref);
  {
    g_autoptr(GPtrArray) tasks = ferry_task_store_dup_tasks (self->store);

    for (guint i = 0; i < tasks->len; i++)
      {
        FerryCopyTask *task = g_ptr_array_index (tasks, i);

        if (!is_mine (self, task) || ferry_copy_task_get_state (task) != FERRY_TASK_STATE_QUEUED)
          continue;
        g_ptr_array_add (ferry_copy_task_get_kind (task) == FERRY_COPY_KIND_CROSS_REGION ? cross : local,
                         g_object_ref (task));
      }
  }
  g_ptr_array_sort (cross, compare_turn);
  g_ptr_array_sort (local, compare_turn);

  positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < cross->len; i++)
    g_hash_table_insert (positions, g_strdup (ferry_copy_task_get_id (g_ptr_array_index (cross, i))),
                         GUINT_TO_POINTER (i + 1));
  for (guint i = 0; i < local->len; i++)
    g_hash_table_insert (positions, g_strdup (ferry_copy_task_get_id (g_ptr_array_index (local, i))),
                         GUINT_TO_POINTER (i + 1));
  return positions;
}

guint
ferry_copy_queue_get_n_in_flight (FerryCopyQueue *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), 0);
  return count_in_flight (self, NULL);
}

gboolean
ferry_copy_queue_is_idle (FerryCopyQueue *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), TRUE);
  return self->idle;
}

const char *
ferry_copy_queue_get_warning (FerryCopyQueue *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), NULL);
  return self->warning;
}

static const char *
region_name (FerryCopyQueue *self,
             const char     *id)
{
  FerryRegion *region = ferry_region_catalogue_lookup (ferry_client_get_catalogue (self->client), id);

  return region != NULL ? ferry_region_get_name (region) : id;
}

char *
ferry_copy_queue_dup_search_text (FerryCopyQueue *self,
                                  FerryCopyTask  *task)
{
  g_autoptr(GDateTime) earliest = NULL;
  g_autofree char *after = NULL;
  const char *project;

  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), NULL);
  g_return_val_if_fail (FERRY_IS_COPY_TASK (task), NULL);

  earliest = g_date_time_new_from_unix_local (MAX (0, earliest_creation (self, task)) / G_USEC_PER_SEC);
  after = g_date_time_format (earliest, "%Y-%m-%d %H:%M");
  project = ferry_copy_task_get_destination_project_name (task);
  if (project == NULL)
    project = ferry_copy_task_get_destination_project_id (task);

  /* Translators: what Ferry looked for after the answer to a copy request
   * was lost: the new image's name, the destination region's name, its
   * project, a local time (15 minutes before the request, for clocks
   * that differ), the source image's name and id, the source region. */
  return g_strdup_printf (_("Ferry looked for a private image named “%s” in %s (project %s), made after %s, that no other copy in the list has taken, preferring one that names image %s (%s) of %s as its origin."),
                          ferry_copy_task_get_name (task),
                          region_name (self, ferry_copy_task_get_destination_region (task)),
                          project, after,
                          ferry_copy_task_get_image_name (task) != NULL ? ferry_copy_task_get_image_name (task) : "",
                          ferry_copy_task_get_image_id (task),
                          region_name (self, ferry_copy_task_get_source_region (task)));
}

void
ferry_copy_queue_set_time_scale (FerryCopyQueue *self,
                                 double          scale)
{
  g_return_if_fail (FERRY_IS_COPY_QUEUE (self));
  g_return_if_fail (scale >= 1.0);

  self->clock_base = g_get_real_time ();
  self->time_scale = scale;
}

/* GListModel */

static GType
ferry_copy_queue_get_item_type (GListModel *model)
{
  return FERRY_TYPE_COPY_TASK;
}

static guint
ferry_copy_queue_get_n_items (GListModel *model)
{
  return FERRY_COPY_QUEUE (model)->items->len;
}

static gpointer
ferry_copy_queue_get_item (GListModel *model,
                           guint       position)
{
  FerryCopyQueue *self = FERRY_COPY_QUEUE (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
ferry_copy_queue_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ferry_copy_queue_get_item_type;
  iface->get_n_items = ferry_copy_queue_get_n_items;
  iface->get_item = ferry_copy_queue_get_item;
}

/* GObject */

static void
ferry_copy_queue_constructed (GObject *object)
{
  FerryCopyQueue *self = FERRY_COPY_QUEUE (object);

  G_OBJECT_CLASS (ferry_copy_queue_parent_class)->constructed (object);

  g_assert (self->client != NULL && self->account != NULL && self->store != NULL);

  /* Agencies are listed per account. */
  if (ferry_client_get_domain_id (self->client) == NULL)
    ferry_client_set_domain_id (self->client, ferry_account_get_domain_id (self->account));

  g_signal_connect_object (ferry_task_store_get_tasks (self->store), "items-changed",
                           G_CALLBACK (store_tasks_changed_cb), self, 0);
  g_signal_connect_object (self->store, "file-kept-aside", G_CALLBACK (store_damaged_cb), self, 0);
  sync_items (self);
}

static void
ferry_copy_queue_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FerryCopyQueue *self = FERRY_COPY_QUEUE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_IDLE:
      g_value_set_boolean (value, self->idle);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_WARNING:
      g_value_set_string (value, self->warning);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_copy_queue_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FerryCopyQueue *self = FERRY_COPY_QUEUE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;

    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_copy_queue_dispose (GObject *object)
{
  FerryCopyQueue *self = FERRY_COPY_QUEUE (object);

  if (self->running)
    ferry_copy_queue_stop (self);

  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_func (ferry_task_store_get_tasks (self->store),
                                            store_tasks_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->store, store_damaged_cb, self);
    }
  g_ptr_array_set_size (self->items, 0);

  g_clear_object (&self->client);
  g_clear_object (&self->account);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ferry_copy_queue_parent_class)->dispose (object);
}

static void
ferry_copy_queue_finalize (GObject *object)
{
  FerryCopyQueue *self = FERRY_COPY_QUEUE (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->warning, g_free);
  g_clear_pointer (&self->drivers, g_hash_table_unref);
  g_clear_pointer (&self->checks, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->instance, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->boot_id, g_free);

  G_OBJECT_CLASS (ferry_copy_queue_parent_class)->finalize (object);
}

static void
ferry_copy_queue_class_init (FerryCopyQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ferry_copy_queue_constructed;
  object_class->get_property = ferry_copy_queue_get_property;
  object_class->set_property = ferry_copy_queue_set_property;
  object_class->dispose = ferry_copy_queue_dispose;
  object_class->finalize = ferry_copy_queue_finalize;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, FERRY_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, FERRY_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, FERRY_TYPE_TASK_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDLE] =
    g_param_spec_boolean ("idle", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WARNING] =
    g_param_spec_string ("warning", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_copy_queue_init (FerryCopyQueue *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->drivers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) driver_forget);
  self->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) check_forget);
  self->instance = g_uuid_string_random ();
  self->host = g_strdup (g_get_host_name ());
  self->boot_id = read_boot_id ();
  self->time_scale = 1.0;
  self->clock_base = g_get_real_time ();
  self->idle = TRUE;
}
