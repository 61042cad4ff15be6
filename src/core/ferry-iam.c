/* ferry-iam.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-error.h"
#include "ferry-iam.h"
#include "ferry-json.h"
#include "ferry-region.h"

/* Parsers: each turns one documented answer into a model. */

static gpointer
parse_list (JsonNode   *root,
            const char *member,
            GType       type,
            gpointer    from_json,
            GError    **error)
{
  GListStore *list;

  if (root == NULL)
    return (ferry_json_set_invalid (error, member, "empty answer"), NULL);
  list = ferry_json_parse_list (json_node_get_object (root), member, type,
                                (FerryFromJsonFunc) from_json, error);
  if (list == NULL)
    ferry_json_name_answer (error, member);
  return list;
}

static gpointer
parse_projects (JsonNode  *root,
                gpointer   data,
                GError   **error)
{
  return parse_list (root, "projects", FERRY_TYPE_PROJECT, ferry_project_new_from_json, error);
}

static gpointer
region_from_json (JsonObject  *object,
                  GError     **error)
{
  g_autofree char *id = NULL;
  g_autofree char *name_zh = NULL;
  g_autofree char *name_en = NULL;
  JsonObject *locales;

  if (!ferry_json_require_text (object, "id", &id, error) ||
      !ferry_json_get_object (object, "locales", &locales, error))
    return NULL;
  if (locales != NULL &&
      (!ferry_json_get_text (locales, "zh-cn", &name_zh, error) ||
       !ferry_json_get_text (locales, "en-us", &name_en, error)))
    return NULL;

  return ferry_region_new (id, name_zh, name_en, FALSE, FALSE, 0, NULL);
}

static gpointer
parse_regions (JsonNode  *root,
               gpointer   data,
               GError   **error)
{
  return parse_list (root, "regions", FERRY_TYPE_REGION, region_from_json, error);
}

static gpointer
parse_agencies (JsonNode  *root,
                gpointer   data,
                GError   **error)
{
  return parse_list (root, "agencies", FERRY_TYPE_AGENCY, ferry_agency_new_from_json, error);
}

static gpointer
parse_roles (JsonNode  *root,
             gpointer   data,
             GError   **error)
{
  return parse_list (root, "roles", FERRY_TYPE_ROLE, ferry_role_new_from_json, error);
}

static gpointer
parse_agency (JsonNode  *root,
              gpointer   data,
              GError   **error)
{
  JsonObject *agency = NULL;
  FerryAgency *model;

  if (root == NULL || !ferry_json_get_object (json_node_get_object (root), "agency", &agency, error))
    return NULL;
  if (agency == NULL)
    return (g_set_error_literal (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                                 "agency: missing"), NULL);
  model = ferry_agency_new_from_json (agency, error);
  if (model == NULL)
    ferry_json_name_answer (error, "agency");
  return model;
}

static gpointer
parse_nothing (JsonNode  *root,
               gpointer   data,
               GError   **error)
{
  /* 204: success is all there is to know. */
  return GINT_TO_POINTER (TRUE);
}

/* Account discovery */

typedef struct
{
  guint       pending;
  GError     *error;
  char       *domain_id;
  char       *domain_name;
  GListModel *projects;
  GListModel *regions;
} Discovery;

static void
discovery_free (Discovery *d)
{
  g_clear_error (&d->error);
  g_clear_pointer (&d->domain_id, g_free);
  g_clear_pointer (&d->domain_name, g_free);
  g_clear_object (&d->projects);
  g_clear_object (&d->regions);
  g_free (d);
}

static void
discovery_step_done (GTask *task)
{
  FerryClient *client = g_task_get_source_object (task);
  Discovery *d = g_task_get_task_data (task);

  if (--d->pending > 0)
    return;

  if (d->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&d->error));
      return;
    }

  ferry_client_set_domain_id (client, d->domain_id);
  ferry_region_catalogue_merge (ferry_client_get_catalogue (client), d->regions);
  g_task_return_pointer (task, ferry_account_new (d->domain_id, d->domain_name, d->projects),
                         g_object_unref);
}

static void
discovery_keep_error (Discovery *d,
                      GError    *error)
{
  /* The first failure is the one worth telling. */
  if (d->error == NULL)
    d->error = error;
  else
    g_error_free (error);
}

static void
discover_domains_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = NULL;
  Discovery *d = g_task_get_task_data (task);
  GError *error = NULL;
  JsonArray *domains;

  root = ferry_client_request_finish (FERRY_CLIENT (object), result, NULL, &error);
  if (root != NULL &&
      ferry_json_require_array (json_node_get_object (root), "domains", &domains, &error))
    {
      JsonNode *first = json_array_get_length (domains) > 0 ? json_array_get_element (domains, 0) : NULL;

      if (first != NULL && JSON_NODE_HOLDS_OBJECT (first) &&
          ferry_json_require_text (json_node_get_object (first), "id", &d->domain_id, &error))
        ferry_json_get_text (json_node_get_object (first), "name", &d->domain_name, &error);
      else if (error == NULL)
        error = ferry_api_error_new (FERRY_API_ERROR_INVALID_RESPONSE, 0, NULL, "domains: empty", NULL);
    }
  else if (root == NULL && error == NULL)
    error = ferry_api_error_new (FERRY_API_ERROR_INVALID_RESPONSE, 0, NULL, "domains: empty answer", NULL);

  if (error != NULL)
    {
      ferry_json_name_answer (&error, "domains");
      discovery_keep_error (d, error);
    }
  discovery_step_done (task);
}

static void
discover_projects_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Discovery *d = g_task_get_task_data (task);
  GError *error = NULL;

  d->projects = ferry_iam_list_projects_finish (FERRY_CLIENT (object), result, &error);
  if (error != NULL)
    discovery_keep_error (d, error);
  discovery_step_done (task);
}

static void
discover_regions_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Discovery *d = g_task_get_task_data (task);
  GError *error = NULL;

  d->regions = ferry_iam_list_regions_finish (FERRY_CLIENT (object), result, &error);
  if (error != NULL)
    discovery_keep_error (d, error);
  discovery_step_done (task);
}

void
ferry_iam_discover_account_async (FerryClient         *client,
                                  const char          *region,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Discovery *d;

  g_return_if_fail (FERRY_IS_CLIENT (client));
  g_return_if_fail (region != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_iam_discover_account_async);
  d = g_new0 (Discovery, 1);
  d->pending = 3;
  g_task_set_task_data (task, d, (GDestroyNotify) discovery_free);

  ferry_client_request_async (client, FERRY_SERVICE_IAM, region, NULL, "GET", "/v3/auth/domains",
                              NULL, NULL, FERRY_REQUEST_IDEMPOTENT, cancellable,
                              discover_domains_cb, g_object_ref (task));
  ferry_iam_list_projects_async (client, region, NULL, cancellable,
                                 discover_projects_cb, g_object_ref (task));
  ferry_iam_list_regions_async (client, region, cancellable,
                                discover_regions_cb, g_object_ref (task));
}

FerryAccount *
ferry_iam_discover_account_finish (FerryClient   *client,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Lists */

void
ferry_iam_list_projects_async (FerryClient         *client,
                               const char          *region,
                               const char          *name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *query = ferry_client_build_query ("name", name, NULL);

  /* /v3/projects filters by name; /v3/auth/projects lists what the
   * credentials may use. */
  ferry_client_call_async (client, FERRY_SERVICE_IAM, region, NULL, "GET",
                           name != NULL ? "/v3/projects" : "/v3/auth/projects", query, NULL,
                           FERRY_REQUEST_IDEMPOTENT, parse_projects, NULL, NULL, g_object_unref,
                           ferry_iam_list_projects_async, cancellable, callback, user_data);
}

GListModel *
ferry_iam_list_projects_finish (FerryClient   *client,
                                GAsyncResult  *result,
                                GError       **error)
{
  return ferry_client_call_finish (client, result, ferry_iam_list_projects_async, error);
}

void
ferry_iam_list_regions_async (FerryClient         *client,
                              const char          *region,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  ferry_client_call_async (client, FERRY_SERVICE_IAM, region, NULL, "GET", "/v3/regions", NULL,
                           NULL, FERRY_REQUEST_IDEMPOTENT, parse_regions, NULL, NULL,
                           g_object_unref, ferry_iam_list_regions_async,
                           cancellable, callback, user_data);
}

GListModel *
ferry_iam_list_regions_finish (FerryClient   *client,
                               GAsyncResult  *result,
                               GError       **error)
{
  return ferry_client_call_finish (client, result, ferry_iam_list_regions_async, error);
}

static gboolean
need_domain_id (FerryClient          *client,
                gpointer              source_tag,
                GCancellable         *cancellable,
                GAsyncReadyCallback   callback,
                gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  if (ferry_client_get_domain_id (client) != NULL)
    return TRUE;

  /* A programming error in the caller, but never worth a crash. */
  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_return_new_error (task, FERRY_API_ERROR, FERRY_API_ERROR_FAILED,
                           _("The account is not known yet; connect first."));
  return FALSE;
}

void
ferry_iam_list_agencies_async (FerryClient         *client,
                               const char          *region,
                               const char          *name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *query = NULL;

  if (!need_domain_id (client, ferry_iam_list_agencies_async, cancellable, callback, user_data))
    return;

  query = ferry_client_build_query ("domain_id", ferry_client_get_domain_id (client),
                                    "name", name, NULL);
  ferry_client_call_async (client, FERRY_SERVICE_IAM, region, NULL, "GET",
                           "/v3.0/OS-AGENCY/agencies", query, NULL, FERRY_REQUEST_IDEMPOTENT,
                           parse_agencies, NULL, NULL, g_object_unref,
                           ferry_iam_list_agencies_async, cancellable, callback, user_data);
}

GListModel *
ferry_iam_list_agencies_finish (FerryClient   *client,
                                GAsyncResult  *result,
                                GError       **error)
{
  return ferry_client_call_finish (client, result, ferry_iam_list_agencies_async, error);
}

void
ferry_iam_create_agency_async (FerryClient         *client,
                               const char          *region,
                               const char          *name,
                               const char          *duration,
                               const char          *description,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (name != NULL);
  g_return_if_fail (duration != NULL);

  if (!need_domain_id (client, ferry_iam_create_agency_async, cancellable, callback, user_data))
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "agency");
  json_builder_begin_object (builder);
  ferry_json_add_string (builder, "name", name);
  ferry_json_add_string (builder, "domain_id", ferry_client_get_domain_id (client));
  ferry_json_add_string (builder, "trust_domain_name", FERRY_AGENCY_IMS_TRUST_DOMAIN);
  ferry_json_add_string (builder, "duration", duration);
  if (description != NULL && *description != '\0')
    ferry_json_add_string (builder, "description", description);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  ferry_client_call_async (client, FERRY_SERVICE_IAM, region, NULL, "POST",
                           "/v3.0/OS-AGENCY/agencies", NULL, body, FERRY_REQUEST_DEFAULT,
                           parse_agency, NULL, NULL, g_object_unref,
                           ferry_iam_create_agency_async, cancellable, callback, user_data);
}

FerryAgency *
ferry_iam_create_agency_finish (FerryClient   *client,
                                GAsyncResult  *result,
                                GError       **error)
{
  return ferry_client_call_finish (client, result, ferry_iam_create_agency_async, error);
}

void
ferry_iam_find_roles_async (FerryClient         *client,
                            const char          *region,
                            const char          *display_name,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *query = ferry_client_build_query ("display_name", display_name, NULL);

  ferry_client_call_async (client, FERRY_SERVICE_IAM, region, NULL, "GET", "/v3/roles", query,
                           NULL, FERRY_REQUEST_IDEMPOTENT, parse_roles, NULL, NULL,
                           g_object_unref, ferry_iam_find_roles_async,
                           cancellable, callback, user_data);
}

GListModel *
ferry_iam_find_roles_finish (FerryClient   *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  return ferry_client_call_finish (client, result, ferry_iam_find_roles_async, error);
}

static char *
grant_path (const char *project_id,
            const char *agency_id,
            const char *role_id)
{
  g_autofree char *p = g_uri_escape_string (project_id, NULL, FALSE);
  g_autofree char *a = g_uri_escape_string (agency_id, NULL, FALSE);

  if (role_id == NULL)
    return g_strdup_printf ("/v3.0/OS-AGENCY/projects/%s/agencies/%s/roles", p, a);
  {
    g_autofree char *r = g_uri_escape_string (role_id, NULL, FALSE);

    return g_strdup_printf ("/v3.0/OS-AGENCY/projects/%s/agencies/%s/roles/%s", p, a, r);
  }
}

void
ferry_iam_grant_role_async (FerryClient         *client,
                            const char          *region,
                            const char          *project_id,
                            const char          *agency_id,
                            const char          *role_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *path = grant_path (project_id, agency_id, role_id);

  /* Granting twice grants once: safe to retry. */
  ferry_client_call_async (client, FERRY_SERVICE_IAM, region, NULL, "PUT", path, NULL, NULL,
                           FERRY_REQUEST_IDEMPOTENT, parse_nothing, NULL, NULL, NULL,
                           ferry_iam_grant_role_async, cancellable, callback, user_data);
}

gboolean
ferry_iam_grant_role_finish (FerryClient   *client,
                             GAsyncResult  *result,
                             GError       **error)
{
  return ferry_client_call_finish (client, result, ferry_iam_grant_role_async, error) != NULL;
}

static void
check_role_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = ferry_client_request_finish (FERRY_CLIENT (object), result, NULL, &error);
  if (error == NULL)
    g_task_return_int (task, TRUE);
  else if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND))
    g_task_return_int (task, FALSE);  /* 404: not granted */
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
ferry_iam_check_role_async (FerryClient         *client,
                            const char          *region,
                            const char          *project_id,
                            const char          *agency_id,
                            const char          *role_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *path = grant_path (project_id, agency_id, role_id);
  GTask *task;

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_iam_check_role_async);
  ferry_client_request_async (client, FERRY_SERVICE_IAM, region, NULL, "HEAD", path, NULL, NULL,
                              FERRY_REQUEST_IDEMPOTENT, cancellable, check_role_cb, task);
}

gboolean
ferry_iam_check_role_finish (FerryClient   *client,
                             GAsyncResult  *result,
                             gboolean      *granted,
                             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, client), FALSE);

  value = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (granted != NULL)
    *granted = value != 0;
  return TRUE;
}

void
ferry_iam_list_agency_roles_async (FerryClient         *client,
                                   const char          *region,
                                   const char          *project_id,
                                   const char          *agency_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = grant_path (project_id, agency_id, NULL);

  ferry_client_call_async (client, FERRY_SERVICE_IAM, region, NULL, "GET", path, NULL, NULL,
                           FERRY_REQUEST_IDEMPOTENT, parse_roles, NULL, NULL, g_object_unref,
                           ferry_iam_list_agency_roles_async, cancellable, callback, user_data);
}

GListModel *
ferry_iam_list_agency_roles_finish (FerryClient   *client,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return ferry_client_call_finish (client, result, ferry_iam_list_agency_roles_async, error);
}

typedef struct
{
  FerryGrant *grants;
  guint       n_regions;
  guint       pending;
  GError     *error;
} GrantsCheck;

static void
grants_check_free (GrantsCheck *check)
{
  g_free (check->grants);
  g_clear_error (&check->error);
  g_free (check);
}

typedef struct
{
  GTask *task;
  guint  index;
} GrantsLookup;

static gboolean
roles_allow_copies (GListModel *roles)
{
  for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
    {
      g_autoptr(FerryRole) role = g_list_model_get_item (roles, i);
      const char *name = ferry_role_get_display_name (role);

      if (g_strcmp0 (name, FERRY_IMS_ADMINISTRATOR) == 0 ||
          g_strcmp0 (name, FERRY_TENANT_ADMINISTRATOR) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
grants_check_complete (GTask *task)
{
  GrantsCheck *check = g_task_get_task_data (task);

  if (--check->pending > 0)
    return;
  if (check->error != NULL)
    g_task_return_error (task, g_steal_pointer (&check->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&check->grants), g_free);
}

static void
grants_lookup_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autofree GrantsLookup *lookup = user_data;
  g_autoptr(GTask) task = lookup->task;
  GrantsCheck *check = g_task_get_task_data (task);
  g_autoptr(GListModel) roles = NULL;
  g_autoptr(GError) error = NULL;

  roles = ferry_iam_list_agency_roles_finish (FERRY_CLIENT (object), result, &error);
  if (roles == NULL)
    {
      if (check->error == NULL)
        check->error = g_steal_pointer (&error);
    }
  else
    check->grants[lookup->index] = roles_allow_copies (roles) ? FERRY_GRANT_GRANTED
                                                              : FERRY_GRANT_MISSING;
  grants_check_complete (task);
}

void
ferry_iam_check_ims_grants_async (FerryClient         *client,
                                  FerryAccount        *account,
                                  const char          *agency_id,
                                  const char * const  *scopes,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GrantsCheck *check;

  g_return_if_fail (FERRY_IS_CLIENT (client));
  g_return_if_fail (FERRY_IS_ACCOUNT (account));
  g_return_if_fail (agency_id != NULL);
  g_return_if_fail (scopes != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_iam_check_ims_grants_async);
  check = g_new0 (GrantsCheck, 1);
  check->n_regions = g_strv_length ((char **) scopes);
  check->grants = g_new0 (FerryGrant, MAX (check->n_regions, 1));
  g_task_set_task_data (task, check, (GDestroyNotify) grants_check_free);

  /* Held while the requests go out, so that none completes the task. */
  check->pending = 1;
  for (guint i = 0; i < check->n_regions; i++)
    {
      FerryProject *project = ferry_account_lookup_project (account, scopes[i]);
      GrantsLookup *lookup;

      /* Not a region's project ("MOS" and the like): no copy goes there. */
      if (project == NULL || ferry_project_get_region_id (project) == NULL)
        {
          check->grants[i] = FERRY_GRANT_MISSING;
          continue;
        }
      lookup = g_new0 (GrantsLookup, 1);
      lookup->task = g_object_ref (task);
      lookup->index = i;
      check->pending++;
      /* IAM is global: any region's endpoint answers for every project. */
      ferry_iam_list_agency_roles_async (client, ferry_project_get_region_id (project),
                                         ferry_project_get_id (project),
                                         agency_id, cancellable, grants_lookup_cb, lookup);
    }
  grants_check_complete (task);
}

FerryGrant *
ferry_iam_check_ims_grants_finish (FerryClient   *client,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_iam_check_ims_grants_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
