/* ferry-task-store.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
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
  /* An asynchronous transaction shown before its write (see
   * update_begin()), or NULL. */
  GTask      *behind;
  /* Observers are being told of a change. */
  guint       publishing : 1;
  /* Tasks whose notifications wait for the end of the transaction, in
   * the order they were held, and as a set: a transaction holds every
   * task, and looking each up in the array made 10,000 of them cost
   * 50 million comparisons. */
  GPtrArray  *frozen;
  GHashTable *frozen_set;
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
}

static void
remove_task (FerryTaskStore *self,
             FerryCopyTask  *task)
{
  g_hash_table_remove (self->by_id, ferry_copy_task_get_id (task));
  g_ptr_array_remove (self->tasks, task);
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

/* Reading and writing */

/* What a read of the file gave. */
typedef struct
{
  GPtrArray *tasks;       /* every task that could be read */
  guint      unreadable;  /* tasks that could not */
  gboolean   damaged;     /* something could not be read: tasks, or the file's frame */
} Parsed;

static void
parsed_clear (Parsed *parsed)
{
  g_clear_pointer (&parsed->tasks, g_ptr_array_unref);
  parsed->unreadable = 0;
  parsed->damaged = FALSE;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parsed, parsed_clear)

/* One element of "tasks": kept, or counted as unreadable. */
static void
take_element (Parsed     *parsed,
              GHashTable *ids,
              JsonNode   *node)
{
  g_autoptr(GError) error = NULL;
  FerryCopyTask *task;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      parsed->unreadable++;
      return;
    }
  task = ferry_copy_task_new_from_json (json_node_get_object (node), &error);
  if (task == NULL)
    {
      g_debug ("a task could not be read: %s",
               ferry_api_error_get_server_message (error) != NULL ?
               ferry_api_error_get_server_message (error) : error->message);
      parsed->unreadable++;
      return;
    }
  if (!g_hash_table_add (ids, (gpointer) ferry_copy_task_get_id (task)))
    {
      /* The first one stands; a second copy of an id cannot be told from it. */
      g_object_unref (task);
      parsed->unreadable++;
      return;
    }
  g_ptr_array_add (parsed->tasks, task);
}

/* The end of the JSON object that starts at @start, or NULL when the text
 * ends first. Strings are skipped whole, escapes included. */
static const char *
object_end (const char *start,
            const char *end)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (const char *p = start; p < end; p++)
    {
      if (in_string)
        {
          if (*p == '\\')
            p++;
          else if (*p == '"')
            in_string = FALSE;
          continue;
        }
      if (*p == '"')
        in_string = TRUE;
      else if (*p == '{' || *p == '[')
        depth++;
      else if (*p == '}' || *p == ']')
        {
          if (depth == 0 || --depth == 0)
            return *p == '}' ? p + 1 : NULL;
        }
    }
  return NULL;
}

/* A file that is not JSON any more (cut short, NUL bytes where a crash
 * left them, a stray edit): each task object of the "tasks" array that is
 * still whole is read on its own; what is left is counted once. */
static void
salvage (const char *text,
         gsize       length,
         Parsed     *parsed)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  const char *end = text + length;
  const char *p = g_strstr_len (text, length, "\"tasks\"");

  parsed->damaged = TRUE;
  if (p == NULL)
    return;
  p = memchr (p, '[', end - p);
  if (p == NULL)
    return;

  for (p++; p < end; p++)
    {
      const char *close;

      if (*p == ']')
        return;
      if (*p != '{')
        continue;
      close = object_end (p, end);
      if (close == NULL)
        {
          /* Cut short: the last task is lost. */
          parsed->unreadable++;
          return;
        }
      {
        g_autoptr(GBytes) bytes = g_bytes_new_static (p, close - p);
        g_autoptr(JsonNode) node = ferry_json_parse_object (bytes, NULL);

        take_element (parsed, ids, node);
      }
      p = close - 1;
    }
}

/* The format a text that is not JSON claims, or 0. */
static gint64
salvage_format (const char *text,
                gsize       length)
{
  g_autoptr(GRegex) regex = g_regex_new ("\"format\"\\s*:\\s*([0-9]{1,9})", G_REGEX_RAW, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *digits = NULL;

  if (!g_regex_match_full (regex, text, length, 0, 0, &match, NULL))
    return 0;
  digits = g_match_info_fetch (match, 1);
  return g_ascii_strtoll (digits, NULL, 10);
}

/* Reads @text into @parsed. FALSE with *format above
 * FERRY_TASK_STORE_FORMAT when the file is a newer Ferry's (then nothing
 * is read). Otherwise every task that can be read is, and @parsed says
 * whether anything could not be. */
static gboolean
parse_text (const char *text,
            gsize       length,
            gint64     *format,
            Parsed     *parsed)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, length);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *array = NULL;

  parsed->tasks = g_ptr_array_new_with_free_func (g_object_unref);
  *format = 0;

  root = ferry_json_parse_object (bytes, NULL);
  if (root == NULL)
    {
      *format = salvage_format (text, length);
      if (*format > FERRY_TASK_STORE_FORMAT)
        return FALSE;
      salvage (text, length, parsed);
      return TRUE;
    }
  object = json_node_get_object (root);

  if (!ferry_json_get_int64 (object, "format", 0, format, NULL) || *format < 1)
    parsed->damaged = TRUE;
  if (*format > FERRY_TASK_STORE_FORMAT)
    return FALSE;
  if (!ferry_json_require_array (object, "tasks", &array, NULL))
    {
      parsed->damaged = TRUE;
      return TRUE;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    take_element (parsed, ids, json_array_get_element (array, i));
  if (parsed->unreadable > 0)
    parsed->damaged = TRUE;
  return TRUE;
}

/* "<path>.corrupt-YYYYMMDD-HHMMSS" (local time, "-2", "-3"… when taken):
 * a copy of the damaged file's bytes, written before the file itself is
 * replaced, so that a crash in between loses nothing. */
static gboolean
keep_copy (FerryTaskStore  *self,
           const char      *contents,
           gsize            length,
           char           **kept,
           GError         **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *target = g_strdup_printf ("%s.corrupt-%s", self->path, stamp);
  g_autoptr(GError) local_error = NULL;

  for (guint n = 2; g_file_test (target, G_FILE_TEST_EXISTS); n++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.corrupt-%s-%u", self->path, stamp, n);
    }

  if (!g_file_set_contents_full (target, contents, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_IO,
                   _("The list of copies “%s” is damaged, and a copy of it could not be kept: %s"),
                   self->path, local_error->message);
      return FALSE;
    }

  *kept = g_steal_pointer (&target);
  return TRUE;
}

/* What the user reads about a damaged file that was repaired. */
static char *
damage_sentence (guint       kept,
                 guint       unreadable,
                 const char *copy)
{
  g_autofree char *read = NULL;
  g_autofree char *lost = NULL;
  g_autofree char *where = NULL;

  if (kept > 0)
    read = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u copy in it could be read and is kept.",
                                         "%u copies in it could be read and are kept.", kept),
                            kept);
  else
    read = g_strdup (_("No copy in it could be read."));
  if (unreadable > 0)
    lost = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u copy could not be read and was set aside.",
                                         "%u copies could not be read and were set aside.", unreadable),
                            unreadable);
  else if (kept > 0)
    lost = g_strdup (_("The rest of the file could not be read."));
  else
    {
      g_free (read);
      read = g_strdup (_("Nothing in it could be read."));
      lost = g_strdup ("");
    }
  where = g_strdup_printf (_("A copy of the original file is kept as “%s”."), copy);

  /* Translators: the sentences about a damaged list of copies, one after
   * the other: "The list of copies was damaged. 3 copies in it could be
   * read and are kept. 1 copy could not be read… A copy of the original
   * file is kept as “…”." */
  if (*lost == '\0')
    /* Translators: the sentences about a damaged list of copies in which
     * nothing could be read: "The list of copies was damaged. Nothing in
     * it could be read. A copy of the original file is kept as “…”." */
    return g_strdup_printf (_("The list of copies was damaged. %s %s"), read, where);
  return g_strdup_printf (_("The list of copies was damaged. %s %s %s"), read, lost, where);
}

/* Reads the file under the lock. *text gets its bytes (NULL when there is
 * none), @parsed its tasks (none when there is no file). FALSE when it
 * could not be read, or is a newer Ferry's (FERRY_TASK_STORE_ERROR_NEWER_FORMAT;
 * it is then left as it is). A damaged file is read as far as it can be;
 * a copy of it is kept first, and *damage says so. */
static gboolean
read_file (FerryTaskStore  *self,
           char           **text,
           Parsed          *parsed,
           char           **damage,
           GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *kept = NULL;
  gint64 format = 0;
  gsize length = 0;

  *text = NULL;
  *damage = NULL;

  if (!g_file_get_contents (self->path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          parsed->tasks = g_ptr_array_new_with_free_func (g_object_unref);
          return TRUE;
        }
      g_set_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_IO,
                   _("The list of copies “%s” could not be read: %s"),
                   self->path, local_error->message);
      return FALSE;
    }

  if (!parse_text (contents, length, &format, parsed))
    {
      /* Never changed, moved or overwritten by an older Ferry: it would
       * lose what the newer one wrote. */
      g_set_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_NEWER_FORMAT,
                   _("The list of copies “%s” was saved by a newer version of Ferry, which this version cannot read. It was left untouched: use the newer Ferry to see and change these copies."),
                   self->path);
      return FALSE;
    }

  if (parsed->damaged)
    {
      if (!keep_copy (self, contents, length, &kept, error))
        return FALSE;
      *damage = damage_sentence (parsed->tasks->len, parsed->unreadable, kept);
      g_debug ("%s", *damage);
    }

  *text = g_steal_pointer (&contents);
  return TRUE;
}

/* FERRY_TASK_STORE_FORMAT when some task needs it, 1 otherwise: a file
 * that an older Ferry can read is written so that it can. */
static gint64
format_needed (FerryTaskStore *self)
{
  for (guint i = 0; i < self->tasks->len; i++)
    if (ferry_copy_task_get_state (g_ptr_array_index (self->tasks, i)) == FERRY_TASK_STATE_OUTCOME_UNKNOWN)
      return 2;
  return 1;
}

static char *
serialize (FerryTaskStore *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  GString *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, format_needed (self));
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
  /* In place: the text of 10,000 tasks is megabytes, not copied again
   * for its last byte. */
  text = json_generator_to_gstring (generator, g_string_new (NULL));
  g_string_append_c (text, '\n');
  return g_string_free (text, FALSE);
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

/* What a transaction read, kept until its write is done: what to go back
 * to when the write fails. */
typedef struct
{
  Parsed      parsed;
  char       *old_text;
  char       *damage;
  /* The ids of the tasks in memory before @func ran. */
  GHashTable *before;
} Read;

static void
read_clear (Read *read)
{
  parsed_clear (&read->parsed);
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

  if (!read_file (self, &read->old_text, &read->parsed, &read->damage, error))
    {
      end_transaction (self);
      return FALSE;
    }
  /* A damaged file may have lost tasks that are still in memory: they
   * stay, so that copies being followed are not forgotten. */
  merge (self, read->parsed.tasks, !read->parsed.damaged);

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
    return TRUE;
  new_text = serialize (self);
  if (read->damage == NULL &&
      (g_strcmp0 (new_text, read->old_text) == 0 || (self->tasks->len == 0 && read->old_text == NULL)))
    return TRUE;
  if (write_file (self, new_text, &write_error))
    return TRUE;

  /* Nothing was saved, so nothing happened. */
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
  g_auto(Read) read = { { NULL, 0, FALSE }, NULL, NULL, NULL };
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
}
