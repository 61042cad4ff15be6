/* test-task-store.c: the file of copy tasks several processes share
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ferry-copy-task-private.h"
#include "ferry-task-store-private.h"
#include "ferry-test-files.h"
#include "ferry-test-task.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = ferry_test_make_tmp_dir ("ferry-store-XXXXXX");
  /* A folder that does not exist yet: the store makes it. */
  f->path = g_build_filename (f->dir, "ferry", "tasks.json", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ferry_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
insert_cb (FerryTaskStore *store,
           gpointer        user_data)
{
  ferry_task_store_insert (store, user_data);
}

static void
store_insert (FerryTaskStore *store,
              FerryCopyTask  *task)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_task_store_update (store, insert_cb, task, &error));
  g_assert_no_error (error);
}

static void
test_store_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryTaskStore) reader = ferry_task_store_new (f->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autoptr(GDir) listing = NULL;
  const char *name;
  GStatBuf st;
  guint n_files = 0;

  /* No file: an empty list, and nothing written. */
  g_assert_true (ferry_task_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (store)), ==, 0);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *task_name = g_strdup_printf ("copy-%u", i);
      g_autoptr(FerryCopyTask) task = ferry_test_new_task (task_name);

      store_insert (store, task);
    }
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (store)), ==, 3);

  /* Private, and nothing left over from the atomic writes. */
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_assert_true (g_str_equal (name, "tasks.json") || g_str_equal (name, "tasks.json.lock"));
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, 2);

  text = ferry_test_read_text (f->path);
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "format"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "tasks")), ==, 3);

  g_assert_true (ferry_task_store_load (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (reader)), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(FerryCopyTask) a = g_list_model_get_item (ferry_task_store_get_tasks (store), i);
      g_autoptr(FerryCopyTask) b = g_list_model_get_item (ferry_task_store_get_tasks (reader), i);
      g_autoptr(JsonNode) na = ferry_copy_task_serialize (a);
      g_autoptr(JsonNode) nb = ferry_copy_task_serialize (b);

      g_assert_true (a != b);
      g_assert_true (json_node_equal (na, nb));
    }
}

static void
set_state_cb (FerryTaskStore *store,
              gpointer        user_data)
{
  ferry_copy_task_set_state (user_data, FERRY_TASK_STATE_RUNNING);
}

static void
on_disk_when_notified_cb (FerryCopyTask *task,
                          GParamSpec    *pspec,
                          const char    *path)
{
  g_autofree char *text = ferry_test_read_text (path);

  /* Saved first, then told. */
  g_assert_nonnull (strstr (text, "\"state\" : \"running\""));
}

static void
test_store_saved_before_notify (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyTask) task = ferry_test_new_task ("copy");
  g_autoptr(GError) error = NULL;
  gulong handler;

  store_insert (store, task);
  handler = g_signal_connect (task, "notify::state", G_CALLBACK (on_disk_when_notified_cb), f->path);
  g_assert_true (ferry_task_store_update (store, set_state_cb, task, &error));
  g_assert_no_error (error);
  g_signal_handler_disconnect (task, handler);
}

static char *
find_kept (Fixture    *f,
           const char *kind)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *prefix = g_strdup_printf ("tasks.json.%s-", kind);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, prefix))
      return g_build_filename (dir, name, NULL);
  return NULL;
}

static guint
count_files (Fixture *f)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

/* The JSON of a task, as a newer file or a hand would write it. */
static char *
task_json (FerryCopyTask *task)
{
  g_autoptr(JsonNode) node = ferry_copy_task_serialize (task);

  return json_to_string (node, FALSE);
}

/* A damaged file: every task that can be read is kept, the rest is set
 * aside and counted, and a copy of the original bytes is kept. */
static void
check_damaged (Fixture    *f,
               const char *contents,
               gsize       length,
               guint       readable,
               const char *counted)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyTask) task = ferry_test_new_task ("after");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *kept = NULL;
  g_autofree char *kept_text = NULL;
  g_autofree char *now_text = NULL;
  gsize kept_length = 0;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->path, contents, length, NULL));

  g_assert_false (ferry_task_store_load (store, &error));
  g_assert_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  kept = find_kept (f, "corrupt");
  g_assert_nonnull (kept);
  /* The message names the copy, and counts what was kept and lost. */
  g_assert_nonnull (strstr (error->message, kept));
  g_assert_nonnull (strstr (error->message, counted));
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (store)), ==, readable);

  /* The copy holds the original bytes; the file holds what was read. */
  g_assert_true (g_file_get_contents (kept, &kept_text, &kept_length, NULL));
  g_assert_cmpmem (kept_text, kept_length, contents, length);
  now_text = ferry_test_read_text (f->path);
  g_assert_nonnull (strstr (now_text, "\"format\" : 1"));
  {
    g_autoptr(FerryTaskStore) reader = ferry_task_store_new (f->path);

    g_assert_true (ferry_task_store_load (reader, NULL));
    g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (reader)), ==, readable);
  }

  /* The store goes on, and never touches the copy. */
  store_insert (store, task);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (store)), ==, readable + 1);
  g_clear_pointer (&kept_text, g_free);
  g_assert_true (g_file_get_contents (kept, &kept_text, &kept_length, NULL));
  g_assert_cmpmem (kept_text, kept_length, contents, length);
}

/* Two good tasks and a third, cut short. */
static void
test_store_truncated (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FerryCopyTask) a = ferry_test_new_task ("first");
  g_autoptr(FerryCopyTask) b = ferry_test_new_task ("second");
  g_autofree char *ja = task_json (a);
  g_autofree char *jb = task_json (b);
  g_autofree char *text = g_strdup_printf ("{\"format\": 1, \"tasks\": [%s, %s, {\"id\": \"cut", ja, jb);

  check_damaged (f, text, strlen (text), 2, "1 copy could not be read");
}

static void
test_store_empty_file (Fixture       *f,
                       gconstpointer  data)
{
  check_damaged (f, "", 0, 0, "Nothing in it could be read.");
}

/* What a crash can leave: NUL bytes in the middle of the file. */
static void
test_store_nul_bytes (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FerryCopyTask) a = ferry_test_new_task ("before-the-zeros");
  g_autoptr(FerryCopyTask) b = ferry_test_new_task ("after-the-zeros");
  g_autofree char *ja = task_json (a);
  g_autofree char *jb = task_json (b);
  GString *text = g_string_new ("{\"format\": 1, \"tasks\": [");

  g_string_append (text, ja);
  g_string_append (text, ", {\"id\": \"zeroed");
  for (guint i = 0; i < 64; i++)
    g_string_append_c (text, '\0');
  g_string_append (text, "\"}, ");
  g_string_append (text, jb);
  g_string_append (text, "]}");

  check_damaged (f, text->str, text->len, 2, "1 copy could not be read");
  g_string_free (text, TRUE);
}

/* One task with an unknown state, one without an id, one twice: the
 * others stay. */
static void
test_store_corrupt_task (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FerryCopyTask) a = ferry_test_new_task ("good");
  g_autoptr(FerryCopyTask) b = ferry_test_new_task ("also-good");
  g_autofree char *ja = task_json (a);
  g_autofree char *jb = task_json (b);
  g_autofree char *text = g_strdup_printf ("{\"format\": 1, \"tasks\": [%s, "
                                           "{\"id\": \"x\", \"state\": \"exploded\"}, "
                                           "{\"kind\": \"cross-region\", \"state\": \"queued\"}, "
                                           "%s, %s, 42]}", ja, jb, ja);

  check_damaged (f, text, strlen (text), 2, "4 copies could not be read");
}

/* Not even a list of tasks. */
static void
test_store_corrupt (Fixture       *f,
                    gconstpointer  data)
{
  check_damaged (f, "{\"format\": 1, \"tasks\": [ {\"id\": ", 31, 0, "1 copy could not be read");
}

/* A newer Ferry's file is refused, and never changed, moved or
 * overwritten. */
static void
test_store_newer (Fixture       *f,
                  gconstpointer  data)
{
  static const char contents[] = "{\"format\": 3, \"tasks\": [], \"queues\": {}}";
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyTask) task = ferry_test_new_task ("refused");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *after = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->path, contents, -1, NULL));

  g_assert_false (ferry_task_store_load (store, &error));
  g_assert_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_NEWER_FORMAT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, f->path));
  g_clear_error (&error);
  g_assert_false (ferry_task_store_update (store, insert_cb, task, &error));
  g_assert_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_NEWER_FORMAT);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (store)), ==, 0);

  after = ferry_test_read_text (f->path);
  g_assert_cmpstr (after, ==, contents);
  g_assert_null (find_kept (f, "corrupt"));
  g_assert_null (find_kept (f, "newer"));
  /* The file and the lock file, nothing else. */
  g_assert_cmpuint (count_files (f), ==, 2);

  /* Damaged and newer: still a newer Ferry's, still untouched. */
  g_assert_true (g_file_set_contents (f->path, "{\"format\": 7, \"tasks\": [{\"id\"", -1, NULL));
  g_clear_error (&error);
  g_assert_false (ferry_task_store_load (store, &error));
  g_assert_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_NEWER_FORMAT);
  g_assert_null (find_kept (f, "corrupt"));
}

static void
set_unknown_cb (FerryTaskStore *store,
                gpointer        user_data)
{
  ferry_copy_task_set_state (user_data, FERRY_TASK_STATE_OUTCOME_UNKNOWN);
}

static void
set_queued_cb (FerryTaskStore *store,
               gpointer        user_data)
{
  ferry_copy_task_set_state (user_data, FERRY_TASK_STATE_QUEUED);
}

/* Format 2 only while a task needs it, so that an older Ferry reads every
 * other file and refuses the one it could misread. */
static void
test_store_format (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyTask) task = ferry_test_new_task ("unknown");
  g_autofree char *text = NULL;

  store_insert (store, task);
  text = ferry_test_read_text (f->path);
  g_assert_nonnull (strstr (text, "\"format\" : 1"));
  g_clear_pointer (&text, g_free);

  g_assert_true (ferry_task_store_update (store, set_unknown_cb, task, NULL));
  text = ferry_test_read_text (f->path);
  g_assert_nonnull (strstr (text, "\"format\" : 2"));
  g_assert_nonnull (strstr (text, "\"state\" : \"outcome-unknown\""));
  g_clear_pointer (&text, g_free);
  {
    g_autoptr(FerryTaskStore) reader = ferry_task_store_new (f->path);
    FerryCopyTask *read;

    g_assert_true (ferry_task_store_load (reader, NULL));
    read = ferry_task_store_lookup (reader, ferry_copy_task_get_id (task));
    g_assert_cmpint (ferry_copy_task_get_state (read), ==, FERRY_TASK_STATE_OUTCOME_UNKNOWN);
  }

  g_assert_true (ferry_task_store_update (store, set_queued_cb, task, NULL));
  text = ferry_test_read_text (f->path);
  g_assert_nonnull (strstr (text, "\"format\" : 1"));
}

/* Loading reads: an intact file, even one written another way (here on
 * one line), is left as it is, not written again. */
static void
test_store_load_reads_only (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(FerryTaskStore) writer = ferry_task_store_new (f->path);
  g_autoptr(FerryTaskStore) reader = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyTask) task = ferry_test_new_task ("compact");
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *compact = NULL;
  g_autofree char *after = NULL;
  GStatBuf before_st, after_st;

  store_insert (writer, task);
  text = ferry_test_read_text (f->path);
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  json_generator_set_root (generator, root);
  compact = json_generator_to_data (generator, NULL);
  g_assert_true (g_file_set_contents (f->path, compact, -1, &error));
  g_assert_cmpint (g_stat (f->path, &before_st), ==, 0);

  g_assert_true (ferry_task_store_load (reader, &error));
  g_assert_no_error (error);
  g_assert_nonnull (ferry_task_store_lookup (reader, ferry_copy_task_get_id (task)));
  after = ferry_test_read_text (f->path);
  g_assert_cmpstr (after, ==, compact);
  g_assert_cmpint (g_stat (f->path, &after_st), ==, 0);
  g_assert_cmpuint (after_st.st_ino, ==, before_st.st_ino);
}

static void
test_store_env (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = NULL;

  /* $FERRY_TASKS_FILE is each program's to read and pass (ferryctl's and
   * the tasks page's tests use it); the store never reads it. */
  g_setenv (FERRY_ENV_TASKS_FILE, f->path, TRUE);
  store = ferry_task_store_new (g_getenv (FERRY_ENV_TASKS_FILE));
  g_assert_cmpstr (ferry_task_store_get_path (store), ==, f->path);
  g_clear_object (&store);

  store = ferry_task_store_new (NULL);
  g_unsetenv (FERRY_ENV_TASKS_FILE);
  g_assert_true (g_str_has_suffix (ferry_task_store_get_path (store), "/ferry/tasks.json"));
  g_clear_object (&store);
  store = ferry_task_store_new ("");
  g_assert_true (g_str_has_suffix (ferry_task_store_get_path (store), "/ferry/tasks.json"));
}

/* Two stores on one file, as two processes would have */

typedef struct
{
  const char *id;
  guint       attempts;
  const char *step;
} Bump;

static void
bump_cb (FerryTaskStore *store,
         gpointer        user_data)
{
  Bump *b = user_data;
  FerryCopyTask *task = ferry_task_store_lookup (store, b->id);

  g_assert_nonnull (task);
  if (b->step != NULL)
    ferry_copy_task_set_current_step (task, b->step);
  else
    ferry_copy_task_set_attempts (task, ferry_copy_task_get_attempts (task) + 1);
}

static void
test_store_two_stores (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FerryTaskStore) a = ferry_task_store_new (f->path);
  g_autoptr(FerryTaskStore) b = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyTask) one = ferry_test_new_task ("one");
  g_autoptr(FerryCopyTask) two = ferry_test_new_task ("two");
  g_autoptr(GError) error = NULL;
  FerryCopyTask *in_b;

  /* Neither has seen the other's task: both end up in the file. */
  store_insert (a, one);
  store_insert (b, two);
  g_assert_true (ferry_task_store_update (a, NULL, NULL, &error));
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (a)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (b)), ==, 2);

  /* Interleaved changes of the same task and of others, from both. */
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *step = g_strdup_printf ("step %u", i);
      Bump on_one = { ferry_copy_task_get_id (one), 0, NULL };
      Bump on_two = { ferry_copy_task_get_id (two), 0, step };

      g_assert_true (ferry_task_store_update (i % 2 ? a : b, bump_cb, &on_one, &error));
      g_assert_true (ferry_task_store_update (i % 3 ? b : a, bump_cb, &on_two, &error));
      g_assert_no_error (error);
    }

  g_assert_true (ferry_task_store_update (a, NULL, NULL, &error));
  g_assert_true (ferry_task_store_update (b, NULL, NULL, &error));
  in_b = ferry_task_store_lookup (b, ferry_copy_task_get_id (one));
  g_assert_cmpuint (ferry_copy_task_get_attempts (in_b), ==, 50);
  g_assert_cmpuint (ferry_copy_task_get_attempts (one), ==, 50);
  g_assert_cmpstr (ferry_copy_task_get_current_step (ferry_task_store_lookup (a, ferry_copy_task_get_id (two))),
                   ==, "step 49");

  /* A deletion by one is seen by the other. */
  {
    g_autoptr(GPtrArray) tasks = NULL;

    g_assert_true (ferry_task_store_update (a, NULL, NULL, &error));
    tasks = ferry_task_store_dup_tasks (a);
    g_assert_cmpuint (tasks->len, ==, 2);
  }
}

/* Real processes: this program, run again as a writer */

#define WRITER_ROUNDS 40

static void
count_cb (FerryTaskStore *store,
          gpointer        user_data)
{
  FerryCopyTask *fresh = user_data;
  g_autoptr(GPtrArray) tasks = ferry_task_store_dup_tasks (store);

  ferry_task_store_insert (store, fresh);
  /* The first task counts every transaction of every process. */
  ferry_copy_task_set_attempts (g_ptr_array_index (tasks, 0),
                                ferry_copy_task_get_attempts (g_ptr_array_index (tasks, 0)) + 1);
}

static int
run_writer (const char *path)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (path);

  for (guint i = 0; i < WRITER_ROUNDS; i++)
    {
      g_autoptr(FerryCopyTask) task = ferry_test_new_task ("from-a-writer");
      g_autoptr(GError) error = NULL;

      if (!ferry_task_store_update (store, count_cb, task, &error))
        {
          g_printerr ("writer: %s\n", error->message);
          return 1;
        }
    }
  return 0;
}

static void
test_store_processes (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyTask) counter = ferry_test_new_task ("counter");
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  FerryCopyTask *counted;

  /* Older than anything the writers add, so it stays first. */
  store_insert (store, counter);

  first = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_exe, "--writer", f->path, NULL);
  g_assert_no_error (error);
  second = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_exe, "--writer", f->path, NULL);
  g_assert_no_error (error);

  for (guint i = 0; i < WRITER_ROUNDS; i++)
    {
      g_autoptr(FerryCopyTask) task = ferry_test_new_task ("from-the-parent");

      g_assert_true (ferry_task_store_update (store, count_cb, task, &error));
      g_assert_no_error (error);
    }

  g_assert_true (g_subprocess_wait_check (first, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (second, NULL, &error));
  g_assert_no_error (error);

  /* Not one update lost. */
  g_assert_true (ferry_task_store_update (store, NULL, NULL, &error));
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (store)), ==, 1 + 3 * WRITER_ROUNDS);
  counted = ferry_task_store_lookup (store, ferry_copy_task_get_id (counter));
  g_assert_cmpuint (ferry_copy_task_get_attempts (counted), ==, 3 * WRITER_ROUNDS);
}

/* The lock */

typedef struct
{
  char   *lock_path;
  guint   hold_ms;
  GMutex  mutex;
  GCond   cond;
  gboolean locked;
} Holder;

static gpointer
hold_lock (gpointer data)
{
  Holder *h = data;
  int fd = g_open (h->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);

  g_mutex_lock (&h->mutex);
  h->locked = TRUE;
  g_cond_signal (&h->cond);
  g_mutex_unlock (&h->mutex);

  g_usleep (h->hold_ms * 1000);
  close (fd);
  return NULL;
}

static GThread *
start_holder (Holder     *h,
              const char *lock_path,
              guint       hold_ms)
{
  GThread *thread;

  h->lock_path = g_strdup (lock_path);
  h->hold_ms = hold_ms;
  h->locked = FALSE;
  g_mutex_init (&h->mutex);
  g_cond_init (&h->cond);
  thread = g_thread_new ("lock holder", hold_lock, h);

  g_mutex_lock (&h->mutex);
  while (!h->locked)
    g_cond_wait (&h->cond, &h->mutex);
  g_mutex_unlock (&h->mutex);
  return thread;
}

static void
stop_holder (Holder  *h,
             GThread *thread)
{
  g_thread_join (thread);
  g_mutex_clear (&h->mutex);
  g_cond_clear (&h->cond);
  g_free (h->lock_path);
}

static void
test_store_lock (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyTask) task = ferry_test_new_task ("locked");
  g_autoptr(FerryCopyTask) late = ferry_test_new_task ("late");
  g_autoptr(GError) error = NULL;
  g_autofree char *lock_path = g_strconcat (f->path, ".lock", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Holder h;
  GThread *thread;
  gint64 start;

  store_insert (store, task);

  /* Someone holds the lock a while: the update waits for it. */
  thread = start_holder (&h, lock_path, 300);
  start = g_get_monotonic_time ();
  store_insert (store, late);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 250 * 1000);
  stop_holder (&h, thread);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (store)), ==, 2);

  /* Someone holds it too long: the update gives up, nothing changes. */
  before = ferry_test_read_text (f->path);
  ferry_task_store_set_lock_timeout (store, 100);
  thread = start_holder (&h, lock_path, 600);
  g_assert_false (ferry_task_store_update (store, set_state_cb, task, &error));
  g_assert_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_LOCKED);
  stop_holder (&h, thread);
  after = ferry_test_read_text (f->path);
  g_assert_cmpstr (before, ==, after);
}

typedef struct
{
  gint64        last;
  gint64        longest;
  GAsyncResult *result;
} Stall;

static gboolean
stall_tick_cb (gpointer data)
{
  Stall *s = data;
  gint64 now = g_get_monotonic_time ();

  s->longest = MAX (s->longest, now - s->last);
  s->last = now;
  return G_SOURCE_CONTINUE;
}

static void
stall_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Stall *s = user_data;

  s->result = g_object_ref (result);
}

/* While another process holds the lock, an asynchronous update waits on
 * the main loop, which goes on running: a window never freezes. */
static void
test_store_lock_async (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyTask) task = ferry_test_new_task ("locked");
  g_autoptr(FerryCopyTask) late = ferry_test_new_task ("late");
  g_autoptr(FerryCopyTask) later = ferry_test_new_task ("later");
  g_autoptr(GError) error = NULL;
  g_autofree char *lock_path = g_strconcat (f->path, ".lock", NULL);
  Stall s = { 0, };
  Holder h;
  GThread *thread;
  guint tick;
  gint64 start;

  store_insert (store, task);

  /* Trying does not wait at all. */
  thread = start_holder (&h, lock_path, 300);
  start = g_get_monotonic_time ();
  g_assert_false (ferry_task_store_try_update (store, insert_cb, late, &error));
  g_assert_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_BUSY);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 50 * 1000);
  g_clear_error (&error);

  /* Waiting asynchronously: done once the lock is free, and the loop
   * never stalled meanwhile. */
  s.last = g_get_monotonic_time ();
  tick = g_timeout_add (5, stall_tick_cb, &s);
  ferry_task_store_update_async (store, insert_cb, g_object_ref (late), g_object_unref, NULL,
                                 stall_result_cb, &s);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (store)), ==, 1);
  while (s.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  g_assert_true (ferry_task_store_update_finish (store, s.result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 250 * 1000);
  g_test_message ("longest main loop stall while waiting for the lock: %.1f ms", s.longest / 1000.0);
  g_assert_cmpint (s.longest, <, 100 * 1000);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (store)), ==, 2);
  stop_holder (&h, thread);
  g_clear_object (&s.result);

  /* The lock free: applied at once, before the callback. */
  ferry_task_store_update_async (store, insert_cb, g_object_ref (later), g_object_unref, NULL,
                                 stall_result_cb, &s);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (store)), ==, 3);
  while (s.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ferry_task_store_update_finish (store, s.result, NULL));
  g_clear_object (&s.result);

  /* Held too long: it gives up, and nothing changes. */
  ferry_task_store_set_lock_timeout (store, 100);
  thread = start_holder (&h, lock_path, 600);
  ferry_task_store_update_async (store, set_state_cb, g_object_ref (task), g_object_unref, NULL,
                                 stall_result_cb, &s);
  while (s.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (ferry_task_store_update_finish (store, s.result, &error));
  g_assert_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_LOCKED);
  g_assert_cmpint (ferry_copy_task_get_state (task), ==, FERRY_TASK_STATE_QUEUED);
  stop_holder (&h, thread);
  g_clear_object (&s.result);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* An asynchronous transaction is shown at once and written afterwards,
 * from the main loop, or first thing in the store's next transaction; a
 * failed write takes back what was shown. */
static void
test_store_shown_then_written (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryTaskStore) reader = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyTask) task = ferry_test_new_task ("shown");
  g_autoptr(FerryCopyTask) second = ferry_test_new_task ("second");
  g_autoptr(FerryCopyTask) refused = ferry_test_new_task ("refused");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  struct rlimit saved, tiny;

  ferry_task_store_update_async (store, insert_cb, g_object_ref (task), g_object_unref, NULL,
                                 result_cb, &result);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (store)), ==, 1);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ferry_task_store_update_finish (store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (ferry_task_store_load (reader, &error));
  g_assert_nonnull (ferry_task_store_lookup (reader, ferry_copy_task_get_id (task)));

  /* The next transaction writes the one shown first, even one that does
   * not wait (the queue letting its leases go as Ferry quits). */
  ferry_task_store_update_async (store, insert_cb, g_object_ref (second), g_object_unref, NULL,
                                 result_cb, &result);
  g_assert_true (ferry_task_store_try_update (store, NULL, NULL, &error));
  g_assert_true (ferry_task_store_update (reader, NULL, NULL, &error));
  g_assert_nonnull (ferry_task_store_lookup (reader, ferry_copy_task_get_id (second)));
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ferry_task_store_update_finish (store, result, &error));
  g_clear_object (&result);

  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  tiny = saved;
  tiny.rlim_cur = 16;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &tiny), ==, 0);
  ferry_task_store_update_async (store, insert_cb, g_object_ref (refused), g_object_unref, NULL,
                                 result_cb, &result);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (store)), ==, 3);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  g_assert_false (ferry_task_store_update_finish (store, result, &error));
  g_assert_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_IO);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (store)), ==, 2);
  g_assert_null (ferry_task_store_lookup (store, ferry_copy_task_get_id (refused)));
}

static void
test_store_write_fails (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyTask) task = ferry_test_new_task ("kept");
  g_autoptr(FerryCopyTask) refused = ferry_test_new_task ("refused");
  g_autoptr(GError) error = NULL;
  struct rlimit saved, tiny;

  store_insert (store, task);

  /* A disk that is full, as far as this process can tell (even as root). */
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  tiny = saved;
  tiny.rlim_cur = 16;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &tiny), ==, 0);

  /* Not saved, so not done: the objects show what the file holds. */
  g_assert_false (ferry_task_store_update (store, set_state_cb, task, &error));
  g_assert_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_IO);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpint (ferry_copy_task_get_state (task), ==, FERRY_TASK_STATE_QUEUED);
  g_assert_false (ferry_task_store_update (store, insert_cb, refused, &error));
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (store)), ==, 1);

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  g_clear_error (&error);
  store_insert (store, refused);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (store)), ==, 2);
}

/* What a tick costs: only what changed */

/* The file as json-glib makes it from every task at once: what the store
 * wrote before it kept each task's text. */
static char *
reference_text (FerryTaskStore *store)
{
  g_autoptr(GPtrArray) tasks = ferry_task_store_dup_tasks (store);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gint64 format = 1;

  for (guint i = 0; i < tasks->len; i++)
    if (ferry_copy_task_get_state (g_ptr_array_index (tasks, i)) == FERRY_TASK_STATE_OUTCOME_UNKNOWN)
      format = 2;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, format);
  json_builder_set_member_name (builder, "tasks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tasks->len; i++)
    json_builder_add_value (builder, ferry_copy_task_serialize (g_ptr_array_index (tasks, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}

static void
assert_file_is_reference (FerryTaskStore *store,
                          const char     *path)
{
  g_autofree char *text = ferry_test_read_text (path);
  g_autofree char *expected = reference_text (store);

  g_assert_cmpstr (text, ==, expected);
}

static guint64
file_inode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_ino;
}

static void
insert_all_cb (FerryTaskStore *store,
               gpointer        user_data)
{
  GPtrArray *tasks = user_data;

  for (guint i = 0; i < tasks->len; i++)
    ferry_task_store_insert (store, g_ptr_array_index (tasks, i));
}

static void
nothing_cb (FerryTaskStore *store,
            gpointer        user_data)
{
  /* Looks, as a tick does, and changes nothing. */
  g_assert_null (ferry_task_store_lookup (store, "no-such-task"));
}

static void
advance_cb (FerryTaskStore *store,
            gpointer        user_data)
{
  FerryCopyTask *task = ferry_task_store_lookup (store, user_data);

  ferry_copy_task_set_fraction (task, ferry_copy_task_get_fraction (task) + 0.125);
}

static void
lease_cb (FerryTaskStore *store,
          gpointer        user_data)
{
  FerryCopyTask *task = ferry_task_store_lookup (store, user_data);

  /* The text keeps its length: only the bytes tell. */
  ferry_copy_task_set_lease_until (task, ferry_copy_task_get_lease_until (task) + G_USEC_PER_SEC);
}

static void
unknown_cb (FerryTaskStore *store,
            gpointer        user_data)
{
  ferry_copy_task_set_state (ferry_task_store_lookup (store, user_data), FERRY_TASK_STATE_OUTCOME_UNKNOWN);
}

static void
delete_cb (FerryTaskStore *store,
           gpointer        user_data)
{
  ferry_task_store_delete (store, ferry_task_store_lookup (store, user_data));
}

static void
store_apply (FerryTaskStore     *store,
             FerryTaskStoreFunc  func,
             gpointer            data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_task_store_try_update (store, func, data, &error));
  g_assert_no_error (error);
}

/* Tasks of every kind of content: quotes, new lines, other scripts, an
 * owner, tags that failed. */
static GPtrArray *
varied_tasks (guint n)
{
  GPtrArray *tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_tag_failure_free);
  FerryTaskOwner owner = { 4242, "host.example", "boot-id", "instance-id" };

  g_ptr_array_add (failures, ferry_tag_failure_new ("环境", "TMS.0002", "a \"quoted\"\nreason"));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("副本-%u \"q\"\t\\", i);
      FerryCopyTask *task = ferry_test_new_task (name);

      ferry_copy_task_set_lease_until (task, G_GINT64_CONSTANT (1764291783000000) + i);
      switch (i % 4)
        {
        case 0:
          ferry_copy_task_set_state (task, FERRY_TASK_STATE_DONE);
          ferry_copy_task_set_fraction (task, 1.0);
          ferry_copy_task_set_tags_outcome (task, TRUE, 2, failures);
          break;
        case 1:
          ferry_copy_task_set_state (task, FERRY_TASK_STATE_RUNNING);
          ferry_copy_task_set_owner (task, &owner);
          ferry_copy_task_set_job_endpoint (task, TRUE, FERRY_JOB_ENDPOINT_CLOUDIMAGES);
          break;
        case 2:
          ferry_copy_task_set_state (task, FERRY_TASK_STATE_FAILED);
          ferry_copy_task_set_error (task, "IMG.0144", "not\nfound", "L’image a été supprimée.", NULL);
          break;
        default:
          break;
        }
      g_ptr_array_add (tasks, task);
    }
  return tasks;
}

/* An update that changes nothing (most ticks) parses nothing, makes no
 * text and writes nothing; one that changes a task makes that task's text
 * only; and the file is byte for byte what json-glib makes of the whole
 * list, as it was when the store wrote it whole. */
static void
test_store_costs_what_changed (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryTaskStore) other = NULL;
  g_autoptr(GPtrArray) tasks = varied_tasks (40);
  const char *id = ferry_copy_task_get_id (g_ptr_array_index (tasks, 7));
  g_autoptr(GError) error = NULL;
  guint parsed, rendered, parsed_before, rendered_before;
  guint64 inode;

  store_apply (store, insert_all_cb, tasks);
  assert_file_is_reference (store, f->path);
  ferry_task_store_get_work (store, &parsed_before, &rendered_before);
  inode = file_inode (f->path);

  for (guint i = 0; i < 3; i++)
    {
      store_apply (store, nothing_cb, NULL);
      ferry_task_store_get_work (store, &parsed, &rendered);
      g_assert_cmpuint (parsed, ==, parsed_before);
      g_assert_cmpuint (rendered, ==, rendered_before);
      g_assert_cmpuint (file_inode (f->path), ==, inode);
    }

  store_apply (store, advance_cb, (gpointer) id);
  ferry_task_store_get_work (store, &parsed, &rendered);
  g_assert_cmpuint (parsed, ==, parsed_before);
  g_assert_cmpuint (rendered, ==, rendered_before + 1);
  g_assert_cmpuint (file_inode (f->path), !=, inode);
  assert_file_is_reference (store, f->path);

  /* The format the file needs changes with one task. */
  store_apply (store, unknown_cb, (gpointer) ferry_copy_task_get_id (g_ptr_array_index (tasks, 3)));
  ferry_task_store_get_work (store, &parsed, &rendered);
  g_assert_cmpuint (rendered, ==, rendered_before + 2);
  assert_file_is_reference (store, f->path);
  {
    g_autofree char *text = ferry_test_read_text (f->path);

    g_assert_nonnull (strstr (text, "\"format\" : 2"));
  }

  /* A task that goes: no text to make. */
  store_apply (store, delete_cb, (gpointer) ferry_copy_task_get_id (g_ptr_array_index (tasks, 3)));
  ferry_task_store_get_work (store, &parsed, &rendered);
  g_assert_cmpuint (parsed, ==, parsed_before);
  g_assert_cmpuint (rendered, ==, rendered_before + 2);
  assert_file_is_reference (store, f->path);

  /* Another store of the file reads it once, and then no more while it
   * does not change. */
  other = ferry_task_store_new (f->path);
  g_assert_true (ferry_task_store_load (other, &error));
  g_assert_no_error (error);
  inode = file_inode (f->path);
  store_apply (other, nothing_cb, NULL);
  ferry_task_store_get_work (other, &parsed_before, &rendered_before);
  g_assert_cmpuint (parsed_before, ==, 39);
  for (guint i = 0; i < 3; i++)
    {
      store_apply (other, nothing_cb, NULL);
      ferry_task_store_get_work (other, &parsed, &rendered);
      g_assert_cmpuint (parsed, ==, parsed_before);
      g_assert_cmpuint (rendered, ==, rendered_before);
    }
  g_assert_cmpuint (file_inode (f->path), ==, inode);
}

/* What another process writes is read, whatever this store kept of the
 * file; and a change made to a task outside a transaction is undone by
 * the file, as it was when every update parsed it. */
static void
test_store_other_writer (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FerryTaskStore) mine = ferry_task_store_new (f->path);
  g_autoptr(FerryTaskStore) theirs = ferry_task_store_new (f->path);
  g_autoptr(GPtrArray) tasks = varied_tasks (20);
  const char *id = ferry_copy_task_get_id (g_ptr_array_index (tasks, 5));
  g_autoptr(GError) error = NULL;
  FerryCopyTask *task;
  guint parsed, parsed_before;
  gint64 lease;

  store_apply (mine, insert_all_cb, tasks);
  g_assert_true (ferry_task_store_load (theirs, &error));
  g_assert_no_error (error);
  store_apply (mine, nothing_cb, NULL);
  ferry_task_store_get_work (mine, &parsed_before, NULL);

  store_apply (theirs, advance_cb, (gpointer) id);
  store_apply (mine, nothing_cb, NULL);
  task = ferry_task_store_lookup (mine, id);
  g_assert_cmpfloat (ferry_copy_task_get_fraction (task), ==, 0.125);
  ferry_task_store_get_work (mine, &parsed, NULL);
  g_assert_cmpuint (parsed, >, parsed_before);

  /* A change that keeps the file's length. */
  lease = ferry_copy_task_get_lease_until (task);
  store_apply (theirs, lease_cb, (gpointer) id);
  store_apply (mine, nothing_cb, NULL);
  g_assert_cmpint (ferry_copy_task_get_lease_until (task), ==, lease + G_USEC_PER_SEC);

  /* Not a transaction: the file wins. */
  ferry_copy_task_set_fraction (task, 0.875);
  store_apply (mine, nothing_cb, NULL);
  g_assert_cmpfloat (ferry_copy_task_get_fraction (task), ==, 0.125);

  /* Each writes what the other changed, and the file is the whole list. */
  store_apply (mine, advance_cb, (gpointer) id);
  assert_file_is_reference (mine, f->path);
  store_apply (theirs, nothing_cb, NULL);
  g_assert_cmpfloat (ferry_copy_task_get_fraction (ferry_task_store_lookup (theirs, id)), ==, 0.25);
  store_apply (theirs, lease_cb, (gpointer) id);
  assert_file_is_reference (theirs, f->path);
  store_apply (mine, nothing_cb, NULL);
  assert_file_is_reference (mine, f->path);
  g_assert_cmpint (ferry_copy_task_get_lease_until (task), ==, lease + 2 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2]);

  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/store/round-trip", test_store_round_trip);
  ADD ("/store/saved-before-notify", test_store_saved_before_notify);
  ADD ("/store/corrupt", test_store_corrupt);
  ADD ("/store/corrupt-task", test_store_corrupt_task);
  ADD ("/store/truncated", test_store_truncated);
  ADD ("/store/empty-file", test_store_empty_file);
  ADD ("/store/nul-bytes", test_store_nul_bytes);
  ADD ("/store/newer-format", test_store_newer);
  ADD ("/store/format", test_store_format);
  ADD ("/store/load-reads-only", test_store_load_reads_only);
  ADD ("/store/env", test_store_env);
  ADD ("/store/two-stores", test_store_two_stores);
  ADD ("/store/processes", test_store_processes);
  ADD ("/store/lock", test_store_lock);
  ADD ("/store/lock-async", test_store_lock_async);
  ADD ("/store/write-fails", test_store_write_fails);
  ADD ("/store/shown-then-written", test_store_shown_then_written);
  ADD ("/store/costs-what-changed", test_store_costs_what_changed);
  ADD ("/store/other-writer", test_store_other_writer);

#undef ADD

  return g_test_run ();
}
