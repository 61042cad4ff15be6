/* ferry-image-tag.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-image-tag.h"
#include "ferry-json.h"

struct _FerryImageTag
{
  GObject  parent_instance;

  char    *key;
  char    *value;
};

G_DEFINE_FINAL_TYPE (FerryImageTag, ferry_image_tag, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KEY,
  PROP_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

FerryImageTag *
ferry_image_tag_new (const char *key,
                     const char *value)
{
  FerryImageTag *self;

  g_return_val_if_fail (key != NULL && *key != '\0', NULL);

  self = g_object_new (FERRY_TYPE_IMAGE_TAG, NULL);
  self->key = g_strdup (key);
  self->value = g_strdup (value != NULL ? value : "");
  return self;
}

FerryImageTag *
ferry_image_tag_new_from_json (JsonObject  *object,
                               GError     **error)
{
  g_autoptr(FerryImageTag) self = NULL;
  JsonNode *value;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FERRY_TYPE_IMAGE_TAG, NULL);
  if (!ferry_json_require_text (object, "key", &self->key, error))
    return NULL;

  /* "" is a value (ims_03_0617: "value不能为空，但可以是空白字符串"), so
   * the strict reader, which reads "" as absent, does not fit here. */
  value = json_object_get_member (object, "value");
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return (ferry_json_set_invalid (error, "value", "missing"), NULL);
  if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
    return (ferry_json_set_invalid (error, "value", "string"), NULL);
  self->value = g_strdup (json_node_get_string (value));

  return g_steal_pointer (&self);
}

const char *
ferry_image_tag_get_key (FerryImageTag *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE_TAG (self), NULL);
  return self->key;
}

const char *
ferry_image_tag_get_value (FerryImageTag *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE_TAG (self), NULL);
  return self->value;
}

static void
ferry_image_tag_finalize (GObject *object)
{
  FerryImageTag *self = FERRY_IMAGE_TAG (object);

  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->value, g_free);

  G_OBJECT_CLASS (ferry_image_tag_parent_class)->finalize (object);
}

static void
ferry_image_tag_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FerryImageTag *self = FERRY_IMAGE_TAG (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_image_tag_class_init (FerryImageTagClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_image_tag_finalize;
  object_class->get_property = ferry_image_tag_get_property;

  properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, flags);
  properties[PROP_VALUE] = g_param_spec_string ("value", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_image_tag_init (FerryImageTag *self)
{
}
