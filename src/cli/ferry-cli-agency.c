/* ferry-cli-agency.c: ferryctl agency list, create, check, grant
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-agency-setup.h"
#include "ferry-cli-output.h"
#include "ferry-cli-private.h"
#include "ferry-error.h"
#include "ferry-iam.h"

typedef struct
{
  char *regions;
  char *duration;
  char *description;
} AgencyOptions;

static gpointer
agency_options_new (GOptionContext *context)
{
  AgencyOptions *o = g_new0 (AgencyOptions, 1);
  const GOptionEntry entries[] = {
    { "regions", 0, 0, G_OPTION_ARG_STRING, &o->regions,
      N_("create, check, grant: the regions whose projects get IMS Administrator, separated by commas"), N_("REGION,…") },
    { "duration", 0, 0, G_OPTION_ARG_STRING, &o->duration,
      N_("create: how long the agency lasts, “forever” (default) or “one-day”"), N_("DURATION") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &o->description,
      N_("create: the agency’s description"), N_("TEXT") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return o;
}

static void
agency_options_free (gpointer options)
{
  AgencyOptions *o = options;

  g_free (o->regions);
  g_free (o->duration);
  g_free (o->description);
  g_free (o);
}

/* Looking agencies up */

static FerryAgency *
find_agency (FerryCli    *cli,
             const char  *name,
             GError     **error)
{
  g_autoptr(GListModel) agencies = NULL;

  ferry_iam_list_agencies_async (ferry_cli_get_client (cli), ferry_cli_get_region (cli), name, NULL, ferry_cli_store_result_cb, cli);
  agencies = ferry_iam_list_agencies_finish (ferry_cli_get_client (cli), ferry_cli_wait (cli), error);
  if (agencies == NULL)
    return NULL;

  for (guint i = 0; i < g_list_model_get_n_items (agencies); i++)
    {
      g_autoptr(FerryAgency) agency = g_list_model_get_item (agencies, i);

      if (g_strcmp0 (ferry_agency_get_name (agency), name) == 0)
        return g_steal_pointer (&agency);
    }

  g_set_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND,
               _("The account has no agency named “%s”. “ferryctl agencies” lists them."), name);
  return NULL;
}

/* The agency's grant in each region, or NULL with @error. */
static FerryGrant *
check_grants (FerryCli            *cli,
              FerryAgency         *agency,
              const char * const  *regions,
              GError             **error)
{
  ferry_iam_check_ims_grants_async (ferry_cli_get_client (cli), ferry_cli_get_account (cli), ferry_agency_get_id (agency),
                                    regions, NULL, ferry_cli_store_result_cb, cli);
  return ferry_iam_check_ims_grants_finish (ferry_cli_get_client (cli), ferry_cli_wait (cli), error);
}

/* agency */

/* The regions of --regions, or NULL after saying what is wrong. */
static GStrv
agency_regions (FerryCli      *cli,
                AgencyOptions *o)
{
  g_auto(GStrv) regions = NULL;

  if (o->regions == NULL || *o->regions == '\0')
    {
      ferry_cli_usage_error (_("Say in which regions with --regions REGION[,REGION…]."));
      return NULL;
    }
  regions = g_strsplit (o->regions, ",", -1);
  for (guint i = 0; regions[i] != NULL; i++)
    {
      g_autofree char *message = NULL;

      if (!ferry_cli_is_known_region (cli, regions[i]))
        return NULL;
      if (ferry_account_get_region_project (ferry_cli_get_account (cli), regions[i]) != NULL)
        continue;
      message = g_strdup_printf (_("The account has no project in region “%s”."), regions[i]);
      ferry_cli_usage_error (message);
      return NULL;
    }
  return g_steal_pointer (&regions);
}

static const char *
step_state_text (FerryAgencyStepState state)
{
  switch (state)
    {
    case FERRY_AGENCY_STEP_DONE:
      return C_("agency step", "done");
    case FERRY_AGENCY_STEP_FAILED:
      return C_("agency step", "failed");
    case FERRY_AGENCY_STEP_RUNNING:
      return C_("agency step", "running");
    case FERRY_AGENCY_STEP_PENDING:
    default:
      return C_("agency step", "not done");
    }
}

static const char *
step_kind_id (FerryAgencyStepKind kind)
{
  switch (kind)
    {
    case FERRY_AGENCY_STEP_CREATE:
      return "create";
    case FERRY_AGENCY_STEP_FIND_ROLE:
      return "find-role";
    case FERRY_AGENCY_STEP_GRANT:
      return "grant";
    case FERRY_AGENCY_STEP_VERIFY:
    default:
      return "verify";
    }
}

static const char *
step_state_id (FerryAgencyStepState state)
{
  switch (state)
    {
    case FERRY_AGENCY_STEP_DONE:
      return "done";
    case FERRY_AGENCY_STEP_FAILED:
      return "failed";
    case FERRY_AGENCY_STEP_RUNNING:
      return "running";
    case FERRY_AGENCY_STEP_PENDING:
    default:
      return "pending";
    }
}

static void
step_changed_cb (FerryAgencySetup *setup,
                 guint             index,
                 FerryCli         *cli)
{
  FerryAgencyStepState state = ferry_agency_setup_get_step_state (setup, index);
  g_autofree char *title = NULL;
  const GError *error;

  if (ferry_cli_get_json (cli) || (state != FERRY_AGENCY_STEP_DONE && state != FERRY_AGENCY_STEP_FAILED))
    return;
  title = ferry_agency_setup_dup_step_title (setup, index);
  error = ferry_agency_setup_get_step_error (setup, index);
  if (error != NULL)
    {
      g_autofree char *reason = ferry_api_error_format (error);

      /* Translators: a step, its state, then why it failed. */
      g_print (_("%s: %s: %s\n"), ferry_cli_safe (title), step_state_text (state), ferry_cli_safe (reason));
    }
  else
    /* Translators: a step, then its state. */
    g_print (_("%s: %s\n"), ferry_cli_safe (title), step_state_text (state));
}

/* Runs @setup to its end and reports it; the exit status. */
static FerryCliExit
run_setup (FerryCli         *cli,
           AgencyOptions    *o,
           FerryAgencySetup *setup)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_signal_connect (setup, "step-changed", G_CALLBACK (step_changed_cb), cli);
  ferry_agency_setup_run_async (setup, NULL, ferry_cli_store_result_cb, cli);
  ok = ferry_agency_setup_run_finish (setup, ferry_cli_wait (cli), &error);

  if (ferry_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      FerryAgency *agency = ferry_agency_setup_get_agency (setup);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "agency");
      if (agency != NULL)
        json_builder_add_value (b, ferry_agency_serialize (agency));
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "complete");
      json_builder_add_boolean_value (b, ok);
      json_builder_set_member_name (b, "steps");
      json_builder_begin_array (b);
      for (guint i = 0; i < ferry_agency_setup_get_n_steps (setup); i++)
        {
          const GError *step_error = ferry_agency_setup_get_step_error (setup, i);
          const char *region = ferry_agency_setup_get_step_region (setup, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "step");
          json_builder_add_string_value (b, step_kind_id (ferry_agency_setup_get_step_kind (setup, i)));
          if (region != NULL)
            {
              json_builder_set_member_name (b, "region");
              json_builder_add_string_value (b, region);
            }
          json_builder_set_member_name (b, "state");
          json_builder_add_string_value (b, step_state_id (ferry_agency_setup_get_step_state (setup, i)));
          if (step_error != NULL)
            {
              json_builder_set_member_name (b, "message");
              json_builder_add_string_value (b, step_error->message);
              if (ferry_api_error_get_server_code (step_error) != NULL)
                {
                  json_builder_set_member_name (b, "server_code");
                  json_builder_add_string_value (b, ferry_api_error_get_server_code (step_error));
                }
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      ferry_cli_print_json (root);
    }

  if (ok)
    return FERRY_CLI_EXIT_OK;
  if (!ferry_cli_get_json (cli) && ferry_agency_setup_get_agency (setup) != NULL)
    g_print (_("The agency “%s” exists; “ferryctl agency grant %s --regions %s” grants what is missing.\n"),
             ferry_cli_safe (ferry_agency_setup_get_name (setup)),
             ferry_cli_safe (ferry_agency_setup_get_name (setup)), ferry_cli_safe (o->regions));
  return ferry_cli_fail (cli, error);
}

static FerryCliExit
agency_create (FerryCli      *cli,
               AgencyOptions *o,
               const char    *name)
{
  g_autoptr(FerryAgencySetup) setup = NULL;
  g_autoptr(GListModel) existing = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) regions = NULL;
  const char *duration = FERRY_AGENCY_DURATION_FOREVER;

  if (!ferry_agency_setup_is_valid_name (name))
    return ferry_cli_usage_error (_("An agency name is 1 to 64 letters, digits, hyphens, underscores or periods."));
  if (o->duration != NULL && g_strcmp0 (o->duration, "forever") == 0)
    duration = FERRY_AGENCY_DURATION_FOREVER;
  else if (o->duration != NULL && g_strcmp0 (o->duration, "one-day") == 0)
    duration = FERRY_AGENCY_DURATION_ONE_DAY;
  else if (o->duration != NULL)
    return ferry_cli_usage_error (_("--duration is “forever” or “one-day”."));
  if (o->description != NULL &&
      g_utf8_strlen (o->description, -1) > FERRY_AGENCY_DESCRIPTION_MAX)
    return ferry_cli_usage_error (_("The description is at most 255 characters long."));
  if ((regions = agency_regions (cli, o)) == NULL)
    return FERRY_CLI_EXIT_USAGE;

  /* A clash is told before anything is sent. */
  ferry_iam_list_agencies_async (ferry_cli_get_client (cli), ferry_cli_get_region (cli), name, NULL, ferry_cli_store_result_cb, cli);
  existing = ferry_iam_list_agencies_finish (ferry_cli_get_client (cli), ferry_cli_wait (cli), &error);
  if (existing == NULL)
    return ferry_cli_fail (cli, error);
  for (guint i = 0; i < g_list_model_get_n_items (existing); i++)
    {
      g_autoptr(FerryAgency) agency = g_list_model_get_item (existing, i);

      if (g_strcmp0 (ferry_agency_get_name (agency), name) == 0)
        {
          g_printerr (_("ferryctl: An agency named “%s” exists already. "
                        "“ferryctl agency check %s --regions …” checks it.\n"),
                      ferry_cli_safe (name), ferry_cli_safe (name));
          return FERRY_CLI_EXIT_REFUSED;
        }
    }

  setup = ferry_agency_setup_new (ferry_cli_get_client (cli), ferry_cli_get_account (cli), name, duration,
                                  o->description != NULL ? o->description
                                                            : _("Agency with IMS Administrator permissions"),
                                  (const char * const *) regions);
  return run_setup (cli, o, setup);
}

static FerryCliExit
agency_check (FerryCli      *cli,
              AgencyOptions *o,
              const char    *name)
{
  g_autoptr(FerryAgency) agency = NULL;
  g_autofree FerryGrant *grants = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) regions = NULL;
  gboolean trusts_ims, complete;

  if ((regions = agency_regions (cli, o)) == NULL)
    return FERRY_CLI_EXIT_USAGE;
  if ((agency = find_agency (cli, name, &error)) == NULL)
    return ferry_cli_fail (cli, error);
  if ((grants = check_grants (cli, agency, (const char * const *) regions, &error)) == NULL)
    return ferry_cli_fail (cli, error);

  trusts_ims = ferry_agency_trusts_ims (agency);
  complete = trusts_ims;
  for (guint i = 0; regions[i] != NULL; i++)
    complete = complete && grants[i] == FERRY_GRANT_GRANTED;

  if (ferry_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "agency");
      json_builder_add_value (b, ferry_agency_serialize (agency));
      json_builder_set_member_name (b, "regions");
      json_builder_begin_array (b);
      for (guint i = 0; regions[i] != NULL; i++)
        {
          FerryProject *project = ferry_account_get_region_project (ferry_cli_get_account (cli), regions[i]);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "region");
          json_builder_add_string_value (b, regions[i]);
          json_builder_set_member_name (b, "project_id");
          json_builder_add_string_value (b, ferry_project_get_id (project));
          json_builder_set_member_name (b, "granted");
          json_builder_add_boolean_value (b, grants[i] == FERRY_GRANT_GRANTED);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "complete");
      json_builder_add_boolean_value (b, complete);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      ferry_cli_print_json (root);
    }
  else
    {
      g_autoptr(FerryCliTable) table = NULL;

      table = ferry_cli_table_new (4, _("REGION"), _("NAME"), _("PROJECT"), _("IMS ADMINISTRATOR"));
      for (guint i = 0; regions[i] != NULL; i++)
        {
          FerryRegion *region = ferry_region_catalogue_lookup (ferry_cli_get_catalogue (cli), regions[i]);
          FerryProject *project = ferry_account_get_region_project (ferry_cli_get_account (cli), regions[i]);

          ferry_cli_table_add_row (table, regions[i], ferry_region_get_name (region),
                                   ferry_project_get_name (project),
                                   grants[i] == FERRY_GRANT_GRANTED ? C_("permission", "granted")
                                                                    : C_("permission", "missing"));
        }
      ferry_cli_print_table (table);
      if (!trusts_ims)
        g_print (_("The agency “%s” is delegated to %s, not to IMS: copies cannot use it.\n"),
                 ferry_cli_safe (name),
                 ferry_agency_get_trust_domain_name (agency) != NULL
                 ? ferry_cli_safe (ferry_agency_get_trust_domain_name (agency)) : "?");
      else if (!complete)
        g_print (_("Permissions are missing; “ferryctl agency grant %s --regions %s” grants them.\n"),
                 ferry_cli_safe (name), ferry_cli_safe (o->regions));
    }

  return complete ? FERRY_CLI_EXIT_OK : FERRY_CLI_EXIT_REFUSED;
}

static FerryCliExit
agency_grant (FerryCli      *cli,
              AgencyOptions *o,
              const char    *name)
{
  g_autoptr(FerryAgency) agency = NULL;
  g_autoptr(FerryAgencySetup) setup = NULL;
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autofree FerryGrant *grants = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) regions = NULL;

  if ((regions = agency_regions (cli, o)) == NULL)
    return FERRY_CLI_EXIT_USAGE;
  if ((agency = find_agency (cli, name, &error)) == NULL)
    return ferry_cli_fail (cli, error);
  if (!ferry_agency_trusts_ims (agency))
    {
      g_printerr (_("ferryctl: The agency “%s” is not delegated to IMS: copies cannot use it, whatever it is granted.\n"),
                  ferry_cli_safe (name));
      return FERRY_CLI_EXIT_REFUSED;
    }
  if ((grants = check_grants (cli, agency, (const char * const *) regions, &error)) == NULL)
    return ferry_cli_fail (cli, error);

  /* Exactly what is missing, nothing granted twice. */
  for (guint i = 0; regions[i] != NULL; i++)
    if (grants[i] != FERRY_GRANT_GRANTED)
      g_ptr_array_add (missing, regions[i]);
  g_ptr_array_add (missing, NULL);
  if (missing->len == 1 && !ferry_cli_get_json (cli))
    {
      g_print (_("The agency “%s” already holds IMS Administrator in every region given.\n"), ferry_cli_safe (name));
      return FERRY_CLI_EXIT_OK;
    }

  setup = ferry_agency_setup_new_for_agency (ferry_cli_get_client (cli), ferry_cli_get_account (cli), agency,
                                             (const char * const *) missing->pdata);
  return run_setup (cli, o, setup);
}

static const char *
agency_check_args (gpointer   options,
                   char     **args)
{
  guint n = g_strv_length (args);

  if ((n == 1 && g_strcmp0 (args[0], "list") == 0) ||
      (n == 2 && (g_strcmp0 (args[0], "create") == 0 || g_strcmp0 (args[0], "check") == 0 ||
                  g_strcmp0 (args[0], "grant") == 0)))
    return NULL;
  return _("“agency” takes “list”, or “create”, “check” or “grant” and an agency name.");
}

static FerryCliExit
command_agency (FerryCli *cli,
                gpointer  options,
                char    **args)
{
  AgencyOptions *o = options;

  if (g_strcmp0 (args[0], "list") == 0)
    return ferry_cli_list_agencies (cli, NULL);
  if (g_strcmp0 (args[0], "create") == 0)
    return agency_create (cli, o, args[1]);
  if (g_strcmp0 (args[0], "check") == 0)
    return agency_check (cli, o, args[1]);
  return agency_grant (cli, o, args[1]);
}

const FerryCliCommand ferry_cli_agency_commands[] = {
  { "agency", "list | create NAME | check NAME | grant NAME --regions REGION[,REGION…]",
    N_("list agencies; create one for IMS; check or grant IMS Administrator in each region"),
    FERRY_CLI_ARGS_ANY, agency_options_new, agency_options_free, command_agency, agency_check_args },
  { NULL }
};
