/* main.c: the Ferry application
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-application.h"
#include "ferry-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FerryApplication) app = NULL;

  ferry_i18n_init (g_getenv (FERRY_ENV_LOCALEDIR));

  g_set_application_name (_("Ferry"));

  app = ferry_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
