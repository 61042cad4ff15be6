/* main.c: ferry-sandbox, a local Huawei Cloud to try Ferry against
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>

#include "ferry-sandbox.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
fail (const char *message)
{
  g_printerr ("%s: %s\n", g_get_prgname (), message);
  return FALSE;
}

static gboolean
check_non_negative (const char *option,
                    int         value)
{
  g_autofree char *message = NULL;

  if (value >= 0)
    return TRUE;
  message = g_strdup_printf (_("--%s must not be negative."), option);
  return fail (message);
}

static gboolean
check_rate (const char *option,
            double      value)
{
  g_autofree char *message = NULL;

  if (value >= 0.0 && value <= 1.0)
    return TRUE;
  message = g_strdup_printf (_("--%s must be between 0 and 1."), option);
  return fail (message);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySandbox) sandbox = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *state_file = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *base_uri = NULL;
  g_autofree char *endpoint = NULL;
  int port = 0;
  int copy_seconds = 30;
  int latency_ms = 0;
  int images_per_region = 0;
  double fail_rate = 0.0;
  double throttle_rate = 0.0;
  double drop_rate = 0.0;
  double job_fail_rate = 0.0;
  guint64 random_seed = 0;
  guint sigint_id, sigterm_id;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      N_("Listen on this port of 127.0.0.1 (0 picks a free port)"), N_("N") },
    { "state", 's', 0, G_OPTION_ARG_FILENAME, &state_file,
      N_("Keep images, jobs and agencies in this file across restarts"), N_("FILE") },
    { "copy-seconds", 0, 0, G_OPTION_ARG_INT, &copy_seconds,
      N_("How many seconds an image copy takes (30 by default)"), N_("S") },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms,
      N_("Delay every answer by this many milliseconds"), N_("MS") },
    { "fail-rate", 0, 0, G_OPTION_ARG_DOUBLE, &fail_rate,
      N_("Answer this share of requests (0 to 1) with 503 Service Unavailable"), N_("P") },
    { "throttle-rate", 0, 0, G_OPTION_ARG_DOUBLE, &throttle_rate,
      N_("Answer this share of requests (0 to 1) with 429 Too Many Requests"), N_("P") },
    { "drop-rate", 0, 0, G_OPTION_ARG_DOUBLE, &drop_rate,
      N_("Close the connection without an answer for this share of requests (0 to 1)"), N_("P") },
    { "job-fail-rate", 0, 0, G_OPTION_ARG_DOUBLE, &job_fail_rate,
      N_("Make this share of copy jobs (0 to 1) end as failed, with the service's error code"), N_("P") },
    { "random-seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      N_("Seed of the faults, so that a run can be repeated (0 by default)"), N_("N") },
    { "images-per-region", 0, 0, G_OPTION_ARG_INT, &images_per_region,
      N_("Add this many generated images to every region"), N_("N") },
    G_OPTION_ENTRY_NULL
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Serve a local imitation of Huawei Cloud IAM, IMS and CBR, "
                                  "to try Ferry without an account."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error->message), 2;

  if (port < 0 || port > G_MAXUINT16)
    return fail (_("The port must be between 0 and 65535.")), 2;
  if (!check_non_negative ("copy-seconds", copy_seconds) ||
      !check_non_negative ("latency-ms", latency_ms) ||
      !check_non_negative ("images-per-region", images_per_region) ||
      !check_rate ("fail-rate", fail_rate) ||
      !check_rate ("throttle-rate", throttle_rate) ||
      !check_rate ("drop-rate", drop_rate) ||
      !check_rate ("job-fail-rate", job_fail_rate))
    return 2;
  if (seed_text != NULL &&
      !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &random_seed, NULL))
    return fail (_("--random-seed must be a whole number.")), 2;

  sandbox = g_object_new (FERRY_TYPE_SANDBOX,
                          "port", (guint) port,
                          "state-file", state_file,
                          "copy-seconds", (guint) copy_seconds,
                          "latency-ms", (guint) latency_ms,
                          "fail-rate", fail_rate,
                          "throttle-rate", throttle_rate,
                          "drop-rate", drop_rate,
                          "job-fail-rate", job_fail_rate,
                          "random-seed", random_seed,
                          "images-per-region", (guint) images_per_region,
                          NULL);

  if (!ferry_sandbox_start (sandbox, &error))
    return fail (error->message), 1;

  base_uri = ferry_sandbox_dup_base_uri (sandbox);
  endpoint = ferry_sandbox_dup_endpoint_template (sandbox);

  /* Scripts read these lines, so they stay in English and one per line. */
  g_print ("ferry-sandbox listening on %s\n", base_uri);
  g_print ("FERRY_ENDPOINT=%s\n", endpoint);
  g_print ("HUAWEICLOUD_SDK_AK=%s\n", FERRY_SANDBOX_ACCESS_KEY);
  g_print ("HUAWEICLOUD_SDK_SK=%s\n", FERRY_SANDBOX_SECRET_KEY);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  /* Saves the state. */
  ferry_sandbox_stop (sandbox);

  return 0;
}
