/* test-agency.c: the IMS agency page against the sandbox: create from the
 * copy dialog's regions and copy with it, a refused grant and its retry,
 * the check and repair of a deficient agency, a duplicate name, the menu
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-agency-window.h"
#include "ferry-application.h"
#include "ferry-copy-queue.h"
#include "ferry-iam.h"
#include "ferry-ims.h"
#include "ferry-sandbox.h"
#include "ferry-window.h"
#include "ferry-test-ui.h"

static FerryApplication *app;
static FerryWindow *window;
static FerrySandbox *sandbox;
static FerryClient *client;
static FerryAccount *account;
static char *ready_name;
static GAsyncResult *result;

static const char *copy_regions[] = { "cn-north-4", "cn-east-2", NULL };

static void
screenshot (GtkWidget  *widget,
            const char *what)
{
  const char *lang = g_getenv ("FERRY_TEST_LANG");
  g_autofree char *name = g_strdup_printf ("%s-%s", what, lang != NULL ? lang : "C");
  g_autofree char *path = ferry_test_ui_screenshot (widget, name);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
store_cb (GObject      *object,
          GAsyncResult *res,
          gpointer      user_data)
{
  g_set_object (&result, res);
}

static gboolean
has_result (gpointer data)
{
  return result != NULL;
}

static GAsyncResult *
wait_result (void)
{
  g_assert_true (ferry_test_ui_wait_for (has_result, NULL, 15000));
  return g_steal_pointer (&result);
}

static void
agency_ready_cb (FerryAgencyWindow *self,
                 const char        *name)
{
  g_free (ready_name);
  ready_name = g_strdup (name);
}

static gboolean
is_idle (gpointer data)
{
  return !ferry_agency_window_get_busy (data);
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
is_ready (gpointer data)
{
  return ready_name != NULL;
}

/* The page opened last, NULL once it is gone. */
static gpointer open_window;

static FerryAgencyWindow *
open_page (FerryAgencyWindow *page)
{
  g_clear_pointer (&ready_name, g_free);
  if (open_window != NULL)
    g_object_remove_weak_pointer (open_window, &open_window);
  open_window = page;
  g_object_add_weak_pointer (G_OBJECT (page), &open_window);
  g_signal_connect (page, "agency-ready", G_CALLBACK (agency_ready_cb), NULL);
  gtk_window_present (GTK_WINDOW (page));
  ferry_test_ui_wait_drawn (GTK_WIDGET (page));
  g_assert_true (ferry_test_ui_wait_for (is_idle, page, 15000));
  ferry_test_ui_wait_drawn (GTK_WIDGET (page));
  return page;
}

static void
wait_closed (FerryAgencyWindow *page)
{
  g_assert_true (open_window == NULL || open_window == page);
  g_assert_true (ferry_test_ui_wait_for (is_null, &open_window, 15000));
}

static void
set_text (FerryAgencyWindow *page,
          const char        *row_title,
          const char        *text)
{
  GtkWidget *row = ferry_test_ui_find_row (GTK_WIDGET (page), ferry_test_ui_tr (NULL, row_title));

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
action_enabled (FerryAgencyWindow *page,
                const char        *action)
{
  g_autofree char *name = g_strconcat ("agency.", action, NULL);
  GtkWidget *button = ferry_test_ui_find_actionable (GTK_WIDGET (page), name);

  /* A button bound to the action follows whether it is enabled. */
  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

static guint
count_agencies (const char *name)
{
  g_autoptr(GListModel) agencies = NULL;
  g_autoptr(GError) error = NULL;

  ferry_iam_list_agencies_async (client, "cn-north-4", name, NULL, store_cb, NULL);
  agencies = ferry_iam_list_agencies_finish (client, wait_result (), &error);
  g_assert_no_error (error);
  return g_list_model_get_n_items (agencies);
}

static FerryAgency *
get_agency (const char *name)
{
  g_autoptr(GListModel) agencies = NULL;
  g_autoptr(GError) error = NULL;

  ferry_iam_list_agencies_async (client, "cn-north-4", name, NULL, store_cb, NULL);
  agencies = ferry_iam_list_agencies_finish (client, wait_result (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (agencies), ==, 1);
  return g_list_model_get_item (agencies, 0);
}

static void
assert_granted_everywhere (const char *name)
{
  g_autoptr(FerryAgency) agency = get_agency (name);
  g_autofree FerryGrant *grants = NULL;
  g_autoptr(GError) error = NULL;

  ferry_iam_check_ims_grants_async (client, account, ferry_agency_get_id (agency), copy_regions,
                                    NULL, store_cb, NULL);
  grants = ferry_iam_check_ims_grants_finish (client, wait_result (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (grants[0], ==, FERRY_GRANT_GRANTED);
  g_assert_cmpint (grants[1], ==, FERRY_GRANT_GRANTED);
}

static gboolean
is_images_page (gpointer data)
{
  return g_strcmp0 (ferry_window_get_page (window), "images") == 0;
}

static void
test_duplicate (void)
{
  FerryAgencyWindow *page;
  g_autofree char *clash = NULL;

  /* The default name is that of the sandbox's own agency. */
  page = open_page (ferry_agency_window_new (GTK_WINDOW (window), client, account, copy_regions));
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "form");
  g_assert_false (action_enabled (page, "create"));
  {
    g_auto(GStrv) parts = g_strsplit (ferry_test_ui_tr (NULL, "An agency named “%s” exists already. Choose another name, or go back and check that agency."),
                                      "%s", -1);

    clash = g_strjoinv ("ims_administrator_agency", parts);
  }
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (page), clash));
  /* The fixed type and service, the regions locked on. */
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (page),
                                              ferry_test_ui_tr (NULL, "Image Management Service (IMS)")));
  screenshot (GTK_WIDGET (page), "agency-duplicate");

  set_text (page, "Agency Name", "bad name");
  g_assert_false (action_enabled (page, "create"));
  set_text (page, "Agency Name", "fine_name");
  g_assert_true (action_enabled (page, "create"));
  gtk_window_destroy (GTK_WINDOW (page));
  g_assert_cmpuint (count_agencies ("fine_name"), ==, 0);
}

static gboolean
task_done (gpointer data)
{
  return ferry_copy_task_get_state (data) == FERRY_TASK_STATE_DONE ||
         ferry_copy_task_get_state (data) == FERRY_TASK_STATE_FAILED;
}

static void
test_create_and_copy (void)
{
  FerryAgencyWindow *page;
  g_autoptr(GListModel) images = NULL;
  g_autoptr(FerryImage) image = NULL;
  g_autoptr(FerryCopyTask) task = NULL;
  g_autoptr(GError) error = NULL;
  FerryImageQuery query = { .image_type = "private", .name = "web-server" };
  FerryProject *source = ferry_account_get_region_project (account, "cn-north-4");
  FerryProject *destination = ferry_account_get_region_project (account, "cn-east-2");

  /* As the copy dialog opens it: both regions preselected. */
  page = open_page (ferry_agency_window_new (GTK_WINDOW (window), client, account, copy_regions));
  set_text (page, "Agency Name", "copy_agency");
  ferry_test_ui_wait_drawn (GTK_WIDGET (page));
  g_assert_true (action_enabled (page, "create"));
  screenshot (GTK_WIDGET (page), "agency-form");
  ferry_test_ui_resize (GTK_WINDOW (page), 360, 720);
  screenshot (GTK_WIDGET (page), "agency-form-narrow");

  gtk_widget_activate_action (GTK_WIDGET (page), "agency.create", NULL);
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "progress");
  g_assert_true (ferry_test_ui_wait_for (is_ready, NULL, 15000));
  g_assert_cmpstr (ready_name, ==, "copy_agency");
  /* Back to the dialog: the page closes itself. */
  wait_closed (page);
  assert_granted_everywhere ("copy_agency");
  g_assert_cmpuint (count_agencies ("copy_agency"), ==, 1);

  /* And a copy with it goes through to the end. */
  ferry_ims_list_images_async (client, "cn-north-4", ferry_project_get_id (source), &query, NULL,
                               store_cb, NULL);
  images = ferry_ims_list_images_finish (client, wait_result (), &error);
  g_assert_no_error (error);
  image = g_list_model_get_item (images, 0);
  task = ferry_copy_task_new_cross_region (ferry_account_get_domain_id (account),
                                           ferry_image_get_id (image), ferry_image_get_name (image),
                                           "cn-north-4", ferry_project_get_id (source),
                                           "cn-east-2", ferry_project_get_name (destination),
                                           ferry_project_get_id (destination),
                                           "copy_with_new_agency", NULL, "copy_agency", NULL);
  ferry_copy_queue_add (ferry_window_get_queue (window), task);
  g_assert_true (ferry_test_ui_wait_for (task_done, task, 60000));
  g_assert_cmpint (ferry_copy_task_get_state (task), ==, FERRY_TASK_STATE_DONE);
}

static void
test_refused_then_retry (void)
{
  FerryAgencyWindow *page;
  FerryAgencySetup *setup;
  g_autofree char *retry_label = NULL;

  ferry_sandbox_refuse_grants (sandbox, "cn-east-2", 1);
  page = open_page (ferry_agency_window_new (GTK_WINDOW (window), client, account, copy_regions));
  set_text (page, "Agency Name", "retry_agency");
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.create", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_idle, page, 15000));

  /* Created, one grant refused: said, and Retry offered. */
  g_assert_null (ready_name);
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "progress");
  setup = ferry_agency_window_get_setup (page);
  g_assert_nonnull (ferry_agency_setup_get_agency (setup));
  g_assert_cmpint (ferry_agency_setup_get_step_state (setup, 2), ==, FERRY_AGENCY_STEP_DONE);
  g_assert_cmpint (ferry_agency_setup_get_step_state (setup, 3), ==, FERRY_AGENCY_STEP_FAILED);
  g_assert_true (action_enabled (page, "retry"));
  g_assert_true (gtk_widget_get_mapped (ferry_test_ui_find_actionable (GTK_WIDGET (page), "agency.retry")));
  ferry_test_ui_resize (GTK_WINDOW (page), 560, 720);
  screenshot (GTK_WIDGET (page), "agency-progress-failed");
  ferry_test_ui_resize (GTK_WINDOW (page), 360, 720);
  screenshot (GTK_WIDGET (page), "agency-progress-failed-narrow");

  gtk_widget_activate_action (GTK_WIDGET (page), "agency.retry", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_ready, NULL, 15000));
  g_assert_cmpstr (ready_name, ==, "retry_agency");
  wait_closed (page);
  /* Never a second agency. */
  g_assert_cmpuint (count_agencies ("retry_agency"), ==, 1);
  assert_granted_everywhere ("retry_agency");
}

static gboolean
has_message_dialog (gpointer data)
{
  return ferry_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static void
test_check_and_repair (void)
{
  FerryAgencyWindow *page;
  g_autoptr(FerryAgencySetup) setup = NULL;
  GtkWindow *dialog;

  page = open_page (ferry_agency_window_new_for_agency (GTK_WINDOW (window), client, account,
                                                        "ims_partial_agency", copy_regions));
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "check");
  g_assert_cmpint (ferry_agency_window_get_grant (page, "cn-north-4"), ==, FERRY_GRANT_GRANTED);
  g_assert_cmpint (ferry_agency_window_get_grant (page, "cn-east-2"), ==, FERRY_GRANT_MISSING);
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (page), ferry_test_ui_tr ("permission", "Missing")));
  g_assert_true (action_enabled (page, "grant-missing"));
  ferry_test_ui_resize (GTK_WINDOW (page), 560, 720);
  screenshot (GTK_WIDGET (page), "agency-check");

  /* It says what it will do first. */
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.grant-missing", NULL);
  g_assert_true (ferry_test_ui_wait_for (has_message_dialog, NULL, 5000));
  dialog = ferry_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  ferry_test_ui_wait_drawn (GTK_WIDGET (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "cn-east-2"));
  g_assert_null (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "(project cn-north-4)"));
  screenshot (GTK_WIDGET (dialog), "agency-grant-confirm");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "grant");
  setup = g_object_ref (ferry_agency_window_get_setup (page));
  /* Exactly the missing grant: no create, one grant step. */
  g_assert_cmpuint (ferry_agency_setup_get_n_steps (setup), ==, 3);
  g_assert_cmpstr (ferry_agency_setup_get_step_region (setup, 1), ==, "cn-east-2");

  g_assert_true (ferry_test_ui_wait_for (is_ready, NULL, 15000));
  g_assert_cmpstr (ready_name, ==, "ims_partial_agency");
  g_assert_true (ferry_agency_setup_get_complete (setup));
  wait_closed (page);
  assert_granted_everywhere ("ims_partial_agency");
}

static void
test_unsuitable (void)
{
  FerryAgencyWindow *page;

  page = open_page (ferry_agency_window_new_for_agency (GTK_WINDOW (window), client, account,
                                                        "ecs_agency", copy_regions));
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "check");
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (page),
                                              ferry_test_ui_tr (NULL, "Unsuitable for Copies")));
  g_assert_false (action_enabled (page, "grant-missing"));
  screenshot (GTK_WIDGET (page), "agency-unsuitable");
  gtk_window_destroy (GTK_WINDOW (page));
}

static void
test_menu (void)
{
  FerryAgencyWindow *page;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.agencies", NULL);
  page = FERRY_AGENCY_WINDOW (ferry_test_ui_find_window (FERRY_TYPE_AGENCY_WINDOW));
  g_assert_nonnull (page);
  open_page (page);
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "list");
  g_assert_nonnull (ferry_test_ui_find_row (GTK_WIDGET (page), "ims_partial_agency"));
  screenshot (GTK_WIDGET (page), "agency-list");

  /* Pick one: its check, with what it covers ticked. */
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.check", "s", "ims_administrator_agency");
  g_assert_true (ferry_test_ui_wait_for (is_idle, page, 15000));
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "check");
  g_assert_cmpint (ferry_agency_window_get_grant (page, "ap-southeast-3"), ==, FERRY_GRANT_GRANTED);
  g_assert_false (action_enabled (page, "grant-missing"));
  ferry_test_ui_resize (GTK_WINDOW (page), 360, 720);
  ferry_test_ui_wait_drawn (GTK_WIDGET (page));
  screenshot (GTK_WIDGET (page), "agency-check-narrow");

  /* Back, and the form of a new one, with no region forced. */
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.back", NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.new", NULL);
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "form");
  set_text (page, "Agency Name", "menu_agency");
  g_assert_false (action_enabled (page, "create"));
  gtk_window_destroy (GTK_WINDOW (page));
}

static gboolean
has_window (gpointer data)
{
  return gtk_application_get_active_window (GTK_APPLICATION (app)) != NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  FerryCopyQueue *queue;
  int ret;

  ferry_test_ui_init (&argc, &argv);

  app = ferry_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  g_assert_true (ferry_test_ui_wait_for (has_window, NULL, 10000));
  window = FERRY_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  ferry_test_ui_wait_drawn (GTK_WIDGET (window));

  sandbox = ferry_application_ensure_sandbox (app, NULL);
  g_object_set (sandbox, "copy-seconds", 2, NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.try-sandbox", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_images_page, NULL, 15000));
  queue = ferry_window_get_queue (window);
  g_assert_nonnull (queue);
  client = ferry_copy_queue_get_client (queue);
  account = ferry_copy_queue_get_account (queue);

  g_test_add_func ("/ui/agency/duplicate", test_duplicate);
  g_test_add_func ("/ui/agency/create-and-copy", test_create_and_copy);
  g_test_add_func ("/ui/agency/refused-then-retry", test_refused_then_retry);
  g_test_add_func ("/ui/agency/check-and-repair", test_check_and_repair);
  g_test_add_func ("/ui/agency/unsuitable", test_unsuitable);
  g_test_add_func ("/ui/agency/menu", test_menu);

  ret = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&app);
  return ret;
}
