/* test-tasks.c: the tasks page against the sandbox: empty, a copy
 * refused, a copy shown where it was made, and a round of eight copies
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-copy-queue-private.h"
#include "ferry-images-page-private.h"
#include "ferry-task-row.h"
#include "ferry-window-private.h"
#include "ferry-test-ui.h"
#include "test-tasks.h"

static void
test_tasks_empty (void)
{
  AdwViewSwitcherTitle *switcher;

  tasks_open_sandbox ();

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
queue_idle (gpointer data)
{
  return ferry_copy_queue_is_idle (queue ());
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

  ret = g_test_run ();
  if (window != NULL)
    ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
  g_clear_object (&app);
  stop_notification_server ();
  g_free (web_id);
  return ret;
}
