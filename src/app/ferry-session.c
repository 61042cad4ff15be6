/* ferry-session.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "ferry-session.h"

struct _FerrySession
{
  GObject            parent_instance;

  GSettings         *settings;
  char              *endpoint;
  char              *tasks_file;

  FerryAccountStore *account_store;
  FerrySandbox      *sandbox;
  /* FERRY_SESSION_SANDBOX or a domain id → FerryCopyQueue: one queue per
   * tasks file and domain, however many sessions show that domain. */
  GHashTable        *queues;
  /* session id → the key of its queue in queues. */
  GHashTable        *session_keys;
  /* The sandbox's tasks file, removed when the session stops. */
  char              *sandbox_tasks_path;

  guint              n_active_copies;
  gboolean           quitting;
};

G_DEFINE_FINAL_TYPE (FerrySession, ferry_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_ENDPOINT,
  PROP_TASKS_FILE,
  PROP_ACCOUNT_STORE,
  PROP_N_ACTIVE_COPIES,
  PROP_QUITTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  BATCH_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What a queue did since it was last idle, for the one "batch-finished"
 * that sums it up. Kept on the queue. */
typedef struct
{
  FerrySession  *session;
  char          *session_id;
  guint          n_done;
  guint          n_failed;
  guint          n_unknown;
  gint64         longest;
  /* The last task that finished, to name it when it is the only one. */
  FerryCopyTask *last;
} Batch;

static void
batch_free (gpointer data)
{
  Batch *batch = data;

  g_free (batch->session_id);
  g_clear_object (&batch->last);
  g_free (batch);
}

FerrySession *
ferry_session_new (GSettings  *settings,
                   const char *endpoint,
                   const char *tasks_file)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (FERRY_TYPE_SESSION,
                       "settings", settings,
                       "endpoint", endpoint,
                       "tasks-file", tasks_file,
                       NULL);
}

FerryAccountStore *
ferry_session_get_account_store (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);

  return self->account_store;
}

const char *
ferry_session_get_endpoint (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);

  return self->endpoint;
}

FerrySandbox *
ferry_session_ensure_sandbox (FerrySession  *self,
                              GError       **error)
{
  g_autoptr(FerrySandbox) sandbox = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);

  if (self->sandbox != NULL)
    return self->sandbox;

  /* Port 0: any free loopback port. No state file: the demo data starts
   * afresh with every process. */
  sandbox = ferry_sandbox_new ();
  if (!ferry_sandbox_start (sandbox, error))
    return NULL;

  self->sandbox = g_steal_pointer (&sandbox);
  return self->sandbox;
}

FerryCopyQueue *
ferry_session_lookup_queue (FerrySession *self,
                            const char   *session_id)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);

  if (g_hash_table_contains (self->session_keys, session_id))
    session_id = g_hash_table_lookup (self->session_keys, session_id);
  return g_hash_table_lookup (self->queues, session_id);
}

/* The copies queued or in flight */

/* The copies queued or in flight, of the accounts' queues (they go on in
 * Huawei Cloud) and of the sandbox's (it runs in this process). */
static void
count_active_copies (FerrySession *self,
                     guint        *n_cloud,
                     guint        *n_sandbox)
{
  GHashTableIter iter;
  gpointer key, queue;

  *n_cloud = *n_sandbox = 0;
  if (self->queues == NULL)
    return;
  g_hash_table_iter_init (&iter, self->queues);
  while (g_hash_table_iter_next (&iter, &key, &queue))
    {
      gboolean sandbox = g_strcmp0 (key, FERRY_SESSION_SANDBOX) == 0;

      for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
        {
          g_autoptr(FerryCopyTask) task = g_list_model_get_item (queue, i);

          if (!ferry_task_state_is_final (ferry_copy_task_get_state (task)))
            (*(sandbox ? n_sandbox : n_cloud))++;
        }
    }
}

static void
update_n_active_copies (FerrySession *self)
{
  guint n_cloud, n_sandbox;

  count_active_copies (self, &n_cloud, &n_sandbox);
  if (self->n_active_copies == n_cloud + n_sandbox)
    return;
  self->n_active_copies = n_cloud + n_sandbox;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACTIVE_COPIES]);
}

guint
ferry_session_get_n_active_copies (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), 0);

  return self->n_active_copies;
}

char *
ferry_session_dup_copies_fate (FerrySession *self)
{
  guint n_cloud, n_sandbox;
  g_autofree char *cloud = NULL;
  g_autofree char *sandbox = NULL;

  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);

  count_active_copies (self, &n_cloud, &n_sandbox);
  if (n_cloud == 0 && n_sandbox == 0)
    return NULL;

  /* An account's copy is Huawei Cloud's once submitted, and the queue is
   * on disk; the sandbox is a server inside this process. Each sentence
   * only where it is true. */
  if (n_sandbox == 0)
    return g_strdup (ngettext ("If it has started, it goes on in Huawei Cloud, and Ferry follows it again the next time it starts.",
                               "Those that have started go on in Huawei Cloud, and Ferry follows them all again the next time it starts.",
                               n_cloud));
  if (n_cloud == 0)
    return g_strdup (ngettext ("The sandbox runs inside Ferry: its copy ends when Ferry does.",
                               "The sandbox runs inside Ferry: its copies end when Ferry does.",
                               n_sandbox));

  cloud = g_strdup_printf (ngettext ("%u of them belongs to an account: if it has started, it goes on in Huawei Cloud, and Ferry follows it again the next time it starts.",
                                     "%u of them belong to accounts: those that have started go on in Huawei Cloud, and Ferry follows them all again the next time it starts.",
                                     n_cloud), n_cloud);
  sandbox = g_strdup_printf (ngettext ("The other one, in the sandbox, ends with Ferry.",
                                       "The other %u, in the sandbox, end with Ferry.",
                                       n_sandbox), n_sandbox);
  /* Translators: two sentences in a row; in Chinese without a space. */
  return g_strdup_printf (C_("sentences", "%s %s"), cloud, sandbox);
}

gboolean
ferry_session_get_quitting (FerrySession *self)
{
  g_return_val_if_fail (FERRY_IS_SESSION (self), FALSE);

  return self->quitting;
}

void
ferry_session_set_quitting (FerrySession *self,
                            gboolean      quitting)
{
  g_return_if_fail (FERRY_IS_SESSION (self));

  quitting = !!quitting;
  if (self->quitting == quitting)
    return;
  self->quitting = quitting;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUITTING]);
}

/* Batches */

static void
task_state_cb (FerryCopyTask  *task,
               GParamSpec     *pspec,
               FerryCopyQueue *queue)
{
  Batch *batch = g_object_get_data (G_OBJECT (queue), "ferry-batch");
  FerryTaskState state = ferry_copy_task_get_state (task);

  if (batch == NULL)
    return;
  update_n_active_copies (batch->session);
  if (state != FERRY_TASK_STATE_DONE && state != FERRY_TASK_STATE_FAILED &&
      state != FERRY_TASK_STATE_OUTCOME_UNKNOWN)
    return;
  if (state == FERRY_TASK_STATE_DONE)
    batch->n_done++;
  else if (state == FERRY_TASK_STATE_FAILED)
    batch->n_failed++;
  else
    batch->n_unknown++;
  batch->longest = MAX (batch->longest, ferry_copy_task_get_elapsed (task));
  g_set_object (&batch->last, task);
}

static void
watch_tasks (FerryCopyQueue *queue,
             guint           position,
             guint           n_added)
{
  for (guint i = position; i < position + n_added; i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (G_LIST_MODEL (queue), i);

      if (g_object_get_data (G_OBJECT (task), "ferry-watched") != NULL)
        continue;
      g_object_set_data (G_OBJECT (task), "ferry-watched", GINT_TO_POINTER (TRUE));
      g_signal_connect_object (task, "notify::state", G_CALLBACK (task_state_cb), queue, 0);
    }
}

static void
queue_items_changed_cb (FerryCopyQueue *queue,
                        guint           position,
                        guint           removed,
                        guint           added,
                        FerrySession   *self)
{
  watch_tasks (queue, position, added);
  update_n_active_copies (self);
}

static void
queue_idle_cb (FerryCopyQueue *queue,
               GParamSpec     *pspec,
               FerrySession   *self)
{
  Batch *batch = g_object_get_data (G_OBJECT (queue), "ferry-batch");

  if (!ferry_copy_queue_is_idle (queue))
    return;

  if (batch->n_done + batch->n_failed + batch->n_unknown > 0)
    g_signal_emit (self, signals[BATCH_FINISHED], 0, batch->session_id, queue,
                   batch->n_done, batch->n_failed, batch->n_unknown, batch->longest, batch->last);
  batch->n_done = batch->n_failed = batch->n_unknown = 0;
  batch->longest = 0;
  g_clear_object (&batch->last);

  update_n_active_copies (self);
}

static void
watch_queue (FerrySession   *self,
             const char     *session_id,
             FerryCopyQueue *queue)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->session = self;
  batch->session_id = g_strdup (session_id);
  g_object_set_data_full (G_OBJECT (queue), "ferry-batch", batch, batch_free);
  watch_tasks (queue, 0, g_list_model_get_n_items (G_LIST_MODEL (queue)));
  g_signal_connect (queue, "items-changed", G_CALLBACK (queue_items_changed_cb), self);
  g_signal_connect (queue, "notify::idle", G_CALLBACK (queue_idle_cb), self);
}

/* A window may keep the queue a little longer than the session: it must
 * not notify, count or drive copies any more. */
static void
forget_queue (FerrySession   *self,
              FerryCopyQueue *queue)
{
  g_signal_handlers_disconnect_by_func (queue, queue_items_changed_cb, self);
  g_signal_handlers_disconnect_by_func (queue, queue_idle_cb, self);
  g_object_set_data (G_OBJECT (queue), "ferry-batch", NULL);
  ferry_copy_queue_stop (queue);
}

FerryCopyQueue *
ferry_session_ensure_queue (FerrySession *self,
                            const char   *session_id,
                            FerryClient  *client,
                            FerryAccount *account)
{
  g_autoptr(FerryTaskStore) store = NULL;
  FerryCopyQueue *queue;
  const char *key;

  g_return_val_if_fail (FERRY_IS_SESSION (self), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);
  g_return_val_if_fail (FERRY_IS_CLIENT (client), NULL);
  g_return_val_if_fail (FERRY_IS_ACCOUNT (account), NULL);

  /* By domain: the same tasks file read by two queues of one domain (an
   * account and a session that is not remembered, or two accounts of one
   * domain) would count and notify every copy twice. The sandbox has a
   * file of its own. */
  if (g_strcmp0 (session_id, FERRY_SESSION_SANDBOX) == 0)
    key = FERRY_SESSION_SANDBOX;
  else
    key = ferry_account_get_domain_id (account);
  g_return_val_if_fail (key != NULL, NULL);
  g_hash_table_insert (self->session_keys, g_strdup (session_id), g_strdup (key));

  queue = g_hash_table_lookup (self->queues, key);
  if (queue != NULL)
    {
      Batch *batch = g_object_get_data (G_OBJECT (queue), "ferry-batch");

      /* Its notifications lead to a session that can be opened again. */
      if (batch != NULL && *session_id != '\0')
        {
          g_free (batch->session_id);
          batch->session_id = g_strdup (session_id);
        }
      return queue;
    }

  if (g_strcmp0 (session_id, FERRY_SESSION_SANDBOX) == 0)
    {
      if (self->sandbox_tasks_path == NULL)
        {
          g_autofree char *name = g_strdup_printf ("%s-sandbox-tasks-%d.json",
                                                   APP_ID, (int) getpid ());

          self->sandbox_tasks_path = g_build_filename (g_get_user_runtime_dir (), name, NULL);
        }
      store = ferry_task_store_new (self->sandbox_tasks_path);
    }
  else
    store = ferry_task_store_new (self->tasks_file);

  queue = ferry_copy_queue_new (client, account, store);
  /* Not loaded here: that would wait for the file's lock on this thread.
   * The queue's first turn reads the file without blocking, and what the
   * user must hear of it (a damaged file that was repaired, a newer
   * Ferry's) is the queue's warning, which the tasks page shows. */
  watch_queue (self, session_id, queue);
  ferry_copy_queue_run (queue);
  g_hash_table_insert (self->queues, g_strdup (key), queue);
  update_n_active_copies (self);
  return queue;
}

void
ferry_session_drop_queue (FerrySession *self,
                          const char   *session_id)
{
  g_autofree char *stolen_id = NULL;
  g_autofree char *key = NULL;
  GHashTableIter iter;
  gpointer other_id, other_key;
  FerryCopyQueue *queue;

  g_return_if_fail (FERRY_IS_SESSION (self));
  g_return_if_fail (session_id != NULL);

  if (!g_hash_table_steal_extended (self->session_keys, session_id,
                                    (gpointer *) &stolen_id, (gpointer *) &key))
    return;
  /* Another remembered account of the same domain still uses it. */
  g_hash_table_iter_init (&iter, self->session_keys);
  while (g_hash_table_iter_next (&iter, &other_id, &other_key))
    if (g_strcmp0 (other_key, key) == 0 &&
        ferry_account_store_contains (self->account_store, other_id))
      return;

  queue = g_hash_table_lookup (self->queues, key);
  if (queue == NULL)
    return;
  forget_queue (self, queue);
  g_hash_table_remove (self->queues, key);
  update_n_active_copies (self);
}

static void
stop_queues (FerrySession *self)
{
  GHashTableIter iter;
  gpointer queue;

  if (self->queues == NULL)
    return;
  g_hash_table_iter_init (&iter, self->queues);
  while (g_hash_table_iter_next (&iter, NULL, &queue))
    forget_queue (self, queue);
  g_hash_table_remove_all (self->queues);
  g_hash_table_remove_all (self->session_keys);
}

static void
remove_sandbox_tasks (FerrySession *self)
{
  g_autofree char *lock = NULL;

  if (self->sandbox_tasks_path == NULL)
    return;
  lock = g_strconcat (self->sandbox_tasks_path, ".lock", NULL);
  g_unlink (self->sandbox_tasks_path);
  g_unlink (lock);
  g_clear_pointer (&self->sandbox_tasks_path, g_free);
}

void
ferry_session_stop (FerrySession *self)
{
  g_return_if_fail (FERRY_IS_SESSION (self));

  /* The queues first: they give up their leases. */
  stop_queues (self);
  update_n_active_copies (self);
  remove_sandbox_tasks (self);
  if (self->sandbox != NULL)
    ferry_sandbox_stop (self->sandbox);
  g_clear_object (&self->sandbox);
}

/* GObject */

static void
ferry_session_constructed (GObject *object)
{
  FerrySession *self = FERRY_SESSION (object);

  G_OBJECT_CLASS (ferry_session_parent_class)->constructed (object);

  self->account_store = ferry_account_store_new (self->settings);
}

static void
ferry_session_dispose (GObject *object)
{
  FerrySession *self = FERRY_SESSION (object);

  ferry_session_stop (self);
  g_clear_pointer (&self->queues, g_hash_table_unref);
  g_clear_pointer (&self->session_keys, g_hash_table_unref);
  g_clear_object (&self->account_store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ferry_session_parent_class)->dispose (object);
}

static void
ferry_session_finalize (GObject *object)
{
  FerrySession *self = FERRY_SESSION (object);

  g_free (self->endpoint);
  g_free (self->tasks_file);

  G_OBJECT_CLASS (ferry_session_parent_class)->finalize (object);
}

static void
ferry_session_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FerrySession *self = FERRY_SESSION (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;
    case PROP_TASKS_FILE:
      g_value_set_string (value, self->tasks_file);
      break;
    case PROP_ACCOUNT_STORE:
      g_value_set_object (value, self->account_store);
      break;
    case PROP_N_ACTIVE_COPIES:
      g_value_set_uint (value, self->n_active_copies);
      break;
    case PROP_QUITTING:
      g_value_set_boolean (value, self->quitting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_session_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FerrySession *self = FERRY_SESSION (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_string (value);
      break;
    case PROP_TASKS_FILE:
      self->tasks_file = g_value_dup_string (value);
      break;
    case PROP_QUITTING:
      ferry_session_set_quitting (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_session_class_init (FerrySessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ferry_session_constructed;
  object_class->dispose = ferry_session_dispose;
  object_class->finalize = ferry_session_finalize;
  object_class->get_property = ferry_session_get_property;
  object_class->set_property = ferry_session_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TASKS_FILE] =
    g_param_spec_string ("tasks-file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT_STORE] =
    g_param_spec_object ("account-store", NULL, NULL, FERRY_TYPE_ACCOUNT_STORE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ACTIVE_COPIES] =
    g_param_spec_uint ("n-active-copies", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUITTING] =
    g_param_spec_boolean ("quitting", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BATCH_FINISHED] =
    g_signal_new ("batch-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 7,
                  G_TYPE_STRING, FERRY_TYPE_COPY_QUEUE, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT,
                  G_TYPE_INT64, FERRY_TYPE_COPY_TASK);
}

static void
ferry_session_init (FerrySession *self)
{
  self->queues = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->session_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
