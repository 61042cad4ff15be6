/* test-copy-dialog-asking.c: what Copy does: the copies queued, a list that
 * cannot be saved, and the question when a copy was made before
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ferry-copy-dialog-private.h"
#include "ferry-copy-queue.h"
#include "ferry-rules.h"
#include "ferry-sandbox.h"
#include "ferry-task-store.h"
#include "ferry-window-private.h"
#include "ferry-test-ui.h"
#include "test-copy-dialog.h"

static void
test_submit (void)
{
  FerrySandbox *sandbox = ferry_application_ensure_sandbox (app, NULL);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  FerryCopyDialog *dialog;
  FerryCopyTask *task;

  copy_dialog_open_window ();
  before = tasks ();
  g_object_set (sandbox, "copy-seconds", 2, NULL);
  dialog = open_dialog ("web-server", NULL);
  choose_region (dialog, "cn-south-1", TRUE);
  gtk_editable_set_text (child (dialog, "description_row"), "made by the UI test");
  g_assert_true (can_copy (dialog));

  /* OK twice: one task. */
  submitted_tasks = 0;
  g_signal_connect (dialog, "submitted", G_CALLBACK (submitted_cb), NULL);
  g_object_ref (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "copy.submit", NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "copy.submit", NULL);
  g_signal_emit_by_name (child (dialog, "copy_button"), "clicked");
  g_object_unref (dialog);
  g_assert_true (ferry_test_ui_wait_for (is_gone, NULL, 5000));
  g_assert_cmpuint (submitted_tasks, ==, 1);

  after = tasks ();
  g_assert_cmpuint (after->len, ==, before->len + 1);
  task = g_ptr_array_index (after, after->len - 1);
  g_assert_cmpstr (ferry_copy_task_get_image_name (task), ==, "web-server");
  g_assert_cmpstr (ferry_copy_task_get_destination_region (task), ==, "cn-south-1");
  g_assert_cmpstr (ferry_copy_task_get_agency_name (task), ==, "ims_administrator_agency");
  g_assert_cmpstr (ferry_copy_task_get_description (task), ==, "made by the UI test");

  /* The sandbox accepts it, and it finishes. */
  task = ferry_copy_queue_lookup (ferry_window_get_queue (window), ferry_copy_task_get_id (task));
  g_assert_true (ferry_test_ui_wait_for (task_done, task, 30000));
  g_assert_cmpint (ferry_copy_task_get_state (task), ==, FERRY_TASK_STATE_DONE);
  g_assert_nonnull (ferry_copy_task_get_new_image_id (task));
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

static gboolean
can_copy_cb (gpointer data)
{
  return can_copy (data);
}

/* The list of copies cannot be saved: nothing is queued, the dialog stays
 * with its choices and says why; once it can be, Copy works. */
static void
test_submit_not_saved (void)
{
  const char *path;
  g_autofree char *aside = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *prefix = NULL;
  FerryCopyDialog *dialog;
  gboolean had_file;

  copy_dialog_open_window ();
  path = ferry_task_store_get_path (ferry_copy_queue_get_store (ferry_window_get_queue (window)));
  aside = g_strconcat (path, ".aside", NULL);
  before = tasks ();
  had_file = g_file_test (path, G_FILE_TEST_EXISTS);
  dialog = open_dialog ("web-server", NULL);
  choose_region (dialog, "cn-south-2", TRUE);
  gtk_editable_set_text (child (dialog, "description_row"), "kept when not saved");
  g_assert_true (can_copy (dialog));

  /* The file is a folder now: it can be neither read nor written. */
  if (had_file)
    g_assert_cmpint (g_rename (path, aside), ==, 0);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);

  submitted_tasks = 0;
  g_signal_connect (dialog, "submitted", G_CALLBACK (submitted_cb), NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "copy.submit", NULL);
  g_assert_true (ferry_test_ui_wait_for (can_copy_cb, dialog, 5000));
  g_assert_false (is_gone (NULL));
  g_assert_cmpuint (submitted_tasks, ==, 0);
  g_assert_true (gtk_revealer_get_reveal_child (child (dialog, "blocker_revealer")));
  tr ("Nothing was queued. %s");
  prefix = g_strdup_printf (_("Nothing was queued. %s"), "");
  reason = g_strdup (blocker (dialog));
  g_test_message ("%s", reason);
  g_assert_true (g_str_has_prefix (reason, prefix));
  g_assert_nonnull (strstr (reason, path));
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, "description_row")), ==, "kept when not saved");
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "copy-dialog-not-saved");

  g_assert_cmpint (g_rmdir (path), ==, 0);
  if (had_file)
    g_assert_cmpint (g_rename (aside, path), ==, 0);
  after = tasks ();
  g_assert_cmpuint (after->len, ==, before->len);

  /* Saved this time. */
  g_object_ref (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "copy.submit", NULL);
  g_object_unref (dialog);
  g_assert_true (ferry_test_ui_wait_for (is_gone, NULL, 5000));
  g_assert_cmpuint (submitted_tasks, ==, 1);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = tasks ();
  g_assert_cmpuint (after->len, ==, before->len + 1);
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

static gboolean
has_question (gpointer data)
{
  GtkWindow *question = ferry_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);

  return question != NULL && gtk_widget_get_mapped (GTK_WIDGET (question));
}

/* The question Copy asks when copies were made or queued before. */
static AdwMessageDialog *
wait_question (void)
{
  AdwMessageDialog *question;

  g_assert_true (ferry_test_ui_wait_for (has_question, NULL, 10000));
  question = ADW_MESSAGE_DIALOG (ferry_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG));
  ferry_test_ui_wait_drawn (GTK_WIDGET (question));
  return question;
}

static gboolean
no_question (gpointer data)
{
  return !has_question (NULL);
}

/* As its button does: the response, then the question goes. */
static void
answer (AdwMessageDialog *question,
        const char       *response)
{
  g_assert_true (adw_message_dialog_has_response (question, response));
  adw_message_dialog_response (question, response);
  gtk_window_destroy (GTK_WINDOW (question));
}

/* The task of a copy of @image to @region, the last one. */
static FerryCopyTask *
find_task (GPtrArray  *list,
           const char *image,
           const char *region)
{
  for (guint i = list->len; i > 0; i--)
    {
      FerryCopyTask *task = g_ptr_array_index (list, i - 1);

      if (g_str_equal (ferry_copy_task_get_image_name (task), image) &&
          g_strcmp0 (ferry_copy_task_get_destination_region (task), region) == 0)
        return task;
    }
  return NULL;
}

/* What /ui/copy-dialog/submit makes, for the tests that start from it: a
 * copy of web-server to cn-south-1, finished. */
static void
copy_web_server_to_guangzhou (void)
{
  FerrySandbox *sandbox = ferry_application_ensure_sandbox (app, NULL);
  g_autoptr(GPtrArray) after = NULL;
  FerryCopyDialog *dialog;
  FerryCopyTask *task;

  g_object_set (sandbox, "copy-seconds", 2, NULL);
  dialog = open_dialog ("web-server", NULL);
  choose_region (dialog, "cn-south-1", TRUE);
  g_assert_true (can_copy (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "copy.submit", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_gone, NULL, 5000));
  after = tasks ();
  task = find_task (after, "web-server", "cn-south-1");
  g_assert_nonnull (task);
  task = ferry_copy_queue_lookup (ferry_window_get_queue (window), ferry_copy_task_get_id (task));
  g_assert_true (ferry_test_ui_wait_for (task_done, task, 30000));
}

/* The same image, region, project and name as a copy made before: Copy
 * says so per destination and asks; Cancel keeps the choices, Leave It Out
 * queues only the new copies (issue: an identical copy made twice). */
static void
test_copy_again (void)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  FerryCopyTask *made;
  FerryRegionCatalogue *catalogue;
  const char *guangzhou;
  const char *beijing1;
  g_autofree char *made_id = NULL;
  AdwMessageDialog *question;
  FerryCopyDialog *dialog;
  const char *body;

  copy_dialog_open_window ();
  copy_web_server_to_guangzhou ();
  before = tasks ();
  made = find_task (before, "web-server", "cn-south-1");
  catalogue = ferry_client_get_catalogue (session_client ());
  guangzhou = ferry_region_get_name (ferry_region_catalogue_lookup (catalogue, "cn-south-1"));
  beijing1 = ferry_region_get_name (ferry_region_catalogue_lookup (catalogue, "cn-north-1"));
  /* Made before, and finished. */
  g_assert_nonnull (made);
  g_assert_cmpint (ferry_copy_task_get_state (made), ==, FERRY_TASK_STATE_DONE);
  made_id = g_strndup (ferry_copy_task_get_id (made), 8);

  dialog = open_dialog ("web-server", NULL);
  choose_region (dialog, "cn-south-1", TRUE);
  choose_region (dialog, "cn-north-1", TRUE);
  g_assert_true (can_copy (dialog));
  submitted_tasks = 0;
  g_signal_connect (dialog, "submitted", G_CALLBACK (submitted_cb), NULL);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "copy.submit", NULL);
  question = wait_question ();
  body = adw_message_dialog_get_body (question);
  g_test_message ("%s", body);
  g_assert_nonnull (strstr (body, guangzhou));
  g_assert_nonnull (strstr (body, made_id));
  g_assert_null (strstr (body, beijing1));
  g_assert_true (adw_message_dialog_has_response (question, "leave-out"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (question), ==, "leave-out");
  ferry_test_ui_take_screenshot (GTK_WIDGET (question), "copy-dialog-copy-again");

  /* Cancel: nothing queued, the choices stay. */
  answer (question, "cancel");
  g_assert_true (ferry_test_ui_wait_for (no_question, NULL, 5000));
  g_assert_true (ferry_test_ui_wait_for (can_copy_cb, dialog, 5000));
  g_assert_false (is_gone (NULL));
  g_assert_cmpuint (submitted_tasks, ==, 0);
  after = tasks ();
  g_assert_cmpuint (after->len, ==, before->len);
  g_clear_pointer (&after, g_ptr_array_unref);

  /* Leave It Out: only the new copy. */
  g_object_ref (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "copy.submit", NULL);
  question = wait_question ();
  answer (question, "leave-out");
  g_object_unref (dialog);
  g_assert_true (ferry_test_ui_wait_for (is_gone, NULL, 5000));
  g_assert_cmpuint (submitted_tasks, ==, 1);
  after = tasks ();
  g_assert_cmpuint (after->len, ==, before->len + 1);
  g_assert_cmpstr (ferry_copy_task_get_destination_region (g_ptr_array_index (after, after->len - 1)), ==,
                   "cn-north-1");
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

static void
test_multi (void)
{
  FerrySandbox *sandbox = ferry_application_ensure_sandbox (app, NULL);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_auto(GStrv) destinations = NULL;
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  FerryCopyDialog *dialog;
  const char *lang = g_getenv ("FERRY_TEST_LANG");
  const char *expected = g_strcmp0 (lang, "zh_CN") == 0 ? "copy_华北-北京四_windows-server"
                                                         : "copy_CN North-Beijing4_windows-server";

  copy_dialog_open_window ();
  copy_web_server_to_guangzhou ();
  before = tasks ();
  /* Long copies: they are still running when the next dialog opens. */
  g_object_set (sandbox, "copy-seconds", 60, NULL);
  dialog = open_dialog ("web-server", "windows-server", NULL);
  g_assert_true (gtk_widget_get_visible (child (dialog, "name_hint")));
  g_assert_cmpstr (gtk_label_get_text (child (dialog, "name_hint")), ==,
                   tr ("“{name}” stands for each image’s name; one pattern serves every image. The default names are shortened to 128 characters; a pattern of your own that makes a longer name is refused."));
  /* As the hint says: a pattern of one's own is not cut, but refused. */
  {
    g_autofree char *pattern = g_strdup (gtk_editable_get_text (child (dialog, "name_row")));
    g_autofree char *filler = g_strnfill (120, 'x');
    g_autofree char *long_pattern = g_strconcat (filler, "{name}", NULL);

    gtk_editable_set_text (child (dialog, "name_row"), long_pattern);
    g_assert_true (gtk_widget_get_visible (child (dialog, "name_error")));
    g_assert_false (can_copy (dialog));
    gtk_editable_set_text (child (dialog, "name_row"), pattern);
    g_assert_false (gtk_widget_get_visible (child (dialog, "name_error")));
  }
  choose_region (dialog, "cn-south-1", TRUE);
  choose_region (dialog, "cn-east-2", TRUE);
  destinations = ferry_copy_dialog_dup_destination_regions (dialog);
  g_assert_cmpuint (g_strv_length (destinations), ==, 2);
  g_assert_true (can_copy (dialog));
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "copy-dialog-multi");

  submitted_tasks = 0;
  g_signal_connect (dialog, "submitted", G_CALLBACK (submitted_cb), NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "copy.submit", NULL);
  /* web-server was copied to cn-south-1 before: asked, and copied
   * anyway, as told. */
  {
    AdwMessageDialog *question = wait_question ();

    g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "web-server"));
    g_assert_null (strstr (adw_message_dialog_get_body (question), "windows-server"));
    answer (question, "copy");
  }
  g_assert_true (ferry_test_ui_wait_for (is_gone, NULL, 5000));
  g_assert_cmpuint (submitted_tasks, ==, 4);

  after = tasks ();
  g_assert_cmpuint (after->len, ==, before->len + 4);
  for (guint i = before->len; i < after->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (after, i);

      g_hash_table_add (pairs, g_strdup_printf ("%s→%s", ferry_copy_task_get_image_name (task),
                                                ferry_copy_task_get_destination_region (task)));
      if (g_str_equal (ferry_copy_task_get_image_name (task), "windows-server"))
        g_assert_cmpstr (ferry_copy_task_get_name (task), ==, expected);
    }
  g_assert_true (g_hash_table_contains (pairs, "web-server→cn-south-1"));
  g_assert_true (g_hash_table_contains (pairs, "web-server→cn-east-2"));
  g_assert_true (g_hash_table_contains (pairs, "windows-server→cn-south-1"));
  g_assert_true (g_hash_table_contains (pairs, "windows-server→cn-east-2"));

  /* The toast leads to the tasks. */
  g_assert_nonnull (ferry_test_ui_find_actionable (GTK_WIDGET (window), "win.show-tasks"));

  /* Five at a time: the dialog says which copies will wait. */
  dialog = open_dialog ("db-server", NULL);
  choose_region (dialog, "cn-south-1", TRUE);
  choose_region (dialog, "cn-east-2", TRUE);
  /* Not "both regions": the source and every destination. */
  g_assert_cmpstr (adw_action_row_get_subtitle (child (dialog, "create_agency_row")), ==,
                   tr ("An IMS agency with IMS Administrator in the source region and every destination"));
  g_assert_true (can_copy (dialog));
  g_assert_true (gtk_widget_get_visible (child (dialog, "queue_note")));
  g_assert_nonnull (strstr (as_read (child (dialog, "queue_note")), "IMG.0149"));
  /* Each count with its own plural form. */
  {
    guint in_flight = ferry_copy_queue_get_n_in_flight (ferry_window_get_queue (window));
    guint waiting = MIN (2, in_flight + 2 - FERRY_MAX_CONCURRENT_COPIES);
    g_autofree char *running =
      tr_plural ("The service runs five cross-region copies of an account at a time (IMG.0149); %u is running now.",
                 "The service runs five cross-region copies of an account at a time (IMG.0149); %u are running now.",
                 in_flight);
    g_autofree char *wait =
      tr_plural ("%u of these copies will wait in Ferry’s queue and start by itself.",
                 "%u of these copies will wait in Ferry’s queue and start by themselves.",
                 waiting);
    g_autofree char *note = tr_format ("%s %s", running, wait, NULL);

    g_assert_cmpstr (as_read (child (dialog, "queue_note")), ==, note);
  }
  close_dialog (dialog);
  g_object_set (sandbox, "copy-seconds", 2, NULL);
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  ferry_test_ui_init (&argc, &argv);
  /* The application, its session and its sandbox are the process's; each
   * test opens a window of its own (copy_dialog_open_window()). */
  app = ferry_test_ui_new_app ();

  g_test_add_func ("/ui/copy-dialog/submit", test_submit);
  g_test_add_func ("/ui/copy-dialog/submit-not-saved", test_submit_not_saved);
  g_test_add_func ("/ui/copy-dialog/copy-again", test_copy_again);
  g_test_add_func ("/ui/copy-dialog/multi", test_multi);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
