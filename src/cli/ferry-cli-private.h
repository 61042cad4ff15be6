/* ferry-cli-private.h: what ferryctl's command files share
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-account.h"
#include "ferry-cli.h"
#include "ferry-client.h"
#include "ferry-copy-queue.h"
#include "ferry-region-catalogue.h"

G_BEGIN_DECLS

/* What a command takes after its name and options. */
typedef enum
{
  FERRY_CLI_ARGS_NONE,
  FERRY_CLI_ARGS_IMAGE,  /* one image */
  FERRY_CLI_ARGS_TASK,   /* one task */
  FERRY_CLI_ARGS_ANY,    /* any number: run() checks them */
} FerryCliArgs;

/* One command: ferry-cli.c finds it by name, parses the global options and
 * the command's own (each command has its own table: `--name` filters for
 * `images` and names the new image for `copy`), checks the number of
 * arguments, connects, then runs it. */
typedef struct
{
  const char    *name;
  /* What follows the name in the usage line, untranslated:
   * "IMAGE --to REGION[,REGION…]". */
  const char    *usage;
  /* One line for --help, marked for translation. */
  const char    *summary;
  FerryCliArgs   args;
  /* Adds the command's options to @context and returns where they are
   * stored; NULL for a command without options. */
  gpointer     (*options_new)  (GOptionContext *context);
  void         (*options_free) (gpointer        options);
  FerryCliExit (*run)          (FerryCli       *cli,
                                gpointer        options,
                                char          **args);
  /* Optional: why @args, or the command's own @options, do not fit (a
   * translated usage message), or NULL; asked after the number of
   * arguments and before the keys are looked for or anything is sent. */
  const char  *(*check_args)   (gpointer        options,
                                char          **args);
} FerryCliCommand;

/* Each file's commands, ended by an entry without a name. */
extern const FerryCliCommand ferry_cli_list_commands[];
extern const FerryCliCommand ferry_cli_agency_commands[];
extern const FerryCliCommand ferry_cli_copy_commands[];

/* What the global options and discovery gave. */
FerryClient          *ferry_cli_get_client     (FerryCli      *self);
FerryAccount         *ferry_cli_get_account    (FerryCli      *self);
FerryRegionCatalogue *ferry_cli_get_catalogue  (FerryCli      *self);
/* --region, or its default. */
const char           *ferry_cli_get_region     (FerryCli      *self);
/* --json */
gboolean              ferry_cli_get_json       (FerryCli      *self);

/* ferryctl is sequential: pass ferry_cli_store_result_cb and @self as the
 * callback of an async call, then ferry_cli_wait() runs the main context
 * until its answer is in and returns it (transfer none: it is kept until
 * the next wait, and callers hand it straight to a _finish()). */
void                  ferry_cli_store_result_cb (GObject      *object,
                                                 GAsyncResult *result,
                                                 gpointer      user_data);
GAsyncResult         *ferry_cli_wait           (FerryCli      *self);

/* Says what went wrong on stderr; the exit status it deserves. */
FerryCliExit          ferry_cli_fail           (FerryCli      *self,
                                                const GError  *error);
FerryCliExit          ferry_cli_usage_error    (const char    *message);

/* The account's default project of @region, or NULL with @error. */
FerryProject         *ferry_cli_region_project (FerryCli      *self,
                                                const char    *region,
                                                GError       **error);
/* Whether @region is in the catalogue; says so (a usage error) when not. */
gboolean              ferry_cli_is_known_region (FerryCli     *self,
                                                 const char   *region);
/* The shared queue of this user's copies, as the app sees it too, or NULL
 * after saying why it cannot be used (a file that cannot be read, or a
 * newer Ferry's, which is left untouched: status 1). A damaged file was
 * repaired: that is said, and the queue has every copy that could be read. */
FerryCopyQueue       *ferry_cli_open_queue     (FerryCli      *self);

/* ferry-cli-list.c: the agencies as `ferryctl agencies` lists them; @name
 * filters when not NULL. */
FerryCliExit          ferry_cli_list_agencies  (FerryCli      *cli,
                                                const char    *name);

/* ferry-cli-progress.c: the progress of copies, bars on a terminal, one
 * line per change otherwise. */
typedef struct
{
  FerryCli       *cli;
  FerryCopyQueue *queue;
  GPtrArray      *tasks;       /* FerryCopyTask being waited for */
  GHashTable     *last_lines;  /* task → what its last line said, off a terminal */
  gboolean        terminal;
  guint           drawn;       /* lines drawn last time, on a terminal */
  gsize           route_width; /* cells of the widest "image → region" */
} Watch;

/* Drives the queue until every task of @tasks is done, failed or removed,
 * or of unknown outcome; FERRY_CLI_EXIT_OK when all are done,
 * FERRY_CLI_EXIT_UNKNOWN (after saying what to decide) when an outcome is
 * unknown, FERRY_CLI_EXIT_REFUSED otherwise. */
FerryCliExit          ferry_cli_watch_tasks    (FerryCli       *cli,
                                                FerryCopyQueue *queue,
                                                GPtrArray      *tasks);
/* A task's state as a line says it ("1st in line", a failure and its
 * code, the command that decides an unknown outcome…). */
char                 *ferry_cli_task_status_text (Watch         *watch,
                                                  FerryCopyTask *task);
/* The command that settles a copy of unknown outcome. */
char                 *ferry_cli_decide_command (FerryCopyTask  *task);
/* What was looked for and how to decide, on standard error. */
void                  ferry_cli_explain_unknown (FerryCopyQueue *queue,
                                                 FerryCopyTask  *task);

G_END_DECLS
