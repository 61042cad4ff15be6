/* ferry-copy-queue-check.c: the check of a queued task before the queue sends it
 *
 * When a task's turn comes, a fresh FerryCopyPlan is asked about that one
 * task; what the queue does with the answer is here: a fact that could not
 * be learned for a passing reason delays the task, a broken rule fails it
 * with the code the service would give, and a task that passes is
 * submitted (ferry-copy-queue-driver.c). Whose turn it is stays
 * ferry-copy-queue.c's.
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-copy-plan.h"
#include "ferry-copy-queue-private.h"
#include "ferry-error.h"
#include "ferry-rules.h"

/* Checking a queued task before it is submitted

   The facts and the rules are the copy plan's (ferry-copy-plan.h): it
   looks up the image in the task's source project, the agency, its IMS
   Administrator grants and the vault, and leaves out the rules of a fact
   the account may not read (IAM, CBR): the service judges those. What the
   queue adds is what it does with the answer: a fact that could not be
   learned for a passing reason (network, 429, 5xx) delays the task; a
   refusal fails it, with the code the service would give. "Five at a
   time" is the queue's own business (start_checks() in
   ferry-copy-queue.c), counted per account
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

/* For the table of checks. */
void
ferry_queue_check_forget (Check *c)
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

void
ferry_queue_check_start (FerryCopyQueue *self,
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
          f.hint = ferry_queue_hint_for_error (error);
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
      ferry_queue_change_task (self, id, STATE_BIT (FERRY_TASK_STATE_QUEUED), FALSE,
                               ferry_queue_apply_fail, (gpointer) failure, NULL, NULL);
    }
  else if (error != NULL)
    {
      gint64 when = ferry_queue_now (self) +
                    ferry_queue_jitter (USEC (FERRY_COPY_QUEUE_BACKOFF_FIRST_SECONDS));

      g_debug ("task %s: could not be checked: %s", id, error->message);
      ferry_queue_change_task (self, id, STATE_BIT (FERRY_TASK_STATE_QUEUED), FALSE,
                               ferry_queue_apply_delay, &when, NULL, NULL);
    }
  else
    ferry_queue_submit (self, task);

  ferry_queue_schedule_tick (self, 0);
}

guint
ferry_queue_count_checks (FerryCopyQueue *self,
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
