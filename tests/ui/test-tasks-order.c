/* test-tasks-order.c: the order of the tasks list, its scroll position
 * when tasks go or move, and Remove's Undo
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "ferry-copy-queue-private.h"
#include "ferry-copy-task-private.h"
#include "ferry-task-store.h"
#include "ferry-window-private.h"
#include "ferry-test-ui.h"
#include "test-tasks.h"

/* The order (running, queued in turn, finished newest first), the
 * scroll position kept when tasks go or move, and Remove's Undo. The
 * queue is stopped meanwhile: nothing is sent, the tasks only stand. */

typedef struct
{
  GPtrArray *done;     /* oldest first */
  GPtrArray *queued;   /* in turn */
  FerryCopyTask *running;
} Scene;

static FerryCopyTask *
scene_task (const char *name)
{
  FerryAccount *account = ferry_copy_queue_get_account (queue ());

  return ferry_copy_task_new_cross_region (ferry_account_get_domain_id (account),
                                           web_id, "web-server", "cn-north-4", project_id ("cn-north-4"),
                                           "cn-east-2", "cn-east-2", project_id ("cn-east-2"),
                                           name, NULL, "ims_administrator_agency", NULL);
}

static void
own_elsewhere (FerryCopyTask *task)
{
  g_autofree char *host = g_strdup (g_get_host_name ());
  FerryTaskOwner owner = { getpid (), host, NULL, "another-queue" };

  ferry_copy_task_set_owner (task, &owner);
  ferry_copy_task_set_lease_until (task, g_get_real_time () + (gint64) 3600 * G_USEC_PER_SEC);
}

static void
add_scene (FerryTaskStore *store,
           gpointer        user_data)
{
  Scene *scene = user_data;
  gint64 now = g_get_real_time ();

  /* Written in an order that is none of the list's: finished first,
   * then the line, then the copy that runs. */
  for (guint i = 0; i < scene->done->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (scene->done, i);

      ferry_copy_task_set_state (task, FERRY_TASK_STATE_DONE);
      ferry_copy_task_set_submitted_at (task, now - (gint64) (600 - i) * G_USEC_PER_SEC);
      ferry_copy_task_set_finished_at (task, now - (gint64) (300 - i) * G_USEC_PER_SEC);
      ferry_task_store_insert (store, task);
    }
  for (guint i = 0; i < scene->queued->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (scene->queued, i);

      ferry_copy_task_set_queued_at (task, now - (gint64) (100 - i) * G_USEC_PER_SEC);
      ferry_task_store_insert (store, task);
    }
  ferry_copy_task_set_state (scene->running, FERRY_TASK_STATE_RUNNING);
  ferry_copy_task_set_submitted_at (scene->running, now);
  ferry_copy_task_set_job_id (scene->running, "0123456789abcdef0123456789abcdef");
  own_elsewhere (scene->running);
  ferry_task_store_insert (store, scene->running);
}

static void
start_scene_task (FerryTaskStore *store,
                  gpointer        user_data)
{
  FerryCopyTask *task = ferry_task_store_lookup (store, ferry_copy_task_get_id (user_data));

  ferry_copy_task_set_state (task, FERRY_TASK_STATE_RUNNING);
  ferry_copy_task_set_submitted_at (task, g_get_real_time () + G_USEC_PER_SEC);
  ferry_copy_task_set_job_id (task, "fedcba9876543210fedcba9876543210");
  own_elsewhere (task);
}

static void
clear_scene (FerryTaskStore *store,
             gpointer        user_data)
{
  g_autoptr(GPtrArray) all = ferry_task_store_dup_tasks (store);

  for (guint i = 0; i < all->len; i++)
    if (g_str_has_prefix (ferry_copy_task_get_name (g_ptr_array_index (all, i)), "copy_scene_"))
      ferry_task_store_delete (store, g_ptr_array_index (all, i));
}

static GListModel *
listed (void)
{
  GtkWidget *view = ferry_test_ui_find_by_type (GTK_WIDGET (tasks), GTK_TYPE_LIST_VIEW);

  g_assert_nonnull (view);
  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view)));
}

static const char *
listed_id (guint position)
{
  g_autoptr(FerryCopyTask) task = g_list_model_get_item (listed (), position);

  g_assert_nonnull (task);
  return ferry_copy_task_get_id (task);  /* the queue keeps it alive */
}

static int
index_in_file (const char *task_id)
{
  g_autoptr(GPtrArray) all = ferry_task_store_dup_tasks (ferry_copy_queue_get_store (queue ()));

  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (ferry_copy_task_get_id (g_ptr_array_index (all, i)), task_id) == 0)
      return i;
  return -1;
}

/* Where the row of @task stands in the scrolled window, in pixels. */
static double
row_y (FerryCopyTask *task)
{
  GtkWidget *row = row_of (task);
  GtkWidget *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (row, scrolled, &GRAPHENE_POINT_INIT (0, 0), &point));
  return point.y;
}

static gboolean
tasks_has_label (gpointer data)
{
  return ferry_test_ui_find_label (GTK_WIDGET (tasks), data) != NULL;
}

static void
test_tasks_order (void)
{
  Scene scene = { g_ptr_array_new_with_free_func (g_object_unref),
                  g_ptr_array_new_with_free_func (g_object_unref), NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  FerryCopyTask *seen, *removed;
  GtkWidget *undo;
  double y;
  int file_index;
  guint place, n;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-tasks", NULL);
  ferry_copy_queue_stop (queue ());
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("copy_scene_done_%u", i);

      g_ptr_array_add (scene.done, scene_task (name));
    }
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *name = g_strdup_printf ("copy_scene_queued_%02u", i);

      g_ptr_array_add (scene.queued, scene_task (name));
    }
  scene.running = scene_task ("copy_scene_running");
  g_assert_true (ferry_task_store_update (ferry_copy_queue_get_store (queue ()), add_scene, &scene, &error));
  g_assert_no_error (error);
  ferry_test_ui_wait_drawn (GTK_WIDGET (tasks));

  /* Running, then the line in turn, then finished, the newest first. */
  n = g_list_model_get_n_items (listed ());
  g_assert_cmpuint (n, ==, 33);
  g_assert_cmpstr (listed_id (0), ==, ferry_copy_task_get_id (scene.running));
  for (guint i = 0; i < scene.queued->len; i++)
    g_assert_cmpstr (listed_id (1 + i), ==, ferry_copy_task_get_id (g_ptr_array_index (scene.queued, i)));
  g_assert_cmpstr (listed_id (31), ==, ferry_copy_task_get_id (g_ptr_array_index (scene.done, 1)));
  g_assert_cmpstr (listed_id (32), ==, ferry_copy_task_get_id (g_ptr_array_index (scene.done, 0)));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "tasks-order");

  /* Scrolled down to the 20th in line: it stays where it is when a task
   * above it goes, and when one above it starts (and moves up). */
  seen = g_ptr_array_index (scene.queued, 19);
  g_assert_true (ferry_tasks_page_scroll_to (tasks, ferry_copy_task_get_id (seen)));
  ferry_test_ui_wait_drawn (GTK_WIDGET (tasks));
  y = row_y (seen);

  removed = g_ptr_array_index (scene.queued, 2);
  place = ferry_copy_queue_get_position (queue (), removed);
  file_index = index_in_file (ferry_copy_task_get_id (removed));
  g_assert_cmpuint (place, ==, 3);
  gtk_widget_activate_action (GTK_WIDGET (tasks), "tasks.remove", "s", ferry_copy_task_get_id (removed));
  g_assert_cmpint (ferry_copy_task_get_state (removed), ==, FERRY_TASK_STATE_REMOVED);
  ferry_test_ui_wait_drawn (GTK_WIDGET (tasks));
  g_assert_cmpuint (g_list_model_get_n_items (listed ()), ==, 32);
  g_assert_cmpfloat_with_epsilon (row_y (seen), y, 1.0);

  /* The toast offers Undo: the same task, at the same place in line and
   * in the task file. */
  ferry_test_ui_tr (NULL, "“%s” taken off the queue");
  title = g_strdup_printf (_("“%s” taken off the queue"), ferry_copy_task_get_name (removed));
  /* Once the removal is saved: the store writes it after showing it. */
  g_assert_true (ferry_test_ui_wait_for (tasks_has_label, title, 10000));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "tasks-undo");
  undo = ferry_test_ui_find_actionable (GTK_WIDGET (tasks), "tasks.undo-remove");
  g_assert_nonnull (undo);
  g_assert_true (gtk_widget_get_mapped (undo));
  ferry_test_ui_tr (NULL, "_Undo");
  g_signal_emit_by_name (undo, "clicked");
  g_assert_cmpint (ferry_copy_task_get_state (removed), ==, FERRY_TASK_STATE_QUEUED);
  g_assert_cmpuint (ferry_copy_queue_get_position (queue (), removed), ==, place);
  g_assert_cmpint (index_in_file (ferry_copy_task_get_id (removed)), ==, file_index);
  ferry_test_ui_wait_drawn (GTK_WIDGET (tasks));
  g_assert_cmpstr (listed_id (3), ==, ferry_copy_task_get_id (removed));
  g_assert_cmpfloat_with_epsilon (row_y (seen), y, 1.0);
  /* Undone once: nothing left to put back. */
  g_assert_false (ferry_copy_queue_restore (queue (), ferry_copy_task_get_id (removed), &error));
  g_assert_error (error, FERRY_COPY_QUEUE_ERROR, FERRY_COPY_QUEUE_ERROR_NOT_REMOVED);
  g_clear_error (&error);

  /* The 5th in line starts: it goes up with the running one, the view
   * does not move. */
  g_assert_true (ferry_task_store_update (ferry_copy_queue_get_store (queue ()), start_scene_task,
                                         g_ptr_array_index (scene.queued, 4), &error));
  g_assert_no_error (error);
  /* The page sorts again with its next refresh (one for a burst of
   * changes), which asking for the summary brings forward. */
  g_assert_nonnull (ferry_tasks_page_get_summary (tasks));
  ferry_test_ui_wait_drawn (GTK_WIDGET (tasks));
  g_assert_cmpstr (listed_id (1), ==, ferry_copy_task_get_id (g_ptr_array_index (scene.queued, 4)));
  g_assert_cmpfloat_with_epsilon (row_y (seen), y, 1.0);

  g_assert_true (ferry_task_store_update (ferry_copy_queue_get_store (queue ()), clear_scene, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (listed ()), ==, 0);
  ferry_copy_queue_run (queue ());
  g_ptr_array_unref (scene.done);
  g_ptr_array_unref (scene.queued);
  g_object_unref (scene.running);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  ferry_test_ui_init (&argc, &argv);
  start_notification_server ();

  app = ferry_test_ui_new_app ();
  window = ferry_test_ui_activate (app);
  tasks = ferry_window_get_tasks_page (window);
  tasks_open_sandbox ();

  g_test_add_func ("/ui/tasks/order", test_tasks_order);

  ret = g_test_run ();
  if (window != NULL)
    ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
  g_clear_object (&app);
  stop_notification_server ();
  g_free (web_id);
  return ret;
}
