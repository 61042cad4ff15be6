/* test-copy-dialog.c: the copy dialog against the sandbox: its form, and one
 * test per rule it applies
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-copy-dialog-private.h"
#include "ferry-test-ui.h"
#include "test-copy-dialog.h"

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

/* Tests */

static void
test_default_name (void)
{
  const char *lang = g_getenv ("FERRY_TEST_LANG");
  const char *expected = g_strcmp0 (lang, "zh_CN") == 0 ? "copy_华北-北京四_web-server"
                                                         : "copy_CN North-Beijing4_web-server";
  FerryCopyDialog *dialog;

  copy_dialog_open_window ();
  dialog = open_dialog ("web-server", NULL);
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
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
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
  g_autofree char *layout = NULL;

  copy_dialog_open_window ();
  /* A phone's: GNOME's window buttons, 360 px. */
  g_object_get (gtk_settings_get_default (), "gtk-decoration-layout", &layout, NULL);
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
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", layout, NULL);
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

  copy_dialog_open_window ();
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
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

static void
test_whole_image_regions (void)
{
  FerryCopyDialog *dialog;
  g_autofree char *to_sh1 = NULL;
  g_autofree char *to_gy1 = NULL;

  copy_dialog_open_window ();
  dialog = open_dialog ("whole-csbs", NULL);
  to_sh1 = tr_printf ("Whole-machine images cannot be copied to %s.", region_name ("cn-east-3"));
  to_gy1 = tr_printf ("Whole-machine images cannot be copied to %s.", region_name ("cn-southwest-2"));
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
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

static void
test_projects (void)
{
  FerryCopyDialog *dialog;
  AdwComboRow *project_row;
  GListModel *projects;

  copy_dialog_open_window ();
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
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
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

  copy_dialog_open_window ();
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
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
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

  copy_dialog_open_window ();
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

  g_test_add_func ("/ui/copy-dialog/default-name", test_default_name);
  g_test_add_func ("/ui/copy-dialog/image-rules", test_image_rules);
  g_test_add_func ("/ui/copy-dialog/narrow", test_narrow);
  g_test_add_func ("/ui/copy-dialog/whole-image-regions", test_whole_image_regions);
  g_test_add_func ("/ui/copy-dialog/projects", test_projects);
  g_test_add_func ("/ui/copy-dialog/sub-project", test_sub_project);
  g_test_add_func ("/ui/copy-dialog/quota", test_quota);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
