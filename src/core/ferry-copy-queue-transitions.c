/* ferry-copy-queue-transitions.c: every change of a copy task's state, and how it is saved
 *
 * The transitions the queue makes by itself (claiming a task, saving the
 * service's answer, the job's progress, the end) and those the user asks
 * for (remove, restore, retry, decide, add, clear), with the leases that
 * say which queue drives a task. Each change is made to the task as the
 * store holds it, read afresh under the store's lock, and saved in the
 * same transaction.
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

#include "ferry-copy-queue-private.h"
#include "ferry-error.h"
#include "ferry-rules.h"

/* When a save fails, try again after this long; sooner when another
 * process only held the lock for a moment. */
#define SAVE_RETRY           USEC (5)
#define BUSY_RETRY           (G_USEC_PER_SEC / 5)

/* Ownership and leases */

static void
my_owner (FerryCopyQueue *self,
          FerryTaskOwner *owner)
{
  owner->pid = getpid ();
  owner->host = self->host;
  owner->boot_id = self->boot_id;
  owner->instance = self->instance;
}

gboolean
ferry_queue_owned_by_me (FerryCopyQueue *self,
                         FerryCopyTask  *task)
{
  FerryTaskOwner owner;

  return ferry_copy_task_peek_owner (task, &owner) &&
         owner.pid == getpid () &&
         g_strcmp0 (owner.instance, self->instance) == 0;
}

/* Whether nobody drives @task any more, so that it may be taken over. */
gboolean
ferry_queue_owner_gone (FerryCopyQueue *self,
                        FerryCopyTask  *task,
                        gint64          now)
{
  FerryTaskOwner owner;

  if (!ferry_copy_task_peek_owner (task, &owner))
    return TRUE;
  if (ferry_queue_owned_by_me (self, task))
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

void
ferry_queue_take_over (FerryCopyQueue *self,
                       FerryCopyTask  *task,
                       gint64          now)
{
  FerryTaskOwner me;

  my_owner (self, &me);
  ferry_copy_task_set_owner (task, &me);
  ferry_copy_task_set_lease_until (task, now + USEC (FERRY_COPY_QUEUE_LEASE_SECONDS));
}

gboolean
ferry_queue_is_mine (FerryCopyQueue *self,
                     FerryCopyTask  *task)
{
  return g_strcmp0 (ferry_copy_task_get_domain_id (task),
                    ferry_account_get_domain_id (self->account)) == 0;
}

gboolean
ferry_queue_state_in (FerryCopyTask *task,
                      guint          states)
{
  return (STATE_BIT (ferry_copy_task_get_state (task)) & states) != 0;
}

guint
ferry_queue_count_in_flight (FerryCopyQueue *self,
                             FerryCopyTask  *except)
{
  g_autoptr(GPtrArray) tasks = ferry_task_store_dup_tasks (self->store);
  guint n = 0;

  for (guint i = 0; i < tasks->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (tasks, i);

      if (task != except && ferry_queue_is_mine (self, task) &&
          ferry_copy_task_get_kind (task) == FERRY_COPY_KIND_CROSS_REGION &&
          ferry_queue_state_in (task, IN_FLIGHT_STATES))
        n++;
    }

  return n;
}

/* Every change the queue makes by itself goes through here: saved first,
 * then the model and "idle" follow. It never waits for the lock (the
 * queue runs on the main context of a window): FERRY_TASK_STORE_ERROR_BUSY
 * when another process holds it, and the caller tries again shortly. */
gboolean
ferry_queue_update (FerryCopyQueue     *self,
                    FerryTaskStoreFunc  func,
                    gpointer            data,
                    GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok = ferry_task_store_try_update (self->store, func, data, &local_error);

  ferry_queue_sync_items (self);
  if (!ok)
    {
      ferry_queue_note_store_error (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return ok;
}

/* When to try again after @error. */
gint64
ferry_queue_retry_delay (const GError *error)
{
  if (g_error_matches (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_BUSY))
    return (gint64) (BUSY_RETRY * g_random_double_range (0.5, 1.5));
  return SAVE_RETRY;
}

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

void
ferry_queue_renew_lease (FerryCopyQueue *self,
                         FerryCopyTask  *task,
                         gint64          now)
{
  if (!ferry_queue_owned_by_me (self, task) || !ferry_queue_state_in (task, ACTIVE_STATES))
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

  if (task == NULL || !ferry_queue_state_in (task, c->states))
    return;
  if (c->need_owner && !ferry_queue_owned_by_me (c->self, task))
    return;

  c->applied = c->apply (c->self, task, c->data);
  ferry_queue_renew_lease (c->self, task, ferry_queue_now (c->self));
}

/* TRUE when saved; *applied tells whether the change was made. */
gboolean
ferry_queue_change_task (FerryCopyQueue  *self,
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

  ok = ferry_queue_update (self, change_update, &c, error);
  if (applied != NULL)
    *applied = ok && c.applied;
  return ok;
}

/* The transitions the queue makes */

gboolean
ferry_queue_apply_fail (FerryCopyQueue *self,
                        FerryCopyTask  *task,
                        gpointer        data)
{
  Failure *f = data;

  ferry_copy_task_set_error (task, f->code, f->message, f->sentence, f->hint);
  ferry_copy_task_set_state (task, FERRY_TASK_STATE_FAILED);
  ferry_copy_task_set_finished_at (task, ferry_queue_now (self));
  ferry_copy_task_set_next_attempt_at (task, 0);
  ferry_copy_task_set_still_running (task, FALSE);
  ferry_copy_task_set_owner (task, NULL);
  ferry_copy_task_set_lease_until (task, 0);
  return TRUE;
}

gboolean
ferry_queue_apply_delay (FerryCopyQueue *self,
                         FerryCopyTask  *task,
                         gpointer        data)
{
  gint64 *when = data;

  ferry_copy_task_set_next_attempt_at (task, *when);
  return TRUE;
}

gboolean
ferry_queue_apply_claim (FerryCopyQueue *self,
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
      claim->in_flight = ferry_queue_count_in_flight (self, task);
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

gboolean
ferry_queue_apply_job_id (FerryCopyQueue *self,
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
      ferry_copy_task_set_last_progress_at (task, ferry_queue_now (self));
      ferry_copy_task_set_lookups (task, 0);
    }
  return TRUE;
}

gboolean
ferry_queue_apply_requeue (FerryCopyQueue *self,
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

gboolean
ferry_queue_apply_job (FerryCopyQueue *self,
                       FerryCopyTask  *task,
                       gpointer        data)
{
  JobData *j = data;
  gint64 now = ferry_queue_now (self);
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

gboolean
ferry_queue_apply_image (FerryCopyQueue *self,
                         FerryCopyTask  *task,
                         gpointer        data)
{
  FerryImage *image = data;
  gint64 now = ferry_queue_now (self);

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

gboolean
ferry_queue_apply_found (FerryCopyQueue *self,
                         FerryCopyTask  *task,
                         gpointer        data)
{
  FerryImage *image = data;

  ferry_copy_task_set_new_image_id (task, ferry_image_get_id (image));
  ferry_copy_task_set_state (task, FERRY_TASK_STATE_FINISHING);
  ferry_copy_task_set_lookups (task, 0);
  note_progress (self, task, TRUE, ferry_queue_now (self));
  return TRUE;
}

/* The answer to the copy request never came: what became of it (the
 * server's code and words, or the transport's) is kept for the user. */
gboolean
ferry_queue_apply_lost (FerryCopyQueue *self,
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

gboolean
ferry_queue_apply_missed (FerryCopyQueue *self,
                          FerryCopyTask  *task,
                          gpointer        data)
{
  gboolean *unknown = data;
  guint lookups = ferry_copy_task_get_lookups (task) + 1;
  gint64 now = ferry_queue_now (self);

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

gboolean
ferry_queue_apply_tags_done (FerryCopyQueue *self,
                             FerryCopyTask  *task,
                             gpointer        data)
{
  TagsDone *t = data;

  if (!ferry_copy_task_get_tags_pending (task))
    return FALSE;
  ferry_copy_task_set_tags_outcome (task, TRUE, t->copied, t->failures);
  ferry_copy_task_set_tags_pending (task, FALSE);
  finish (self, task, FERRY_TASK_STATE_DONE, ferry_queue_now (self));
  return TRUE;
}

/* The changes the user asks for */

static gboolean
apply_remove (FerryCopyQueue *self,
              FerryCopyTask  *task,
              gpointer        data)
{
  if (ferry_copy_task_get_owner (task) != NULL)
    return FALSE;
  ferry_copy_task_set_state (task, FERRY_TASK_STATE_REMOVED);
  ferry_copy_task_set_finished_at (task, ferry_queue_now (self));
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
  gint64 now = ferry_queue_now (self);

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

typedef struct
{
  FerryCopyQueue *self;
  ActKind         kind;
  char           *task_id;
  GPtrArray      *tasks;    /* ACT_ADD */
  gboolean        ran;
  gboolean        applied;
} Act;

/* The changes of one task the user may ask for, and the state each
 * applies to. */
static const struct
{
  ActKind         kind;
  FerryTaskState  from;
  ApplyFunc       apply;
} user_changes[] = {
  { ACT_REMOVE, FERRY_TASK_STATE_QUEUED, apply_remove },
  { ACT_RESTORE, FERRY_TASK_STATE_REMOVED, apply_restore },
  { ACT_RETRY, FERRY_TASK_STATE_FAILED, apply_retry },
  { ACT_LOOK_AGAIN, FERRY_TASK_STATE_OUTCOME_UNKNOWN, apply_look_again },
  { ACT_SUBMIT_AGAIN, FERRY_TASK_STATE_OUTCOME_UNKNOWN, apply_submit_again },
};

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
         const char     *task_id,
         GPtrArray      *tasks)
{
  Act *act = g_new0 (Act, 1);

  act->self = g_object_ref (self);
  act->kind = kind;
  act->task_id = g_strdup (task_id);
  if (tasks != NULL)
    {
      act->tasks = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < tasks->len; i++)
        {
          FerryCopyTask *task = g_ptr_array_index (tasks, i);

          /* Queued from now on, in the queue's own time. */
          if (self->time_scale != 1.0)
            ferry_copy_task_set_queued_at (task, ferry_queue_now (self));
          g_ptr_array_add (act->tasks, g_object_ref (task));
        }
    }
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

      if (ferry_queue_is_mine (self, task) &&
          ferry_task_state_is_final (ferry_copy_task_get_state (task)))
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
  if (act->task_id != NULL && (task == NULL || !ferry_queue_is_mine (self, task)))
    return;

  switch (act->kind)
    {
    case ACT_ADD:
      for (guint i = 0; i < act->tasks->len; i++)
        ferry_task_store_insert (store, g_ptr_array_index (act->tasks, i));
      act->applied = TRUE;
      break;
    case ACT_CLEAR_FINISHED:
      clear_update (self, store);
      act->applied = TRUE;
      break;
    default:
      for (guint i = 0; i < G_N_ELEMENTS (user_changes); i++)
        if (user_changes[i].kind == act->kind)
          {
            if (ferry_copy_task_get_state (task) == user_changes[i].from)
              act->applied = user_changes[i].apply (self, task, NULL);
            return;
          }
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

  if (task == NULL || !ferry_queue_is_mine (self, task))
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

  ferry_queue_sync_items (self);
  if (!saved)
    {
      ferry_queue_note_store_error (self, store_error);
      g_propagate_error (error, store_error);
      return FALSE;
    }
  if (self->warning_transient)
    ferry_queue_set_warning (self, NULL, FALSE);
  if (!act->applied)
    {
      act_refused (act, error);
      return FALSE;
    }
  if (act->kind != ACT_REMOVE && act->kind != ACT_CLEAR_FINISHED)
    ferry_queue_schedule_tick (self, 0);
  return TRUE;
}

gboolean
ferry_queue_act (FerryCopyQueue  *self,
                 ActKind          kind,
                 const char      *task_id,
                 GPtrArray       *tasks,
                 GError         **error)
{
  g_autoptr(Act) act = act_new (self, kind, task_id, tasks);
  GError *store_error = NULL;
  gboolean saved = ferry_task_store_update (self->store, act_update, act, &store_error);

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

void
ferry_queue_act_async (FerryCopyQueue      *self,
                       ActKind              kind,
                       const char          *task_id,
                       GPtrArray           *tasks,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  Act *act = act_new (self, kind, task_id, tasks);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  FerryTaskStore *store = self->store;

  g_task_set_source_tag (task, ferry_copy_queue_change_finish);
  g_task_set_task_data (task, act, (GDestroyNotify) act_free);
  ferry_task_store_update_async (store, act_update, act, NULL, cancellable, act_saved_cb, task);
  /* The lock was free: the change is made and shown now (the store writes
   * it after the next frame; the callback runs once it is saved, or taken
   * back if the write failed); the model shows it now too. */
  if (act->ran)
    ferry_queue_sync_items (act->self);
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

      if (ferry_queue_owned_by_me (self, task))
        apply_release (self, task, NULL);
    }
}

gboolean
ferry_queue_release_all (FerryCopyQueue  *self,
                         GError         **error)
{
  return ferry_queue_update (self, release_update, self, error);
}
