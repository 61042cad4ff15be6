/* copy-dialog.c: how long the copy dialog takes to be ready, over a slow link
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the real window on an endpoint (tests/bench/rtt-proxy.py in front
 * of ferry-sandbox, as tests/bench/wire.py runs it), waits for the images
 * of the region, selects one and opens the "Copy image" dialog as the Copy…
 * button does, twice (the second time with the session's cache). Prints,
 * in CLOCK_MONOTONIC microseconds so that the proxy's log can be cut to
 * the same windows:
 *
 *   images <start> <end> <n images>
 *   dialog <opened> <ready> <longest stall> <built>
 *   dialog-again <opened> <ready> <longest stall> <built>
 *
 * where the longest stall is the longest the main loop went without
 * running a 1 ms timeout from the dialog built (the action returned) to
 * ready, in microseconds, and built is when the action returned with the
 * dialog built.
 *
 * Not a test: wire.py runs it headless,
 *
 *   HUAWEICLOUD_SDK_AK=… HUAWEICLOUD_SDK_SK=… dbus-run-session -- \
 *     xvfb-run -a -s "-screen 0 1280x800x24" \
 *     _build/tests/bench/bench-copy-dialog --endpoint http://127.0.0.1:PORT/{service}/{region}
 */

#include "config.h"

#include <string.h>

#include "ferry-application.h"
#include "ferry-copy-dialog.h"
#include "ferry-copy-dialog-private.h"
#include "ferry-test-ui.h"
#include "ferry-window.h"
#include "ferry-window-private.h"
#include "ferry-images-page-private.h"

static char *endpoint = NULL;
static char *region = NULL;
static char *image_name = NULL;

static const GOptionEntry options[] = {
  { "endpoint", 0, 0, G_OPTION_ARG_STRING, &endpoint, "Endpoint template", "TEMPLATE" },
  { "region", 0, 0, G_OPTION_ARG_STRING, &region, "Source region (cn-north-4)", "REGION" },
  { "image", 0, 0, G_OPTION_ARG_STRING, &image_name, "Image to copy (web-server)", "NAME" },
  { NULL }
};

static FerryImagesPage *page;

static gboolean
page_settled (gpointer data)
{
  return !ferry_images_page_get_loading (page) &&
         g_strcmp0 (ferry_images_page_get_state (page), FERRY_IMAGES_PAGE_LIST) == 0;
}

static gpointer
child (FerryCopyDialog *dialog,
       const char      *name)
{
  GObject *object = ferry_copy_dialog_get_part (dialog, name);

  g_assert_nonnull (object);
  return object;
}

/* Nothing left loading: regions, agencies, vaults and the check. */
static gboolean
dialog_ready (gpointer data)
{
  FerryCopyDialog *dialog = FERRY_COPY_DIALOG (ferry_test_ui_find_window (FERRY_TYPE_COPY_DIALOG));

  return dialog != NULL &&
         !gtk_widget_get_visible (child (dialog, "regions_spinner")) &&
         !gtk_widget_get_visible (child (dialog, "agency_spinner")) &&
         !gtk_widget_get_visible (child (dialog, "vault_spinner")) &&
         !gtk_spinner_get_spinning (child (dialog, "check_spinner"));
}

/* The longest the main loop went without running a 1 ms timeout. */
static gboolean
stall_tick_cb (gpointer data)
{
  gint64 *watch = data;
  gint64 now = g_get_monotonic_time ();

  if (watch[0] != 0 && now - watch[0] > watch[1])
    watch[1] = now - watch[0];
  watch[0] = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
dialog_gone (gpointer data)
{
  return ferry_test_ui_find_window (FERRY_TYPE_COPY_DIALOG) == NULL;
}

static void
open_dialog (GtkWidget  *window,
             const char *label)
{
  GtkSelectionModel *selection = gtk_column_view_get_model (ferry_images_page_get_column_view (page));
  GListModel *images = ferry_images_page_get_images (page);
  gint64 opened, ready, built;
  gint64 watch[2] = { 0, 0 };
  guint position = G_MAXUINT, watch_id;

  for (guint i = 0; i < g_list_model_get_n_items (images) && position == G_MAXUINT; i++)
    {
      g_autoptr(FerryImage) image = g_list_model_get_item (images, i);

      if (g_strcmp0 (ferry_image_get_name (image), image_name) == 0)
        position = i;
    }
  if (position == G_MAXUINT)
    g_error ("no image “%s” in %s", image_name, region);
  gtk_selection_model_select_item (selection, position, TRUE);

  watch_id = g_timeout_add (1, stall_tick_cb, watch);
  opened = g_get_monotonic_time ();
  gtk_widget_activate_action (window, "win.copy-image", NULL);
  /* From the dialog built on: what comes in while it waits for answers. */
  built = watch[0] = g_get_monotonic_time ();
  if (!ferry_test_ui_wait_for (dialog_ready, NULL, 600000))
    g_error ("the dialog was not ready within 10 minutes");
  ready = g_get_monotonic_time ();
  g_source_remove (watch_id);
  g_print ("%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
           label, opened, ready, watch[1], built);

  gtk_window_close (GTK_WINDOW (ferry_test_ui_find_window (FERRY_TYPE_COPY_DIALOG)));
  ferry_test_ui_wait_for (dialog_gone, NULL, 5000);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryApplication) app = NULL;
  g_autoptr(FerryCredentials) credentials = NULL;
  GtkWidget *window;
  gint64 start;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (endpoint == NULL)
    g_error ("--endpoint is required");
  if (region == NULL)
    region = g_strdup ("cn-north-4");
  if (image_name == NULL)
    image_name = g_strdup ("web-server");

  ferry_test_ui_init (&argc, &argv);

  credentials = ferry_credentials_new_from_variables (g_getenv (FERRY_ENV_ACCESS_KEY),
                                                      g_getenv (FERRY_ENV_SECRET_KEY),
                                                      g_getenv (FERRY_ENV_SECURITY_TOKEN), &error);
  if (credentials == NULL)
    g_error ("%s", error->message);

  app = ferry_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  window = GTK_WIDGET (ferry_window_new (GTK_APPLICATION (app),
                                         ferry_application_get_session (app)));
  gtk_window_present (GTK_WINDOW (window));
  page = ferry_window_get_images_page (FERRY_WINDOW (window));

  start = g_get_monotonic_time ();
  ferry_window_connect (FERRY_WINDOW (window), credentials, endpoint, region, "Benchmark");
  if (!ferry_test_ui_wait_for (page_settled, NULL, 600000))
    g_error ("the images were not listed within 10 minutes");
  g_print ("images %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %u\n", start, g_get_monotonic_time (),
           g_list_model_get_n_items (ferry_images_page_get_images (page)));

  open_dialog (window, "dialog");
  open_dialog (window, "dialog-again");

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
