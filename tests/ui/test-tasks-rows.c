/* test-tasks-rows.c: what a task's row says and offers: a copy into a
 * sub-project, a failed job, progress read out, an unknown outcome, a
 * damaged task file
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "ferry-copy-queue-private.h"
#include "ferry-copy-task-private.h"
#include "ferry-task-row.h"
#include "ferry-task-store.h"
#include "ferry-window-private.h"
#include "ferry-test-ui.h"
#include "test-tasks.h"

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
  g_assert_true (ferry_test_ui_wait_for (ferry_test_ui_has_message_dialog, NULL, 5000));
  dialog = ferry_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (dialog), ferry_test_ui_tr (NULL, "Submit the Copy Again?")));
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "tasks-submit-again");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_assert_cmpint (ferry_copy_task_get_state (listed), ==, FERRY_TASK_STATE_OUTCOME_UNKNOWN);

  gtk_widget_activate_action (GTK_WIDGET (tasks), "tasks.submit-again", "s", ferry_copy_task_get_id (task));
  g_assert_true (ferry_test_ui_wait_for (ferry_test_ui_has_message_dialog, NULL, 5000));
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
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-tasks", NULL);

  /* In this order: each one starts where the previous one left. */
  g_test_add_func ("/ui/tasks/sub-project", test_tasks_sub_project);
  g_test_add_func ("/ui/tasks/job-failed", test_tasks_job_failed);
  g_test_add_func ("/ui/tasks/progress-read-out", test_tasks_progress_read_out);
  g_test_add_func ("/ui/tasks/outcome-unknown", test_tasks_outcome_unknown);
  g_test_add_func ("/ui/tasks/damaged-file", test_tasks_damaged_file);

  ret = g_test_run ();
  if (window != NULL)
    ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
  g_clear_object (&app);
  stop_notification_server ();
  g_free (web_id);
  return ret;
}
