/* test-tasks-background.c: copies that outlive the window: closing asks,
 * the window goes once they end, and the notifications that sum them up
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-application-private.h"
#include "ferry-copy-queue-private.h"
#include "ferry-copy-task-private.h"
#include "ferry-task-store.h"
#include "ferry-window-private.h"
#include "ferry-test-ui.h"
#include "test-tasks.h"

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
  /* On the tasks, as the window is when copies run. */
  tasks_open_sandbox ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-tasks", NULL);

  /* In this order: each one starts where the previous one left. */
  g_test_add_func ("/ui/tasks/background", test_tasks_background);
  g_test_add_func ("/ui/tasks/notification", test_tasks_notification);

  ret = g_test_run ();
  if (window != NULL)
    ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
  g_clear_object (&app);
  stop_notification_server ();
  g_free (web_id);
  return ret;
}
