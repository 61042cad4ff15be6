/* tasks-page.c: the tasks page with thousands of copies in line
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the real window on the in-app sandbox, stops its queue (nothing
 * is sent: the copies only wait), writes N queued copies and a few in
 * flight into its tasks file in one transaction, shows the tasks page and
 * measures: the rows built, a refresh of the page (every place in line,
 * the summary, the badge), and what the one-second clock costs the main
 * loop (the longest stall over a few seconds of ticks). For comparison it
 * also times the work the page did on every tick before (every row read
 * again, each queued one asking the queue for its place and for the
 * copies in flight). Not a test: numbers to rerun by hand:
 *
 *   dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
 *     _build/tests/bench/bench-tasks-page [--tasks 2000] [--in-flight 5]
 */

#include "config.h"

#include "ferry-application.h"
#include "ferry-copy-task-private.h"
#include "ferry-window.h"
#include "ferry-test-ui.h"

static int n_tasks = 2000;
static int n_in_flight = 5;
static int seconds = 5;

static const GOptionEntry options[] = {
  { "tasks", 0, 0, G_OPTION_ARG_INT, &n_tasks, "Queued copies", "N" },
  { "in-flight", 0, 0, G_OPTION_ARG_INT, &n_in_flight, "Copies in flight (their clock ticks)", "N" },
  { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "How long to watch the clock tick", "S" },
  { NULL }
};

static FerryWindow *window;
static FerryTasksPage *page;

/* The row in a list item widget of the page's list view, or NULL. */
static FerryTaskRow *
row_in (GtkWidget *item)
{
  GtkWidget *child = gtk_widget_get_first_child (item);

  return child != NULL && FERRY_IS_TASK_ROW (child) ? FERRY_TASK_ROW (child) : NULL;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report_times (const char *what,
              GArray     *times)
{
  double sum = 0;

  g_array_sort (times, compare_doubles);
  for (guint i = 0; i < times->len; i++)
    sum += g_array_index (times, double, i);
  g_print ("%-40s median %8.2f ms, mean %8.2f ms, max %8.2f ms (%u runs)\n", what,
           g_array_index (times, double, times->len / 2), sum / times->len,
           g_array_index (times, double, times->len - 1), times->len);
}

/* The longest the main loop went without running a 1 ms timeout. */
typedef struct
{
  gint64 last;
  gint64 longest;
} StallWatch;

static gboolean
stall_tick_cb (gpointer data)
{
  StallWatch *watch = data;
  gint64 now = g_get_monotonic_time ();

  if (watch->last != 0 && now - watch->last > watch->longest)
    watch->longest = now - watch->last;
  watch->last = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
has_queue (gpointer data)
{
  return ferry_window_get_queue (window) != NULL;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

typedef struct
{
  FerryAccount *account;
  guint         n_queued;
  guint         n_in_flight;
} Fill;

static void
fill_cb (FerryTaskStore *store,
         gpointer        user_data)
{
  Fill *fill = user_data;
  const char *domain = ferry_account_get_domain_id (fill->account);
  FerryProject *source = ferry_account_get_region_project (fill->account, "cn-north-4");
  FerryProject *destination = ferry_account_get_region_project (fill->account, "cn-east-2");
  gint64 now = g_get_real_time ();

  for (guint i = 0; i < fill->n_in_flight + fill->n_queued; i++)
    {
      g_autofree char *name = g_strdup_printf ("bench_copy_%05u", i);
      g_autoptr(FerryCopyTask) task = NULL;

      task = ferry_copy_task_new_cross_region (domain, "bench-image", "bench-image",
                                               "cn-north-4", ferry_project_get_id (source),
                                               "cn-east-2", "cn-east-2",
                                               ferry_project_get_id (destination),
                                               name, NULL, "ims_administrator_agency", NULL);
      if (i < fill->n_in_flight)
        {
          ferry_copy_task_set_state (task, FERRY_TASK_STATE_RUNNING);
          ferry_copy_task_set_submitted_at (task, now - 65 * G_USEC_PER_SEC);
          ferry_copy_task_set_fraction (task, 0.4);
        }
      ferry_task_store_insert (store, task);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryApplication) app = NULL;
  g_autoptr(GArray) refresh_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) old_tick_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) tick_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(FerryCopyTask) last = NULL;
  g_autofree char *expected = NULL;
  FerryCopyQueue *queue;
  StallWatch watch = { 0, };
  Fill fill = { NULL, };
  FerryTaskRow *row;
  gint64 start;
  guint watch_id, n_rows = 0;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);

  ferry_test_ui_init (&argc, &argv);

  app = ferry_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  window = ferry_window_new (GTK_APPLICATION (app), ferry_application_get_session (app));
  gtk_window_present (GTK_WINDOW (window));
  ferry_test_ui_resize (GTK_WINDOW (window), 1000, 760);
  page = ferry_window_get_tasks_page (window);

  ferry_window_open_sandbox (window);
  if (!ferry_test_ui_wait_for (has_queue, NULL, 30000))
    g_error ("the sandbox did not connect");
  queue = ferry_window_get_queue (window);
  /* Nothing goes to the sandbox: the copies only wait in line. */
  ferry_copy_queue_stop (queue);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-tasks", NULL);
  ferry_test_ui_wait_drawn (GTK_WIDGET (page));

  /* N copies in line and a few in flight, written in one transaction. */
  fill.account = ferry_copy_queue_get_account (queue);
  fill.n_queued = n_tasks;
  fill.n_in_flight = n_in_flight;
  start = g_get_monotonic_time ();
  if (!ferry_task_store_update (ferry_copy_queue_get_store (queue), fill_cb, &fill, &error))
    g_error ("%s", error->message);
  g_print ("%-40s %8.1f ms (%d queued, %d in flight)\n", "tasks written, rows built",
           ms_since (start), n_tasks, n_in_flight);
  start = g_get_monotonic_time ();
  g_print ("%-40s %s\n", "summary", ferry_tasks_page_get_summary (page));
  g_print ("%-40s %8.1f ms\n", "first refresh", ms_since (start));
  ferry_test_ui_wait_drawn (GTK_WIDGET (page));
  g_print ("%-40s %8.1f ms\n", "…and drawn", ms_since (start));

  /* The last in line knows its place. */
  last = g_list_model_get_item (G_LIST_MODEL (queue), g_list_model_get_n_items (G_LIST_MODEL (queue)) - 1);
  row = ferry_tasks_page_get_row (page, ferry_copy_task_get_id (last));
  g_assert_nonnull (row);
  g_assert_cmpuint (ferry_task_row_get_place (row), ==, (guint) n_tasks);
  g_print ("%-40s %s\n", "the last row says", ferry_task_row_get_status_text (row));

  /* A refresh, as any task's change brings one. */
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (G_LIST_MODEL (queue),
                                                             n_in_flight + i);
      double ms;

      g_object_notify (G_OBJECT (task), "state");
      start = g_get_monotonic_time ();
      ferry_tasks_page_get_summary (page);
      ms = ms_since (start);
      g_array_append_val (refresh_times, ms);
    }
  report_times ("refresh (places, summary, badge)", refresh_times);

  /* What the page's tick does: the rows in flight, their clock only. */
  for (guint i = 0; i < 20; i++)
    {
      double ms;

      start = g_get_monotonic_time ();
      for (GtkWidget *child = gtk_widget_get_first_child (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (row))));
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (row_in (child) != NULL && ferry_task_row_get_task (row_in (child)) != NULL &&
            ferry_copy_task_get_state (ferry_task_row_get_task (row_in (child))) == FERRY_TASK_STATE_RUNNING)
          ferry_task_row_tick (row_in (child));
      ms = ms_since (start);
      g_array_append_val (tick_times, ms);
    }
  report_times ("tick work (rows in flight, upper bound)", tick_times);

  /* The old tick, for comparison: every row read again, each queued one
   * asking for its place and the copies in flight. */
  for (guint i = 0; i < 3; i++)
    {
      double ms;

      start = g_get_monotonic_time ();
      for (GtkWidget *child = gtk_widget_get_first_child (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (row))));
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (row_in (child) != NULL && ferry_task_row_get_task (row_in (child)) != NULL)
          {
            FerryCopyTask *task = ferry_task_row_get_task (row_in (child));

            if (ferry_copy_task_get_state (task) == FERRY_TASK_STATE_QUEUED)
              {
                ferry_copy_queue_get_position (queue, task);
                ferry_copy_queue_get_n_in_flight (queue);
              }
            ferry_task_row_update (row_in (child));
          }
      ms = ms_since (start);
      g_array_append_val (old_tick_times, ms);
    }
  report_times ("old tick, emulated (every row)", old_tick_times);

  /* The real clock, mapped and running: what it costs the main loop. */
  for (GtkWidget *child = gtk_widget_get_first_child (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (row))));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (row_in (child) != NULL)
      n_rows++;
  watch_id = g_timeout_add (1, stall_tick_cb, &watch);
  ferry_test_ui_wait_for (never, NULL, seconds * 1000);
  g_source_remove (watch_id);
  g_print ("%-40s %8.1f ms (over %d s of ticks, %u rows)\n", "longest main-loop stall",
           watch.longest / 1000.0, seconds, n_rows);
  expected = ferry_task_row_format_place (n_tasks);
  g_assert_true (g_str_has_prefix (ferry_task_row_get_status_text (row), expected));

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
