/* main.c: the Ferry application
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libportal/portal.h>

#include "ferry-application.h"
#include "ferry-client.h"
#include "ferry-i18n.h"
#include "ferry-task-store.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FerryApplication) app = NULL;

  ferry_i18n_init (g_getenv (FERRY_ENV_LOCALEDIR));

  g_set_application_name (_("Ferry"));

  app = ferry_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  g_object_set (app,
                "endpoint", g_getenv (FERRY_ENV_ENDPOINT),
                "tasks-file", g_getenv (FERRY_ENV_TASKS_FILE),
                NULL);
  /* Under Flatpak a process left without a window needs the Background
   * portal's consent (GNOME may stop it otherwise); outside, nothing is
   * granted or refused and Ferry simply stays. FERRY_FORCE_PORTAL=1 asks
   * the portal outside Flatpak too, to try the sandboxed behaviour
   * against any org.freedesktop.portal.Desktop on the session bus
   * (libportal itself only reads /.flatpak-info). */
  ferry_application_set_background_portal (app, xdp_portal_running_under_flatpak () ||
                                                g_strcmp0 (g_getenv ("FERRY_FORCE_PORTAL"), "1") == 0);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
