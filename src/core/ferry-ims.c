/* ferry-ims.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-error.h"
#include "ferry-ims.h"
#include "ferry-json.h"

static char *
image_query_string (const FerryImageQuery *query)
{
  g_autofree char *limit = NULL;

  if (query == NULL)
    return NULL;

  if (query->limit > 0)
    limit = g_strdup_printf ("%u", query->limit);

  return ferry_client_build_query ("__imagetype", query->image_type,
                                   "status", query->status,
                                   "name", query->name,
                                   "id", query->id,
                                   "owner", query->owner,
                                   "__whole_image", query->whole_image,
                                   "virtual_env_type", query->virtual_env_type,
                                   "marker", query->marker,
                                   "limit", limit,
                                   NULL);
}

static gpointer
parse_images (JsonNode  *root,
              gpointer   data,
              GError   **error)
{
  GListStore *images;

  if (root == NULL)
    return (ferry_json_set_invalid (error, "images", "empty answer"), NULL);
  images = ferry_json_parse_list (json_node_get_object (root), "images", FERRY_TYPE_IMAGE,
                                  (FerryFromJsonFunc) ferry_image_new_from_json, error);
  if (images == NULL)
    ferry_json_name_answer (error, "images");
  return images;
}

void
ferry_ims_list_images_async (FerryClient           *client,
                             const char            *region,
                             const char            *project_id,
                             const FerryImageQuery *query,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  g_autofree char *query_string = image_query_string (query);

  ferry_client_call_async (client, FERRY_SERVICE_IMS, region, project_id, "GET",
                           "/v2/cloudimages", query_string, NULL, FERRY_REQUEST_IDEMPOTENT,
                           parse_images, NULL, NULL, g_object_unref,
                           ferry_ims_list_images_async, cancellable, callback, user_data);
}

GListModel *
ferry_ims_list_images_finish (FerryClient   *client,
                              GAsyncResult  *result,
                              GError       **error)
{
  return ferry_client_call_finish (client, result, ferry_ims_list_images_async, error);
}

/* Paging */

typedef struct
{
  char               *region;
  char               *project_id;
  FerryImageQuery     query;
  char               *image_type;
  char               *status;
  char               *name;
  char               *id;
  char               *owner;
  char               *whole_image;
  char               *virtual_env_type;
  char               *marker;
  FerryImagePageFunc  page_func;
  gpointer            page_data;
  GListStore         *all;
} Paging;

static void
paging_free (Paging *p)
{
  g_free (p->region);
  g_free (p->project_id);
  g_free (p->image_type);
  g_free (p->status);
  g_free (p->name);
  g_free (p->id);
  g_free (p->owner);
  g_free (p->whole_image);
  g_free (p->virtual_env_type);
  g_free (p->marker);
  g_clear_object (&p->all);
  g_free (p);
}

static void list_next_page (GTask *task);

static void
list_page_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GListModel) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryImage) last = NULL;
  Paging *p = g_task_get_task_data (task);
  guint n;

  page = ferry_ims_list_images_finish (FERRY_CLIENT (object), result, &error);
  if (page == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  n = g_list_model_get_n_items (page);
  if (n > 0)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_full (n, g_object_unref);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (items, g_list_model_get_item (page, i));
      g_list_store_splice (p->all, g_list_model_get_n_items (G_LIST_MODEL (p->all)), 0,
                           items->pdata, n);
      if (p->page_func != NULL)
        p->page_func (page, p->page_data);
    }

  if (n == 0 || n < p->query.limit)
    {
      g_task_return_pointer (task, g_object_ref (p->all), g_object_unref);
      return;
    }

  last = g_list_model_get_item (page, n - 1);
  if (g_strcmp0 (p->marker, ferry_image_get_id (last)) == 0)
    {
      /* A server that ignores the marker would loop for ever. */
      g_task_return_new_error (task, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                               "%s", _("The service sent the same page of images twice."));
      return;
    }
  g_free (p->marker);
  p->marker = g_strdup (ferry_image_get_id (last));
  p->query.marker = p->marker;

  list_next_page (g_steal_pointer (&task));
}

static void
list_next_page (GTask *task)
{
  Paging *p = g_task_get_task_data (task);

  ferry_ims_list_images_async (g_task_get_source_object (task), p->region, p->project_id,
                               &p->query, g_task_get_cancellable (task),
                               list_page_cb, task);
}

void
ferry_ims_list_all_images_async (FerryClient           *client,
                                 const char            *region,
                                 const char            *project_id,
                                 const FerryImageQuery *query,
                                 FerryImagePageFunc     page_func,
                                 gpointer               page_data,
                                 GCancellable          *cancellable,
                                 GAsyncReadyCallback    callback,
                                 gpointer               user_data)
{
  GTask *task;
  Paging *p;

  g_return_if_fail (FERRY_IS_CLIENT (client));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_ims_list_all_images_async);

  p = g_new0 (Paging, 1);
  p->region = g_strdup (region);
  p->project_id = g_strdup (project_id);
  if (query != NULL)
    {
      p->query.image_type = p->image_type = g_strdup (query->image_type);
      p->query.status = p->status = g_strdup (query->status);
      p->query.name = p->name = g_strdup (query->name);
      p->query.id = p->id = g_strdup (query->id);
      p->query.owner = p->owner = g_strdup (query->owner);
      p->query.whole_image = p->whole_image = g_strdup (query->whole_image);
      p->query.virtual_env_type = p->virtual_env_type = g_strdup (query->virtual_env_type);
      p->query.marker = p->marker = g_strdup (query->marker);
      p->query.limit = query->limit;
    }
  /* Without an explicit limit a short page could not be told apart. */
  if (p->query.limit == 0)
    p->query.limit = FERRY_IMS_DEFAULT_PAGE_SIZE;
  p->page_func = page_func;
  p->page_data = page_data;
  p->all = g_list_store_new (FERRY_TYPE_IMAGE);
  g_task_set_task_data (task, p, (GDestroyNotify) paging_free);

  list_next_page (task);
}

GListModel *
ferry_ims_list_all_images_finish (FerryClient   *client,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* One image */

static gpointer
parse_one_image (JsonNode  *root,
                 gpointer   data,
                 GError   **error)
{
  g_autoptr(GListModel) images = parse_images (root, NULL, error);

  if (images == NULL)
    return NULL;
  if (g_list_model_get_n_items (images) == 0)
    {
      g_autoptr(GError) e = ferry_api_error_new (FERRY_API_ERROR_NOT_FOUND, 404, NULL, NULL, NULL);

      g_free (e->message);
      e->message = g_strdup (_("The image does not exist."));
      g_propagate_error (error, g_steal_pointer (&e));
      return NULL;
    }
  return g_list_model_get_item (images, 0);
}

void
ferry_ims_get_image_async (FerryClient         *client,
                           const char          *region,
                           const char          *project_id,
                           const char          *image_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *query = ferry_client_build_query ("id", image_id, NULL);

  g_return_if_fail (image_id != NULL);

  ferry_client_call_async (client, FERRY_SERVICE_IMS, region, project_id, "GET",
                           "/v2/cloudimages", query, NULL, FERRY_REQUEST_IDEMPOTENT,
                           parse_one_image, NULL, NULL, g_object_unref,
                           ferry_ims_get_image_async, cancellable, callback, user_data);
}

FerryImage *
ferry_ims_get_image_finish (FerryClient   *client,
                            GAsyncResult  *result,
                            GError       **error)
{
  return ferry_client_call_finish (client, result, ferry_ims_get_image_async, error);
}

/* Copies */

static gpointer
parse_job_id (JsonNode  *root,
              gpointer   data,
              GError   **error)
{
  char *job_id = NULL;

  if (root == NULL)
    return (ferry_json_set_invalid (error, "job_id", "empty answer"), NULL);
  if (!ferry_json_require_string (json_node_get_object (root), "job_id", &job_id, error))
    return NULL;
  return job_id;
}

/* Both copies POST a body to an action on the image and answer with the job that runs it. */
static void
post_image_action (FerryClient         *client,
                   const char          *region,
                   const char          *project_id,
                   const char          *image_id,
                   const char          *action,
                   JsonBuilder         *body,
                   gpointer             source_tag,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autofree char *escaped = g_uri_escape_string (image_id, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/v1/cloudimages/%s/%s", escaped, action);
  g_autoptr(JsonNode) root = json_builder_get_root (body);

  ferry_client_call_async (client, FERRY_SERVICE_IMS, region, project_id, "POST", path, NULL,
                           root, FERRY_REQUEST_DEFAULT, parse_job_id, NULL, NULL, g_free,
                           source_tag, cancellable, callback, user_data);
}

void
ferry_ims_cross_region_copy_async (FerryClient                *client,
                                   const char                 *region,
                                   const char                 *project_id,
                                   const char                 *image_id,
                                   const FerryCrossRegionCopy *copy,
                                   GCancellable               *cancellable,
                                   GAsyncReadyCallback         callback,
                                   gpointer                    user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_if_fail (image_id != NULL);
  g_return_if_fail (copy != NULL && copy->name != NULL && copy->region != NULL);

  json_builder_begin_object (builder);
  ferry_json_add_string (builder, "name", copy->name);
  if (copy->description != NULL && *copy->description != '\0')
    ferry_json_add_string (builder, "description", copy->description);
  ferry_json_add_string (builder, "region", copy->region);
  ferry_json_add_string (builder, "project_name", copy->project_name);
  ferry_json_add_string (builder, "agency_name", copy->agency_name);
  ferry_json_add_string (builder, "vault_id", copy->vault_id);
  json_builder_end_object (builder);

  post_image_action (client, region, project_id, image_id, "cross_region_copy", builder,
                     ferry_ims_cross_region_copy_async, cancellable, callback, user_data);
}

char *
ferry_ims_cross_region_copy_finish (FerryClient   *client,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return ferry_client_call_finish (client, result, ferry_ims_cross_region_copy_async, error);
}

void
ferry_ims_copy_async (FerryClient         *client,
                      const char          *region,
                      const char          *project_id,
                      const char          *image_id,
                      const char          *name,
                      const char          *description,
                      const char          *cmk_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_if_fail (image_id != NULL);
  g_return_if_fail (name != NULL);

  json_builder_begin_object (builder);
  ferry_json_add_string (builder, "name", name);
  if (description != NULL && *description != '\0')
    ferry_json_add_string (builder, "description", description);
  if (cmk_id != NULL && *cmk_id != '\0')
    ferry_json_add_string (builder, "cmk_id", cmk_id);
  json_builder_end_object (builder);

  post_image_action (client, region, project_id, image_id, "copy", builder,
                     ferry_ims_copy_async, cancellable, callback, user_data);
}

char *
ferry_ims_copy_finish (FerryClient   *client,
                       GAsyncResult  *result,
                       GError       **error)
{
  return ferry_client_call_finish (client, result, ferry_ims_copy_async, error);
}

/* Jobs */

static gpointer
parse_job (JsonNode  *root,
           gpointer   data,
           GError   **error)
{
  FerryJob *job;

  if (root == NULL)
    return (ferry_json_set_invalid (error, "job", "empty answer"), NULL);
  job = ferry_job_new_from_json (json_node_get_object (root), error);
  if (job == NULL)
    ferry_json_name_answer (error, "job");
  return job;
}

void
ferry_ims_get_job_async (FerryClient         *client,
                         const char          *region,
                         const char          *project_id,
                         const char          *job_id,
                         FerryJobEndpoint     endpoint,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autofree char *escaped_job = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (job_id != NULL);
  g_return_if_fail (project_id != NULL);

  escaped_job = g_uri_escape_string (job_id, NULL, FALSE);
  if (endpoint == FERRY_JOB_ENDPOINT_PROJECT)
    {
      g_autofree char *escaped_project = g_uri_escape_string (project_id, NULL, FALSE);

      path = g_strdup_printf ("/v1/%s/jobs/%s", escaped_project, escaped_job);
    }
  else
    path = g_strdup_printf ("/v1/cloudimages/job/%s", escaped_job);

  ferry_client_call_async (client, FERRY_SERVICE_IMS, region, project_id, "GET", path, NULL,
                           NULL, FERRY_REQUEST_IDEMPOTENT, parse_job, NULL, NULL, g_object_unref,
                           ferry_ims_get_job_async, cancellable, callback, user_data);
}

FerryJob *
ferry_ims_get_job_finish (FerryClient   *client,
                          GAsyncResult  *result,
                          GError       **error)
{
  return ferry_client_call_finish (client, result, ferry_ims_get_job_async, error);
}

/* Quota */

G_DEFINE_BOXED_TYPE (FerryImageQuota, ferry_image_quota, ferry_image_quota_copy, ferry_image_quota_free)

FerryImageQuota *
ferry_image_quota_copy (const FerryImageQuota *quota)
{
  return g_memdup2 (quota, sizeof *quota);
}

void
ferry_image_quota_free (FerryImageQuota *quota)
{
  g_free (quota);
}

/* {"quotas": {"resources": [{"type", "used", "quota", "min", "max"}]}}
 * (documented, ims_03_0630; SDK ShowImageQuotaResponse, Quota, QuotaInfo). */
FerryImageQuota *
ferry_image_quota_new_from_json (JsonObject  *answer,
                                 GError     **error)
{
  g_autoptr(FerryImageQuota) found = NULL;
  JsonObject *quotas;
  JsonArray *resources;

  g_return_val_if_fail (answer != NULL, NULL);

  if (!ferry_json_require_member_object (answer, "quotas", &quotas, error) ||
      !ferry_json_require_array (quotas, "resources", &resources, error))
    return (ferry_json_name_answer (error, "quota"), NULL);

  for (guint i = 0; i < json_array_get_length (resources); i++)
    {
      JsonNode *node = json_array_get_element (resources, i);
      FerryImageQuota quota = { 0, };
      g_autofree char *type = NULL;
      JsonObject *resource;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return (ferry_json_set_invalid (error, "resources", "object"),
                ferry_json_name_answer (error, "quota"), NULL);
      resource = json_node_get_object (node);
      if (!ferry_json_require_text (resource, "type", &type, error) ||
          !ferry_json_require_uint64 (resource, "used", G_MAXINT64, &quota.used, error) ||
          !ferry_json_require_uint64 (resource, "quota", G_MAXINT64, &quota.quota, error) ||
          !ferry_json_require_uint64 (resource, "min", G_MAXINT64, &quota.min, error) ||
          !ferry_json_require_uint64 (resource, "max", G_MAXINT64, &quota.max, error))
        return (ferry_json_name_answer (error, "quota"), NULL);
      if (g_strcmp0 (type, "image") == 0 && found == NULL)
        found = ferry_image_quota_copy (&quota);
    }

  if (found == NULL)
    return (ferry_json_set_invalid (error, "image", "missing"),
            ferry_json_name_answer (error, "quota"), NULL);
  return g_steal_pointer (&found);
}

static gpointer
parse_image_quota (JsonNode  *root,
                   gpointer   data,
                   GError   **error)
{
  if (root == NULL)
    return (ferry_json_set_invalid (error, "quotas", "empty answer"), NULL);
  return ferry_image_quota_new_from_json (json_node_get_object (root), error);
}

void
ferry_ims_get_image_quota_async (FerryClient         *client,
                                 const char          *region,
                                 const char          *project_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ferry_client_call_async (client, FERRY_SERVICE_IMS, region, project_id, "GET",
                           "/v1/cloudimages/quota", NULL, NULL, FERRY_REQUEST_IDEMPOTENT,
                           parse_image_quota, NULL, NULL, (GDestroyNotify) ferry_image_quota_free,
                           ferry_ims_get_image_quota_async, cancellable, callback, user_data);
}

FerryImageQuota *
ferry_ims_get_image_quota_finish (FerryClient   *client,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return ferry_client_call_finish (client, result, ferry_ims_get_image_quota_async, error);
}

/* Image tags */

static gpointer
parse_tags (JsonNode  *root,
            gpointer   data,
            GError   **error)
{
  GListStore *tags;

  if (root == NULL)
    return (ferry_json_set_invalid (error, "tags", "empty answer"), NULL);
  tags = ferry_json_parse_list (json_node_get_object (root), "tags", FERRY_TYPE_IMAGE_TAG,
                                (FerryFromJsonFunc) ferry_image_tag_new_from_json, error);
  if (tags == NULL)
    ferry_json_name_answer (error, "tags");
  return tags;
}

/* 204, no content (documented): anything else that parses is fine too. */
static gpointer
parse_no_content (JsonNode  *root,
                  gpointer   data,
                  GError   **error)
{
  return GINT_TO_POINTER (TRUE);
}

/* Every tag call is an idempotent request on the image's tags path; only the method, the
 * path's tail, the body and how the answer is read differ. */
static void
call_tags (FerryClient         *client,
           const char          *region,
           const char          *project_id,
           const char          *image_id,
           const char          *method,
           const char          *suffix,
           JsonBuilder         *body,
           FerryParseFunc       parse,
           GDestroyNotify       result_free,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autofree char *project = g_uri_escape_string (project_id, NULL, FALSE);
  g_autofree char *image = g_uri_escape_string (image_id, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/v2/%s/images/%s/tags%s", project, image, suffix);
  g_autoptr(JsonNode) root = body != NULL ? json_builder_get_root (body) : NULL;

  ferry_client_call_async (client, FERRY_SERVICE_IMS, region, project_id, method, path, NULL,
                           root, FERRY_REQUEST_IDEMPOTENT, parse, NULL, NULL, result_free,
                           source_tag, cancellable, callback, user_data);
}

void
ferry_ims_list_image_tags_async (FerryClient         *client,
                                 const char          *region,
                                 const char          *project_id,
                                 const char          *image_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (project_id != NULL && image_id != NULL);

  call_tags (client, region, project_id, image_id, "GET", "", NULL, parse_tags, g_object_unref,
             ferry_ims_list_image_tags_async, cancellable, callback, user_data);
}

GListModel *
ferry_ims_list_image_tags_finish (FerryClient   *client,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return ferry_client_call_finish (client, result, ferry_ims_list_image_tags_async, error);
}

static void
add_tag_object (JsonBuilder   *builder,
                FerryImageTag *tag)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, ferry_image_tag_get_key (tag));
  /* Always sent, "" included: the member is required. */
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, ferry_image_tag_get_value (tag));
  json_builder_end_object (builder);
}

void
ferry_ims_add_image_tags_async (FerryClient         *client,
                                const char          *region,
                                const char          *project_id,
                                const char          *image_id,
                                GListModel          *tags,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_if_fail (project_id != NULL && image_id != NULL);
  g_return_if_fail (G_IS_LIST_MODEL (tags));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, "create");
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(FerryImageTag) tag = g_list_model_get_item (tags, i);

      add_tag_object (builder, tag);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  call_tags (client, region, project_id, image_id, "POST", "/action", builder, parse_no_content,
             NULL, ferry_ims_add_image_tags_async, cancellable, callback, user_data);
}

gboolean
ferry_ims_add_image_tags_finish (FerryClient   *client,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return ferry_client_call_finish (client, result, ferry_ims_add_image_tags_async, error) != NULL;
}

void
ferry_ims_add_image_tag_async (FerryClient         *client,
                               const char          *region,
                               const char          *project_id,
                               const char          *image_id,
                               FerryImageTag       *tag,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_if_fail (project_id != NULL && image_id != NULL);
  g_return_if_fail (FERRY_IS_IMAGE_TAG (tag));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tag");
  add_tag_object (builder, tag);
  json_builder_end_object (builder);

  call_tags (client, region, project_id, image_id, "POST", "", builder, parse_no_content,
             NULL, ferry_ims_add_image_tag_async, cancellable, callback, user_data);
}

gboolean
ferry_ims_add_image_tag_finish (FerryClient   *client,
                                GAsyncResult  *result,
                                GError       **error)
{
  return ferry_client_call_finish (client, result, ferry_ims_add_image_tag_async, error) != NULL;
}
