/* ferry-test-ui.c: helpers shared by the UI tests
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ferry-i18n.h"
#include "ferry-test-ui.h"

void
ferry_test_ui_init (int    *argc,
                    char ***argv)
{
  /* The tests set $TEXTDOMAINDIR to the build tree's catalogues. */
  ferry_i18n_init ();

  gtk_test_init (argc, argv, NULL);
  adw_init ();
}

typedef struct
{
  gboolean (*condition) (gpointer data);
  gpointer   data;
  gboolean   timed_out;
} WaitState;

static gboolean
wait_timeout_cb (gpointer user_data)
{
  WaitState *state = user_data;

  state->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
ferry_test_ui_wait_for (gboolean (*condition) (gpointer data),
                        gpointer   data,
                        guint      timeout_ms)
{
  WaitState state = { condition, data, FALSE };
  guint timeout_id;

  timeout_id = g_timeout_add (timeout_ms, wait_timeout_cb, &state);
  while (!condition (data) && !state.timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!state.timed_out)
    g_source_remove (timeout_id);

  return condition (data);
}

static gboolean
frame_drawn_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  gboolean *drawn = user_data;

  *drawn = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

void
ferry_test_ui_wait_drawn (GtkWidget *widget)
{
  gboolean drawn = FALSE;

  g_assert_true (ferry_test_ui_wait_for (is_mapped, widget, 10000));

  /* Two ticks: the first one may come before layout has settled. */
  for (guint i = 0; i < 2; i++)
    {
      drawn = FALSE;
      gtk_widget_add_tick_callback (widget, frame_drawn_cb, &drawn, NULL);
      g_assert_true (ferry_test_ui_wait_for (is_true, &drawn, 10000));
    }
}

GtkWidget *
ferry_test_ui_find_label (GtkWidget  *root,
                          const char *text)
{
  if (GTK_IS_LABEL (root) &&
      gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ferry_test_ui_find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

char *
ferry_test_ui_screenshot (GtkWidget  *widget,
                          const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;
  const char *dir;
  GskRenderer *renderer;
  int width, height;

  ferry_test_ui_wait_drawn (widget);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  dir = g_getenv ("FERRY_SCREENSHOT_DIR");
  if (dir == NULL)
    dir = ".";
  g_mkdir_with_parents (dir, 0755);
  file_name = g_strdup_printf ("%s.png", name);
  path = g_build_filename (dir, file_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  return g_steal_pointer (&path);
}
