/* ferry-cli.c: ferryctl's global options, set-up and dispatch
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "ferry-account-store.h"
#include "ferry-cli-output.h"
#include "ferry-cli-private.h"
#include "ferry-cli-table.h"
#include "ferry-error.h"
#include "ferry-iam.h"
#include "ferry-sandbox.h"

#define DEFAULT_REGION "cn-north-4"
#define ENV_REGION     "HUAWEICLOUD_SDK_REGION"
#define CLI_RETRY_BUDGET_SECONDS 15
#define ENV_TIMEOUT    "FERRY_TIMEOUT"
/* An hour: longer is no deadline at all. */
#define MAX_TIMEOUT_SECONDS 3600

struct _FerryCli
{
  GObject               parent_instance;

  /* Global options */
  char                 *endpoint;
  char                 *region;
  gboolean              json;
  gboolean              sandbox;
  gboolean              version;
  int                   timeout;

  FerrySandbox         *running_sandbox;
  FerryRegionCatalogue *catalogue;
  FerryClient          *client;
  FerryAccount         *account;
  GAsyncResult         *result;
  /* The answer ferry_cli_wait() gave last, kept until the next one: the
   * callers hand it straight to a _finish(), which does not take it. */
  GAsyncResult         *answer;
};

G_DEFINE_FINAL_TYPE (FerryCli, ferry_cli, G_TYPE_OBJECT)

static const FerryCliCommand *const command_files[] = {
  ferry_cli_list_commands,
  ferry_cli_agency_commands,
  ferry_cli_copy_commands,
};

FerryCli *
ferry_cli_new (void)
{
  return g_object_new (FERRY_TYPE_CLI, NULL);
}

FerryClient *
ferry_cli_get_client (FerryCli *self)
{
  return self->client;
}

FerryAccount *
ferry_cli_get_account (FerryCli *self)
{
  return self->account;
}

FerryRegionCatalogue *
ferry_cli_get_catalogue (FerryCli *self)
{
  return self->catalogue;
}

const char *
ferry_cli_get_region (FerryCli *self)
{
  return self->region;
}

gboolean
ferry_cli_get_json (FerryCli *self)
{
  return self->json;
}

/* Waiting: ferryctl is sequential, so each call runs the main context
 * until its answer is in. */

void
ferry_cli_store_result_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  FerryCli *self = user_data;

  g_set_object (&self->result, result);
}

GAsyncResult *
ferry_cli_wait (FerryCli *self)
{
  while (self->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&self->answer);
  self->answer = g_steal_pointer (&self->result);
  return self->answer;
}

FerryCliExit
ferry_cli_fail (FerryCli     *self,
                const GError *error)
{
  g_autofree char *text = ferry_api_error_format (error);

  ferry_cli_print_error (text);
  /* Set-up mistakes are the user's to mend, like a wrong option. */
  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NO_CREDENTIALS) ||
      g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_ENDPOINT))
    return FERRY_CLI_EXIT_USAGE;
  return FERRY_CLI_EXIT_API;
}

FerryCliExit
ferry_cli_usage_error (const char *message)
{
  ferry_cli_print_error (message);
  g_printerr ("%s\n", _("Run “ferryctl --help” to see the commands."));
  return FERRY_CLI_EXIT_USAGE;
}

/* Set-up: credentials, endpoint, account */

/* The keys of the account that is active in Ferry, from the keyring, or
 * NULL when there is none (or no Ferry settings on this machine). */
static FerryCredentials *
active_account_credentials (FerryCli  *self,
                            char     **endpoint)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(FerryAccountStore) store = NULL;
  g_autofree char *id = NULL;

  schema = source != NULL ? g_settings_schema_source_lookup (source, APP_ID_BASE, TRUE) : NULL;
  if (schema == NULL)
    return NULL;

  settings = g_settings_new (APP_ID_BASE);
  store = ferry_account_store_new (settings);
  id = ferry_account_store_dup_active_id (store);
  if (id == NULL || *id == '\0')
    return NULL;

  *endpoint = ferry_account_store_dup_endpoint (store, id);
  if (*endpoint != NULL && **endpoint == '\0')
    g_clear_pointer (endpoint, g_free);

  ferry_account_store_lookup_credentials_async (store, id, NULL, ferry_cli_store_result_cb, self);
  /* A keyring that cannot be read is the same as no account here: the
   * caller then explains how to give keys. */
  return ferry_account_store_lookup_credentials_finish (store, ferry_cli_wait (self), NULL);
}

static gboolean
ferry_cli_connect (FerryCli  *self,
                   GError   **error)
{
  g_autoptr(FerryCredentials) credentials = NULL;
  g_autofree char *sandbox_endpoint = NULL;
  g_autofree char *endpoint_from_account = NULL;
  const char *endpoint = self->endpoint;

  if (self->sandbox)
    {
      /* A private sandbox in this process, for a quick look. */
      self->running_sandbox = ferry_sandbox_new ();
      if (!ferry_sandbox_start (self->running_sandbox, error))
        return FALSE;
      sandbox_endpoint = ferry_sandbox_dup_endpoint_template (self->running_sandbox);
      endpoint = sandbox_endpoint;
      credentials = ferry_credentials_new (FERRY_SANDBOX_ACCESS_KEY, FERRY_SANDBOX_SECRET_KEY, NULL);
    }
  else
    {
      g_autoptr(GError) env_error = NULL;

      credentials = ferry_credentials_new_from_variables (g_getenv (FERRY_ENV_ACCESS_KEY),
                                                          g_getenv (FERRY_ENV_SECRET_KEY),
                                                          g_getenv (FERRY_ENV_SECURITY_TOKEN),
                                                          &env_error);
      if (credentials == NULL)
        credentials = active_account_credentials (self, &endpoint_from_account);
      if (credentials == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&env_error));
          return FALSE;
        }
      if (endpoint == NULL)
        endpoint = g_getenv (FERRY_ENV_ENDPOINT);
      if (endpoint == NULL || *endpoint == '\0')
        endpoint = endpoint_from_account;
    }

  self->client = ferry_client_new (credentials, endpoint, self->catalogue, error);
  if (self->client == NULL)
    return FALSE;
  if (self->timeout > 0)
    ferry_client_set_timeout (self->client, (guint) self->timeout);
  /* Someone is waiting at a terminal: give up on an unreachable service
   * sooner than the app, which retries in the background. */
  ferry_client_set_retry_budget (self->client, CLI_RETRY_BUDGET_SECONDS);

  ferry_iam_discover_account_async (self->client, self->region, NULL, ferry_cli_store_result_cb, self);
  self->account = ferry_iam_discover_account_finish (self->client, ferry_cli_wait (self), error);

  return self->account != NULL;
}

FerryProject *
ferry_cli_region_project (FerryCli    *self,
                          const char  *region,
                          GError     **error)
{
  FerryProject *project = ferry_account_get_region_project (self->account, region);

  if (project == NULL)
    g_set_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND,
                 _("The account has no project in region “%s”."), region);
  return project;
}

gboolean
ferry_cli_is_known_region (FerryCli   *self,
                           const char *region)
{
  g_autofree char *message = NULL;

  if (ferry_region_catalogue_lookup (self->catalogue, region) != NULL)
    return TRUE;

  message = g_strdup_printf (_("“%s” is not a known region. “ferryctl regions” lists them."), region);
  ferry_cli_usage_error (message);
  return FALSE;
}

FerryCopyQueue *
ferry_cli_open_queue (FerryCli *self)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (g_getenv (FERRY_ENV_TASKS_FILE));
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryCopyQueue) queue = ferry_copy_queue_new (self->client, self->account, store);

  if (!ferry_copy_queue_load (queue, &error))
    {
      ferry_cli_print_error (error->message);
      /* A damaged file was repaired: the queue has what could be read. */
      if (!g_error_matches (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_CORRUPT))
        return NULL;
    }
  return g_steal_pointer (&queue);
}

/* Dispatch */

static void
add_global_entries (FerryCli       *self,
                    GOptionContext *context)
{
  const GOptionEntry entries[] = {
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &self->endpoint,
      N_("Endpoint template, with {service} and {region}"), N_("TEMPLATE") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &self->region,
      N_("Region to work in (default: $HUAWEICLOUD_SDK_REGION or cn-north-4)"), N_("REGION") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &self->json,
      N_("Print JSON instead of tables"), NULL },
    { "sandbox", 0, 0, G_OPTION_ARG_NONE, &self->sandbox,
      N_("Start a private sandbox and use it instead of Huawei Cloud"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &self->timeout,
      N_("How many seconds one request may take in all, answer included (default: $FERRY_TIMEOUT or 30)"), N_("S") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &self->version,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

/* Global options that take a value, to find the command among the
 * arguments before parsing: the command's own options come after it. */
static gboolean
takes_value (const char *arg)
{
  return g_strcmp0 (arg, "--endpoint") == 0 || g_strcmp0 (arg, "--region") == 0 ||
         g_strcmp0 (arg, "--timeout") == 0;
}

/* The index of the command in @argv, or 0 when there is none. */
static int
find_command (int    argc,
              char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--") == 0)
        return i + 1 < argc ? i + 1 : 0;
      if (argv[i][0] != '-')
        return i;
      if (takes_value (argv[i]))
        i++;
    }
  return 0;
}

static const FerryCliCommand *
lookup_command (const char *name)
{
  for (guint f = 0; f < G_N_ELEMENTS (command_files); f++)
    for (const FerryCliCommand *c = command_files[f]; c->name != NULL; c++)
      if (g_strcmp0 (c->name, name) == 0)
        return c;
  return NULL;
}

/* Each command with what it takes and what it does, the descriptions
 * lined up by display width (a "…" is one cell, three bytes). */
static char *
commands_summary (void)
{
  GString *summary = g_string_new (_("Commands:"));
  const gsize column = 16;

  g_string_append_c (summary, '\n');
  for (guint f = 0; f < G_N_ELEMENTS (command_files); f++)
    for (const FerryCliCommand *c = command_files[f]; c->name != NULL; c++)
      {
        g_autofree char *usage = g_strjoin (" ", c->name, c->usage, NULL);
        gsize width = 2 + ferry_cli_display_width (usage);

        g_string_append_printf (summary, "  %s", usage);
        if (width + 2 > column)
          {
            g_string_append_c (summary, '\n');
            width = 0;
          }
        for (; width < column; width++)
          g_string_append_c (summary, ' ');
        g_string_append_printf (summary, "%s\n", _(c->summary));
      }
  g_string_append_printf (summary, "\n%s", _("“ferryctl COMMAND --help” shows the options of a command."));
  return g_string_free (summary, FALSE);
}

/* Whether @n arguments fit @command; says why not when they do not. */
static gboolean
arguments_fit (const FerryCliCommand *command,
               int                    n)
{
  g_autofree char *message = NULL;

  switch (command->args)
    {
    case FERRY_CLI_ARGS_NONE:
      if (n == 0)
        return TRUE;
      message = g_strdup_printf (_("“%s” takes no arguments."), command->name);
      break;
    case FERRY_CLI_ARGS_IMAGE:
      if (n == 1)
        return TRUE;
      message = g_strdup_printf (_("“%s” takes an image: its id, or its name when no other image has it."),
                                 command->name);
      break;
    case FERRY_CLI_ARGS_TASK:
      if (n == 1)
        return TRUE;
      message = g_strdup_printf (_("“%s” takes a task id."), command->name);
      break;
    case FERRY_CLI_ARGS_ANY:
    default:
      return TRUE;
    }
  ferry_cli_usage_error (message);
  return FALSE;
}

static const char *
exit_status_description (void)
{
  return _("Credentials come from HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK; "
           "the endpoint from --endpoint or FERRY_ENDPOINT.\n"
           "Exit status: 0 success, 1 refused or failed, 2 usage error, 3 API or network error, "
           "4 a copy's outcome is unknown (decide with “ferryctl resolve”).");
}

FerryCliExit
ferry_cli_run (FerryCli  *self,
               int        argc,
               char     **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const FerryCliCommand *command = NULL;
  gpointer options = NULL;
  FerryCliExit status;
  int at = find_command (argc, argv);

  if (at > 0 && (command = lookup_command (argv[at])) == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Unknown command “%s”."), argv[at]);

      return ferry_cli_usage_error (message);
    }

  if (command == NULL)
    {
      g_autofree char *summary = commands_summary ();

      context = g_option_context_new (_("COMMAND — copy cloud images across regions"));
      g_option_context_set_summary (context, summary);
    }
  else
    {
      g_autofree char *parameter = g_strjoin (" ", command->name, command->usage, NULL);

      context = g_option_context_new (parameter);
      g_option_context_set_summary (context, _(command->summary));
    }
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context, exit_status_description ());
  add_global_entries (self, context);
  if (command != NULL && command->options_new != NULL)
    options = command->options_new (context);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      /* GLib's own words ("Invalid byte sequence in conversion input")
       * do not say which argument, nor what to do. */
      if (error->domain == G_CONVERT_ERROR)
        status = ferry_cli_usage_error (_("An argument is not valid UTF-8 text, so it could not be read. Type it again in UTF-8."));
      else
        status = ferry_cli_usage_error (error->message);
      goto out;
    }

  /* How long a request may take: --timeout, else $FERRY_TIMEOUT, else
   * the client's default. */
  if (self->timeout == -1 && g_getenv (ENV_TIMEOUT) != NULL)
    {
      guint64 seconds;

      if (!g_ascii_string_to_unsigned (g_getenv (ENV_TIMEOUT), 10, 1, MAX_TIMEOUT_SECONDS, &seconds, NULL))
        {
          status = ferry_cli_usage_error (_("FERRY_TIMEOUT must be a whole number of seconds from 1 to 3600."));
          goto out;
        }
      self->timeout = (int) seconds;
    }
  else if (self->timeout != -1 && (self->timeout < 1 || self->timeout > MAX_TIMEOUT_SECONDS))
    {
      status = ferry_cli_usage_error (_("--timeout must be a whole number of seconds from 1 to 3600."));
      goto out;
    }

  if (self->version)
    {
      g_print ("ferryctl %s\n", PACKAGE_VERSION);
      status = FERRY_CLI_EXIT_OK;
      goto out;
    }

  if (command == NULL)
    {
      status = ferry_cli_usage_error (_("No command given."));
      goto out;
    }

  if (self->region == NULL)
    self->region = g_strdup (g_getenv (ENV_REGION) != NULL ? g_getenv (ENV_REGION) : DEFAULT_REGION);

  /* Every command works in a region: refuse a wrong one before any request. */
  self->catalogue = ferry_region_catalogue_new_default (&error);
  if (self->catalogue == NULL)
    {
      status = ferry_cli_fail (self, error);
      goto out;
    }
  if (!ferry_cli_is_known_region (self, self->region))
    {
      status = FERRY_CLI_EXIT_USAGE;
      goto out;
    }

  /* What is left: the program, the command and its arguments. */
  if (!arguments_fit (command, argc - 2))
    {
      status = FERRY_CLI_EXIT_USAGE;
      goto out;
    }
  if (command->check_args != NULL && command->check_args (options, argv + 2) != NULL)
    {
      status = ferry_cli_usage_error (command->check_args (options, argv + 2));
      goto out;
    }
  if (!ferry_cli_connect (self, &error))
    {
      status = ferry_cli_fail (self, error);
      goto out;
    }
  status = command->run (self, options, argv + 2);

out:
  if (options != NULL)
    command->options_free (options);
  return status;
}

static void
ferry_cli_finalize (GObject *object)
{
  FerryCli *self = FERRY_CLI (object);

  if (self->running_sandbox != NULL)
    ferry_sandbox_stop (self->running_sandbox);
  g_clear_object (&self->running_sandbox);
  g_clear_object (&self->account);
  g_clear_object (&self->client);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->answer);
  g_clear_object (&self->result);
  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->region, g_free);

  G_OBJECT_CLASS (ferry_cli_parent_class)->finalize (object);
}

static void
ferry_cli_class_init (FerryCliClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_cli_finalize;
}

static void
ferry_cli_init (FerryCli *self)
{
  self->timeout = -1;  /* not given */
}
