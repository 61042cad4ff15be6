/* test-copy-dialog-common.c: what the copy dialog's UI tests share
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <libsoup/soup.h>

#include "ferry-copy-dialog-private.h"
#include "ferry-copy-queue.h"
#include "ferry-images-page-private.h"
#include "ferry-sandbox.h"
#include "ferry-task-store.h"
#include "ferry-window-private.h"
#include "ferry-test-ui.h"
#include "test-copy-dialog.h"

FerryApplication *app;
FerryWindow *window;
FerryImagesPage *page;
guint submitted_tasks;

void
copy_dialog_open_window (void)
{
  g_autoptr(GError) error = NULL;

  /* The demo data as it starts: what another test made is gone. */
  sandbox_post ("/_sandbox/reset", "{}");
  window = ferry_test_ui_open_sandbox (app);
  page = ferry_window_get_images_page (window);
  /* The sandbox's queue is the session's: the copies another test made
   * and saw to their end are forgotten too. */
  g_assert_true (ferry_copy_queue_clear_finished (ferry_window_get_queue (window), &error));
  g_assert_no_error (error);
  ferry_test_ui_resize (GTK_WINDOW (window), 1280, 800);
}

/* Helpers */

/* The whole form, below the fold too. */
void
screenshot_form (FerryCopyDialog *dialog,
                 const char      *what)
{
  GtkWidget *form = ferry_test_ui_find_by_type (GTK_WIDGET (dialog), ADW_TYPE_CLAMP);
  g_autofree char *name = g_strdup_printf ("%s-form", what);

  g_assert_nonnull (form);
  ferry_test_ui_take_screenshot (form, name);
}

gpointer
child (FerryCopyDialog *dialog,
       const char      *name)
{
  GObject *object = ferry_copy_dialog_get_part (dialog, name);

  g_assert_nonnull (object);
  return object;
}

void
show_region (const char *region)
{
  ferry_images_page_set_region (page, region);
  ferry_test_ui_wait_images (page, FERRY_IMAGES_PAGE_LIST);
}

guint
image_position (const char *name)
{
  GListModel *images = ferry_images_page_get_images (page);

  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    {
      g_autoptr(FerryImage) image = g_list_model_get_item (images, i);

      if (g_strcmp0 (ferry_image_get_name (image), name) == 0)
        return i;
    }
  g_error ("no image “%s” is shown", name);
}

static gboolean
dialog_settled (gpointer data)
{
  FerryCopyDialog *dialog = data;

  return !gtk_widget_get_visible (child (dialog, "regions_spinner")) &&
         !gtk_widget_get_visible (child (dialog, "agency_spinner")) &&
         !gtk_widget_get_visible (child (dialog, "vault_spinner")) &&
         !gtk_spinner_get_spinning (child (dialog, "check_spinner"));
}

void
wait_settled (FerryCopyDialog *dialog)
{
  g_assert_true (ferry_test_ui_wait_for (dialog_settled, dialog, 15000));
}

/* Selects the images named (NULL-terminated) and opens the dialog through
 * the window's action, as "Copy…" does. */
FerryCopyDialog *
open_dialog (const char *first,
             ...)
{
  GtkSelectionModel *selection = gtk_column_view_get_model (ferry_images_page_get_column_view (page));
  FerryCopyDialog *dialog;
  va_list args;

  gtk_selection_model_unselect_all (selection);
  va_start (args, first);
  for (const char *name = first; name != NULL; name = va_arg (args, const char *))
    gtk_selection_model_select_item (selection, image_position (name), FALSE);
  va_end (args);

  g_assert_true (gtk_widget_is_sensitive (ferry_test_ui_find_actionable (GTK_WIDGET (window), "win.copy-image")));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-image", NULL);
  dialog = FERRY_COPY_DIALOG (ferry_test_ui_find_window (FERRY_TYPE_COPY_DIALOG));
  g_assert_nonnull (dialog);
  wait_settled (dialog);
  ferry_test_ui_wait_drawn (GTK_WIDGET (dialog));
  return dialog;
}

gboolean
is_gone (gpointer data)
{
  return ferry_test_ui_find_window (FERRY_TYPE_COPY_DIALOG) == NULL;
}

void
close_dialog (FerryCopyDialog *dialog)
{
  FerryTestUiWatch *watch = ferry_test_ui_watch (GTK_WIDGET (dialog));

  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (ferry_test_ui_wait_for (is_gone, NULL, 5000));
  ferry_test_ui_assert_finalized (watch);
}

const char *
region_name (const char *id)
{
  FerryClient *client = ferry_images_page_get_client (page);

  return ferry_region_get_name (ferry_region_catalogue_lookup (ferry_client_get_catalogue (client), id));
}

AdwActionRow *
region_row (FerryCopyDialog *dialog,
            const char      *id)
{
  GtkWidget *row = ferry_test_ui_find_row (child (dialog, "regions_row"), region_name (id));

  g_assert_nonnull (row);
  return ADW_ACTION_ROW (row);
}

GtkCheckButton *
region_check (FerryCopyDialog *dialog,
              const char      *id)
{
  return GTK_CHECK_BUTTON (ferry_test_ui_find_by_type (GTK_WIDGET (region_row (dialog, id)),
                                                       GTK_TYPE_CHECK_BUTTON));
}

/* Asserts that @id is greyed out with exactly @reason. */
void
assert_region_refused (FerryCopyDialog *dialog,
                       const char      *id,
                       const char      *reason)
{
  AdwActionRow *row = region_row (dialog, id);

  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (region_check (dialog, id))));
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, reason);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (row)), ==, reason);
  /* The keyboard reaches it, and reads why. */
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (row)));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (row)));
}

void
choose_region (FerryCopyDialog *dialog,
               const char      *id,
               gboolean         active)
{
  GtkCheckButton *check = region_check (dialog, id);

  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (check)));
  gtk_check_button_set_active (check, active);
  wait_settled (dialog);
}

FerryCopyChoice *
find_choice (AdwComboRow *row,
             const char  *label,
             guint       *position)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryCopyChoice) choice = g_list_model_get_item (model, i);

      if (g_strcmp0 (ferry_copy_choice_get_label (choice), label) == 0)
        {
          if (position != NULL)
            *position = i;
          return choice;
        }
    }
  return NULL;
}

void
choose (FerryCopyDialog *dialog,
        const char      *combo,
        const char      *label)
{
  AdwComboRow *row = child (dialog, combo);
  guint position;

  g_assert_nonnull (find_choice (row, label, &position));
  adw_combo_row_set_selected (row, position);
  wait_settled (dialog);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, position);
}

gboolean
can_copy (FerryCopyDialog *dialog)
{
  return gtk_widget_is_sensitive (child (dialog, "copy_button"));
}

/* The bar's text as read, without the invisible word joiners that keep a
 * server code on one line. */
const char *
as_read (GtkLabel *label)
{
  static char *read;
  g_auto(GStrv) parts = g_strsplit (gtk_label_get_text (label), "\u2060", -1);

  g_free (read);
  read = g_strjoinv ("", parts);
  return read;
}

const char *
blocker (FerryCopyDialog *dialog)
{
  return as_read (child (dialog, "blocker_label"));
}

void
assert_blocked_by (FerryCopyDialog *dialog,
                   const char      *server_code)
{
  g_assert_false (can_copy (dialog));
  g_assert_true (gtk_revealer_get_reveal_child (child (dialog, "blocker_revealer")));
  if (strstr (blocker (dialog), server_code) == NULL)
    g_error ("“%s” does not name %s", blocker (dialog), server_code);
}

const char *
tr (const char *msgid)
{
  return ferry_test_ui_tr (NULL, msgid);
}

/* The translation of @msgid with its one “%s” replaced by @value. */
char *
tr_printf (const char *msgid,
           const char *value)
{
  g_autoptr(GString) text = g_string_new (tr (msgid));

  g_string_replace (text, "%s", value, 1);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The translation of @msgid with each “%s” replaced, in order, by the
 * values that follow (NULL-terminated). */
char *
tr_format (const char *msgid,
           ...)
{
  g_autoptr(GString) text = g_string_new (tr (msgid));
  va_list args;

  va_start (args, msgid);
  for (const char *value = va_arg (args, const char *); value != NULL; value = va_arg (args, const char *))
    g_string_replace (text, "%s", value, 1);
  va_end (args);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ngettext() of the app's domain with “%u” replaced by @n, asserting the
 * translation in Chinese. */
char *
tr_plural (const char *singular,
           const char *plural,
           guint       n)
{
  const char *language = g_getenv ("LANGUAGE");
  const char *text = g_dngettext (GETTEXT_PACKAGE, singular, plural, n);
  g_autoptr(GString) result = g_string_new (text);
  g_autofree char *number = g_strdup_printf ("%u", n);

  if (language != NULL && g_str_has_prefix (language, "zh") &&
      (g_strcmp0 (text, singular) == 0 || g_strcmp0 (text, plural) == 0))
    g_error ("“%s” has no Chinese translation", singular);
  g_string_replace (result, "%u", number, 1);
  return g_string_free (g_steal_pointer (&result), FALSE);
}

FerryClient *
session_client (void)
{
  return ferry_images_page_get_client (page);
}

void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
result_ready (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

void
wait_result (GAsyncResult **result)
{
  g_assert_true (ferry_test_ui_wait_for (result_ready, result, 15000));
}

/* POSTs @body to a control route of the app's sandbox. */
void
sandbox_post (const char *path,
              const char *body)
{
  FerrySandbox *sandbox = ferry_application_ensure_sandbox (app, NULL);
  g_autofree char *base = ferry_sandbox_dup_base_uri (sandbox);
  g_autofree char *uri = g_strconcat (base, path, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, store_result_cb, &result);
  wait_result (&result);
  answer = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
}

/* The item of the choice labelled @label of @combo. */
gpointer
choice_item (FerryCopyDialog *dialog,
             const char      *combo,
             const char      *label)
{
  FerryCopyChoice *choice = find_choice (child (dialog, combo), label, NULL);

  g_assert_nonnull (choice);
  return ferry_copy_choice_get_item (choice);
}

const char *
selected_label (FerryCopyDialog *dialog,
                const char      *combo)
{
  FerryCopyChoice *choice = adw_combo_row_get_selected_item (child (dialog, combo));

  return choice != NULL ? ferry_copy_choice_get_label (choice) : NULL;
}

void
submitted_cb (FerryCopyDialog *dialog,
              guint            n_tasks,
              gpointer         data)
{
  submitted_tasks += n_tasks;
}

gboolean
task_done (gpointer data)
{
  FerryCopyTask *task = data;

  return ferry_task_state_is_final (ferry_copy_task_get_state (task));
}

GPtrArray *
tasks (void)
{
  return ferry_task_store_dup_tasks (ferry_copy_queue_get_store (ferry_window_get_queue (window)));
}
