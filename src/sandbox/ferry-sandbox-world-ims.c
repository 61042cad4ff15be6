/* ferry-sandbox-world-ims.c: the IMS records of FerrySandboxWorld: images, tags, jobs, quotas
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ferry-sandbox-world-private.h"

/* Images */

FerrySandboxImage *
ferry_sandbox_world_insert_image (FerrySandboxWorld      *self,
                                  FerrySandboxRegionData *region,
                                  const char             *id,
                                  const char             *name,
                                  const char             *owner,
                                  const char             *status,
                                  gint64                  created,
                                  gint64                  updated,
                                  JsonObject             *fields,
                                  gboolean                extra)
{
  FerrySandboxImage *image = g_new0 (FerrySandboxImage, 1);

  image->id = g_strdup (id);
  image->name = g_strdup (name);
  image->region = region->id;
  image->owner = g_intern_string (owner);
  image->status = g_intern_string (status);
  image->created = created;
  image->updated = updated;
  image->position = region->images->len;
  image->extra = extra;
  image->fields = json_object_ref (fields);

  g_ptr_array_add (region->images, image);
  g_hash_table_insert (self->images_by_id, image->id, image);
  if (extra)
    {
      g_ptr_array_add (self->extras, image);
      self->dirty = TRUE;
    }

  return image;
}

/* Tags */

static void
tag_free (gpointer data)
{
  FerrySandboxTag *tag = data;

  g_free (tag->key);
  g_free (tag->value);
  g_free (tag);
}

GPtrArray *
ferry_sandbox_world_get_image_tags (FerrySandboxWorld *self,
                                    const char        *image_id)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);

  if (image_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->tags, image_id);
}

void
ferry_sandbox_world_clear_image_tags (FerrySandboxWorld *self,
                                      const char        *image_id)
{
  g_hash_table_insert (self->tags, g_strdup (image_id),
                       g_ptr_array_new_with_free_func (tag_free));
  self->dirty = TRUE;
}

void
ferry_sandbox_world_set_image_tag (FerrySandboxWorld *self,
                                  const char        *image_id,
                                  const char        *key,
                                  const char        *value)
{
  GPtrArray *tags;
  FerrySandboxTag *tag;

  g_return_if_fail (FERRY_IS_SANDBOX_WORLD (self));
  g_return_if_fail (image_id != NULL && key != NULL && value != NULL);

  tags = g_hash_table_lookup (self->tags, image_id);
  if (tags == NULL)
    {
      tags = g_ptr_array_new_with_free_func (tag_free);
      g_hash_table_insert (self->tags, g_strdup (image_id), tags);
    }

  for (guint i = 0; i < tags->len; i++)
    {
      tag = g_ptr_array_index (tags, i);
      if (strcmp (tag->key, key) == 0)
        {
          if (strcmp (tag->value, value) != 0)
            {
              g_free (tag->value);
              tag->value = g_strdup (value);
              self->dirty = TRUE;
            }
          return;
        }
    }

  tag = g_new0 (FerrySandboxTag, 1);
  tag->key = g_strdup (key);
  tag->value = g_strdup (value);
  g_ptr_array_add (tags, tag);
  self->dirty = TRUE;
}

void
ferry_sandbox_world_delete_image_tag (FerrySandboxWorld *self,
                                     const char        *image_id,
                                     const char        *key)
{
  GPtrArray *tags;

  g_return_if_fail (FERRY_IS_SANDBOX_WORLD (self));
  g_return_if_fail (image_id != NULL && key != NULL);

  tags = g_hash_table_lookup (self->tags, image_id);
  if (tags == NULL)
    return;
  for (guint i = 0; i < tags->len; i++)
    {
      FerrySandboxTag *tag = g_ptr_array_index (tags, i);

      if (strcmp (tag->key, key) == 0)
        {
          g_ptr_array_remove_index (tags, i);
          self->dirty = TRUE;
          return;
        }
    }
}

FerrySandboxImage *
ferry_sandbox_world_lookup_image (FerrySandboxWorld *self,
                                  const char        *id)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->images_by_id, id);
}

static const char *
object_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static const char *
field_string (FerrySandboxImage *image,
              const char        *member)
{
  return object_string (image->fields, member);
}

static gboolean
field_is_true (FerrySandboxImage *image,
               const char        *member)
{
  JsonNode *node = json_object_get_member (image->fields, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strcasecmp (json_node_get_string (node), "true") == 0;
  return FALSE;
}

static gboolean
image_matches (FerrySandboxImage             *image,
               const FerrySandboxImageFilter *filter)
{
  const char *image_type = field_string (image, "__imagetype");

  /* Others' private images are invisible; shared and public ones show. */
  if (g_strcmp0 (image_type, "private") == 0 &&
      g_strcmp0 (image->owner, filter->project_id) != 0)
    return FALSE;

  if (filter->image_type != NULL && g_strcmp0 (image_type, filter->image_type) != 0)
    return FALSE;
  if (filter->status != NULL && strcmp (image->status, filter->status) != 0)
    return FALSE;
  if (filter->name != NULL && strcmp (image->name, filter->name) != 0)
    return FALSE;
  if (filter->id != NULL && strcmp (image->id, filter->id) != 0)
    return FALSE;
  if (filter->owner != NULL && strcmp (image->owner, filter->owner) != 0)
    return FALSE;
  if (filter->whole_image != NULL &&
      field_is_true (image,
                     "__whole_image") != (g_ascii_strcasecmp (filter->whole_image, "true") == 0))
    return FALSE;
  if (filter->virtual_env_type != NULL &&
      g_strcmp0 (field_string (image, "virtual_env_type"), filter->virtual_env_type) != 0)
    return FALSE;

  return TRUE;
}

gboolean
ferry_sandbox_world_list_images (FerrySandboxWorld             *self,
                                 const char                    *region,
                                 const FerrySandboxImageFilter *filter,
                                 const char                    *marker,
                                 guint                          limit,
                                 gboolean                       ascending,
                                 GPtrArray                     *out)
{
  FerrySandboxRegionData *data;
  gint64 position;
  gint64 step = ascending ? 1 : -1;

  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  data = ferry_sandbox_world_lookup_region (self, region);
  if (data == NULL)
    return FALSE;

  position = ascending ? 0 : (gint64) data->images->len - 1;
  if (marker != NULL)
    {
      /* The marker's place in the region's list is stored on it, so a page
       * starts in O(1) whatever the number of images. */
      FerrySandboxImage *after = ferry_sandbox_world_lookup_image (self, marker);

      if (after == NULL || after->region != data->id)
        return FALSE;
      position = (gint64) after->position + step;
    }

  if (filter->id != NULL)
    {
      FerrySandboxImage *image = ferry_sandbox_world_lookup_image (self, filter->id);

      if (image != NULL && image->region == data->id && limit > 0 &&
          (ascending ? image->position >= position : image->position <= position) &&
          image_matches (image, filter))
        g_ptr_array_add (out, image);
      return TRUE;
    }

  for (; position >= 0 && position < data->images->len && out->len < limit; position += step)
    {
      FerrySandboxImage *image = g_ptr_array_index (data->images, position);

      if (image_matches (image, filter))
        g_ptr_array_add (out, image);
    }

  return TRUE;
}

JsonObject *
ferry_sandbox_world_image_to_json (FerrySandboxWorld *self,
                                   FerrySandboxImage *image)
{
  JsonObject *object = json_object_new ();
  g_autofree char *created = ferry_sandbox_format_time (image->created * G_USEC_PER_SEC);
  g_autofree char *updated = ferry_sandbox_format_time (image->updated * G_USEC_PER_SEC);
  g_autofree char *self_path = g_strconcat ("/v2/images/", image->id, NULL);
  /* Always present (SDK ImageInfo): the time the image turned active. No
   * page shows it for an image that never was; "" is assumed. It is the
   * last update of an active image, as nothing changes one after. */
  g_autofree char *active = strcmp (image->status, "active") == 0 ? g_strdup (updated)
                                                                   : g_strdup ("");
  GPtrArray *stored;
  JsonArray *tags;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_set_string_member (object, "id", image->id);
  json_object_set_string_member (object, "name", image->name);
  json_object_set_string_member (object, "status", image->status);
  json_object_set_string_member (object, "owner", image->owner);

  json_object_iter_init (&iter, image->fields);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (object, name, json_node_copy (node));

  /* "tags" comes from the tag store. Documented (ims_03_0602, SDK
   * GlanceShowImageListResponseBody and ImageInfo): an array of strings in
   * every record, listing the tags the IMS tag calls set. Assumed: each
   * is "key=value" ("key=" for an empty value), in ListImageTags' order;
   * the page says only that its "tag" filter now takes "Key=Value". */
  tags = json_array_new ();
  stored = ferry_sandbox_world_get_image_tags (self, image->id);
  for (guint i = 0; stored != NULL && i < stored->len; i++)
    {
      FerrySandboxTag *tag = g_ptr_array_index (stored, i);
      g_autofree char *text = g_strconcat (tag->key, "=", tag->value, NULL);

      json_array_add_string_element (tags, text);
    }
  json_object_set_array_member (object, "tags", tags);

  json_object_set_string_member (object, "created_at", created);
  json_object_set_string_member (object, "updated_at", updated);
  json_object_set_string_member (object, "active_at", active);
  /* "self" is served (GlanceShowImage); "file", the image file's
   * download link, is optional (SDK) and not served, so it is left out. */
  json_object_set_string_member (object, "self", self_path);

  return object;
}

/* Makes an image from API members: @with_defaults completes a partial
 * record (the control route); without, the record is taken as it is (the
 * state file). */
FerrySandboxImage *
ferry_sandbox_world_image_from_members (FerrySandboxWorld       *self,
                                        FerrySandboxRegionData  *region,
                                        JsonObject              *members,
                                        gboolean                 with_defaults,
                                        GError                 **error)
{
  /* Members an answer works out; "tags" from the tag store, whatever a
   * record or an old state file says. */
  static const char * const computed[] = {
    "id", "name", "status", "owner", "created_at", "updated_at", "active_at", "self", "file",
    "tags",
  };
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *status = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *created_at = NULL;
  g_autofree char *updated_at = NULL;
  g_autoptr(JsonObject) fields = NULL;
  gint64 now = ferry_sandbox_world_now (self) / G_USEC_PER_SEC;
  gint64 created = now;
  gint64 updated;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  if (!ferry_sandbox_take_string (members, "id", &id, error) ||
      !ferry_sandbox_take_string (members, "name", &name, error) ||
      !ferry_sandbox_take_string (members, "status", &status, error) ||
      !ferry_sandbox_take_string (members, "owner", &owner, error) ||
      !ferry_sandbox_take_string (members, "created_at", &created_at, error) ||
      !ferry_sandbox_take_string (members, "updated_at", &updated_at, error))
    return NULL;

  if (!with_defaults && (id == NULL || name == NULL || status == NULL || owner == NULL ||
                         !ferry_sandbox_parse_time (created_at, &created)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is missing or has the wrong type"),
                   id == NULL ? "id" : name == NULL ? "name" : status == NULL ? "status" :
                   owner == NULL ? "owner" : "created_at");
      return NULL;
    }

  if (id == NULL || id[0] == '\0')
    {
      g_free (id);
      id = g_uuid_string_random ();
    }
  if (g_hash_table_contains (self->images_by_id, id))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("The image %s exists already"), id);
      return NULL;
    }

  if (created_at != NULL)
    ferry_sandbox_parse_time (created_at, &created);
  updated = created;
  if (updated_at != NULL)
    ferry_sandbox_parse_time (updated_at, &updated);

  if (with_defaults)
    fields = ferry_sandbox_default_image_fields (id, 40 * FERRY_SANDBOX_GIB);
  else
    fields = json_object_new ();
  json_object_iter_init (&iter, members);
  while (json_object_iter_next (&iter, &member, &node))
    {
      gboolean skip = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (computed); i++)
        skip |= strcmp (member, computed[i]) == 0;
      if (skip)
        continue;
      if (JSON_NODE_HOLDS_NULL (node) && with_defaults)
        json_object_remove_member (fields, member);
      else
        json_object_set_member (fields, member, json_node_copy (node));
    }
  json_object_seal (fields);

  return ferry_sandbox_world_insert_image (self, region, id,
                                           name != NULL ? name : id,
                                           owner != NULL ? owner : region->project_id,
                                           status != NULL ? status : "active",
                                           created, updated, fields, TRUE);
}

FerrySandboxImage *
ferry_sandbox_world_add_image (FerrySandboxWorld  *self,
                               const char         *region,
                               JsonObject         *members,
                               GError            **error)
{
  FerrySandboxRegionData *data;

  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);
  g_return_val_if_fail (members != NULL, NULL);

  data = ferry_sandbox_world_lookup_region (self, region);
  g_return_val_if_fail (data != NULL, NULL);

  return ferry_sandbox_world_image_from_members (self, data, members, TRUE, error);
}

/* Jobs */

static void
job_times (FerrySandboxJob *job,
           gint64          *init,
           gint64          *end,
           gint64          *active)
{
  gint64 total = (gint64) job->copy_seconds * G_USEC_PER_SEC;

  /* INIT for the first twentieth (at least a second), RUNNING to the end,
   * then the new image needs a tenth more (at least a second) to turn
   * active, as a real copy is registered after the job ends. A job that
   * fails ends at three fifths, its image (made when INIT ended) killed
   * at once. */
  *init = MAX (G_USEC_PER_SEC, total / 20);
  *end = MAX (total, *init);
  if (job->fails)
    *end = MAX (*init + G_USEC_PER_SEC / 2, total * 3 / 5);
  *active = job->fails ? *end : *end + MAX (1, job->copy_seconds / 10) * G_USEC_PER_SEC;
}

/* How long the job would have taken, had it not failed. */
static gint64
total_time (FerrySandboxJob *job)
{
  return (gint64) job->copy_seconds * G_USEC_PER_SEC;
}

void
ferry_sandbox_world_get_job_progress (FerrySandboxWorld       *self,
                                      FerrySandboxJob         *job,
                                      FerrySandboxJobProgress *progress)
{
  gint64 init, end, active;
  gint64 elapsed;
  gboolean cross = job->kind == FERRY_SANDBOX_JOB_CROSS_REGION;

  g_return_if_fail (FERRY_IS_SANDBOX_WORLD (self));

  job_times (job, &init, &end, &active);
  elapsed = ferry_sandbox_world_now (self) - job->begin;

  if (elapsed < init)
    {
      progress->status = "INIT";
      progress->percent = 0.0;
      progress->task = "Initializing";
      progress->end = 0;
    }
  else if (elapsed < end)
    {
      progress->status = "RUNNING";
      progress->percent = (double) (elapsed - init) / (double) (MAX (total_time (job), end) - init);
      if (progress->percent < 0.3)
        progress->task = cross ? "Exporting the source image" : "Copying the image";
      else if (progress->percent < 0.85)
        progress->task = cross ? "Transferring the image to the destination region"
                               : "Copying the image";
      else
        progress->task = "Registering the new image";
      progress->end = 0;
    }
  else if (job->fails)
    {
      progress->status = "FAIL";
      progress->percent = (double) (end - init) / (double) (MAX (total_time (job), end) - init);
      progress->task = NULL;
      progress->end = job->begin + end;
    }
  else
    {
      progress->status = "SUCCESS";
      progress->percent = 1.0;
      progress->task = NULL;
      progress->end = job->begin + end;
    }
}

JsonObject *
ferry_sandbox_world_job_to_json (FerrySandboxWorld *self,
                                 FerrySandboxJob   *job)
{
  FerrySandboxJobProgress progress;
  JsonObject *object = json_object_new ();
  JsonObject *entities = json_object_new ();
  g_autofree char *begin = ferry_sandbox_format_time_ms (job->begin);
  g_autofree char *end = NULL;

  ferry_sandbox_world_get_job_progress (self, job, &progress);
  end = progress.end != 0 ? ferry_sandbox_format_time_ms (progress.end) : g_strdup ("");

  json_object_set_string_member (object, "status", progress.status);
  json_object_set_string_member (object, "job_id", job->id);
  json_object_set_string_member (object, "job_type",
                                 job->kind == FERRY_SANDBOX_JOB_CROSS_REGION ?
                                 "imsCrossRegionCopyImageJob" : "imsCopyImageInRegionJob");
  json_object_set_string_member (object, "begin_time", begin);
  json_object_set_string_member (object, "end_time", end);
  if (strcmp (progress.status, "FAIL") == 0)
    {
      json_object_set_string_member (object, "error_code", FERRY_SANDBOX_JOB_FAIL_CODE);
      json_object_set_string_member (object, "fail_reason", FERRY_SANDBOX_JOB_FAIL_REASON);
    }
  else
    {
      json_object_set_null_member (object, "error_code");
      json_object_set_null_member (object, "fail_reason");
    }

  json_object_set_string_member (entities, "image_id", job->image_id);
  json_object_set_string_member (entities, "image_name", job->image_name);
  json_object_set_double_member (entities, "process_percent", progress.percent);
  if (progress.task != NULL)
    json_object_set_string_member (entities, "current_task", progress.task);
  json_object_set_object_member (object, "entities", entities);

  return object;
}

FerrySandboxJob *
ferry_sandbox_world_lookup_job (FerrySandboxWorld *self,
                                const char        *id)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->jobs_by_id, id);
}

void
ferry_sandbox_world_insert_job (FerrySandboxWorld *self,
                                FerrySandboxJob   *job)
{
  g_ptr_array_add (self->jobs, job);
  g_hash_table_insert (self->jobs_by_id, job->id, job);
  if (!job->image_created || !job->image_active)
    g_ptr_array_add (self->unsettled, job);
}

guint
ferry_sandbox_world_count_running_copies (FerrySandboxWorld *self)
{
  gint64 now;
  guint count = 0;

  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), 0);

  /* Every running job is unsettled, so this never walks old jobs. */
  now = ferry_sandbox_world_now (self);
  for (guint i = 0; i < self->unsettled->len; i++)
    {
      FerrySandboxJob *job = g_ptr_array_index (self->unsettled, i);
      gint64 init, end, active;

      job_times (job, &init, &end, &active);
      if (job->kind == FERRY_SANDBOX_JOB_CROSS_REGION && now - job->begin < end)
        count++;
    }

  return count;
}

guint
ferry_sandbox_world_get_max_concurrent_copies (FerrySandboxWorld *self)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), 0);
  return self->max_concurrent;
}

guint
ferry_sandbox_world_get_copies_submitted (FerrySandboxWorld *self)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), 0);
  return self->submitted;
}

void
ferry_sandbox_world_set_job_failures (FerrySandboxWorld *self,
                                      double             rate,
                                      guint64            seed)
{
  guint32 words[3] = { (guint32) (seed & G_MAXUINT32), (guint32) (seed >> 32), 0x6a0bfa11 };

  g_return_if_fail (FERRY_IS_SANDBOX_WORLD (self));

  self->job_fail_rate = CLAMP (rate, 0.0, 1.0);
  /* Its own sequence: the request faults drawn from the same seed stay as
   * they were without it. */
  g_rand_set_seed_array (self->job_rand, words, G_N_ELEMENTS (words));
}

void
ferry_sandbox_world_reset_counters (FerrySandboxWorld *self)
{
  g_return_if_fail (FERRY_IS_SANDBOX_WORLD (self));

  self->max_concurrent = 0;
  self->submitted = 0;
}

FerrySandboxJob *
ferry_sandbox_world_submit_copy (FerrySandboxWorld   *self,
                                 FerrySandboxJobKind  kind,
                                 FerrySandboxImage   *source,
                                 const char          *source_project_id,
                                 const char          *region,
                                 const char          *project_id,
                                 const char          *name,
                                 const char          *description,
                                 const char          *agency_name,
                                 const char          *vault_id,
                                 const char          *cmk_id,
                                 guint                copy_seconds)
{
  FerrySandboxJob *job;

  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (ferry_sandbox_world_lookup_region (self, region) != NULL, NULL);

  ferry_sandbox_world_update (self);

  job = g_new0 (FerrySandboxJob, 1);
  job->id = ferry_sandbox_random_hex_id ();
  job->kind = kind;
  job->source_region = source->region;
  job->source_project_id = g_strdup (source_project_id);
  job->source_image_id = g_strdup (source->id);
  job->region = g_intern_string (region);
  job->project_id = g_strdup (project_id);
  job->image_id = g_uuid_string_random ();
  job->image_name = g_strdup (name);
  job->description = g_strdup (description);
  job->agency_name = g_strdup (agency_name);
  job->vault_id = g_strdup (vault_id);
  job->cmk_id = g_strdup (cmk_id);
  job->fields = json_object_ref (source->fields);
  job->begin = ferry_sandbox_world_now (self);
  job->copy_seconds = copy_seconds;
  /* One draw per job while jobs may fail, so that a seed gives the same
   * failures to the same sequence of copies. */
  if (self->job_fail_rate > 0.0)
    job->fails = g_rand_double (self->job_rand) < self->job_fail_rate;

  if (kind == FERRY_SANDBOX_JOB_CROSS_REGION)
    {
      /* Concurrency only rises when a copy starts, so the peak is seen here. */
      guint running = ferry_sandbox_world_count_running_copies (self) + 1;

      self->submitted++;
      self->max_concurrent = MAX (self->max_concurrent, running);
    }

  ferry_sandbox_world_insert_job (self, job);
  self->dirty = TRUE;

  return job;
}

/* Image quotas */

guint
ferry_sandbox_world_get_image_quota (FerrySandboxWorld *self,
                                     const char        *project_id)
{
  gpointer quota;

  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), 0);

  if (project_id != NULL && g_hash_table_lookup_extended (self->image_quotas, project_id, NULL, &quota))
    return GPOINTER_TO_UINT (quota);
  return FERRY_SANDBOX_DEFAULT_IMAGE_QUOTA + self->images_per_region;
}

void
ferry_sandbox_world_set_image_quota (FerrySandboxWorld *self,
                                     const char        *project_id,
                                     guint              quota)
{
  g_return_if_fail (FERRY_IS_SANDBOX_WORLD (self));
  g_return_if_fail (project_id != NULL);

  g_hash_table_insert (self->image_quotas, g_strdup (project_id), GUINT_TO_POINTER (quota));
  self->dirty = TRUE;
}

guint
ferry_sandbox_world_count_project_images (FerrySandboxWorld *self,
                                          const char        *project_id)
{
  FerrySandboxProject *project;
  FerrySandboxRegionData *region;
  const char *owner = g_intern_string (project_id);
  guint count = 0;

  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), 0);

  project = project_id != NULL ? ferry_sandbox_world_lookup_project (self, project_id) : NULL;
  region = project != NULL && project->region != NULL
           ? ferry_sandbox_world_lookup_region (self, project->region) : NULL;
  for (guint i = 0; region != NULL && i < region->images->len; i++)
    {
      FerrySandboxImage *image = g_ptr_array_index (region->images, i);

      if (image->owner == owner && g_strcmp0 (image->status, "deleted") != 0 &&
          g_strcmp0 (object_string (image->fields, "__imagetype"), "private") == 0)
        count++;
    }
  return count;
}

guint
ferry_sandbox_world_count_reserved_images (FerrySandboxWorld *self,
                                           const char        *project_id)
{
  guint count = 0;

  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), 0);

  /* A job whose image is not made yet is unsettled. */
  for (guint i = 0; i < self->unsettled->len; i++)
    {
      FerrySandboxJob *job = g_ptr_array_index (self->unsettled, i);

      if (!job->image_created && g_strcmp0 (job->project_id, project_id) == 0)
        count++;
    }
  return count;
}

static void
create_job_image (FerrySandboxWorld *self,
                  FerrySandboxJob   *job,
                  gint64             created)
{
  FerrySandboxRegionData *region = ferry_sandbox_world_lookup_region (self, job->region);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *origin = g_strdup_printf ("image,%s,%s", job->source_region,
                                             job->source_image_id);
  const char *backup_id;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (region == NULL || g_hash_table_contains (self->images_by_id, job->image_id))
    return;

  json_object_iter_init (&iter, job->fields);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (fields, name, json_node_copy (node));

  backup_id = object_string (job->fields, "__backup_id");

  json_object_set_string_member (fields, "__imagetype", "private");
  json_object_set_string_member (fields, "visibility", "private");
  /* Both assumed: the reference documents __originalimagename as "the
   * parent image id" and __data_origin as "the image's origin", but not
   * their values for a copy (docs/huawei-api.md). */
  json_object_set_string_member (fields, "__data_origin", origin);
  json_object_set_string_member (fields, "__originalimagename", job->source_image_id);
  json_object_set_string_member (fields, "__description",
                                 job->description != NULL ? job->description : "");
  /* A whole image's backup is copied too: the copy has its own. */
  if (backup_id != NULL && backup_id[0] != '\0' && job->kind == FERRY_SANDBOX_JOB_CROSS_REGION)
    {
      g_autofree char *new_backup = ferry_sandbox_derive_uuid ("backup", job->image_id);

      json_object_set_string_member (fields, "__backup_id", new_backup);
    }
  if (job->cmk_id != NULL && job->cmk_id[0] != '\0')
    {
      json_object_set_string_member (fields, "__system__cmkid", job->cmk_id);
      json_object_set_string_member (fields, "__system__encrypted", "1");
    }
  json_object_seal (fields);

  ferry_sandbox_world_insert_image (self, region, job->image_id, job->image_name, job->project_id,
                                    "saving", created / G_USEC_PER_SEC, created / G_USEC_PER_SEC,
                                    fields, TRUE);
}

void
ferry_sandbox_world_update (FerrySandboxWorld *self)
{
  gint64 now;

  g_return_if_fail (FERRY_IS_SANDBOX_WORLD (self));

  now = ferry_sandbox_world_now (self);
  for (guint i = 0; i < self->unsettled->len;)
    {
      FerrySandboxJob *job = g_ptr_array_index (self->unsettled, i);
      gint64 init, end, active;

      job_times (job, &init, &end, &active);

      if (!job->image_created && now - job->begin >= init)
        {
          create_job_image (self, job, job->begin + init);
          job->image_created = TRUE;
          self->dirty = TRUE;
        }

      if (!job->image_active && now - job->begin >= active)
        {
          FerrySandboxImage *image = ferry_sandbox_world_lookup_image (self, job->image_id);

          /* A failed copy leaves its image killed (assumed: no page says
           * what becomes of it). */
          if (image != NULL)
            {
              image->status = g_intern_static_string (job->fails ? "killed" : "active");
              image->updated = (job->begin + active) / G_USEC_PER_SEC;
            }
          job->image_active = TRUE;
          self->dirty = TRUE;
        }

      if (job->image_created && job->image_active)
        g_ptr_array_remove_index_fast (self->unsettled, i);
      else
        i++;
    }
}
