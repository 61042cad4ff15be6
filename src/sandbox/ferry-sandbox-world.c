/* ferry-sandbox-world.c: the world object of the sandbox
 *
 * The regions, projects and account, the clock, the record types' frees,
 * reset and the helpers the service files share. The records of each
 * service are in ferry-sandbox-world-iam.c, -ims.c and -cbr.c.
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ferry-sandbox-world-private.h"

G_DEFINE_FINAL_TYPE (FerrySandboxWorld, ferry_sandbox_world, G_TYPE_OBJECT)

/* Ids */

char *
ferry_sandbox_derive_hex (const char *kind,
                          const char *name)
{
  g_autofree char *text = g_strconcat (kind, ":", name, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);
}

/* A name-based UUID (version 3 layout) so that seed ids look like the
 * image and vault ids of the real services and stay the same. */
char *
ferry_sandbox_derive_uuid (const char *kind,
                           const char *name)
{
  g_autofree char *hex = ferry_sandbox_derive_hex (kind, name);
  static const char variant[] = "89ab";

  return g_strdup_printf ("%.8s-%.4s-3%.3s-%c%.3s-%.12s",
                          hex, hex + 8, hex + 13,
                          variant[g_ascii_xdigit_value (hex[16]) & 3], hex + 17,
                          hex + 20);
}

char *
ferry_sandbox_random_hex_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString *out = g_string_sized_new (32);

  for (const char *p = uuid; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

/* Time */

static char *
format_utc (gint64      usec,
            const char *format)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  if (when == NULL)
    return g_strdup ("");
  return g_date_time_format (when, format);
}

char *
ferry_sandbox_format_time (gint64 usec)
{
  return format_utc (usec, "%Y-%m-%dT%H:%M:%SZ");
}

char *
ferry_sandbox_format_time_ms (gint64 usec)
{
  g_autofree char *seconds = format_utc (usec, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, (int) ((usec % G_USEC_PER_SEC) / 1000));
}

/* IAM and CBR write times without a zone, with microseconds. */
char *
ferry_sandbox_format_time_us (gint64 seconds)
{
  return format_utc (seconds * G_USEC_PER_SEC, "%Y-%m-%dT%H:%M:%S.000000");
}

gboolean
ferry_sandbox_parse_time (const char *text,
                          gint64     *seconds)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (text == NULL)
    return FALSE;
  when = g_date_time_new_from_iso8601 (text, utc);
  if (when == NULL)
    return FALSE;
  *seconds = g_date_time_to_unix (when);
  return TRUE;
}

gint64
ferry_sandbox_world_now (FerrySandboxWorld *self)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), 0);

  return g_get_real_time () + self->clock_offset;
}

gint64
ferry_sandbox_world_get_clock_offset (FerrySandboxWorld *self)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), 0);

  return self->clock_offset;
}

void
ferry_sandbox_world_advance_clock (FerrySandboxWorld *self,
                                   gint64             usec)
{
  g_return_if_fail (FERRY_IS_SANDBOX_WORLD (self));
  g_return_if_fail (usec >= 0);

  self->clock_offset += usec;
  self->dirty = TRUE;
}

gboolean
ferry_sandbox_world_take_dirty (FerrySandboxWorld *self)
{
  gboolean dirty;

  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), FALSE);

  dirty = self->dirty;
  self->dirty = FALSE;
  return dirty;
}

/* Records */

static void
project_free (gpointer data)
{
  FerrySandboxProject *project = data;

  g_free (project->id);
  g_free (project->name);
  g_free (project->parent_id);
  g_free (project);
}

static void
role_free (gpointer data)
{
  FerrySandboxRole *role = data;

  g_free (role->id);
  g_free (role->name);
  g_free (role->display_name);
  g_free (role->type);
  g_free (role->catalog);
  g_free (role->description);
  g_free (role);
}

static void
agency_free (gpointer data)
{
  FerrySandboxAgency *agency = data;

  g_free (agency->id);
  g_free (agency->name);
  g_free (agency->trust_domain_id);
  g_free (agency->trust_domain_name);
  g_free (agency->duration);
  g_free (agency->description);
  g_free (agency);
}

static void
grant_free (gpointer data)
{
  FerrySandboxGrant *grant = data;

  g_free (grant->project_id);
  g_free (grant->agency_id);
  g_free (grant->role_id);
  g_free (grant);
}

static void
vault_free (gpointer data)
{
  FerrySandboxVault *vault = data;

  g_free (vault->id);
  g_free (vault->name);
  g_free (vault->description);
  g_free (vault->project_id);
  g_free (vault->protect_type);
  g_free (vault->object_type);
  g_free (vault->status);
  g_free (vault->consistent_level);
  g_free (vault->charging_mode);
  g_free (vault);
}

static void
image_free (gpointer data)
{
  FerrySandboxImage *image = data;

  g_free (image->id);
  g_free (image->name);
  g_clear_pointer (&image->fields, json_object_unref);
  g_free (image);
}

static void
job_free (gpointer data)
{
  FerrySandboxJob *job = data;

  g_free (job->id);
  g_free (job->source_project_id);
  g_free (job->source_image_id);
  g_free (job->project_id);
  g_free (job->image_id);
  g_free (job->image_name);
  g_free (job->description);
  g_free (job->agency_name);
  g_free (job->vault_id);
  g_free (job->cmk_id);
  g_clear_pointer (&job->fields, json_object_unref);
  g_free (job);
}

static void
region_data_free (gpointer data)
{
  FerrySandboxRegionData *region = data;

  g_free (region->project_id);
  g_clear_pointer (&region->images, g_ptr_array_unref);
  g_free (region);
}

FerrySandboxRegionData *
ferry_sandbox_world_lookup_region (FerrySandboxWorld *self,
                                   const char        *id)
{
  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->regions_by_id, g_intern_string (id));
}

/* Account: fixed for the life of the world */

static void
add_project (FerrySandboxWorld *self,
             const char        *name,
             const char        *region,
             const char        *parent_id)
{
  FerrySandboxProject *project = g_new0 (FerrySandboxProject, 1);

  project->id = ferry_sandbox_derive_hex ("project", name);
  project->name = g_strdup (name);
  project->region = region != NULL ? g_intern_string (region) : NULL;
  project->parent_id = g_strdup (parent_id);
  g_ptr_array_add (self->projects, project);
  g_hash_table_insert (self->projects_by_id, project->id, project);
}

static void
build_account (FerrySandboxWorld *self)
{
  guint n_regions = g_list_model_get_n_items (G_LIST_MODEL (self->catalogue));
  const char *bj4_project_id = NULL;

  self->domain_id = ferry_sandbox_derive_hex ("domain", FERRY_SANDBOX_DOMAIN_NAME);

  for (guint i = 0; i < n_regions; i++)
    {
      g_autoptr(FerryRegion) region = g_list_model_get_item (G_LIST_MODEL (self->catalogue), i);
      FerrySandboxRegionData *data = g_new0 (FerrySandboxRegionData, 1);

      data->region = region;
      data->id = g_intern_string (ferry_region_get_id (region));
      data->project_id = ferry_sandbox_derive_hex ("project", data->id);
      data->images = g_ptr_array_new_with_free_func (image_free);
      g_ptr_array_add (self->regions, data);
      g_hash_table_insert (self->regions_by_id, (gpointer) data->id, data);

      add_project (self, data->id, data->id, self->domain_id);
      if (strcmp (data->id, "cn-north-4") == 0)
        bj4_project_id = data->project_id;
    }

  /* A sub-project, so that a region with two projects needs a project
   * name; and MOS, which every account has and which is no region. */
  if (bj4_project_id != NULL)
    add_project (self, "cn-north-4_dev", "cn-north-4", bj4_project_id);
  add_project (self, "MOS", NULL, self->domain_id);

  ferry_sandbox_world_build_roles (self);
}

const char *
ferry_sandbox_world_get_domain_id (FerrySandboxWorld *self)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);
  return self->domain_id;
}

GPtrArray *
ferry_sandbox_world_get_projects (FerrySandboxWorld *self)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);
  return self->projects;
}

FerrySandboxProject *
ferry_sandbox_world_lookup_project (FerrySandboxWorld *self,
                                    const char        *id)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->projects_by_id, id);
}

FerrySandboxProject *
ferry_sandbox_world_lookup_project_by_name (FerrySandboxWorld *self,
                                            const char        *name)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);

  for (guint i = 0; name != NULL && i < self->projects->len; i++)
    {
      FerrySandboxProject *project = g_ptr_array_index (self->projects, i);

      if (strcmp (project->name, name) == 0)
        return project;
    }

  return NULL;
}

guint
ferry_sandbox_world_count_region_projects (FerrySandboxWorld *self,
                                           const char        *region)
{
  guint count = 0;

  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), 0);

  for (guint i = 0; region != NULL && i < self->projects->len; i++)
    {
      FerrySandboxProject *project = g_ptr_array_index (self->projects, i);

      if (g_strcmp0 (project->region, region) == 0)
        count++;
    }

  return count;
}

const char *
ferry_sandbox_world_get_region_project_id (FerrySandboxWorld *self,
                                           const char        *region)
{
  FerrySandboxRegionData *data;

  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);

  data = ferry_sandbox_world_lookup_region (self, region);
  return data != NULL ? data->project_id : NULL;
}

void
ferry_sandbox_world_reset (FerrySandboxWorld *self)
{
  g_return_if_fail (FERRY_IS_SANDBOX_WORLD (self));

  g_ptr_array_set_size (self->unsettled, 0);
  g_hash_table_remove_all (self->jobs_by_id);
  g_ptr_array_set_size (self->jobs, 0);
  g_ptr_array_set_size (self->extras, 0);
  g_hash_table_remove_all (self->tags);
  g_hash_table_remove_all (self->images_by_id);
  for (guint i = 0; i < self->regions->len; i++)
    {
      FerrySandboxRegionData *region = g_ptr_array_index (self->regions, i);

      g_ptr_array_set_size (region->images, 0);
    }
  g_ptr_array_set_size (self->agencies, 0);
  g_ptr_array_set_size (self->grants, 0);
  g_ptr_array_set_size (self->vaults, 0);
  g_hash_table_remove_all (self->image_quotas);

  ferry_sandbox_world_seed (self);

  self->clock_offset = 0;
  ferry_sandbox_world_reset_counters (self);
  self->dirty = TRUE;
}

/* Strings of @members, which must be strings when present. */
gboolean
ferry_sandbox_take_string (JsonObject  *members,
                           const char  *name,
                           char       **value,
                           GError     **error)
{
  JsonNode *node = json_object_get_member (members, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is missing or has the wrong type"), name);
      return FALSE;
    }
  *value = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* Object */

FerrySandboxWorld *
ferry_sandbox_world_new (FerryRegionCatalogue *catalogue,
                         guint                 images_per_region)
{
  FerrySandboxWorld *self;

  g_return_val_if_fail (FERRY_IS_REGION_CATALOGUE (catalogue), NULL);

  self = g_object_new (FERRY_TYPE_SANDBOX_WORLD, NULL);
  self->catalogue = g_object_ref (catalogue);
  self->images_per_region = images_per_region;
  build_account (self);
  ferry_sandbox_world_reset (self);
  self->dirty = FALSE;

  return self;
}

static void
ferry_sandbox_world_finalize (GObject *object)
{
  FerrySandboxWorld *self = FERRY_SANDBOX_WORLD (object);

  g_clear_pointer (&self->unsettled, g_ptr_array_unref);
  g_clear_pointer (&self->image_quotas, g_hash_table_unref);
  g_clear_pointer (&self->job_rand, g_rand_free);
  g_clear_pointer (&self->jobs_by_id, g_hash_table_unref);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  g_clear_pointer (&self->extras, g_ptr_array_unref);
  g_clear_pointer (&self->tags, g_hash_table_unref);
  g_clear_pointer (&self->images_by_id, g_hash_table_unref);
  g_clear_pointer (&self->vaults, g_ptr_array_unref);
  g_clear_pointer (&self->grants, g_ptr_array_unref);
  g_clear_pointer (&self->agencies, g_ptr_array_unref);
  g_clear_pointer (&self->roles, g_ptr_array_unref);
  g_clear_pointer (&self->projects_by_id, g_hash_table_unref);
  g_clear_pointer (&self->projects, g_ptr_array_unref);
  g_clear_pointer (&self->regions_by_id, g_hash_table_unref);
  g_clear_pointer (&self->regions, g_ptr_array_unref);
  g_clear_pointer (&self->domain_id, g_free);
  g_clear_object (&self->catalogue);

  G_OBJECT_CLASS (ferry_sandbox_world_parent_class)->finalize (object);
}

static void
ferry_sandbox_world_class_init (FerrySandboxWorldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_sandbox_world_finalize;
}

static void
ferry_sandbox_world_init (FerrySandboxWorld *self)
{
  self->job_rand = g_rand_new_with_seed (0);
  self->regions = g_ptr_array_new_with_free_func (region_data_free);
  self->regions_by_id = g_hash_table_new (NULL, NULL);
  self->projects = g_ptr_array_new_with_free_func (project_free);
  self->projects_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->roles = g_ptr_array_new_with_free_func (role_free);
  self->agencies = g_ptr_array_new_with_free_func (agency_free);
  self->grants = g_ptr_array_new_with_free_func (grant_free);
  self->vaults = g_ptr_array_new_with_free_func (vault_free);
  self->images_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->extras = g_ptr_array_new ();
  self->tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_ptr_array_unref);
  self->jobs = g_ptr_array_new_with_free_func (job_free);
  self->jobs_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->unsettled = g_ptr_array_new ();
  self->image_quotas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
