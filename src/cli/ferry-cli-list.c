/* ferry-cli-list.c: ferryctl regions, projects, images, agencies, vaults
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-cbr.h"
#include "ferry-cli-output.h"
#include "ferry-cli-private.h"
#include "ferry-iam.h"
#include "ferry-ims.h"

/* regions */

static FerryCliExit
command_regions (FerryCli *cli,
                 gpointer  options,
                 char    **args)
{
  GListModel *regions = G_LIST_MODEL (ferry_cli_get_catalogue (cli));
  guint n = g_list_model_get_n_items (regions);

  if (ferry_cli_get_json (cli))
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
      ferry_cli_print_json (root);
    }
  else
    {
      g_autoptr(FerryCliTable) table = NULL;

      table = ferry_cli_table_new (4, _("ID"), _("NAME"), _("MAINLAND"), _("WHOLE-IMAGE COPIES"));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FerryRegion) r = g_list_model_get_item (regions, i);

          ferry_cli_table_add_row (table, ferry_region_get_id (r), ferry_region_get_name (r),
                                   ferry_cli_yes_no (ferry_region_get_mainland (r)),
                                   ferry_cli_yes_no (ferry_region_get_whole_image_copy (r)));
        }
      ferry_cli_print_table (table);
    }

  return FERRY_CLI_EXIT_OK;
}

/* projects */

static FerryCliExit
command_projects (FerryCli *cli,
                  gpointer  options,
                  char    **args)
{
  GListModel *projects = ferry_account_get_projects (ferry_cli_get_account (cli));

  if (ferry_cli_get_json (cli))
    ferry_cli_print_list_json ("projects", NULL, projects, (gpointer) ferry_project_serialize);
  else
    {
      g_autoptr(FerryCliTable) table = NULL;

      table = ferry_cli_table_new (4, _("NAME"), _("ID"), _("REGION"), _("DEFAULT"));
      for (guint i = 0; i < g_list_model_get_n_items (projects); i++)
        {
          g_autoptr(FerryProject) p = g_list_model_get_item (projects, i);

          ferry_cli_table_add_row (table, ferry_project_get_name (p), ferry_project_get_id (p),
                                   ferry_project_get_region_id (p),
                                   ferry_cli_yes_no (ferry_project_is_default (p)));
        }
      ferry_cli_print_table (table);
    }

  return FERRY_CLI_EXIT_OK;
}

/* images */

typedef struct
{
  gboolean  shared;
  char     *name;
  char     *status;
} ImagesOptions;

static gpointer
images_options_new (GOptionContext *context)
{
  ImagesOptions *o = g_new0 (ImagesOptions, 1);
  const GOptionEntry entries[] = {
    { "shared", 0, 0, G_OPTION_ARG_NONE, &o->shared,
      N_("List images shared with the account instead of its private ones"), NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &o->name,
      N_("Only the images with this name"), N_("NAME") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &o->status,
      N_("Only the images with this status (active, saving…)"), N_("STATUS") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return o;
}

static void
images_options_free (gpointer options)
{
  ImagesOptions *o = options;

  g_free (o->name);
  g_free (o->status);
  g_free (o);
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
command_images (FerryCli *cli,
                gpointer  options,
                char    **args)
{
  ImagesOptions *o = options;
  FerryClient *client = ferry_cli_get_client (cli);
  const char *region = ferry_cli_get_region (cli);
  g_autoptr(GListModel) images = NULL;
  g_autoptr(GError) error = NULL;
  FerryImageQuery query = { 0 };
  FerryProject *project;

  if ((project = ferry_cli_region_project (cli, region, &error)) == NULL)
    return ferry_cli_fail (cli, error);

  query.image_type = o->shared ? "shared" : "private";
  query.name = o->name;
  query.status = o->status;
  query.limit = FERRY_IMS_DEFAULT_PAGE_SIZE;

  ferry_ims_list_all_images_async (client, region, ferry_project_get_id (project),
                                   &query, NULL, NULL, NULL, ferry_cli_store_result_cb, cli);
  images = ferry_ims_list_all_images_finish (client, ferry_cli_wait (cli), &error);
  if (images == NULL)
    return ferry_cli_fail (cli, error);

  if (ferry_cli_get_json (cli))
    ferry_cli_print_list_json ("images", region, images, (gpointer) ferry_image_serialize);
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
                                   ferry_cli_yes_no (ferry_image_is_encrypted (image)),
                                   created);
        }
      ferry_cli_print_table (table);
    }

  return FERRY_CLI_EXIT_OK;
}

/* agencies */

typedef struct
{
  char *name;
} AgenciesOptions;

static gpointer
agencies_options_new (GOptionContext *context)
{
  AgenciesOptions *o = g_new0 (AgenciesOptions, 1);
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &o->name,
      N_("Only the agency with this name"), N_("NAME") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return o;
}

static void
agencies_options_free (gpointer options)
{
  AgenciesOptions *o = options;

  g_free (o->name);
  g_free (o);
}

FerryCliExit
ferry_cli_list_agencies (FerryCli   *cli,
                         const char *name)
{
  FerryClient *client = ferry_cli_get_client (cli);
  g_autoptr(GListModel) agencies = NULL;
  g_autoptr(GError) error = NULL;

  ferry_iam_list_agencies_async (client, ferry_cli_get_region (cli), name, NULL,
                                 ferry_cli_store_result_cb, cli);
  agencies = ferry_iam_list_agencies_finish (client, ferry_cli_wait (cli), &error);
  if (agencies == NULL)
    return ferry_cli_fail (cli, error);

  if (ferry_cli_get_json (cli))
    ferry_cli_print_list_json ("agencies", NULL, agencies, (gpointer) ferry_agency_serialize);
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
                                   ferry_cli_yes_no (ferry_agency_trusts_ims (a)), duration,
                                   ferry_agency_get_description (a));
        }
      ferry_cli_print_table (table);
    }

  return FERRY_CLI_EXIT_OK;
}

static FerryCliExit
command_agencies (FerryCli *cli,
                  gpointer  options,
                  char    **args)
{
  AgenciesOptions *o = options;

  return ferry_cli_list_agencies (cli, o->name);
}

/* vaults */

static FerryCliExit
command_vaults (FerryCli *cli,
                gpointer  options,
                char    **args)
{
  FerryClient *client = ferry_cli_get_client (cli);
  const char *region = ferry_cli_get_region (cli);
  g_autoptr(GListModel) vaults = NULL;
  g_autoptr(GError) error = NULL;
  FerryProject *project;

  if ((project = ferry_cli_region_project (cli, region, &error)) == NULL)
    return ferry_cli_fail (cli, error);

  ferry_cbr_list_vaults_async (client, region, ferry_project_get_id (project), NULL,
                               ferry_cli_store_result_cb, cli);
  vaults = ferry_cbr_list_vaults_finish (client, ferry_cli_wait (cli), &error);
  if (vaults == NULL)
    return ferry_cli_fail (cli, error);

  if (ferry_cli_get_json (cli))
    ferry_cli_print_list_json ("vaults", region, vaults, (gpointer) ferry_vault_serialize);
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
      ferry_cli_print_table (table);
    }

  return FERRY_CLI_EXIT_OK;
}

const FerryCliCommand ferry_cli_list_commands[] = {
  { "regions", NULL, N_("list the regions and what they allow"),
    FERRY_CLI_ARGS_NONE, NULL, NULL, command_regions },
  { "projects", NULL, N_("list the account’s projects"),
    FERRY_CLI_ARGS_NONE, NULL, NULL, command_projects },
  { "images", NULL, N_("list the images of a region"),
    FERRY_CLI_ARGS_NONE, images_options_new, images_options_free, command_images },
  { "agencies", NULL, N_("list the account’s agencies"),
    FERRY_CLI_ARGS_NONE, agencies_options_new, agencies_options_free, command_agencies },
  { "vaults", NULL, N_("list the replication vaults of a region"),
    FERRY_CLI_ARGS_NONE, NULL, NULL, command_vaults },
  { NULL }
};
