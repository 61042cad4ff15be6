/* ferryctl.c: the command line
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-cli.h"
#include "ferry-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FerryCli) cli = NULL;

  ferry_i18n_init (g_getenv (FERRY_ENV_LOCALEDIR));

  cli = ferry_cli_new ();
  return ferry_cli_run (cli, argc, argv);
}
