/* ferry-copy-cache.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-copy-cache.h"

#define CACHE_KEY "ferry-copy-cache"

struct _FerryCopyCache
{
  GObject     parent_instance;

  gboolean    regions_loaded;
  GListModel *agencies;
  GHashTable *vaults;  /* "region/project id" → GListModel */
  GHashTable *grants;  /* "agency id/scope" → FerryGrant */
};

G_DEFINE_FINAL_TYPE (FerryCopyCache, ferry_copy_cache, G_TYPE_OBJECT)

FerryCopyCache *
ferry_copy_cache_get (FerryClient *client)
{
  FerryCopyCache *cache;

  g_return_val_if_fail (FERRY_IS_CLIENT (client), NULL);

  cache = g_object_get_data (G_OBJECT (client), CACHE_KEY);
  if (cache == NULL)
    {
      cache = g_object_new (FERRY_TYPE_COPY_CACHE, NULL);
      g_object_set_data_full (G_OBJECT (client), CACHE_KEY, cache, g_object_unref);
    }
  return cache;
}

gboolean
ferry_copy_cache_get_regions_loaded (FerryCopyCache *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_CACHE (self), FALSE);
  return self->regions_loaded;
}

void
ferry_copy_cache_set_regions_loaded (FerryCopyCache *self)
{
  g_return_if_fail (FERRY_IS_COPY_CACHE (self));
  self->regions_loaded = TRUE;
}

GListModel *
ferry_copy_cache_get_agencies (FerryCopyCache *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_CACHE (self), NULL);
  return self->agencies;
}

void
ferry_copy_cache_set_agencies (FerryCopyCache *self,
                               GListModel     *agencies)
{
  g_return_if_fail (FERRY_IS_COPY_CACHE (self));
  g_set_object (&self->agencies, agencies);
}

GListModel *
ferry_copy_cache_get_vaults (FerryCopyCache *self,
                             const char     *region,
                             const char     *project_id)
{
  g_autofree char *key = g_strconcat (region, "/", project_id, NULL);

  g_return_val_if_fail (FERRY_IS_COPY_CACHE (self), NULL);
  return g_hash_table_lookup (self->vaults, key);
}

void
ferry_copy_cache_set_vaults (FerryCopyCache *self,
                             const char     *region,
                             const char     *project_id,
                             GListModel     *vaults)
{
  char *key = g_strconcat (region, "/", project_id, NULL);

  g_return_if_fail (FERRY_IS_COPY_CACHE (self));
  if (vaults != NULL)
    g_hash_table_replace (self->vaults, key, g_object_ref (vaults));
  else
    {
      g_hash_table_remove (self->vaults, key);
      g_free (key);
    }
}

FerryGrant
ferry_copy_cache_get_grant (FerryCopyCache *self,
                            const char     *agency_id,
                            const char     *scope)
{
  g_autofree char *key = g_strconcat (agency_id, "/", scope, NULL);

  g_return_val_if_fail (FERRY_IS_COPY_CACHE (self), FERRY_GRANT_UNKNOWN);
  return GPOINTER_TO_INT (g_hash_table_lookup (self->grants, key));
}

void
ferry_copy_cache_set_grant (FerryCopyCache *self,
                            const char     *agency_id,
                            const char     *scope,
                            FerryGrant      grant)
{
  g_return_if_fail (FERRY_IS_COPY_CACHE (self));
  G_STATIC_ASSERT (FERRY_GRANT_UNKNOWN == 0);
  g_hash_table_replace (self->grants, g_strconcat (agency_id, "/", scope, NULL),
                        GINT_TO_POINTER (grant));
}

void
ferry_copy_cache_forget_grants (FerryCopyCache *self)
{
  g_return_if_fail (FERRY_IS_COPY_CACHE (self));
  g_hash_table_remove_all (self->grants);
}

void
ferry_copy_cache_forget_agencies (FerryClient *client)
{
  FerryCopyCache *self;

  g_return_if_fail (FERRY_IS_CLIENT (client));

  /* Not made for nothing: a session without a copy dialog yet has no
   * cache to forget. */
  self = g_object_get_data (G_OBJECT (client), CACHE_KEY);
  if (self == NULL)
    return;
  g_clear_object (&self->agencies);
  g_hash_table_remove_all (self->grants);
}

static void
ferry_copy_cache_finalize (GObject *object)
{
  FerryCopyCache *self = FERRY_COPY_CACHE (object);

  g_clear_object (&self->agencies);
  g_clear_pointer (&self->vaults, g_hash_table_unref);
  g_clear_pointer (&self->grants, g_hash_table_unref);

  G_OBJECT_CLASS (ferry_copy_cache_parent_class)->finalize (object);
}

static void
ferry_copy_cache_class_init (FerryCopyCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_copy_cache_finalize;
}

static void
ferry_copy_cache_init (FerryCopyCache *self)
{
  self->vaults = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->grants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
