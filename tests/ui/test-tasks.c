/* test-tasks.c: the tasks page, copies that outlive the window, restarts
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "ferry-application.h"
#include "ferry-application-private.h"
#include "ferry-copy-queue-private.h"
#include "ferry-copy-task-private.h"
#include "ferry-tasks-page.h"
#include "ferry-window.h"
#include "ferry-window-private.h"
#include "ferry-images-page-private.h"
#include "ferry-test-files.h"
#include "ferry-test-sandbox.h"
#include "ferry-test-ui.h"

/* Short copies: a round of five takes a few seconds. Over before the
 * queue's first poll (5 s in), and their images ready by then, so that
 * the poll sees the end; 4 s would race the image (ready at 5 s). */
#define COPY_SECONDS 3

static FerryApplication *app;
static FerryWindow *window;
static FerryTasksPage *tasks;
static char *web_id;

static FerryCopyQueue *
queue (void)
{
  FerryCopyQueue *q = ferry_window_get_queue (window);

  g_assert_nonnull (q);
  return q;
}

static const char *
project_id (const char *region)
{
  FerryAccount *account = ferry_copy_queue_get_account (queue ());
  FerryProject *project = ferry_account_get_region_project (account, region);

  g_assert_nonnull (project);
  return ferry_project_get_id (project);
}

/* A copy of web-server (cn-north-4) to @destination, added to the queue. */
static FerryCopyTask *
add_copy (const char *name,
          const char *destination,
          const char *agency)
{
  FerryAccount *account = ferry_copy_queue_get_account (queue ());
  g_autoptr(FerryCopyTask) task = NULL;

  task = ferry_copy_task_new_cross_region (ferry_account_get_domain_id (account),
                                           web_id, "web-server",
                                           "cn-north-4", project_id ("cn-north-4"),
                                           destination, destination, project_id (destination),
                                           name, NULL, agency, NULL);
  g_assert_true (ferry_copy_queue_add (queue (), task, NULL));
  return task;
}

static guint
count_state (FerryTaskState state)
{
  GListModel *model = G_LIST_MODEL (queue ());
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (model, i);

      if (ferry_copy_task_get_state (task) == state)
        n++;
    }
  return n;
}

static guint
count_in_flight (void)
{
  return count_state (FERRY_TASK_STATE_SUBMITTING) + count_state (FERRY_TASK_STATE_RUNNING);
}

static gboolean
task_is_final (gpointer data)
{
  return ferry_task_state_is_final (ferry_copy_task_get_state (data));
}

static void
wait_final (FerryCopyTask *task)
{
  if (!ferry_test_ui_wait_for (task_is_final, task, 60000))
    g_error ("task “%s” is still %s", ferry_copy_task_get_name (task),
             ferry_task_state_to_label (ferry_copy_task_get_state (task)));
}

static gboolean
queue_idle (gpointer data)
{
  return ferry_copy_queue_is_idle (queue ());
}

static GtkWidget *
row_of (FerryCopyTask *task)
{
  FerryTaskRow *row = ferry_tasks_page_get_row (tasks, ferry_copy_task_get_id (task));

  g_assert_nonnull (row);
  return GTK_WIDGET (row);
}

static guint
badge (void)
{
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_parent (GTK_WIDGET (tasks)));
  AdwViewStackPage *page = adw_view_stack_get_page (stack, GTK_WIDGET (tasks));

  return adw_view_stack_page_get_badge_number (page);
}

/* The place a queued row shows: "2nd in line; 5 copies running". */
static char *
expected_place (guint place,
                guint running)
{
  const char *formats[] = { "%uth in line", "%ust in line", "%und in line", "%urd in line" };
  g_autofree char *place_text = NULL;
  g_autofree char *running_text = NULL;

  /* Every form is translated, even those this test does not show. */
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    ferry_test_ui_tr ("place in line", formats[i]);
  place_text = ferry_task_row_format_place (place);
  running_text = g_strdup_printf (ngettext ("%u copy running", "%u copies running", running), running);
  ferry_test_ui_tr ("queued task", "%s; %s");
  return g_strdup_printf (C_("queued task", "%s; %s"), place_text, running_text);
}

static gboolean
is_images_page (gpointer data)
{
  FerryImagesPage *page = ferry_window_get_images_page (window);

  return g_strcmp0 (ferry_window_get_page (window), "images") == 0 &&
         !ferry_images_page_get_loading (page) &&
         g_strcmp0 (ferry_images_page_get_state (page), FERRY_IMAGES_PAGE_LIST) == 0;
}

static void
test_tasks_empty (void)
{
  FerrySandbox *sandbox = ferry_application_ensure_sandbox (app, NULL);
  FerryImagesPage *page = ferry_window_get_images_page (window);
  AdwViewSwitcherTitle *switcher;
  GListModel *images;

  ferry_test_ui_resize (GTK_WINDOW (window), 1000, 760);
  g_object_set (sandbox, "copy-seconds", COPY_SECONDS, NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.try-sandbox", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_images_page, NULL, 15000));
  images = ferry_images_page_get_images (page);
  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    {
      g_autoptr(FerryImage) image = g_list_model_get_item (images, i);

      if (g_strcmp0 (ferry_image_get_name (image), "web-server") == 0)
        web_id = g_strdup (ferry_image_get_id (image));
    }
  g_assert_nonnull (web_id);

  /* The switcher names both views; the tasks view starts empty. */
  g_assert_cmpstr (ferry_window_get_view (window), ==, "images");
  switcher = ADW_VIEW_SWITCHER_TITLE (ferry_test_ui_find_by_type (GTK_WIDGET (window),
                                                                ADW_TYPE_VIEW_SWITCHER_TITLE));
  g_assert_true (adw_view_switcher_title_get_view_switcher_enabled (switcher));
  ferry_test_ui_wait_settled (GTK_WIDGET (window));
  g_assert_false (adw_view_switcher_title_get_title_visible (switcher));
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (window), ferry_test_ui_tr (NULL, "Tasks")));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-tasks", NULL);
  g_assert_cmpstr (ferry_window_get_view (window), ==, "tasks");
  g_assert_cmpstr (ferry_tasks_page_get_state (tasks), ==, FERRY_TASKS_PAGE_EMPTY);
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (tasks), ferry_test_ui_tr (NULL, "No Copies")));
  g_assert_cmpuint (badge (), ==, 0);
  /* "Copy…" belongs to the images. */
  g_assert_false (gtk_widget_get_visible (ferry_test_ui_find_actionable (GTK_WIDGET (window),
                                                                        "win.copy-image")));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "tasks-empty");
}

static void
test_tasks_failed (void)
{
  g_autoptr(FerryCopyTask) task = NULL;
  GtkWidget *row;

  /* ims_partial_agency lacks IMS Administrator in cn-east-2: refused
   * before anything is sent. */
  task = g_object_ref (add_copy ("copy_partial", "cn-east-2", "ims_partial_agency"));
  wait_final (task);
  g_assert_cmpint (ferry_copy_task_get_state (task), ==, FERRY_TASK_STATE_FAILED);
  g_assert_cmpstr (ferry_copy_task_get_error_code (task), ==, "IMG.0151");
  ferry_test_ui_wait_drawn (GTK_WIDGET (tasks));

  row = row_of (task);
  /* The translated sentence, the server's code and reason, what to do. */
  g_assert_nonnull (ferry_copy_task_get_error_sentence (task));
  g_assert_nonnull (ferry_test_ui_find_label (row, ferry_copy_task_get_error_sentence (task)));
  if (ferry_copy_task_get_error_message (task) != NULL)
    {
      g_autofree char *code = NULL;

      ferry_test_ui_tr (NULL, "%s: %s");
      code = g_strdup_printf (_("%s: %s"), "IMG.0151", ferry_copy_task_get_error_message (task));

      g_assert_nonnull (ferry_test_ui_find_label (row, code));
    }
  if (ferry_copy_task_get_hint (task) != NULL)
    g_assert_nonnull (ferry_test_ui_find_label (row, ferry_copy_task_get_hint (task)));
  g_assert_nonnull (ferry_test_ui_find_label (row, ferry_test_ui_tr ("task state", "Failed")));
  /* Retry, not Remove. */
  g_assert_true (gtk_widget_get_mapped (ferry_test_ui_find_actionable (row, "tasks.retry")));
  g_assert_false (gtk_widget_get_mapped (ferry_test_ui_find_actionable (row, "tasks.remove")));
  g_assert_cmpuint (badge (), ==, 0);
}

static gboolean
selected_image_is (gpointer data)
{
  FerryImage *image = ferry_images_page_get_selected_image (ferry_window_get_images_page (window));

  return image != NULL && g_strcmp0 (ferry_image_get_id (image), data) == 0;
}

static void
test_tasks_show_in_destination (void)
{
  FerryImagesPage *page = ferry_window_get_images_page (window);
  g_autoptr(FerryCopyTask) task = g_object_ref (add_copy ("copy_web_east", "cn-east-2",
                                                          "ims_administrator_agency"));
  GtkWidget *row;

  wait_final (task);
  g_assert_cmpint (ferry_copy_task_get_state (task), ==, FERRY_TASK_STATE_DONE);
  g_assert_nonnull (ferry_copy_task_get_new_image_id (task));
  row = row_of (task);
  ferry_test_ui_wait_drawn (GTK_WIDGET (tasks));
  g_assert_true (gtk_widget_get_mapped (ferry_test_ui_find_actionable (row, "win.show-task")));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-task", "s", ferry_copy_task_get_id (task));
  g_assert_cmpstr (ferry_window_get_view (window), ==, "images");
  g_assert_cmpstr (ferry_images_page_get_region (page), ==, "cn-east-2");
  g_assert_true (ferry_test_ui_wait_for (selected_image_is,
                                         (gpointer) ferry_copy_task_get_new_image_id (task), 15000));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "tasks-show-in-destination");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-tasks", NULL);
}

static gboolean
five_and_three (gpointer data)
{
  return count_in_flight () == 5 && count_state (FERRY_TASK_STATE_QUEUED) == 3;
}

static void
test_tasks_eight (void)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  const char *destinations[] = { "cn-east-2", "cn-north-1", "cn-south-1", "ap-southeast-3" };
  g_autoptr(FerryCopyTask) extra = NULL;
  GError *error = NULL;
  guint place = 0;

  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *name = g_strdup_printf ("copy_web_%u", i + 1);

      g_ptr_array_add (added, g_object_ref (add_copy (name, destinations[i % 4],
                                                      "ims_administrator_agency")));
    }
  /* Counted at once, before anything is sent. */
  g_assert_cmpuint (ferry_tasks_page_get_n_active (tasks), ==, 8);
  g_assert_cmpuint (badge (), ==, 8);

  g_assert_true (ferry_test_ui_wait_for (five_and_three, NULL, 20000));
  g_assert_cmpuint (ferry_copy_queue_get_n_in_flight (queue ()), ==, 5);
  for (guint i = 0; i < added->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (added, i);
      FerryTaskRow *row = FERRY_TASK_ROW (row_of (task));

      if (ferry_copy_task_get_state (task) == FERRY_TASK_STATE_QUEUED)
        {
          g_autofree char *expected = expected_place (++place, 5);

          ferry_task_row_update (row);
          g_assert_cmpstr (ferry_task_row_get_status_text (row), ==, expected);
          g_assert_true (gtk_widget_get_visible (ferry_test_ui_find_actionable (GTK_WIDGET (row),
                                                                              "tasks.remove")));
        }
      else
        /* No false cancel for a copy that went to the service. */
        g_assert_false (gtk_widget_get_visible (ferry_test_ui_find_actionable (GTK_WIDGET (row),
                                                                             "tasks.remove")));
    }
  g_assert_cmpuint (place, ==, 3);
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (tasks),
                                              ferry_test_ui_tr (NULL, "A copy that has started cannot be stopped: Huawei Cloud has no way to cancel it. Copies still in the queue can be removed.")));
  ferry_test_ui_wait_drawn (GTK_WIDGET (tasks));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "tasks-page");
  /* The whole list, beyond the window's height: failed, done, copying and
   * queued at once. */
  ferry_test_ui_take_screenshot (gtk_widget_get_parent (gtk_widget_get_parent (row_of (g_ptr_array_index (added, 0)))),
              "tasks-page-list");

  /* A ninth, taken off the queue; a running one cannot be. */
  extra = g_object_ref (add_copy ("copy_web_9", "cn-east-2", "ims_administrator_agency"));
  gtk_widget_activate_action (GTK_WIDGET (tasks), "tasks.remove", "s", ferry_copy_task_get_id (extra));
  g_assert_cmpint (ferry_copy_task_get_state (extra), ==, FERRY_TASK_STATE_REMOVED);
  g_assert_null (ferry_tasks_page_get_row (tasks, ferry_copy_task_get_id (extra)));
  for (guint i = 0; i < added->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (added, i);

      if (ferry_copy_task_get_state (task) == FERRY_TASK_STATE_RUNNING)
        {
          g_assert_false (ferry_copy_queue_remove (queue (), ferry_copy_task_get_id (task), &error));
          g_assert_error (error, FERRY_COPY_QUEUE_ERROR, FERRY_COPY_QUEUE_ERROR_STARTED);
          g_clear_error (&error);
          break;
        }
    }

  /* At 360 px too. */
  ferry_test_ui_resize (GTK_WINDOW (window), 360, 720);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (tasks)), <=, 360);
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "tasks-page-narrow");
  ferry_test_ui_resize (GTK_WINDOW (window), 1000, 760);

  for (guint i = 0; i < added->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (added, i);
      g_autofree char *elapsed = NULL;
      g_autofree char *finished = NULL;
      g_autofree char *tags = NULL;
      guint copied = 0;

      wait_final (task);
      g_assert_cmpint (ferry_copy_task_get_state (task), ==, FERRY_TASK_STATE_DONE);
      elapsed = ferry_task_row_format_elapsed (ferry_copy_task_get_elapsed (task));
      ferry_test_ui_tr (NULL, "Finished in %s · %s");
      /* web-server's three tags came along, and the row says so. */
      tags = ferry_copy_task_describe_tags (task);
      g_assert_nonnull (tags);
      g_assert_true (ferry_copy_task_get_tags_outcome (task, &copied, NULL));
      g_assert_cmpuint (copied, ==, 3);
      finished = g_strdup_printf (_("Finished in %s · %s"), elapsed, tags);
      g_assert_cmpstr (ferry_task_row_get_status_text (FERRY_TASK_ROW (row_of (task))), ==, finished);
    }
  g_assert_true (ferry_test_ui_wait_for (queue_idle, NULL, 10000));
  g_assert_cmpuint (badge (), ==, 0);
  /* Ten listed: the failed one, the first copy and the eight. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue ())), ==, 10);

  /* Clear Finished forgets them all. */
  gtk_widget_activate_action (GTK_WIDGET (tasks), "tasks.clear-finished", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue ())), ==, 0);
  g_assert_cmpstr (ferry_tasks_page_get_state (tasks), ==, FERRY_TASKS_PAGE_EMPTY);
}

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

static gboolean
window_gone (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (app)) == NULL;
}

static gboolean
not_in_background (gpointer data)
{
  return !ferry_application_get_in_background (app);
}

static gboolean notified_text (gpointer data);

static void
test_tasks_background (void)
{
  g_autoptr(FerryCopyTask) first = NULL;
  g_autoptr(FerryCopyTask) second = NULL;
  g_autoptr(FerryCopyTask) failed = NULL;
  FerryTestUiWatch *watch;
  GtkWidget *dialog;

  /* Each copy counts as long: the notification is due. */
  ferry_application_set_notify_after_seconds (app, 0);
  first = g_object_ref (add_copy ("copy_bg_1", "cn-east-2", "ims_administrator_agency"));
  second = g_object_ref (add_copy ("copy_bg_2", "cn-north-1", "ims_administrator_agency"));
  failed = g_object_ref (add_copy ("copy_bg_3", "cn-east-2", "ims_partial_agency"));
  g_assert_cmpuint (ferry_application_get_n_active_copies (app), ==, 3);

  /* Closing asks; Cancel keeps the window. */
  gtk_window_close (GTK_WINDOW (window));
  dialog = GTK_WIDGET (ferry_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  ferry_test_ui_wait_drawn (dialog);
  ferry_test_ui_take_screenshot (dialog, "tasks-close-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Keep Copying: hidden, held. */
  dialog = ferry_window_ask_close (window);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (ferry_application_get_in_background (app));

  /* Activated meanwhile: the same window, on its tasks. */
  g_application_activate (G_APPLICATION (app));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_false (ferry_application_get_in_background (app));
  g_assert_cmpstr (ferry_window_get_view (window), ==, "tasks");
  g_assert_cmpuint (ferry_application_get_n_active_copies (app), >, 0);

  /* Closed again: the copies go on to their end, then the window goes and
   * one notification sums them up. */
  watch = ferry_test_ui_watch (GTK_WIDGET (window));
  dialog = ferry_window_ask_close (window);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_assert_true (ferry_application_get_in_background (app));
  wait_final (first);
  wait_final (second);
  wait_final (failed);
  g_assert_cmpint (ferry_copy_task_get_state (first), ==, FERRY_TASK_STATE_DONE);
  g_assert_cmpint (ferry_copy_task_get_state (second), ==, FERRY_TASK_STATE_DONE);
  g_assert_cmpint (ferry_copy_task_get_state (failed), ==, FERRY_TASK_STATE_FAILED);
  g_assert_true (ferry_test_ui_wait_for (not_in_background, NULL, 10000));
  g_assert_true (ferry_test_ui_wait_for (window_gone, NULL, 5000));
  ferry_test_ui_assert_finalized (watch);
  window = NULL;
  tasks = NULL;
  {
    g_autofree char *ready = g_strdup_printf (ngettext ("%u copy is ready.", "%u copies are ready.", 2), 2);
    g_autofree char *failed_text = g_strdup_printf (ngettext ("%u copy failed.", "%u copies failed.", 1), 1);
    g_autofree char *body = g_strdup_printf (C_("notification", "%s %s"), ready, failed_text);
    g_autofree char *expected = g_strconcat (ferry_test_ui_tr (NULL, "Copies Finished, Some Failed"),
                                             "\n", body, NULL);

    g_assert_true (ferry_test_ui_wait_for (notified_text, expected, 5000));
  }
}

/* A notification server on the test's own session bus (the headless
 * session has none): it keeps the last notification's id, and "clicks"
 * it as a desktop would, with the ActionInvoked signal. */

static GDBusConnection *bus;
static guint32 last_notification_id;
static char *last_notification_summary;
static char *last_notification_body;

static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
  "<signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "</interface></node>";

static void
notifications_method_cb (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *object_path,
                         const char            *interface_name,
                         const char            *method_name,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  if (g_str_equal (method_name, "Notify"))
    {
      const char *summary;
      const char *body;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_free (last_notification_summary);
      last_notification_summary = g_strdup (summary);
      g_free (last_notification_body);
      last_notification_body = g_strdup (body);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", ++last_notification_id));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method_name, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "ferry", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
start_notification_server (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  /* 4: do not queue; 1: the primary owner. */
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", 4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

static void
click_last_notification (void)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (bus, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", last_notification_id, "default"), &error);
  g_assert_no_error (error);
}

static gboolean
notified (gpointer data)
{
  return g_strcmp0 (last_notification_summary, data) == 0;
}

/* The last notification the server got, its title and body joined by a
 * newline, is @data. */
static gboolean
notified_text (gpointer data)
{
  g_autofree char *text = NULL;

  if (last_notification_summary == NULL)
    return FALSE;
  text = g_strconcat (last_notification_summary, "\n", last_notification_body, NULL);
  return g_strcmp0 (text, data) == 0;
}

static gboolean
sandbox_queue_idle (gpointer data)
{
  return ferry_copy_queue_is_idle (data);
}

static gboolean
shows_sandbox_tasks (gpointer data)
{
  FerryWindow *w = FERRY_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));

  return w != NULL && g_strcmp0 (ferry_window_get_active_account (w), FERRY_WINDOW_SANDBOX) == 0 &&
         g_strcmp0 (ferry_window_get_page (w), "images") == 0 &&
         g_strcmp0 (ferry_window_get_view (w), "tasks") == 0;
}

/* What a process killed between the copy request and its answer leaves,
 * long ago, its look-ups done. */
static void
add_lost_answer (FerryTaskStore *store,
                 gpointer        user_data)
{
  FerryCopyTask *task = user_data;

  ferry_copy_task_set_state (task, FERRY_TASK_STATE_SUBMITTING);
  ferry_copy_task_set_submitted_at (task, g_get_real_time () - 600 * G_USEC_PER_SEC);
  ferry_copy_task_set_attempts (task, 1);
  ferry_copy_task_set_lookups (task, 3);
  ferry_task_store_insert (store, task);
}

static void
test_tasks_notification (void)
{
  FerryCopyQueue *q = ferry_application_lookup_queue (app, FERRY_WINDOW_SANDBOX);
  FerryAccount *account;
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *failed_text = NULL;
  g_autofree char *expected = NULL;

  /* The window is gone (see above); the sandbox's queue goes on. One copy
   * fails its check, the other is failed by the service (its job). */
  g_assert_null (window);
  g_assert_nonnull (q);
  account = ferry_copy_queue_get_account (q);
  g_object_set (ferry_application_ensure_sandbox (app, NULL), "job-fail-rate", 1.0, NULL);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("copy_all_failed_%u", i + 1);
      FerryCopyTask *task;

      task = ferry_copy_task_new_cross_region (ferry_account_get_domain_id (account),
                                               web_id, "web-server", "cn-north-4",
                                               ferry_project_get_id (ferry_account_get_region_project (account, "cn-north-4")),
                                               "cn-east-2", "cn-east-2",
                                               ferry_project_get_id (ferry_account_get_region_project (account, "cn-east-2")),
                                               name, NULL,
                                               i == 0 ? "ims_partial_agency" : "ims_administrator_agency",
                                               NULL);
      g_assert_true (ferry_copy_queue_add (q, task, NULL));
      g_ptr_array_add (added, task);
    }
  for (guint i = 0; i < added->len; i++)
    wait_final (g_ptr_array_index (added, i));
  g_object_set (ferry_application_ensure_sandbox (app, NULL), "job-fail-rate", 0.0, NULL);
  g_assert_cmpstr (ferry_copy_task_get_error_code (g_ptr_array_index (added, 0)), ==, "IMG.0151");
  g_assert_cmpstr (ferry_copy_task_get_error_code (g_ptr_array_index (added, 1)), ==, "IMG.0014");
  g_assert_true (ferry_test_ui_wait_for (sandbox_queue_idle, q, 10000));

  /* Every copy failed: no "0 copies are ready". */
  failed_text = g_strdup_printf (ngettext ("%u copy failed.", "%u copies failed.", 2), 2);
  expected = g_strconcat (ferry_test_ui_tr (NULL, "Copies Failed"), "\n", failed_text, NULL);
  g_assert_true (ferry_test_ui_wait_for (notified_text, expected, 5000));

  g_assert_true (ferry_test_ui_wait_for (notified, (gpointer) ferry_test_ui_tr (NULL, "Copies Failed"), 5000));

  /* A copy whose answer was lost long ago, taken over and looked for once
   * more, not found: said at once, whatever its length. */
  {
    g_autoptr(FerryCopyTask) lost = NULL;
    g_autofree char *body = NULL;

    lost = ferry_copy_task_new_cross_region (ferry_account_get_domain_id (account),
                                             web_id, "web-server", "cn-north-4",
                                             ferry_project_get_id (ferry_account_get_region_project (account, "cn-north-4")),
                                             "cn-east-2", "cn-east-2",
                                             ferry_project_get_id (ferry_account_get_region_project (account, "cn-east-2")),
                                             "copy_answer_lost", NULL, "ims_administrator_agency", NULL);
    g_assert_true (ferry_task_store_update (ferry_copy_queue_get_store (q), add_lost_answer, lost, NULL));
    g_assert_true (ferry_test_ui_wait_for (notified,
                                           (gpointer) g_dngettext (NULL, "A Copy Needs Your Decision",
                                                                   "Copies Need Your Decision", 1),
                                           30000));
    body = g_strdup_printf (g_dngettext (NULL, "Whether %u copy was made is not known: look again or submit it again on the tasks page.",
                                         "Whether %u copies were made is not known: look again or submit them again on the tasks page.",
                                         1), 1);
    g_assert_cmpstr (last_notification_body, ==, body);
    g_assert_cmpint (ferry_copy_task_get_state (ferry_copy_queue_lookup (q, ferry_copy_task_get_id (lost))), ==,
                     FERRY_TASK_STATE_OUTCOME_UNKNOWN);
  }

  /* Clicked: a new window, on the batch's session and its tasks, not on
   * the welcome page. */
  click_last_notification ();
  g_assert_true (ferry_test_ui_wait_for (shows_sandbox_tasks, NULL, 15000));
  window = FERRY_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  tasks = ferry_window_get_tasks_page (window);
  g_assert_true (ferry_window_get_queue (window) == q);
  for (guint i = 0; i < added->len; i++)
    g_assert_nonnull (ferry_tasks_page_get_row (tasks, ferry_copy_task_get_id (g_ptr_array_index (added, i))));
}

static void
add_done_in_sub_project (FerryTaskStore *store,
                         gpointer        user_data)
{
  ferry_copy_task_set_state (user_data, FERRY_TASK_STATE_DONE);
  ferry_copy_task_set_new_image_id (user_data, web_id);
  ferry_task_store_insert (store, user_data);
}

static gboolean
has_label (gpointer data)
{
  return ferry_test_ui_find_label (GTK_WIDGET (window), data) != NULL;
}

static void
test_tasks_sub_project (void)
{
  FerryAccount *account = ferry_copy_queue_get_account (queue ());
  g_autoptr(FerryCopyTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *toast = NULL;

  /* A copy made into a sub-project of cn-north-4: the images page lists
   * the region's default project only, where an image of that id is. */
  task = ferry_copy_task_new_cross_region (ferry_account_get_domain_id (account),
                                           web_id, "web-server", "cn-east-2", project_id ("cn-east-2"),
                                           "cn-north-4", "cn-north-4_dev", "0000000000000000000000000000dev0",
                                           "copy_into_dev", NULL, "ims_administrator_agency", NULL);
  g_assert_true (ferry_task_store_update (ferry_copy_queue_get_store (queue ()), add_done_in_sub_project,
                                          task, &error));
  g_assert_no_error (error);
  g_assert_nonnull (ferry_tasks_page_get_row (tasks, ferry_copy_task_get_id (task)));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-task", "s", ferry_copy_task_get_id (task));
  /* Not shown as if it were the image of the default project. */
  g_assert_cmpstr (ferry_window_get_view (window), ==, "tasks");
  ferry_test_ui_tr (NULL, "The new image is in “%s”, a project Ferry does not list");
  toast = g_strdup_printf (_("The new image is in “%s”, a project Ferry does not list"),
                           "cn-north-4_dev");
  g_assert_true (ferry_test_ui_wait_for (has_label, toast, 15000));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "tasks-sub-project");
  gtk_widget_activate_action (GTK_WIDGET (tasks), "tasks.clear-finished", NULL);
}

/* A copy the service fails (the sandbox's job-fail-rate): the row says
 * the service's code and words, and Retry makes it again. */

static void
assert_label (GtkWidget  *widget,
              const char *expected)
{
  g_autofree char *problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                 GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                 expected);

  if (problem != NULL)
    g_error ("%s: %s", G_OBJECT_TYPE_NAME (widget), problem);
}

static void
test_tasks_job_failed (void)
{
  g_autoptr(GError) error = NULL;
  FerrySandbox *sandbox = ferry_application_ensure_sandbox (app, &error);
  g_autoptr(FerryCopyTask) task = NULL;
  g_autofree char *code = NULL;
  g_autofree char *retry = NULL;
  const char *to;
  GtkWidget *row;

  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-tasks", NULL);
  g_object_set (sandbox, "job-fail-rate", 1.0, NULL);
  task = g_object_ref (add_copy ("copy_job_fails", "cn-east-2", "ims_administrator_agency"));
  wait_final (task);
  g_object_set (sandbox, "job-fail-rate", 0.0, NULL);

  g_assert_cmpint (ferry_copy_task_get_state (task), ==, FERRY_TASK_STATE_FAILED);
  g_assert_cmpstr (ferry_copy_task_get_error_code (task), ==, "IMG.0014");
  g_assert_nonnull (ferry_copy_task_get_job_id (task));
  ferry_test_ui_wait_drawn (GTK_WIDGET (tasks));
  row = row_of (task);
  ferry_test_ui_tr (NULL, "%s: %s");
  code = g_strdup_printf (_("%s: %s"), "IMG.0014", ferry_copy_task_get_error_message (task));
  g_assert_nonnull (ferry_test_ui_find_label (row, code));
  g_assert_nonnull (ferry_test_ui_find_label (row, ferry_copy_task_get_error_sentence (task)));
  g_assert_nonnull (ferry_test_ui_find_label (row, ferry_test_ui_tr ("task state", "Failed")));

  /* Its buttons name the copy they act on. */
  to = ferry_region_get_name (ferry_region_catalogue_lookup (ferry_client_get_catalogue (ferry_copy_queue_get_client (queue ())),
                                                             "cn-east-2"));
  ferry_test_ui_tr (NULL, "Retry %s to %s");
  retry = g_strdup_printf (_("Retry %s to %s"), "web-server", to);
  g_assert_true (gtk_widget_get_mapped (ferry_test_ui_find_actionable (row, "tasks.retry")));
  assert_label (ferry_test_ui_find_actionable (row, "tasks.retry"), retry);
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "tasks-job-failed");

  /* Retried, it is made. */
  gtk_widget_activate_action (GTK_WIDGET (tasks), "tasks.retry", "s", ferry_copy_task_get_id (task));
  g_assert_cmpint (ferry_copy_task_get_state (task), ==, FERRY_TASK_STATE_QUEUED);
  wait_final (task);
  g_assert_cmpint (ferry_copy_task_get_state (task), ==, FERRY_TASK_STATE_DONE);
  g_assert_cmpuint (ferry_copy_task_get_attempts (task), ==, 2);
}

/* A copy in flight, driven by another (live) queue of this process, so
 * that this one leaves it as it is. */
static void
add_running (FerryTaskStore *store,
             gpointer        user_data)
{
  FerryCopyTask *task = user_data;
  g_autofree char *host = g_strdup (g_get_host_name ());
  FerryTaskOwner owner = { getpid (), host, NULL, "another-queue" };

  ferry_copy_task_set_state (task, FERRY_TASK_STATE_RUNNING);
  ferry_copy_task_set_submitted_at (task, g_get_real_time ());
  ferry_copy_task_set_job_id (task, "0123456789abcdef0123456789abcdef");
  ferry_copy_task_set_fraction (task, 0.42);
  ferry_copy_task_set_current_step (task, "Transferring the image to the destination region");
  ferry_copy_task_set_owner (task, &owner);
  ferry_copy_task_set_lease_until (task, g_get_real_time () + (gint64) 3600 * G_USEC_PER_SEC);
  ferry_task_store_insert (store, task);
}

static void
set_unknown_step (FerryTaskStore *store,
                  gpointer        user_data)
{
  ferry_copy_task_set_current_step (ferry_task_store_lookup (store, ferry_copy_task_get_id (user_data)),
                                    "Frobnicating the image");
}

static void
delete_task (FerryTaskStore *store,
             gpointer        user_data)
{
  ferry_task_store_delete (store, ferry_task_store_lookup (store, ferry_copy_task_get_id (user_data)));
}

/* A copy's progress is read out: the value, and the step in words. */
static void
test_tasks_progress_read_out (void)
{
  FerryAccount *account = ferry_copy_queue_get_account (queue ());
  g_autoptr(FerryCopyTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *progress = NULL;
  g_autofree char *value = NULL;
  g_autofree char *step = NULL;
  g_autofree char *unknown = NULL;
  const char *to;
  GtkWidget *row, *bar;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-tasks", NULL);
  task = ferry_copy_task_new_cross_region (ferry_account_get_domain_id (account),
                                           web_id, "web-server", "cn-north-4", project_id ("cn-north-4"),
                                           "cn-east-2", "cn-east-2", project_id ("cn-east-2"),
                                           "copy_read_out", NULL, "ims_administrator_agency", NULL);
  g_assert_true (ferry_task_store_update (ferry_copy_queue_get_store (queue ()), add_running, task, &error));
  g_assert_no_error (error);
  ferry_test_ui_wait_drawn (GTK_WIDGET (tasks));

  row = row_of (task);
  bar = ferry_test_ui_find_by_type (row, GTK_TYPE_PROGRESS_BAR);
  g_assert_true (gtk_widget_get_mapped (bar));
  to = ferry_region_get_name (ferry_region_catalogue_lookup (ferry_client_get_catalogue (ferry_copy_queue_get_client (queue ())),
                                                             "cn-east-2"));
  ferry_test_ui_tr (NULL, "Progress of %s to %s");
  progress = g_strdup_printf (_("Progress of %s to %s"), "web-server", to);
  assert_label (bar, progress);
  /* The step in the user's language (ferryctl's table), not the
   * service's English. */
  ferry_test_ui_tr ("progress and step", "%d %%, %s");
  ferry_test_ui_tr (NULL, "Step: %s");
  step = g_strdup_printf (_("Step: %s"), ferry_test_ui_tr ("job step", "Transferring the image to the destination region"));
  value = g_strdup_printf (C_("progress and step", "%d %%, %s"), 42, step);
  ferry_test_ui_tr ("step and time", "%s · %s elapsed");
  g_assert_true (g_str_has_prefix (ferry_task_row_get_status_text (FERRY_TASK_ROW (row)), step));
  {
    g_autofree char *problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (bar),
                                                                   GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT,
                                                                   value);

    if (problem != NULL)
      g_error ("progress bar: %s", problem);
    problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (bar),
                                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, 42.0);
    if (problem != NULL)
      g_error ("progress bar: %s", problem);
  }

  /* A step Ferry does not know: the service's words, said to be its own. */
  g_assert_true (ferry_task_store_update (ferry_copy_queue_get_store (queue ()), set_unknown_step, task, &error));
  g_assert_no_error (error);
  ferry_test_ui_tr (NULL, "Step reported by the service: %s");
  unknown = g_strdup_printf (_("Step reported by the service: %s"), "Frobnicating the image");
  g_assert_true (g_str_has_prefix (ferry_task_row_get_status_text (FERRY_TASK_ROW (row_of (task))), unknown));

  g_assert_true (ferry_task_store_update (ferry_copy_queue_get_store (queue ()), delete_task, task, &error));
  g_assert_no_error (error);
  g_assert_null (ferry_tasks_page_get_row (tasks, ferry_copy_task_get_id (task)));
}

/* A copy whose answer was lost and which was not found: the row says what
 * was looked for and offers Look Again and Submit Again… (which asks). */

static void
add_unknown (FerryTaskStore *store,
             gpointer        user_data)
{
  FerryCopyTask *task = user_data;
  gint64 long_ago = g_get_real_time () - 600 * G_USEC_PER_SEC;

  ferry_copy_task_set_submitted_at (task, long_ago);
  ferry_copy_task_set_attempts (task, 1);
  ferry_copy_task_set_error (task, "APIGW.0201", "Backend unavailable.",
                             "Whether Huawei Cloud made this copy is not known.", "Decide.");
  ferry_copy_task_set_state (task, FERRY_TASK_STATE_OUTCOME_UNKNOWN);
  ferry_task_store_insert (store, task);
}

static gboolean
task_is_unknown (gpointer data)
{
  return ferry_copy_task_get_state (data) == FERRY_TASK_STATE_OUTCOME_UNKNOWN;
}

static gboolean
has_message_dialog (gpointer data)
{
  return ferry_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static void
test_tasks_outcome_unknown (void)
{
  FerryAccount *account = ferry_copy_queue_get_account (queue ());
  g_autoptr(FerryCopyTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *search = NULL;
  g_autofree char *look = NULL;
  const char *to;
  FerryCopyTask *listed;
  GtkWindow *dialog;
  GtkWidget *row;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-tasks", NULL);
  task = ferry_copy_task_new_cross_region (ferry_account_get_domain_id (account),
                                           web_id, "web-server", "cn-north-4", project_id ("cn-north-4"),
                                           "cn-east-2", "cn-east-2", project_id ("cn-east-2"),
                                           "copy_outcome_unknown", NULL, "ims_administrator_agency", NULL);
  g_assert_true (ferry_task_store_update (ferry_copy_queue_get_store (queue ()), add_unknown, task, &error));
  g_assert_no_error (error);
  listed = ferry_copy_queue_lookup (queue (), ferry_copy_task_get_id (task));
  g_assert_nonnull (listed);
  ferry_test_ui_wait_drawn (GTK_WIDGET (tasks));

  row = row_of (listed);
  g_assert_nonnull (ferry_test_ui_find_label (row, ferry_test_ui_tr ("task state", "Outcome Unknown")));
  g_assert_nonnull (ferry_test_ui_find_label (row, ferry_test_ui_tr (NULL, "Waiting for your decision")));
  search = ferry_copy_queue_dup_search_text (queue (), listed);
  g_assert_nonnull (ferry_test_ui_find_label (row, search));
  g_assert_true (gtk_widget_get_mapped (ferry_test_ui_find_actionable (row, "tasks.look-again")));
  g_assert_true (gtk_widget_get_mapped (ferry_test_ui_find_actionable (row, "tasks.submit-again")));
  g_assert_false (gtk_widget_get_mapped (ferry_test_ui_find_actionable (row, "tasks.retry")));
  to = ferry_region_get_name (ferry_region_catalogue_lookup (ferry_client_get_catalogue (ferry_copy_queue_get_client (queue ())),
                                                             "cn-east-2"));
  ferry_test_ui_tr (NULL, "Look again for %s in %s");
  look = g_strdup_printf (_("Look again for %s in %s"), "web-server", to);
  assert_label (ferry_test_ui_find_actionable (row, "tasks.look-again"), look);
  /* Not busy: it waits for the user, not for the queue. */
  g_assert_true (ferry_copy_queue_is_idle (queue ()));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "tasks-outcome-unknown");

  /* Look again: nothing there, so unknown again; nothing sent. */
  gtk_widget_activate_action (GTK_WIDGET (tasks), "tasks.look-again", "s", ferry_copy_task_get_id (task));
  g_assert_cmpint (ferry_copy_task_get_state (listed), ==, FERRY_TASK_STATE_SUBMITTING);
  g_assert_true (ferry_test_ui_wait_for (task_is_unknown, listed, 30000));
  g_assert_cmpuint (ferry_copy_task_get_attempts (listed), ==, 1);

  /* Submit again asks first; cancelled, nothing changes. */
  gtk_widget_activate_action (GTK_WIDGET (tasks), "tasks.submit-again", "s", ferry_copy_task_get_id (task));
  g_assert_true (ferry_test_ui_wait_for (has_message_dialog, NULL, 5000));
  dialog = ferry_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (dialog), ferry_test_ui_tr (NULL, "Submit the Copy Again?")));
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "tasks-submit-again");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_assert_cmpint (ferry_copy_task_get_state (listed), ==, FERRY_TASK_STATE_OUTCOME_UNKNOWN);

  gtk_widget_activate_action (GTK_WIDGET (tasks), "tasks.submit-again", "s", ferry_copy_task_get_id (task));
  g_assert_true (ferry_test_ui_wait_for (has_message_dialog, NULL, 5000));
  dialog = ferry_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "submit");
  g_assert_cmpint (ferry_copy_task_get_state (listed), ==, FERRY_TASK_STATE_QUEUED);
  wait_final (listed);
  g_assert_cmpint (ferry_copy_task_get_state (listed), ==, FERRY_TASK_STATE_DONE);
  g_assert_cmpuint (ferry_copy_task_get_attempts (listed), ==, 2);
}

/* A damaged task file: what could be read is kept, and the page says what
 * happened as ferryctl does, until dismissed. */

static gboolean
warning_shown (gpointer data)
{
  const char *warning = ferry_copy_queue_get_warning (queue ());

  return warning != NULL && ferry_test_ui_find_label (GTK_WIDGET (tasks), warning) != NULL;
}

static void
test_tasks_damaged_file (void)
{
  const char *path = ferry_task_store_get_path (ferry_copy_queue_get_store (queue ()));
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (queue ()));
  g_autofree char *text = NULL;
  gsize length;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-tasks", NULL);
  g_assert_null (ferry_copy_queue_get_warning (queue ()));
  g_assert_true (n_items > 0);
  /* Cut short, as a full disk or a crash may leave it. */
  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  g_assert_true (g_file_set_contents (path, text, length - 40, NULL));

  gtk_widget_activate_action (GTK_WIDGET (tasks), "tasks.clear-finished", NULL);
  g_assert_true (ferry_test_ui_wait_for (warning_shown, NULL, 10000));
  g_assert_nonnull (strstr (ferry_copy_queue_get_warning (queue ()), ".corrupt-"));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "tasks-damaged-file");

  gtk_widget_activate_action (GTK_WIDGET (tasks), "tasks.dismiss-warning", NULL);
  g_assert_false (warning_shown (NULL));
}

/* Restart: two processes in turn, against a ferry-sandbox process and one
 * tasks file; then ferryctl on the same file. */

static void
connect_remote (void)
{
  g_autoptr(FerryCredentials) credentials = ferry_credentials_new (FERRY_SANDBOX_ACCESS_KEY,
                                                                   FERRY_SANDBOX_SECRET_KEY, NULL);

  ferry_window_connect (window, credentials, g_getenv ("FERRY_TEST_REMOTE"), "cn-north-4", "Remote");
  g_assert_true (ferry_test_ui_wait_for (is_images_page, NULL, 15000));
  if (web_id == NULL)
    {
      GListModel *images = ferry_images_page_get_images (ferry_window_get_images_page (window));

      for (guint i = 0; i < g_list_model_get_n_items (images); i++)
        {
          g_autoptr(FerryImage) image = g_list_model_get_item (images, i);

          if (g_strcmp0 (ferry_image_get_name (image), "web-server") == 0)
            web_id = g_strdup (ferry_image_get_id (image));
        }
    }
}

static gboolean
two_running (gpointer data)
{
  return count_state (FERRY_TASK_STATE_RUNNING) == 2;
}

static void
test_tasks_restart_first (void)
{
  if (!g_test_subprocess ())
    return;

  connect_remote ();
  add_copy ("copy_restart_1", "cn-east-2", "ims_administrator_agency");
  add_copy ("copy_restart_2", "cn-north-1", "ims_administrator_agency");
  g_assert_true (ferry_test_ui_wait_for (two_running, NULL, 20000));
  /* The process ends mid-copy (main() closes the window and the queues). */
}

static gboolean
all_done (gpointer data)
{
  return count_state (FERRY_TASK_STATE_DONE) == 2;
}

/* ferryctl on the same sandbox and tasks file; its standard output. */
static char *
run_ferryctl (const char *first,
              ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) ctl = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  va_list args;

  g_subprocess_launcher_setenv (launcher, "FERRY_ENDPOINT", g_getenv ("FERRY_TEST_REMOTE"), TRUE);
  g_subprocess_launcher_setenv (launcher, "HUAWEICLOUD_SDK_AK", FERRY_SANDBOX_ACCESS_KEY, TRUE);
  g_subprocess_launcher_setenv (launcher, "HUAWEICLOUD_SDK_SK", FERRY_SANDBOX_SECRET_KEY, TRUE);
  g_ptr_array_add (argv, (gpointer) g_getenv ("FERRY_CTL_EXE"));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  ctl = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (ctl, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (ctl));
  return out;
}

static FerryCopyTask *
find_task (const char *name)
{
  GListModel *model = G_LIST_MODEL (queue ());

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (model, i);

      if (g_strcmp0 (ferry_copy_task_get_name (task), name) == 0)
        return task;  /* the queue keeps it alive */
    }
  return NULL;
}

static gboolean
shows_ferryctl_copy (gpointer data)
{
  return find_task ("copy_from_ferryctl") != NULL;
}

static gboolean
ferryctl_copy_done (gpointer data)
{
  FerryCopyTask *task = find_task ("copy_from_ferryctl");

  return task != NULL && ferry_copy_task_get_state (task) == FERRY_TASK_STATE_DONE;
}

static void
test_tasks_restart_second (void)
{
  if (!g_test_subprocess ())
    return;

  connect_remote ();
  /* The tasks again, still moving, then finished. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue ())), ==, 2);
  g_assert_cmpuint (count_state (FERRY_TASK_STATE_RUNNING) + count_state (FERRY_TASK_STATE_FINISHING), ==, 2);
  g_assert_cmpuint (ferry_tasks_page_get_n_active (tasks), ==, 2);
  /* The queue polls a running copy every 27 s of its clock: run ten
   * times faster here, so that the ends of these copies (and of
   * ferryctl's below) are seen within seconds instead of half a minute
   * each; what is asserted does not change. */
  ferry_copy_queue_stop (queue ());
  ferry_copy_queue_set_time_scale (queue (), 10.0);
  ferry_copy_queue_run (queue ());
  g_assert_true (ferry_test_ui_wait_for (all_done, NULL, 60000));
  g_assert_cmpuint (ferry_tasks_page_get_n_active (tasks), ==, 0);

  /* The same queue as ferryctl's: it lists what the app did, and the app
   * shows and carries on what it queues. */
  {
    g_autofree char *listed = run_ferryctl ("--json", "tasks", NULL);
    g_autofree char *queued = NULL;

    g_assert_nonnull (strstr (listed, "\"copy_restart_1\""));
    g_assert_nonnull (strstr (listed, "\"copy_restart_2\""));
    g_assert_null (strstr (listed, "\"copy_from_ferryctl\""));

    queued = run_ferryctl ("--json", "--region", "cn-north-4", "copy", web_id, "--to", "cn-south-1",
                           "--agency", "ims_administrator_agency", "--name", "copy_from_ferryctl", NULL);
    g_assert_nonnull (strstr (queued, "\"copy_from_ferryctl\""));
    g_assert_true (ferry_test_ui_wait_for (shows_ferryctl_copy, NULL, 30000));
    g_assert_true (ferry_test_ui_wait_for (ferryctl_copy_done, NULL, 60000));
    g_assert_nonnull (ferry_tasks_page_get_row (tasks, ferry_copy_task_get_id (find_task ("copy_from_ferryctl"))));
  }
}

static void
test_tasks_restart (void)
{
  g_autoptr(GSubprocess) sandbox = NULL;
  g_autofree char *dir = ferry_test_make_tmp_dir ("ferry-test-tasks-XXXXXX");
  g_autofree char *state = g_build_filename (dir, "sandbox.json", NULL);
  g_autofree char *tasks_file = g_build_filename (dir, "tasks.json", NULL);
  g_autofree char *endpoint = NULL;

  sandbox = ferry_test_sandbox_spawn (g_getenv ("FERRY_SANDBOX_EXE"), COPY_SECONDS * 2, state,
                                      &endpoint);
  g_setenv ("FERRY_TEST_REMOTE", endpoint, TRUE);
  g_setenv ("FERRY_TASKS_FILE", tasks_file, TRUE);
  /* The children need no accessibility bus, whose launcher may be gone by
   * now (a failed connection is a critical, fatal in tests). */
  g_setenv ("GTK_A11Y", "none", TRUE);

  g_test_trap_subprocess ("/ui/tasks/restart/subprocess/first", 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_subprocess ("/ui/tasks/restart/subprocess/second", 100 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  g_unsetenv ("FERRY_TASKS_FILE");
  g_unsetenv ("GTK_A11Y");
  g_subprocess_force_exit (sandbox);
  g_subprocess_wait (sandbox, NULL, NULL);
  ferry_test_remove_tree (dir);
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

  /* In this order: each one starts where the previous one left. */
  g_test_add_func ("/ui/tasks/empty", test_tasks_empty);
  g_test_add_func ("/ui/tasks/failed", test_tasks_failed);
  g_test_add_func ("/ui/tasks/show-in-destination", test_tasks_show_in_destination);
  g_test_add_func ("/ui/tasks/eight", test_tasks_eight);
  g_test_add_func ("/ui/tasks/order", test_tasks_order);
  g_test_add_func ("/ui/tasks/background", test_tasks_background);
  g_test_add_func ("/ui/tasks/notification", test_tasks_notification);
  g_test_add_func ("/ui/tasks/sub-project", test_tasks_sub_project);
  g_test_add_func ("/ui/tasks/job-failed", test_tasks_job_failed);
  g_test_add_func ("/ui/tasks/progress-read-out", test_tasks_progress_read_out);
  g_test_add_func ("/ui/tasks/outcome-unknown", test_tasks_outcome_unknown);
  g_test_add_func ("/ui/tasks/damaged-file", test_tasks_damaged_file);
  g_test_add_func ("/ui/tasks/restart", test_tasks_restart);
  g_test_add_func ("/ui/tasks/restart/subprocess/first", test_tasks_restart_first);
  g_test_add_func ("/ui/tasks/restart/subprocess/second", test_tasks_restart_second);

  ret = g_test_run ();
  if (window != NULL)
    ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
  g_clear_object (&app);
  g_clear_object (&bus);
  g_free (web_id);
  g_free (last_notification_summary);
  g_free (last_notification_body);
  return ret;
}
