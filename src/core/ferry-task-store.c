/* ferry-task-store.c
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
#include "ferry-error.h"
#include "ferry-json.h"
#include "ferry-task-store-private.h"

#define DEFAULT_LOCK_TIMEOUT_MS 10000
#define LONGEST_LOCK_WAIT_MS    50

struct _FerryTaskStore
{
  GObject     parent_instance;

  char       *path;
  char       *lock_path;
  /* What observers see; follows @tasks once a transaction is over. */
  GListStore *list;
  /* The tasks in memory, in creation order, and by id. */
  GPtrArray  *tasks;
  GHashTable *by_id;
  /* Tasks whose notifications wait for the end of the transaction. */
  GPtrArray  *frozen;
  int         lock_fd;
  guint       lock_timeout_ms;
  guint       in_transaction : 1;
};

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
  if (g_ptr_array_find (self->frozen, task, NULL))
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
}

static void
remove_task (FerryTaskStore *self,
             FerryCopyTask  *task)
{
  g_hash_table_remove (self->by_id, ferry_copy_task_get_id (task));
  g_ptr_array_remove (self->tasks, task);
}

/* Makes the objects hold what @parsed holds: the file wins. */
static void
merge (FerryTaskStore *self,
       GPtrArray      *parsed)
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

  for (guint i = self->tasks->len; i > 0; i--)
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

static gboolean
lock_file (FerryTaskStore  *self,
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

/* Reading and writing */

/* "<path>.<kind>-YYYYMMDD-HHMMSS", with a number when that is taken. */
static gboolean
keep_aside (FerryTaskStore  *self,
            const char      *kind,
            char           **kept,
            GError         **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *target = g_strdup_printf ("%s.%s-%s", self->path, kind, stamp);

  for (guint n = 2; g_file_test (target, G_FILE_TEST_EXISTS); n++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.%s-%s-%u", self->path, kind, stamp, n);
    }

  if (g_rename (self->path, target) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_IO,
                   _("The unreadable list of copies “%s” could not be moved aside: %s"),
                   self->path, g_strerror (saved_errno));
      return FALSE;
    }

  *kept = g_steal_pointer (&target);
  return TRUE;
}

/* The tasks of @text, or NULL with @newer set when the format is newer,
 * or NULL with @error set when it is not a task list. */
static GPtrArray *
parse_text (const char  *text,
            gsize        length,
            gboolean    *newer,
            GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, length);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GHashTable) ids = NULL;
  JsonObject *object;
  JsonArray *array;
  gint64 format = 0;

  *newer = FALSE;

  root = ferry_json_parse_object (bytes, error);
  if (root == NULL)
    return NULL;
  object = json_node_get_object (root);

  if (!ferry_json_get_int64 (object, "format", 0, &format, error))
    return NULL;
  if (format > FERRY_TASK_STORE_FORMAT)
    {
      *newer = TRUE;
      return NULL;
    }
  if (format < 1)
    return (ferry_json_set_invalid (error, "format", "missing or not positive"), NULL);
  if (!ferry_json_require_array (object, "tasks", &array, error))
    return NULL;

  tasks = g_ptr_array_new_with_free_func (g_object_unref);
  ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      FerryCopyTask *task;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return (ferry_json_set_invalid (error, "tasks", "an element is not an object"), NULL);
      task = ferry_copy_task_new_from_json (json_node_get_object (node), error);
      if (task == NULL)
        return NULL;
      if (!g_hash_table_add (ids, (gpointer) ferry_copy_task_get_id (task)))
        {
          g_object_unref (task);
          return (ferry_json_set_invalid (error, "tasks", "an id appears twice"), NULL);
        }
      g_ptr_array_add (tasks, task);
    }

  return g_steal_pointer (&tasks);
}

/* Reads the file under the lock. On success *parsed holds its tasks (empty
 * when there is no file) and *text its bytes (NULL when there is none).
 * A file that is not ours to read is moved aside: FALSE with
 * FERRY_TASK_STORE_ERROR_CORRUPT or _NEWER_FORMAT, *parsed NULL. */
static gboolean
read_file (FerryTaskStore  *self,
           char           **text,
           GPtrArray      **parsed,
           GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *kept = NULL;
  gboolean newer = FALSE;
  gsize length = 0;

  *text = NULL;
  *parsed = NULL;

  if (!g_file_get_contents (self->path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          *parsed = g_ptr_array_new_with_free_func (g_object_unref);
          return TRUE;
        }
      g_set_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_IO,
                   _("The list of copies “%s” could not be read: %s"),
                   self->path, local_error->message);
      return FALSE;
    }

  *parsed = parse_text (contents, length, &newer, &local_error);
  if (*parsed != NULL)
    {
      *text = g_steal_pointer (&contents);
      return TRUE;
    }

  if (!keep_aside (self, newer ? "newer" : "corrupt", &kept, error))
    return FALSE;

  if (newer)
    {
      g_set_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_NEWER_FORMAT,
                   _("The list of copies was saved by a newer version of Ferry. It was kept as “%s” and a new list was started."),
                   kept);
    }
  else
    {
      g_debug ("%s: %s", self->path,
               ferry_api_error_get_server_message (local_error) != NULL ?
               ferry_api_error_get_server_message (local_error) : local_error->message);
      g_set_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_CORRUPT,
                   _("The list of copies could not be read. It was kept as “%s” and a new list was started."),
                   kept);
    }
  return FALSE;
}

static char *
serialize (FerryTaskStore *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, FERRY_TASK_STORE_FORMAT);
  json_builder_set_member_name (builder, "tasks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->tasks->len; i++)
    json_builder_add_value (builder, ferry_copy_task_serialize (g_ptr_array_index (self->tasks, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);

  return g_strconcat (text, "\n", NULL);
}

static gboolean
write_file (FerryTaskStore  *self,
            const char      *text,
            GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  /* A temporary file, fsync'd, renamed over the old one: a crash leaves
   * either the old list or the new one, never half of one. */
  if (!g_file_set_contents_full (self->path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_IO,
                   _("The list of copies could not be saved: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Transactions */

static void
end_transaction (FerryTaskStore *self)
{
  g_autoptr(GPtrArray) frozen = g_steal_pointer (&self->frozen);

  self->frozen = g_ptr_array_new_with_free_func (g_object_unref);
  self->in_transaction = FALSE;
  unlock_file (self);

  /* Outside the lock, so that handlers may start another transaction. */
  g_object_ref (self);
  sync_list (self->list, self->tasks);
  for (guint i = 0; i < frozen->len; i++)
    g_object_thaw_notify (g_ptr_array_index (frozen, i));
  g_object_unref (self);
}

static gboolean
transaction (FerryTaskStore      *self,
             gboolean             loading,
             FerryTaskStoreFunc   func,
             gpointer             user_data,
             GError             **error)
{
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  g_autofree char *kept_aside = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (!lock_file (self, error))
    return FALSE;
  self->in_transaction = TRUE;
  for (guint i = 0; i < self->tasks->len; i++)
    hold_notify (self, g_ptr_array_index (self->tasks, i));

  if (!read_file (self, &old_text, &parsed, &read_error))
    {
      if (!g_error_matches (read_error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_CORRUPT) &&
          !g_error_matches (read_error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_NEWER_FORMAT))
        {
          g_propagate_error (error, g_steal_pointer (&read_error));
          end_transaction (self);
          return FALSE;
        }

      /* Kept aside: what is in memory (nothing, at load) starts the new
       * file, so that copies being followed are not forgotten. */
      if (loading)
        {
          g_propagate_error (error, g_steal_pointer (&read_error));
          ok = FALSE;
        }
      else
        {
          g_message ("%s", read_error->message);
          kept_aside = g_strdup (read_error->message);
        }
    }
  else
    merge (self, parsed);

  if (func != NULL)
    func (self, user_data);

  new_text = serialize (self);
  if (g_strcmp0 (new_text, old_text) != 0 && (self->tasks->len > 0 || old_text != NULL))
    {
      g_autoptr(GError) write_error = NULL;

      if (!write_file (self, new_text, &write_error))
        {
          /* Nothing was saved, so nothing happened. */
          if (parsed != NULL)
            merge (self, parsed);
          g_clear_error (error);
          g_propagate_error (error, g_steal_pointer (&write_error));
          ok = FALSE;
        }
    }

  end_transaction (self);
  if (kept_aside != NULL)
    g_signal_emit (self, signals[FILE_KEPT_ASIDE], 0, kept_aside);
  return ok;
}

/* Public */

FerryTaskStore *
ferry_task_store_new (const char *path)
{
  g_autofree char *default_path = NULL;

  if (path == NULL || *path == '\0')
    path = g_getenv (FERRY_ENV_TASKS_FILE);
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

gboolean
ferry_task_store_load (FerryTaskStore  *self,
                       GError         **error)
{
  g_return_val_if_fail (FERRY_IS_TASK_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return transaction (self, TRUE, NULL, NULL, error);
}

gboolean
ferry_task_store_update (FerryTaskStore      *self,
                         FerryTaskStoreFunc   func,
                         gpointer             user_data,
                         GError             **error)
{
  g_return_val_if_fail (FERRY_IS_TASK_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return transaction (self, FALSE, func, user_data, error);
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
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->lock_path, g_free);

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

  /* The file could not be read during an update and was kept aside; the
   * argument is the translated sentence that names the kept file. (Load
   * reports the same as its error.) */
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
  self->lock_fd = -1;
  self->lock_timeout_ms = DEFAULT_LOCK_TIMEOUT_MS;
}
