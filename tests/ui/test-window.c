/* test-window.c: the main window opens and speaks the user's language
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-application.h"
#include "ferry-window.h"
#include "ferry-window-private.h"
#include "ferry-test-ui.h"

static FerryApplication *app;

static GtkWidget *
open_main_window (void)
{
  return GTK_WIDGET (ferry_test_ui_activate (app));
}

static void
test_window_welcome (void)
{
  /* The language under test comes from $LANGUAGE; the expected texts come
   * from the test's arguments so that a missing translation fails here. */
  const char *title = g_getenv ("FERRY_TEST_EXPECT_TITLE");
  const char *shot = g_getenv ("FERRY_TEST_SCREENSHOT");
  g_autofree char *path = NULL;
  GtkWidget *window;

  g_assert_nonnull (title);
  window = open_main_window ();

  g_assert_nonnull (ferry_test_ui_find_label (window, title));
  path = ferry_test_ui_screenshot (window, shot != NULL ? shot : "window");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
test_window_actions (void)
{
  GtkWidget *window = open_main_window ();

  /* Every menu entry leads somewhere. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
}

static gboolean
menu_has (GtkWidget  *window,
          const char *label)
{
  GtkWidget *button = ferry_test_ui_find_by_type (window, GTK_TYPE_MENU_BUTTON);
  g_auto(GStrv) parts = g_strsplit (ferry_test_ui_tr (NULL, label), "_", -1);
  g_autofree char *shown = g_strjoinv ("", parts);
  GtkPopover *popover;
  gboolean found;

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  ferry_test_ui_wait_drawn (GTK_WIDGET (popover));
  found = ferry_test_ui_find_label (GTK_WIDGET (popover), shown) != NULL;
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  return found;
}

/* The welcome page has no tasks to show: the main menu does not offer
 * them (it did, and did nothing). */
static void
test_window_tasks_menu (void)
{
  GtkWidget *window = open_main_window ();

  g_assert_cmpstr (ferry_window_get_page (FERRY_WINDOW (window)), ==, "welcome");
  g_assert_false (menu_has (window, "_Tasks"));
  g_assert_true (menu_has (window, "_Add Account…"));
}

static gboolean
is_resized (gpointer data)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (data));

  return gdk_surface_get_width (surface) == 700 && gdk_surface_get_height (surface) == 500;
}

static void
test_window_size_remembered (void)
{
  GSettings *settings = ferry_application_get_settings (app);
  GtkWidget *window = open_main_window ();
  GtkWidget *second;

  /* A mapped window reports its real size, so wait for the resize. */
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 500);
  g_assert_true (ferry_test_ui_wait_for (is_resized, window, 10000));
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 500);

  second = GTK_WIDGET (ferry_window_new (GTK_APPLICATION (app),
                                         ferry_application_get_session (app)));
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (second), &width, &height);
    g_assert_cmpint (width, ==, 700);
    g_assert_cmpint (height, ==, 500);
  }
  ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (second));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  ferry_test_ui_init (&argc, &argv);
  app = ferry_test_ui_new_app ();

  g_test_add_func ("/ui/window/welcome", test_window_welcome);
  g_test_add_func ("/ui/window/actions", test_window_actions);
  g_test_add_func ("/ui/window/tasks-menu", test_window_tasks_menu);
  g_test_add_func ("/ui/window/size-remembered", test_window_size_remembered);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
