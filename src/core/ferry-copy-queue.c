/* ferry-copy-queue.c: the copy queue, its model, and whose turn it is
 *
 * The GObject and its GListModel of the account's tasks, the queue's
 * clock, the tick that reads the task store, renews the leases, takes
 * over the tasks whose queue is gone and starts what may start, and the
 * public API. The check of a queued task before it goes is
 * ferry-copy-queue-check.c's; following a task once it is sent,
 * ferry-copy-queue-driver.c's; every change of a task's state, and how it
 * is saved, ferry-copy-queue-transitions.c's.
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-copy-queue-private.h"
#include "ferry-error.h"
#include "ferry-rules.h"

/* Queued tasks checked at once, per kind. */
#define MAX_CHECKS           FERRY_MAX_CONCURRENT_COPIES

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

/* Who we are */

static char *
read_boot_id (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/sys/kernel/random/boot_id", &text, NULL, NULL))
    return NULL;
  return g_strdup (g_strstrip (text));
}

/* Clock */

gint64
ferry_queue_now (FerryCopyQueue *self)
{
  gint64 real = g_get_real_time ();

  if (self->time_scale == 1.0)
    return real;
  return self->clock_base + (gint64) ((real - self->clock_base) * self->time_scale);
}

/* A time of the queue's clock on the real one. */
gint64
ferry_queue_to_real (FerryCopyQueue *self,
                     gint64          when)
{
  if (self->time_scale == 1.0)
    return when;
  return self->clock_base + (gint64) ((when - self->clock_base) / self->time_scale);
}

GSource *
ferry_queue_timeout (FerryCopyQueue *self,
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

gint64
ferry_queue_jitter (gint64 delay)
{
  /* So that many tasks, and many processes, spread their requests. */
  return (gint64) (delay * g_random_double_range (0.8, 1.2));
}

/* Words */

/* What the user can do about a failure: the code's hint (ferry-error.c),
 * else the kind's. */
const char *
ferry_queue_hint_for_error (const GError *error)
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

void
ferry_queue_sync_items (FerryCopyQueue *self)
{
  g_autoptr(GPtrArray) tasks = ferry_task_store_dup_tasks (self->store);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) old = NULL;
  guint prefix = 0, suffix = 0;

  for (guint i = 0; i < tasks->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (tasks, i);

      if (ferry_queue_is_mine (self, task) &&
          ferry_copy_task_get_state (task) != FERRY_TASK_STATE_REMOVED)
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
  ferry_queue_sync_items (self);
}

/* @transient: it goes when the store can be read and written again. */
void
ferry_queue_set_warning (FerryCopyQueue *self,
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
void
ferry_queue_note_store_error (FerryCopyQueue *self,
                              const GError   *error)
{
  if (g_error_matches (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_NEWER_FORMAT) ||
      g_error_matches (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_IO))
    ferry_queue_set_warning (self, error->message, TRUE);
}

static void
store_damaged_cb (FerryTaskStore *store,
                  const char     *sentence,
                  FerryCopyQueue *self)
{
  ferry_queue_set_warning (self, sentence, FALSE);
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
  const char *id;

  tasks = ferry_task_store_dup_tasks (store);
  for (guint i = 0; i < tasks->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (tasks, i);

      if (!ferry_queue_is_mine (self, task) || !ferry_queue_state_in (task, ACTIVE_STATES))
        continue;

      if (ferry_queue_owned_by_me (self, task))
        {
          ferry_queue_renew_lease (self, task, t->now);
          if (!g_hash_table_contains (self->drivers, ferry_copy_task_get_id (task)))
            g_ptr_array_add (t->taken, g_object_ref (task));
        }
      else if (ferry_queue_owner_gone (self, task, t->now))
        {
          g_debug ("task %s: taking over from %s", ferry_copy_task_get_id (task),
                   ferry_copy_task_get_owner (task) != NULL ? ferry_copy_task_get_owner (task) : "nobody");
          ferry_queue_take_over (self, task, t->now);
          g_ptr_array_add (t->taken, g_object_ref (task));
        }
    }

  g_hash_table_iter_init (&iter, self->drivers);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    {
      FerryCopyTask *task = ferry_task_store_lookup (store, id);

      if (task == NULL || !ferry_queue_owned_by_me (self, task) ||
          !ferry_queue_state_in (task, ACTIVE_STATES))
        g_ptr_array_add (t->lost, g_strdup (id));
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

      if (ferry_queue_is_mine (self, task) && ferry_copy_task_get_kind (task) == kind &&
          ferry_copy_task_get_state (task) == FERRY_TASK_STATE_QUEUED)
        g_ptr_array_add (queued, g_object_ref (task));
    }
  g_ptr_array_sort (queued, compare_turn);
  return queued;
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
  free = (gint) FERRY_MAX_CONCURRENT_COPIES - (gint) ferry_queue_count_in_flight (self, NULL) -
         (gint) ferry_queue_count_checks (self, FERRY_COPY_KIND_CROSS_REGION);
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
      ferry_queue_check_start (self, task);
      free--;
    }

  /* In-region: not limited by the service; a few checks at a time. */
  checking = ferry_queue_count_checks (self, FERRY_COPY_KIND_IN_REGION);
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
      ferry_queue_check_start (self, task);
      checking++;
    }

  return wake;
}

void
ferry_queue_tick (FerryCopyQueue *self)
{
  g_autoptr(GPtrArray) taken = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) lost = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  Tick t = { self, ferry_queue_now (self), taken, lost };
  gint64 wake;

  if (!ferry_queue_update (self, tick_update, &t, &error))
    {
      /* Nothing was saved, so nothing may start: try again soon. */
      g_debug ("copy queue: %s", error->message);
      ferry_queue_schedule_tick (self,
                                 g_error_matches (error, FERRY_TASK_STORE_ERROR,
                                                  FERRY_TASK_STORE_ERROR_BUSY)
                                 ? ferry_queue_retry_delay (error)
                                 : USEC (FERRY_COPY_QUEUE_TICK_SECONDS) / 2);
      return;
    }
  /* The file is readable (again). */
  if (self->warning_transient)
    ferry_queue_set_warning (self, NULL, FALSE);

  for (guint i = 0; i < lost->len; i++)
    ferry_queue_let_go (self, g_ptr_array_index (lost, i));

  for (guint i = 0; i < taken->len; i++)
    {
      FerryCopyTask *task = ferry_task_store_lookup (self->store,
                                                     ferry_copy_task_get_id (g_ptr_array_index (taken, i)));

      if (task != NULL)
        ferry_queue_drive (self, task);
    }

  ferry_queue_sync_items (self);

  wake = start_checks (self, t.now);
  ferry_queue_schedule_tick (self, USEC (FERRY_COPY_QUEUE_TICK_SECONDS));
  if (wake != 0)
    ferry_queue_schedule_tick (self, wake - t.now);
}

static gboolean
tick_cb (gpointer user_data)
{
  FerryCopyQueue *self = user_data;

  g_clear_pointer (&self->tick_source, g_source_unref);
  ferry_queue_tick (self);
  return G_SOURCE_REMOVE;
}

void
ferry_queue_schedule_tick (FerryCopyQueue *self,
                           gint64          delay)
{
  gint64 due;

  if (!self->running)
    return;

  delay = MAX (0, delay);
  due = ferry_queue_now (self) + delay;
  if (self->tick_source != NULL)
    {
      if (self->tick_due <= due)
        return;
      g_source_destroy (self->tick_source);
      g_clear_pointer (&self->tick_source, g_source_unref);
    }

  self->tick_due = due;
  self->tick_source = ferry_queue_timeout (self, delay, tick_cb, self, NULL);
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
  ferry_queue_sync_items (self);
  if (!ok)
    {
      ferry_queue_note_store_error (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return ok;
}

gboolean
ferry_copy_queue_change_finish (FerryCopyQueue  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
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
      g_return_val_if_fail (ferry_queue_is_mine (self, task), FALSE);
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
  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), FALSE);
  g_return_val_if_fail (tasks != NULL, FALSE);
  g_return_val_if_fail (tasks_addable (self, tasks), FALSE);

  return ferry_queue_act (self, ACT_ADD, NULL, tasks, error);
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

  ferry_queue_act_async (self, ACT_ADD, NULL, tasks, cancellable, callback, user_data);
}

/* What remove, restore, retry and decide share, each in its two forms. */
static gboolean
act_on_task (FerryCopyQueue  *self,
             ActKind          kind,
             const char      *task_id,
             GError         **error)
{
  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), FALSE);
  g_return_val_if_fail (task_id != NULL, FALSE);

  return ferry_queue_act (self, kind, task_id, NULL, error);
}

static void
act_on_task_async (FerryCopyQueue      *self,
                   ActKind              kind,
                   const char          *task_id,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_COPY_QUEUE (self));
  g_return_if_fail (task_id != NULL);

  ferry_queue_act_async (self, kind, task_id, NULL, cancellable, callback, user_data);
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
  return act_on_task (self, ACT_REMOVE, task_id, error);
}

void
ferry_copy_queue_remove_async (FerryCopyQueue      *self,
                               const char          *task_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  act_on_task_async (self, ACT_REMOVE, task_id, cancellable, callback, user_data);
}

gboolean
ferry_copy_queue_restore (FerryCopyQueue  *self,
                          const char      *task_id,
                          GError         **error)
{
  return act_on_task (self, ACT_RESTORE, task_id, error);
}

void
ferry_copy_queue_restore_async (FerryCopyQueue      *self,
                                const char          *task_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  act_on_task_async (self, ACT_RESTORE, task_id, cancellable, callback, user_data);
}

gboolean
ferry_copy_queue_retry (FerryCopyQueue  *self,
                        const char      *task_id,
                        GError         **error)
{
  return act_on_task (self, ACT_RETRY, task_id, error);
}

void
ferry_copy_queue_retry_async (FerryCopyQueue      *self,
                              const char          *task_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  act_on_task_async (self, ACT_RETRY, task_id, cancellable, callback, user_data);
}

gboolean
ferry_copy_queue_decide (FerryCopyQueue     *self,
                         const char         *task_id,
                         FerryCopyDecision   decision,
                         GError            **error)
{
  return act_on_task (self, decision_act (decision), task_id, error);
}

void
ferry_copy_queue_decide_async (FerryCopyQueue      *self,
                               const char          *task_id,
                               FerryCopyDecision    decision,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  act_on_task_async (self, decision_act (decision), task_id, cancellable, callback, user_data);
}

gboolean
ferry_copy_queue_clear_finished (FerryCopyQueue  *self,
                                 GError         **error)
{
  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (self), FALSE);

  return ferry_queue_act (self, ACT_CLEAR_FINISHED, NULL, NULL, error);
}

void
ferry_copy_queue_clear_finished_async (FerryCopyQueue      *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_COPY_QUEUE (self));

  ferry_queue_act_async (self, ACT_CLEAR_FINISHED, NULL, NULL, cancellable, callback, user_data);
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

  ferry_queue_schedule_tick (self, 0);
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
  if (!ferry_queue_release_all (self, &error))
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

        if (!ferry_queue_is_mine (self, task) ||
            ferry_copy_task_get_state (task) != FERRY_TASK_STATE_QUEUED)
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
  return ferry_queue_count_in_flight (self, NULL);
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

  earliest = g_date_time_new_from_unix_local (MAX (0, ferry_queue_earliest_creation (self, task)) /
                                              G_USEC_PER_SEC);
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
  ferry_queue_sync_items (self);
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
                                         (GDestroyNotify) ferry_queue_driver_forget);
  self->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) ferry_queue_check_forget);
  self->instance = g_uuid_string_random ();
  self->host = g_strdup (g_get_host_name ());
  self->boot_id = read_boot_id ();
  self->time_scale = 1.0;
  self->clock_base = g_get_real_time ();
  self->idle = TRUE;
}
