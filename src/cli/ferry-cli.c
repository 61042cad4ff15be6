/* ferry-cli.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ferry-account-store.h"
#include "ferry-agency-setup.h"
#include "ferry-cbr.h"
#include "ferry-cli.h"
#include "ferry-cli-table.h"
#include "ferry-copy-queue.h"
#include "ferry-error.h"
#include "ferry-iam.h"
#include "ferry-job.h"
#include "ferry-ims.h"
#include "ferry-rules.h"
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

  /* Options */
  char                 *endpoint;
  char                 *region;
  gboolean              json;
  gboolean              sandbox;
  gboolean              shared;
  char                 *name_filter;
  char                 *status_filter;
  char                 *to;
  char                 *agency_name;
  char                 *vault_id;
  char                 *description;
  gboolean              wait;
  gboolean              look_again;
  gboolean              submit_again;
  char                 *regions;
  char                 *duration;
  int                   timeout;

  FerrySandbox         *running_sandbox;
  FerryRegionCatalogue *catalogue;
  FerryClient          *client;
  FerryAccount         *account;
  GAsyncResult         *result;
};

G_DEFINE_FINAL_TYPE (FerryCli, ferry_cli, G_TYPE_OBJECT)

typedef FerryCliExit (*CommandFunc) (FerryCli *self,
                                     char    **args);

FerryCli *
ferry_cli_new (void)
{
  return g_object_new (FERRY_TYPE_CLI, NULL);
}

/* Waiting: ferryctl is sequential, so each call runs the main context
 * until its answer is in. */

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FerryCli *self = user_data;

  g_set_object (&self->result, result);
}

static GAsyncResult *
wait_for_result (FerryCli *self)
{
  while (self->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_steal_pointer (&self->result);
}

static FerryCliExit
fail (FerryCli     *self,
      const GError *error)
{
  g_autofree char *text = ferry_api_error_format (error);

  g_printerr ("ferryctl: %s\n", text);
  /* Set-up mistakes are the user's to mend, like a wrong option. */
  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NO_CREDENTIALS) ||
      g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_ENDPOINT))
    return FERRY_CLI_EXIT_USAGE;
  return FERRY_CLI_EXIT_API;
}

static FerryCliExit
usage_error (const char *message)
{
  g_printerr ("ferryctl: %s\n", message);
  g_printerr ("%s\n", _("Run “ferryctl --help” to see the commands."));
  return FERRY_CLI_EXIT_USAGE;
}

static void
print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
print_table (FerryCliTable *table)
{
  g_autofree char *text = ferry_cli_table_to_string (table);

  g_print ("%s", text);
}

static const char *
yes_no (gboolean value)
{
  return value ? C_("table value", "yes") : C_("table value", "no");
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

  ferry_account_store_lookup_credentials_async (store, id, NULL, store_result_cb, self);
  /* A keyring that cannot be read is the same as no account here: the
   * caller then explains how to give keys. */
  return ferry_account_store_lookup_credentials_finish (store, wait_for_result (self), NULL);
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

      credentials = ferry_credentials_new_from_environment (&env_error);
      if (credentials == NULL)
        credentials = active_account_credentials (self, &endpoint_from_account);
      if (credentials == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&env_error));
          return FALSE;
        }
      if (endpoint == NULL && g_getenv (FERRY_ENV_ENDPOINT) == NULL)
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

  ferry_iam_discover_account_async (self->client, self->region, NULL, store_result_cb, self);
  self->account = ferry_iam_discover_account_finish (self->client, wait_for_result (self), error);

  return self->account != NULL;
}

static FerryProject *
region_project (FerryCli    *self,
                const char  *region,
                GError     **error)
{
  FerryProject *project = ferry_account_get_region_project (self->account, region);

  if (project == NULL)
    g_set_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND,
                 _("The account has no project in region “%s”."), region);
  return project;
}

static gboolean
is_known_region (FerryCli   *self,
                 const char *region)
{
  g_autofree char *message = NULL;

  if (ferry_region_catalogue_lookup (self->catalogue, region) != NULL)
    return TRUE;

  message = g_strdup_printf (_("“%s” is not a known region. “ferryctl regions” lists them."), region);
  usage_error (message);
  return FALSE;
}

/* Commands */

static FerryCliExit
command_regions (FerryCli  *self,
                 char     **args)
{
  GListModel *regions = G_LIST_MODEL (self->catalogue);
  guint n = g_list_model_get_n_items (regions);

  if (self->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "regions");
      json_builder_begin_array (b);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FerryRegion) r = g_list_model_get_item (regions, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, ferry_region_get_id (r));
          json_builder_set_member_name (b, "name_zh");
          json_builder_add_string_value (b, ferry_region_get_name_zh (r));
          json_builder_set_member_name (b, "name_en");
          json_builder_add_string_value (b, ferry_region_get_name_en (r));
          json_builder_set_member_name (b, "mainland");
          json_builder_add_boolean_value (b, ferry_region_get_mainland (r));
          json_builder_set_member_name (b, "whole_image_copy");
          json_builder_add_boolean_value (b, ferry_region_get_whole_image_copy (r));
          json_builder_set_member_name (b, "copy_size_limit");
          json_builder_add_int_value (b, ferry_region_get_copy_size_limit (r));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      print_json (root);
    }
  else
    {
      g_autoptr(FerryCliTable) table = NULL;

      table = ferry_cli_table_new (4, _("ID"), _("NAME"), _("MAINLAND"), _("WHOLE-IMAGE COPIES"));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FerryRegion) r = g_list_model_get_item (regions, i);

          ferry_cli_table_add_row (table, ferry_region_get_id (r), ferry_region_get_name (r),
                                   yes_no (ferry_region_get_mainland (r)),
                                   yes_no (ferry_region_get_whole_image_copy (r)));
        }
      print_table (table);
    }

  return FERRY_CLI_EXIT_OK;
}

/* A list as JSON, streamed one object per line: ten thousand images
 * never become one document in memory (measured: 88 MiB peak for 10,000
 * images with a JsonBuilder tree, 41 MiB streamed; see tests/bench/). */
static void
print_list_json (const char *member,
                 const char *region,
                 GListModel *items,
                 JsonNode  *(*serialize) (gpointer item))
{
  guint n = g_list_model_get_n_items (items);

  g_print ("{\n");
  if (region != NULL)
    {
      g_autoptr(JsonNode) value = json_node_init_string (json_node_alloc (), region);
      g_autofree char *text = json_to_string (value, FALSE);

      g_print ("  \"region\" : %s,\n", text);
    }
  g_print ("  \"%s\" : [\n", member);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (items, i);
      g_autoptr(JsonNode) node = serialize (item);
      g_autofree char *text = json_to_string (node, FALSE);

      g_print ("    %s%s\n", text, i + 1 < n ? "," : "");
    }
  g_print ("  ],\n  \"count\" : %u\n}\n", n);
}

static FerryCliExit
command_projects (FerryCli  *self,
                  char     **args)
{
  GListModel *projects = ferry_account_get_projects (self->account);

  if (self->json)
    print_list_json ("projects", NULL, projects, (gpointer) ferry_project_serialize);
  else
    {
      g_autoptr(FerryCliTable) table = NULL;

      table = ferry_cli_table_new (4, _("NAME"), _("ID"), _("REGION"), _("DEFAULT"));
      for (guint i = 0; i < g_list_model_get_n_items (projects); i++)
        {
          g_autoptr(FerryProject) p = g_list_model_get_item (projects, i);

          ferry_cli_table_add_row (table, ferry_project_get_name (p), ferry_project_get_id (p),
                                   ferry_project_get_region_id (p),
                                   yes_no (ferry_project_is_default (p)));
        }
      print_table (table);
    }

  return FERRY_CLI_EXIT_OK;
}

static char *
format_created (FerryImage *image)
{
  g_autoptr(GDateTime) utc = ferry_image_dup_created_date_time (image);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (ferry_image_get_created_at (image));
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static FerryCliExit
command_images (FerryCli  *self,
                char     **args)
{
  g_autoptr(GListModel) images = NULL;
  g_autoptr(GError) error = NULL;
  FerryImageQuery query = { 0 };
  FerryProject *project;

  if ((project = region_project (self, self->region, &error)) == NULL)
    return fail (self, error);

  query.image_type = self->shared ? "shared" : "private";
  query.name = self->name_filter;
  query.status = self->status_filter;
  query.limit = FERRY_IMS_DEFAULT_PAGE_SIZE;

  ferry_ims_list_all_images_async (self->client, self->region, ferry_project_get_id (project),
                                   &query, NULL, NULL, NULL, store_result_cb, self);
  images = ferry_ims_list_all_images_finish (self->client, wait_for_result (self), &error);
  if (images == NULL)
    return fail (self, error);

  if (self->json)
    print_list_json ("images", self->region, images, (gpointer) ferry_image_serialize);
  else
    {
      g_autoptr(FerryCliTable) table = NULL;

      table = ferry_cli_table_new (8, _("NAME"), _("ID"), _("STATUS"), _("TYPE"), _("OS"),
                                   _("SIZE"), _("ENCRYPTED"), _("CREATED"));
      for (guint i = 0; i < g_list_model_get_n_items (images); i++)
        {
          g_autoptr(FerryImage) image = g_list_model_get_item (images, i);
          g_autofree char *size = NULL;
          g_autofree char *created = format_created (image);

          size = g_format_size_full (ferry_image_get_size (image), G_FORMAT_SIZE_IEC_UNITS);
          ferry_cli_table_add_row (table,
                                   ferry_image_get_name (image),
                                   ferry_image_get_id (image),
                                   ferry_image_status_to_label (ferry_image_get_status_kind (image)),
                                   ferry_image_kind_to_label (ferry_image_get_kind (image)),
                                   ferry_image_get_os_version (image),
                                   size,
                                   yes_no (ferry_image_is_encrypted (image)),
                                   created);
        }
      print_table (table);
    }

  return FERRY_CLI_EXIT_OK;
}

static FerryCliExit
command_agencies (FerryCli  *self,
                  char     **args)
{
  g_autoptr(GListModel) agencies = NULL;
  g_autoptr(GError) error = NULL;

  ferry_iam_list_agencies_async (self->client, self->region, self->name_filter, NULL,
                                 store_result_cb, self);
  agencies = ferry_iam_list_agencies_finish (self->client, wait_for_result (self), &error);
  if (agencies == NULL)
    return fail (self, error);

  if (self->json)
    print_list_json ("agencies", NULL, agencies, (gpointer) ferry_agency_serialize);
  else
    {
      g_autoptr(FerryCliTable) table = NULL;

      table = ferry_cli_table_new (5, _("NAME"), _("ID"), _("FOR IMS"), _("DURATION"),
                                   _("DESCRIPTION"));
      for (guint i = 0; i < g_list_model_get_n_items (agencies); i++)
        {
          g_autoptr(FerryAgency) a = g_list_model_get_item (agencies, i);
          const char *duration = ferry_agency_get_duration (a);

          if (g_strcmp0 (duration, "FOREVER") == 0)
            duration = _("Permanent");
          else if (g_strcmp0 (duration, "ONEDAY") == 0)
            duration = _("One day");
          ferry_cli_table_add_row (table, ferry_agency_get_name (a), ferry_agency_get_id (a),
                                   yes_no (ferry_agency_trusts_ims (a)), duration,
                                   ferry_agency_get_description (a));
        }
      print_table (table);
    }

  return FERRY_CLI_EXIT_OK;
}

static FerryCliExit
command_vaults (FerryCli  *self,
                char     **args)
{
  g_autoptr(GListModel) vaults = NULL;
  g_autoptr(GError) error = NULL;
  FerryProject *project;

  if ((project = region_project (self, self->region, &error)) == NULL)
    return fail (self, error);

  ferry_cbr_list_vaults_async (self->client, self->region, ferry_project_get_id (project), NULL,
                               store_result_cb, self);
  vaults = ferry_cbr_list_vaults_finish (self->client, wait_for_result (self), &error);
  if (vaults == NULL)
    return fail (self, error);

  if (self->json)
    print_list_json ("vaults", self->region, vaults, (gpointer) ferry_vault_serialize);
  else
    {
      g_autoptr(FerryCliTable) table = NULL;

      table = ferry_cli_table_new (6, _("NAME"), _("ID"), _("STATUS"), _("SIZE (GB)"),
                                   _("USED (GB)"), _("FREE (GB)"));
      for (guint i = 0; i < g_list_model_get_n_items (vaults); i++)
        {
          g_autoptr(FerryVault) v = g_list_model_get_item (vaults, i);
          g_autofree char *size = g_strdup_printf ("%u", ferry_vault_get_size (v));
          g_autofree char *used = g_strdup_printf ("%.1f", ferry_vault_get_used_gb (v));
          g_autofree char *free_gb = g_strdup_printf ("%.1f", ferry_vault_get_free_gb (v));

          ferry_cli_table_add_row (table, ferry_vault_get_name (v), ferry_vault_get_id (v),
                                   ferry_vault_get_status (v), size, used, free_gb);
        }
      print_table (table);
    }

  return FERRY_CLI_EXIT_OK;
}

/* check */

static FerryImage *
get_image (FerryCli    *self,
           const char  *region,
           const char  *image_id,
           GError     **error)
{
  FerryProject *project = region_project (self, region, error);

  if (project == NULL)
    return NULL;
  ferry_ims_get_image_async (self->client, region, ferry_project_get_id (project), image_id,
                             NULL, store_result_cb, self);
  return ferry_ims_get_image_finish (self->client, wait_for_result (self), error);
}

static FerryAgency *
find_agency (FerryCli    *self,
             const char  *name,
             GError     **error)
{
  g_autoptr(GListModel) agencies = NULL;

  ferry_iam_list_agencies_async (self->client, self->region, name, NULL, store_result_cb, self);
  agencies = ferry_iam_list_agencies_finish (self->client, wait_for_result (self), error);
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
check_grants (FerryCli            *self,
              FerryAgency         *agency,
              const char * const  *regions,
              GError             **error)
{
  ferry_iam_check_ims_grants_async (self->client, self->account, ferry_agency_get_id (agency),
                                    regions, NULL, store_result_cb, self);
  return ferry_iam_check_ims_grants_finish (self->client, wait_for_result (self), error);
}

/* The agency's grant in one region, or FALSE with @error. */
static gboolean
check_grant (FerryCli    *self,
             FerryAgency *agency,
             const char  *region,
             FerryGrant  *grant,
             GError     **error)
{
  const char *regions[] = { region, NULL };
  g_autofree FerryGrant *grants = check_grants (self, agency, regions, error);

  if (grants == NULL)
    return FALSE;
  *grant = grants[0];
  return TRUE;
}

/* The vault @vault_id of the account's project in @region, looked up by
 * id whatever its kind, so that the rules can say why it does not fit;
 * NULL without an error when the region has no such vault. */
static FerryVault *
find_vault (FerryCli    *self,
            const char  *region,
            const char  *vault_id,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  FerryVault *vault;
  FerryProject *project = region_project (self, region, error);

  if (project == NULL)
    return NULL;
  ferry_cbr_get_vault_async (self->client, region, ferry_project_get_id (project), vault_id, NULL,
                             store_result_cb, self);
  vault = ferry_cbr_get_vault_finish (self->client, wait_for_result (self), &local_error);
  if (vault == NULL &&
      !g_error_matches (local_error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));
  return vault;
}

/* What every destination of one image shares: the image, and the agency
 * with its grant in the source region when one was named. */
typedef struct
{
  FerryImage  *image;
  FerryRegion *source;
  FerryAgency *agency;
  FerryGrant   source_grant;
  GStrv        destinations;
} Plan;

static void
plan_clear (Plan *plan)
{
  g_clear_object (&plan->image);
  g_clear_object (&plan->agency);
  g_clear_pointer (&plan->destinations, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Plan, plan_clear)

/* FERRY_CLI_EXIT_OK, or the exit status after saying what is wrong. */
static FerryCliExit
prepare_plan (FerryCli   *self,
              const char *image_id,
              Plan       *plan)
{
  g_autoptr(GError) error = NULL;

  if (self->to == NULL || *self->to == '\0')
    return usage_error (_("Say where to with --to REGION[,REGION…]."));
  plan->destinations = g_strsplit (self->to, ",", -1);
  for (guint i = 0; plan->destinations[i] != NULL; i++)
    if (!is_known_region (self, plan->destinations[i]))
      return FERRY_CLI_EXIT_USAGE;
  plan->source = ferry_region_catalogue_lookup (self->catalogue, self->region);
  plan->source_grant = FERRY_GRANT_UNKNOWN;

  plan->image = get_image (self, self->region, image_id, &error);
  if (plan->image == NULL)
    return fail (self, error);

  if (self->agency_name != NULL)
    {
      if ((plan->agency = find_agency (self, self->agency_name, &error)) == NULL ||
          !check_grant (self, plan->agency, self->region, &plan->source_grant, &error))
        return fail (self, error);
    }

  return FERRY_CLI_EXIT_OK;
}

/* Every rule a copy to @destination breaks (FerryViolation), or NULL with
 * @error when the facts could not be learned. Without an agency only the
 * image and the regions are judged. */
static GPtrArray *
evaluate_destination (FerryCli    *self,
                      const Plan  *plan,
                      const char  *destination,
                      guint        copies_in_flight,
                      GError     **error)
{
  g_autoptr(FerryVault) vault = NULL;
  g_autoptr(GPtrArray) violations = NULL;
  GPtrArray *kept;
  FerryProject *destination_project = ferry_account_get_region_project (self->account, destination);
  FerryProject *source_project = ferry_account_get_region_project (self->account, self->region);
  FerryCopyFacts facts = {
    .image = plan->image,
    .source = plan->source,
    .project_id = source_project != NULL ? ferry_project_get_id (source_project) : NULL,
    .destination = ferry_region_catalogue_lookup (self->catalogue, destination),
    .destination_project_id = destination_project != NULL ? ferry_project_get_id (destination_project) : NULL,
    .agency = plan->agency,
    .source_grant = plan->source_grant,
    .destination_grant = FERRY_GRANT_UNKNOWN,
    .copies_in_flight = copies_in_flight,
  };

  if (plan->agency != NULL &&
      !check_grant (self, plan->agency, destination, &facts.destination_grant, error))
    return NULL;

  if (self->vault_id != NULL && ferry_rules_needs_vault (plan->image))
    {
      vault = find_vault (self, destination, self->vault_id, error);
      if (vault == NULL && error != NULL && *error != NULL)
        return NULL;
      facts.vault = vault;
      /* An id that names no vault there is a vault chosen elsewhere. */
      if (vault == NULL)
        facts.vault_id = self->vault_id;
    }

  violations = ferry_rules_check_request (&facts);
  kept = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < violations->len; i++)
    {
      FerryViolation *v = g_ptr_array_index (violations, i);

      if (plan->agency == NULL && ferry_violation_get_rule (v) == FERRY_RULE_AGENCY_MISSING)
        continue;
      g_ptr_array_add (kept, g_object_ref (v));
    }
  return kept;
}

static char *
describe_violations (GPtrArray *violations)
{
  GString *line = g_string_new (NULL);

  for (guint j = 0; j < violations->len; j++)
    {
      FerryViolation *v = g_ptr_array_index (violations, j);
      g_autofree char *reason = NULL;

      /* Translators: a reason, then its rule and the server's code. */
      reason = g_strdup_printf (C_("refusals", "%s [%s, %s]"),
                                ferry_violation_get_message (v), ferry_violation_get_code (v),
                                ferry_violation_get_server_code (v));
      /* Translators: the first reason, after "refused:", then each next one;
       * Chinese puts no space after a full-width colon and joins its
       * sentences with a full-width semicolon. */
      g_string_append_printf (line, j == 0 ? C_("refusals", " %s") : C_("refusals", "; %s"), reason);
    }
  return g_string_free (line, FALSE);
}

/* The shared queue of this user's copies, as the app sees it too, or NULL
 * after saying why it cannot be used (a file that cannot be read, or a
 * newer Ferry's, which is left untouched). A damaged file was repaired:
 * that is said, and the queue has every copy that could be read. */
static FerryCopyQueue *
open_queue (FerryCli *self)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryCopyQueue) queue = ferry_copy_queue_new (self->client, self->account, store);

  if (!ferry_copy_queue_load (queue, &error))
    {
      g_printerr ("ferryctl: %s\n", error->message);
      if (!g_error_matches (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_CORRUPT))
        return NULL;
    }
  return g_steal_pointer (&queue);
}

/* The command that settles a copy of unknown outcome. */
static char *
decide_command (FerryCopyTask *task)
{
  g_autofree char *id = g_strndup (ferry_copy_task_get_id (task), 8);

  return g_strdup_printf ("ferryctl resolve %s --look-again | --submit-again", id);
}

static FerryCliExit
command_check (FerryCli  *self,
               char     **args)
{
  g_auto(Plan) plan = { 0 };
  g_autoptr(FerryCopyQueue) queue = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GError) error = NULL;
  gboolean all_allowed = TRUE;
  FerryCliExit status;

  if ((status = prepare_plan (self, args[0], &plan)) != FERRY_CLI_EXIT_OK)
    return status;
  if ((queue = open_queue (self)) == NULL)
    return FERRY_CLI_EXIT_REFUSED;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "image");
  json_builder_add_string_value (b, ferry_image_get_id (plan.image));
  json_builder_set_member_name (b, "source_region");
  json_builder_add_string_value (b, self->region);
  json_builder_set_member_name (b, "destinations");
  json_builder_begin_array (b);

  for (guint i = 0; plan.destinations[i] != NULL; i++)
    {
      const char *region = plan.destinations[i];
      FerryRegion *destination = ferry_region_catalogue_lookup (self->catalogue, region);
      g_autoptr(GPtrArray) violations = NULL;
      g_autofree char *reasons = NULL;

      violations = evaluate_destination (self, &plan, region,
                                         ferry_copy_queue_get_n_in_flight (queue), &error);
      if (violations == NULL)
        return fail (self, error);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "region");
      json_builder_add_string_value (b, region);
      json_builder_set_member_name (b, "allowed");
      json_builder_add_boolean_value (b, violations->len == 0);
      json_builder_set_member_name (b, "violations");
      json_builder_begin_array (b);
      for (guint j = 0; j < violations->len; j++)
        {
          FerryViolation *v = g_ptr_array_index (violations, j);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "code");
          json_builder_add_string_value (b, ferry_violation_get_code (v));
          json_builder_set_member_name (b, "server_code");
          json_builder_add_string_value (b, ferry_violation_get_server_code (v));
          json_builder_set_member_name (b, "message");
          json_builder_add_string_value (b, ferry_violation_get_message (v));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);

      if (violations->len > 0)
        all_allowed = FALSE;
      if (self->json)
        continue;
      reasons = describe_violations (violations);
      if (violations->len == 0)
        /* Translators: a destination region id, then its name. */
        g_print (_("%s (%s): allowed\n"), region, ferry_region_get_name (destination));
      else
        /* Translators: a region id, its name, then every reason. */
        g_print (_("%s (%s): refused:%s\n"), region, ferry_region_get_name (destination), reasons);
    }

  json_builder_end_array (b);
  json_builder_end_object (b);
  if (self->json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);

      print_json (root);
    }
  else if (plan.agency == NULL)
    g_print ("%s\n", _("The agency was not checked: name one with --agency to check its permissions too."));

  return all_allowed ? FERRY_CLI_EXIT_OK : FERRY_CLI_EXIT_REFUSED;
}

/* Progress of copies: bars on a terminal, one line per change otherwise. */

typedef struct
{
  FerryCli       *self;
  FerryCopyQueue *queue;
  GPtrArray      *tasks;       /* FerryCopyTask being waited for */
  GHashTable     *last_lines;  /* task → what its last line said, off a terminal */
  gboolean        terminal;
  guint           drawn;       /* lines drawn last time, on a terminal */
} Watch;

static char *
format_elapsed (gint64 seconds)
{
  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                            (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%02d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

static char *
task_status_text (Watch         *watch,
                  FerryCopyTask *task)
{
  FerryTaskState state = ferry_copy_task_get_state (task);
  const char *label = ferry_task_state_to_label (state);

  switch (state)
    {
    case FERRY_TASK_STATE_QUEUED:
      {
        guint position = ferry_copy_queue_get_position (watch->queue, task);

        if (position > 0)
          /* Translators: a task state, then its place among the waiting copies. */
          return g_strdup_printf (_("%s, %u in line"), label, position);
        return g_strdup (label);
      }
    case FERRY_TASK_STATE_FAILED:
      {
        g_autofree char *sentence = g_strdup (ferry_copy_task_get_error_sentence (task));

        if (ferry_copy_task_get_error_code (task) != NULL)
          return g_strdup_printf ("%s: %s (%s)", label, sentence, ferry_copy_task_get_error_code (task));
        return g_strdup_printf ("%s: %s", label, sentence != NULL ? sentence : "");
      }
    case FERRY_TASK_STATE_OUTCOME_UNKNOWN:
      {
        g_autofree char *command = decide_command (task);

        /* Translators: a task state, then the command that decides it. */
        return g_strdup_printf (_("%s: decide with %s"), label, command);
      }
    case FERRY_TASK_STATE_RUNNING:
      if (ferry_copy_task_get_still_running (task))
        return g_strdup_printf ("%s (%s)", label, _("still running, no news for a while"));
      G_GNUC_FALLTHROUGH;
    case FERRY_TASK_STATE_SUBMITTING:
    case FERRY_TASK_STATE_FINISHING:
    case FERRY_TASK_STATE_DONE:
    case FERRY_TASK_STATE_REMOVED:
    default:
      return g_strdup (label);
    }
}

static char *
task_line (Watch         *watch,
           FerryCopyTask *task,
           gboolean       with_bar)
{
  g_autofree char *elapsed = format_elapsed (ferry_copy_task_get_elapsed (task));
  g_autofree char *status = task_status_text (watch, task);
  FerryRegion *to = ferry_region_catalogue_lookup (watch->self->catalogue,
                                                   ferry_copy_task_get_destination_region (task));
  int percent = (int) (ferry_copy_task_get_fraction (task) * 100 + 0.5);
  GString *line = g_string_new (NULL);

  g_string_append_printf (line, "%s → %s  ", ferry_copy_task_get_image_name (task),
                          to != NULL ? ferry_region_get_name (to)
                                     : ferry_copy_task_get_destination_region (task));
  if (with_bar)
    {
      int filled = percent / 5;

      g_string_append_c (line, '[');
      for (int i = 0; i < 20; i++)
        g_string_append (line, i < filled ? "#" : "-");
      g_string_append (line, "] ");
    }
  g_string_append_printf (line, "%3d%%  %s  %s", percent, elapsed, status);
  if (ferry_copy_task_get_current_step (task) != NULL &&
      ferry_copy_task_get_state (task) == FERRY_TASK_STATE_RUNNING)
    {
      /* The step in the user's language, as the app shows it. */
      g_autofree char *step = ferry_job_dup_step_text (ferry_copy_task_get_current_step (task));

      if (step != NULL)
        g_string_append_printf (line, "  (%s)", step);
    }

  return g_string_free (line, FALSE);
}

static void
watch_draw (Watch *watch)
{
  if (watch->terminal)
    {
      GString *screen = g_string_new (NULL);

      /* Back over the last drawing, then each line afresh. */
      if (watch->drawn > 0)
        g_string_append_printf (screen, "\033[%uA", watch->drawn);
      for (guint i = 0; i < watch->tasks->len; i++)
        {
          g_autofree char *line = task_line (watch, g_ptr_array_index (watch->tasks, i), TRUE);

          g_string_append_printf (screen, "\r\033[2K%s\n", line);
        }
      watch->drawn = watch->tasks->len;
      g_print ("%s", screen->str);
      g_string_free (screen, TRUE);
      return;
    }

  for (guint i = 0; i < watch->tasks->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (watch->tasks, i);
      g_autofree char *status = task_status_text (watch, task);
      g_autofree char *line = NULL;
      g_autofree char *key = NULL;
      g_autoptr(GDateTime) now = NULL;
      g_autofree char *stamp = NULL;

      /* A line when something changes, not when only the clock moves. */
      key = g_strdup_printf ("%d %s %s", (int) (ferry_copy_task_get_fraction (task) * 100 + 0.5),
                             status, ferry_copy_task_get_current_step (task));
      if (g_strcmp0 (g_hash_table_lookup (watch->last_lines, task), key) == 0)
        continue;
      line = task_line (watch, task, FALSE);
      now = g_date_time_new_now_local ();
      stamp = g_date_time_format (now, "%H:%M:%S");
      g_print ("%s %.8s %s\n", stamp, ferry_copy_task_get_id (task), line);
      g_hash_table_insert (watch->last_lines, task, g_steal_pointer (&key));
    }
}

/* Done, failed or removed, or waiting for the user's decision: nothing
 * more happens to it unattended. */
static gboolean
watch_all_settled (Watch *watch)
{
  for (guint i = 0; i < watch->tasks->len; i++)
    {
      FerryTaskState state = ferry_copy_task_get_state (g_ptr_array_index (watch->tasks, i));

      if (!ferry_task_state_is_final (state) && state != FERRY_TASK_STATE_OUTCOME_UNKNOWN)
        return FALSE;
    }
  return TRUE;
}

/* What was looked for and how to decide, on standard error. */
static void
explain_unknown (FerryCli       *self,
                 FerryCopyQueue *queue,
                 FerryCopyTask  *task)
{
  g_autofree char *search = ferry_copy_queue_dup_search_text (queue, task);
  g_autofree char *command = decide_command (task);
  g_autofree char *id = g_strndup (ferry_copy_task_get_id (task), 8);

  /* Translators: a task id, the new image's name, then why its outcome is
   * unknown. */
  g_printerr (_("ferryctl: task %s (“%s”): %s\n"), id, ferry_copy_task_get_name (task),
              ferry_copy_task_get_error_sentence (task));
  if (ferry_copy_task_get_error_message (task) != NULL)
    /* Translators: what became of the copy request, as it was reported. */
    g_printerr (_("  The request: %s\n"), ferry_copy_task_get_error_message (task));
  g_printerr ("  %s\n", search);
  g_printerr ("  %s\n", ferry_copy_task_get_hint (task));
  /* Translators: the command that decides a copy of unknown outcome. */
  g_printerr (_("  Decide with: %s\n"), command);
}

static void
task_notify_cb (FerryCopyTask *task,
                GParamSpec    *pspec,
                gboolean      *changed)
{
  *changed = TRUE;
}

static gboolean
tick_cb (gpointer user_data)
{
  gboolean *changed = user_data;

  *changed = TRUE;
  return G_SOURCE_CONTINUE;
}

/* Drives the queue until every task of @tasks is done, failed or removed,
 * or of unknown outcome; FERRY_CLI_EXIT_OK when all are done,
 * FERRY_CLI_EXIT_UNKNOWN (after saying what to decide) when an outcome is
 * unknown, FERRY_CLI_EXIT_REFUSED otherwise. */
static FerryCliExit
watch_tasks (FerryCli       *self,
             FerryCopyQueue *queue,
             GPtrArray      *tasks)
{
  Watch watch = { self, queue, tasks, NULL, isatty (STDOUT_FILENO) && !self->json, 0 };
  gboolean changed = TRUE;
  gboolean all_done = TRUE;
  gboolean unknown = FALSE;
  guint tick_id;

  watch.last_lines = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  for (guint i = 0; i < tasks->len; i++)
    g_signal_connect (g_ptr_array_index (tasks, i), "notify", G_CALLBACK (task_notify_cb), &changed);
  /* The elapsed time moves on a terminal even when nothing else does. */
  tick_id = g_timeout_add_seconds (1, tick_cb, &changed);

  ferry_copy_queue_run (queue);
  while (!watch_all_settled (&watch))
    {
      if (changed && !self->json)
        watch_draw (&watch);
      changed = FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  if (!self->json)
    watch_draw (&watch);

  g_source_remove (tick_id);
  for (guint i = 0; i < tasks->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (tasks, i);

      g_signal_handlers_disconnect_by_func (task, task_notify_cb, &changed);
      if (ferry_copy_task_get_state (task) == FERRY_TASK_STATE_OUTCOME_UNKNOWN)
        {
          /* Never a guess: the user decides, and the status says so. */
          explain_unknown (self, queue, task);
          unknown = TRUE;
        }
      if (ferry_copy_task_get_state (task) != FERRY_TASK_STATE_DONE)
        all_done = FALSE;
    }
  g_hash_table_unref (watch.last_lines);

  /* Let another ferryctl or the app take over what is left. */
  ferry_copy_queue_stop (queue);
  if (unknown)
    return FERRY_CLI_EXIT_UNKNOWN;
  return all_done ? FERRY_CLI_EXIT_OK : FERRY_CLI_EXIT_REFUSED;
}

static void
print_tasks_json (GPtrArray *tasks)
{
  g_autoptr(GListStore) store = g_list_store_new (FERRY_TYPE_COPY_TASK);

  for (guint i = 0; i < tasks->len; i++)
    g_list_store_append (store, g_ptr_array_index (tasks, i));
  print_list_json ("tasks", NULL, G_LIST_MODEL (store), (gpointer) ferry_copy_task_serialize);
}

static FerryCliExit
command_copy (FerryCli  *self,
              char     **args)
{
  g_auto(Plan) plan = { 0 };
  g_autoptr(FerryCopyQueue) queue = NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *why = NULL;
  gboolean refused = FALSE;
  FerryProject *source_project;
  FerryCliExit status;

  if (self->agency_name == NULL)
    return usage_error (_("Name the IMS agency the copy runs with: --agency NAME."));
  if ((status = prepare_plan (self, args[0], &plan)) != FERRY_CLI_EXIT_OK)
    return status;

  name = self->name_filter != NULL
    ? g_strdup (self->name_filter)
    : ferry_rules_default_copy_name (plan.source, ferry_image_get_name (plan.image));
  if ((why = ferry_rules_check_name (name)) != NULL ||
      (why = ferry_rules_check_description (self->description)) != NULL)
    return usage_error (why);

  if ((queue = open_queue (self)) == NULL)
    return FERRY_CLI_EXIT_REFUSED;
  source_project = ferry_account_get_region_project (self->account, self->region);

  for (guint i = 0; plan.destinations[i] != NULL; i++)
    {
      const char *region = plan.destinations[i];
      FerryProject *destination_project = ferry_account_get_region_project (self->account, region);
      g_autoptr(GPtrArray) violations = NULL;
      g_autoptr(FerryCopyTask) task = NULL;
      gboolean blocking = FALSE;

      /* Refused up front what the service would refuse; the limit of five
       * is no refusal here: the queue waits for a free place. */
      violations = evaluate_destination (self, &plan, region, 0, &error);
      if (violations == NULL)
        return fail (self, error);
      for (guint j = 0; j < violations->len; j++)
        if (ferry_violation_get_rule (g_ptr_array_index (violations, j)) != FERRY_RULE_CONCURRENCY)
          blocking = TRUE;
      if (blocking)
        {
          g_autofree char *reasons = describe_violations (violations);
          FerryRegion *destination = ferry_region_catalogue_lookup (self->catalogue, region);

          g_printerr (_("%s (%s): refused:%s\n"), region, ferry_region_get_name (destination), reasons);
          refused = TRUE;
          continue;
        }

      task = ferry_copy_task_new_cross_region (ferry_account_get_domain_id (self->account),
                                               ferry_image_get_id (plan.image),
                                               ferry_image_get_name (plan.image),
                                               self->region,
                                               ferry_project_get_id (source_project),
                                               region,
                                               ferry_project_get_name (destination_project),
                                               ferry_project_get_id (destination_project),
                                               name,
                                               self->description,
                                               self->agency_name,
                                               ferry_rules_needs_vault (plan.image) ? self->vault_id : NULL);
      g_ptr_array_add (added, g_object_ref (task));
    }

  /* All or none, and nothing sent before it is saved: a copy that was not
   * saved is not queued, whatever was printed before. */
  if (added->len > 0 && !ferry_copy_queue_add_all (queue, added, &error))
    {
      /* Translators: the copies could not be saved; then why. */
      g_printerr (_("ferryctl: Nothing was queued. %s\n"), error->message);
      return FERRY_CLI_EXIT_REFUSED;
    }
  for (guint i = 0; i < added->len && !self->json; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (added, i);

      /* Translators: the copy's name, the destination region, the task id. */
      g_print (_("Queued “%s” for %s (task %s).\n"), name,
               ferry_region_get_name (ferry_region_catalogue_lookup (self->catalogue,
                                                                     ferry_copy_task_get_destination_region (task))),
               ferry_copy_task_get_id (task));
    }

  status = FERRY_CLI_EXIT_OK;
  if (self->wait && added->len > 0)
    status = watch_tasks (self, queue, added);
  else if (!self->json && added->len > 0)
    g_print ("%s\n", _("The copies will be carried on by the next “ferryctl wait” or by Ferry."));

  if (self->json)
    print_tasks_json (added);

  /* An outcome to decide says so whatever else happened. */
  if (status == FERRY_CLI_EXIT_UNKNOWN)
    return status;
  return refused || status != FERRY_CLI_EXIT_OK ? FERRY_CLI_EXIT_REFUSED : FERRY_CLI_EXIT_OK;
}

static FerryCliExit
command_tasks (FerryCli  *self,
               char     **args)
{
  g_autoptr(FerryCopyQueue) queue = open_queue (self);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FerryCliTable) table = NULL;
  GListModel *model;
  Watch watch = { self, queue, tasks, NULL, FALSE, 0 };

  if (queue == NULL)
    return FERRY_CLI_EXIT_REFUSED;
  model = G_LIST_MODEL (queue);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (tasks, g_list_model_get_item (model, i));

  if (self->json)
    {
      print_tasks_json (tasks);
      return FERRY_CLI_EXIT_OK;
    }

  table = ferry_cli_table_new (6, _("TASK"), _("IMAGE"), _("FROM"), _("TO"), _("PROGRESS"),
                               _("STATE"));
  for (guint i = 0; i < tasks->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (tasks, i);
      g_autofree char *id = g_strndup (ferry_copy_task_get_id (task), 8);
      g_autofree char *progress = g_strdup_printf ("%d%%", (int) (ferry_copy_task_get_fraction (task) * 100 + 0.5));
      g_autofree char *state = task_status_text (&watch, task);

      ferry_cli_table_add_row (table, id, ferry_copy_task_get_image_name (task),
                               ferry_copy_task_get_source_region (task),
                               ferry_copy_task_get_destination_region (task),
                               progress, state);
    }
  print_table (table);
  /* A copy of unknown outcome: what was looked for, and how to decide. */
  for (guint i = 0; i < tasks->len; i++)
    if (ferry_copy_task_get_state (g_ptr_array_index (tasks, i)) == FERRY_TASK_STATE_OUTCOME_UNKNOWN)
      explain_unknown (self, queue, g_ptr_array_index (tasks, i));
  return FERRY_CLI_EXIT_OK;
}

static FerryCopyTask *
lookup_task (FerryCopyQueue *queue,
             const char     *id)
{
  GListModel *model = G_LIST_MODEL (queue);
  FerryCopyTask *found = NULL;

  /* The first characters of an id are enough when they are unique. */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (model, i);

      if (g_str_has_prefix (ferry_copy_task_get_id (task), id))
        {
          if (found != NULL)
            return NULL;
          found = task;
        }
    }
  return found;
}

static FerryCliExit
command_wait (FerryCli  *self,
              char     **args)
{
  g_autoptr(FerryCopyQueue) queue = open_queue (self);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model;
  FerryCliExit status;

  if (queue == NULL)
    return FERRY_CLI_EXIT_REFUSED;
  model = G_LIST_MODEL (queue);
  if (args[0] == NULL)
    {
      /* All unfinished copies of this account, those of unknown outcome
       * included: they are said again, with the command to decide. */
      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(FerryCopyTask) task = g_list_model_get_item (model, i);

          if (!ferry_task_state_is_final (ferry_copy_task_get_state (task)) &&
              g_strcmp0 (ferry_copy_task_get_domain_id (task),
                         ferry_account_get_domain_id (self->account)) == 0)
            g_ptr_array_add (tasks, g_steal_pointer (&task));
        }
    }
  for (guint i = 0; args[i] != NULL; i++)
    {
      FerryCopyTask *task = lookup_task (queue, args[i]);

      if (task == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("No single task has an id starting with “%s”."), args[i]);

          return usage_error (message);
        }
      g_ptr_array_add (tasks, g_object_ref (task));
    }

  if (tasks->len == 0)
    {
      if (!self->json)
        g_print ("%s\n", _("No copy is waiting or running."));
      else
        print_tasks_json (tasks);
      return FERRY_CLI_EXIT_OK;
    }

  status = watch_tasks (self, queue, tasks);
  if (self->json)
    print_tasks_json (tasks);
  return status;
}

static FerryCliExit
command_remove (FerryCli  *self,
                char     **args)
{
  g_autoptr(FerryCopyQueue) queue = open_queue (self);
  g_autoptr(GError) error = NULL;
  FerryCopyTask *task;

  if (queue == NULL)
    return FERRY_CLI_EXIT_REFUSED;
  task = lookup_task (queue, args[0]);
  if (task == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("No single task has an id starting with “%s”."), args[0]);

      return usage_error (message);
    }
  if (!ferry_copy_queue_remove (queue, ferry_copy_task_get_id (task), &error))
    {
      g_printerr ("ferryctl: %s\n", error->message);
      return FERRY_CLI_EXIT_REFUSED;
    }
  if (!self->json)
    g_print (_("Removed task %s.\n"), ferry_copy_task_get_id (task));
  return FERRY_CLI_EXIT_OK;
}

static gboolean
task_looking (gpointer data)
{
  return ferry_copy_task_get_state (data) != FERRY_TASK_STATE_SUBMITTING;
}

/* resolve TASK --look-again | --submit-again [--wait]: the user's
 * decision on a copy whose outcome is unknown. */
static FerryCliExit
command_resolve (FerryCli  *self,
                 char     **args)
{
  g_autoptr(FerryCopyQueue) queue = NULL;
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  FerryCopyDecision decision;
  FerryCopyTask *task;

  if (self->look_again == self->submit_again)
    return usage_error (_("Say what to do with the copy: --look-again or --submit-again."));
  decision = self->look_again ? FERRY_COPY_DECISION_LOOK_AGAIN : FERRY_COPY_DECISION_SUBMIT_AGAIN;

  if ((queue = open_queue (self)) == NULL)
    return FERRY_CLI_EXIT_REFUSED;
  task = lookup_task (queue, args[0]);
  if (task == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("No single task has an id starting with “%s”."), args[0]);

      return usage_error (message);
    }
  g_ptr_array_add (tasks, g_object_ref (task));
  if (!ferry_copy_queue_decide (queue, ferry_copy_task_get_id (task), decision, &error))
    {
      g_printerr ("ferryctl: %s\n", error->message);
      return FERRY_CLI_EXIT_REFUSED;
    }

  if (decision == FERRY_COPY_DECISION_SUBMIT_AGAIN)
    {
      if (!self->json)
        /* Translators: the copy's name, then its task id. */
        g_print (_("Queued “%s” again (task %s).\n"), ferry_copy_task_get_name (task),
                 ferry_copy_task_get_id (task));
    }
  else
    {
      /* One look, now. */
      ferry_copy_queue_run (queue);
      while (!task_looking (task))
        g_main_context_iteration (NULL, TRUE);
      ferry_copy_queue_stop (queue);
      if (ferry_copy_task_get_state (task) == FERRY_TASK_STATE_OUTCOME_UNKNOWN)
        {
          explain_unknown (self, queue, task);
          if (self->json)
            print_tasks_json (tasks);
          return FERRY_CLI_EXIT_UNKNOWN;
        }
      if (!self->json)
        /* Translators: the copy's name, then the destination region. */
        g_print (_("Found the copy “%s” in %s: it is followed again.\n"), ferry_copy_task_get_name (task),
                 ferry_region_get_name (ferry_region_catalogue_lookup (self->catalogue,
                                                                       ferry_copy_task_get_destination_region (task))));
    }

  if (self->wait)
    {
      FerryCliExit status = watch_tasks (self, queue, tasks);

      if (self->json)
        print_tasks_json (tasks);
      return status;
    }
  if (!self->json)
    g_print ("%s\n", _("The copies will be carried on by the next “ferryctl wait” or by Ferry."));
  else
    print_tasks_json (tasks);
  return FERRY_CLI_EXIT_OK;
}

/* agency: list, create, check, grant */

/* The regions of --regions, or NULL after saying what is wrong. */
static GStrv
agency_regions (FerryCli *self)
{
  g_auto(GStrv) regions = NULL;

  if (self->regions == NULL || *self->regions == '\0')
    {
      usage_error (_("Say in which regions with --regions REGION[,REGION…]."));
      return NULL;
    }
  regions = g_strsplit (self->regions, ",", -1);
  for (guint i = 0; regions[i] != NULL; i++)
    {
      g_autofree char *message = NULL;

      if (!is_known_region (self, regions[i]))
        return NULL;
      if (ferry_account_get_region_project (self->account, regions[i]) != NULL)
        continue;
      message = g_strdup_printf (_("The account has no project in region “%s”."), regions[i]);
      usage_error (message);
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
                 FerryCli         *self)
{
  FerryAgencyStepState state = ferry_agency_setup_get_step_state (setup, index);
  g_autofree char *title = NULL;
  const GError *error;

  if (self->json || (state != FERRY_AGENCY_STEP_DONE && state != FERRY_AGENCY_STEP_FAILED))
    return;
  title = ferry_agency_setup_dup_step_title (setup, index);
  error = ferry_agency_setup_get_step_error (setup, index);
  if (error != NULL)
    {
      g_autofree char *reason = ferry_api_error_format (error);

      /* Translators: a step, its state, then why it failed. */
      g_print (_("%s: %s: %s\n"), title, step_state_text (state), reason);
    }
  else
    /* Translators: a step, then its state. */
    g_print (_("%s: %s\n"), title, step_state_text (state));
}

/* Runs @setup to its end and reports it; the exit status. */
static FerryCliExit
run_setup (FerryCli         *self,
           FerryAgencySetup *setup)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_signal_connect (setup, "step-changed", G_CALLBACK (step_changed_cb), self);
  ferry_agency_setup_run_async (setup, NULL, store_result_cb, self);
  ok = ferry_agency_setup_run_finish (setup, wait_for_result (self), &error);

  if (self->json)
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
      print_json (root);
    }

  if (ok)
    return FERRY_CLI_EXIT_OK;
  if (!self->json && ferry_agency_setup_get_agency (setup) != NULL)
    g_print (_("The agency “%s” exists; “ferryctl agency grant %s --regions %s” grants what is missing.\n"),
             ferry_agency_setup_get_name (setup), ferry_agency_setup_get_name (setup), self->regions);
  return fail (self, error);
}

static FerryCliExit
agency_create (FerryCli   *self,
               const char *name)
{
  g_autoptr(FerryAgencySetup) setup = NULL;
  g_autoptr(GListModel) existing = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) regions = NULL;
  const char *duration = FERRY_AGENCY_DURATION_FOREVER;

  if (!ferry_agency_setup_is_valid_name (name))
    return usage_error (_("An agency name is 1 to 64 letters, digits, hyphens, underscores or periods."));
  if (self->duration != NULL && g_strcmp0 (self->duration, "forever") == 0)
    duration = FERRY_AGENCY_DURATION_FOREVER;
  else if (self->duration != NULL && g_strcmp0 (self->duration, "one-day") == 0)
    duration = FERRY_AGENCY_DURATION_ONE_DAY;
  else if (self->duration != NULL)
    return usage_error (_("--duration is “forever” or “one-day”."));
  if (self->description != NULL &&
      g_utf8_strlen (self->description, -1) > FERRY_AGENCY_DESCRIPTION_MAX)
    return usage_error (_("The description is at most 255 characters long."));
  if ((regions = agency_regions (self)) == NULL)
    return FERRY_CLI_EXIT_USAGE;

  /* A clash is told before anything is sent. */
  ferry_iam_list_agencies_async (self->client, self->region, name, NULL, store_result_cb, self);
  existing = ferry_iam_list_agencies_finish (self->client, wait_for_result (self), &error);
  if (existing == NULL)
    return fail (self, error);
  for (guint i = 0; i < g_list_model_get_n_items (existing); i++)
    {
      g_autoptr(FerryAgency) agency = g_list_model_get_item (existing, i);

      if (g_strcmp0 (ferry_agency_get_name (agency), name) == 0)
        {
          g_printerr (_("ferryctl: An agency named “%s” exists already. "
                        "“ferryctl agency check %s --regions …” checks it.\n"), name, name);
          return FERRY_CLI_EXIT_REFUSED;
        }
    }

  setup = ferry_agency_setup_new (self->client, self->account, name, duration,
                                  self->description != NULL ? self->description
                                                            : _("Agency with IMS Administrator permissions"),
                                  (const char * const *) regions);
  return run_setup (self, setup);
}

static FerryCliExit
agency_check (FerryCli   *self,
              const char *name)
{
  g_autoptr(FerryAgency) agency = NULL;
  g_autofree FerryGrant *grants = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) regions = NULL;
  gboolean trusts_ims, complete;

  if ((regions = agency_regions (self)) == NULL)
    return FERRY_CLI_EXIT_USAGE;
  if ((agency = find_agency (self, name, &error)) == NULL)
    return fail (self, error);
  if ((grants = check_grants (self, agency, (const char * const *) regions, &error)) == NULL)
    return fail (self, error);

  trusts_ims = ferry_agency_trusts_ims (agency);
  complete = trusts_ims;
  for (guint i = 0; regions[i] != NULL; i++)
    complete = complete && grants[i] == FERRY_GRANT_GRANTED;

  if (self->json)
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
          FerryProject *project = ferry_account_get_region_project (self->account, regions[i]);

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
      print_json (root);
    }
  else
    {
      g_autoptr(FerryCliTable) table = NULL;

      table = ferry_cli_table_new (4, _("REGION"), _("NAME"), _("PROJECT"), _("IMS ADMINISTRATOR"));
      for (guint i = 0; regions[i] != NULL; i++)
        {
          FerryRegion *region = ferry_region_catalogue_lookup (self->catalogue, regions[i]);
          FerryProject *project = ferry_account_get_region_project (self->account, regions[i]);

          ferry_cli_table_add_row (table, regions[i], ferry_region_get_name (region),
                                   ferry_project_get_name (project),
                                   grants[i] == FERRY_GRANT_GRANTED ? C_("permission", "granted")
                                                                    : C_("permission", "missing"));
        }
      print_table (table);
      if (!trusts_ims)
        g_print (_("The agency “%s” is delegated to %s, not to IMS: copies cannot use it.\n"), name,
                 ferry_agency_get_trust_domain_name (agency) != NULL
                 ? ferry_agency_get_trust_domain_name (agency) : "?");
      else if (!complete)
        g_print (_("Permissions are missing; “ferryctl agency grant %s --regions %s” grants them.\n"),
                 name, self->regions);
    }

  return complete ? FERRY_CLI_EXIT_OK : FERRY_CLI_EXIT_REFUSED;
}

static FerryCliExit
agency_grant (FerryCli   *self,
              const char *name)
{
  g_autoptr(FerryAgency) agency = NULL;
  g_autoptr(FerryAgencySetup) setup = NULL;
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autofree FerryGrant *grants = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) regions = NULL;

  if ((regions = agency_regions (self)) == NULL)
    return FERRY_CLI_EXIT_USAGE;
  if ((agency = find_agency (self, name, &error)) == NULL)
    return fail (self, error);
  if (!ferry_agency_trusts_ims (agency))
    {
      g_printerr (_("ferryctl: The agency “%s” is not delegated to IMS: copies cannot use it, whatever it is granted.\n"),
                  name);
      return FERRY_CLI_EXIT_REFUSED;
    }
  if ((grants = check_grants (self, agency, (const char * const *) regions, &error)) == NULL)
    return fail (self, error);

  /* Exactly what is missing, nothing granted twice. */
  for (guint i = 0; regions[i] != NULL; i++)
    if (grants[i] != FERRY_GRANT_GRANTED)
      g_ptr_array_add (missing, regions[i]);
  g_ptr_array_add (missing, NULL);
  if (missing->len == 1 && !self->json)
    {
      g_print (_("The agency “%s” already holds IMS Administrator in every region given.\n"), name);
      return FERRY_CLI_EXIT_OK;
    }

  setup = ferry_agency_setup_new_for_agency (self->client, self->account, agency,
                                             (const char * const *) missing->pdata);
  return run_setup (self, setup);
}

static gboolean
agency_args_valid (char **args)
{
  guint n = g_strv_length (args);

  return (n == 1 && g_strcmp0 (args[0], "list") == 0) ||
         (n == 2 && (g_strcmp0 (args[0], "create") == 0 || g_strcmp0 (args[0], "check") == 0 ||
                     g_strcmp0 (args[0], "grant") == 0));
}

static FerryCliExit
command_agency (FerryCli  *self,
                char     **args)
{
  if (g_strcmp0 (args[0], "list") == 0)
    return command_agencies (self, NULL);
  if (g_strcmp0 (args[0], "create") == 0)
    return agency_create (self, args[1]);
  if (g_strcmp0 (args[0], "check") == 0)
    return agency_check (self, args[1]);
  return agency_grant (self, args[1]);
}

/* n_args: how many arguments; -1 for any number. */
static const struct {
  const char  *name;
  CommandFunc  func;
  int          n_args;
} commands[] = {
  { "regions", command_regions, 0 },
  { "projects", command_projects, 0 },
  { "images", command_images, 0 },
  { "agencies", command_agencies, 0 },
  { "agency", command_agency, -1 },
  { "vaults", command_vaults, 0 },
  { "check", command_check, 1 },
  { "copy", command_copy, 1 },
  { "tasks", command_tasks, 0 },
  { "wait", command_wait, -1 },
  { "remove", command_remove, 1 },
  { "resolve", command_resolve, 1 },
};

FerryCliExit
ferry_cli_run (FerryCli  *self,
               int        argc,
               char     **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &self->endpoint,
      N_("Endpoint template, with {service} and {region}"), N_("TEMPLATE") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &self->region,
      N_("Region to work in (default: $HUAWEICLOUD_SDK_REGION or cn-north-4)"), N_("REGION") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &self->json,
      N_("Print JSON instead of tables"), NULL },
    { "sandbox", 0, 0, G_OPTION_ARG_NONE, &self->sandbox,
      N_("Start a private sandbox and use it instead of Huawei Cloud"), NULL },
    { "shared", 0, 0, G_OPTION_ARG_NONE, &self->shared,
      N_("images: list images shared with the account instead of its private ones"), NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &self->name_filter,
      N_("images, agencies: only those with this name; copy: the new image’s name (default: copy_<source region>_<image name>)"), N_("NAME") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &self->status_filter,
      N_("images: only those with this status (active, saving…)"), N_("STATUS") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &self->to,
      N_("check, copy: destination regions, separated by commas"), N_("REGION,…") },
    { "agency", 0, 0, G_OPTION_ARG_STRING, &self->agency_name,
      N_("check, copy: the IMS agency the copy runs with"), N_("NAME") },
    { "vault", 0, 0, G_OPTION_ARG_STRING, &self->vault_id,
      N_("check, copy: the replication vault for a whole image made from a cloud backup"), N_("ID") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &self->description,
      N_("copy: the new image’s description; agency create: the agency’s"), N_("TEXT") },
    { "regions", 0, 0, G_OPTION_ARG_STRING, &self->regions,
      N_("agency create, check, grant: the regions whose projects get IMS Administrator, separated by commas"), N_("REGION,…") },
    { "duration", 0, 0, G_OPTION_ARG_STRING, &self->duration,
      N_("agency create: how long the agency lasts, “forever” (default) or “one-day”"), N_("DURATION") },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &self->wait,
      N_("copy, resolve: follow the copies until they finish"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &self->timeout,
      N_("How many seconds one request may take in all, answer included (default: $FERRY_TIMEOUT or 30)"), N_("S") },
    { "look-again", 0, 0, G_OPTION_ARG_NONE, &self->look_again,
      N_("resolve: look for the copy in the destination once more"), NULL },
    { "submit-again", 0, 0, G_OPTION_ARG_NONE, &self->submit_again,
      N_("resolve: send the copy again, accepting that there may be two"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("COMMAND — copy cloud images across regions"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  summary = g_strdup_printf ("%s\n  regions    %s\n  projects   %s\n  images     %s\n"
                             "  agencies   %s\n"
                             "  agency list | create NAME | check NAME | grant NAME --regions REGION[,REGION…]\n"
                             "             %s\n"
                             "  vaults     %s\n  check IMAGE_ID --to REGION[,REGION…]\n"
                             "             %s\n"
                             "  copy IMAGE_ID --to REGION[,REGION…] --agency NAME [--wait]\n"
                             "             %s\n"
                             "  tasks      %s\n  wait [TASK…] %s\n  remove TASK %s\n"
                             "  resolve TASK --look-again | --submit-again [--wait]\n"
                             "             %s\n\n%s",
                             _("Commands:"),
                             _("list the regions and what they allow"),
                             _("list the account’s projects"),
                             _("list the images of a region"),
                             _("list the account’s agencies"),
                             _("list agencies; create one for IMS; check or grant IMS Administrator in each region"),
                             _("list the replication vaults of a region"),
                             _("say whether an image of --region may be copied to each region, and why not"),
                             _("queue one copy per region; five run at a time, the rest wait"),
                             _("list the copies, queued, running and finished"),
                             _("follow copies until they finish"),
                             _("take a copy that has not started off the queue"),
                             _("decide on a copy whose outcome is unknown: look for it once more, or send it again"),
                             _("Credentials come from HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK; "
                               "the endpoint from --endpoint or FERRY_ENDPOINT.\n"
                               "Exit status: 0 success, 1 refused or failed, 2 usage error, 3 API or network error, "
                               "4 a copy's outcome is unknown (decide with “ferryctl resolve”)."));
  g_option_context_set_summary (context, summary);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      /* GLib's own words ("Invalid byte sequence in conversion input")
       * do not say which argument, nor what to do. */
      if (error->domain == G_CONVERT_ERROR)
        return usage_error (_("An argument is not valid UTF-8 text, so it could not be read. Type it again in UTF-8."));
      return usage_error (error->message);
    }

  /* How long a request may take: --timeout, else $FERRY_TIMEOUT, else
   * the client's default. */
  if (self->timeout == -1 && g_getenv (ENV_TIMEOUT) != NULL)
    {
      guint64 seconds;

      if (!g_ascii_string_to_unsigned (g_getenv (ENV_TIMEOUT), 10, 1, MAX_TIMEOUT_SECONDS, &seconds, NULL))
        return usage_error (_("FERRY_TIMEOUT must be a whole number of seconds from 1 to 3600."));
      self->timeout = (int) seconds;
    }
  else if (self->timeout != -1 && (self->timeout < 1 || self->timeout > MAX_TIMEOUT_SECONDS))
    return usage_error (_("--timeout must be a whole number of seconds from 1 to 3600."));

  if (version)
    {
      g_print ("ferryctl %s\n", PACKAGE_VERSION);
      return FERRY_CLI_EXIT_OK;
    }

  if (argc < 2)
    return usage_error (_("No command given."));

  if (self->region == NULL)
    self->region = g_strdup (g_getenv (ENV_REGION) != NULL ? g_getenv (ENV_REGION) : DEFAULT_REGION);

  /* Every command works in a region: refuse a wrong one before any request. */
  self->catalogue = ferry_region_catalogue_new_default (&error);
  if (self->catalogue == NULL)
    return fail (self, error);
  if (!is_known_region (self, self->region))
    return FERRY_CLI_EXIT_USAGE;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (commands[i].name, argv[1]) != 0)
        continue;

      if (commands[i].n_args >= 0 && argc - 2 != commands[i].n_args)
        {
          g_autofree char *message = NULL;

          if (commands[i].n_args == 0)
            message = g_strdup_printf (_("“%s” takes no arguments."), argv[1]);
          else
            message = g_strdup_printf (_("“%s” takes an image id."), argv[1]);
          return usage_error (message);
        }
      if (commands[i].func == command_agency && !agency_args_valid (argv + 2))
        return usage_error (_("“agency” takes “list”, or “create”, “check” or “grant” and an agency name."));
      if (!ferry_cli_connect (self, &error))
        return fail (self, error);
      return commands[i].func (self, argv + 2);
    }

  {
    g_autofree char *message = g_strdup_printf (_("Unknown command “%s”."), argv[1]);

    return usage_error (message);
  }
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
  g_clear_object (&self->result);
  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->name_filter, g_free);
  g_clear_pointer (&self->status_filter, g_free);
  g_clear_pointer (&self->to, g_free);
  g_clear_pointer (&self->agency_name, g_free);
  g_clear_pointer (&self->vault_id, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->regions, g_free);
  g_clear_pointer (&self->duration, g_free);

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
