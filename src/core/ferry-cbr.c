/* ferry-cbr.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-cbr.h"
#include "ferry-error.h"
#include "ferry-json.h"

#define VAULT_PAGE_SIZE 100

typedef struct
{
  char       *region;
  char       *project_id;
  guint       offset;
  GListStore *all;
} VaultPaging;

static void
vault_paging_free (VaultPaging *p)
{
  g_free (p->region);
  g_free (p->project_id);
  g_clear_object (&p->all);
  g_free (p);
}

static void list_vault_page (GTask *task);

static void
list_vaults_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GListStore) page = NULL;
  g_autoptr(GError) error = NULL;
  VaultPaging *p = g_task_get_task_data (task);
  gint64 count;
  guint n;

  root = ferry_client_request_finish (FERRY_CLIENT (object), result, NULL, &error);
  if (root != NULL)
    page = ferry_json_parse_list (json_node_get_object (root), "vaults", FERRY_TYPE_VAULT,
                                  (FerryFromJsonFunc) ferry_vault_new_from_json, &error);
  if (page != NULL)
    ferry_json_get_int64 (json_node_get_object (root), "count", -1, &count, &error);
  if (page == NULL || error != NULL)
    {
      ferry_json_name_answer (&error, "vaults");
      if (error == NULL)
        error = ferry_api_error_new (FERRY_API_ERROR_INVALID_RESPONSE, 0, NULL, "vaults: empty answer", NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (page));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryVault) vault = g_list_model_get_item (G_LIST_MODEL (page), i);

      /* The filter is asked of the server, and checked here all the same:
       * a backup vault must never be offered for a replication. */
      if (ferry_vault_is_replication_server_vault (vault))
        g_list_store_append (p->all, vault);
    }
  p->offset += n;

  if (n < VAULT_PAGE_SIZE || (count >= 0 && p->offset >= count))
    {
      g_task_return_pointer (task, g_object_ref (p->all), g_object_unref);
      return;
    }

  list_vault_page (g_steal_pointer (&task));
}

/* The project's vaults, or one of them when @vault_id is given. */
static char *
vaults_path (const char *project_id,
             const char *vault_id)
{
  g_autofree char *project = g_uri_escape_string (project_id, NULL, FALSE);
  g_autofree char *vault = NULL;

  if (vault_id == NULL)
    return g_strdup_printf ("/v3/%s/vaults", project);
  vault = g_uri_escape_string (vault_id, NULL, FALSE);
  return g_strdup_printf ("/v3/%s/vaults/%s", project, vault);
}

static void
list_vault_page (GTask *task)
{
  VaultPaging *p = g_task_get_task_data (task);
  g_autofree char *path = vaults_path (p->project_id, NULL);
  g_autofree char *limit = g_strdup_printf ("%u", VAULT_PAGE_SIZE);
  g_autofree char *offset = g_strdup_printf ("%u", p->offset);
  g_autofree char *query = NULL;

  query = ferry_client_build_query ("protect_type", "replication",
                                    "object_type", "server",
                                    "limit", limit,
                                    "offset", offset,
                                    NULL);
  ferry_client_request_async (g_task_get_source_object (task), FERRY_SERVICE_CBR, p->region,
                              p->project_id, "GET", path, query, NULL, FERRY_REQUEST_IDEMPOTENT,
                              g_task_get_cancellable (task), list_vaults_cb, task);
}

void
ferry_cbr_list_vaults_async (FerryClient         *client,
                             const char          *region,
                             const char          *project_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  VaultPaging *p;

  g_return_if_fail (FERRY_IS_CLIENT (client));
  g_return_if_fail (region != NULL && project_id != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_cbr_list_vaults_async);
  p = g_new0 (VaultPaging, 1);
  p->region = g_strdup (region);
  p->project_id = g_strdup (project_id);
  p->all = g_list_store_new (FERRY_TYPE_VAULT);
  g_task_set_task_data (task, p, (GDestroyNotify) vault_paging_free);

  list_vault_page (task);
}

GListModel *
ferry_cbr_list_vaults_finish (FerryClient   *client,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
parse_vault (JsonNode  *root,
             gpointer   data,
             GError   **error)
{
  JsonObject *vault = NULL;
  FerryVault *model;

  if (root == NULL || !ferry_json_get_object (json_node_get_object (root), "vault", &vault, error))
    return NULL;
  if (vault == NULL)
    return (g_set_error_literal (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                                 "vault: missing"), NULL);
  model = ferry_vault_new_from_json (vault, error);
  if (model == NULL)
    ferry_json_name_answer (error, "vault");
  return model;
}

void
ferry_cbr_get_vault_async (FerryClient         *client,
                           const char          *region,
                           const char          *project_id,
                           const char          *vault_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (region != NULL && project_id != NULL && vault_id != NULL);

  path = vaults_path (project_id, vault_id);
  ferry_client_call_async (client, FERRY_SERVICE_CBR, region, project_id, "GET", path, NULL,
                           NULL, FERRY_REQUEST_IDEMPOTENT, parse_vault, NULL, NULL, g_object_unref,
                           ferry_cbr_get_vault_async, cancellable, callback, user_data);
}

FerryVault *
ferry_cbr_get_vault_finish (FerryClient   *client,
                            GAsyncResult  *result,
                            GError       **error)
{
  return ferry_client_call_finish (client, result, ferry_cbr_get_vault_async, error);
}

void
ferry_cbr_create_vault_async (FerryClient         *client,
                              const char          *region,
                              const char          *project_id,
                              const char          *name,
                              guint                size_gb,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (name != NULL && project_id != NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "vault");
  json_builder_begin_object (b);
  ferry_json_add_string (b, "name", name);
  json_builder_set_member_name (b, "billing");
  json_builder_begin_object (b);
  ferry_json_add_string (b, "consistent_level", "crash_consistent");
  ferry_json_add_string (b, "object_type", "server");
  ferry_json_add_string (b, "protect_type", "replication");
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, size_gb);
  ferry_json_add_string (b, "charging_mode", "post_paid");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "resources");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  path = vaults_path (project_id, NULL);
  /* Not idempotent: a second vault would be billed too. */
  ferry_client_call_async (client, FERRY_SERVICE_CBR, region, project_id, "POST", path, NULL,
                           body, FERRY_REQUEST_DEFAULT, parse_vault, NULL, NULL, g_object_unref,
                           ferry_cbr_create_vault_async, cancellable, callback, user_data);
}

FerryVault *
ferry_cbr_create_vault_finish (FerryClient   *client,
                               GAsyncResult  *result,
                               GError       **error)
{
  return ferry_client_call_finish (client, result, ferry_cbr_create_vault_async, error);
}
