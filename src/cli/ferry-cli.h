/* ferry-cli.h: ferryctl, the same engine for scripts and terminals
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  FERRY_CLI_EXIT_OK      = 0,
  FERRY_CLI_EXIT_REFUSED = 1,  /* something asked for was refused or failed */
  FERRY_CLI_EXIT_USAGE   = 2,
  FERRY_CLI_EXIT_API     = 3,  /* an API or network error */
  FERRY_CLI_EXIT_UNKNOWN = 4,  /* a copy's outcome is unknown: the user decides (resolve) */
} FerryCliExit;

#define FERRY_TYPE_CLI (ferry_cli_get_type ())

G_DECLARE_FINAL_TYPE (FerryCli, ferry_cli, FERRY, CLI, GObject)

FerryCli     *ferry_cli_new (void);
FerryCliExit  ferry_cli_run (FerryCli  *self,
                             int        argc,
                             char     **argv);

G_END_DECLS
