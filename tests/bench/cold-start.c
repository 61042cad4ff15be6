/* cold-start.c: from the start of the process to the first frame
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts as main.c does (gettext, the application name, the application
 * with its default flags) and prints, at the first frame of the first
 * window, the monotonic clock (the system's, as the caller's), how long
 * since main() and the processor time the process used (every thread's,
 * user and system: on a loaded machine steadier than the clock):
 *
 *   RESULT frame=<µs, CLOCK_MONOTONIC> main=<µs since main()> cpu=<µs>
 *
 * then exits at once, without tearing down. --variant says what starts:
 * "welcome" (Ferry without an account), "sandbox" (ferry --sandbox) or
 * "bare" (the floor: an AdwApplication whose activate presents an empty
 * AdwApplicationWindow of Ferry's default size, made the same way).
 * tests/bench/cold-start.py runs them interleaved. Not a test.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ferry-application.h"
#include "ferry-i18n.h"

static char *variant;
static gint64 main_time;

static const GOptionEntry options[] = {
  { "variant", 0, 0, G_OPTION_ARG_STRING, &variant, "welcome, sandbox or bare", "NAME" },
  { NULL }
};

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  gint64 now = g_get_monotonic_time ();
  struct rusage usage;
  gint64 cpu;

  getrusage (RUSAGE_SELF, &usage);
  cpu = (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
        usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
  g_print ("RESULT frame=%" G_GINT64_FORMAT " main=%" G_GINT64_FORMAT " cpu=%" G_GINT64_FORMAT "\n",
           now, now - main_time, cpu);
  /* The first frame is all that is measured: no teardown. */
  _exit (0);
}

static void
realize_cb (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window)
{
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    realize_cb (GTK_WIDGET (window));
  else
    g_signal_connect_after (window, "realize", G_CALLBACK (realize_cb), NULL);
}

static void
bare_activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), 960, 640);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GApplication) app = NULL;
  char *sandbox_argv[] = { argv[0], (char *) "--sandbox", NULL };
  char *plain_argv[] = { argv[0], NULL };

  main_time = g_get_monotonic_time ();

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (variant == NULL)
    variant = g_strdup ("welcome");

  ferry_i18n_init (g_getenv (FERRY_ENV_LOCALEDIR));
  g_set_application_name (_("Ferry"));

  if (g_str_equal (variant, "bare"))
    {
      app = G_APPLICATION (adw_application_new (APP_ID ".Bench", G_APPLICATION_DEFAULT_FLAGS));
      g_signal_connect (app, "activate", G_CALLBACK (bare_activate_cb), NULL);
    }
  else
    app = G_APPLICATION (ferry_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS));
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);

  if (g_str_equal (variant, "sandbox"))
    return g_application_run (app, 2, sandbox_argv);
  return g_application_run (app, 1, plain_argv);
}
