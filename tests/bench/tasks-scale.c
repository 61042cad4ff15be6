/* tasks-scale.c: the tasks page at 200 to 10,000 copies, against its floor
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One measurement per process (tests/bench/tasks-scale.py runs them
 * interleaved and prints the medians):
 *
 *   --variant page   the real window on the in-app sandbox, its queue
 *                    stopped; N queued copies (made before the clock
 *                    starts, as the copy dialog makes them) added as the
 *                    copy dialog adds them, ferry_copy_queue_add_all_async(),
 *                    with the tasks page showing: "written" is the time
 *                    that call takes (with whatever the page does on the
 *                    spot), "built" the time until the rows are built and
 *                    a frame drawn, "saved" until the add is saved; then
 *                    the time to close the window (destroyed and
 *                    finalized).
 *   --variant store  the same add with the page given no queue: what
 *                    the task store and the queue cost by themselves.
 *   --variant floor  the same N tasks in a GListStore, shown by a bare
 *                    GtkListView (in a GtkScrolledWindow of the same
 *                    size) with the same row widget, bound per item: the
 *                    least a list of these rows can cost (timed from the
 *                    model set to the frame drawn); then its close.
 *
 * The page's own cost is page "built" less store "built".
 * Results (5 interleaved runs, 2-core machine at load 1.7; all figures
 * in tasks-scale.py): at 10,000 tasks the page is drawn 0.68 s after the
 * add starts (main: 1.15 s), the bare list view floor 0.55 s; at 200,
 * 0.60 s against 0.54 s. The add is saved after the frame (1.0 s at
 * 10,000). Close 0.07 s at every size.
 *
 *   dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
 *     python3 tests/bench/tasks-scale.py _build/tests/bench/bench-tasks-scale
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ferry-application.h"
#include "ferry-copy-task-private.h"
#include "ferry-window.h"
#include "ferry-test-ui.h"

static int n_tasks = 2000;
static char *variant = NULL;
static char *screenshot = NULL;

static const GOptionEntry options[] = {
  { "tasks", 0, 0, G_OPTION_ARG_INT, &n_tasks, "Queued copies", "N" },
  { "variant", 0, 0, G_OPTION_ARG_STRING, &variant, "page, store or floor", "V" },
  { "screenshot", 0, 0, G_OPTION_ARG_STRING, &screenshot, "Also save the page drawn as NAME.png", "NAME" },
  { NULL }
};

static FerryWindow *window;

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static gboolean
has_queue (gpointer data)
{
  return ferry_window_get_queue (window) != NULL;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static FerryCopyTask *
new_task (FerryAccount *account,
          guint         i)
{
  FerryProject *source = ferry_account_get_region_project (account, "cn-north-4");
  FerryProject *destination = ferry_account_get_region_project (account, "cn-east-2");
  g_autofree char *name = g_strdup_printf ("bench_copy_%05u", i);

  return ferry_copy_task_new_cross_region (ferry_account_get_domain_id (account),
                                           "bench-image", "bench-image",
                                           "cn-north-4", ferry_project_get_id (source),
                                           "cn-east-2", "cn-east-2",
                                           ferry_project_get_id (destination),
                                           name, NULL, "ims_administrator_agency", NULL);
}

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ferry_copy_queue_change_finish (FERRY_COPY_QUEUE (object), result, &error))
    g_error ("%s", error->message);
  *(gint64 *) user_data = g_get_monotonic_time ();
}

static gboolean
is_set (gpointer data)
{
  return *(gint64 *) data != 0;
}

/* The floor's rows: the page's own row widget, given its task on bind. */

static void
floor_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                FerryCopyQueue           *queue)
{
  gtk_list_item_set_child (item, ferry_task_row_new (queue));
}

static void
floor_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               FerryCopyQueue           *queue)
{
  ferry_task_row_bind (FERRY_TASK_ROW (gtk_list_item_get_child (item)),
                       gtk_list_item_get_item (item));
}

static void
floor_unbind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 FerryCopyQueue           *queue)
{
  ferry_task_row_unbind (FERRY_TASK_ROW (gtk_list_item_get_child (item)));
}

static void
close_and_wait (GtkWidget *toplevel,
                double    *close_seconds)
{
  gpointer alive = toplevel;
  gint64 start = g_get_monotonic_time ();

  g_object_add_weak_pointer (G_OBJECT (toplevel), &alive);
  gtk_window_destroy (GTK_WINDOW (toplevel));
  ferry_test_ui_wait_for (is_null, &alive, 120000);
  *close_seconds = seconds_since (start);
  if (alive != NULL)
    g_error ("the window was not finalized");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryApplication) app = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *tasks_file = NULL;
  FerryCopyQueue *queue;
  FerryAccount *account;
  double built = 0, written = 0, saved = 0, close_seconds = 0;
  gint64 start, saved_at = 0;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (variant == NULL)
    variant = g_strdup ("page");

  /* A tasks file of its own: nothing of the user's is touched. */
  dir = g_dir_make_tmp ("ferry-bench-tasks-XXXXXX", &error);
  g_assert_no_error (error);
  tasks_file = g_build_filename (dir, "tasks.json", NULL);
  g_setenv ("FERRY_TASKS_FILE", tasks_file, TRUE);

  ferry_test_ui_init (&argc, &argv);

  app = ferry_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_object_set (app, "tasks-file", tasks_file, NULL);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  window = ferry_window_new (GTK_APPLICATION (app), ferry_application_get_session (app));
  gtk_window_present (GTK_WINDOW (window));
  ferry_test_ui_resize (GTK_WINDOW (window), 1000, 760);

  ferry_window_open_sandbox (window);
  if (!ferry_test_ui_wait_for (has_queue, NULL, 30000))
    g_error ("the sandbox did not connect");
  queue = ferry_window_get_queue (window);
  account = ferry_copy_queue_get_account (queue);
  /* Nothing goes to the sandbox: the copies only wait in line. */
  ferry_copy_queue_stop (queue);

  if (g_str_equal (variant, "page") || g_str_equal (variant, "store"))
    {
      FerryTasksPage *page = ferry_window_get_tasks_page (window);
      g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < (guint) n_tasks; i++)
        g_ptr_array_add (all, new_task (account, i));
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-tasks", NULL);
      /* The store alone: the same write, with no page following it. */
      if (g_str_equal (variant, "store"))
        ferry_tasks_page_set_queue (page, NULL);
      ferry_test_ui_wait_drawn (GTK_WIDGET (page));

      start = g_get_monotonic_time ();
      ferry_copy_queue_add_all_async (queue, all, NULL, added_cb, &saved_at);
      written = seconds_since (start);
      /* What the user sees: the summary, and rows drawn. */
      g_assert_nonnull (ferry_tasks_page_get_summary (page));
      ferry_test_ui_wait_drawn (GTK_WIDGET (page));
      built = seconds_since (start);
      if (!ferry_test_ui_wait_for (is_set, &saved_at, 120000))
        g_error ("the copies were not saved");
      saved = (saved_at - start) / (double) G_USEC_PER_SEC;
      if (g_list_model_get_n_items (G_LIST_MODEL (queue)) != (guint) n_tasks)
        g_error ("%u tasks listed, not %d", g_list_model_get_n_items (G_LIST_MODEL (queue)), n_tasks);
      if (screenshot != NULL)
        g_free (ferry_test_ui_screenshot (GTK_WIDGET (window), screenshot));
      close_and_wait (GTK_WIDGET (window), &close_seconds);
    }
  else if (g_str_equal (variant, "floor"))
    {
      g_autoptr(GListStore) store = g_list_store_new (FERRY_TYPE_COPY_TASK);
      g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkWidget *floor_window = gtk_window_new ();
      GtkWidget *scrolled = gtk_scrolled_window_new ();
      GtkWidget *view;

      g_signal_connect (factory, "setup", G_CALLBACK (floor_setup_cb), queue);
      g_signal_connect (factory, "bind", G_CALLBACK (floor_bind_cb), queue);
      g_signal_connect (factory, "unbind", G_CALLBACK (floor_unbind_cb), queue);
      view = gtk_list_view_new (NULL, factory);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
      gtk_window_set_child (GTK_WINDOW (floor_window), scrolled);
      gtk_window_set_default_size (GTK_WINDOW (floor_window), 1000, 760);
      gtk_window_present (GTK_WINDOW (floor_window));
      ferry_test_ui_wait_drawn (floor_window);

      for (guint i = 0; i < (guint) n_tasks; i++)
        g_ptr_array_add (all, new_task (account, i));
      start = g_get_monotonic_time ();
      g_list_store_splice (store, 0, 0, all->pdata, all->len);
      gtk_list_view_set_model (GTK_LIST_VIEW (view),
                               GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (store)))));
      ferry_test_ui_wait_drawn (view);
      built = seconds_since (start);
      close_and_wait (floor_window, &close_seconds);
      gtk_window_destroy (GTK_WINDOW (window));
    }
  else
    g_error ("unknown variant %s", variant);

  g_print ("RESULT variant=%s tasks=%d written=%.4f built=%.4f close=%.4f saved=%.4f\n", variant,
           n_tasks, written, built, close_seconds, saved);
  g_unlink (tasks_file);
  g_remove (dir);
  return 0;
}
