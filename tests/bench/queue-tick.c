/* queue-tick.c: what one tick of the copy queue costs, against its floor
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A tasks file of --tasks copies of one account, a queue of that account,
 * and ticks of it called directly (ferry_queue_tick()); the main context
 * is never run, so that no request leaves. "idle": every copy has ended,
 * the tick changes nothing. "driving": five copies are running, owned by
 * this queue, and before each tick (not timed) their leases are made due,
 * so that the tick renews them and saves. The floor is reading the same
 * file and writing it back, in the same process, right after the ticks.
 * Prints the median of --ticks ticks and of as many floors:
 *
 *   RESULT tasks=N state=S tick=SECONDS floor=SECONDS
 *
 * Not a test; tests/bench/queue-tick.py runs it at several sizes.
 */

#include "config.h"

#include <locale.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ferry-copy-queue-private.h"
#include "ferry-copy-task-private.h"
#include "ferry-credentials.h"
#include "ferry-region-catalogue.h"

#define DOMAIN_ID  "0c0ffee0c0ffee0c0ffee0c0ffee0001"
#define N_DRIVEN   5

static int n_tasks = 1000;
static int n_ticks = 5;
static char *state_name = NULL;

static const GOptionEntry options[] = {
  { "tasks", 0, 0, G_OPTION_ARG_INT, &n_tasks, "Copies in the file", "N" },
  { "ticks", 0, 0, G_OPTION_ARG_INT, &n_ticks, "Ticks timed (and floors)", "N" },
  { "state", 0, 0, G_OPTION_ARG_STRING, &state_name, "idle or driving", "STATE" },
  { NULL }
};

typedef struct
{
  FerryCopyQueue *queue;
  GPtrArray      *tasks;
  gboolean        driving;
  gint64          now;
} Setup;

static void
add_cb (FerryTaskStore *store,
        gpointer        user_data)
{
  Setup *s = user_data;
  FerryTaskOwner owner = { getpid (), s->queue->host, s->queue->boot_id, s->queue->instance };

  for (guint i = 0; i < s->tasks->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (s->tasks, i);
      g_autofree char *job = g_strdup_printf ("ff8080817f%022u", i);
      g_autofree char *image = g_strdup_printf ("b7a5c1d2-0000-4000-8000-%012u", i);

      ferry_copy_task_set_job_id (task, job);
      ferry_copy_task_set_submitted_at (task, s->now - G_USEC_PER_SEC * 600);
      ferry_copy_task_set_attempts (task, 1);
      if (s->driving && i >= s->tasks->len - N_DRIVEN)
        {
          ferry_copy_task_set_state (task, FERRY_TASK_STATE_RUNNING);
          ferry_copy_task_set_fraction (task, 0.25);
          ferry_copy_task_set_current_step (task, "copying");
          ferry_copy_task_set_owner (task, &owner);
          ferry_copy_task_set_lease_until (task, s->now + G_USEC_PER_SEC * 60);
        }
      else if (i % 10 == 9)
        {
          ferry_copy_task_set_state (task, FERRY_TASK_STATE_FAILED);
          ferry_copy_task_set_error (task, "IMG.0144", "The image does not exist.",
                                     "The image was deleted.",
                                     "Check that the image still exists, then retry the copy.");
          ferry_copy_task_set_finished_at (task, s->now - G_USEC_PER_SEC * 60);
        }
      else
        {
          ferry_copy_task_set_state (task, FERRY_TASK_STATE_DONE);
          ferry_copy_task_set_fraction (task, 1.0);
          ferry_copy_task_set_new_image_id (task, image);
          ferry_copy_task_set_tags_outcome (task, TRUE, 2, NULL);
          ferry_copy_task_set_finished_at (task, s->now - G_USEC_PER_SEC * 60);
        }
      ferry_task_store_insert (store, task);
    }
}

/* The leases of the copies driven, due: the tick renews them. */
static void
due_cb (FerryTaskStore *store,
        gpointer        user_data)
{
  Setup *s = user_data;

  for (guint i = s->tasks->len - N_DRIVEN; i < s->tasks->len; i++)
    {
      FerryCopyTask *task = ferry_task_store_lookup (store, ferry_copy_task_get_id (g_ptr_array_index (s->tasks, i)));

      ferry_copy_task_set_lease_until (task, ferry_queue_now (s->queue) + G_USEC_PER_SEC);
    }
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_double);
  return g_array_index (values, double, values->len / 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- time one tick of the copy queue");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryRegionCatalogue) catalogue = NULL;
  g_autoptr(FerryCredentials) credentials = NULL;
  g_autoptr(FerryClient) client = NULL;
  g_autoptr(GListStore) projects = NULL;
  g_autoptr(FerryAccount) account = NULL;
  g_autoptr(FerryTaskStore) store = NULL;
  g_autoptr(FerryCopyQueue) queue = NULL;
  g_autoptr(GArray) ticks = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floors = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  Setup s = { 0, };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  s.driving = g_strcmp0 (state_name, "driving") == 0;
  if (!s.driving && g_strcmp0 (state_name, "idle") != 0 && state_name != NULL)
    g_error ("--state: idle or driving");

  catalogue = ferry_region_catalogue_new_default (&error);
  g_assert_no_error (error);
  credentials = ferry_credentials_new ("AKBENCHQUEUETICK0001", "bench-secret-key", NULL);
  /* Nothing listens there, and the main context never runs. */
  client = ferry_client_new (credentials, "http://127.0.0.1:1/{service}/{region}", catalogue, &error);
  g_assert_no_error (error);
  projects = g_list_store_new (FERRY_TYPE_PROJECT);
  account = ferry_account_new (DOMAIN_ID, "bench", G_LIST_MODEL (projects));

  dir = g_dir_make_tmp ("ferry-bench-queue-tick-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "tasks.json", NULL);
  store = ferry_task_store_new (path);
  queue = ferry_copy_queue_new (client, account, store);

  s.queue = queue;
  s.now = g_get_real_time ();
  s.tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (int i = 0; i < n_tasks; i++)
    {
      g_autofree char *name = g_strdup_printf ("web-server-copy-%05d", i);
      g_autofree char *image = g_strdup_printf ("5e1f2a3b-0000-4000-8000-%012d", i);

      g_ptr_array_add (s.tasks,
                       ferry_copy_task_new_cross_region (DOMAIN_ID, image, "web-server",
                                                         "cn-north-4", "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
                                                         "cn-east-2", "cn-east-2",
                                                         "1a2b3c4d5e6f70818293a4b5c6d7e8f9",
                                                         name, "Copied by the queue-tick bench",
                                                         "ims_administrator_agency", NULL));
    }
  g_assert_true (ferry_task_store_update (store, add_cb, &s, &error));
  g_assert_no_error (error);

  ferry_copy_queue_run (queue);
  /* Untimed: the first tick takes the driven copies up. */
  ferry_queue_tick (queue);

  for (int i = 0; i < n_ticks; i++)
    {
      gint64 start;
      double seconds;

      if (s.driving)
        {
          g_assert_true (ferry_task_store_update (store, due_cb, &s, &error));
          g_assert_no_error (error);
        }
      start = g_get_monotonic_time ();
      ferry_queue_tick (queue);
      seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      g_array_append_val (ticks, seconds);
    }
  g_assert_null (ferry_copy_queue_get_warning (queue));

  for (int i = 0; i < n_ticks; i++)
    {
      g_autofree char *text = NULL;
      gsize length;
      gint64 start = g_get_monotonic_time ();
      double seconds;

      g_assert_true (g_file_get_contents (path, &text, &length, &error));
      g_assert_true (g_file_set_contents_full (path, text, length, G_FILE_SET_CONTENTS_CONSISTENT,
                                               0600, &error));
      seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      g_array_append_val (floors, seconds);
    }

  g_print ("RESULT tasks=%d state=%s tick=%.6f floor=%.6f\n", n_tasks, s.driving ? "driving" : "idle",
           median (ticks), median (floors));

  ferry_copy_queue_stop (queue);
  g_clear_object (&queue);
  g_clear_object (&store);
  g_ptr_array_unref (s.tasks);
  {
    g_autofree char *lock = g_strconcat (path, ".lock", NULL);

    g_unlink (path);
    g_unlink (lock);
    g_rmdir (dir);
  }
  return 0;
}
