/* ferry-sandbox-state.c: the state file of FerrySandboxWorld
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ferry-sandbox-world-private.h"

/* One JSON object: format, clock_offset_us, then arrays of the agencies,
 * grants and vaults (all of them), the images that are not seed data
 * (copies and control-route images, each with its region), the jobs and
 * the image quotas set (project_id, quota), and the tags of every image
 * that has or had some ("image_tags": [{"image_id", "tags": [{"key",
 * "value"}]}], seed images included since their tags can change; absent
 * in files written before tags, which load as the seed's).
 * Other seed data is not written: it is rebuilt the same at every start. */

#define STATE_FORMAT 1

static JsonObject *
job_to_state (FerrySandboxJob *job)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", job->id);
  json_object_set_string_member (object, "kind",
                                 job->kind == FERRY_SANDBOX_JOB_CROSS_REGION ? "cross_region"
                                                                             : "in_region");
  json_object_set_string_member (object, "source_region", job->source_region);
  json_object_set_string_member (object, "source_project_id", job->source_project_id);
  json_object_set_string_member (object, "source_image_id", job->source_image_id);
  json_object_set_string_member (object, "region", job->region);
  json_object_set_string_member (object, "project_id", job->project_id);
  json_object_set_string_member (object, "image_id", job->image_id);
  json_object_set_string_member (object, "image_name", job->image_name);
  json_object_set_string_member (object, "description", job->description);
  json_object_set_string_member (object, "agency_name", job->agency_name);
  json_object_set_string_member (object, "vault_id", job->vault_id);
  json_object_set_string_member (object, "cmk_id", job->cmk_id);
  json_object_set_object_member (object, "fields", json_object_ref (job->fields));
  json_object_set_int_member (object, "begin_us", job->begin);
  json_object_set_int_member (object, "copy_seconds", job->copy_seconds);
  json_object_set_boolean_member (object, "image_created", job->image_created);
  json_object_set_boolean_member (object, "image_active", job->image_active);
  if (job->fails)
    json_object_set_boolean_member (object, "fails", TRUE);

  return object;
}

gboolean
ferry_sandbox_world_save (FerrySandboxWorld  *self,
                          const char         *path,
                          GError            **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonArray *array;

  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  object = json_object_new ();
  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, object);
  json_object_set_int_member (object, "format", STATE_FORMAT);
  json_object_set_int_member (object, "clock_offset_us", self->clock_offset);

  array = json_array_new ();
  for (guint i = 0; i < self->agencies->len; i++)
    json_array_add_object_element (array,
                                   ferry_sandbox_agency_to_json (self,
                                                                 g_ptr_array_index (self->agencies,
                                                                                    i)));
  json_object_set_array_member (object, "agencies", array);

  array = json_array_new ();
  for (guint i = 0; i < self->grants->len; i++)
    {
      FerrySandboxGrant *grant = g_ptr_array_index (self->grants, i);
      JsonObject *element = json_object_new ();

      json_object_set_string_member (element, "project_id", grant->project_id);
      json_object_set_string_member (element, "agency_id", grant->agency_id);
      json_object_set_string_member (element, "role_id", grant->role_id);
      json_array_add_object_element (array, element);
    }
  json_object_set_array_member (object, "grants", array);

  array = json_array_new ();
  for (guint i = 0; i < self->vaults->len; i++)
    {
      FerrySandboxVault *vault = g_ptr_array_index (self->vaults, i);
      JsonObject *element = ferry_sandbox_vault_to_json (vault);

      json_object_set_string_member (element, "region", vault->region);
      json_array_add_object_element (array, element);
    }
  json_object_set_array_member (object, "vaults", array);

  array = json_array_new ();
  for (guint i = 0; i < self->extras->len; i++)
    {
      FerrySandboxImage *image = g_ptr_array_index (self->extras, i);
      JsonObject *element = json_object_new ();

      json_object_set_string_member (element, "region", image->region);
      json_object_set_object_member (element, "image",
                                     ferry_sandbox_world_image_to_json (self, image));
      json_array_add_object_element (array, element);
    }
  json_object_set_array_member (object, "images", array);

  array = json_array_new ();
  for (guint i = 0; i < self->jobs->len; i++)
    json_array_add_object_element (array, job_to_state (g_ptr_array_index (self->jobs, i)));
  json_object_set_array_member (object, "jobs", array);

  array = json_array_new ();
  {
    GHashTableIter iter;
    gpointer project_id, quota;

    g_hash_table_iter_init (&iter, self->image_quotas);
    while (g_hash_table_iter_next (&iter, &project_id, &quota))
      {
        JsonObject *element = json_object_new ();

        json_object_set_string_member (element, "project_id", project_id);
        json_object_set_int_member (element, "quota", GPOINTER_TO_UINT (quota));
        json_array_add_object_element (array, element);
      }
  }
  json_object_set_array_member (object, "image_quotas", array);

  array = json_array_new ();
  {
    GHashTableIter iter;
    gpointer key, value;
    g_autoptr(GList) ids = NULL;

    /* Sorted, so that the file does not change for nothing. */
    g_hash_table_iter_init (&iter, self->tags);
    while (g_hash_table_iter_next (&iter, &key, &value))
      ids = g_list_prepend (ids, key);
    ids = g_list_sort (ids, (GCompareFunc) strcmp);

    for (GList *l = ids; l != NULL; l = l->next)
      {
        GPtrArray *tags = g_hash_table_lookup (self->tags, l->data);
        JsonObject *element = json_object_new ();
        JsonArray *tag_array = json_array_new ();

        for (guint i = 0; i < tags->len; i++)
          {
            FerrySandboxTag *tag = g_ptr_array_index (tags, i);
            JsonObject *tag_object = json_object_new ();

            json_object_set_string_member (tag_object, "key", tag->key);
            json_object_set_string_member (tag_object, "value", tag->value);
            json_array_add_object_element (tag_array, tag_object);
          }
        json_object_set_string_member (element, "image_id", l->data);
        json_object_set_array_member (element, "tags", tag_array);
        json_array_add_object_element (array, element);
      }
  }
  json_object_set_array_member (object, "image_tags", array);

  text = json_to_string (root, TRUE);
  if (!g_file_set_contents (path, text, -1, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not save the sandbox state to “%s”: %s"),
                   path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
state_string (JsonObject  *object,
              const char  *member,
              gboolean     required,
              char       **value,
              GError     **error)
{
  if (!ferry_sandbox_take_string (object, member, value, error))
    return FALSE;
  if (required && (*value == NULL || (*value)[0] == '\0'))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is missing or has the wrong type"), member);
      return FALSE;
    }
  return TRUE;
}

static gboolean
state_int (JsonObject  *object,
           const char  *member,
           gint64      *value,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is missing or has the wrong type"), member);
      return FALSE;
    }
  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
state_bool (JsonObject  *object,
            const char  *member,
            gboolean    *value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is missing or has the wrong type"), member);
      return FALSE;
    }
  *value = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
state_array (JsonObject  *object,
             const char  *member,
             JsonArray  **value,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    goto wrong;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
      goto wrong;
  *value = array;
  return TRUE;

wrong:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("“%s” is missing or has the wrong type"), member);
  return FALSE;
}

static FerrySandboxRegionData *
state_region (FerrySandboxWorld  *self,
              JsonObject         *object,
              const char         *member,
              GError            **error)
{
  g_autofree char *id = NULL;
  FerrySandboxRegionData *region;

  if (!state_string (object, member, TRUE, &id, error))
    return NULL;
  region = ferry_sandbox_world_lookup_region (self, id);
  if (region == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("it names the unknown region “%s”"), id);
  return region;
}

static gboolean
load_agency (FerrySandboxWorld  *self,
             JsonObject         *object,
             GError            **error)
{
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *trust_domain_name = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *description = NULL;
  g_autofree char *create_time = NULL;
  gint64 created = 0;

  if (!state_string (object, "id", TRUE, &id, error) ||
      !state_string (object, "name", TRUE, &name, error) ||
      !state_string (object, "trust_domain_name", TRUE, &trust_domain_name, error) ||
      !state_string (object, "duration", TRUE, &duration, error) ||
      !state_string (object, "description", FALSE, &description, error) ||
      !state_string (object, "create_time", TRUE, &create_time, error))
    return FALSE;
  if (!ferry_sandbox_parse_time (create_time, &created))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is missing or has the wrong type"), "create_time");
      return FALSE;
    }

  ferry_sandbox_world_insert_agency (self, id, name, trust_domain_name, duration, description,
                                     created);
  return TRUE;
}

static gboolean
load_grant (FerrySandboxWorld  *self,
            JsonObject         *object,
            GError            **error)
{
  g_autofree char *project_id = NULL;
  g_autofree char *agency_id = NULL;
  g_autofree char *role_id = NULL;

  if (!state_string (object, "project_id", TRUE, &project_id, error) ||
      !state_string (object, "agency_id", TRUE, &agency_id, error) ||
      !state_string (object, "role_id", TRUE, &role_id, error))
    return FALSE;

  ferry_sandbox_world_insert_grant (self, project_id, agency_id, role_id);
  return TRUE;
}

static gboolean
load_vault (FerrySandboxWorld  *self,
            JsonObject         *object,
            GError            **error)
{
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  g_autofree char *project_id = NULL;
  g_autofree char *created_at = NULL;
  g_autofree char *protect_type = NULL;
  g_autofree char *object_type = NULL;
  g_autofree char *status = NULL;
  g_autofree char *consistent_level = NULL;
  g_autofree char *charging_mode = NULL;
  JsonObject *billing;
  JsonNode *node;
  FerrySandboxRegionData *region;
  gint64 size, used, created = 0;

  if ((region = state_region (self, object, "region", error)) == NULL ||
      !state_string (object, "id", TRUE, &id, error) ||
      !state_string (object, "name", TRUE, &name, error) ||
      !state_string (object, "description", FALSE, &description, error) ||
      !state_string (object, "project_id", TRUE, &project_id, error) ||
      !state_string (object, "created_at", TRUE, &created_at, error))
    return FALSE;

  node = json_object_get_member (object, "billing");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) || !ferry_sandbox_parse_time (created_at,
                                                                                   &created))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is missing or has the wrong type"),
                   node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ? "billing" : "created_at");
      return FALSE;
    }
  billing = json_node_get_object (node);

  if (!state_string (billing, "protect_type", TRUE, &protect_type, error) ||
      !state_string (billing, "object_type", TRUE, &object_type, error) ||
      !state_string (billing, "status", TRUE, &status, error) ||
      !state_string (billing, "consistent_level", TRUE, &consistent_level, error) ||
      !state_string (billing, "charging_mode", TRUE, &charging_mode, error) ||
      !state_int (billing, "size", &size, error) ||
      !state_int (billing, "used", &used, error))
    return FALSE;

  ferry_sandbox_world_insert_vault (self, id, region->id, project_id, name, description,
                                    protect_type, object_type, status, consistent_level,
                                    charging_mode, size, used, created);
  return TRUE;
}

static gboolean
load_image (FerrySandboxWorld  *self,
            JsonObject         *object,
            GError            **error)
{
  FerrySandboxRegionData *region;
  JsonNode *node;

  if ((region = state_region (self, object, "region", error)) == NULL)
    return FALSE;

  node = json_object_get_member (object, "image");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is missing or has the wrong type"), "image");
      return FALSE;
    }

  return ferry_sandbox_world_image_from_members (self, region, json_node_get_object (node), FALSE,
                                                 error) != NULL;
}

static gboolean
load_job (FerrySandboxWorld  *self,
          JsonObject         *object,
          GError            **error)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *kind = NULL;
  FerrySandboxJob *job;
  FerrySandboxRegionData *source_region;
  FerrySandboxRegionData *region;
  JsonNode *fields;
  gint64 begin, copy_seconds;
  gboolean image_created, image_active;
  char *id, *source_project_id, *source_image_id, *project_id, *image_id, *image_name;
  char *description, *agency_name, *vault_id, *cmk_id;

  if (!state_string (object, "id", TRUE, &id, error))
    return FALSE;
  g_ptr_array_add (strings, id);

#define STRING(member, required, var) \
  G_STMT_START { \
    if (!state_string (object, member, required, &var, error)) \
      return FALSE; \
    g_ptr_array_add (strings, var); \
  } G_STMT_END

  STRING ("source_project_id", TRUE, source_project_id);
  STRING ("source_image_id", TRUE, source_image_id);
  STRING ("project_id", TRUE, project_id);
  STRING ("image_id", TRUE, image_id);
  STRING ("image_name", TRUE, image_name);
  STRING ("description", FALSE, description);
  STRING ("agency_name", FALSE, agency_name);
  STRING ("vault_id", FALSE, vault_id);
  STRING ("cmk_id", FALSE, cmk_id);

#undef STRING

  if (!state_string (object, "kind", TRUE, &kind, error) ||
      (source_region = state_region (self, object, "source_region", error)) == NULL ||
      (region = state_region (self, object, "region", error)) == NULL ||
      !state_int (object, "begin_us", &begin, error) ||
      !state_int (object, "copy_seconds", &copy_seconds, error) ||
      !state_bool (object, "image_created", &image_created, error) ||
      !state_bool (object, "image_active", &image_active, error))
    return FALSE;

  fields = json_object_get_member (object, "fields");
  if (fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields) ||
      copy_seconds < 0 || copy_seconds > G_MAXUINT ||
      (strcmp (kind, "cross_region") != 0 && strcmp (kind, "in_region") != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is missing or has the wrong type"),
                   fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields) ? "fields" :
                   copy_seconds < 0 || copy_seconds > G_MAXUINT ? "copy_seconds" : "kind");
      return FALSE;
    }
  if (g_hash_table_contains (self->jobs_by_id, id))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("it holds the job “%s” twice"), id);
      return FALSE;
    }

  /* The strings move into the job. */
  g_ptr_array_set_free_func (strings, NULL);

  job = g_new0 (FerrySandboxJob, 1);
  job->id = id;
  job->kind = strcmp (kind, "cross_region") == 0 ?
              FERRY_SANDBOX_JOB_CROSS_REGION : FERRY_SANDBOX_JOB_IN_REGION;
  job->source_region = source_region->id;
  job->source_project_id = source_project_id;
  job->source_image_id = source_image_id;
  job->region = region->id;
  job->project_id = project_id;
  job->image_id = image_id;
  job->image_name = image_name;
  job->description = description;
  job->agency_name = agency_name;
  job->vault_id = vault_id;
  job->cmk_id = cmk_id;
  job->fields = json_object_ref (json_node_get_object (fields));
  json_object_seal (job->fields);
  job->begin = begin;
  job->copy_seconds = copy_seconds;
  job->image_created = image_created;
  job->image_active = image_active;
  /* Left out by older sandboxes, and when the job does not fail. */
  job->fails = json_object_get_member (object, "fails") != NULL &&
               JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "fails")) &&
               json_object_get_boolean_member (object, "fails");
  ferry_sandbox_world_insert_job (self, job);

  return TRUE;
}

static gboolean
load_image_quota (FerrySandboxWorld  *self,
                  JsonObject         *object,
                  GError            **error)
{
  g_autofree char *project_id = NULL;
  gint64 quota;

  if (!state_string (object, "project_id", TRUE, &project_id, error) ||
      !state_int (object, "quota", &quota, error))
    return FALSE;
  if (quota < 0 || quota > G_MAXUINT32)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is missing or has the wrong type"), "quota");
      return FALSE;
    }
  ferry_sandbox_world_set_image_quota (self, project_id, (guint) quota);
  return TRUE;
}

static gboolean
load_image_tags (FerrySandboxWorld  *self,
                 JsonObject         *object,
                 GError            **error)
{
  g_autofree char *image_id = NULL;
  JsonArray *tags;

  if (!state_string (object, "image_id", TRUE, &image_id, error) ||
      !state_array (object, "tags", &tags, error))
    return FALSE;

  /* The saved list replaces the seed's, deletions included. */
  ferry_sandbox_world_clear_image_tags (self, image_id);
  for (guint i = 0; i < json_array_get_length (tags); i++)
    {
      JsonNode *node = json_array_get_element (tags, i);
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("“%s” is missing or has the wrong type"), "tags");
          return FALSE;
        }
      if (!state_string (json_node_get_object (node), "key", TRUE, &key, error) ||
          !state_string (json_node_get_object (node), "value", FALSE, &value, error))
        return FALSE;
      ferry_sandbox_world_set_image_tag (self, image_id, key, value != NULL ? value : "");
    }
  return TRUE;
}

typedef gboolean (*LoadFunc) (FerrySandboxWorld *self, JsonObject *object, GError **error);

static gboolean
load_array (FerrySandboxWorld  *self,
            JsonObject         *root,
            const char         *member,
            LoadFunc            load,
            GError            **error)
{
  JsonArray *array;

  if (!state_array (root, member, &array, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!load (self, json_array_get_object_element (array, i), error))
      return FALSE;

  return TRUE;
}

static gboolean
load_state (FerrySandboxWorld  *self,
            JsonNode           *node,
            GError            **error)
{
  JsonObject *root;
  gint64 format, offset;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("its top level is not a JSON object"));
      return FALSE;
    }
  root = json_node_get_object (node);

  if (!state_int (root, "format", &format, error) ||
      !state_int (root, "clock_offset_us", &offset, error))
    return FALSE;
  if (format != STATE_FORMAT)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("it was written in an unknown format (%d)"), (int) format);
      return FALSE;
    }

  /* Seed data, then everything that changed, in the saved order. */
  ferry_sandbox_world_reset (self);
  g_ptr_array_set_size (self->agencies, 0);
  g_ptr_array_set_size (self->grants, 0);
  g_ptr_array_set_size (self->vaults, 0);
  self->clock_offset = offset;

  return load_array (self, root, "agencies", load_agency, error) &&
         load_array (self, root, "grants", load_grant, error) &&
         load_array (self, root, "vaults", load_vault, error) &&
         load_array (self, root, "images", load_image, error) &&
         load_array (self, root, "jobs", load_job, error) &&
         /* Written since quotas were added: older files have none. */
         (!json_object_has_member (root, "image_quotas") ||
          load_array (self, root, "image_quotas", load_image_quota, error)) &&
         /* Written since tags were added. */
         (!json_object_has_member (root, "image_tags") ||
          load_array (self, root, "image_tags", load_image_tags, error));
}

gboolean
ferry_sandbox_world_load (FerrySandboxWorld  *self,
                          const char         *path,
                          GError            **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
    }
  else
    {
      parser = json_parser_new ();
      if (json_parser_load_from_data (parser, contents, length, &local_error) &&
          load_state (self, json_parser_get_root (parser), &local_error))
        {
          self->dirty = FALSE;
          return TRUE;
        }

      /* Leave no half-loaded world behind. */
      ferry_sandbox_world_reset (self);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The sandbox state file “%s” is damaged: %s"), path, local_error->message);
  return FALSE;
}
