/* ferry-task-store.c: the tasks file shared by every Ferry process of the user
 *
 * The tasks in memory and what observers see of them, the lock, and the
 * transactions that read the file, apply a change and write it. Reading
 * and writing the file itself is ferry-task-store-file.c's.
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "ferry-copy-task-private.h"
#include "ferry-task-store-private.h"

#define DEFAULT_LOCK_TIMEOUT_MS 10000
#define LONGEST_LOCK_WAIT_MS    50

G_DEFINE_FINAL_TYPE (FerryTaskStore, ferry_task_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (ferry-task-store-error-quark, ferry_task_store_error)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

enum {
  FILE_KEPT_ASIDE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Order and membership */

static gint
compare_creation (FerryCopyTask *a,
                  FerryCopyTask *b)
{
  gint64 ta = ferry_copy_task_get_created_at (a);
  gint64 tb = ferry_copy_task_get_created_at (b);

  if (ta != tb)
    return ta < tb ? -1 : 1;
  return g_strcmp0 (ferry_copy_task_get_id (a), ferry_copy_task_get_id (b));
}

static void
hold_notify (FerryTaskStore *self,
             FerryCopyTask  *task)
{
  if (!g_hash_table_add (self->frozen_set, task))
    return;
  g_object_freeze_notify (G_OBJECT (task));
  g_ptr_array_add (self->frozen, g_object_ref (task));
}

static void
add_task (FerryTaskStore *self,
          FerryCopyTask  *task)
{
  guint position = self->tasks->len;

  /* New tasks are the newest, most of the time: look from the end. */
  while (position > 0 &&
         compare_creation (g_ptr_array_index (self->tasks, position - 1), task) > 0)
    position--;

  g_ptr_array_insert (self->tasks, position, g_object_ref (task));
  g_hash_table_insert (self->by_id, (gpointer) ferry_copy_task_get_id (task), task);
  hold_notify (self, task);
  self->members_changed = TRUE;
}

static void
remove_task (FerryTaskStore *self,
             FerryCopyTask  *task)
{
  g_hash_table_remove (self->by_id, ferry_copy_task_get_id (task));
  g_ptr_array_remove (self->tasks, task);
  self->members_changed = TRUE;
}

/* Makes the objects hold what @parsed holds: the file wins. With
 * @remove_missing, tasks that are not in it go too. */
static void
merge (FerryTaskStore *self,
       GPtrArray      *parsed,
       gboolean        remove_missing)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < parsed->len; i++)
    {
      FerryCopyTask *theirs = g_ptr_array_index (parsed, i);
      FerryCopyTask *ours = g_hash_table_lookup (self->by_id, ferry_copy_task_get_id (theirs));

      g_hash_table_add (seen, (gpointer) ferry_copy_task_get_id (theirs));
      if (ours == theirs)
        continue;
      if (ours != NULL)
        {
          hold_notify (self, ours);
          ferry_copy_task_update_from (ours, theirs);
        }
      else
        add_task (self, theirs);
    }

  for (guint i = self->tasks->len; remove_missing && i > 0; i--)
    {
      FerryCopyTask *task = g_ptr_array_index (self->tasks, i - 1);

      if (!g_hash_table_contains (seen, ferry_copy_task_get_id (task)))
        remove_task (self, task);
    }
}

/* Brings @list in line with @array with one splice of the part that
 * differs, so that observers see few changes. */
static void
sync_list (GListStore *list,
           GPtrArray  *array)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint n_new = array->len;
  guint prefix = 0, suffix = 0;

  while (prefix < n_old && prefix < n_new)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (list), prefix);

      if (item != g_ptr_array_index (array, prefix))
        break;
      prefix++;
    }
  while (suffix < n_old - prefix && suffix < n_new - prefix)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (list), n_old - 1 - suffix);

      if (item != g_ptr_array_index (array, n_new - 1 - suffix))
        break;
      suffix++;
    }

  if (prefix + suffix == n_old && n_old == n_new)
    return;

  g_list_store_splice (list, prefix, n_old - prefix - suffix,
                       array->pdata + prefix, n_new - prefix - suffix);
}

/* The lock */

/* @wait: poll for the lock up to the lock time-out (this blocks the
 * calling thread); otherwise try once, FERRY_TASK_STORE_ERROR_BUSY when
 * another process holds it. */
static gboolean
lock_file (FerryTaskStore  *self,
           gboolean         wait,
           GError         **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  gint64 deadline;
  guint wait_ms = 1;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_IO,
                   _("The folder “%s” for the list of copies could not be created: %s"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (self->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_IO,
                   _("The list of copies could not be locked (“%s”): %s"),
                   self->lock_path, g_strerror (saved_errno));
      return FALSE;
    }

  /* Polled rather than blocking: a stopped process holding the lock must
   * not freeze this one for ever. */
  deadline = g_get_monotonic_time () + (gint64) self->lock_timeout_ms * 1000;
  while (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EINTR)
        continue;
      if (saved_errno != EWOULDBLOCK)
        {
          close (fd);
          g_set_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_IO,
                       _("The list of copies could not be locked (“%s”): %s"),
                       self->lock_path, g_strerror (saved_errno));
          return FALSE;
        }
      if (!wait)
        {
          close (fd);
          g_set_error_literal (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_BUSY,
                               _("Another Ferry program is using the list of copies. Try again in a moment."));
          return FALSE;
        }
      if (g_get_monotonic_time () >= deadline)
        {
          close (fd);
          g_set_error_literal (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_LOCKED,
                               _("Another Ferry program is using the list of copies. Try again in a moment."));
          return FALSE;
        }
      g_usleep (wait_ms * 1000);
      wait_ms = MIN (wait_ms * 2, LONGEST_LOCK_WAIT_MS);
    }

  self->lock_fd = fd;
  return TRUE;
}

static void
unlock_file (FerryTaskStore *self)
{
  if (self->lock_fd < 0)
    return;

  /* Closing the only descriptor of the open file releases the lock. */
  close (self->lock_fd);
  self->lock_fd = -1;
}

/* Transactions */

/* What a transaction read, kept until its write is done: what to go back
 * to when the write fails. */
typedef struct
{
  Parsed      parsed;
  char       *old_text;
  char       *damage;
  /* The ids of the tasks in memory before @func ran, and the newest
   * revision among them. */
  GHashTable *before;
  guint64     newest_before;
} Read;

static void
read_clear (Read *read)
{
  ferry_store_parsed_clear (&read->parsed);
  g_clear_pointer (&read->old_text, g_free);
  g_clear_pointer (&read->damage, g_free);
  g_clear_pointer (&read->before, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Read, read_clear)

/* Shows observers what the objects hold: the list, then the held
 * notifications. Outside the transaction, so that handlers may start
 * another. */
static void
publish (FerryTaskStore *self)
{
  g_autoptr(GPtrArray) frozen = g_steal_pointer (&self->frozen);

  self->frozen = g_ptr_array_new_with_free_func (g_object_unref);
  g_hash_table_remove_all (self->frozen_set);
  self->in_transaction = FALSE;

  g_object_ref (self);
  self->publishing = TRUE;
  sync_list (self->list, self->tasks);
  for (guint i = 0; i < frozen->len; i++)
    g_object_thaw_notify (g_ptr_array_index (frozen, i));
  self->publishing = FALSE;
  g_object_unref (self);
}

static void
end_transaction (FerryTaskStore *self)
{
  self->in_transaction = FALSE;
  unlock_file (self);
  publish (self);
}

static void
hold_all (FerryTaskStore *self)
{
  self->in_transaction = TRUE;
  for (guint i = 0; i < self->tasks->len; i++)
    hold_notify (self, g_ptr_array_index (self->tasks, i));
}

/* The first half of a transaction: locked, read, merged, @func applied.
 * On failure the transaction is over. */
static gboolean
transaction_begin (FerryTaskStore      *self,
                   gboolean             wait,
                   FerryTaskStoreFunc   func,
                   gpointer             user_data,
                   Read                *read,
                   GError             **error)
{
  if (!lock_file (self, wait, error))
    return FALSE;
  hold_all (self);

  if (!ferry_store_read_file (self, &read->old_text, &read->parsed, &read->damage, error))
    {
      ferry_store_remember (self, NULL, FALSE);
      end_transaction (self);
      return FALSE;
    }
  /* A damaged file may have lost tasks that are still in memory: they
   * stay, so that copies being followed are not forgotten. The bytes this
   * store knows the tasks hold need nothing. */
  if (!read->parsed.same)
    merge (self, read->parsed.tasks, !read->parsed.damaged);
  self->members_changed = FALSE;
  read->newest_before = ferry_store_newest_revision (self);

  read->before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < self->tasks->len; i++)
    g_hash_table_add (read->before, g_strdup (ferry_copy_task_get_id (g_ptr_array_index (self->tasks, i))));
  if (func != NULL)
    func (self, user_data);
  return TRUE;
}

/* The second half, with the lock held and the tasks held: the file
 * written when it changed. When the write fails the objects go back to
 * what the file holds. */
static gboolean
transaction_write (FerryTaskStore  *self,
                   gboolean         changed,
                   Read            *read,
                   GError         **error)
{
  g_autofree char *new_text = NULL;
  g_autoptr(GError) write_error = NULL;

  /* Without a change the objects hold what the file holds: an intact
   * file is not written again (a load of 10,000 tasks would serialize
   * them all only to find the same text). */
  if (!changed && read->damage == NULL)
    {
      ferry_store_remember (self, g_steal_pointer (&read->old_text),
                            read->parsed.same && self->known_ours);
      return TRUE;
    }
  /* Nor when no task changed since a read of the text this store made:
   * it would make the same. */
  if (read->damage == NULL && read->parsed.same && self->known_ours &&
      !self->members_changed && ferry_store_newest_revision (self) <= read->newest_before)
    return TRUE;
  new_text = ferry_store_serialize (self);
  if (read->damage == NULL &&
      (g_strcmp0 (new_text, read->old_text) == 0 || (self->tasks->len == 0 && read->old_text == NULL)))
    {
      ferry_store_remember (self, read->old_text != NULL ? g_steal_pointer (&new_text) : NULL, TRUE);
      return TRUE;
    }
  if (ferry_store_write_file (self, new_text, &write_error))
    {
      ferry_store_remember (self, g_steal_pointer (&new_text), TRUE);
      return TRUE;
    }

  /* Nothing was saved, so nothing happened. */
  ferry_store_remember (self, NULL, FALSE);
  if (read->parsed.same)
    ferry_store_parse_known (self, read->old_text, &read->parsed);
  merge (self, read->parsed.tasks, !read->parsed.damaged);
  for (guint i = self->tasks->len; i > 0; i--)
    {
      FerryCopyTask *task = g_ptr_array_index (self->tasks, i - 1);

      if (!g_hash_table_contains (read->before, ferry_copy_task_get_id (task)))
        remove_task (self, task);
    }
  g_propagate_error (error, g_steal_pointer (&write_error));
  return FALSE;
}

/* After the transaction: a repaired file is told of. */
static gboolean
transaction_done (FerryTaskStore  *self,
                  gboolean         loading,
                  gboolean         ok,
                  Read            *read,
                  GError         **error)
{
  if (read->damage != NULL)
    {
      g_signal_emit (self, signals[FILE_KEPT_ASIDE], 0, read->damage);
      if (loading && ok)
        {
          g_set_error_literal (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_CORRUPT,
                               read->damage);
          ok = FALSE;
        }
    }
  return ok;
}

static void behind_flush (FerryTaskStore *self);

static gboolean
transaction (FerryTaskStore      *self,
             gboolean             loading,
             gboolean             wait,
             FerryTaskStoreFunc   func,
             gpointer             user_data,
             GError             **error)
{
  g_auto(Read) read = { { NULL, 0, FALSE, FALSE }, NULL, NULL, NULL, 0 };
  gboolean ok;

  /* An asynchronous transaction is shown and not written yet: it is
   * written now, as this transaction must come after it (and a program
   * that quits right after a change still saves it when its queue lets
   * its leases go). Not from a handler of the change it shows, unless
   * that handler waits. */
  if (self->behind != NULL)
    {
      if (self->publishing && !wait)
        {
          g_set_error_literal (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_BUSY,
                               _("Another Ferry program is using the list of copies. Try again in a moment."));
          return FALSE;
        }
      behind_flush (self);
    }
  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (!transaction_begin (self, wait, func, user_data, &read, error))
    return FALSE;
  ok = transaction_write (self, func != NULL, &read, error);
  end_transaction (self);
  return transaction_done (self, loading, ok, &read, error);
}

/* Public */

FerryTaskStore *
ferry_task_store_new (const char *path)
{
  g_autofree char *default_path = NULL;

  if (path == NULL || *path == '\0')
    path = default_path = g_build_filename (g_get_user_data_dir (), "ferry", "tasks.json", NULL);

  return g_object_new (FERRY_TYPE_TASK_STORE, "path", path, NULL);
}

const char *
ferry_task_store_get_path (FerryTaskStore *self)
{
  g_return_val_if_fail (FERRY_IS_TASK_STORE (self), NULL);
  return self->path;
}

void
ferry_task_store_set_lock_timeout (FerryTaskStore *self,
                                   guint           milliseconds)
{
  g_return_if_fail (FERRY_IS_TASK_STORE (self));
  self->lock_timeout_ms = milliseconds;
}

void
ferry_task_store_get_work (FerryTaskStore *self,
                           guint          *parsed,
                           guint          *rendered)
{
  g_return_if_fail (FERRY_IS_TASK_STORE (self));

  if (parsed != NULL)
    *parsed = self->n_parsed;
  if (rendered != NULL)
    *rendered = self->n_rendered;
}

gboolean
ferry_task_store_load (FerryTaskStore  *self,
                       GError         **error)
{
  g_return_val_if_fail (FERRY_IS_TASK_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return transaction (self, TRUE, TRUE, NULL, NULL, error);
}

gboolean
ferry_task_store_update (FerryTaskStore      *self,
                         FerryTaskStoreFunc   func,
                         gpointer             user_data,
                         GError             **error)
{
  g_return_val_if_fail (FERRY_IS_TASK_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return transaction (self, FALSE, TRUE, func, user_data, error);
}

gboolean
ferry_task_store_try_update (FerryTaskStore      *self,
                             FerryTaskStoreFunc   func,
                             gpointer             user_data,
                             GError             **error)
{
  g_return_val_if_fail (FERRY_IS_TASK_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return transaction (self, FALSE, FALSE, func, user_data, error);
}

/* Asynchronous transactions: the lock is tried at once and then again
 * from the main context, never waited for on it. */

typedef struct
{
  FerryTaskStoreFunc  func;
  gpointer            user_data;
  GDestroyNotify      destroy;
  GSource            *retry;
  gint64              deadline;
  guint               wait_ms;
  /* Once the transaction is shown: its write, and what it read. */
  GSource            *write;
  Read                read;
} Pending;

static void
drop_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
pending_free (Pending *pending)
{
  drop_source (&pending->retry);
  drop_source (&pending->write);
  read_clear (&pending->read);
  if (pending->destroy != NULL)
    pending->destroy (pending->user_data);
  g_free (pending);
}

static void
task_return (GTask    *task,
             gboolean  ok,
             GError   *error)
{
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The write of the transaction shown: the lock and the tasks are held
 * again, the file written, and the transaction over. */
static void
behind_write (FerryTaskStore *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->behind);
  Pending *pending = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean ok;

  drop_source (&pending->write);
  hold_all (self);
  ok = transaction_write (self, TRUE, &pending->read, &error);
  end_transaction (self);
  task_return (task, ok, error);
}

/* A caller that waits for the lock: the write is done now. */
static void
behind_flush (FerryTaskStore *self)
{
  behind_write (self);
}

static gboolean
behind_write_cb (gpointer data)
{
  GTask *task = data;
  Pending *pending = g_task_get_task_data (task);

  /* This source is over once it returns. */
  g_clear_pointer (&pending->write, g_source_unref);
  behind_write (g_task_get_source_object (task));
  return G_SOURCE_REMOVE;
}

/* The transaction, when the lock is free. What it changed is shown at
 * once and written afterwards, from an idle of the main context, which
 * comes after a redraw: a window shows 10,000 new copies without waiting
 * for their text to be made and saved. The lock is held meanwhile (this
 * store's other transactions are BUSY, or write it first when they
 * wait), and when the write fails the objects go back, as in a
 * synchronous transaction. FALSE when the transaction did not start. */
static gboolean
update_begin (GTask   *task,
              GError **error)
{
  FerryTaskStore *self = g_task_get_source_object (task);
  Pending *pending = g_task_get_task_data (task);
  GError *local_error = NULL;
  gboolean ok;

  if (self->behind != NULL)
    {
      g_set_error_literal (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_BUSY,
                           _("Another Ferry program is using the list of copies. Try again in a moment."));
      return FALSE;
    }
  read_clear (&pending->read);
  if (!transaction_begin (self, FALSE, pending->func, pending->user_data, &pending->read, error))
    return FALSE;

  /* Nothing to write, or a damaged file to repair: done at once. */
  if (pending->func == NULL || pending->read.damage != NULL)
    {
      ok = transaction_write (self, pending->func != NULL, &pending->read, &local_error);
      end_transaction (self);
      ok = transaction_done (self, FALSE, ok, &pending->read, &local_error);
      task_return (task, ok, local_error);
      return TRUE;
    }

  self->behind = g_object_ref (task);
  pending->write = g_idle_source_new ();
  g_source_set_priority (pending->write, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (pending->write, behind_write_cb, g_object_ref (task), g_object_unref);
  g_source_set_static_name (pending->write, "[ferry] task store write");
  g_source_attach (pending->write, g_task_get_context (task));
  publish (self);
  return TRUE;
}

static gboolean update_attempt_cb (gpointer data);

static void
update_attempt (GTask *task)
{
  FerryTaskStore *self = g_task_get_source_object (task);
  Pending *pending = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* Another transaction of this store is running (a handler of its
   * notifications started this one): it is over at the next iteration. */
  if (!self->in_transaction && update_begin (task, &error))
    return;
  if (error != NULL && !g_error_matches (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_BUSY))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_get_monotonic_time () >= pending->deadline)
    {
      g_task_return_new_error (task, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_LOCKED,
                               _("Another Ferry program has been using the list of copies for too long. Try again in a moment."));
      return;
    }

  g_clear_pointer (&pending->retry, g_source_unref);
  pending->retry = g_timeout_source_new (pending->wait_ms);
  pending->wait_ms = MIN (pending->wait_ms * 2, LONGEST_LOCK_WAIT_MS);
  g_source_set_callback (pending->retry, update_attempt_cb, g_object_ref (task), g_object_unref);
  g_source_set_static_name (pending->retry, "[ferry] task store lock");
  g_source_attach (pending->retry, g_task_get_context (task));
}

static gboolean
update_attempt_cb (gpointer data)
{
  GTask *task = data;
  Pending *pending = g_task_get_task_data (task);

  g_clear_pointer (&pending->retry, g_source_unref);
  update_attempt (task);
  return G_SOURCE_REMOVE;
}

void
ferry_task_store_update_async (FerryTaskStore      *self,
                               FerryTaskStoreFunc   func,
                               gpointer             user_data,
                               GDestroyNotify       destroy,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             callback_data)
{
  g_autoptr(GTask) task = NULL;
  Pending *pending;

  g_return_if_fail (FERRY_IS_TASK_STORE (self));

  task = g_task_new (self, cancellable, callback, callback_data);
  g_task_set_source_tag (task, ferry_task_store_update_async);
  pending = g_new0 (Pending, 1);
  pending->func = func;
  pending->user_data = user_data;
  pending->destroy = destroy;
  pending->deadline = g_get_monotonic_time () + (gint64) self->lock_timeout_ms * 1000;
  pending->wait_ms = 1;
  g_task_set_task_data (task, pending, (GDestroyNotify) pending_free);
  update_attempt (task);
}

gboolean
ferry_task_store_update_finish (FerryTaskStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ferry_task_store_insert (FerryTaskStore *self,
                         FerryCopyTask  *task)
{
  g_return_if_fail (FERRY_IS_TASK_STORE (self));
  g_return_if_fail (FERRY_IS_COPY_TASK (task));
  g_return_if_fail (self->in_transaction);

  if (g_hash_table_contains (self->by_id, ferry_copy_task_get_id (task)))
    return;
  add_task (self, task);
}

void
ferry_task_store_delete (FerryTaskStore *self,
                         FerryCopyTask  *task)
{
  g_return_if_fail (FERRY_IS_TASK_STORE (self));
  g_return_if_fail (FERRY_IS_COPY_TASK (task));
  g_return_if_fail (self->in_transaction);

  if (g_hash_table_lookup (self->by_id, ferry_copy_task_get_id (task)) != task)
    return;
  remove_task (self, task);
}

GListModel *
ferry_task_store_get_tasks (FerryTaskStore *self)
{
  g_return_val_if_fail (FERRY_IS_TASK_STORE (self), NULL);
  return G_LIST_MODEL (self->list);
}

GPtrArray *
ferry_task_store_dup_tasks (FerryTaskStore *self)
{
  GPtrArray *copy;

  g_return_val_if_fail (FERRY_IS_TASK_STORE (self), NULL);

  copy = g_ptr_array_new_full (self->tasks->len, g_object_unref);
  for (guint i = 0; i < self->tasks->len; i++)
    g_ptr_array_add (copy, g_object_ref (g_ptr_array_index (self->tasks, i)));
  return copy;
}

FerryCopyTask *
ferry_task_store_lookup (FerryTaskStore *self,
                         const char     *task_id)
{
  g_return_val_if_fail (FERRY_IS_TASK_STORE (self), NULL);

  if (task_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_id, task_id);
}

/* GObject */

static void
ferry_task_store_constructed (GObject *object)
{
  FerryTaskStore *self = FERRY_TASK_STORE (object);

  G_OBJECT_CLASS (ferry_task_store_parent_class)->constructed (object);

  g_assert (self->path != NULL);
  self->lock_path = g_strconcat (self->path, ".lock", NULL);
}

static void
ferry_task_store_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FerryTaskStore *self = FERRY_TASK_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_task_store_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FerryTaskStore *self = FERRY_TASK_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_task_store_dispose (GObject *object)
{
  FerryTaskStore *self = FERRY_TASK_STORE (object);

  if (self->list != NULL)
    g_list_store_remove_all (self->list);
  g_hash_table_remove_all (self->by_id);
  g_ptr_array_set_size (self->tasks, 0);

  G_OBJECT_CLASS (ferry_task_store_parent_class)->dispose (object);
}

static void
ferry_task_store_finalize (GObject *object)
{
  FerryTaskStore *self = FERRY_TASK_STORE (object);

  unlock_file (self);
  g_clear_object (&self->list);
  g_clear_pointer (&self->tasks, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->frozen, g_ptr_array_unref);
  g_clear_pointer (&self->frozen_set, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->lock_path, g_free);
  g_clear_pointer (&self->texts, g_hash_table_unref);
  g_clear_pointer (&self->known_text, g_free);

  G_OBJECT_CLASS (ferry_task_store_parent_class)->finalize (object);
}

static void
ferry_task_store_class_init (FerryTaskStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ferry_task_store_constructed;
  object_class->get_property = ferry_task_store_get_property;
  object_class->set_property = ferry_task_store_set_property;
  object_class->dispose = ferry_task_store_dispose;
  object_class->finalize = ferry_task_store_finalize;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The file was damaged and repaired, at load or during an update; the
   * argument is the translated sentence that counts what was kept and
   * what was set aside, and names the copy of the original. (Load also
   * reports it as its error.) */
  signals[FILE_KEPT_ASIDE] =
    g_signal_new ("file-kept-aside",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ferry_task_store_init (FerryTaskStore *self)
{
  self->list = g_list_store_new (FERRY_TYPE_COPY_TASK);
  self->tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->frozen = g_ptr_array_new_with_free_func (g_object_unref);
  self->frozen_set = g_hash_table_new (NULL, NULL);
  self->lock_fd = -1;
  self->lock_timeout_ms = DEFAULT_LOCK_TIMEOUT_MS;
  self->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, ferry_store_task_text_free);
}
