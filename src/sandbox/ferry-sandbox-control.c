/* ferry-sandbox-control.c: the control routes of FerrySandbox
 *
 * /_sandbox/stats, images, clock, refuse-grants, quota and reset, which
 * drive the sandbox beside the API, neither signed nor faulted
 * (ferry-sandbox.h lists them).
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ferry-sandbox-private.h"

static int
compare_keys (const void *a,
              const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
respond_stats (FerrySandbox *self,
               Request      *req)
{
  JsonObject *answer = json_object_new ();
  JsonObject *requests = json_object_new ();
  g_autofree gpointer *keys = NULL;
  guint n_keys;

  /* Sorted, so that two runs give the same text. */
  keys = g_hash_table_get_keys_as_array (self->stats, &n_keys);
  qsort (keys, n_keys, sizeof (gpointer), compare_keys);
  for (guint i = 0; i < n_keys; i++)
    json_object_set_int_member (requests, keys[i],
                                GPOINTER_TO_UINT (g_hash_table_lookup (self->stats, keys[i])));

  json_object_set_object_member (answer, "requests", requests);
  json_object_set_int_member (answer, "connections", self->connections);
  json_object_set_int_member (answer, "copies_running",
                              ferry_sandbox_world_count_running_copies (self->world));
  json_object_set_int_member (answer, "max_concurrent_copies",
                              ferry_sandbox_world_get_max_concurrent_copies (self->world));
  json_object_set_int_member (answer, "copies_submitted",
                              ferry_sandbox_world_get_copies_submitted (self->world));
  ferry_sandbox_respond (req, SOUP_STATUS_OK, answer);
}

static void
handle_control_image (FerrySandbox *self,
                      Request      *req)
{
  g_autoptr(JsonObject) body = ferry_sandbox_parse_body (req);
  g_autoptr(GError) error = NULL;
  FerrySandboxImage *image;
  JsonNode *node;
  const char *region = NULL;
  const char *id = NULL;

  node = body != NULL ? json_object_get_member (body, "image") : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      !ferry_sandbox_get_string (body, "region", &region) || region == NULL)
    {
      ferry_sandbox_flat_error (req, SOUP_STATUS_BAD_REQUEST, "SANDBOX.0001",
                                "The body must be {\"region\": \"...\", \"image\": {...}}.");
      return;
    }
  if (ferry_region_catalogue_lookup (self->catalogue, region) == NULL)
    {
      ferry_sandbox_flat_error (req, SOUP_STATUS_BAD_REQUEST, "SANDBOX.0001",
                                "There is no region %s.", region);
      return;
    }
  if (ferry_sandbox_get_string (json_node_get_object (node), "id", &id) &&
      ferry_sandbox_world_lookup_image (self->world, id) != NULL)
    {
      ferry_sandbox_flat_error (req, SOUP_STATUS_CONFLICT, "SANDBOX.0002",
                                "The image %s exists already.", id);
      return;
    }

  image = ferry_sandbox_world_add_image (self->world, region, json_node_get_object (node), &error);
  if (image == NULL)
    {
      ferry_sandbox_flat_error (req, SOUP_STATUS_BAD_REQUEST, "SANDBOX.0001", "%s", error->message);
      return;
    }

  ferry_sandbox_respond (req, SOUP_STATUS_OK,
                         ferry_sandbox_world_image_to_json (self->world, image));
}

static void
handle_control_clock (FerrySandbox *self,
                      Request      *req)
{
  g_autoptr(JsonObject) body = ferry_sandbox_parse_body (req);
  g_autofree char *now = NULL;
  JsonObject *answer;
  JsonNode *node;
  double seconds;
  gint64 offset;

  node = body != NULL ? json_object_get_member (body, "advance_seconds") : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE) ||
      (seconds = json_node_get_double (node)) < 0 || seconds > 100 * 365 * 86400.0)
    {
      ferry_sandbox_flat_error (req, SOUP_STATUS_BAD_REQUEST, "SANDBOX.0001",
                                "The body must be {\"advance_seconds\": N}, N seconds, N ≥ 0.");
      return;
    }

  ferry_sandbox_world_advance_clock (self->world, (gint64) (seconds * G_USEC_PER_SEC));
  ferry_sandbox_world_update (self->world);

  now = ferry_sandbox_format_time_ms (ferry_sandbox_world_now (self->world));
  answer = json_object_new ();
  json_object_set_string_member (answer, "now", now);
  offset = ferry_sandbox_world_get_clock_offset (self->world);
  json_object_set_double_member (answer, "offset_seconds", (double) offset / G_USEC_PER_SEC);
  ferry_sandbox_respond (req, SOUP_STATUS_OK, answer);
}

static void
handle_control_refuse_grants (FerrySandbox *self,
                              Request      *req)
{
  g_autoptr(JsonObject) body = ferry_sandbox_parse_body (req);
  const char *region = NULL;
  JsonNode *node;
  gint64 count = 1;

  node = body != NULL ? json_object_get_member (body, "count") : NULL;
  if (body == NULL || !ferry_sandbox_get_string (body, "region", &region) || region == NULL ||
      ferry_sandbox_world_get_region_project_id (self->world, region) == NULL ||
      (node != NULL && (!JSON_NODE_HOLDS_VALUE (node) ||
                        json_node_get_value_type (node) != G_TYPE_INT64 ||
                        (count = json_node_get_int (node)) < 0 || count > G_MAXINT32)))
    {
      ferry_sandbox_flat_error (req, SOUP_STATUS_BAD_REQUEST, "SANDBOX.0001",
                                "The body must be {\"region\": \"...\", \"count\": N}, "
                                "a region with a project and N ≥ 0.");
      return;
    }

  ferry_sandbox_refuse_grants (self, region, (guint) count);
  ferry_sandbox_respond (req, SOUP_STATUS_OK, json_object_new ());
}

static void
handle_control_quota (FerrySandbox *self,
                      Request      *req)
{
  g_autoptr(JsonObject) body = ferry_sandbox_parse_body (req);
  const char *project_id = NULL;
  const char *region = NULL;
  JsonObject *answer;
  JsonNode *node;
  gboolean refuse = FALSE;
  gint64 quota = -1;

  node = body != NULL ? json_object_get_member (body, "quota") : NULL;
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    quota = json_node_get_int (node);
  if (body != NULL && json_object_has_member (body, "refuse"))
    {
      node = json_object_get_member (body, "refuse");
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        body = (json_object_unref (body), NULL);
      else
        refuse = json_node_get_boolean (node);
    }
  if (body != NULL && ferry_sandbox_get_string (body, "region", &region) && region != NULL)
    project_id = ferry_sandbox_world_get_region_project_id (self->world, region);
  else if (body != NULL)
    ferry_sandbox_get_string (body, "project_id", &project_id);
  if (body == NULL || project_id == NULL ||
      ferry_sandbox_world_lookup_project (self->world, project_id) == NULL ||
      (json_object_has_member (body, "quota") && (quota < 0 || quota > G_MAXINT32)) ||
      (!json_object_has_member (body, "quota") && !json_object_has_member (body, "refuse")))
    {
      ferry_sandbox_flat_error (req, SOUP_STATUS_BAD_REQUEST, "SANDBOX.0001",
                                "The body must be {\"project_id\" or \"region\": \"...\", "
                                "\"quota\": N, \"refuse\": false}, a project there is and N ≥ 0.");
      return;
    }

  if (quota >= 0)
    ferry_sandbox_world_set_image_quota (self->world, project_id, (guint) quota);
  if (refuse)
    g_hash_table_add (self->refused_quotas, g_strdup (project_id));
  else
    g_hash_table_remove (self->refused_quotas, project_id);

  answer = json_object_new ();
  json_object_set_int_member (answer, "used",
                              ferry_sandbox_world_count_project_images (self->world, project_id));
  json_object_set_int_member (answer, "quota",
                              ferry_sandbox_world_get_image_quota (self->world, project_id));
  ferry_sandbox_respond (req, SOUP_STATUS_OK, answer);
}

gboolean
ferry_sandbox_quota_refused (FerrySandbox *self,
                             const char   *project_id)
{
  return g_hash_table_contains (self->refused_quotas, project_id);
}

void
ferry_sandbox_handle_control (FerrySandbox *self,
                              Request      *req,
                              const char   *path)
{
  const char *method = ferry_sandbox_request_method (req);

  ferry_sandbox_world_update (self->world);

  if (strcmp (path, "/_sandbox/stats") == 0 && strcmp (method, "GET") == 0)
    {
      respond_stats (self, req);
    }
  else if (strcmp (path, "/_sandbox/images") == 0 && strcmp (method, "POST") == 0)
    {
      handle_control_image (self, req);
    }
  else if (strcmp (path, "/_sandbox/clock") == 0 && strcmp (method, "POST") == 0)
    {
      handle_control_clock (self, req);
    }
  else if (strcmp (path, "/_sandbox/refuse-grants") == 0 && strcmp (method, "POST") == 0)
    {
      handle_control_refuse_grants (self, req);
    }
  else if (strcmp (path, "/_sandbox/quota") == 0 && strcmp (method, "POST") == 0)
    {
      handle_control_quota (self, req);
    }
  else if (strcmp (path, "/_sandbox/reset") == 0 && strcmp (method, "POST") == 0)
    {
      ferry_sandbox_world_reset (self->world);
      g_hash_table_remove_all (self->stats);
      self->connections = 0;
      self->generation++;
      g_hash_table_remove_all (self->refused_grants);
      g_hash_table_remove_all (self->refused_quotas);
      ferry_sandbox_reseed (self);
      ferry_sandbox_respond (req, SOUP_STATUS_OK, json_object_new ());
    }
  else
    {
      ferry_sandbox_gateway_error (req, SOUP_STATUS_NOT_FOUND, "APIGW.0101",
                                   "The API does not exist or has not been published in the "
                                   "environment.");
    }
}
