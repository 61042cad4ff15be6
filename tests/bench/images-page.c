/* images-page.c: the images page at ten thousand images
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts `ferry-sandbox --images-per-region N --latency-ms MS` in another
 * process (so its memory is not counted), opens the real window on it and
 * measures: time to the first row drawn, time to every row, the longest
 * stall of the main loop while pages arrive, the filter time per
 * keystroke, the time to sort, and resident memory against the empty
 * window's and, per image, against the window with the first page drawn
 * (the renderer's own growth at its first table is then left out).
 *
 * Two floors for a keystroke: a plain redraw (nothing changed, so the
 * renderer draws almost no pixels) and the table scrolled by one row
 * (every visible row drawn again, as after a keystroke). Not a test: numbers to rerun by hand, headless or not:
 *
 *   dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
 *     _build/tests/bench/bench-images-page [--images 10000] [--latency-ms 20]
 */

#include "config.h"

#include <glib/gi18n.h>
#include <malloc.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "ferry-application.h"
#include "ferry-window.h"
#include "ferry-window-private.h"
#include "ferry-images-page-private.h"
#include "ferry-test-ui.h"

static int images_per_region = 10000;
static int latency_ms = 20;
static char *sandbox_path = NULL;
static char *endpoint_arg = NULL;
static gboolean incremental = FALSE;
static gboolean load_only = FALSE;

static const GOptionEntry options[] = {
  { "images", 0, 0, G_OPTION_ARG_INT, &images_per_region, "Generated images per region", "N" },
  { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms, "Latency of every answer", "MS" },
  { "sandbox", 0, 0, G_OPTION_ARG_FILENAME, &sandbox_path, "The ferry-sandbox program", "PATH" },
  { "endpoint", 0, 0, G_OPTION_ARG_STRING, &endpoint_arg,
    "A running sandbox's endpoint template (keys from HUAWEICLOUD_SDK_AK/SK) instead of starting one",
    "TEMPLATE" },
  { "load-only", 0, 0, G_OPTION_ARG_NONE, &load_only, "Stop once every image is loaded", NULL },
  { "incremental", 0, 0, G_OPTION_ARG_NONE, &incremental,
    "Filter in batches between frames, to compare with the app's single pass", NULL },
  { NULL }
};

/* Resident memory of this process, in bytes. */
static guint64
resident_bytes (void)
{
  g_autofree char *statm = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    return 0;
  fields = g_strsplit (statm, " ", -1);
  return g_ascii_strtoull (fields[1], NULL, 10) * (guint64) sysconf (_SC_PAGESIZE);
}

/* Bytes malloc() has handed out and not taken back, in every arena:
 * unlike resident memory, neither freed-but-kept pages nor the
 * renderer's mapped buffers blur it. */
static guint64
heap_bytes (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The longest the main loop went without running a 1 ms timeout. */
typedef struct
{
  gint64 last;
  gint64 longest;
  gint64 longest_at;
} StallWatch;

static gboolean
stall_tick_cb (gpointer data)
{
  StallWatch *watch = data;
  gint64 now = g_get_monotonic_time ();

  if (watch->last != 0 && now - watch->last > watch->longest)
    {
      watch->longest = now - watch->last;
      watch->longest_at = watch->last;
    }
  watch->last = now;
  return G_SOURCE_CONTINUE;
}

/* FERRY_BENCH_VERBOSE: each frame's phases, to see where a keystroke's
 * time goes. */
static gint64 phase_at;

static void
phase_cb (GdkFrameClock *clock,
          gpointer       name)
{
  gint64 now = g_get_monotonic_time ();

  if (phase_at != 0)
    g_print ("    %-12s +%.1f ms\n", (const char *) name, (now - phase_at) / 1000.0);
  phase_at = now;
}

static FerryImagesPage *page;
static GListModel *shown;
static gint64 first_row_at;
static gint64 loading_from;

static void
loading_cb (FerryImagesPage *images_page)
{
  if (loading_from == 0 && ferry_images_page_get_loading (images_page))
    loading_from = g_get_monotonic_time ();
}

static guint n_changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added)
{
  n_changes++;
  if (g_getenv ("FERRY_BENCH_VERBOSE") != NULL && first_row_at != 0 && removed + added > 0)
    g_print ("    items-changed %u -%u +%u\n", position, removed, added);
  if (first_row_at == 0 && g_list_model_get_n_items (model) > 0)
    first_row_at = g_get_monotonic_time ();
}

static gboolean
has_rows (gpointer data)
{
  return first_row_at != 0;
}

static gboolean
all_loaded (gpointer data)
{
  return g_strcmp0 (ferry_images_page_get_state (page), FERRY_IMAGES_PAGE_LIST) == 0 &&
         !ferry_images_page_get_loading (page);
}

static gboolean
filtered (gpointer data)
{
  return gtk_filter_list_model_get_pending (GTK_FILTER_LIST_MODEL (shown)) == 0;
}

static void
die_with_parent (gpointer data)
{
  /* A benchmark that crashes must not leave its sandbox behind. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report_times (const char *what,
              GArray     *times)
{
  double sum = 0;

  g_array_sort (times, compare_doubles);
  for (guint i = 0; i < times->len; i++)
    sum += g_array_index (times, double, i);
  g_print ("%-34s median %6.1f ms, mean %6.1f ms, max %6.1f ms (%u keystrokes)\n", what,
           g_array_index (times, double, times->len / 2), sum / times->len,
           g_array_index (times, double, times->len - 1), times->len);
}

/* Types @text one character at a time, then erases it, timing each step
 * from the change to the filtered table drawn. */
static void
type_and_erase (GtkWidget  *window,
                const char *text,
                GArray     *filter_times,
                GArray     *drawn_times,
                GArray     *floor_times)
{
  glong length = g_utf8_strlen (text, -1);

  for (int step = 1; step <= 2 * length; step++)
    {
      glong chars = step <= length ? step : 2 * length - step;
      g_autofree char *typed = g_utf8_substring (text, 0, chars);
      gint64 start = g_get_monotonic_time ();
      double filter_ms;

      phase_at = g_get_monotonic_time ();
      ferry_images_page_set_search_text (page, typed);
      g_assert_true (ferry_test_ui_wait_for (filtered, NULL, 60000));
      filter_ms = ms_since (start);
      ferry_test_ui_wait_drawn (window);
      g_array_append_val (filter_times, filter_ms);
      if (g_getenv ("FERRY_BENCH_VERBOSE") != NULL)
        g_print ("  “%s”: %.1f ms, %u rows\n", typed, filter_ms, g_list_model_get_n_items (shown));
      {
        double drawn_ms = ms_since (start);

        g_array_append_val (drawn_times, drawn_ms);
      }
      /* The floor, measured the same way between keystrokes: the whole
       * window drawn again with nothing changed. */
      start = g_get_monotonic_time ();
      gtk_widget_queue_draw (window);
      ferry_test_ui_wait_drawn (window);
      {
        double floor_ms = ms_since (start);

        g_array_append_val (floor_times, floor_ms);
      }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) sandbox = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(FerryApplication) app = NULL;
  g_autoptr(FerryCredentials) credentials = NULL;
  g_autoptr(GArray) filter_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) drawn_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *images_arg = NULL;
  g_autofree char *latency_arg = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *access_key = NULL;
  g_autofree char *secret_key = NULL;
  StallWatch watch = { 0, };
  GtkWidget *window;
  GtkColumnView *view;
  guint64 empty_rss, first_rss, full_rss, first_heap, full_heap;
  guint n_first;
  gint64 start;
  guint watch_id, n_images;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (sandbox_path == NULL)
    sandbox_path = g_strdup (FERRY_SANDBOX_PATH);

  ferry_test_ui_init (&argc, &argv);

  /* The sandbox, in its own process */
  images_arg = g_strdup_printf ("%d", images_per_region);
  latency_arg = g_strdup_printf ("%d", latency_ms);
  start = g_get_monotonic_time ();
  if (endpoint_arg != NULL)
    {
      /* tests/bench/images-page.py shares one sandbox with ferryctl, the floor. */
      endpoint = g_strdup (endpoint_arg);
      access_key = g_strdup (g_getenv ("HUAWEICLOUD_SDK_AK"));
      secret_key = g_strdup (g_getenv ("HUAWEICLOUD_SDK_SK"));
      if (access_key == NULL || secret_key == NULL)
        g_error ("--endpoint needs HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK");
    }
  else
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

      g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
      sandbox = g_subprocess_launcher_spawn (launcher, &error, sandbox_path,
                                             "--port", "0", "--images-per-region", images_arg,
                                             "--latency-ms", latency_arg, NULL);
      if (sandbox == NULL)
        g_error ("%s", error->message);
      output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox));
    }
  while (endpoint == NULL || access_key == NULL || secret_key == NULL)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (output, NULL, NULL, &error);

      if (line == NULL)
        g_error ("the sandbox stopped: %s", error != NULL ? error->message : "no output");
      if (g_str_has_prefix (line, "FERRY_ENDPOINT="))
        endpoint = g_strdup (line + strlen ("FERRY_ENDPOINT="));
      else if (g_str_has_prefix (line, "HUAWEICLOUD_SDK_AK="))
        access_key = g_strdup (line + strlen ("HUAWEICLOUD_SDK_AK="));
      else if (g_str_has_prefix (line, "HUAWEICLOUD_SDK_SK="))
        secret_key = g_strdup (line + strlen ("HUAWEICLOUD_SDK_SK="));
    }
  g_print ("sandbox: %d images per region, %d ms latency, ready in %.0f ms\n",
           images_per_region, latency_ms, ms_since (start));

  /* The empty window */
  app = ferry_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  window = GTK_WIDGET (ferry_window_new (GTK_APPLICATION (app),
                                         ferry_application_get_session (app)));
  gtk_window_present (GTK_WINDOW (window));
  ferry_test_ui_resize (GTK_WINDOW (window), 1280, 800);
  page = ferry_window_get_images_page (FERRY_WINDOW (window));
  shown = ferry_images_page_get_images (page);
  view = ferry_images_page_get_column_view (page);
  g_signal_connect (shown, "items-changed", G_CALLBACK (items_changed_cb), NULL);
  g_signal_connect (page, "notify::loading", G_CALLBACK (loading_cb), NULL);
  if (g_getenv ("FERRY_BENCH_VERBOSE") != NULL)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
      const char *phases[] = { "update", "layout", "paint", "after-paint" };

      for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
        g_signal_connect (clock, phases[i], G_CALLBACK (phase_cb), (gpointer) phases[i]);
    }
  if (incremental)
    gtk_filter_list_model_set_incremental (GTK_FILTER_LIST_MODEL (shown), TRUE);
  empty_rss = resident_bytes ();

  /* Loading */
  credentials = ferry_credentials_new (access_key, secret_key, NULL);
  start = g_get_monotonic_time ();
  ferry_window_connect (FERRY_WINDOW (window), credentials, endpoint, "cn-north-4", "Benchmark");
  g_assert_true (ferry_test_ui_wait_for (has_rows, NULL, 60000));
  ferry_test_ui_wait_drawn (window);
  g_print ("%-34s %8.1f ms (%.1f ms after the first request)\n", "first page in the table",
           (first_row_at - start) / 1000.0, (first_row_at - loading_from) / 1000.0);
  g_print ("%-34s %8.1f ms (%.1f ms after the first request)\n", "first row drawn",
           ms_since (start), ms_since (loading_from));
  first_rss = resident_bytes ();
  first_heap = heap_bytes ();
  n_first = g_list_model_get_n_items (shown);
  /* From here on the window must stay responsive while pages arrive. */
  watch_id = g_timeout_add (1, stall_tick_cb, &watch);
  g_assert_true (ferry_test_ui_wait_for (all_loaded, NULL, 600000));
  ferry_test_ui_wait_drawn (window);
  n_images = g_list_model_get_n_items (shown);
  g_print ("%-34s %8.1f ms (%u images, %u pages of %d)\n", "every row loaded and drawn",
           ms_since (start), n_images, n_images / 500 + 1, 500);
  g_source_remove (watch_id);
  g_print ("%-34s %8.1f ms (at %.1f ms)\n", "longest main-loop stall after it",
           watch.longest / 1000.0, (watch.longest_at - start) / 1000.0);

  if (g_getenv ("FERRY_BENCH_VERBOSE") != NULL)
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view));
         child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_LIST_VIEW (child))
        {
          guint rows = 0;

          for (GtkWidget *row = gtk_widget_get_first_child (child);
               row != NULL;
               row = gtk_widget_get_next_sibling (row))
            rows++;
          g_print ("    %u row widgets in the table\n", rows);
        }
  full_rss = resident_bytes ();
  full_heap = heap_bytes ();
  g_print ("%-34s %8.1f MiB\n", "resident memory, empty window", empty_rss / 1048576.0);
  g_print ("%-34s %8.1f MiB (+%.1f MiB, %.2f KiB per image)\n", "resident memory, all images",
           full_rss / 1048576.0, (full_rss - empty_rss) / 1048576.0,
           (full_rss - empty_rss) / 1024.0 / MAX (n_images, 1));
  g_print ("%-34s %8.1f MiB (+%.1f MiB for %u more, %.2f KiB per image after the first)\n",
           "resident memory, first page drawn", first_rss / 1048576.0,
           ((double) full_rss - first_rss) / 1048576.0, n_images - n_first,
           ((double) full_rss - first_rss) / 1024.0 / MAX (n_images - n_first, 1));
  g_print ("%-34s %8.1f MiB (+%.1f MiB for %u more, %.2f KiB heap per image after the first)\n",
           "heap in use, all images", full_heap / 1048576.0,
           ((double) full_heap - first_heap) / 1048576.0, n_images - n_first,
           ((double) full_heap - first_heap) / 1024.0 / MAX (n_images - n_first, 1));

  if (load_only)
    {
      gtk_window_destroy (GTK_WINDOW (window));
      if (sandbox != NULL)
        g_subprocess_force_exit (sandbox);
      return 0;
    }

  /* Typing: a name that narrows down step by step, then an id prefix. */
  type_and_erase (window, "generated-0042", filter_times, drawn_times, floor_times);
  type_and_erase (window, "web", filter_times, drawn_times, floor_times);
  report_times ("filter per keystroke", filter_times);
  report_times ("filter per keystroke, drawn", drawn_times);
  report_times ("floor: a redraw, drawn", floor_times);
  ferry_images_page_set_search_text (page, "");
  g_assert_true (ferry_test_ui_wait_for (filtered, NULL, 60000));
  ferry_test_ui_wait_drawn (window);

  /* The second floor: every visible row drawn again, one row down and
   * back up, as many times as there were keystrokes. */
  {
    GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
    g_autoptr(GArray) scroll_times = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < drawn_times->len; i++)
      {
        double scroll_ms;

        start = g_get_monotonic_time ();
        gtk_adjustment_set_value (adjustment, i % 2 == 0 ? 36 : 0);
        ferry_test_ui_wait_drawn (window);
        scroll_ms = ms_since (start);
        g_array_append_val (scroll_times, scroll_ms);
      }
    report_times ("floor: a row scrolled, drawn", scroll_times);
  }

  /* Sorting by a column, as a header click does */
  {
    GListModel *columns = gtk_column_view_get_columns (view);
    g_autoptr(GtkColumnViewColumn) name = g_list_model_get_item (columns, 0);
    g_autoptr(GtkColumnViewColumn) size = g_list_model_get_item (columns, 4);

    start = g_get_monotonic_time ();
    gtk_column_view_sort_by_column (view, name, GTK_SORT_ASCENDING);
    ferry_test_ui_wait_drawn (window);
    g_print ("%-34s %8.1f ms\n", "sort by name, drawn", ms_since (start));
    start = g_get_monotonic_time ();
    gtk_column_view_sort_by_column (view, size, GTK_SORT_DESCENDING);
    ferry_test_ui_wait_drawn (window);
    g_print ("%-34s %8.1f ms\n", "sort by size, drawn", ms_since (start));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  if (sandbox != NULL)
    g_subprocess_force_exit (sandbox);
  return 0;
}
