/* test-copy-dialog.c: the copy dialog against the sandbox, one test per rule
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <libsoup/soup.h>

#include "ferry-agency-window-private.h"
#include "ferry-application.h"
#include "ferry-cbr.h"
#include "ferry-client-private.h"
#include "ferry-copy-cache.h"
#include "ferry-copy-choice.h"
#include "ferry-copy-dialog.h"
#include "ferry-copy-dialog-private.h"
#include "ferry-iam.h"
#include "ferry-new-vault-dialog.h"
#include "ferry-images-page.h"
#include "ferry-images-page-private.h"
#include "ferry-sandbox.h"
#include "ferry-window.h"
#include "ferry-window-private.h"
#include "ferry-test-ui.h"

static FerryApplication *app;
static FerryWindow *window;
static FerryImagesPage *page;

/* Helpers */

/* The whole form, below the fold too. */
static void
screenshot_form (FerryCopyDialog *dialog,
                 const char      *what)
{
  GtkWidget *form = ferry_test_ui_find_by_type (GTK_WIDGET (dialog), ADW_TYPE_CLAMP);
  g_autofree char *name = g_strdup_printf ("%s-form", what);

  g_assert_nonnull (form);
  ferry_test_ui_take_screenshot (form, name);
}

static gpointer
child (FerryCopyDialog *dialog,
       const char      *name)
{
  GObject *object = ferry_copy_dialog_get_part (dialog, name);

  g_assert_nonnull (object);
  return object;
}

static gboolean
page_settled (gpointer data)
{
  return !ferry_images_page_get_loading (page) &&
         gtk_filter_list_model_get_pending (GTK_FILTER_LIST_MODEL (ferry_images_page_get_images (page))) == 0 &&
         g_strcmp0 (ferry_images_page_get_state (page), FERRY_IMAGES_PAGE_LIST) == 0;
}

static void
show_region (const char *region)
{
  ferry_images_page_set_region (page, region);
  g_assert_true (ferry_test_ui_wait_for (page_settled, NULL, 15000));
}

static guint
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

static void
wait_settled (FerryCopyDialog *dialog)
{
  g_assert_true (ferry_test_ui_wait_for (dialog_settled, dialog, 15000));
}

/* Selects the images named (NULL-terminated) and opens the dialog through
 * the window's action, as "Copy…" does. */
static FerryCopyDialog *
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

static gboolean
is_gone (gpointer data)
{
  return ferry_test_ui_find_window (FERRY_TYPE_COPY_DIALOG) == NULL;
}

static void
close_dialog (FerryCopyDialog *dialog)
{
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (ferry_test_ui_wait_for (is_gone, NULL, 5000));
}

static const char *
region_name (const char *id)
{
  FerryClient *client = ferry_images_page_get_client (page);

  return ferry_region_get_name (ferry_region_catalogue_lookup (ferry_client_get_catalogue (client), id));
}

static AdwActionRow *
region_row (FerryCopyDialog *dialog,
            const char      *id)
{
  GtkWidget *row = ferry_test_ui_find_row (child (dialog, "regions_row"), region_name (id));

  g_assert_nonnull (row);
  return ADW_ACTION_ROW (row);
}

static GtkCheckButton *
region_check (FerryCopyDialog *dialog,
              const char      *id)
{
  return GTK_CHECK_BUTTON (ferry_test_ui_find_by_type (GTK_WIDGET (region_row (dialog, id)),
                                                       GTK_TYPE_CHECK_BUTTON));
}

/* Asserts that @id is greyed out with exactly @reason. */
static void
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

static void
choose_region (FerryCopyDialog *dialog,
               const char      *id,
               gboolean         active)
{
  GtkCheckButton *check = region_check (dialog, id);

  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (check)));
  gtk_check_button_set_active (check, active);
  wait_settled (dialog);
}

static FerryCopyChoice *
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

static void
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

static gboolean
can_copy (FerryCopyDialog *dialog)
{
  return gtk_widget_is_sensitive (child (dialog, "copy_button"));
}

/* The bar's text as read, without the invisible word joiners that keep a
 * server code on one line. */
static const char *
as_read (GtkLabel *label)
{
  static char *read;
  g_auto(GStrv) parts = g_strsplit (gtk_label_get_text (label), "\u2060", -1);

  g_free (read);
  read = g_strjoinv ("", parts);
  return read;
}

static const char *
blocker (FerryCopyDialog *dialog)
{
  return as_read (child (dialog, "blocker_label"));
}

/* The bar's text laid out in its font, just as wide as it is up to the
 * dot of @code: the line must break before the code, not inside it, as
 * it did ("(IMG." / "0167)"). */
static void
assert_code_kept_whole (FerryCopyDialog *dialog,
                        const char      *code)
{
  GtkWidget *label = GTK_WIDGET (child (dialog, "blocker_label"));
  const char *text = gtk_label_get_text (GTK_LABEL (label));
  g_autofree char *prefix = g_strndup (code, strchr (code, '.') - code + 1);
  const char *start = strstr (text, prefix);
  g_autoptr(PangoLayout) measure = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  int width, start_line, end_line;
  const char *end;

  g_assert_nonnull (start);
  end = start + strlen (prefix);
  while (*end != '\0' && !g_ascii_isdigit (*end))
    end++;
  while (g_ascii_isdigit (*end))
    end++;
  measure = gtk_widget_create_pango_layout (label, NULL);
  pango_layout_set_text (measure, text, start + strlen (prefix) - text);
  pango_layout_get_size (measure, &width, NULL);

  layout = gtk_widget_create_pango_layout (label, text);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, width + PANGO_SCALE);
  pango_layout_index_to_line_x (layout, start - text, FALSE, &start_line, NULL);
  pango_layout_index_to_line_x (layout, end - 1 - text, FALSE, &end_line, NULL);
  g_assert_cmpint (start_line, ==, end_line);
}

static void
assert_blocked_by (FerryCopyDialog *dialog,
                   const char      *server_code)
{
  g_assert_false (can_copy (dialog));
  g_assert_true (gtk_revealer_get_reveal_child (child (dialog, "blocker_revealer")));
  if (strstr (blocker (dialog), server_code) == NULL)
    g_error ("“%s” does not name %s", blocker (dialog), server_code);
}

static const char *
tr (const char *msgid)
{
  return ferry_test_ui_tr (NULL, msgid);
}

/* The translation of @msgid with its one “%s” replaced by @value. */
static char *
tr_printf (const char *msgid,
           const char *value)
{
  g_autoptr(GString) text = g_string_new (tr (msgid));

  g_string_replace (text, "%s", value, 1);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The translation of @msgid with each “%s” replaced, in order, by the
 * values that follow (NULL-terminated). */
static char *
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
static char *
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

static FerryClient *
session_client (void)
{
  return ferry_images_page_get_client (page);
}

static void
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

static void
wait_result (GAsyncResult **result)
{
  g_assert_true (ferry_test_ui_wait_for (result_ready, result, 15000));
}

/* POSTs @body to a control route of the app's sandbox. */
static void
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
static gpointer
choice_item (FerryCopyDialog *dialog,
             const char      *combo,
             const char      *label)
{
  FerryCopyChoice *choice = find_choice (child (dialog, combo), label, NULL);

  g_assert_nonnull (choice);
  return ferry_copy_choice_get_item (choice);
}

static const char *
selected_label (FerryCopyDialog *dialog,
                const char      *combo)
{
  FerryCopyChoice *choice = adw_combo_row_get_selected_item (child (dialog, combo));

  return choice != NULL ? ferry_copy_choice_get_label (choice) : NULL;
}

/* Tests */

static void
test_default_name (void)
{
  FerryCopyDialog *dialog = open_dialog ("web-server", NULL);
  const char *lang = g_getenv ("FERRY_TEST_LANG");
  const char *expected = g_strcmp0 (lang, "zh_CN") == 0 ? "copy_华北-北京四_web-server"
                                                         : "copy_CN North-Beijing4_web-server";

  g_assert_cmpstr (gtk_editable_get_text (child (dialog, "name_row")), ==, expected);
  g_assert_cmpstr (ferry_copy_dialog_get_source_region (dialog), ==, "cn-north-4");

  /* Validated while typing, with the reason. */
  gtk_editable_set_text (child (dialog, "name_row"), " web");
  g_assert_true (gtk_widget_get_visible (child (dialog, "name_error")));
  g_assert_cmpstr (gtk_label_get_text (child (dialog, "name_error")), ==,
                   tr ("The name cannot begin or end with a space."));
  g_assert_false (can_copy (dialog));
  gtk_editable_set_text (child (dialog, "name_row"), "web<1>");
  g_assert_true (gtk_widget_get_visible (child (dialog, "name_error")));
  gtk_editable_set_text (child (dialog, "name_row"), expected);
  g_assert_false (gtk_widget_get_visible (child (dialog, "name_error")));

  /* The description: at most 1024 characters, no angle brackets. */
  gtk_editable_set_text (child (dialog, "description_row"), "<b>");
  g_assert_true (gtk_widget_get_visible (child (dialog, "description_error")));
  gtk_editable_set_text (child (dialog, "description_row"), "");

  /* Own region: greyed out, with its reason. */
  assert_region_refused (dialog, "cn-north-4", tr ("The destination is the image’s own region."));
  assert_blocked_by (dialog, "");
  g_assert_cmpstr (blocker (dialog), ==, tr ("Choose at least one destination region."));

  choose_region (dialog, "cn-south-1", TRUE);
  g_assert_cmpstr (ferry_copy_dialog_get_agency_name (dialog), ==, "ims_administrator_agency");
  g_assert_true (can_copy (dialog));
  g_assert_false (gtk_revealer_get_reveal_child (child (dialog, "blocker_revealer")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "vault_row")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "billing_note")));
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "copy-dialog-plain");
  screenshot_form (dialog, "copy-dialog-plain");
  ferry_test_ui_resize (GTK_WINDOW (dialog), 360, 720);
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "copy-dialog-plain-narrow");
  close_dialog (dialog);
}

/* From a narrow main window: the dialog is no wider than it. The field
 * being edited stays in sight when the bar below the form grows to say
 * what is wrong with it. */
static void
test_narrow (void)
{
  FerryCopyDialog *dialog;
  GtkWidget *description;
  GtkWidget *error;
  GtkWidget *scrolled;
  graphene_rect_t bounds;

  /* A phone's: GNOME's window buttons, 360 px. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
  ferry_test_ui_resize (GTK_WINDOW (window), 360, 720);
  dialog = open_dialog ("web-server", NULL);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), <=, gtk_widget_get_width (GTK_WIDGET (window)));
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "copy-dialog-from-narrow-window");

  /* Short, so that the description is the last field in sight. */
  ferry_test_ui_resize (GTK_WINDOW (dialog), 360, 480);
  choose_region (dialog, "cn-south-1", TRUE);
  g_assert_true (can_copy (dialog));
  description = GTK_WIDGET (child (dialog, "description_row"));
  error = GTK_WIDGET (child (dialog, "description_error"));
  /* What the form shows: its viewport. */
  scrolled = gtk_scrolled_window_get_child (child (dialog, "scrolled_window"));
  gtk_widget_grab_focus (description);
  ferry_test_ui_wait_settled (GTK_WIDGET (dialog));
  gtk_editable_set_text (GTK_EDITABLE (description), "<b>");
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_false (can_copy (dialog));
  ferry_test_ui_wait_settled (GTK_WIDGET (dialog));
  g_assert_true (gtk_revealer_get_child_revealed (child (dialog, "blocker_revealer")));

  /* The field and its error line within what the form shows, above the bar. */
  g_assert_true (gtk_widget_compute_bounds (description, scrolled, &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  /* (It was 62 px below it.) */
  g_assert_true (gtk_widget_compute_bounds (error, scrolled, &bounds));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (scrolled));
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "copy-dialog-description-error");

  gtk_editable_set_text (GTK_EDITABLE (description), "");
  close_dialog (dialog);
  ferry_test_ui_resize (GTK_WINDOW (window), 1280, 800);
}

typedef struct
{
  const char *image;
  const char *reason;       /* NULL: only the server code is checked */
  const char *server_code;
} ImageRule;

static void
test_image_rules (void)
{
  const ImageRule rules[] = {
    { "secure-encrypted", "Encrypted images cannot be copied to another region.", "IMG.0143" },
    { "installer-iso", "Images made from ISO files cannot be copied to another region.", "IMG.0167" },
    { "build-in-progress", "The image is still being created. Copy it once it is Normal.", "IMG.0046" },
    { "bigdata-320g", NULL, "IMG.0146" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      FerryCopyDialog *dialog = open_dialog (rules[i].image, NULL);
      AdwComboRow *type_row = child (dialog, "type_row");
      g_autoptr(FerryCopyChoice) in_region = g_list_model_get_item (adw_combo_row_get_model (type_row), 1);
      const char *reason = rules[i].reason != NULL ? tr (rules[i].reason) : NULL;

      if (reason == NULL)
        reason = adw_action_row_get_subtitle (region_row (dialog, "cn-south-1"));
      /* Every region, with the image's reason. */
      assert_region_refused (dialog, "cn-south-1", reason);
      assert_region_refused (dialog, "cn-east-2", reason);
      assert_region_refused (dialog, "ap-southeast-3", reason);
      assert_blocked_by (dialog, rules[i].server_code);
      g_assert_nonnull (strstr (blocker (dialog), reason));

      if (g_str_equal (rules[i].image, "secure-encrypted"))
        {
          ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "copy-dialog-encrypted");
  screenshot_form (dialog, "copy-dialog-encrypted");
          /* Within its region an encrypted image may be copied. */
          g_assert_true (ferry_copy_choice_is_allowed (in_region));
          adw_combo_row_set_selected (type_row, 1);
          wait_settled (dialog);
          g_assert_true (gtk_widget_get_visible (child (dialog, "kms_group")));
          g_assert_false (gtk_widget_get_visible (child (dialog, "destination_section")));
          g_assert_true (can_copy (dialog));
          ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "copy-dialog-in-region");
        }
      else if (g_str_equal (rules[i].image, "installer-iso"))
        {
          assert_code_kept_whole (dialog, "IMG.0167");
          /* Nor within it: greyed out, with the reason. */
          g_assert_false (ferry_copy_choice_is_allowed (in_region));
          g_assert_cmpstr (ferry_copy_choice_get_reason (in_region), ==,
                           tr ("Images made from ISO files cannot be copied within a region."));
          adw_combo_row_set_selected (type_row, 1);
          g_assert_cmpuint (adw_combo_row_get_selected (type_row), ==, 0);
        }
      close_dialog (dialog);
    }
}

static void
test_whole_image_regions (void)
{
  FerryCopyDialog *dialog = open_dialog ("whole-csbs", NULL);
  g_autofree char *to_sh1 = tr_printf ("Whole-machine images cannot be copied to %s.", region_name ("cn-east-3"));
  g_autofree char *to_gy1 = tr_printf ("Whole-machine images cannot be copied to %s.", region_name ("cn-southwest-2"));

  assert_region_refused (dialog, "cn-east-3", to_sh1);
  assert_region_refused (dialog, "cn-southwest-2", to_gy1);
  assert_region_refused (dialog, "ap-southeast-3",
                         tr ("Whole-machine images cannot be copied between the Chinese mainland and regions outside it."));
  assert_region_refused (dialog, "eu-west-0",
                         tr ("Whole-machine images cannot be copied between the Chinese mainland and regions outside it."));
  /* CSBS: no vault, but the billing note. */
  g_assert_false (gtk_widget_get_visible (child (dialog, "vault_row")));
  g_assert_true (gtk_widget_get_visible (child (dialog, "billing_note")));
  choose_region (dialog, "cn-east-2", TRUE);
  g_assert_true (can_copy (dialog));
  close_dialog (dialog);

  /* Between two regions outside the mainland. */
  show_region ("ap-southeast-3");
  dialog = open_dialog ("sg-whole-cbr", NULL);
  assert_region_refused (dialog, "ap-southeast-1",
                         tr ("Whole-machine images cannot be copied between two regions outside the Chinese mainland."));
  assert_region_refused (dialog, "cn-north-4",
                         tr ("Whole-machine images cannot be copied between the Chinese mainland and regions outside it."));
  /* Nowhere at all: the bar says so, with the region. */
  assert_blocked_by (dialog, "IMG.0147");
  g_assert_nonnull (strstr (blocker (dialog), region_name ("ap-southeast-3")));
  g_assert_null (strstr (blocker (dialog), tr ("Choose at least one destination region.")));
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "copy-whole-nowhere");
  close_dialog (dialog);

  /* From a region without whole-image copies, nowhere. */
  show_region ("cn-east-3");
  dialog = open_dialog ("sh1-whole-csbs", NULL);
  {
    g_autofree char *from_sh1 = tr_printf ("Whole-machine images cannot be copied from %s.", region_name ("cn-east-3"));

    assert_region_refused (dialog, "cn-north-4", from_sh1);
    assert_region_refused (dialog, "cn-east-2", from_sh1);
    /* No region can be chosen: the bar says why, not "choose one". */
    assert_blocked_by (dialog, "IMG.0147");
    g_assert_nonnull (strstr (blocker (dialog), from_sh1));
  }
  close_dialog (dialog);
  show_region ("cn-north-4");
}

static gboolean
has_message_dialog (gpointer data)
{
  return ferry_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

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
  FerryCopyDialog *dialog = open_dialog ("whole-cbr", NULL);
  AdwComboRow *vault_row = child (dialog, "vault_row");
  AdwMessageDialog *message;
  GtkWidget *name_entry;
  FerryCopyChoice *frozen;

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
  g_assert_true (ferry_test_ui_wait_for (has_message_dialog, NULL, 5000));
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
  FerryCopyDialog *dialog = open_dialog ("web-server", NULL);
  AdwActionRow *check_row = child (dialog, "check_row");
  FerryAgencyWindow *agency_page;
  FerryCopyChoice *ecs;
  g_autofree char *missing = NULL;
  g_autofree char *granted = NULL;

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
  g_assert_true (ferry_test_ui_wait_for (has_message_dialog, NULL, 5000));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ferry_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG)),
                               "grant");
  close_agency_page_when_done ();
  wait_settled (dialog);
  g_assert_cmpstr (ferry_copy_dialog_get_agency_name (dialog), ==, "ims_partial_agency");
  g_assert_cmpstr (adw_action_row_get_subtitle (check_row), ==, granted);
  g_assert_false (gtk_widget_get_visible (child (dialog, "repair_row")));
  g_assert_true (can_copy (dialog));
  close_dialog (dialog);
}

static void
test_projects (void)
{
  FerryCopyDialog *dialog;
  AdwComboRow *project_row;
  GListModel *projects;

  show_region ("cn-east-2");
  dialog = open_dialog ("sh2-web", NULL);
  project_row = child (dialog, "project_row");

  choose_region (dialog, "cn-north-4", TRUE);
  projects = adw_combo_row_get_model (project_row);
  g_assert_cmpuint (g_list_model_get_n_items (projects), ==, 2);
  g_assert_cmpstr (ferry_copy_choice_get_label (adw_combo_row_get_selected_item (project_row)), ==, "cn-north-4");
  g_assert_nonnull (find_choice (project_row, "cn-north-4_dev", NULL));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (project_row)));
  g_assert_true (can_copy (dialog));

  choose_region (dialog, "cn-north-4", FALSE);
  choose_region (dialog, "cn-south-1", TRUE);
  projects = adw_combo_row_get_model (project_row);
  g_assert_cmpuint (g_list_model_get_n_items (projects), ==, 1);
  g_assert_cmpstr (ferry_copy_choice_get_label (adw_combo_row_get_selected_item (project_row)), ==, "cn-south-1");

  /* Several destinations: each region's default project. */
  choose_region (dialog, "cn-north-4", TRUE);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (project_row)));
  close_dialog (dialog);
  show_region ("cn-north-4");
}

/* A copy to a sub-project needs the grant there: the region's default
 * project does not stand for it. */
static void
test_sub_project (void)
{
  FerryCopyDialog *dialog;
  AdwActionRow *check_row;
  g_auto(GStrv) scopes = NULL;
  g_autofree char *dev = NULL;
  g_autofree char *missing = NULL;

  show_region ("cn-east-2");
  dialog = open_dialog ("sh2-web", NULL);
  check_row = child (dialog, "check_row");
  choose_region (dialog, "cn-north-4", TRUE);
  g_assert_cmpstr (ferry_copy_dialog_get_agency_name (dialog), ==, "ims_administrator_agency");
  g_assert_true (can_copy (dialog));

  choose (dialog, "project_row", "cn-north-4_dev");
  dev = tr_format ("%s (project %s)", region_name ("cn-north-4"), "cn-north-4_dev", NULL);
  missing = tr_printf ("Missing in %s", dev);
  g_assert_cmpstr (adw_action_row_get_subtitle (check_row), ==, missing);
  g_assert_true (gtk_widget_get_visible (child (dialog, "repair_row")));
  assert_blocked_by (dialog, "IMG.0151");
  g_assert_nonnull (strstr (blocker (dialog), "cn-north-4_dev"));
  /* Grant Missing Permissions… asks for the sub-project. */
  scopes = ferry_copy_dialog_dup_destination_regions (dialog);
  g_assert_cmpuint (g_strv_length (scopes), ==, 1);
  g_assert_cmpstr (scopes[0], ==, "cn-north-4_dev");
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "copy-dialog-sub-project");
  screenshot_form (dialog, "copy-dialog-sub-project");
  ferry_test_ui_resize (GTK_WINDOW (dialog), 360, 720);
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "copy-dialog-sub-project-narrow");

  /* The default project is granted. */
  choose (dialog, "project_row", "cn-north-4");
  g_assert_true (can_copy (dialog));
  g_assert_false (gtk_widget_get_visible (child (dialog, "repair_row")));
  g_clear_pointer (&scopes, g_strfreev);
  scopes = ferry_copy_dialog_dup_destination_regions (dialog);
  g_assert_cmpuint (g_strv_length (scopes), ==, 1);
  g_assert_cmpstr (scopes[0], ==, "cn-north-4");

  /* Several destinations: each region's default project. */
  choose_region (dialog, "cn-south-1", TRUE);
  g_clear_pointer (&scopes, g_strfreev);
  scopes = ferry_copy_dialog_dup_destination_regions (dialog);
  g_assert_cmpuint (g_strv_length (scopes), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) scopes, "cn-north-4"));
  g_assert_true (g_strv_contains ((const char * const *) scopes, "cn-south-1"));
  g_assert_true (can_copy (dialog));
  close_dialog (dialog);
  show_region ("cn-north-4");
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
  FerryClient *client = session_client ();
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
  show_region ("cn-north-4");
}

/* Refreshing while answers are on their way asks again: the answers may
 * predate what the refresh is for. */
static void
test_refresh_races (void)
{
  FerrySandbox *sandbox = ferry_application_ensure_sandbox (app, NULL);
  FerryClient *client = session_client ();
  FerryCopyDialog *dialog = open_dialog ("web-server", NULL);
  g_autofree char *missing = NULL;
  guint position;
  guint sent;

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
  g_assert_true (ferry_test_ui_wait_for (has_message_dialog, NULL, 5000));
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

/* A vault made while another destination gets chosen lands where it was
 * made; a new vault is chosen by id. */
static void
test_new_vault_elsewhere (void)
{
  FerrySandbox *sandbox = ferry_application_ensure_sandbox (app, NULL);
  FerryCopyDialog *dialog = open_dialog ("whole-cbr", NULL);
  FerryCopyChoice *choice;

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

  /* A second CBR whole image of 50 GiB beside the 60 GiB one. */
  sandbox_post ("/_sandbox/images",
                "{\"region\": \"cn-north-4\", \"image\": {\"name\": \"whole-cbr-50g\", \"status\": \"active\","
                " \"__image_size\": \"53687091200\", \"__whole_image\": \"true\","
                " \"__backup_id\": \"bk-ferry-test-50g\", \"__data_origin\": \"server_backup,bk-ferry-test-50g\"}}");
  gtk_widget_activate_action (GTK_WIDGET (page), "images.refresh", NULL);
  g_assert_true (ferry_test_ui_wait_for (page_settled, NULL, 15000));

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
}

static gboolean
quota_refused (gpointer data)
{
  FerryCopyDialog *dialog = data;

  return strstr (blocker (dialog), "IMG.0015") != NULL;
}

/* A destination whose image quota cannot take the batch (two images, one
 * copy each) greys the copy with the quota's sentence; another
 * destination with room does not. */
static void
test_quota (void)
{
  FerryCopyDialog *dialog;
  g_autofree char *fits = NULL;

  sandbox_post ("/_sandbox/quota", "{\"region\": \"cn-east-2\", \"quota\": 0}");
  dialog = open_dialog ("web-server", "windows-server", NULL);
  choose_region (dialog, "cn-east-2", TRUE);
  g_assert_true (ferry_test_ui_wait_for (quota_refused, dialog, 15000));
  assert_blocked_by (dialog, "IMG.0015");
  fits = tr_plural ("%s can hold %u more image; this copy needs %u.",
                    "%s can hold %u more images; this copy needs %u.", 0);
  {
    g_autoptr(GString) expected = g_string_new (fits);

    g_string_replace (expected, "%s", region_name ("cn-east-2"), 1);
    g_string_replace (expected, "%u", "2", 1);
    g_assert_nonnull (strstr (blocker (dialog), expected->str));
  }
  g_assert_false (can_copy (dialog));
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "copy-dialog-quota");
  /* Another destination, with room: the copy may go. */
  choose_region (dialog, "cn-east-2", FALSE);
  choose_region (dialog, "cn-south-1", TRUE);
  g_assert_true (can_copy (dialog));

  /* Room again: the next gathering of a new dialog says so. */
  close_dialog (dialog);
  sandbox_post ("/_sandbox/quota", "{\"region\": \"cn-east-2\", \"quota\": 100000}");
}

static guint submitted_tasks;

static void
submitted_cb (FerryCopyDialog *dialog,
              guint            n_tasks,
              gpointer         data)
{
  submitted_tasks += n_tasks;
}

static gboolean
task_done (gpointer data)
{
  FerryCopyTask *task = data;

  return ferry_task_state_is_final (ferry_copy_task_get_state (task));
}

static GPtrArray *
tasks (void)
{
  return ferry_task_store_dup_tasks (ferry_copy_queue_get_store (ferry_window_get_queue (window)));
}

static void
test_submit (void)
{
  FerrySandbox *sandbox = ferry_application_ensure_sandbox (app, NULL);
  g_autoptr(GPtrArray) before = tasks ();
  g_autoptr(GPtrArray) after = NULL;
  FerryCopyDialog *dialog;
  FerryCopyTask *task;

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
  const char *path = ferry_task_store_get_path (ferry_copy_queue_get_store (ferry_window_get_queue (window)));
  g_autofree char *aside = g_strconcat (path, ".aside", NULL);
  g_autoptr(GPtrArray) before = tasks ();
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *prefix = NULL;
  FerryCopyDialog *dialog;
  gboolean had_file = g_file_test (path, G_FILE_TEST_EXISTS);

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

/* The same image, region, project and name as a copy made before: Copy
 * says so per destination and asks; Cancel keeps the choices, Leave It Out
 * queues only the new copies (issue: an identical copy made twice). */
static void
test_copy_again (void)
{
  g_autoptr(GPtrArray) before = tasks ();
  g_autoptr(GPtrArray) after = NULL;
  FerryCopyTask *made = find_task (before, "web-server", "cn-south-1");
  FerryRegionCatalogue *catalogue = ferry_client_get_catalogue (session_client ());
  const char *guangzhou = ferry_region_get_name (ferry_region_catalogue_lookup (catalogue, "cn-south-1"));
  const char *beijing1 = ferry_region_get_name (ferry_region_catalogue_lookup (catalogue, "cn-north-1"));
  g_autofree char *made_id = NULL;
  AdwMessageDialog *question;
  FerryCopyDialog *dialog;
  const char *body;

  /* test_submit made it, and it finished. */
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
}

static void
test_multi (void)
{
  FerrySandbox *sandbox = ferry_application_ensure_sandbox (app, NULL);
  g_autoptr(GPtrArray) before = tasks ();
  g_autoptr(GPtrArray) after = NULL;
  g_auto(GStrv) destinations = NULL;
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  FerryCopyDialog *dialog;
  const char *lang = g_getenv ("FERRY_TEST_LANG");
  const char *expected = g_strcmp0 (lang, "zh_CN") == 0 ? "copy_华北-北京四_windows-server"
                                                         : "copy_CN North-Beijing4_windows-server";

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
  /* web-server was copied to cn-south-1 before (test_submit): asked, and
   * copied anyway, as told. */
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
}

static gboolean
is_images_page (gpointer data)
{
  return g_strcmp0 (ferry_window_get_page (window), "images") == 0;
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
  int ret;

  ferry_test_ui_init (&argc, &argv);

  app = ferry_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  g_assert_true (ferry_test_ui_wait_for (has_window, NULL, 10000));
  window = FERRY_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  page = ferry_window_get_images_page (window);
  ferry_test_ui_resize (GTK_WINDOW (window), 1280, 800);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.try-sandbox", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_images_page, NULL, 15000));
  g_assert_true (ferry_test_ui_wait_for (page_settled, NULL, 15000));

  /* In this order: each one starts where the previous one left. */
  g_test_add_func ("/ui/copy-dialog/default-name", test_default_name);
  g_test_add_func ("/ui/copy-dialog/image-rules", test_image_rules);
  g_test_add_func ("/ui/copy-dialog/narrow", test_narrow);
  g_test_add_func ("/ui/copy-dialog/whole-image-regions", test_whole_image_regions);
  g_test_add_func ("/ui/copy-dialog/vault", test_vault);
  g_test_add_func ("/ui/copy-dialog/agency", test_agency);
  g_test_add_func ("/ui/copy-dialog/projects", test_projects);
  g_test_add_func ("/ui/copy-dialog/sub-project", test_sub_project);
  g_test_add_func ("/ui/copy-dialog/forget-agencies", test_forget_agencies);
  g_test_add_func ("/ui/copy-dialog/refresh-races", test_refresh_races);
  g_test_add_func ("/ui/copy-dialog/new-vault-elsewhere", test_new_vault_elsewhere);
  g_test_add_func ("/ui/copy-dialog/vault-total", test_vault_total);
  g_test_add_func ("/ui/copy-dialog/quota", test_quota);
  g_test_add_func ("/ui/copy-dialog/create-agency", test_create_agency);
  g_test_add_func ("/ui/copy-dialog/submit", test_submit);
  g_test_add_func ("/ui/copy-dialog/submit-not-saved", test_submit_not_saved);
  g_test_add_func ("/ui/copy-dialog/copy-again", test_copy_again);
  g_test_add_func ("/ui/copy-dialog/multi", test_multi);

  ret = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&app);
  return ret;
}
