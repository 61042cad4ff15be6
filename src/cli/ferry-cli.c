/* ferry-cli.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ferry-cbr.h"
#include "ferry-cli.h"
#include "ferry-cli-table.h"
#include "ferry-error.h"
#include "ferry-iam.h"
#include "ferry-ims.h"
#include "ferry-rules.h"
#include "ferry-sandbox.h"

#define DEFAULT_REGION "cn-north-4"
#define ENV_REGION     "HUAWEICLOUD_SDK_REGION"
#define CLI_RETRY_BUDGET_SECONDS 15

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

static gboolean
ferry_cli_connect (FerryCli  *self,
                   GError   **error)
{
  g_autoptr(FerryCredentials) credentials = NULL;
  g_autofree char *sandbox_endpoint = NULL;
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
      credentials = ferry_credentials_new_from_environment (error);
      if (credentials == NULL)
        return FALSE;
    }

  self->client = ferry_client_new (credentials, endpoint, self->catalogue, error);
  if (self->client == NULL)
    return FALSE;
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

static FerryRole *
find_ims_administrator (FerryCli  *self,
                        GError   **error)
{
  g_autoptr(GListModel) roles = NULL;

  ferry_iam_find_roles_async (self->client, self->region, FERRY_IMS_ADMINISTRATOR, NULL,
                              store_result_cb, self);
  roles = ferry_iam_find_roles_finish (self->client, wait_for_result (self), error);
  if (roles == NULL)
    return NULL;
  if (g_list_model_get_n_items (roles) == 0)
    {
      g_set_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND,
                   _("The role “%s” was not found."), FERRY_IMS_ADMINISTRATOR);
      return NULL;
    }
  return g_list_model_get_item (roles, 0);
}

/* Whether the agency holds IMS Administrator on a region's project. */
static gboolean
check_grant (FerryCli    *self,
             FerryAgency *agency,
             FerryRole   *role,
             const char  *region,
             FerryGrant  *grant,
             GError     **error)
{
  FerryProject *project = ferry_account_get_region_project (self->account, region);
  gboolean granted;

  if (project == NULL)
    {
      *grant = FERRY_GRANT_MISSING;
      return TRUE;
    }
  ferry_iam_check_role_async (self->client, self->region, ferry_project_get_id (project),
                              ferry_agency_get_id (agency), ferry_role_get_id (role), NULL,
                              store_result_cb, self);
  if (!ferry_iam_check_role_finish (self->client, wait_for_result (self), &granted, error))
    return FALSE;
  *grant = granted ? FERRY_GRANT_GRANTED : FERRY_GRANT_MISSING;
  return TRUE;
}

static FerryVault *
find_vault (FerryCli    *self,
            const char  *region,
            const char  *vault_id,
            GError     **error)
{
  g_autoptr(GListModel) vaults = NULL;
  FerryProject *project = region_project (self, region, error);

  if (project == NULL)
    return NULL;
  ferry_cbr_list_vaults_async (self->client, region, ferry_project_get_id (project), NULL,
                               store_result_cb, self);
  vaults = ferry_cbr_list_vaults_finish (self->client, wait_for_result (self), error);
  if (vaults == NULL)
    return NULL;

  for (guint i = 0; i < g_list_model_get_n_items (vaults); i++)
    {
      g_autoptr(FerryVault) vault = g_list_model_get_item (vaults, i);

      if (g_strcmp0 (ferry_vault_get_id (vault), vault_id) == 0)
        return g_steal_pointer (&vault);
    }
  return NULL;  /* not a replication vault there: the rules say so */
}

static FerryCliExit
command_check (FerryCli  *self,
               char     **args)
{
  g_autoptr(FerryImage) image = NULL;
  g_autoptr(FerryAgency) agency = NULL;
  g_autoptr(FerryRole) role = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_auto(GStrv) destinations = NULL;
  FerryRegion *source;
  FerryGrant source_grant = FERRY_GRANT_UNKNOWN;
  gboolean all_allowed = TRUE;

  if (self->to == NULL || *self->to == '\0')
    return usage_error (_("Say where to with --to REGION[,REGION…]."));
  destinations = g_strsplit (self->to, ",", -1);
  for (guint i = 0; destinations[i] != NULL; i++)
    if (!is_known_region (self, destinations[i]))
      return FERRY_CLI_EXIT_USAGE;
  source = ferry_region_catalogue_lookup (self->catalogue, self->region);

  image = get_image (self, self->region, args[0], &error);
  if (image == NULL)
    return fail (self, error);

  if (self->agency_name != NULL)
    {
      if ((agency = find_agency (self, self->agency_name, &error)) == NULL ||
          (role = find_ims_administrator (self, &error)) == NULL ||
          !check_grant (self, agency, role, self->region, &source_grant, &error))
        return fail (self, error);
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "image");
  json_builder_add_string_value (b, ferry_image_get_id (image));
  json_builder_set_member_name (b, "source_region");
  json_builder_add_string_value (b, self->region);
  json_builder_set_member_name (b, "destinations");
  json_builder_begin_array (b);

  for (guint i = 0; destinations[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) violations = NULL;
      g_autoptr(FerryVault) vault = NULL;
      g_autoptr(GString) line = g_string_new (NULL);
      FerryProject *destination_project = ferry_account_get_region_project (self->account, destinations[i]);
      FerryRegion *destination = ferry_region_catalogue_lookup (self->catalogue, destinations[i]);
      FerryGrant destination_grant = FERRY_GRANT_UNKNOWN;
      FerryCopyFacts facts = {
        .image = image,
        .source = source,
        .project_id = ferry_project_get_id (region_project (self, self->region, NULL)),
        .destination = destination,
        .destination_project_id = destination_project != NULL ? ferry_project_get_id (destination_project) : NULL,
        .source_grant = source_grant,
      };
      guint shown = 0;

      if (agency != NULL && !check_grant (self, agency, role, destinations[i], &destination_grant, &error))
        return fail (self, error);
      facts.agency = agency;
      facts.destination_grant = destination_grant;

      if (self->vault_id != NULL && ferry_rules_needs_vault (image))
        {
          vault = find_vault (self, destinations[i], self->vault_id, &error);
          if (error != NULL)
            return fail (self, error);
          /* An id that names no replication vault there is no vault at all. */
          facts.vault = vault;
        }

      violations = ferry_rules_check_request (&facts);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "region");
      json_builder_add_string_value (b, destinations[i]);
      json_builder_set_member_name (b, "violations");
      json_builder_begin_array (b);
      for (guint j = 0; j < violations->len; j++)
        {
          FerryViolation *v = g_ptr_array_index (violations, j);

          /* Without --agency the question is only whether the image may
           * go there, so the missing agency is not held against it. */
          if (agency == NULL && ferry_violation_get_rule (v) == FERRY_RULE_AGENCY_MISSING)
            continue;

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "code");
          json_builder_add_string_value (b, ferry_violation_get_code (v));
          json_builder_set_member_name (b, "server_code");
          json_builder_add_string_value (b, ferry_violation_get_server_code (v));
          json_builder_set_member_name (b, "message");
          json_builder_add_string_value (b, ferry_violation_get_message (v));
          json_builder_end_object (b);

          g_string_append_printf (line, "%s %s [%s, %s]", shown == 0 ? "" : ";",
                                  ferry_violation_get_message (v), ferry_violation_get_code (v),
                                  ferry_violation_get_server_code (v));
          shown++;
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "allowed");
      json_builder_add_boolean_value (b, shown == 0);
      json_builder_end_object (b);

      if (shown > 0)
        all_allowed = FALSE;
      if (!self->json)
        {
          if (shown == 0)
            /* Translators: a destination region id, then its name. */
            g_print (_("%s (%s): allowed\n"), destinations[i], ferry_region_get_name (destination));
          else
            /* Translators: a region id, its name, then every reason. */
            g_print (_("%s (%s): refused:%s\n"), destinations[i], ferry_region_get_name (destination), line->str);
        }
    }

  json_builder_end_array (b);
  json_builder_end_object (b);
  if (self->json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);

      print_json (root);
    }
  else if (agency == NULL)
    g_print ("%s\n", _("The agency was not checked: name one with --agency to check its permissions too."));

  return all_allowed ? FERRY_CLI_EXIT_OK : FERRY_CLI_EXIT_REFUSED;
}

static const struct {
  const char  *name;
  CommandFunc  func;
  guint        n_args;
} commands[] = {
  { "regions", command_regions, 0 },
  { "projects", command_projects, 0 },
  { "images", command_images, 0 },
  { "agencies", command_agencies, 0 },
  { "vaults", command_vaults, 0 },
  { "check", command_check, 1 },
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
      N_("images, agencies: only those with this name"), N_("NAME") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &self->status_filter,
      N_("images: only those with this status (active, saving…)"), N_("STATUS") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &self->to,
      N_("check: destination regions, separated by commas"), N_("REGION,…") },
    { "agency", 0, 0, G_OPTION_ARG_STRING, &self->agency_name,
      N_("check: the IMS agency the copy would use"), N_("NAME") },
    { "vault", 0, 0, G_OPTION_ARG_STRING, &self->vault_id,
      N_("check: the replication vault for a whole image made from a cloud backup"), N_("ID") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("COMMAND — copy cloud images across regions"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  summary = g_strdup_printf ("%s\n  regions    %s\n  projects   %s\n  images     %s\n"
                             "  agencies   %s\n  vaults     %s\n  check IMAGE_ID --to REGION[,REGION…]\n"
                             "             %s\n\n%s",
                             _("Commands:"),
                             _("list the regions and what they allow"),
                             _("list the account’s projects"),
                             _("list the images of a region"),
                             _("list the account’s agencies"),
                             _("list the replication vaults of a region"),
                             _("say whether an image of --region may be copied to each region, and why not"),
                             _("Credentials come from HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK; "
                               "the endpoint from --endpoint or FERRY_ENDPOINT.\n"
                               "Exit status: 0 success, 1 refused, 2 usage error, 3 API or network error."));
  g_option_context_set_summary (context, summary);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);

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

      if ((guint) argc - 2 != commands[i].n_args)
        {
          g_autofree char *message = NULL;

          if (commands[i].n_args == 0)
            message = g_strdup_printf (_("“%s” takes no arguments."), argv[1]);
          else
            message = g_strdup_printf (_("“%s” takes an image id."), argv[1]);
          return usage_error (message);
        }
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
}
