/* test-copy-dialog-choices.c: the copy dialog's agencies and vaults: what it
 * offers, what it checks, and what is made from it
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-agency-window-private.h"
#include "ferry-cbr.h"
#include "ferry-client-private.h"
#include "ferry-copy-cache.h"
#include "ferry-copy-dialog-private.h"
#include "ferry-iam.h"
#include "ferry-new-vault-dialog.h"
#include "ferry-sandbox.h"
#include "ferry-images-page-private.h"
#include "ferry-window-private.h"
#include "ferry-test-ui.h"
#include "test-copy-dialog.h"

/* A descendant of @root whose CSS node is @name ("radio", "check"). */
static GtkWidget *
find_css_node (GtkWidget  *root,
               const char *name)
{
  if (g_strcmp0 (gtk_widget_get_css_name (root), name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_css_node (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_vault (void)
{
  FerryCopyDialog *dialog;
  AdwComboRow *vault_row;
  AdwMessageDialog *message;
  GtkWidget *name_entry;
  FerryCopyChoice *frozen;

  copy_dialog_open_window ();
  dialog = open_dialog ("whole-cbr", NULL);
  vault_row = child (dialog, "vault_row");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (vault_row)));
  g_assert_true (gtk_widget_get_visible (child (dialog, "billing_note")));

  /* One destination at a time, and it shows: radio buttons, and once one
   * is chosen, why. */
  g_assert_nonnull (find_css_node (GTK_WIDGET (region_check (dialog, "cn-south-1")), "radio"));
  choose_region (dialog, "cn-east-2", TRUE);
  choose_region (dialog, "cn-south-1", TRUE);
  g_assert_false (gtk_check_button_get_active (region_check (dialog, "cn-east-2")));
  {
    g_autofree char *why = tr_printf ("%s; one at a time, as the copy needs a vault there",
                                      region_name ("cn-south-1"));

    g_assert_cmpstr (adw_expander_row_get_subtitle (child (dialog, "regions_row")), ==, why);
    adw_expander_row_set_expanded (child (dialog, "regions_row"), TRUE);
    screenshot_form (dialog, "copy-dialog-vault-regions");
    adw_expander_row_set_expanded (child (dialog, "regions_row"), FALSE);
  }

  /* A region without a replication vault: refused until one is made. */
  assert_blocked_by (dialog, "IMG.0184");
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (vault_row)), ==, 0);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (vault_row)), ==,
                   tr ("No replication vault for server backups in this region: create one."));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "copy.new-vault", NULL);
  g_assert_true (ferry_test_ui_wait_for (ferry_test_ui_has_message_dialog, NULL, 5000));
  message = ADW_MESSAGE_DIALOG (ferry_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG));
  /* It says it costs money. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (message), region_name ("cn-south-1")));
  g_assert_true (FERRY_IS_NEW_VAULT_DIALOG (message));
  name_entry = ferry_test_ui_find_by_type (GTK_WIDGET (message), ADW_TYPE_ENTRY_ROW);
  /* A name of the region's own; 100 GB, and room for the image (60 GiB)
   * at least; CBR's limit of 64 characters on the name. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_entry)), ==, "vault-copy-cn-south-1");
  {
    GtkSpinButton *size = GTK_SPIN_BUTTON (ferry_test_ui_find_by_type (GTK_WIDGET (message),
                                                                       GTK_TYPE_SPIN_BUTTON));
    g_autofree char *longest = g_strnfill (64, 'v');
    g_autofree char *too_long = g_strnfill (65, 'v');
    double lower, upper;

    g_assert_cmpint (gtk_spin_button_get_value_as_int (size), ==, 100);
    gtk_spin_button_get_range (size, &lower, &upper);
    g_assert_cmpfloat (lower, ==, 60.0);
    g_assert_true (adw_message_dialog_get_response_enabled (message, "create"));
    gtk_editable_set_text (GTK_EDITABLE (name_entry), "");
    g_assert_false (adw_message_dialog_get_response_enabled (message, "create"));
    gtk_editable_set_text (GTK_EDITABLE (name_entry), too_long);
    g_assert_false (adw_message_dialog_get_response_enabled (message, "create"));
    gtk_editable_set_text (GTK_EDITABLE (name_entry), longest);
    g_assert_true (adw_message_dialog_get_response_enabled (message, "create"));
  }
  gtk_editable_set_text (GTK_EDITABLE (name_entry), "vault-gz-test");
  ferry_test_ui_take_screenshot (GTK_WIDGET (message), "copy-dialog-new-vault");
  adw_message_dialog_response (message, "create");
  gtk_window_destroy (GTK_WINDOW (message));
  wait_settled (dialog);
  g_assert_cmpstr (ferry_copy_choice_get_label (adw_combo_row_get_selected_item (vault_row)), ==,
                   "vault-gz-test");
  g_assert_true (can_copy (dialog));

  /* One destination at a time: another one replaces it; its vaults show
   * with capacity and status, the frozen one greyed out. */
  choose_region (dialog, "cn-east-2", TRUE);
  g_assert_false (gtk_check_button_get_active (region_check (dialog, "cn-south-1")));
  g_assert_cmpstr (ferry_copy_choice_get_label (adw_combo_row_get_selected_item (vault_row)), ==,
                   "vault-sh2-replication");
  frozen = find_choice (vault_row, "vault-sh2-frozen", NULL);
  g_assert_nonnull (frozen);
  g_assert_false (ferry_copy_choice_is_allowed (frozen));
  /* Its status in words, not CBR's "frozen". */
  g_assert_nonnull (strstr (ferry_copy_choice_get_detail (frozen), tr ("Frozen")));
  {
    g_autofree char *reason = tr_format ("The vault “%s” is not available (%s).",
                                         "vault-sh2-frozen", tr ("Frozen"), NULL);

    g_assert_cmpstr (ferry_copy_choice_get_reason (frozen), ==, reason);
  }
  g_assert_null (find_choice (vault_row, "vault-sh2-backup", NULL));
  g_assert_true (can_copy (dialog));
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "copy-dialog-cbr");
  screenshot_form (dialog, "copy-dialog-cbr");
  ferry_test_ui_resize (GTK_WINDOW (dialog), 360, 720);
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "copy-dialog-cbr-narrow");
  close_dialog (dialog);
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

static gboolean
agency_page_idle (gpointer data)
{
  return !ferry_agency_window_get_busy (data);
}

static gboolean
agency_page_gone (gpointer data)
{
  return ferry_test_ui_find_window (FERRY_TYPE_AGENCY_WINDOW) == NULL;
}

static gboolean
agency_page_done (gpointer data)
{
  FerryAgencySetup *setup = ferry_agency_window_get_setup (data);

  return setup != NULL && ferry_agency_setup_get_complete (setup) && !ferry_agency_window_get_busy (data);
}

/* The agency page, done, says so and stays until Close. */
static void
close_agency_page_when_done (void)
{
  FerryAgencyWindow *agency_page = FERRY_AGENCY_WINDOW (ferry_test_ui_find_window (FERRY_TYPE_AGENCY_WINDOW));

  g_assert_nonnull (agency_page);
  g_assert_true (ferry_test_ui_wait_for (agency_page_done, agency_page, 15000));
  g_assert_cmpstr (ferry_agency_window_get_page (agency_page), ==, "progress");
  gtk_widget_activate_action (GTK_WIDGET (agency_page), "agency.done", NULL);
  g_assert_true (ferry_test_ui_wait_for (agency_page_gone, NULL, 15000));
}

static FerryAgencyWindow *
wait_agency_page (void)
{
  FerryAgencyWindow *agency_page = FERRY_AGENCY_WINDOW (ferry_test_ui_find_window (FERRY_TYPE_AGENCY_WINDOW));

  g_assert_nonnull (agency_page);
  ferry_test_ui_wait_drawn (GTK_WIDGET (agency_page));
  g_assert_true (ferry_test_ui_wait_for (agency_page_idle, agency_page, 15000));
  return agency_page;
}

static void
test_agency (void)
{
  FerryCopyDialog *dialog;
  AdwActionRow *check_row;
  FerryAgencyWindow *agency_page;
  FerryCopyChoice *ecs;
  g_autofree char *missing = NULL;
  g_autofree char *granted = NULL;

  copy_dialog_open_window ();
  dialog = open_dialog ("web-server", NULL);
  check_row = child (dialog, "check_row");
  choose_region (dialog, "cn-east-2", TRUE);

  /* Not an IMS agency: greyed out. */
  ecs = find_choice (child (dialog, "agency_row"), "ecs_agency", NULL);
  g_assert_nonnull (ecs);
  g_assert_false (ferry_copy_choice_is_allowed (ecs));

  /* Granted in the source only. */
  choose (dialog, "agency_row", "ims_partial_agency");
  missing = tr_printf ("Missing in %s", region_name ("cn-east-2"));
  g_assert_cmpstr (adw_action_row_get_subtitle (check_row), ==, missing);
  g_assert_true (gtk_widget_get_visible (child (dialog, "repair_row")));
  assert_blocked_by (dialog, "IMG.0151");
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "copy-dialog-agency-missing");

  /* Granted in both. */
  {
    g_autofree char *both = g_strconcat (region_name ("cn-north-4"), tr (", "), region_name ("cn-east-2"), NULL);

    granted = tr_printf ("Granted in %s", both);
  }
  choose (dialog, "agency_row", "ims_administrator_agency");
  g_assert_cmpstr (adw_action_row_get_subtitle (check_row), ==, granted);
  g_assert_false (gtk_widget_get_visible (child (dialog, "repair_row")));
  g_assert_true (can_copy (dialog));

  /* select_agency reloads and checks again. */
  ferry_copy_dialog_select_agency (dialog, "ims_partial_agency");
  wait_settled (dialog);
  g_assert_cmpstr (ferry_copy_dialog_get_agency_name (dialog), ==, "ims_partial_agency");
  g_assert_cmpstr (adw_action_row_get_subtitle (check_row), ==, missing);

  /* Grant Missing Permissions… opens the agency page over both regions;
   * once it has granted what was missing, the dialog checks again. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "copy.repair-agency", NULL);
  agency_page = wait_agency_page ();
  g_assert_cmpstr (ferry_agency_window_get_page (agency_page), ==, "check");
  g_assert_cmpint (ferry_agency_window_get_grant (agency_page, "cn-east-2"), ==, FERRY_GRANT_MISSING);
  gtk_widget_activate_action (GTK_WIDGET (agency_page), "agency.grant-missing", NULL);
  g_assert_true (ferry_test_ui_wait_for (ferry_test_ui_has_message_dialog, NULL, 5000));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ferry_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG)),
                               "grant");
  close_agency_page_when_done ();
  wait_settled (dialog);
  g_assert_cmpstr (ferry_copy_dialog_get_agency_name (dialog), ==, "ims_partial_agency");
  g_assert_cmpstr (adw_action_row_get_subtitle (check_row), ==, granted);
  g_assert_false (gtk_widget_get_visible (child (dialog, "repair_row")));
  g_assert_true (can_copy (dialog));
  close_dialog (dialog);
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

static FerryCopyDialog *
open_dev_copy (void)
{
  FerryCopyDialog *dialog = open_dialog ("sh2-web", NULL);

  choose_region (dialog, "cn-north-4", TRUE);
  choose (dialog, "project_row", "cn-north-4_dev");
  return dialog;
}

/* What the agency page of the main menu changes reaches the next dialog
 * once the session's cache is told. */
static void
test_forget_agencies (void)
{
  FerryClient *client;
  FerryCopyDialog *dialog;
  g_autofree char *agency_id = NULL;
  g_autofree char *project_id = NULL;
  g_autofree char *dev = NULL;
  g_autofree char *both = NULL;
  g_autofree char *granted = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) roles = NULL;
  g_autoptr(FerryRole) role = NULL;
  g_autoptr(GError) error = NULL;

  copy_dialog_open_window ();
  client = session_client ();
  show_region ("cn-east-2");
  dialog = open_dev_copy ();
  assert_blocked_by (dialog, "IMG.0151");
  agency_id = g_strdup (ferry_agency_get_id (choice_item (dialog, "agency_row", "ims_administrator_agency")));
  project_id = g_strdup (ferry_project_get_id (choice_item (dialog, "project_row", "cn-north-4_dev")));
  close_dialog (dialog);

  /* Granted behind the dialogs' back. */
  ferry_iam_find_roles_async (client, "cn-north-4", "IMS Administrator", NULL, store_result_cb, &result);
  wait_result (&result);
  roles = ferry_iam_find_roles_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (roles), >, 0);
  role = g_list_model_get_item (roles, 0);
  g_clear_object (&result);
  ferry_iam_grant_role_async (client, "cn-north-4", project_id, agency_id, ferry_role_get_id (role),
                              NULL, store_result_cb, &result);
  wait_result (&result);
  g_assert_true (ferry_iam_grant_role_finish (client, result, &error));
  g_assert_no_error (error);

  /* The session's cache still has the old answer… */
  dialog = open_dev_copy ();
  assert_blocked_by (dialog, "IMG.0151");
  close_dialog (dialog);

  /* … until it is told. */
  ferry_copy_cache_forget_agencies (client);
  dialog = open_dev_copy ();
  g_assert_true (can_copy (dialog));
  dev = tr_format ("%s (project %s)", region_name ("cn-north-4"), "cn-north-4_dev", NULL);
  both = g_strconcat (region_name ("cn-east-2"), tr (", "), dev, NULL);
  granted = tr_printf ("Granted in %s", both);
  g_assert_cmpstr (adw_action_row_get_subtitle (child (dialog, "check_row")), ==, granted);
  close_dialog (dialog);
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

/* Refreshing while answers are on their way asks again: the answers may
 * predate what the refresh is for. */
static void
test_refresh_races (void)
{
  FerrySandbox *sandbox = ferry_application_ensure_sandbox (app, NULL);
  FerryClient *client;
  FerryCopyDialog *dialog;
  g_autofree char *missing = NULL;
  guint position;
  guint sent;

  copy_dialog_open_window ();
  client = session_client ();
  dialog = open_dialog ("web-server", NULL);
  choose_region (dialog, "cn-south-1", TRUE);
  g_object_set (sandbox, "latency-ms", 500, NULL);

  /* While the agencies load. */
  sent = ferry_client_get_request_count (client);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "copy.refresh-agencies", NULL);
  g_assert_cmpuint (ferry_client_get_request_count (client), ==, sent + 1);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "copy.refresh-agencies", NULL);
  g_assert_cmpuint (ferry_client_get_request_count (client), ==, sent + 2);
  wait_settled (dialog);
  /* Then the grants on both projects, once. */
  g_assert_cmpuint (ferry_client_get_request_count (client), ==, sent + 4);
  g_assert_true (can_copy (dialog));

  /* While the grants are checked: the check is not kept, but done again
   * once the agencies are in. */
  g_assert_nonnull (find_choice (child (dialog, "agency_row"), "ims_partial_agency", &position));
  adw_combo_row_set_selected (child (dialog, "agency_row"), position);
  g_assert_true (gtk_spinner_get_spinning (child (dialog, "check_spinner")));
  sent = ferry_client_get_request_count (client);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "copy.refresh-agencies", NULL);
  g_assert_false (gtk_spinner_get_spinning (child (dialog, "check_spinner")));
  wait_settled (dialog);
  g_assert_cmpuint (ferry_client_get_request_count (client), ==, sent + 1 + 2);
  g_assert_cmpstr (ferry_copy_dialog_get_agency_name (dialog), ==, "ims_partial_agency");
  missing = tr_printf ("Missing in %s", region_name ("cn-south-1"));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (dialog, "check_row")), ==, missing);
  assert_blocked_by (dialog, "IMG.0151");

  g_object_set (sandbox, "latency-ms", 0, NULL);
  close_dialog (dialog);
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

/* New Vault… with @name and, unless 0, @size_gb. */
static void
create_vault (FerryCopyDialog *dialog,
              const char      *name,
              guint            size_gb)
{
  AdwMessageDialog *message;
  GtkWidget *name_entry;

  gtk_widget_activate_action (GTK_WIDGET (dialog), "copy.new-vault", NULL);
  g_assert_true (ferry_test_ui_wait_for (ferry_test_ui_has_message_dialog, NULL, 5000));
  message = ADW_MESSAGE_DIALOG (ferry_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG));
  name_entry = ferry_test_ui_find_by_type (GTK_WIDGET (message), ADW_TYPE_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (name_entry), name);
  if (size_gb > 0)
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (ferry_test_ui_find_by_type (GTK_WIDGET (message),
                                                                          GTK_TYPE_SPIN_BUTTON)),
                               size_gb);
  adw_message_dialog_response (message, "create");
  gtk_window_destroy (GTK_WINDOW (message));
}

/* What /ui/copy-dialog/vault makes, for the tests that start from it: a
 * replication vault of 100 GB in cn-south-1, vault-gz-test. */
static void
make_gz_vault (void)
{
  FerryCopyDialog *dialog = open_dialog ("whole-cbr", NULL);

  choose_region (dialog, "cn-south-1", TRUE);
  create_vault (dialog, "vault-gz-test", 100);
  wait_settled (dialog);
  g_assert_cmpstr (selected_label (dialog, "vault_row"), ==, "vault-gz-test");
  close_dialog (dialog);
}

/* A vault made while another destination gets chosen lands where it was
 * made; a new vault is chosen by id. */
static void
test_new_vault_elsewhere (void)
{
  FerrySandbox *sandbox = ferry_application_ensure_sandbox (app, NULL);
  FerryCopyDialog *dialog;
  FerryCopyChoice *choice;

  copy_dialog_open_window ();
  make_gz_vault ();
  dialog = open_dialog ("whole-cbr", NULL);
  choose_region (dialog, "cn-south-1", TRUE);
  g_assert_cmpstr (selected_label (dialog, "vault_row"), ==, "vault-gz-test");

  g_object_set (sandbox, "latency-ms", 1000, NULL);
  create_vault (dialog, "vault-gz-later", 0);
  choose_region (dialog, "cn-east-2", TRUE);  /* waits for the vault too */
  g_object_set (sandbox, "latency-ms", 0, NULL);
  g_assert_cmpstr (selected_label (dialog, "vault_row"), ==, "vault-sh2-replication");
  g_assert_null (find_choice (child (dialog, "vault_row"), "vault-gz-later", NULL));

  /* Back there: its list is loaded again, the new vault chosen. */
  choose_region (dialog, "cn-south-1", TRUE);
  g_assert_cmpstr (selected_label (dialog, "vault_row"), ==, "vault-gz-later");
  g_assert_true (can_copy (dialog));

  /* Names need not be unique: the vault made is the one chosen. */
  choose_region (dialog, "cn-east-2", TRUE);
  create_vault (dialog, "vault-sh2-replication", 123);
  wait_settled (dialog);
  choice = adw_combo_row_get_selected_item (child (dialog, "vault_row"));
  g_assert_nonnull (choice);
  g_assert_cmpstr (ferry_copy_choice_get_label (choice), ==, "vault-sh2-replication");
  g_assert_cmpuint (ferry_vault_get_size (ferry_copy_choice_get_item (choice)), ==, 123);
  g_assert_true (can_copy (dialog));
  close_dialog (dialog);
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

/* Several whole images into one vault: their sizes add up. */
static void
test_vault_total (void)
{
  FerryCopyDialog *dialog;
  FerryCopyChoice *choice;
  FerryVault *vault;
  g_autofree char *free_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *reason = NULL;

  copy_dialog_open_window ();
  make_gz_vault ();
  /* A second CBR whole image of 50 GiB beside the 60 GiB one. */
  sandbox_post ("/_sandbox/images",
                "{\"region\": \"cn-north-4\", \"image\": {\"name\": \"whole-cbr-50g\", \"status\": \"active\","
                " \"__image_size\": \"53687091200\", \"__whole_image\": \"true\","
                " \"__backup_id\": \"bk-ferry-test-50g\", \"__data_origin\": \"server_backup,bk-ferry-test-50g\"}}");
  gtk_widget_activate_action (GTK_WIDGET (page), "images.refresh", NULL);
  ferry_test_ui_wait_images (page, FERRY_IMAGES_PAGE_LIST);

  dialog = open_dialog ("whole-cbr", "whole-cbr-50g", NULL);
  choose_region (dialog, "cn-south-1", TRUE);
  /* 100 GB holds either image, not both. */
  choice = find_choice (child (dialog, "vault_row"), "vault-gz-test", NULL);
  g_assert_nonnull (choice);
  g_assert_false (ferry_copy_choice_is_allowed (choice));
  vault = ferry_copy_choice_get_item (choice);
  free_text = g_format_size_full ((guint64) (ferry_vault_get_free_gb (vault) * 1024.0 * 1024.0 * 1024.0),
                                  G_FORMAT_SIZE_IEC_UNITS);
  total_text = g_format_size_full (110 * G_GUINT64_CONSTANT (1073741824), G_FORMAT_SIZE_IEC_UNITS);
  reason = tr_format ("The vault “%s” has %s free, less than the %s these images take together.",
                      "vault-gz-test", free_text, total_text, NULL);
  g_assert_cmpstr (ferry_copy_choice_get_reason (choice), ==, reason);
  g_assert_false (can_copy (dialog));

  /* 500 GB holds both. */
  choose_region (dialog, "cn-east-2", TRUE);
  choice = find_choice (child (dialog, "vault_row"), "vault-sh2-replication", NULL);
  g_assert_true (ferry_copy_choice_is_allowed (choice));
  g_assert_true (can_copy (dialog));
  close_dialog (dialog);
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

/* From "Copy…" to a finished copy with an agency made on the way, without
 * leaving Ferry. */
static void
test_create_agency (void)
{
  FerrySandbox *sandbox = ferry_application_ensure_sandbox (app, NULL);
  g_autoptr(GPtrArray) after = NULL;
  FerryCopyDialog *dialog;
  FerryAgencyWindow *agency_page;
  FerryCopyTask *task;
  GtkWidget *name_row;

  copy_dialog_open_window ();
  g_object_set (sandbox, "copy-seconds", 2, NULL);
  dialog = open_dialog ("db-server", NULL);
  choose_region (dialog, "cn-south-1", TRUE);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "copy.create-agency", NULL);
  agency_page = wait_agency_page ();
  g_assert_cmpstr (ferry_agency_window_get_page (agency_page), ==, "form");
  name_row = ferry_test_ui_find_row (GTK_WIDGET (agency_page), tr ("Agency Name"));
  g_assert_nonnull (name_row);
  gtk_editable_set_text (GTK_EDITABLE (name_row), "agency_from_dialog");
  ferry_test_ui_wait_drawn (GTK_WIDGET (agency_page));
  gtk_widget_activate_action (GTK_WIDGET (agency_page), "agency.create", NULL);
  close_agency_page_when_done ();

  /* Back in the dialog: chosen, checked, and nothing stands in the way. */
  wait_settled (dialog);
  g_assert_cmpstr (ferry_copy_dialog_get_agency_name (dialog), ==, "agency_from_dialog");
  g_assert_true (can_copy (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "copy.submit", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_gone, NULL, 5000));

  after = tasks ();
  task = g_ptr_array_index (after, after->len - 1);
  g_assert_cmpstr (ferry_copy_task_get_agency_name (task), ==, "agency_from_dialog");
  task = ferry_copy_queue_lookup (ferry_window_get_queue (window), ferry_copy_task_get_id (task));
  g_assert_true (ferry_test_ui_wait_for (task_done, task, 30000));
  g_assert_cmpint (ferry_copy_task_get_state (task), ==, FERRY_TASK_STATE_DONE);
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

  g_test_add_func ("/ui/copy-dialog/vault", test_vault);
  g_test_add_func ("/ui/copy-dialog/agency", test_agency);
  g_test_add_func ("/ui/copy-dialog/forget-agencies", test_forget_agencies);
  g_test_add_func ("/ui/copy-dialog/refresh-races", test_refresh_races);
  g_test_add_func ("/ui/copy-dialog/new-vault-elsewhere", test_new_vault_elsewhere);
  g_test_add_func ("/ui/copy-dialog/vault-total", test_vault_total);
  g_test_add_func ("/ui/copy-dialog/create-agency", test_create_agency);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
