/* ferry-region.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-region.h"

struct _FerryRegion
{
  GObject  parent_instance;

  char    *id;
  char    *name_zh;
  char    *name_en;
  char    *domain;
  guint64  copy_size_limit;
  guint    mainland : 1;
  guint    whole_image_copy : 1;
};

G_DEFINE_FINAL_TYPE (FerryRegion, ferry_region, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_NAME_ZH,
  PROP_NAME_EN,
  PROP_MAINLAND,
  PROP_WHOLE_IMAGE_COPY,
  PROP_COPY_SIZE_LIMIT,
  PROP_DOMAIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
ferry_region_names_prefer_chinese (void)
{
  /* Translators: put "zh" here when region names should be shown in
   * Chinese in your language, "en" otherwise. Do not translate literally. */
  return g_str_has_prefix (_("region-names:en"), "region-names:zh");
}

FerryRegion *
ferry_region_new (const char *id,
                  const char *name_zh,
                  const char *name_en,
                  gboolean    mainland,
                  gboolean    whole_image_copy,
                  guint64     copy_size_limit,
                  const char *domain)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (FERRY_TYPE_REGION,
                       "id", id,
                       "name-zh", name_zh,
                       "name-en", name_en,
                       "mainland", mainland,
                       "whole-image-copy", whole_image_copy,
                       "copy-size-limit", copy_size_limit,
                       "domain", domain,
                       NULL);
}

const char *
ferry_region_get_id (FerryRegion *self)
{
  g_return_val_if_fail (FERRY_IS_REGION (self), NULL);
  return self->id;
}

const char *
ferry_region_get_name_zh (FerryRegion *self)
{
  g_return_val_if_fail (FERRY_IS_REGION (self), NULL);
  return self->name_zh != NULL ? self->name_zh : self->id;
}

const char *
ferry_region_get_name_en (FerryRegion *self)
{
  g_return_val_if_fail (FERRY_IS_REGION (self), NULL);
  return self->name_en != NULL ? self->name_en : self->id;
}

const char *
ferry_region_get_name (FerryRegion *self)
{
  g_return_val_if_fail (FERRY_IS_REGION (self), NULL);

  if (ferry_region_names_prefer_chinese ())
    return ferry_region_get_name_zh (self);
  return ferry_region_get_name_en (self);
}

gboolean
ferry_region_get_mainland (FerryRegion *self)
{
  g_return_val_if_fail (FERRY_IS_REGION (self), FALSE);
  return self->mainland;
}

gboolean
ferry_region_get_whole_image_copy (FerryRegion *self)
{
  g_return_val_if_fail (FERRY_IS_REGION (self), FALSE);
  return self->whole_image_copy;
}

guint64
ferry_region_get_copy_size_limit (FerryRegion *self)
{
  g_return_val_if_fail (FERRY_IS_REGION (self), 0);
  return self->copy_size_limit;
}

const char *
ferry_region_get_domain (FerryRegion *self)
{
  g_return_val_if_fail (FERRY_IS_REGION (self), NULL);
  return self->domain;
}

void
ferry_region_set_names (FerryRegion *self,
                        const char  *name_zh,
                        const char  *name_en)
{
  g_return_if_fail (FERRY_IS_REGION (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (name_zh != NULL && g_strcmp0 (name_zh, self->name_zh) != 0)
    {
      g_free (self->name_zh);
      self->name_zh = g_strdup (name_zh);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME_ZH]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
  if (name_en != NULL && g_strcmp0 (name_en, self->name_en) != 0)
    {
      g_free (self->name_en);
      self->name_en = g_strdup (name_en);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME_EN]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
ferry_region_finalize (GObject *object)
{
  FerryRegion *self = FERRY_REGION (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name_zh, g_free);
  g_clear_pointer (&self->name_en, g_free);
  g_clear_pointer (&self->domain, g_free);

  G_OBJECT_CLASS (ferry_region_parent_class)->finalize (object);
}

static void
ferry_region_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FerryRegion *self = FERRY_REGION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, ferry_region_get_name (self));
      break;
    case PROP_NAME_ZH:
      g_value_set_string (value, ferry_region_get_name_zh (self));
      break;
    case PROP_NAME_EN:
      g_value_set_string (value, ferry_region_get_name_en (self));
      break;
    case PROP_MAINLAND:
      g_value_set_boolean (value, self->mainland);
      break;
    case PROP_WHOLE_IMAGE_COPY:
      g_value_set_boolean (value, self->whole_image_copy);
      break;
    case PROP_COPY_SIZE_LIMIT:
      g_value_set_uint64 (value, self->copy_size_limit);
      break;
    case PROP_DOMAIN:
      g_value_set_string (value, self->domain);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_region_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FerryRegion *self = FERRY_REGION (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME_ZH:
      self->name_zh = g_value_dup_string (value);
      break;
    case PROP_NAME_EN:
      self->name_en = g_value_dup_string (value);
      break;
    case PROP_MAINLAND:
      self->mainland = g_value_get_boolean (value);
      break;
    case PROP_WHOLE_IMAGE_COPY:
      self->whole_image_copy = g_value_get_boolean (value);
      break;
    case PROP_COPY_SIZE_LIMIT:
      self->copy_size_limit = g_value_get_uint64 (value);
      break;
    case PROP_DOMAIN:
      self->domain = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_region_class_init (FerryRegionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_region_finalize;
  object_class->get_property = ferry_region_get_property;
  object_class->set_property = ferry_region_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME_ZH] =
    g_param_spec_string ("name-zh", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME_EN] =
    g_param_spec_string ("name-en", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAINLAND] =
    g_param_spec_boolean ("mainland", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WHOLE_IMAGE_COPY] =
    g_param_spec_boolean ("whole-image-copy", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COPY_SIZE_LIMIT] =
    g_param_spec_uint64 ("copy-size-limit", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOMAIN] =
    g_param_spec_string ("domain", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_region_init (FerryRegion *self)
{
}
