/* ferry-sandbox-world.c
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
add_role (FerrySandboxWorld *self,
          const char        *name,
          const char        *display_name,
          const char        *type,
          const char        *catalog,
          const char        *description)
{
  FerrySandboxRole *role = g_new0 (FerrySandboxRole, 1);

  role->id = ferry_sandbox_derive_hex ("role", name);
  role->name = g_strdup (name);
  role->display_name = g_strdup (display_name);
  role->type = g_strdup (type);
  role->catalog = g_strdup (catalog);
  role->description = g_strdup (description);
  g_ptr_array_add (self->roles, role);
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

  add_role (self, "ims_adm", "IMS Administrator", "XA", "IMS",
            "Image Management Service Administrator");
  add_role (self, "te_admin", "Tenant Administrator", "AA", "BASE",
            "Tenant Administrator (Exclude IAM)");
  add_role (self, "system_all_1002", "IMS ReadOnlyAccess", "XA", "IMS",
            "Read-only permissions for Image Management Service.");
  add_role (self, "system_all_1003", "ECS FullAccess", "XA", "ECS",
            "All permissions for Elastic Cloud Server.");
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

GPtrArray *
ferry_sandbox_world_get_roles (FerrySandboxWorld *self)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);
  return self->roles;
}

FerrySandboxRole *
ferry_sandbox_world_lookup_role (FerrySandboxWorld *self,
                                 const char        *id)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);

  for (guint i = 0; id != NULL && i < self->roles->len; i++)
    {
      FerrySandboxRole *role = g_ptr_array_index (self->roles, i);

      if (strcmp (role->id, id) == 0)
        return role;
    }

  return NULL;
}

FerrySandboxRole *
ferry_sandbox_world_lookup_role_by_name (FerrySandboxWorld *self,
                                         const char        *name)
{
  for (guint i = 0; i < self->roles->len; i++)
    {
      FerrySandboxRole *role = g_ptr_array_index (self->roles, i);

      if (strcmp (role->name, name) == 0)
        return role;
    }

  return NULL;
}

/* Agencies and grants */

GPtrArray *
ferry_sandbox_world_get_agencies (FerrySandboxWorld *self)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);
  return self->agencies;
}

FerrySandboxAgency *
ferry_sandbox_world_lookup_agency (FerrySandboxWorld *self,
                                   const char        *id)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);

  for (guint i = 0; id != NULL && i < self->agencies->len; i++)
    {
      FerrySandboxAgency *agency = g_ptr_array_index (self->agencies, i);

      if (strcmp (agency->id, id) == 0)
        return agency;
    }

  return NULL;
}

FerrySandboxAgency *
ferry_sandbox_world_lookup_agency_by_name (FerrySandboxWorld *self,
                                           const char        *name)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);

  for (guint i = 0; name != NULL && i < self->agencies->len; i++)
    {
      FerrySandboxAgency *agency = g_ptr_array_index (self->agencies, i);

      if (strcmp (agency->name, name) == 0)
        return agency;
    }

  return NULL;
}

FerrySandboxAgency *
ferry_sandbox_world_insert_agency (FerrySandboxWorld *self,
                                   const char        *id,
                                   const char        *name,
                                   const char        *trust_domain_name,
                                   const char        *duration,
                                   const char        *description,
                                   gint64             create_time)
{
  FerrySandboxAgency *agency = g_new0 (FerrySandboxAgency, 1);

  agency->id = g_strdup (id);
  agency->name = g_strdup (name);
  agency->trust_domain_name = g_strdup (trust_domain_name);
  agency->trust_domain_id = ferry_sandbox_derive_hex ("domain", trust_domain_name);
  agency->duration = g_strdup (duration != NULL ? duration : "FOREVER");
  agency->description = g_strdup (description != NULL ? description : "");
  agency->create_time = create_time;
  g_ptr_array_add (self->agencies, agency);

  return agency;
}

FerrySandboxAgency *
ferry_sandbox_world_add_agency (FerrySandboxWorld *self,
                                const char        *name,
                                const char        *trust_domain_name,
                                const char        *duration,
                                const char        *description)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (trust_domain_name != NULL, NULL);

  id = ferry_sandbox_random_hex_id ();
  self->dirty = TRUE;
  return ferry_sandbox_world_insert_agency (self, id, name, trust_domain_name, duration,
                                            description,
                                            ferry_sandbox_world_now (self) / G_USEC_PER_SEC);
}

gboolean
ferry_sandbox_world_has_grant (FerrySandboxWorld *self,
                               const char        *project_id,
                               const char        *agency_id,
                               const char        *role_id)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), FALSE);

  for (guint i = 0; i < self->grants->len; i++)
    {
      FerrySandboxGrant *grant = g_ptr_array_index (self->grants, i);

      if (g_strcmp0 (grant->project_id, project_id) == 0 &&
          g_strcmp0 (grant->agency_id, agency_id) == 0 &&
          g_strcmp0 (grant->role_id, role_id) == 0)
        return TRUE;
    }

  return FALSE;
}

void
ferry_sandbox_world_insert_grant (FerrySandboxWorld *self,
                                  const char        *project_id,
                                  const char        *agency_id,
                                  const char        *role_id)
{
  FerrySandboxGrant *grant = g_new0 (FerrySandboxGrant, 1);

  grant->project_id = g_strdup (project_id);
  grant->agency_id = g_strdup (agency_id);
  grant->role_id = g_strdup (role_id);
  g_ptr_array_add (self->grants, grant);
}

void
ferry_sandbox_world_add_grant (FerrySandboxWorld *self,
                               const char        *project_id,
                               const char        *agency_id,
                               const char        *role_id)
{
  g_return_if_fail (FERRY_IS_SANDBOX_WORLD (self));

  /* Granting twice is no error in IAM, and changes nothing. */
  if (ferry_sandbox_world_has_grant (self, project_id, agency_id, role_id))
    return;

  ferry_sandbox_world_insert_grant (self, project_id, agency_id, role_id);
  self->dirty = TRUE;
}

GPtrArray *
ferry_sandbox_world_list_grants (FerrySandboxWorld *self,
                                 const char        *project_id,
                                 const char        *agency_id)
{
  GPtrArray *roles;

  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);

  roles = g_ptr_array_new ();
  for (guint i = 0; i < self->grants->len; i++)
    {
      FerrySandboxGrant *grant = g_ptr_array_index (self->grants, i);
      FerrySandboxRole *role;

      if (g_strcmp0 (grant->project_id, project_id) != 0 ||
          g_strcmp0 (grant->agency_id, agency_id) != 0)
        continue;

      role = ferry_sandbox_world_lookup_role (self, grant->role_id);
      if (role != NULL)
        g_ptr_array_add (roles, role);
    }

  return roles;
}

/* Vaults */

GPtrArray *
ferry_sandbox_world_get_vaults (FerrySandboxWorld *self)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);
  return self->vaults;
}

FerrySandboxVault *
ferry_sandbox_world_insert_vault (FerrySandboxWorld *self,
                                  const char        *id,
                                  const char        *region,
                                  const char        *project_id,
                                  const char        *name,
                                  const char        *description,
                                  const char        *protect_type,
                                  const char        *object_type,
                                  const char        *status,
                                  const char        *consistent_level,
                                  const char        *charging_mode,
                                  gint64             size,
                                  gint64             used,
                                  gint64             created)
{
  FerrySandboxVault *vault = g_new0 (FerrySandboxVault, 1);

  vault->id = g_strdup (id);
  vault->region = g_intern_string (region);
  vault->project_id = g_strdup (project_id);
  vault->name = g_strdup (name);
  vault->description = g_strdup (description != NULL ? description : "");
  vault->protect_type = g_strdup (protect_type);
  vault->object_type = g_strdup (object_type);
  vault->status = g_strdup (status);
  vault->consistent_level = g_strdup (consistent_level != NULL ? consistent_level
                                                                : "crash_consistent");
  vault->charging_mode = g_strdup (charging_mode != NULL ? charging_mode : "post_paid");
  vault->size = size;
  vault->used = used;
  vault->created = created;
  g_ptr_array_add (self->vaults, vault);

  return vault;
}

FerrySandboxVault *
ferry_sandbox_world_add_vault (FerrySandboxWorld *self,
                               const char        *region,
                               const char        *project_id,
                               const char        *name,
                               const char        *description,
                               const char        *protect_type,
                               const char        *object_type,
                               const char        *consistent_level,
                               const char        *charging_mode,
                               gint64             size)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (FERRY_IS_SANDBOX_WORLD (self), NULL);

  id = g_uuid_string_random ();
  self->dirty = TRUE;
  return ferry_sandbox_world_insert_vault (self, id, region, project_id, name, description,
                                           protect_type, object_type, "available",
                                           consistent_level, charging_mode, size, 0,
                                           ferry_sandbox_world_now (self) / G_USEC_PER_SEC);
}

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

  json_object_set_string_member (object, "created_at", created);
  json_object_set_string_member (object, "updated_at", updated);
  json_object_set_string_member (object, "active_at", active);
  /* "self" is served (GlanceShowImage); "file", the image file's
   * download link, is optional (SDK) and not served, so it is left out. */
  json_object_set_string_member (object, "self", self_path);

  return object;
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
  static const char * const computed[] = {
    "id", "name", "status", "owner", "created_at", "updated_at", "active_at", "self", "file",
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

/* JSON of the other records */

JsonObject *
ferry_sandbox_project_to_json (FerrySandboxWorld   *self,
                               FerrySandboxProject *project)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", project->id);
  json_object_set_string_member (object, "name", project->name);
  json_object_set_string_member (object, "domain_id", self->domain_id);
  json_object_set_string_member (object, "parent_id", project->parent_id);
  json_object_set_boolean_member (object, "enabled", TRUE);
  json_object_set_boolean_member (object, "is_domain", FALSE);
  json_object_set_string_member (object, "description", "");

  return object;
}

JsonObject *
ferry_sandbox_role_to_json (FerrySandboxRole *role)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", role->id);
  json_object_set_string_member (object, "name", role->name);
  json_object_set_string_member (object, "display_name", role->display_name);
  json_object_set_string_member (object, "type", role->type);
  json_object_set_string_member (object, "catalog", role->catalog);
  json_object_set_string_member (object, "description", role->description);
  json_object_set_null_member (object, "domain_id");
  if (g_str_has_prefix (role->name, "system_all_"))
    json_object_set_string_member (object, "flag", "fine_grained");
  /* Every role of the IAM role pages has its policy and a Chinese
   * description; these are stand-ins of the documented shape. */
  json_object_set_string_member (object, "description_cn", role->description);
  {
    JsonObject *policy = json_object_new ();
    JsonArray *statements = json_array_new ();
    JsonObject *statement = json_object_new ();
    JsonArray *actions = json_array_new ();
    g_autofree char *service = g_ascii_strdown (role->catalog != NULL ? role->catalog : "base", -1);
    g_autofree char *action = g_strconcat (service, ":*:*", NULL);

    json_array_add_string_element (actions, action);
    json_object_set_array_member (statement, "Action", actions);
    json_object_set_string_member (statement, "Effect", "Allow");
    json_array_add_object_element (statements, statement);
    json_object_set_string_member (policy, "Version", "1.1");
    json_object_set_array_member (policy, "Statement", statements);
    json_object_set_object_member (object, "policy", policy);
  }

  return object;
}

JsonObject *
ferry_sandbox_agency_to_json (FerrySandboxWorld  *self,
                              FerrySandboxAgency *agency)
{
  JsonObject *object = json_object_new ();
  g_autofree char *create_time = ferry_sandbox_format_time_us (agency->create_time);

  json_object_set_string_member (object, "id", agency->id);
  json_object_set_string_member (object, "name", agency->name);
  json_object_set_string_member (object, "domain_id", self->domain_id);
  json_object_set_string_member (object, "trust_domain_id", agency->trust_domain_id);
  json_object_set_string_member (object, "trust_domain_name", agency->trust_domain_name);
  json_object_set_string_member (object, "duration", agency->duration);
  json_object_set_string_member (object, "description", agency->description);
  json_object_set_string_member (object, "create_time", create_time);
  if (strcmp (agency->duration, "ONEDAY") == 0)
    {
      g_autofree char *expire_time = ferry_sandbox_format_time_us (agency->create_time + 86400);

      json_object_set_string_member (object, "expire_time", expire_time);
    }
  else
    {
      json_object_set_null_member (object, "expire_time");
    }

  return object;
}

JsonObject *
ferry_sandbox_vault_to_json (FerrySandboxVault *vault)
{
  JsonObject *object = json_object_new ();
  JsonObject *billing = json_object_new ();
  g_autofree char *created = ferry_sandbox_format_time_us (vault->created);
  g_autofree char *spec_code = g_strdup_printf ("vault.%s.%s.normal",
                                                vault->protect_type, vault->object_type);
  gboolean disk = strcmp (vault->object_type, "disk") == 0;

  json_object_set_int_member (billing, "allocated", 0);
  json_object_set_string_member (billing, "charging_mode", vault->charging_mode);
  json_object_set_string_member (billing, "cloud_type", "public");
  json_object_set_string_member (billing, "consistent_level", vault->consistent_level);
  json_object_set_string_member (billing, "object_type", vault->object_type);
  json_object_set_null_member (billing, "order_id");
  json_object_set_null_member (billing, "product_id");
  json_object_set_string_member (billing, "protect_type", vault->protect_type);
  json_object_set_int_member (billing, "size", vault->size);
  json_object_set_string_member (billing, "spec_code", spec_code);
  json_object_set_string_member (billing, "status", vault->status);
  json_object_set_string_member (billing, "storage_unit", "");
  json_object_set_int_member (billing, "used", vault->used);
  json_object_set_null_member (billing, "frozen_scene");

  json_object_set_string_member (object, "id", vault->id);
  json_object_set_string_member (object, "name", vault->name);
  json_object_set_string_member (object, "description", vault->description);
  json_object_set_string_member (object, "project_id", vault->project_id);
  json_object_set_string_member (object, "provider_id",
                                 disk ? "d1603440-187d-4516-af25-121250c7cc97" :
                                        "0daac4c5-6707-4851-97ba-169e36266b66");
  json_object_set_object_member (object, "billing", billing);
  json_object_set_array_member (object, "resources", json_array_new ());
  json_object_set_array_member (object, "tags", json_array_new ());
  json_object_set_string_member (object, "enterprise_project_id", "0");
  json_object_set_boolean_member (object, "auto_bind", FALSE);
  json_object_set_boolean_member (object, "auto_expand", FALSE);
  json_object_set_string_member (object, "user_id", "");
  json_object_set_string_member (object, "created_at", created);

  return object;
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
