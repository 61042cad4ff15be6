/* test-images.c: the sandbox, the images page, its states and its actions
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-application.h"
#include "ferry-image-filter.h"
#include "ferry-image-list-private.h"
#include "ferry-images-page.h"
#include "ferry-images-page-private.h"
#include "ferry-window.h"
#include "ferry-window-private.h"
#include "ferry-test-ui.h"

static FerryApplication *app;
/* The window of the test that runs, and its images page: each test
 * makes its own, and destroys it at its end. */
static FerryWindow *window;
static FerryImagesPage *page;

/* The fixture of most tests: a window of its own on the sandbox's home
 * region, as large as the screen. */
static void
open_sandbox (void)
{
  window = ferry_test_ui_open_sandbox (app);
  page = ferry_window_get_images_page (window);
  ferry_test_ui_resize (GTK_WINDOW (window), 1280, 800);
}

static void
wait_for_state (const char *state)
{
  ferry_test_ui_wait_images (page, state);
  ferry_test_ui_wait_drawn (GTK_WIDGET (window));
}

/* The names of the images shown, in order. */
static GPtrArray *
shown_names (void)
{
  GListModel *images = ferry_images_page_get_images (page);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    {
      g_autoptr(FerryImage) image = g_list_model_get_item (images, i);

      g_ptr_array_add (names, g_strdup (ferry_image_get_name (image)));
    }
  return names;
}

static gboolean
shows (const char *name)
{
  g_autoptr(GPtrArray) names = shown_names ();

  return g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL);
}

static const char *
image_id (const char *name)
{
  GListModel *images = ferry_images_page_get_images (page);

  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    {
      g_autoptr(FerryImage) image = g_list_model_get_item (images, i);

      if (g_strcmp0 (ferry_image_get_name (image), name) == 0)
        return ferry_image_get_id (image);
    }
  g_error ("no image “%s” is shown", name);
}

static gboolean
is_images_page (gpointer data)
{
  return g_strcmp0 (ferry_window_get_page (window), "images") == 0;
}

static gboolean
is_connecting (gpointer data)
{
  return g_strcmp0 (ferry_window_get_page (window), "connecting") == 0;
}

static void
test_images_connect_error (void)
{
  g_autoptr(FerryCredentials) credentials = ferry_credentials_new ("AK", "SK", NULL);

  /* Plain http off loopback: refused before any request. */
  window = ferry_test_ui_new_window (app);
  ferry_test_ui_resize (GTK_WINDOW (window), 1280, 800);
  ferry_window_connect (window, credentials, "http://{service}.{region}.example.com",
                        "cn-north-4", "Broken");
  g_assert_cmpstr (ferry_window_get_page (window), ==, "connect-error");
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (window),
                                              ferry_test_ui_tr (NULL, "Could Not Connect")));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "window-connect-error");
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

static void
test_images_sandbox (void)
{
  const char *sandbox = ferry_test_ui_tr (NULL, "Sandbox");
  FerrySandbox *server = ferry_application_ensure_sandbox (app, NULL);
  GtkWidget *pill;

  /* From the welcome page, as a new user gets there. */
  window = ferry_test_ui_new_window (app);
  page = ferry_window_get_images_page (window);
  ferry_test_ui_resize (GTK_WINDOW (window), 1280, 800);
  /* Slow enough to see the window connecting. */
  g_object_set (server, "latency-ms", 1000, NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.try-sandbox", NULL);
  g_assert_true (ferry_test_ui_wait_for (is_connecting, NULL, 5000));
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (window),
                                              ferry_test_ui_tr (NULL, "Starting the sandbox…")));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "window-connecting");
  g_object_set (server, "latency-ms", 0, NULL);
  g_assert_true (ferry_test_ui_wait_for (is_images_page, NULL, 15000));
  wait_for_state (FERRY_IMAGES_PAGE_LIST);

  /* Marked as a sandbox, in the header bar and in the title. */
  g_assert_cmpstr (ferry_window_get_active_account (window), ==, FERRY_WINDOW_SANDBOX);
  pill = ferry_test_ui_find_label (GTK_WIDGET (window), sandbox);
  g_assert_nonnull (pill);
  g_assert_true (gtk_widget_get_mapped (pill));
  /* The pill marks it; the header's subtitle (shown on a narrow window,
   * where the pill leaves it too little room) repeats nothing. */
  g_assert_cmpstr (adw_view_switcher_title_get_subtitle (ADW_VIEW_SWITCHER_TITLE (ferry_test_ui_find_by_type (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_TITLE))),
                   ==, "");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (pill), ==,
                   ferry_test_ui_tr (NULL, "Demo data served by Ferry on this computer: nothing reaches Huawei Cloud"));

  /* The demo data of the home region, its own private images only. */
  g_assert_cmpstr (ferry_images_page_get_region (page), ==, "cn-north-4");
  g_assert_true (shows ("web-server"));
  g_assert_true (shows ("secure-encrypted"));
  g_assert_false (shows ("partner-shared"));
  g_assert_false (shows ("CentOS 7.9 64bit"));
  g_assert_cmpuint (g_list_model_get_n_items (ferry_images_page_get_images (page)), ==, 12);

  /* The table speaks the user's language. */
  g_assert_nonnull (ferry_test_ui_find_by_type (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW));
  ferry_test_ui_tr ("image status", "Normal (uninitialized)");
  ferry_test_ui_tr ("image kind", "Whole machine");
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "images-sandbox");
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

static void
test_images_copy_blocker (void)
{
  const char *encrypted = ferry_test_ui_tr (NULL, "Encrypted images cannot be copied to another region.");
  const char *copyable = ferry_test_ui_tr (NULL, "Copy the image to another region, or within its region.");
  GtkWidget *copy;
  GtkWidget *popover;
  GtkWidget *hint;

  open_sandbox ();
  copy = ferry_test_ui_find_actionable (GTK_WIDGET (window), "win.copy-image");
  g_assert_nonnull (copy);
  g_assert_true (gtk_widget_get_mapped (copy));

  /* Nothing selected: disabled, and says what to do. */
  g_assert_false (gtk_widget_is_sensitive (copy));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (copy), ==,
                   ferry_test_ui_tr (NULL, "Select an image to copy it to another region."));

  /* An encrypted image: the rules engine's reason first; the dialog
   * still opens (it may be copied within its region). */
  g_assert_true (ferry_images_page_select_image (page, image_id ("secure-encrypted")));
  g_assert_cmpstr (ferry_images_page_get_copy_blocker (page), ==, encrypted);
  g_assert_true (gtk_widget_is_sensitive (copy));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (copy), ==, encrypted);

  /* The row menu says the same under its disabled "Copy…". */
  gtk_widget_grab_focus (GTK_WIDGET (ferry_images_page_get_column_view (page)));
  gtk_widget_activate_action (GTK_WIDGET (page), "images.show-row-menu", NULL);
  /* The row menu is the page's own popover, its last child. */
  popover = gtk_widget_get_last_child (GTK_WIDGET (page));
  g_assert_true (GTK_IS_POPOVER_MENU (popover));
  ferry_test_ui_wait_drawn (popover);
  hint = ferry_test_ui_find_label (popover, encrypted);
  g_assert_nonnull (hint);
  ferry_test_ui_take_screenshot (popover, "images-row-menu");
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "images-row-menu-window");
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* A copyable image. */
  g_assert_true (ferry_images_page_select_image (page, image_id ("web-server")));
  g_assert_null (ferry_images_page_get_copy_blocker (page));
  g_assert_true (gtk_widget_is_sensitive (copy));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (copy), ==, copyable);

  /* Every rule of the image itself has its reason. */
  g_assert_true (ferry_images_page_select_image (page, image_id ("installer-iso")));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (copy), ==,
                   ferry_test_ui_tr (NULL, "Images made from ISO files cannot be copied to another region."));
  g_assert_true (ferry_images_page_select_image (page, image_id ("build-in-progress")));
  g_assert_nonnull (ferry_images_page_get_copy_blocker (page));
  g_assert_true (ferry_images_page_select_image (page, image_id ("app-uninitialised")));
  g_assert_null (ferry_images_page_get_copy_blocker (page));
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

/* The translation of @msgid with its one “%s” replaced by @value. */
static char *
tr_printf (const char *msgid,
           const char *value)
{
  g_autoptr(GString) text = g_string_new (ferry_test_ui_tr (NULL, msgid));

  g_string_replace (text, "%s", value, 1);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
shown_in_filter (const char *name)
{
  wait_for_state (FERRY_IMAGES_PAGE_LIST);
  return shows (name);
}

/* Rules of the source region alone, and images that no region can take:
 * the Copy button, the row and the "can be copied" filter say what
 * ferryctl check says (issue: a whole image of 华东-上海一 looked copyable). */
static void
test_images_region_verdict (void)
{
  GtkWidget *copy;
  gboolean chinese = g_str_has_prefix (g_getenv ("LANGUAGE"), "zh");
  const char *copyable = ferry_test_ui_tr (NULL, "Copy the image to another region, or within its region.");
  g_autofree char *from_sh1 = tr_printf ("Whole-machine images cannot be copied from %s.",
                                         chinese ? "华东-上海一" : "CN East-Shanghai1");
  g_autofree char *from_gy1 = tr_printf ("Whole-machine images cannot be copied from %s.",
                                         chinese ? "西南-贵阳一" : "CN Southwest-Guiyang1");
  g_autofree char *nowhere = tr_printf ("Whole-machine images cannot be copied from %s to any region: not to another region outside the Chinese mainland, nor into the mainland.",
                                        chinese ? "亚太-新加坡" : "AP-Singapore");

  open_sandbox ();
  copy = ferry_test_ui_find_actionable (GTK_WIDGET (window), "win.copy-image");
  ferry_images_page_set_region (page, "cn-east-3");
  wait_for_state (FERRY_IMAGES_PAGE_LIST);
  g_assert_true (ferry_images_page_select_image (page, image_id ("sh1-whole-csbs")));
  g_assert_cmpstr (ferry_images_page_get_copy_blocker (page), ==, from_sh1);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (copy), ==, from_sh1);
  g_assert_true (ferry_images_page_select_image (page, image_id ("sh1-web")));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (copy), ==, copyable);

  gtk_widget_activate_action (GTK_WIDGET (page), "images.copyable-only", NULL);
  g_assert_true (shown_in_filter ("sh1-web"));
  g_assert_false (shows ("sh1-whole-csbs"));
  g_assert_false (shows ("sh1-whole-cbr"));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "images-copyable-only-shanghai1");

  /* 西南-贵阳一 holds one whole image: none can be copied. */
  ferry_images_page_set_region (page, "cn-southwest-2");
  wait_for_state (FERRY_IMAGES_PAGE_NO_RESULTS);
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (window),
                                              ferry_test_ui_tr (NULL, "None of the images in this region can be copied to another region.")));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "images-none-copyable-guiyang1");
  gtk_widget_activate_action (GTK_WIDGET (page), "images.copyable-only", NULL);
  wait_for_state (FERRY_IMAGES_PAGE_LIST);
  g_assert_true (ferry_images_page_select_image (page, image_id ("gy-whole-cbr")));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (copy), ==, from_gy1);

  /* Outside the mainland a whole image has nowhere to go. */
  ferry_images_page_set_region (page, "ap-southeast-3");
  wait_for_state (FERRY_IMAGES_PAGE_LIST);
  g_assert_true (ferry_images_page_select_image (page, image_id ("sg-whole-cbr")));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (copy), ==, nowhere);
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "images-whole-nowhere");
  gtk_widget_activate_action (GTK_WIDGET (page), "images.copyable-only", NULL);
  g_assert_true (shown_in_filter ("sg-app"));
  g_assert_false (shows ("sg-whole-cbr"));
  gtk_widget_activate_action (GTK_WIDGET (page), "images.copyable-only", NULL);

  ferry_images_page_set_region (page, "cn-north-4");
  wait_for_state (FERRY_IMAGES_PAGE_LIST);
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

/* The row menu names the dialog as the header bar does: it copies to
 * other regions and within the region alike. */
static void
test_images_row_menu (void)
{
  g_auto(GStrv) parts = g_strsplit (ferry_test_ui_tr (NULL, "_Copy…"), "_", -1);
  g_autofree char *copy = g_strjoinv ("", parts);
  GtkWidget *popover;

  open_sandbox ();
  g_assert_true (ferry_images_page_select_image (page, image_id ("web-server")));
  gtk_widget_grab_focus (GTK_WIDGET (ferry_images_page_get_column_view (page)));
  gtk_widget_activate_action (GTK_WIDGET (page), "images.show-row-menu", NULL);
  popover = gtk_widget_get_last_child (GTK_WIDGET (page));
  g_assert_true (GTK_IS_POPOVER_MENU (popover));
  ferry_test_ui_wait_drawn (popover);
  g_assert_nonnull (ferry_test_ui_find_label (popover, copy));
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (window), copy));
  gtk_popover_popdown (GTK_POPOVER (popover));
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

static void
test_images_search (void)
{
  g_autoptr(GPtrArray) names = NULL;

  open_sandbox ();
  ferry_images_page_set_search_text (page, "SERVER");
  wait_for_state (FERRY_IMAGES_PAGE_LIST);
  names = shown_names ();
  g_assert_cmpuint (names->len, ==, 3);
  for (guint i = 0; i < names->len; i++)
    g_assert_nonnull (strstr (g_ptr_array_index (names, i), "server"));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "images-search");

  /* By id too. */
  ferry_images_page_set_search_text (page, image_id ("db-server"));
  wait_for_state (FERRY_IMAGES_PAGE_LIST);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_images_page_get_images (page)), ==, 1);

  ferry_images_page_set_search_text (page, "no-such-image");
  wait_for_state (FERRY_IMAGES_PAGE_NO_RESULTS);
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (window),
                                              ferry_test_ui_tr (NULL, "No Matching Images")));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "images-no-results");

  ferry_images_page_set_search_text (page, "");
  wait_for_state (FERRY_IMAGES_PAGE_LIST);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_images_page_get_images (page)), ==, 12);
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

static void
test_images_copyable_only (void)
{
  open_sandbox ();
  gtk_widget_activate_action (GTK_WIDGET (page), "images.copyable-only", NULL);
  wait_for_state (FERRY_IMAGES_PAGE_LIST);
  g_assert_true (shows ("web-server"));
  g_assert_true (shows ("app-uninitialised"));
  g_assert_false (shows ("secure-encrypted"));
  g_assert_false (shows ("installer-iso"));
  g_assert_false (shows ("bigdata-320g"));
  g_assert_false (shows ("build-in-progress"));
  g_assert_false (shows ("failed-import"));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "images-copyable-only");

  gtk_widget_activate_action (GTK_WIDGET (page), "images.copyable-only", NULL);
  wait_for_state (FERRY_IMAGES_PAGE_LIST);
  g_assert_true (shows ("secure-encrypted"));
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

static void
assert_sorted (gboolean descending)
{
  g_autoptr(GPtrArray) names = shown_names ();

  for (guint i = 1; i < names->len; i++)
    {
      int order = g_utf8_collate (g_ptr_array_index (names, i - 1), g_ptr_array_index (names, i));

      if (descending ? order < 0 : order > 0)
        g_error ("“%s” comes before “%s”", (char *) g_ptr_array_index (names, i - 1),
                 (char *) g_ptr_array_index (names, i));
    }
}

/* Each header's sort indicator, as "Name:unsorted Size:descending …". */
static void
collect_arrows (GtkWidget *root,
                GString   *out)
{
  /* The headers of the columns shown. */
  if (g_strcmp0 (gtk_widget_get_css_name (root), "sort-indicator") == 0 &&
      gtk_widget_get_mapped (gtk_widget_get_parent (root)))
    {
      GtkWidget *label = gtk_widget_get_prev_sibling (root);
      const char *state = gtk_widget_has_css_class (root, "ascending") ? "ascending" :
                          gtk_widget_has_css_class (root, "descending") ? "descending" : "none";

      g_string_append_printf (out, "%s%s:%s", out->len > 0 ? " " : "",
                              GTK_IS_LABEL (label) ? gtk_label_get_text (GTK_LABEL (label)) : "?",
                              gtk_widget_get_visible (root) ? state : "hidden");
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_arrows (child, out);
}

static char *
header_arrows (void)
{
  GString *out = g_string_new (NULL);

  collect_arrows (GTK_WIDGET (ferry_images_page_get_column_view (page)), out);
  return g_string_free (out, FALSE);
}

static char *
expected_arrows (const char *sorted,
                 const char *order)
{
  const char *ids[] = { "name", "status", "type", "os", "size", "encrypted", "created" };
  GListModel *columns = gtk_column_view_get_columns (ferry_images_page_get_column_view (page));
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_string_append_printf (out, "%s%s:%s", i > 0 ? " " : "", gtk_column_view_column_get_title (column),
                              g_str_equal (ids[i], sorted) ? order : "none");
    }
  return g_string_free (out, FALSE);
}

static gboolean
sort_state_is (gpointer data)
{
  const char * const *expected = data;
  g_autofree char *column = NULL;
  g_autofree char *order = NULL;

  g_object_get (page, "sort-column", &column, "sort-order", &order, NULL);
  return g_strcmp0 (column, expected[0]) == 0 && g_strcmp0 (order, expected[1]) == 0;
}

/* The headers' arrows and the sort menu's state say the same. */
static void
expect_sorted (const char *column,
               const char *order)
{
  const char *expected[] = { column, order };
  g_autofree char *arrows = NULL;
  g_autofree char *want = expected_arrows (column, order);

  /* The properties are the states of images.sort-by and images.sort-order. */
  g_assert_true (ferry_test_ui_wait_for (sort_state_is, expected, 5000));
  arrows = header_arrows ();
  g_assert_cmpstr (arrows, ==, want);
}

static gboolean
menu_item_checked (GtkWidget  *root,
                   const char *label)
{
  g_auto(GStrv) parts = g_strsplit (label, "_", -1);
  g_autofree char *shown = g_strjoinv ("", parts);
  GtkWidget *text = ferry_test_ui_find_label (root, shown);
  GtkWidget *item;
  gboolean active = FALSE;

  g_assert_nonnull (text);
  /* GTK 4.8's menu item, a GtkModelButton, says whether it is checked. */
  item = gtk_widget_get_ancestor (text, g_type_from_name ("GtkModelButton"));
  g_assert_nonnull (item);
  g_object_get (item, "active", &active, NULL);
  return active;
}

/* The header of the @index-th column, clicked. */
static void
click_header (guint index)
{
  GListModel *columns = gtk_column_view_get_columns (ferry_images_page_get_column_view (page));
  g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, index);
  GtkWidget *title = ferry_test_ui_find_label (GTK_WIDGET (ferry_images_page_get_column_view (page)),
                                               gtk_column_view_column_get_title (column));

  g_assert_nonnull (title);
  /* Two clicks in a row would be a double click. */
  g_usleep (G_USEC_PER_SEC / 2);
  ferry_test_ui_click (title, 2, gtk_widget_get_height (title) / 2.0, 0);
}

static void
test_images_sort (void)
{
  GtkColumnView *view;
  GListModel *columns;
  g_autoptr(GtkColumnViewColumn) name = NULL;
  g_autoptr(GtkColumnViewColumn) size = NULL;
  g_autoptr(FerryImage) first = NULL;
  g_autoptr(FerryImage) last = NULL;
  GListModel *images;

  open_sandbox ();
  view = ferry_images_page_get_column_view (page);
  columns = gtk_column_view_get_columns (view);
  name = g_list_model_get_item (columns, 0);
  size = g_list_model_get_item (columns, 4);
  images = ferry_images_page_get_images (page);

  /* By the column headers' sorters... */
  gtk_column_view_sort_by_column (view, name, GTK_SORT_ASCENDING);
  wait_for_state (FERRY_IMAGES_PAGE_LIST);
  assert_sorted (FALSE);
  gtk_column_view_sort_by_column (view, size, GTK_SORT_DESCENDING);
  wait_for_state (FERRY_IMAGES_PAGE_LIST);
  first = g_list_model_get_item (images, 0);
  g_assert_cmpstr (ferry_image_get_name (first), ==, "bigdata-320g");
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "images-sorted-by-size");

  /* ... and from the keyboard, through the sort menu's action: the same
   * column twice reverses the order. */
  gtk_widget_activate_action (GTK_WIDGET (page), "images.sort-by", "s", "name");
  assert_sorted (FALSE);
  gtk_widget_activate_action (GTK_WIDGET (page), "images.sort-by", "s", "name");
  assert_sorted (TRUE);
  gtk_widget_activate_action (GTK_WIDGET (page), "images.sort-by", "s", "size");
  gtk_widget_activate_action (GTK_WIDGET (page), "images.sort-by", "s", "created");
  last = g_list_model_get_item (images, g_list_model_get_n_items (images) - 1);
  g_assert_cmpstr (ferry_image_get_name (last), ==, "whole-cbr");

  /* One arrow, on the column sorted by; the menu marks it and the order. */
  expect_sorted ("created", "ascending");
  gtk_widget_activate_action (GTK_WIDGET (page), "images.sort-order", "s", "descending");
  expect_sorted ("created", "descending");
  g_clear_object (&last);
  last = g_list_model_get_item (images, 0);
  g_assert_cmpstr (ferry_image_get_name (last), ==, "whole-cbr");
  {
    GtkWidget *button = ferry_test_ui_find_by_type (GTK_WIDGET (page), GTK_TYPE_MENU_BUTTON);
    GtkPopover *popover;

    gtk_menu_button_popup (GTK_MENU_BUTTON (button));
    popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
    ferry_test_ui_wait_drawn (GTK_WIDGET (popover));
    g_assert_true (menu_item_checked (GTK_WIDGET (popover), ferry_test_ui_tr (NULL, "_Creation Time")));
    g_assert_true (menu_item_checked (GTK_WIDGET (popover), ferry_test_ui_tr (NULL, "_Descending")));
    g_assert_false (menu_item_checked (GTK_WIDGET (popover), ferry_test_ui_tr (NULL, "Si_ze")));
    g_assert_false (menu_item_checked (GTK_WIDGET (popover), ferry_test_ui_tr (NULL, "_Ascending")));
    ferry_test_ui_take_screenshot (GTK_WIDGET (popover), "images-sort-menu");
    gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  }

  /* A header clicked, for real: the menu follows it. */
  click_header (4);
  expect_sorted ("size", "ascending");
  click_header (4);
  expect_sorted ("size", "descending");
  g_clear_object (&last);
  last = g_list_model_get_item (images, 0);
  g_assert_cmpstr (ferry_image_get_name (last), ==, "bigdata-320g");
  gtk_widget_activate_action (GTK_WIDGET (page), "images.sort-by", "s", "created");
  expect_sorted ("created", "ascending");
  g_clear_object (&last);
  last = g_list_model_get_item (images, g_list_model_get_n_items (images) - 1);
  g_assert_cmpstr (ferry_image_get_name (last), ==, "whole-cbr");

  /* Destroyed while sorted, as a user closes the window. */
  g_clear_object (&first);
  g_clear_object (&last);
  g_clear_object (&name);
  g_clear_object (&size);
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

static void
test_images_regions (void)
{
  GSettings *settings = ferry_application_get_settings (app);
  GListModel *regions;
  gboolean chinese = g_str_has_prefix (g_getenv ("LANGUAGE"), "zh");
  g_autoptr(FerryRegion) first = NULL;

  open_sandbox ();
  regions = ferry_images_page_get_regions (page);
  /* The account's regions, by their names in the user's language. */
  g_assert_cmpuint (g_list_model_get_n_items (regions), >, 10);
  first = g_list_model_get_item (regions, 0);
  g_assert_cmpstr (ferry_region_get_name (first), ==, chinese ? "华北-北京一" : "CN North-Beijing1");
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (window),
                                              chinese ? "华北-北京四" : "CN North-Beijing4"));

  ferry_images_page_set_region (page, "cn-east-2");
  g_assert_cmpstr (ferry_images_page_get_region (page), ==, "cn-east-2");
  wait_for_state (FERRY_IMAGES_PAGE_LIST);
  g_assert_true (shows ("sh2-web"));
  g_assert_false (shows ("web-server"));
  g_assert_cmpstr (g_settings_get_string (settings, "last-region"), ==, "cn-east-2");
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (window),
                                              chinese ? "华东-上海二" : "CN East-Shanghai2"));

  /* Switching while a region loads cancels that load. */
  ferry_images_page_set_region (page, "cn-north-4");
  ferry_images_page_set_region (page, "cn-north-2");
  wait_for_state (FERRY_IMAGES_PAGE_EMPTY);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_images_page_get_images (page)), ==, 0);
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (window),
                                              ferry_test_ui_tr (NULL, "No Private Images")));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "images-empty");

  ferry_images_page_set_region (page, "cn-north-4");
  wait_for_state (FERRY_IMAGES_PAGE_LIST);
  g_assert_true (shows ("web-server"));
  g_clear_object (&first);
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

static GtkWidget *
in_chooser (GType type)
{
  GtkWidget *dropdown = ferry_test_ui_find_by_type (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN);
  GtkWidget *found = ferry_test_ui_find_by_type (dropdown, type);

  g_assert_nonnull (found);
  return found;
}

typedef struct
{
  GListModel *model;
  guint       n;
} Count;

static gboolean
has_n_items (gpointer data)
{
  Count *count = data;

  return g_list_model_get_n_items (count->model) == count->n;
}

static gboolean
filter_done (gpointer data)
{
  return gtk_filter_list_model_get_pending (data) == 0;
}

/* Types @text into the chooser's search; the region ids it then lists. */
static char *
search_regions (GtkWidget  *entry,
                GListModel *shown,
                const char *text)
{
  GString *ids = g_string_new (NULL);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* The search entry waits a moment before it searches, and the list
   * filters in batches. */
  {
    Count never = { shown, G_MAXUINT };
    GListModel *filtered = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (shown));

    ferry_test_ui_wait_for (has_n_items, &never, 500);
    g_assert_true (ferry_test_ui_wait_for (filter_done, filtered, 5000));
  }
  ferry_test_ui_wait_drawn (entry);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(FerryRegion) region = g_list_model_get_item (shown, i);

      g_string_append_printf (ids, "%s%s", ids->len > 0 ? " " : "", ferry_region_get_id (region));
    }
  return g_string_free (ids, FALSE);
}

/* The region chooser finds a region by any part of either of its names or
 * of its id, says when none matches, and takes what is typed at once. */
static void
test_images_region_search (void)
{
  GtkWidget *popover;
  GtkWidget *entry;
  GtkWidget *list;
  GListModel *shown;
  const char *no_match = ferry_test_ui_tr (NULL, "No region matches");
  g_autofree char *sing = NULL;
  g_autofree char *singapore = NULL;
  g_autofree char *chinese = NULL;
  g_autofree char *id = NULL;
  g_autofree char *none = NULL;

  open_sandbox ();
  popover = in_chooser (GTK_TYPE_POPOVER);
  entry = in_chooser (GTK_TYPE_SEARCH_ENTRY);
  list = in_chooser (GTK_TYPE_LIST_VIEW);
  shown = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  gtk_popover_popup (GTK_POPOVER (popover));
  ferry_test_ui_wait_drawn (popover);
  /* Typing goes to the search. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (gtk_widget_get_root (popover)), entry) ||
                 gtk_root_get_focus (gtk_widget_get_root (popover)) == entry);

  sing = search_regions (entry, shown, "sing");
  g_assert_cmpstr (sing, ==, "ap-southeast-3");
  singapore = search_regions (entry, shown, "Singapore");
  g_assert_cmpstr (singapore, ==, "ap-southeast-3");
  chinese = search_regions (entry, shown, "新加坡");
  g_assert_cmpstr (chinese, ==, "ap-southeast-3");
  id = search_regions (entry, shown, "ap-sou");
  g_assert_nonnull (strstr (id, "ap-southeast-3"));
  g_assert_null (ferry_test_ui_find_label (popover, no_match));
  ferry_test_ui_take_screenshot (popover, "images-region-search");

  none = search_regions (entry, shown, "xyz");
  g_assert_cmpstr (none, ==, "");
  g_assert_nonnull (ferry_test_ui_find_label (popover, no_match));
  ferry_test_ui_take_screenshot (popover, "images-region-search-none");

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_popover_popdown (GTK_POPOVER (popover));
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

static void
test_images_error (void)
{
  FerrySandbox *sandbox = ferry_application_ensure_sandbox (app, NULL);
  FerryClient *client;

  open_sandbox ();
  client = ferry_images_page_get_client (page);
  /* Every answer a 503, and no retries: the error state. */
  ferry_client_set_retry_budget (client, 0);
  g_object_set (sandbox, "fail-rate", 1.0, NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "images.refresh", NULL);
  wait_for_state (FERRY_IMAGES_PAGE_ERROR);
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (window),
                                              ferry_test_ui_tr (NULL, "Could Not Load Images")));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "images-error");

  /* Retry, once the service is back. */
  g_object_set (sandbox, "fail-rate", 0.0, NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "images.refresh", NULL);
  wait_for_state (FERRY_IMAGES_PAGE_LIST);
  g_assert_true (shows ("web-server"));
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

static void
test_images_loading (void)
{
  FerrySandbox *sandbox = ferry_application_ensure_sandbox (app, NULL);

  open_sandbox ();
  g_object_set (sandbox, "latency-ms", 3000, NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "images.refresh", NULL);
  g_assert_cmpstr (ferry_images_page_get_state (page), ==, FERRY_IMAGES_PAGE_LOADING);
  g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (window),
                                              ferry_test_ui_tr (NULL, "Loading Images…")));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "images-loading");

  /* A refresh cancels the slow load. */
  g_object_set (sandbox, "latency-ms", 0, NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "images.refresh", NULL);
  wait_for_state (FERRY_IMAGES_PAGE_LIST);
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

/* The name cell of the row at @position, as drawn. */
static GtkWidget *
find_cell (GtkWidget *root,
           guint      position)
{
  GtkListItem *item = g_object_get_data (G_OBJECT (root), "ferry-list-item");

  if (item != NULL && GTK_IS_INSCRIPTION (root) && gtk_widget_get_mapped (root) &&
      GPOINTER_TO_INT (g_object_get_data (G_OBJECT (root), "ferry-column")) == 0 &&
      gtk_list_item_get_position (item) == position)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_cell (child, position);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The name is what tells images, and copies, apart: at the window's
 * default size it gets the room for a copy's default name, and it is the
 * widest column. */
static void
test_images_name_room (void)
{
  GtkColumnView *view;
  GListModel *columns;
  gboolean chinese = g_str_has_prefix (g_getenv ("LANGUAGE"), "zh");
  /* copy_<source region>_<image>, as the copy dialog names a copy. */
  const char *copy_name = chinese ? "copy_华北-北京四_web-server" : "copy_CN North-Beijing4_web-server";
  g_autoptr(PangoLayout) layout = NULL;
  GtkWidget *name_cell = NULL;
  int needed;
  int widths[7] = { 0, };
  guint i = 0;

  open_sandbox ();
  view = ferry_images_page_get_column_view (page);
  columns = gtk_column_view_get_columns (view);
  ferry_test_ui_resize (GTK_WINDOW (window), 960, 640);
  wait_for_state (FERRY_IMAGES_PAGE_LIST);
  /* The headers of the seven columns shown, in order (the narrow
   * window's summary column is not). */
  ferry_test_ui_wait_settled (GTK_WIDGET (window));
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (view)); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (g_strcmp0 (gtk_widget_get_css_name (c), "header") == 0)
      for (GtkWidget *t = gtk_widget_get_first_child (c); t != NULL; t = gtk_widget_get_next_sibling (t))
        if (gtk_widget_get_visible (t))
          {
            g_assert_cmpuint (i, <, G_N_ELEMENTS (widths));
            widths[i++] = gtk_widget_get_width (t);
          }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (widths));
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, G_N_ELEMENTS (widths) + 1);
  for (i = 1; i < G_N_ELEMENTS (widths); i++)
    g_assert_cmpint (widths[0], >, widths[i]);

  name_cell = find_cell (GTK_WIDGET (view), 0);
  g_assert_nonnull (name_cell);
  layout = gtk_widget_create_pango_layout (name_cell, copy_name);
  pango_layout_get_pixel_size (layout, &needed, NULL);
  g_assert_cmpint (gtk_widget_get_width (name_cell), >=, needed);
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "images-default-size");
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

/* Some mapped inscription under @root contains @text. */
static gboolean
summary_shows (GtkWidget  *root,
               const char *text)
{
  if (GTK_IS_INSCRIPTION (root) && gtk_widget_get_mapped (root) &&
      gtk_inscription_get_text (GTK_INSCRIPTION (root)) != NULL &&
      strstr (gtk_inscription_get_text (GTK_INSCRIPTION (root)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (summary_shows (child, text))
      return TRUE;
  return FALSE;
}

/* A label cut short ("Demo…") under @root, or NULL. */
static GtkWidget *
find_ellipsized (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (root))))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_ellipsized (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_images_narrow (void)
{
  g_autofree char *layout = NULL;
  int minimum;

  open_sandbox ();
  /* The window still works on a phone, with GNOME's window buttons. */
  g_object_get (gtk_settings_get_default (), "gtk-decoration-layout", &layout, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  ferry_test_ui_resize (GTK_WINDOW (window), 360, 720);
  /* Nothing forces it wider (the surface may add a resize border). */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (page)), <=, 360);
  /* Nothing in the header bar is cut short. */
  {
    GtkWidget *header = ferry_test_ui_find_by_type (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
    GtkWidget *cut;

    ferry_test_ui_wait_settled (GTK_WIDGET (window));
    cut = find_ellipsized (header);
    if (cut != NULL)
      g_error ("“%s” is cut short in the header bar", gtk_label_get_text (GTK_LABEL (cut)));
  }
  /* The table fits: the name with its type, size and OS beneath, and the
   * status; no scrolling sideways to see what an image is. */
  {
    GtkColumnView *view = ferry_images_page_get_column_view (page);
    GListModel *columns = gtk_column_view_get_columns (view);
    GtkAdjustment *sideways = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view));
    guint n_visible = 0;
    g_autoptr(FerryImage) first = g_list_model_get_item (ferry_images_page_get_images (page), 0);
    g_autofree char *size = g_format_size_full (ferry_image_get_size (first), G_FORMAT_SIZE_IEC_UNITS);

    ferry_test_ui_wait_settled (GTK_WIDGET (window));
    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

        if (gtk_column_view_column_get_visible (column))
          n_visible++;
      }
    g_assert_cmpuint (n_visible, ==, 2);
    /* The table takes the whole width. */
    for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (view)); c != NULL; c = gtk_widget_get_next_sibling (c))
      g_assert_cmpint (gtk_widget_get_width (c), >=, gtk_widget_get_width (GTK_WIDGET (view)) - 1);
    g_assert_nonnull (ferry_test_ui_find_label (GTK_WIDGET (view), ferry_test_ui_tr (NULL, "Status")));
    g_assert_cmpfloat (gtk_adjustment_get_upper (sideways), <=, gtk_adjustment_get_page_size (sideways) + 1);
    g_assert_nonnull (find_cell (GTK_WIDGET (view), 0));
    /* The first image's size is there, beneath its name. */
    g_assert_true (summary_shows (GTK_WIDGET (view), size));
  }
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "images-narrow");
  ferry_test_ui_resize (GTK_WINDOW (window), 1280, 800);
  ferry_test_ui_wait_settled (GTK_WIDGET (window));
  /* Wide again: every column. */
  {
    GListModel *columns = gtk_column_view_get_columns (ferry_images_page_get_column_view (page));
    guint n_visible = 0;

    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

        if (gtk_column_view_column_get_visible (column))
          n_visible++;
      }
    g_assert_cmpuint (n_visible, ==, 7);
  }
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", layout, NULL);
}

static void
click_row (guint           position,
           GdkModifierType modifiers)
{
  GtkWidget *cell;

  /* X clicks land where the row is on screen: not while a note above
   * the table is still sliding in or out after the last click. */
  ferry_test_ui_wait_drawn (GTK_WIDGET (window));
  cell = find_cell (GTK_WIDGET (ferry_images_page_get_column_view (page)), position);
  g_assert_nonnull (cell);
  ferry_test_ui_click (cell, 4, gtk_widget_get_height (cell) / 2.0, modifiers);
}

/* The positions selected, as "0,2,3". */
static char *
selected_positions (void)
{
  GtkSelectionModel *model = GTK_SELECTION_MODEL (gtk_column_view_get_model (ferry_images_page_get_column_view (page)));
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (model);
  GString *text = g_string_new (NULL);
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    g_string_append_printf (text, "%s%u", text->len > 0 ? "," : "", position);
  return g_string_free (text, FALSE);
}

/* What the README promises: a click selects one image, Ctrl+click adds
 * or takes one away, Shift+click a range. Real clicks, through GTK's own
 * gestures. */
static void
test_images_ctrl_click (void)
{
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  g_autofree char *back = NULL;
  g_autofree char *range = NULL;
  g_autofree char *again = NULL;

  open_sandbox ();
  wait_for_state (FERRY_IMAGES_PAGE_LIST);
  click_row (1, 0);
  one = selected_positions ();
  g_assert_cmpstr (one, ==, "1");
  click_row (3, GDK_CONTROL_MASK);
  two = selected_positions ();
  g_assert_cmpstr (two, ==, "1,3");
  g_assert_cmpuint (ferry_images_page_get_selected_images (page)->len, ==, 2);
  click_row (1, GDK_CONTROL_MASK);
  back = selected_positions ();
  g_assert_cmpstr (back, ==, "3");
  /* From the row clicked last, as in Files. */
  click_row (5, GDK_SHIFT_MASK);
  range = selected_positions ();
  g_assert_cmpstr (range, ==, "1,2,3,4,5");
  click_row (0, 0);
  again = selected_positions ();
  g_assert_cmpstr (again, ==, "0");
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
}

/* The names of the images @filter leaves of @list, in order, joined by
 * spaces. */
static char *
filtered_names (GListModel       *list,
                FerryImageFilter *filter,
                const char       *search)
{
  g_autoptr(GtkFilterListModel) filtered = NULL;
  g_autoptr(GString) names = g_string_new (NULL);

  ferry_image_filter_set_search (filter, search);
  filtered = gtk_filter_list_model_new (g_object_ref (list), g_object_ref (GTK_FILTER (filter)));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (filtered)); i++)
    {
      g_autoptr(FerryImage) image = g_list_model_get_item (G_LIST_MODEL (filtered), i);

      g_string_append_printf (names, "%s%s", names->len > 0 ? " " : "",
                              ferry_image_get_name (image));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* Names and ids are searched folded, as GtkStringFilter folds: a name
 * in capitals or with accents is found by its lower-case letters (its
 * folded key is kept), a lower-case one as it is (no key is kept). */
static void
test_images_search_folding (void)
{
  const char *names[] = { "Web-Server", "web-cache", "Résumé-Ünits", "db" };
  const char *ids[] = { "AB12-0001", "ab12-0002", "cd34-0003", "ef56-0004" };
  FerryImageList *list = ferry_image_list_new ();
  FerryImageFilter *filter = ferry_image_filter_new ();
  FerryImage *images[G_N_ELEMENTS (names)];
  char *found;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(GError) error = NULL;

      json_object_set_string_member (object, "id", ids[i]);
      json_object_set_string_member (object, "name", names[i]);
      json_object_set_string_member (object, "status", "active");
      images[i] = ferry_image_new_from_json (object, &error);
      g_assert_no_error (error);
    }
  ferry_image_list_add (list, images, G_N_ELEMENTS (images), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    g_object_unref (images[i]);

  found = filtered_names (G_LIST_MODEL (list), filter, "WEB");
  g_assert_cmpstr (found, ==, "Web-Server web-cache");
  g_free (found);
  /* Narrower, then wider again. */
  found = filtered_names (G_LIST_MODEL (list), filter, "web-s");
  g_assert_cmpstr (found, ==, "Web-Server");
  g_free (found);
  found = filtered_names (G_LIST_MODEL (list), filter, "  S ");
  g_assert_cmpstr (found, ==, "Web-Server Résumé-Ünits");
  g_free (found);
  found = filtered_names (G_LIST_MODEL (list), filter, "résumé-ünits");
  g_assert_cmpstr (found, ==, "Résumé-Ünits");
  g_free (found);
  /* An id by its start only, in any case. */
  found = filtered_names (G_LIST_MODEL (list), filter, "ab12");
  g_assert_cmpstr (found, ==, "Web-Server web-cache");
  g_free (found);
  found = filtered_names (G_LIST_MODEL (list), filter, "0004");
  g_assert_cmpstr (found, ==, "");
  g_free (found);
  /* Without an image that may not be copied, "can be copied" hides none. */
  ferry_image_filter_set_copyable_only (filter, TRUE);
  found = filtered_names (G_LIST_MODEL (list), filter, NULL);
  g_assert_cmpstr (found, ==, "Web-Server web-cache Résumé-Ünits db");
  g_free (found);
  g_assert_finalize_object (filter);
  g_assert_finalize_object (list);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  ferry_test_ui_init (&argc, &argv);
  /* The application, its session and its sandbox are the process's; each
   * test opens a window of its own, and checks that it is gone at its
   * end. */
  app = ferry_test_ui_new_app ();

  g_test_add_func ("/ui/images/connect-error", test_images_connect_error);
  g_test_add_func ("/ui/images/sandbox", test_images_sandbox);
  g_test_add_func ("/ui/images/copy-blocker", test_images_copy_blocker);
  g_test_add_func ("/ui/images/region-verdict", test_images_region_verdict);
  g_test_add_func ("/ui/images/row-menu", test_images_row_menu);
  g_test_add_func ("/ui/images/ctrl-click", test_images_ctrl_click);
  g_test_add_func ("/ui/images/search", test_images_search);
  g_test_add_func ("/ui/images/copyable-only", test_images_copyable_only);
  g_test_add_func ("/ui/images/sort", test_images_sort);
  g_test_add_func ("/ui/images/regions", test_images_regions);
  g_test_add_func ("/ui/images/region-search", test_images_region_search);
  g_test_add_func ("/ui/images/error", test_images_error);
  g_test_add_func ("/ui/images/loading", test_images_loading);
  g_test_add_func ("/ui/images/name-room", test_images_name_room);
  g_test_add_func ("/ui/images/narrow", test_images_narrow);
  g_test_add_func ("/ui/images/search-folding", test_images_search_folding);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
