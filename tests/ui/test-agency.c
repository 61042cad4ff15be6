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

#include "ferry-agency-window-private.h"
#include "ferry-region.h"
#include "ferry-application.h"
#include "ferry-copy-queue.h"
#include "ferry-iam.h"
#include "ferry-ims.h"
#include "ferry-sandbox.h"
#include "ferry-window.h"
#include "ferry-window-private.h"
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

static GtkWidget *find_mapped_actionable (GtkWidget  *root,
                                          const char *action);

/* A row of that title on the page shown (the form has rows of the same
 * titles). */
static GtkWidget *
find_mapped_row (GtkWidget  *root,
                 const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Done: the page says so, every step ticked, and closes on Close. */
static void
confirm_and_close (FerryAgencyWindow *page)
{
  g_autofree char *done = NULL;
  g_auto(GStrv) parts = g_strsplit (ferry_test_ui_tr (NULL, "The agency “%s” is ready: it holds IMS Administrator in every region chosen."),
                                    "%s", -1);

  g_assert_nonnull (ready_name);
  done = g_strjoinv (ready_name, parts);
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "progress");
  ferry_test_ui_wait_drawn (GTK_WIDGET (page));
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (page), done));
  {
    g_auto(GStrv) heading_parts = g_strsplit (ferry_test_ui_tr (NULL, "“%s” Is Ready"), "%s", -1);
    g_autofree char *heading = g_strjoinv (ready_name, heading_parts);

    g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (page), heading));
  }
  g_assert_true (gtk_widget_has_focus (find_mapped_actionable (GTK_WIDGET (page), "agency.done")));
  ferry_test_ui_take_screenshot (GTK_WIDGET (page), "agency-done");
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.done", NULL);
  wait_closed (page);
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

/* A button bound to @action that the user can see now (several may be
 * bound to it, on different pages). */
static GtkWidget *
find_mapped_actionable (GtkWidget  *root,
                        const char *action)
{
  if (GTK_IS_ACTIONABLE (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped_actionable (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
region_name (const char *id)
{
  return ferry_region_get_name (ferry_region_catalogue_lookup (ferry_client_get_catalogue (client), id));
}

/* A translated format with its "%s" filled in, one after the other. */
static char *
fill (const char *format,
      ...)
{
  g_auto(GStrv) parts = g_strsplit (ferry_test_ui_tr (NULL, format), "%s", -1);
  g_autoptr(GString) text = g_string_new (parts[0]);
  va_list args;

  va_start (args, format);
  for (guint i = 1; parts[i] != NULL; i++)
    {
      g_string_append (text, va_arg (args, const char *));
      g_string_append (text, parts[i]);
    }
  va_end (args);
  return g_string_free (g_steal_pointer (&text), FALSE);
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
  /* The console's name is taken: the form proposes the next free one,
   * and is not red for a name the user never typed. */
  {
    GtkWidget *name = ferry_test_ui_find_row (GTK_WIDGET (page), ferry_test_ui_tr (NULL, "Agency Name"));

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "ims_administrator_agency_2");
    g_assert_false (gtk_widget_has_css_class (name, "error"));
    g_assert_true (action_enabled (page, "create"));
    ferry_test_ui_take_screenshot (GTK_WIDGET (page), "agency-form-proposed");
  }
  /* Typed by the user: said why, and no "go back" where the page has no
   * way back (it was opened for the copy's regions). */
  set_text (page, "Agency Name", "ims_administrator_agency");
  g_assert_false (action_enabled (page, "create"));
  clash = fill ("An agency named “%s” exists already. Choose another name, or close this window and choose that agency for the copy.",
                "ims_administrator_agency");
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (page), clash));
  g_assert_false (gtk_widget_get_visible (ferry_test_ui_find_actionable (GTK_WIDGET (page), "agency.back")));
  /* The fixed type and service, the regions locked on. */
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (page),
                                              ferry_test_ui_tr (NULL, "Image Management Service (IMS)")));
  ferry_test_ui_take_screenshot (GTK_WIDGET (page), "agency-duplicate");

  set_text (page, "Agency Name", "bad name");
  g_assert_false (action_enabled (page, "create"));
  set_text (page, "Agency Name", "fine_name");
  g_assert_true (action_enabled (page, "create"));
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (page));
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
  ferry_test_ui_take_screenshot (GTK_WIDGET (page), "agency-form");
  ferry_test_ui_resize (GTK_WINDOW (page), 360, 720);
  ferry_test_ui_take_screenshot (GTK_WIDGET (page), "agency-form-narrow");

  gtk_widget_activate_action (GTK_WIDGET (page), "agency.create", NULL);
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "progress");
  g_assert_true (ferry_test_ui_wait_for (is_ready, NULL, 15000));
  g_assert_cmpstr (ready_name, ==, "copy_agency");
  /* Back to the dialog: the page closes itself. */
  confirm_and_close (page);
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
  g_assert_true (ferry_copy_queue_add (ferry_window_get_queue (window), task, NULL));
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
  ferry_test_ui_take_screenshot (GTK_WIDGET (page), "agency-progress-failed");
  ferry_test_ui_resize (GTK_WINDOW (page), 360, 720);
  ferry_test_ui_take_screenshot (GTK_WIDGET (page), "agency-progress-failed-narrow");

  gtk_widget_activate_action (GTK_WIDGET (page), "agency.retry", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_ready, NULL, 15000));
  g_assert_cmpstr (ready_name, ==, "retry_agency");
  confirm_and_close (page);
  /* Never a second agency. */
  g_assert_cmpuint (count_agencies ("retry_agency"), ==, 1);
  assert_granted_everywhere ("retry_agency");
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
  ferry_test_ui_take_screenshot (GTK_WIDGET (page), "agency-check");
  /* Grant sits above the regions it is about, in sight without scrolling
   * past every one of them. */
  {
    GtkWidget *grant = find_mapped_actionable (GTK_WIDGET (page), "agency.grant-missing");
    GtkWidget *first = find_mapped_row (GTK_WIDGET (page), region_name ("cn-north-4"));
    graphene_rect_t grant_bounds, row_bounds;

    g_assert_nonnull (grant);
    g_assert_nonnull (first);
    g_assert_true (gtk_widget_compute_bounds (grant, GTK_WIDGET (page), &grant_bounds));
    g_assert_true (gtk_widget_compute_bounds (first, GTK_WIDGET (page), &row_bounds));
    g_assert_cmpfloat (grant_bounds.origin.y + grant_bounds.size.height, <=, row_bounds.origin.y);
    g_assert_cmpfloat (grant_bounds.origin.y + grant_bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (page)));
  }

  /* It says what it will do first. */
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.grant-missing", NULL);
  g_assert_true (ferry_test_ui_wait_for (ferry_test_ui_has_message_dialog, NULL, 5000));
  dialog = ferry_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  ferry_test_ui_wait_drawn (GTK_WIDGET (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "cn-east-2"));
  g_assert_null (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "(project cn-north-4)"));
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "agency-grant-confirm");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "grant");
  setup = g_object_ref (ferry_agency_window_get_setup (page));
  /* Exactly the missing grant: no create, one grant step. */
  g_assert_cmpuint (ferry_agency_setup_get_n_steps (setup), ==, 3);
  g_assert_cmpstr (ferry_agency_setup_get_step_region (setup, 1), ==, "cn-east-2");

  g_assert_true (ferry_test_ui_wait_for (is_ready, NULL, 15000));
  g_assert_cmpstr (ready_name, ==, "ims_partial_agency");
  g_assert_true (ferry_agency_setup_get_complete (setup));
  confirm_and_close (page);
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
  ferry_test_ui_take_screenshot (GTK_WIDGET (page), "agency-unsuitable");
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (page));
}

static void
test_menu (void)
{
  FerryAgencyWindow *page;
  g_autofree char *clash = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.agencies", NULL);
  page = FERRY_AGENCY_WINDOW (ferry_test_ui_find_window (FERRY_TYPE_AGENCY_WINDOW));
  g_assert_nonnull (page);
  open_page (page);
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "list");
  g_assert_nonnull (ferry_test_ui_find_row (GTK_WIDGET (page), "ims_partial_agency"));
  ferry_test_ui_take_screenshot (GTK_WIDGET (page), "agency-list");

  /* Pick one: its check, with what it covers ticked. */
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.check", "s", "ims_administrator_agency");
  g_assert_true (ferry_test_ui_wait_for (is_idle, page, 15000));
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "check");
  g_assert_cmpint (ferry_agency_window_get_grant (page, "ap-southeast-3"), ==, FERRY_GRANT_GRANTED);
  g_assert_false (action_enabled (page, "grant-missing"));
  ferry_test_ui_resize (GTK_WINDOW (page), 360, 720);
  ferry_test_ui_wait_drawn (GTK_WIDGET (page));
  ferry_test_ui_take_screenshot (GTK_WIDGET (page), "agency-check-narrow");

  /* Back with Alt+Left, as in GNOME's pages, and the form of a new one,
   * with no region forced. */
  ferry_test_ui_press_key (GTK_WINDOW (page), GDK_KEY_Left, GDK_ALT_MASK);
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "list");
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.new", NULL);
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "form");
  set_text (page, "Agency Name", "menu_agency");
  g_assert_false (action_enabled (page, "create"));
  /* Here the list is a step away: the clash says so. */
  set_text (page, "Agency Name", "ims_partial_agency");
  clash = fill ("An agency named “%s” exists already. Choose another name, or go back to the agencies with the arrow above to check that one.",
                "ims_partial_agency");
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (page), clash));
  /* Ctrl+W closes it, like every other window. */
  ferry_test_ui_press_key (GTK_WINDOW (page), GDK_KEY_w, GDK_CONTROL_MASK);
  wait_closed (page);

  /* Escape too. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.agencies", NULL);
  page = FERRY_AGENCY_WINDOW (ferry_test_ui_find_window (FERRY_TYPE_AGENCY_WINDOW));
  open_page (page);
  ferry_test_ui_press_key (GTK_WINDOW (page), GDK_KEY_Escape, 0);
  wait_closed (page);
}

/* Lifts the fault once the create has failed: only the create was hit. */
static void
lift_fault_cb (FerryAgencySetup *setup,
               guint             index)
{
  if (index == 0 && ferry_agency_setup_get_step_state (setup, 0) == FERRY_AGENCY_STEP_FAILED)
    g_object_set (sandbox, "drop-rate", 0.0, NULL);
}

/* The create went through but its answer was lost: the page must not say
 * it was not created, nor lead back to a form whose Create would make a
 * second one; Retry finds it and carries on with it. */
static void
test_create_answer_lost (void)
{
  FerryAgencyWindow *page;
  FerryAgencySetup *setup;
  g_autofree char *unknown = NULL;

  page = open_page (ferry_agency_window_new (GTK_WINDOW (window), client, account, copy_regions));
  set_text (page, "Agency Name", "lost_agency");
  g_assert_true (ferry_test_ui_wait_for (is_idle, page, 15000));
  g_assert_true (action_enabled (page, "create"));
  g_object_set (sandbox, "drop-rate", 1.0, NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.create", NULL);
  setup = ferry_agency_window_get_setup (page);
  g_signal_connect (setup, "step-changed", G_CALLBACK (lift_fault_cb), NULL);
  g_assert_true (ferry_test_ui_wait_for (is_idle, page, 15000));
  g_object_set (sandbox, "drop-rate", 0.0, NULL);
  ferry_test_ui_wait_drawn (GTK_WIDGET (page));

  g_assert_null (ready_name);
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "progress");
  g_assert_null (ferry_agency_setup_get_agency (setup));
  g_assert_true (ferry_agency_setup_get_create_unknown (setup));
  /* It was made, though the page cannot know. */
  g_assert_cmpuint (count_agencies ("lost_agency"), ==, 1);
  g_assert_null (ferry_test_ui_find_label (GTK_WIDGET (page), ferry_test_ui_tr (NULL, "The agency was not created.")));
  unknown = fill ("Whether the agency “%s” was created is not known: Huawei Cloud’s answer did not come back. Retry looks for it first and carries on with it, so it is never created twice.",
                  "lost_agency");
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (page), unknown));
  /* Only Retry: no way back to the form, nor to the list. */
  g_assert_nonnull (find_mapped_actionable (GTK_WIDGET (page), "agency.retry"));
  g_assert_true (action_enabled (page, "retry"));
  g_assert_null (find_mapped_actionable (GTK_WIDGET (page), "agency.done"));
  g_assert_null (find_mapped_actionable (GTK_WIDGET (page), "agency.back"));
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.done", NULL);
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "progress");
  ferry_test_ui_resize (GTK_WINDOW (page), 560, 720);
  ferry_test_ui_take_screenshot (GTK_WIDGET (page), "agency-outcome-unknown");
  ferry_test_ui_resize (GTK_WINDOW (page), 360, 720);
  ferry_test_ui_take_screenshot (GTK_WIDGET (page), "agency-outcome-unknown-narrow");

  gtk_widget_activate_action (GTK_WIDGET (page), "agency.retry", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_ready, NULL, 15000));
  g_assert_cmpstr (ready_name, ==, "lost_agency");
  confirm_and_close (page);
  /* Exactly one agency of that name, the one the lost answer made. */
  g_assert_cmpuint (count_agencies ("lost_agency"), ==, 1);
  assert_granted_everywhere ("lost_agency");
}

/* An agency made while the form is away counts as taken when it is shown
 * again: the list is loaded again each time. */
static void
test_form_reloads (void)
{
  FerryAgencyWindow *page;
  g_autoptr(FerryAgency) made = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *clash = NULL;
  const char *one[] = { "cn-north-4", NULL };

  page = open_page (ferry_agency_window_new (GTK_WINDOW (window), client, account, NULL));
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.new", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_idle, page, 15000));
  set_text (page, "Agency Name", "elsewhere_agency");

  /* Made behind the page's back. */
  ferry_iam_create_agency_async (client, "cn-north-4", "elsewhere_agency", FERRY_AGENCY_DURATION_FOREVER,
                                 NULL, NULL, store_cb, NULL);
  made = ferry_iam_create_agency_finish (client, wait_result (), &error);
  g_assert_no_error (error);

  gtk_widget_activate_action (GTK_WIDGET (page), "agency.back", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_idle, page, 15000));
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.new", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_idle, page, 15000));
  ferry_test_ui_wait_drawn (GTK_WIDGET (page));
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "form");
  clash = fill ("An agency named “%s” exists already. Choose another name, or go back to the agencies with the arrow above to check that one.",
                "elsewhere_agency");
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (page), clash));
  g_assert_false (action_enabled (page, "create"));
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (page));

  /* The copy dialog's page, loaded before the agency was made: its create
   * fails (409), and Back to the Form loads the list again. */
  page = open_page (ferry_agency_window_new (GTK_WINDOW (window), client, account, one));
  ferry_iam_create_agency_async (client, "cn-north-4", "elsewhere2_agency", FERRY_AGENCY_DURATION_FOREVER,
                                 NULL, NULL, store_cb, NULL);
  g_clear_object (&made);
  made = ferry_iam_create_agency_finish (client, wait_result (), &error);
  g_assert_no_error (error);
  set_text (page, "Agency Name", "elsewhere2_agency");
  g_assert_true (action_enabled (page, "create"));
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.create", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_idle, page, 15000));
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "progress");
  g_assert_false (ferry_agency_setup_get_create_unknown (ferry_agency_window_get_setup (page)));
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.done", NULL);
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "form");
  g_assert_true (ferry_test_ui_wait_for (is_idle, page, 15000));
  g_clear_pointer (&clash, g_free);
  clash = fill ("An agency named “%s” exists already. Choose another name, or close this window and choose that agency for the copy.",
                "elsewhere2_agency");
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (page), clash));
  g_assert_false (action_enabled (page, "create"));
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (page));
  g_assert_cmpuint (count_agencies ("elsewhere2_agency"), ==, 1);
}

/* A sub-project as a scope, as the copy dialog gives it for a copy to
 * one: shown as such, required, and granted on exactly that project. */
static void
test_sub_project (void)
{
  const char *scopes[] = { "cn-north-4", "cn-north-4_dev", NULL };
  FerryAgencyWindow *page;
  g_autoptr(FerryAgencySetup) setup = NULL;
  g_autoptr(FerryAgency) agency = NULL;
  g_autofree FerryGrant *grants = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  GtkWidget *row;
  GtkWidget *check;
  GtkWindow *dialog;

  page = open_page (ferry_agency_window_new_for_agency (GTK_WINDOW (window), client, account,
                                                        "ims_administrator_agency", scopes));
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "check");
  g_assert_cmpint (ferry_agency_window_get_grant (page, "cn-north-4"), ==, FERRY_GRANT_GRANTED);
  g_assert_cmpint (ferry_agency_window_get_grant (page, "cn-north-4_dev"), ==, FERRY_GRANT_MISSING);

  /* "CN North-Beijing4 (project cn-north-4_dev)", ticked and locked. */
  title = fill ("%s (project %s)", region_name ("cn-north-4"), "cn-north-4_dev");
  row = ferry_test_ui_find_row (GTK_WIDGET (page), title);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   ferry_test_ui_tr (NULL, "Sub-project · needed by the copy"));
  check = ferry_test_ui_find_by_type (row, GTK_TYPE_CHECK_BUTTON);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_false (gtk_widget_get_sensitive (check));
  g_assert_true (action_enabled (page, "grant-missing"));
  ferry_test_ui_resize (GTK_WINDOW (page), 360, 720);
  ferry_test_ui_take_screenshot (GTK_WIDGET (page), "agency-sub-project-narrow");

  gtk_widget_activate_action (GTK_WIDGET (page), "agency.grant-missing", NULL);
  g_assert_true (ferry_test_ui_wait_for (ferry_test_ui_has_message_dialog, NULL, 5000));
  dialog = ferry_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), title));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "grant");
  setup = g_object_ref (ferry_agency_window_get_setup (page));
  /* Exactly that grant: role, one grant, check. */
  g_assert_cmpuint (ferry_agency_setup_get_n_steps (setup), ==, 3);
  g_assert_cmpstr (ferry_agency_setup_get_step_region (setup, 1), ==, "cn-north-4_dev");
  g_assert_true (ferry_test_ui_wait_for (is_ready, NULL, 15000));
  g_assert_cmpstr (ready_name, ==, "ims_administrator_agency");
  g_assert_true (ferry_agency_setup_get_complete (setup));
  confirm_and_close (page);

  agency = get_agency ("ims_administrator_agency");
  ferry_iam_check_ims_grants_async (client, account, ferry_agency_get_id (agency), scopes,
                                    NULL, store_cb, NULL);
  grants = ferry_iam_check_ims_grants_finish (client, wait_result (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (grants[0], ==, FERRY_GRANT_GRANTED);
  g_assert_cmpint (grants[1], ==, FERRY_GRANT_GRANTED);
}

/* Opened for an agency that does not exist: said, with a way on. */
static void
test_not_found (void)
{
  FerryAgencyWindow *page;
  g_autofree char *title = NULL;

  page = open_page (ferry_agency_window_new_for_agency (GTK_WINDOW (window), client, account,
                                                        "gone_agency", copy_regions));
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "check");
  title = fill ("No agency named “%s”", "gone_agency");
  g_assert_nonnull (ferry_test_ui_find_row (GTK_WIDGET (page), title));
  g_assert_nonnull (find_mapped_actionable (GTK_WIDGET (page), "agency.new"));
  g_assert_nonnull (find_mapped_actionable (GTK_WIDGET (page), "agency.back"));
  g_assert_false (action_enabled (page, "grant-missing"));
  ferry_test_ui_resize (GTK_WINDOW (page), 360, 720);
  ferry_test_ui_take_screenshot (GTK_WIDGET (page), "agency-not-found-narrow");

  /* Create it: the form, with that name. */
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.new", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_idle, page, 15000));
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "form");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ferry_test_ui_find_row (GTK_WIDGET (page), ferry_test_ui_tr (NULL, "Agency Name")))),
                   ==, "gone_agency");
  g_assert_true (action_enabled (page, "create"));
  /* Or the list, and back from there. */
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.back", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_idle, page, 15000));
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "list");
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.check", "s", "ims_partial_agency");
  g_assert_true (ferry_test_ui_wait_for (is_idle, page, 15000));
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "check");
  ferry_test_ui_wait_drawn (GTK_WIDGET (page));
  g_assert_nonnull (find_mapped_actionable (GTK_WIDGET (page), "agency.back"));
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (page));
}

/* The list fails to load: said on every page, with a Retry that works. */
static void
test_load_failed (void)
{
  g_autoptr(FerryCredentials) credentials = ferry_credentials_new (FERRY_SANDBOX_ACCESS_KEY,
                                                                   FERRY_SANDBOX_SECRET_KEY, NULL);
  g_autofree char *endpoint = ferry_sandbox_dup_endpoint_template (sandbox);
  g_autoptr(FerryClient) impatient = NULL;
  g_autoptr(GError) error = NULL;
  FerryAgencyWindow *page;
  const char *failed = ferry_test_ui_tr (NULL, "The agencies could not be loaded");

  /* A client that does not retry, for a quick failure. */
  impatient = ferry_client_new (credentials, endpoint, ferry_client_get_catalogue (client), &error);
  g_assert_no_error (error);
  ferry_client_set_domain_id (impatient, ferry_account_get_domain_id (account));
  ferry_client_set_retry_budget (impatient, 0);

  /* The check page of an agency. */
  g_object_set (sandbox, "fail-rate", 1.0, NULL);
  page = open_page (ferry_agency_window_new_for_agency (GTK_WINDOW (window), impatient, account,
                                                        "ims_partial_agency", copy_regions));
  g_object_set (sandbox, "fail-rate", 0.0, NULL);
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "check");
  g_assert_nonnull (ferry_test_ui_find_row (GTK_WIDGET (page), failed));
  g_assert_nonnull (find_mapped_actionable (GTK_WIDGET (page), "agency.reload"));
  ferry_test_ui_take_screenshot (GTK_WIDGET (page), "agency-load-failed");
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.reload", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_idle, page, 15000));
  g_assert_cmpint (ferry_agency_window_get_grant (page, "cn-north-4"), ==, FERRY_GRANT_GRANTED);
  g_assert_null (find_mapped_actionable (GTK_WIDGET (page), "agency.reload"));
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (page));

  /* The form: Create waits, the error and Retry are shown. */
  g_object_set (sandbox, "fail-rate", 1.0, NULL);
  page = open_page (ferry_agency_window_new (GTK_WINDOW (window), impatient, account, copy_regions));
  g_object_set (sandbox, "fail-rate", 0.0, NULL);
  set_text (page, "Agency Name", "reload_agency");
  ferry_test_ui_wait_drawn (GTK_WIDGET (page));
  g_assert_false (action_enabled (page, "create"));
  g_assert_nonnull (find_mapped_actionable (GTK_WIDGET (page), "agency.reload"));
  ferry_test_ui_resize (GTK_WINDOW (page), 360, 720);
  ferry_test_ui_take_screenshot (GTK_WIDGET (page), "agency-form-load-failed-narrow");
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.reload", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_idle, page, 15000));
  g_assert_true (action_enabled (page, "create"));
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (page));

  /* The list. */
  g_object_set (sandbox, "fail-rate", 1.0, NULL);
  page = open_page (ferry_agency_window_new (GTK_WINDOW (window), impatient, account, NULL));
  g_object_set (sandbox, "fail-rate", 0.0, NULL);
  g_assert_cmpstr (ferry_agency_window_get_page (page), ==, "list");
  g_assert_nonnull (ferry_test_ui_find_row (GTK_WIDGET (page), failed));
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.reload", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_idle, page, 15000));
  g_assert_nonnull (ferry_test_ui_find_row (GTK_WIDGET (page), "ims_partial_agency"));
  g_assert_null (ferry_test_ui_find_row (GTK_WIDGET (page), failed));
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (page));
}

/* Destroyed as destroy-with-parent does it, with a create on its way: the
 * run stops at once and the window goes, without a late callback. */
static void
test_destroyed_while_running (void)
{
  FerryAgencyWindow *page;
  GtkWidget *row;
  gint64 destroyed;

  page = open_page (ferry_agency_window_new (GTK_WINDOW (window), client, account, NULL));
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.new", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_idle, page, 15000));
  set_text (page, "Agency Name", "late_agency");
  row = ferry_test_ui_find_row (GTK_WIDGET (page), region_name ("cn-north-4"));
  g_assert_nonnull (row);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (ferry_test_ui_find_by_type (row, GTK_TYPE_CHECK_BUTTON)), TRUE);
  g_assert_true (action_enabled (page, "create"));

  /* Each answer a second late: the whole run would take several. */
  g_object_set (sandbox, "latency-ms", 1000, NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "agency.create", NULL);
  g_assert_true (ferry_agency_window_get_busy (page));
  gtk_window_destroy (GTK_WINDOW (page));
  destroyed = g_get_monotonic_time ();
  g_assert_true (ferry_test_ui_wait_for (is_null, &open_window, 15000));
  g_assert_cmpint (g_get_monotonic_time () - destroyed, <, 900 * G_TIME_SPAN_MILLISECOND);
  g_object_set (sandbox, "latency-ms", 0, NULL);
}

int
main (int   argc,
      char *argv[])
{
  FerryCopyQueue *queue;
  int ret;

  ferry_test_ui_init (&argc, &argv);

  app = ferry_test_ui_new_app ();
  window = ferry_test_ui_activate (app);

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
  g_test_add_func ("/ui/agency/create-answer-lost", test_create_answer_lost);
  g_test_add_func ("/ui/agency/form-reloads", test_form_reloads);
  g_test_add_func ("/ui/agency/sub-project", test_sub_project);
  g_test_add_func ("/ui/agency/not-found", test_not_found);
  g_test_add_func ("/ui/agency/load-failed", test_load_failed);
  g_test_add_func ("/ui/agency/destroyed-while-running", test_destroyed_while_running);
  g_test_add_func ("/ui/agency/unsuitable", test_unsuitable);
  g_test_add_func ("/ui/agency/menu", test_menu);

  ret = g_test_run ();
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
  g_clear_object (&app);
  return ret;
}
