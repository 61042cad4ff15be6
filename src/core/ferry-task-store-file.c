/* ferry-task-store-file.c: the tasks file of a FerryTaskStore, read and written
 *
 * Reading the file and parsing its tasks, salvaging what can be read of a
 * damaged one (and keeping a copy of it first), and the text written
 * back. The lock and the transactions around them are ferry-task-store.c's.
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ferry-copy-task-private.h"
#include "ferry-error.h"
#include "ferry-json.h"
#include "ferry-task-store-private.h"

void
ferry_store_parsed_clear (Parsed *parsed)
{
  g_clear_pointer (&parsed->tasks, g_ptr_array_unref);
  parsed->unreadable = 0;
  parsed->damaged = FALSE;
  parsed->same = FALSE;
}

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

/* What the file is known to hold */

guint64
ferry_store_newest_revision (FerryTaskStore *self)
{
  guint64 newest = 0;

  for (guint i = 0; i < self->tasks->len; i++)
    newest = MAX (newest, ferry_copy_task_get_revision (g_ptr_array_index (self->tasks, i)));
  return newest;
}

void
ferry_store_remember (FerryTaskStore *self,
                      char           *text,
                      gboolean        ours)
{
  g_free (self->known_text);
  self->known_text = text;
  self->known_length = text != NULL ? strlen (text) : 0;
  self->known_count = self->tasks->len;
  self->known_revision = text != NULL ? ferry_store_newest_revision (self) : 0;
  self->known_ours = text != NULL && ours;
}

/* Whether @text is what the file was known to hold, and the tasks in
 * memory still hold it: none changed (a change outside a transaction
 * is undone by the file, as when it is parsed), none came or went. */
static gboolean
is_known (FerryTaskStore *self,
          const char     *text,
          gsize           length)
{
  if (self->known_text == NULL || length != self->known_length ||
      self->tasks->len != self->known_count ||
      memcmp (text, self->known_text, length) != 0)
    return FALSE;
  return ferry_store_newest_revision (self) <= self->known_revision;
}

static gboolean
parse_counted (FerryTaskStore *self,
               const char     *text,
               gsize           length,
               gint64         *format,
               Parsed         *parsed)
{
  gboolean ok = parse_text (text, length, format, parsed);

  if (parsed->tasks != NULL)
    self->n_parsed += parsed->tasks->len + parsed->unreadable;
  return ok;
}

void
ferry_store_parse_known (FerryTaskStore *self,
                         const char     *text,
                         Parsed         *parsed)
{
  gint64 format;

  ferry_store_parsed_clear (parsed);
  parse_counted (self, text, strlen (text), &format, parsed);
}

/* Reads the file under the lock. *text gets its bytes (NULL when there is
 * none), @parsed its tasks (none when there is no file). FALSE when it
 * could not be read, or is a newer Ferry's (FERRY_TASK_STORE_ERROR_NEWER_FORMAT;
 * it is then left as it is). A damaged file is read as far as it can be;
 * a copy of it is kept first, and *damage says so. */
gboolean
ferry_store_read_file (FerryTaskStore  *self,
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

  /* What this store wrote or read last, and still holds: nothing to
   * parse. */
  if (is_known (self, contents, length))
    {
      parsed->same = TRUE;
      *text = g_steal_pointer (&contents);
      return TRUE;
    }

  if (!parse_counted (self, contents, length, &format, parsed))
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

/* The whole file made at once by json-glib: the reference for the text
 * put together from each task's (and used for an empty list). */
static char *
serialize_whole (FerryTaskStore *self)
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
  self->n_rendered += self->tasks->len;

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

/* One task's text, as an element of the "tasks" array of the file,
 * indent included: json-glib's own, cut out of a file of that one task,
 * so that the file put together is the one it would write. */
typedef struct
{
  guint64  revision;
  gsize    length;
  char    *text;
} TaskText;

#define ELEMENT_BEFORE "{\n  \"tasks\" : [\n"
#define ELEMENT_AFTER  "\n  ]\n}"

void
ferry_store_task_text_free (gpointer data)
{
  TaskText *t = data;

  g_free (t->text);
  g_free (t);
}

static const TaskText *
task_text (FerryTaskStore *self,
           FerryCopyTask  *task)
{
  guint64 revision = ferry_copy_task_get_revision (task);
  TaskText *t = g_hash_table_lookup (self->texts, ferry_copy_task_get_id (task));
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gsize length;

  if (t != NULL && t->revision == revision)
    return t;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tasks");
  json_builder_begin_array (builder);
  json_builder_add_value (builder, ferry_copy_task_serialize (task));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, &length);
  self->n_rendered++;
  if (!g_str_has_prefix (text, ELEMENT_BEFORE) || !g_str_has_suffix (text, ELEMENT_AFTER) ||
      length < strlen (ELEMENT_BEFORE) + strlen (ELEMENT_AFTER))
    return NULL;

  t = g_new0 (TaskText, 1);
  t->revision = revision;
  t->length = length - strlen (ELEMENT_BEFORE) - strlen (ELEMENT_AFTER);
  t->text = g_strndup (text + strlen (ELEMENT_BEFORE), t->length);
  g_hash_table_replace (self->texts, g_strdup (ferry_copy_task_get_id (task)), t);
  return t;
}

static gboolean
text_gone (gpointer key,
           gpointer value,
           gpointer user_data)
{
  FerryTaskStore *self = user_data;

  return !g_hash_table_contains (self->by_id, key);
}

/* The file put together from each task's text, which is made again only
 * for a task that changed since: byte for byte the text serialize_whole()
 * makes, without the cost of every task for a change of one. */
char *
ferry_store_serialize (FerryTaskStore *self)
{
  GString *text;

  if (self->tasks->len == 0)
    return serialize_whole (self);

  text = g_string_sized_new (self->known_length + 4096);
  g_string_append_printf (text, "{\n  \"format\" : %" G_GINT64_FORMAT ",\n  \"tasks\" : [\n",
                          format_needed (self));
  for (guint i = 0; i < self->tasks->len; i++)
    {
      const TaskText *t = task_text (self, g_ptr_array_index (self->tasks, i));

      if (t == NULL)
        {
          /* Not json-glib's form expected: the whole file from it. */
          g_string_free (text, TRUE);
          return serialize_whole (self);
        }
      if (i > 0)
        g_string_append (text, ",\n");
      g_string_append_len (text, t->text, t->length);
    }
  g_string_append (text, "\n  ]\n}\n");

  if (g_hash_table_size (self->texts) > self->tasks->len)
    g_hash_table_foreach_remove (self->texts, text_gone, self);
  return g_string_free (text, FALSE);
}

gboolean
ferry_store_write_file (FerryTaskStore  *self,
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
