/* test-a11y.c: every window read as a screen reader reads it, and walked
 * with the keyboard alone
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each window (main with images, copy dialog, tasks page with rows,
 * IMS agencies, Add Account): every widget that can take the keyboard
 * focus has a name, the focus goes round with Tab and with Shift+Tab and
 * comes back, and it comes back to what opened a dialog when the dialog
 * closes. Screenshots of each window, also with the high-contrast style
 * and with text at 150 %.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-account-window.h"
#include "ferry-agency-check-page.h"
#include "ferry-agency-window-private.h"
#include "ferry-application.h"
#include "ferry-copy-dialog.h"
#include "ferry-copy-dialog-private.h"
#include "ferry-copy-task-private.h"
#include "ferry-images-page.h"
#include "ferry-images-page-private.h"
#include "ferry-sandbox.h"
#include "ferry-tasks-page.h"
#include "ferry-window.h"
#include "ferry-window-private.h"
#include "ferry-test-ui.h"

static FerryApplication *app;
static FerryWindow *window;
static FerryImagesPage *page;

/* Names as GTK 4.8 gives them */

/* The value of a string property, or NULL when it is not set. The test
 * API only compares: a value that cannot be the real one gets the real
 * one back, printed. */
static char *
string_property (GtkWidget             *widget,
                 GtkAccessibleProperty  property)
{
  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), property))
    return NULL;
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), property, "\x01");
}

/* What @widget is labelled by. The test API prints a reference list as
 * "Type<address>" for each: the addresses are looked up among the
 * widgets of the window, never followed blindly. */
static GPtrArray *
labelled_by (GtkWidget  *widget,
             GHashTable *widgets)
{
  GPtrArray *targets = g_ptr_array_new ();
  g_autoptr(GtkWidget) sentinel = NULL;
  g_autofree char *printed = NULL;

  if (!gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return targets;

  sentinel = g_object_ref_sink (gtk_label_new (NULL));
  printed = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (widget),
                                                GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                                sentinel, NULL);
  g_assert_nonnull (printed);
  for (const char *p = strchr (printed, '<'); p != NULL; p = strchr (p + 1, '<'))
    {
      gpointer address = GSIZE_TO_POINTER (g_ascii_strtoull (p + 1, NULL, 16));

      if (!g_hash_table_contains (widgets, address))
        g_error ("%s is labelled by something outside its window: %s",
                 G_OBJECT_TYPE_NAME (widget), printed);
      g_ptr_array_add (targets, address);
    }
  return targets;
}

/* The accessible name of @widget as GTK 4.8 computes it for AT-SPI (what
 * Orca reads): its label, then the label of each widget it is labelled
 * by, joined with spaces. Without either, GTK 4.8 reads the class name,
 * which says nothing: NULL then. A tooltip is the description in 4.8,
 * not the name. */
static char *
accessible_name (GtkWidget  *widget,
                 GHashTable *widgets)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  GtkWidget *parent = gtk_widget_get_parent (widget);
  char *label;

  /* The text inside an entry, a search entry or an entry row is not on
   * the bus: the entry is, for it. */
  for (; GTK_IS_TEXT (widget) && parent != NULL; parent = gtk_widget_get_parent (parent))
    if (GTK_IS_EDITABLE (parent) && gtk_editable_get_delegate (GTK_EDITABLE (parent)) == GTK_EDITABLE (widget))
      return accessible_name (parent, widgets);

  names = g_ptr_array_new_with_free_func (g_free);
  targets = labelled_by (widget, widgets);
  label = string_property (widget, GTK_ACCESSIBLE_PROPERTY_LABEL);

  if (label != NULL)
    g_ptr_array_add (names, label);
  for (guint i = 0; i < targets->len; i++)
    {
      char *target_label = string_property (g_ptr_array_index (targets, i), GTK_ACCESSIBLE_PROPERTY_LABEL);

      if (target_label != NULL)
        g_ptr_array_add (names, target_label);
    }
  if (names->len == 0)
    return NULL;
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
collect_widgets (GtkWidget  *widget,
                 GHashTable *widgets)
{
  g_hash_table_add (widgets, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, widgets);
}

static GHashTable *
window_widgets (GtkWidget *root)
{
  GHashTable *widgets = g_hash_table_new (NULL, NULL);

  collect_widgets (root, widgets);
  return widgets;
}

static char *
name_of (GtkWidget *widget)
{
  GHashTable *widgets = g_hash_table_new (NULL, NULL);
  char *name;

  collect_widgets (GTK_WIDGET (gtk_widget_get_root (widget)), widgets);
  name = accessible_name (widget, widgets);
  g_hash_table_unref (widgets);
  return name;
}

/* "GtkBox > AdwActionRow > GtkCheckButton", to say which widget failed. */
static char *
describe (GtkWidget *widget)
{
  GString *path = g_string_new (G_OBJECT_TYPE_NAME (widget));

  for (GtkWidget *parent = gtk_widget_get_parent (widget);
       parent != NULL && path->len < 400;
       parent = gtk_widget_get_parent (parent))
    {
      g_string_prepend (path, " > ");
      g_string_prepend (path, G_OBJECT_TYPE_NAME (parent));
    }
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    g_string_append_printf (path, " “%s”", gtk_button_get_label (GTK_BUTTON (widget)));
  if (ADW_IS_PREFERENCES_ROW (widget))
    g_string_append_printf (path, " “%s”", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
  return g_string_free (path, FALSE);
}

/* The roles GTK 4.8 reads with an empty name, not the class name, when
 * nothing names them (is_structural_role() in gtkatcontext.c). */
static gboolean
is_structural (GtkWidget *widget)
{
  switch ((int) gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)))
    {
    case GTK_ACCESSIBLE_ROLE_FORM:
    case GTK_ACCESSIBLE_ROLE_GROUP:
    case GTK_ACCESSIBLE_ROLE_GENERIC:
    case GTK_ACCESSIBLE_ROLE_LANDMARK:
    case GTK_ACCESSIBLE_ROLE_LIST_ITEM:
    case GTK_ACCESSIBLE_ROLE_REGION:
    case GTK_ACCESSIBLE_ROLE_SEARCH:
    case GTK_ACCESSIBLE_ROLE_SEPARATOR:
      return TRUE;
    default:
      return FALSE;
    }
}

/* "Cairo Cairo": a label of its own joined to the one it is labelled by. */
static gboolean
said_twice (const char *name)
{
  size_t length = strlen (name);

  return length % 2 == 1 && name[length / 2] == ' ' &&
         strncmp (name, name + length / 2 + 1, length / 2) == 0;
}

/* Walks the widgets that the keyboard can put the focus on: shown,
 * sensitive, focusable, and neither they nor a parent refuse the focus
 * (a button's insides never take it: the button does). Each needs a
 * name; a container of structural role may go without, as GTK 4.8 then
 * reads nothing rather than a class name, as long as what it holds takes
 * the focus instead of it. Returns whether @widget or something in it can
 * take the focus. */
static gboolean
check_names (GtkWidget  *widget,
             GHashTable *widgets,
             gboolean    can_focus,
             gboolean    in_button,
             GString    *unnamed,
             guint      *n_checked)
{
  gboolean focusable;
  gboolean inside = FALSE;

  if (!gtk_widget_get_mapped (widget))
    return FALSE;

  can_focus = can_focus && gtk_widget_get_can_focus (widget);
  focusable = can_focus && !in_button &&
              gtk_widget_get_focusable (widget) && gtk_widget_is_sensitive (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (check_names (child, widgets, can_focus, in_button || GTK_IS_BUTTON (widget), unnamed, n_checked))
      inside = TRUE;

  if (focusable)
    {
      g_autofree char *name = accessible_name (widget, widgets);

      (*n_checked)++;
      if ((name == NULL || *g_strstrip (name) == '\0') && !(inside && is_structural (widget)))
        {
          g_autofree char *path = describe (widget);

          g_string_append_printf (unnamed, "\n  %s", path);
        }
      else if (name != NULL && said_twice (name))
        {
          g_autofree char *path = describe (widget);

          g_string_append_printf (unnamed, "\n  %s, read twice: “%s”", path, name);
        }
    }

  return focusable || inside;
}

/* Every widget of @root that can take the focus has a name. */
static void
assert_all_named (GtkWidget *root)
{
  g_autoptr(GHashTable) widgets = window_widgets (root);
  g_autoptr(GString) unnamed = g_string_new (NULL);
  guint n_checked = 0;

  check_names (root, widgets, TRUE, FALSE, unnamed, &n_checked);
  g_test_message ("%s: %u focusable widgets named", G_OBJECT_TYPE_NAME (root), n_checked);
  g_assert_cmpuint (n_checked, >, 0);
  if (unnamed->len > 0)
    g_test_fail_printf ("%s: read by their class names, or twice:%s", G_OBJECT_TYPE_NAME (root), unnamed->str);
}

/* The icons that say a state: what they say is in words. */
static const char * const state_icons[] = {
  "emblem-ok-symbolic", "dialog-warning-symbolic", "dialog-error-symbolic",
  "dialog-information-symbolic", "dialog-question-symbolic", "content-loading-symbolic",
  NULL
};

static gboolean
is_hidden (GtkWidget *widget)
{
  return gtk_test_accessible_has_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_HIDDEN) &&
         gtk_test_accessible_check_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE) == NULL;
}

static void
check_state_icons (GtkWidget  *widget,
                   GHashTable *widgets,
                   GString    *silent)
{
  if (!gtk_widget_get_mapped (widget) || is_hidden (widget))
    return;

  if (GTK_IS_IMAGE (widget) &&
      gtk_image_get_storage_type (GTK_IMAGE (widget)) == GTK_IMAGE_ICON_NAME &&
      g_strv_contains (state_icons, gtk_image_get_icon_name (GTK_IMAGE (widget))))
    {
      g_autofree char *name = accessible_name (widget, widgets);

      if (name == NULL)
        {
          g_autofree char *path = describe (widget);

          g_string_append_printf (silent, "\n  %s (%s)", path, gtk_image_get_icon_name (GTK_IMAGE (widget)));
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_state_icons (child, widgets, silent);
}

/* Every state icon shown says its state, or is hidden from the
 * accessibility tree because the same words stand next to it. */
static void
assert_states_in_words (GtkWidget *root)
{
  g_autoptr(GHashTable) widgets = window_widgets (root);
  g_autoptr(GString) silent = g_string_new (NULL);

  check_state_icons (root, widgets, silent);
  if (silent->len > 0)
    g_test_fail_printf ("%s: state icons a screen reader reads as “GtkImage”:%s",
             G_OBJECT_TYPE_NAME (root), silent->str);
}

/* The icon says @words, or is hidden because @words stand next to it. */
static void
assert_icon_says (GtkWidget  *icon,
                  const char *words)
{
  g_autofree char *name = name_of (icon);

  if (words == NULL)
    {
      g_assert_true (is_hidden (icon));
      return;
    }
  g_assert_cmpstr (name, ==, words);
}

/* The keyboard */

/* Tab (or Shift+Tab) as the key does it: GtkWindow's "move-focus", which
 * calls gtk_widget_child_focus() on the window. */
static GtkWidget *
press_tab (GtkWindow        *root,
           GtkDirectionType  direction)
{
  g_signal_emit_by_name (root, "move-focus", direction);
  return gtk_root_get_focus (GTK_ROOT (root));
}

/* What a screen reader says when the focus stops at @stop: something. */
static void
assert_stop_named (GtkWidget *stop)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  name = name_of (stop);
  if (name != NULL && *g_strstrip (name) != '\0')
    return;
  path = describe (stop);
  g_test_fail_printf ("the focus stops at a widget without a name: %s", path);
}

/* The focus stops of @root, one round from its current focus in
 * @direction: fails unless the focus comes back to where it started. */
static GPtrArray *
focus_round (GtkWindow        *root,
             GtkDirectionType  direction)
{
  GPtrArray *stops = g_ptr_array_new ();
  GtkWidget *start = gtk_root_get_focus (GTK_ROOT (root));

  if (start == NULL)
    start = press_tab (root, direction);
  g_assert_nonnull (start);

  for (guint i = 0; i < 200; i++)
    {
      GtkWidget *focus = press_tab (root, direction);

      g_assert_nonnull (focus);
      g_assert_true (gtk_widget_get_mapped (focus));
      g_ptr_array_add (stops, focus);
      assert_stop_named (focus);
      if (focus == start)
        {
          GString *order = g_string_new (NULL);

          for (guint j = 0; j < stops->len; j++)
            {
              GtkWidget *stop = g_ptr_array_index (stops, j);
              g_autofree char *name = name_of (stop);

              g_string_append_printf (order, "\n  %u. %s: %s", j + 1, G_OBJECT_TYPE_NAME (stop),
                                      name != NULL ? name : "(no name)");
            }
          g_test_message ("%s, %s:%s", G_OBJECT_TYPE_NAME (root),
                          direction == GTK_DIR_TAB_FORWARD ? "Tab" : "Shift+Tab", order->str);
          g_string_free (order, TRUE);
          return stops;
        }
    }
  g_error ("%s: the focus did not come back after 200 presses of %s", G_OBJECT_TYPE_NAME (root),
           direction == GTK_DIR_TAB_FORWARD ? "Tab" : "Shift+Tab");
}

/* How many stops of @stops are @widget or inside it. */
static guint
count_stops (GPtrArray *stops,
             GtkWidget *widget)
{
  guint n = 0;

  for (guint i = 0; i < stops->len; i++)
    {
      GtkWidget *stop = g_ptr_array_index (stops, i);

      if (stop == widget || gtk_widget_is_ancestor (stop, widget))
        n++;
    }
  return n;
}

/* Both ways round, the same stops, in the opposite order. */
static GPtrArray *
assert_focus_goes_round (GtkWindow *root)
{
  GPtrArray *forward = focus_round (root, GTK_DIR_TAB_FORWARD);
  g_autoptr(GPtrArray) backward = focus_round (root, GTK_DIR_TAB_BACKWARD);
  guint n = forward->len;

  g_assert_cmpuint (backward->len, ==, n);
  /* Both end where they started: forward[n-1] == backward[n-1]. */
  for (guint i = 0; i < n; i++)
    g_assert_true (g_ptr_array_index (forward, (2 * n - 2 - i) % n) == g_ptr_array_index (backward, i));
  return forward;
}

static gboolean
has_focus (gpointer data)
{
  return gtk_widget_has_focus (data);
}

static gboolean
is_active (gpointer data)
{
  return gtk_window_is_active (data);
}

/* Gives @opener the focus in its active window and activates its action,
 * as a click or Enter does: returns the window of @type that it opened. */
static GtkWindow *
open_from (GtkWidget  *opener,
           GType       type)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (opener));
  GtkWindow *opened;

  gtk_window_present (parent);
  g_assert_true (ferry_test_ui_wait_for (is_active, parent, 5000));
  g_assert_true (gtk_widget_grab_focus (opener));
  g_assert_true (ferry_test_ui_wait_for (has_focus, opener, 5000));
  /* The click, the key or the menu item: the button's action. */
  if (GTK_IS_ACTIONABLE (opener) && gtk_actionable_get_action_name (GTK_ACTIONABLE (opener)) != NULL)
    gtk_widget_activate_action_variant (opener, gtk_actionable_get_action_name (GTK_ACTIONABLE (opener)),
                                        gtk_actionable_get_action_target_value (GTK_ACTIONABLE (opener)));
  else
    g_assert_not_reached ();
  opened = ferry_test_ui_find_window (type);
  g_assert_nonnull (opened);
  g_assert_true (gtk_window_get_transient_for (opened) == parent);
  ferry_test_ui_wait_drawn (GTK_WIDGET (opened));
  return opened;
}

/* Closes @opened as Escape does (as its close button does, with @escape
 * FALSE) and asserts that @opener has the focus again, in an active
 * window: what a screen reader hears. */
static void
close_and_assert_focus_back (GtkWindow *opened,
                             GtkWidget *opener,
                             gboolean   escape)
{
  FerryTestUiWatch *watch = ferry_test_ui_watch (GTK_WIDGET (opened));

  if (escape)
    gtk_widget_activate_action (GTK_WIDGET (opened), "window.close", NULL);
  else
    gtk_window_close (opened);
  ferry_test_ui_assert_finalized (watch);
  if (!ferry_test_ui_wait_for (has_focus, opener, 5000))
    {
      GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (opener));
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (parent));
      g_autofree char *where = focus != NULL ? describe (focus) : g_strdup ("nowhere");

      g_error ("the focus did not come back to %s (the window is %s; its focus is %s)",
               G_OBJECT_TYPE_NAME (opener), gtk_window_is_active (parent) ? "active" : "not active",
               where);
    }
}

/* The window's own widgets */

static GtkWidget *
find_described (GtkWidget  *root,
                GType       type,
                const char *tooltip)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_described (child, type, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The header bar's main menu button, the part that takes the focus. */
static GtkWidget *
menu_toggle (void)
{
  GtkWidget *menu = find_described (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON,
                                    ferry_test_ui_tr (NULL, "Main Menu"));

  g_assert_nonnull (menu);
  return ferry_test_ui_find_by_type (menu, GTK_TYPE_TOGGLE_BUTTON);
}

static gboolean
page_settled (gpointer data)
{
  return g_strcmp0 (ferry_window_get_page (window), "images") == 0 &&
         !ferry_images_page_get_loading (page) &&
         gtk_filter_list_model_get_pending (GTK_FILTER_LIST_MODEL (ferry_images_page_get_images (page))) == 0 &&
         g_strcmp0 (ferry_images_page_get_state (page), FERRY_IMAGES_PAGE_LIST) == 0;
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

static void
select_image (const char *name)
{
  GtkSelectionModel *selection = gtk_column_view_get_model (ferry_images_page_get_column_view (page));

  gtk_selection_model_select_item (selection, image_position (name), TRUE);
}

/* The row of the table that shows @name. */
static GtkWidget *
image_row (const char *name)
{
  GtkWidget *list = ferry_test_ui_find_by_type (GTK_WIDGET (ferry_images_page_get_column_view (page)),
                                                GTK_TYPE_LIST_VIEW);

  for (GtkWidget *row = gtk_widget_get_first_child (list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *first_cell = gtk_widget_get_first_child (row);
      GtkWidget *text = first_cell != NULL ? gtk_widget_get_first_child (first_cell) : NULL;

      if (text != NULL && GTK_IS_INSCRIPTION (text) &&
          g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (text)), name) == 0)
        return row;
    }
  g_error ("no row shows “%s”", name);
}

/* The tests */

static void
test_main_window (void)
{
  GtkWidget *view = GTK_WIDGET (ferry_images_page_get_column_view (page));
  GtkWidget *dropdown = ferry_test_ui_find_by_type (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN);
  GtkWidget *region_button = ferry_test_ui_find_by_type (dropdown, GTK_TYPE_TOGGLE_BUTTON);
  GtkWidget *copy = ferry_test_ui_find_actionable (GTK_WIDGET (window), "win.copy-image");
  GtkWidget *search = find_described (GTK_WIDGET (page), GTK_TYPE_TOGGLE_BUTTON, ferry_test_ui_tr (NULL, "Search"));
  GtkWidget *copyable = ferry_test_ui_find_actionable (GTK_WIDGET (page), "images.copyable-only");
  GtkWidget *sort = find_described (GTK_WIDGET (page), GTK_TYPE_MENU_BUTTON, ferry_test_ui_tr (NULL, "Sort"));
  GtkWidget *refresh = ferry_test_ui_find_actionable (GTK_WIDGET (page), "images.refresh");
  GtkWidget *row;
  g_autoptr(GPtrArray) stops = NULL;
  g_autoptr(FerryImage) image = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *name = NULL;
  g_autofree char *size = NULL;

  g_assert_nonnull (search);
  g_assert_nonnull (sort);
  select_image ("web-server");
  g_assert_true (gtk_widget_is_sensitive (copy));
  ferry_test_ui_wait_settled (GTK_WIDGET (window));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "a11y-main");

  assert_all_named (GTK_WIDGET (window));
  assert_states_in_words (GTK_WIDGET (window));

  /* The region chooser's button, which takes the focus: what it chooses
   * and the choice. */
  name = name_of (region_button);
  expected = g_strdup_printf ("%s %s", ferry_test_ui_tr (NULL, "Region"),
                              ferry_region_get_name (ferry_region_catalogue_lookup (ferry_client_get_catalogue (ferry_images_page_get_client (page)),
                                                                                   ferry_images_page_get_region (page))));
  g_assert_cmpstr (name, ==, expected);
  g_clear_pointer (&name, g_free);
  g_clear_pointer (&expected, g_free);

  /* "Copy…" reads as it shows; its tooltip says the rest. */
  name = name_of (copy);
  g_assert_cmpstr (name, ==, gtk_label_get_text (GTK_LABEL (ferry_test_ui_find_by_type (copy, GTK_TYPE_LABEL))));
  g_clear_pointer (&name, g_free);

  /* A row: the image's name, status and size. */
  image = g_list_model_get_item (ferry_images_page_get_images (page), image_position ("web-server"));
  size = g_format_size_full (ferry_image_get_size (image), G_FORMAT_SIZE_IEC_UNITS);
  expected = g_strdup_printf ("web-server %s %s",
                              ferry_image_status_to_label (ferry_image_get_status_kind (image)), size);
  row = image_row ("web-server");
  name = name_of (row);
  g_assert_cmpstr (name, ==, expected);

  /* Tab: the header bar, the toolbar, the table once, and round. */
  gtk_widget_grab_focus (region_button);
  stops = assert_focus_goes_round (GTK_WINDOW (window));
  g_assert_cmpuint (count_stops (stops, region_button), ==, 1);
  g_assert_cmpuint (count_stops (stops, search), ==, 1);
  g_assert_cmpuint (count_stops (stops, copyable), ==, 1);
  g_assert_cmpuint (count_stops (stops, sort), ==, 1);
  g_assert_cmpuint (count_stops (stops, refresh), ==, 1);
  g_assert_cmpuint (count_stops (stops, copy), ==, 1);
  g_assert_cmpuint (count_stops (stops, view), ==, 1);
  /* In this order, after the header bar's main menu. */
  {
    GtkWidget *order[] = { menu_toggle (), region_button, search, copyable, sort, refresh, view };
    guint start;

    g_assert_true (g_ptr_array_find (stops, order[0], &start));
    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      {
        GtkWidget *stop = g_ptr_array_index (stops, (start + i) % stops->len);

        g_assert_true (stop == order[i] || gtk_widget_is_ancestor (stop, order[i]));
      }
  }
}

static void
test_main_window_search (void)
{
  GtkWidget *view = GTK_WIDGET (ferry_images_page_get_column_view (page));
  GtkWidget *entry = ferry_test_ui_find_by_type (ferry_test_ui_find_by_type (GTK_WIDGET (page), GTK_TYPE_SEARCH_BAR),
                                                 GTK_TYPE_SEARCH_ENTRY);
  g_autoptr(GPtrArray) stops = NULL;

  /* With the search bar open, its entry comes between the toolbar and
   * the table. */
  gtk_widget_activate_action (GTK_WIDGET (page), "images.search", NULL);
  ferry_test_ui_wait_settled (GTK_WIDGET (window));
  assert_all_named (GTK_WIDGET (window));
  stops = assert_focus_goes_round (GTK_WINDOW (window));
  g_assert_cmpuint (count_stops (stops, entry), ==, 1);
  g_assert_cmpuint (count_stops (stops, view), ==, 1);
  for (guint i = 0; i + 1 < stops->len; i++)
    if (gtk_widget_is_ancestor (g_ptr_array_index (stops, i), entry))
      g_assert_true (gtk_widget_is_ancestor (g_ptr_array_index (stops, i + 1), view));
  ferry_images_page_set_search_text (page, NULL);
  g_assert_true (ferry_test_ui_wait_for (page_settled, NULL, 15000));
  ferry_test_ui_wait_settled (GTK_WIDGET (window));
}

static void
test_main_window_table (void)
{
  GtkWidget *view = GTK_WIDGET (ferry_images_page_get_column_view (page));
  GtkWidget *refresh = ferry_test_ui_find_actionable (GTK_WIDGET (page), "images.refresh");
  GtkWidget *row = image_row ("web-server");
  GtkWidget *stop;

  /* One Tab into the table, the next out of it, at any row. */
  g_assert_true (gtk_widget_grab_focus (row));
  stop = press_tab (GTK_WINDOW (window), GTK_DIR_TAB_FORWARD);
  g_assert_false (gtk_widget_is_ancestor (stop, view));
  stop = press_tab (GTK_WINDOW (window), GTK_DIR_TAB_BACKWARD);
  g_assert_true (stop == row);
  stop = press_tab (GTK_WINDOW (window), GTK_DIR_TAB_BACKWARD);
  g_assert_true (stop == refresh);
  /* Back in, on the row it left. */
  stop = press_tab (GTK_WINDOW (window), GTK_DIR_TAB_FORWARD);
  g_assert_true (stop == row);
}

static gboolean
dialog_settled (gpointer data)
{
  GObject *spinner = ferry_copy_dialog_get_part (data, "vault_spinner");
  GObject *check = ferry_copy_dialog_get_part (data, "check_spinner");
  GObject *agencies = ferry_copy_dialog_get_part (data, "agency_spinner");

  return !gtk_widget_get_visible (GTK_WIDGET (spinner)) &&
         !gtk_widget_get_visible (GTK_WIDGET (agencies)) &&
         !gtk_spinner_get_spinning (GTK_SPINNER (check));
}

static void
test_copy_dialog (void)
{
  GtkWidget *copy = ferry_test_ui_find_actionable (GTK_WIDGET (window), "win.copy-image");
  GtkWindow *dialog;
  GObject *blocker_icon;
  g_autoptr(GPtrArray) stops = NULL;

  select_image ("web-server");
  dialog = open_from (copy, FERRY_TYPE_COPY_DIALOG);
  g_assert_true (ferry_test_ui_wait_for (dialog_settled, dialog, 15000));
  /* The regions too, each with its check box. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (ferry_copy_dialog_get_part (FERRY_COPY_DIALOG (dialog), "regions_row")),
                                 TRUE);
  ferry_test_ui_wait_settled (GTK_WIDGET (dialog));
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "a11y-copy-dialog");

  assert_all_named (GTK_WIDGET (dialog));
  assert_states_in_words (GTK_WIDGET (dialog));
  /* Nothing chosen yet: the note says what is missing, its icon that it
   * is a note. */
  blocker_icon = gtk_widget_get_template_child (GTK_WIDGET (dialog), FERRY_TYPE_COPY_DIALOG, "blocker_icon");
  assert_icon_says (GTK_WIDGET (blocker_icon), ferry_test_ui_tr ("copy blocker", "Note"));

  stops = assert_focus_goes_round (dialog);
  g_assert_cmpuint (count_stops (stops, ferry_test_ui_find_actionable (GTK_WIDGET (dialog), "window.close")), ==, 1);
  close_and_assert_focus_back (dialog, copy, TRUE);
}

static void
test_copy_dialog_from_row (void)
{
  GtkWidget *row = image_row ("web-server");
  GtkWindow *parent = GTK_WINDOW (window);
  GtkWindow *dialog;

  /* From the row, as its menu does. */
  select_image ("web-server");
  gtk_window_present (parent);
  g_assert_true (ferry_test_ui_wait_for (is_active, parent, 5000));
  g_assert_true (gtk_widget_grab_focus (row));
  gtk_widget_activate_action (GTK_WIDGET (page), "images.show-row-menu", NULL);
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_last_child (GTK_WIDGET (page))));
  gtk_widget_activate_action (row, "win.copy-image", NULL);
  dialog = ferry_test_ui_find_window (FERRY_TYPE_COPY_DIALOG);
  g_assert_nonnull (dialog);
  ferry_test_ui_wait_drawn (GTK_WIDGET (dialog));
  close_and_assert_focus_back (dialog, row, TRUE);
}

typedef struct
{
  GtkWidget  *root;
  const char *title;
  GtkWidget  *found;
} RowWait;

static gboolean
has_row (gpointer data)
{
  RowWait *wait = data;

  wait->found = ferry_test_ui_find_row (wait->root, wait->title);
  return wait->found != NULL;
}

static void
test_new_vault (void)
{
  GtkWidget *copy = ferry_test_ui_find_actionable (GTK_WIDGET (window), "win.copy-image");
  RowWait wait = { NULL, NULL, NULL };
  FerryRegionCatalogue *catalogue;
  GtkWindow *dialog;
  GtkWindow *message;
  GtkWidget *new_vault;
  GObject *regions_row;
  GtkWidget *region;

  /* A whole-machine image from backups, to a region without a vault. */
  select_image ("whole-cbr");
  dialog = open_from (copy, FERRY_TYPE_COPY_DIALOG);
  regions_row = ferry_copy_dialog_get_part (FERRY_COPY_DIALOG (dialog), "regions_row");
  wait.root = GTK_WIDGET (regions_row);
  catalogue = ferry_client_get_catalogue (ferry_images_page_get_client (page));
  wait.title = ferry_region_get_name (ferry_region_catalogue_lookup (catalogue, "cn-south-1"));
  /* The dialog adds its region rows a few at each frame. */
  g_assert_true (ferry_test_ui_wait_for (has_row, &wait, 10000));
  region = wait.found;
  g_assert_nonnull (region);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (ferry_test_ui_find_by_type (region, GTK_TYPE_CHECK_BUTTON)), TRUE);
  g_assert_true (ferry_test_ui_wait_for (dialog_settled, dialog, 15000));
  ferry_test_ui_wait_settled (GTK_WIDGET (dialog));
  assert_all_named (GTK_WIDGET (dialog));
  assert_states_in_words (GTK_WIDGET (dialog));
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "a11y-copy-dialog-vault");

  new_vault = ferry_test_ui_find_actionable (GTK_WIDGET (dialog), "copy.new-vault");
  g_assert_nonnull (new_vault);
  message = open_from (new_vault, ADW_TYPE_MESSAGE_DIALOG);
  assert_all_named (GTK_WIDGET (message));
  close_and_assert_focus_back (message, new_vault, TRUE);
  close_and_assert_focus_back (dialog, copy, TRUE);
}

static gboolean
agency_idle (gpointer data)
{
  return !ferry_agency_window_get_busy (data);
}

static void
test_agencies (void)
{
  GtkWidget *menu = menu_toggle ();
  GtkWindow *agencies;
  GtkWidget *check_row;
  GObject *suitability_icon;
  g_autoptr(GPtrArray) stops = NULL;

  /* From the main menu's item. */
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ferry_test_ui_wait_for (is_active, window, 5000));
  g_assert_true (gtk_widget_grab_focus (menu));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.agencies", NULL);
  agencies = ferry_test_ui_find_window (FERRY_TYPE_AGENCY_WINDOW);
  g_assert_nonnull (agencies);
  g_assert_true (ferry_test_ui_wait_for (agency_idle, agencies, 15000));
  ferry_test_ui_wait_settled (GTK_WIDGET (agencies));
  ferry_test_ui_take_screenshot (GTK_WIDGET (agencies), "a11y-agencies");
  assert_all_named (GTK_WIDGET (agencies));
  assert_states_in_words (GTK_WIDGET (agencies));
  stops = assert_focus_goes_round (agencies);
  g_clear_pointer (&stops, g_ptr_array_unref);

  /* An agency's check: each region's state in words. */
  gtk_widget_activate_action (GTK_WIDGET (agencies), "agency.check", "s", "ims_partial_agency");
  g_assert_true (ferry_test_ui_wait_for (agency_idle, agencies, 15000));
  ferry_test_ui_wait_settled (GTK_WIDGET (agencies));
  ferry_test_ui_take_screenshot (GTK_WIDGET (agencies), "a11y-agency-check");
  assert_all_named (GTK_WIDGET (agencies));
  assert_states_in_words (GTK_WIDGET (agencies));
  suitability_icon = gtk_widget_get_template_child (ferry_agency_window_get_check_page (FERRY_AGENCY_WINDOW (agencies)),
                                                    FERRY_TYPE_AGENCY_CHECK_PAGE, "suitability_icon");
  /* "Delegated to IMS" stands next to it. */
  assert_icon_says (GTK_WIDGET (suitability_icon), NULL);
  check_row = ferry_test_ui_find_label (GTK_WIDGET (agencies), ferry_test_ui_tr ("permission", "Missing"));
  g_assert_nonnull (check_row);
  stops = assert_focus_goes_round (agencies);

  /* The window has no Escape yet: its close button. */
  close_and_assert_focus_back (agencies, menu, FALSE);
}

static void
test_agency_form (void)
{
  GtkWidget *menu = menu_toggle ();
  GtkWindow *agencies;
  GtkWidget *name_row;
  g_autoptr(GPtrArray) stops = NULL;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ferry_test_ui_wait_for (is_active, window, 5000));
  g_assert_true (gtk_widget_grab_focus (menu));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.agencies", NULL);
  agencies = ferry_test_ui_find_window (FERRY_TYPE_AGENCY_WINDOW);
  g_assert_true (ferry_test_ui_wait_for (agency_idle, agencies, 15000));

  /* The form, with a name that is taken: the error in words. */
  gtk_widget_activate_action (GTK_WIDGET (agencies), "agency.new", NULL);
  name_row = ferry_test_ui_find_row (GTK_WIDGET (agencies), ferry_test_ui_tr (NULL, "Agency Name"));
  g_assert_nonnull (name_row);
  gtk_editable_set_text (GTK_EDITABLE (name_row), "ims_partial_agency");
  ferry_test_ui_wait_settled (GTK_WIDGET (agencies));
  /* Red, and invalid to a screen reader, which does not see red. */
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_null (gtk_test_accessible_check_state (GTK_ACCESSIBLE (name_row), GTK_ACCESSIBLE_STATE_INVALID,
                                                  GTK_ACCESSIBLE_INVALID_TRUE));
  gtk_editable_set_text (GTK_EDITABLE (name_row), "a_free_name");
  g_assert_null (gtk_test_accessible_check_state (GTK_ACCESSIBLE (name_row), GTK_ACCESSIBLE_STATE_INVALID,
                                                  GTK_ACCESSIBLE_INVALID_FALSE));
  gtk_editable_set_text (GTK_EDITABLE (name_row), "ims_partial_agency");
  ferry_test_ui_take_screenshot (GTK_WIDGET (agencies), "a11y-agency-form");
  assert_all_named (GTK_WIDGET (agencies));
  assert_states_in_words (GTK_WIDGET (agencies));
  stops = assert_focus_goes_round (agencies);
  close_and_assert_focus_back (agencies, menu, FALSE);
}

static void
test_add_account (void)
{
  GtkWidget *menu = menu_toggle ();
  GtkWindow *form;
  g_autoptr(GPtrArray) stops = NULL;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ferry_test_ui_wait_for (is_active, window, 5000));
  g_assert_true (gtk_widget_grab_focus (menu));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-account", NULL);
  form = ferry_test_ui_find_window (FERRY_TYPE_ACCOUNT_WINDOW);
  g_assert_nonnull (form);
  ferry_test_ui_wait_settled (GTK_WIDGET (form));
  ferry_test_ui_take_screenshot (GTK_WIDGET (form), "a11y-add-account");
  assert_all_named (GTK_WIDGET (form));
  assert_states_in_words (GTK_WIDGET (form));
  stops = assert_focus_goes_round (form);
  close_and_assert_focus_back (form, menu, TRUE);
}

static const char *
project_of (const char *region)
{
  FerryAccount *account = ferry_copy_queue_get_account (ferry_window_get_queue (window));

  return ferry_project_get_id (ferry_account_get_region_project (account, region));
}

/* A copy of web-server to @destination, in the queue. */
static FerryCopyTask *
add_copy (const char *name,
          const char *destination,
          const char *agency)
{
  FerryCopyQueue *queue = ferry_window_get_queue (window);
  FerryAccount *account = ferry_copy_queue_get_account (queue);
  g_autoptr(FerryImage) image = g_list_model_get_item (ferry_images_page_get_images (page),
                                                        image_position ("web-server"));
  g_autoptr(FerryCopyTask) task = NULL;

  task = ferry_copy_task_new_cross_region (ferry_account_get_domain_id (account),
                                           ferry_image_get_id (image), "web-server",
                                           "cn-north-4", project_of ("cn-north-4"),
                                           destination, destination, project_of (destination),
                                           name, NULL, agency, NULL);
  g_assert_true (ferry_copy_queue_add (queue, task, NULL));
  return task;
}

static gboolean
task_is_final (gpointer data)
{
  return ferry_task_state_is_final (ferry_copy_task_get_state (data));
}

static void
test_tasks (void)
{
  FerrySandbox *sandbox = ferry_application_ensure_sandbox (app, NULL);
  FerryTasksPage *tasks = ferry_window_get_tasks_page (window);
  const char *regions[] = { "cn-north-1", "cn-east-3", "cn-south-1", "ap-southeast-1",
                            "ap-southeast-3", "af-south-1", NULL };
  g_autoptr(FerryCopyTask) done = NULL;
  g_autoptr(FerryCopyTask) failed = NULL;
  g_autoptr(GPtrArray) stops = NULL;

  /* Every kind of row: done, failed, copying, waiting in line. */
  g_object_set (sandbox, "copy-seconds", 1, NULL);
  done = g_object_ref (add_copy ("copy_done", "cn-east-2", "ims_administrator_agency"));
  failed = g_object_ref (add_copy ("copy_failed", "cn-east-2", "ims_partial_agency"));
  g_assert_true (ferry_test_ui_wait_for (task_is_final, done, 60000));
  g_assert_true (ferry_test_ui_wait_for (task_is_final, failed, 60000));
  g_object_set (sandbox, "copy-seconds", 600, NULL);
  for (guint i = 0; regions[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("copy_%s", regions[i]);

      add_copy (name, regions[i], "ims_administrator_agency");
    }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-tasks", NULL);
  g_assert_cmpstr (ferry_window_get_view (window), ==, "tasks");
  ferry_test_ui_wait_settled (GTK_WIDGET (window));
  ferry_test_ui_take_screenshot (GTK_WIDGET (window), "a11y-tasks");
  assert_all_named (GTK_WIDGET (window));
  assert_states_in_words (GTK_WIDGET (window));
  stops = assert_focus_goes_round (GTK_WINDOW (window));
  g_assert_cmpuint (count_stops (stops, GTK_WIDGET (tasks)), >, 0);

  /* From a row of the tasks back to the images, with the switcher: Tab
   * never goes into the hidden tasks. */
  g_clear_pointer (&stops, g_ptr_array_unref);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (ferry_tasks_page_get_row (tasks, ferry_copy_task_get_id (failed)))));
  g_assert_true (gtk_widget_grab_focus (ferry_test_ui_find_by_type (ferry_test_ui_find_by_type (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER),
                                                                GTK_TYPE_TOGGLE_BUTTON)));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_parent (GTK_WIDGET (page))), "images");
  ferry_test_ui_wait_settled (GTK_WIDGET (window));
  stops = assert_focus_goes_round (GTK_WINDOW (window));
  g_assert_cmpuint (count_stops (stops, GTK_WIDGET (tasks)), ==, 0);
  g_assert_cmpuint (count_stops (stops, GTK_WIDGET (ferry_images_page_get_column_view (page))), ==, 1);
}

/* High contrast and large text */

/* Labels that neither wrap nor shorten themselves get all the room their
 * text needs. */
static void
check_cut (GtkWidget *widget,
           GString   *cut)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget) && !gtk_label_get_wrap (GTK_LABEL (widget)) &&
      gtk_label_get_ellipsize (GTK_LABEL (widget)) == PANGO_ELLIPSIZE_NONE &&
      *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    {
      int text_width;

      /* The text's own width against the label's content box (CSS
       * padding and borders aside). */
      pango_layout_get_pixel_size (gtk_label_get_layout (GTK_LABEL (widget)), &text_width, NULL);
      if (gtk_widget_get_width (widget) < text_width)
        g_string_append_printf (cut, "\n  “%s”: %d of %d pixels", gtk_label_get_text (GTK_LABEL (widget)),
                                gtk_widget_get_width (widget), text_width);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_cut (child, cut);
}

static void
look_at (GtkWidget  *widget,
         const char *style,
         const char *what)
{
  g_autofree char *name = g_strdup_printf ("a11y-%s-%s", style, what);
  g_autoptr(GString) cut = g_string_new (NULL);

  ferry_test_ui_wait_settled (widget);
  ferry_test_ui_take_screenshot (widget, name);
  check_cut (widget, cut);
  if (cut->len > 0)
    g_test_fail_printf ("%s, %s: text cut:%s", what, style, cut->str);
}

static void
look_at_every_window (const char *style)
{
  AdwViewStack *views = ADW_VIEW_STACK (gtk_widget_get_parent (GTK_WIDGET (page)));
  GtkWindow *opened;

  adw_view_stack_set_visible_child_name (views, "images");
  select_image ("web-server");
  look_at (GTK_WIDGET (window), style, "main");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-image", NULL);
  opened = ferry_test_ui_find_window (FERRY_TYPE_COPY_DIALOG);
  g_assert_true (ferry_test_ui_wait_for (dialog_settled, opened, 15000));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (ferry_copy_dialog_get_part (FERRY_COPY_DIALOG (opened), "regions_row")),
                                 TRUE);
  look_at (GTK_WIDGET (opened), style, "copy-dialog");
  ferry_test_ui_destroy_and_assert_finalized (opened);

  adw_view_stack_set_visible_child_name (views, "tasks");
  look_at (GTK_WIDGET (window), style, "tasks");
  adw_view_stack_set_visible_child_name (views, "images");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.agencies", NULL);
  opened = ferry_test_ui_find_window (FERRY_TYPE_AGENCY_WINDOW);
  g_assert_true (ferry_test_ui_wait_for (agency_idle, opened, 15000));
  look_at (GTK_WIDGET (opened), style, "agencies");
  gtk_widget_activate_action (GTK_WIDGET (opened), "agency.check", "s", "ims_partial_agency");
  g_assert_true (ferry_test_ui_wait_for (agency_idle, opened, 15000));
  look_at (GTK_WIDGET (opened), style, "agency-check");
  ferry_test_ui_destroy_and_assert_finalized (opened);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-account", NULL);
  opened = ferry_test_ui_find_window (FERRY_TYPE_ACCOUNT_WINDOW);
  look_at (GTK_WIDGET (opened), style, "add-account");
  ferry_test_ui_destroy_and_assert_finalized (opened);
}

static gboolean
is_high_contrast (gpointer data)
{
  return adw_style_manager_get_high_contrast (adw_style_manager_get_default ());
}

static gboolean
is_normal_contrast (gpointer data)
{
  return !is_high_contrast (data);
}

static void
test_high_contrast (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.gnome.desktop.a11y.interface");

  /* As GNOME's setting turns it on, read by libadwaita without a portal. */
  g_settings_set_boolean (settings, "high-contrast", TRUE);
  g_assert_true (ferry_test_ui_wait_for (is_high_contrast, NULL, 5000));
  look_at_every_window ("high-contrast");
  g_settings_set_boolean (settings, "high-contrast", FALSE);
  g_assert_true (ferry_test_ui_wait_for (is_normal_contrast, NULL, 5000));
}

static void
test_large_text (void)
{
  GListModel *columns = gtk_column_view_get_columns (ferry_images_page_get_column_view (page));
  g_autoptr(GtkColumnViewColumn) status = g_list_model_get_item (columns, 1);
  int width = gtk_column_view_column_get_fixed_width (status);

  /* Text scaling at 150 %, as GNOME's text-scaling-factor 1.5 sets it,
   * while Ferry runs: the columns measured for their values grow. */
  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", 96 * 1024 * 3 / 2, NULL);
  ferry_test_ui_wait_settled (GTK_WIDGET (window));
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (status), >, width * 5 / 4);
  look_at_every_window ("large-text");
  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", -1, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  ferry_test_ui_init (&argc, &argv);

  app = ferry_test_ui_new_app ();
  window = ferry_test_ui_activate (app);
  page = ferry_window_get_images_page (window);
  ferry_test_ui_resize (GTK_WINDOW (window), 1280, 800);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.try-sandbox", NULL);
  g_assert_true (ferry_test_ui_wait_for (page_settled, NULL, 15000));
  ferry_test_ui_wait_settled (GTK_WIDGET (window));

  g_test_add_func ("/ui/a11y/main-window", test_main_window);
  g_test_add_func ("/ui/a11y/main-window-search", test_main_window_search);
  g_test_add_func ("/ui/a11y/main-window-table", test_main_window_table);
  g_test_add_func ("/ui/a11y/copy-dialog", test_copy_dialog);
  g_test_add_func ("/ui/a11y/copy-dialog-from-row", test_copy_dialog_from_row);
  g_test_add_func ("/ui/a11y/new-vault", test_new_vault);
  g_test_add_func ("/ui/a11y/agencies", test_agencies);
  g_test_add_func ("/ui/a11y/agency-form", test_agency_form);
  g_test_add_func ("/ui/a11y/add-account", test_add_account);
  g_test_add_func ("/ui/a11y/tasks", test_tasks);
  g_test_add_func ("/ui/a11y/high-contrast", test_high_contrast);
  g_test_add_func ("/ui/a11y/large-text", test_large_text);

  ret = g_test_run ();
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
  g_clear_object (&app);
  return ret;
}
