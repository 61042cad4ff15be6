/* ferry-test-ui.c: helpers shared by the UI tests
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>
#include <locale.h>
#include <gdk/x11/gdkx.h>
#include <X11/Xlib.h>
#include <X11/keysym.h>

#include "ferry-client.h"
#include "ferry-i18n.h"
#include "ferry-images-page-private.h"
#include "ferry-window-private.h"
#include "ferry-task-store.h"
#include "ferry-test-ui.h"

void
ferry_test_ui_init (int    *argc,
                    char ***argv)
{
  /* The tests set $TEXTDOMAINDIR to the build tree's catalogues. */
  ferry_i18n_init (g_getenv (FERRY_ENV_LOCALEDIR));

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  /* No window manager hands the X focus to a new window: a focused entry
   * of a window that is not active would warn at each blink of its
   * cursor (GtkText: "did not receive a focus-out event"). */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
}

FerryApplication *
ferry_test_ui_new_app (void)
{
  g_autoptr(GError) error = NULL;
  FerryApplication *app = ferry_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);

  /* What the program's main passes down, the tests pass too. */
  g_object_set (app,
                "endpoint", g_getenv (FERRY_ENV_ENDPOINT),
                "tasks-file", g_getenv (FERRY_ENV_TASKS_FILE),
                NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  return app;
}

static gboolean
has_active_window (gpointer data)
{
  return gtk_application_get_active_window (data) != NULL;
}

FerryWindow *
ferry_test_ui_activate (FerryApplication *app)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  g_assert_true (ferry_test_ui_wait_for (has_active_window, app, 10000));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (FERRY_IS_WINDOW (window));
  ferry_test_ui_wait_drawn (GTK_WIDGET (window));
  return FERRY_WINDOW (window);
}

FerryWindow *
ferry_test_ui_new_window (FerryApplication *app)
{
  GSettings *settings = ferry_application_get_settings (app);
  FerryWindow *window;

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
  g_settings_reset (settings, "last-region");
  window = ferry_window_new (GTK_APPLICATION (app), ferry_application_get_session (app));
  gtk_window_present (GTK_WINDOW (window));
  ferry_test_ui_wait_drawn (GTK_WIDGET (window));
  return window;
}

static gboolean
shows_images (gpointer data)
{
  return g_strcmp0 (ferry_window_get_page (data), "images") == 0;
}

FerryWindow *
ferry_test_ui_open_sandbox (FerryApplication *app)
{
  FerryWindow *window = ferry_test_ui_new_window (app);

  ferry_window_open_sandbox (window);
  g_assert_true (ferry_test_ui_wait_for (shows_images, window, 15000));
  ferry_test_ui_wait_images (ferry_window_get_images_page (window), FERRY_IMAGES_PAGE_LIST);
  ferry_test_ui_wait_drawn (GTK_WIDGET (window));
  return window;
}

typedef struct
{
  FerryImagesPage *page;
  const char      *state;
} ImagesWait;

static gboolean
images_settled (gpointer data)
{
  ImagesWait *wait = data;

  return !ferry_images_page_get_loading (wait->page) &&
         gtk_filter_list_model_get_pending (GTK_FILTER_LIST_MODEL (ferry_images_page_get_images (wait->page))) == 0 &&
         g_strcmp0 (ferry_images_page_get_state (wait->page), wait->state) == 0;
}

void
ferry_test_ui_wait_images (FerryImagesPage *page,
                           const char      *state)
{
  ImagesWait wait = { page, state };

  if (!ferry_test_ui_wait_for (images_settled, &wait, 15000))
    g_error ("the images page is “%s”, not “%s”", ferry_images_page_get_state (page), state);
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

static gboolean
is_transitioning (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  /* A search bar or a note sliding in or out. */
  if (GTK_IS_REVEALER (widget) &&
      gtk_revealer_get_reveal_child (GTK_REVEALER (widget)) != gtk_revealer_get_child_revealed (GTK_REVEALER (widget)))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (is_transitioning (child))
      return TRUE;

  return FALSE;
}

static gboolean
is_settled (gpointer data)
{
  return !is_transitioning (data);
}

void
ferry_test_ui_wait_settled (GtkWidget *widget)
{
  ferry_test_ui_wait_drawn (widget);
  g_assert_true (ferry_test_ui_wait_for (is_settled, widget, 10000));
  ferry_test_ui_wait_drawn (widget);
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

  ferry_test_ui_wait_settled (widget);

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

GtkWidget *
ferry_test_ui_find_by_type (GtkWidget *root,
                            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ferry_test_ui_find_by_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
ferry_test_ui_find_row (GtkWidget  *root,
                        const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ferry_test_ui_find_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
ferry_test_ui_find_actionable (GtkWidget  *root,
                               const char *action_name)
{
  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ferry_test_ui_find_actionable (child, action_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWindow *
ferry_test_ui_find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }

  return NULL;
}

gboolean
ferry_test_ui_has_message_dialog (gpointer data)
{
  return ferry_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

const char *
ferry_test_ui_tr (const char *context,
                  const char *msgid)
{
  const char *language = g_getenv ("LANGUAGE");
  const char *text;

  text = context != NULL ? g_dpgettext2 (NULL, context, msgid) : gettext (msgid);
  if (language != NULL && g_str_has_prefix (language, "zh"))
    {
      if (text == msgid || g_strcmp0 (text, msgid) == 0)
        g_error ("“%s” has no Chinese translation", msgid);
    }
  return text;
}

typedef struct
{
  GtkWindow *window;
  int        width;
  int        height;
} SizeWait;

static gboolean
has_size (gpointer data)
{
  SizeWait *wait = data;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (wait->window));

  return surface != NULL &&
         gdk_surface_get_width (surface) == wait->width &&
         gdk_surface_get_height (surface) == wait->height;
}

void
ferry_test_ui_resize (GtkWindow *window,
                      int        width,
                      int        height)
{
  SizeWait wait = { window, width, height };

  gtk_window_set_default_size (window, width, height);
  if (!ferry_test_ui_wait_for (has_size, &wait, 10000))
    {
      GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

      g_error ("the window is %d×%d (surface %d×%d), not %d×%d",
               gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)),
               gdk_surface_get_width (surface), gdk_surface_get_height (surface), width, height);
    }
  ferry_test_ui_wait_drawn (GTK_WIDGET (window));
}

void
ferry_test_ui_take_screenshot (GtkWidget  *widget,
                               const char *what)
{
  const char *lang = g_getenv ("FERRY_TEST_LANG");
  g_autofree char *name = g_strdup_printf ("%s-%s", what, lang != NULL ? lang : "C");
  g_autofree char *path = ferry_test_ui_screenshot (widget, name);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/* XTest's entry points, from libXtst.so.6 (no development package needed). */
typedef int (*FakeButton) (Display *display, unsigned int button, Bool is_press, unsigned long delay);
typedef int (*FakeKey) (Display *display, unsigned int keycode, Bool is_press, unsigned long delay);
typedef int (*FakeMotion) (Display *display, int screen, int x, int y, unsigned long delay);

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
settle_events (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static GModule *xtst;
static FakeButton fake_button;
static FakeKey fake_key;
static FakeMotion fake_motion;

static void
load_xtest (void)
{
  if (xtst != NULL)
    return;
  xtst = g_module_open ("libXtst.so.6", G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  g_assert_nonnull (xtst);
  g_assert_true (g_module_symbol (xtst, "XTestFakeButtonEvent", (gpointer *) &fake_button));
  g_assert_true (g_module_symbol (xtst, "XTestFakeKeyEvent", (gpointer *) &fake_key));
  g_assert_true (g_module_symbol (xtst, "XTestFakeMotionEvent", (gpointer *) &fake_motion));
}

static const KeySym modifier_keys[] = { XK_Control_L, XK_Shift_L, XK_Alt_L };
static const GdkModifierType modifier_masks[] = { GDK_CONTROL_MASK, GDK_SHIFT_MASK, GDK_ALT_MASK };

static void
fake_modifiers (Display         *xdisplay,
                GdkModifierType  modifiers,
                gboolean         press)
{
  for (guint i = 0; i < G_N_ELEMENTS (modifier_keys); i++)
    if (modifiers & modifier_masks[i])
      fake_key (xdisplay, XKeysymToKeycode (xdisplay, modifier_keys[i]), press, 0);
}

void
ferry_test_ui_press_key (GtkWindow       *window,
                         guint            keyval,
                         GdkModifierType  modifiers)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
  Display *xdisplay;
  KeyCode code;

  g_assert_true (GDK_IS_X11_DISPLAY (display));
  load_xtest ();
  ferry_test_ui_wait_drawn (GTK_WIDGET (window));
  xdisplay = gdk_x11_display_get_xdisplay (display);
  /* No window manager gives it the focus. */
  XSetInputFocus (xdisplay, gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))),
                  RevertToParent, CurrentTime);
  XSync (xdisplay, False);
  settle_events (100);
  /* GDK's key values are X's key symbols. */
  code = XKeysymToKeycode (xdisplay, keyval);
  g_assert_cmpuint (code, !=, 0);
  fake_modifiers (xdisplay, modifiers, TRUE);
  fake_key (xdisplay, code, True, 0);
  fake_key (xdisplay, code, False, 0);
  fake_modifiers (xdisplay, modifiers, FALSE);
  XFlush (xdisplay);
  settle_events (300);
}

void
ferry_test_ui_click (GtkWidget       *widget,
                     double           x,
                     double           y,
                     GdkModifierType  modifiers)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  GdkDisplay *display = gtk_widget_get_display (widget);
  Display *xdisplay;
  graphene_point_t point;
  double dx, dy;
  int root_x, root_y;
  Window child;

  g_assert_true (GDK_IS_X11_DISPLAY (display));
  load_xtest ();

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &point));
  /* The surface may be larger than the window: its shadow. */
  gtk_native_get_surface_transform (native, &dx, &dy);
  xdisplay = gdk_x11_display_get_xdisplay (display);
  XTranslateCoordinates (xdisplay, gdk_x11_surface_get_xid (surface), DefaultRootWindow (xdisplay),
                         (int) (point.x + dx), (int) (point.y + dy), &root_x, &root_y, &child);

  fake_motion (xdisplay, -1, root_x, root_y, 0);
  fake_modifiers (xdisplay, modifiers, TRUE);
  fake_button (xdisplay, 1, True, 0);
  fake_button (xdisplay, 1, False, 0);
  fake_modifiers (xdisplay, modifiers, FALSE);
  XFlush (xdisplay);
  /* GTK reads them from the connection on its own time. */
  settle_events (300);
}

struct _FerryTestUiWatch
{
  GPtrArray *refs;   /* GWeakRef *: the widget first, then those below it */
  GPtrArray *names;  /* their type names, in the same order */
};

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
watch_tree (FerryTestUiWatch *watch,
            GtkWidget        *widget)
{
  /* Each on its own: a GWeakRef must not move. */
  GWeakRef *ref;

  /* GTK's own tooltip window hangs below the widget it was last shown
   * for, and GTK keeps it for the next tooltip of the display. */
  if (g_strcmp0 (G_OBJECT_TYPE_NAME (widget), "GtkTooltipWindow") == 0)
    return;
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, widget);
  g_ptr_array_add (watch->refs, ref);
  g_ptr_array_add (watch->names, (gpointer) G_OBJECT_TYPE_NAME (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    watch_tree (watch, child);
}

FerryTestUiWatch *
ferry_test_ui_watch (GtkWidget *widget)
{
  FerryTestUiWatch *watch = g_new0 (FerryTestUiWatch, 1);

  watch->refs = g_ptr_array_new_with_free_func (free_weak_ref);
  watch->names = g_ptr_array_new ();
  watch_tree (watch, widget);
  return watch;
}

static gboolean
is_finalized (gpointer data)
{
  GWeakRef *ref = data;
  g_autoptr(GObject) object = g_weak_ref_get (ref);

  return object == NULL;
}

static gboolean
all_finalized (gpointer data)
{
  FerryTestUiWatch *watch = data;

  for (guint i = 0; i < watch->refs->len; i++)
    if (!is_finalized (watch->refs->pdata[i]))
      return FALSE;
  return TRUE;
}

void
ferry_test_ui_assert_finalized (FerryTestUiWatch *watch)
{
  GWeakRef *first = watch->refs->pdata[0];

  /* What a destroyed widget lets go of, it may let go of in an idle or at
   * the next frame: wait for it rather than look once. */
  if (!ferry_test_ui_wait_for (is_finalized, first, 5000))
    {
      g_autoptr(GObject) survivor = g_weak_ref_get (first);
      g_autoptr(GString) others = g_string_new (NULL);
      guint n_others = 0;

      for (guint i = 1; i < watch->refs->len; i++)
        {
          g_autoptr(GObject) below = g_weak_ref_get (watch->refs->pdata[i]);

          if (below == NULL)
            continue;
          /* The first few name the cycle; the rest are their children. */
          if (n_others++ < 12)
            g_string_append_printf (others, " %s (%u)", (const char *) watch->names->pdata[i],
                                    below->ref_count - 1);
        }
      g_error ("%s %p was not finalized: %u references left; %u widgets below it survived "
               "too, with their references:%s%s",
               (const char *) watch->names->pdata[0], survivor, survivor->ref_count - 1,
               n_others, others->str, n_others > 12 ? " …" : "");
    }

  /* Gone itself, it may still have let a widget below it live on: held
   * by something else (a model, a signal handler, a closure), it would
   * be a leak, or worse, a widget that outlives its window. */
  if (!ferry_test_ui_wait_for (all_finalized, watch, 5000))
    {
      g_autoptr(GString) survivors = g_string_new (NULL);
      guint n_survivors = 0;

      for (guint i = 1; i < watch->refs->len; i++)
        {
          g_autoptr(GObject) below = g_weak_ref_get (watch->refs->pdata[i]);

          if (below == NULL)
            continue;
          if (n_survivors++ < 12)
            g_string_append_printf (survivors, " %s %p (%u)", (const char *) watch->names->pdata[i],
                                    below, below->ref_count - 1);
        }
      g_error ("%s was finalized, but %u widgets below it were not, with their references:%s%s",
               (const char *) watch->names->pdata[0], n_survivors, survivors->str,
               n_survivors > 12 ? " …" : "");
    }

  /* What the freed widgets left to the main loop (an idle, a timeout
   * due) runs now, inside the test that made it: one that still points
   * at them fails here rather than in a later test, or never. */
  for (guint i = 0; i < 100 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);

  g_ptr_array_unref (watch->refs);
  g_ptr_array_unref (watch->names);
  g_free (watch);
}

void
ferry_test_ui_destroy_and_assert_finalized (GtkWindow *window)
{
  FerryTestUiWatch *watch = ferry_test_ui_watch (GTK_WIDGET (window));

  gtk_window_destroy (window);
  ferry_test_ui_assert_finalized (watch);
}
