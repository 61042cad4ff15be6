/* ferry-project.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ferry-json.h"
#include "ferry-project.h"

struct _FerryProject
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *domain_id;
  char    *parent_id;
  char    *description;
  char    *region_id;
  guint    enabled : 1;
};

G_DEFINE_FINAL_TYPE (FerryProject, ferry_project, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DOMAIN_ID,
  PROP_PARENT_ID,
  PROP_ENABLED,
  PROP_DESCRIPTION,
  PROP_REGION_ID,
  PROP_DEFAULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
looks_like_region_id (const char *text,
                      gsize       length)
{
  gboolean has_dash = FALSE;

  if (length == 0 || text[0] == '-' || text[length - 1] == '-')
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == '-')
        has_dash = TRUE;
      else if (!g_ascii_islower (c) && !g_ascii_isdigit (c))
        return FALSE;
    }

  return has_dash;
}

static char *
region_id_from_name (const char *name)
{
  const char *underscore;
  gsize length;

  if (name == NULL)
    return NULL;

  underscore = strchr (name, '_');
  length = underscore != NULL ? (gsize) (underscore - name) : strlen (name);
  if (!looks_like_region_id (name, length))
    return NULL;

  return g_strndup (name, length);
}

FerryProject *
ferry_project_new_from_json (JsonObject  *object,
                             GError     **error)
{
  g_autoptr(FerryProject) self = NULL;
  gboolean enabled;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FERRY_TYPE_PROJECT, NULL);

  /* id and name are what Ferry needs (a region's project is found by its
   * name); both strings, as the IAM project pages show them. */
  if (!ferry_json_require_text (object, "id", &self->id, error) ||
      !ferry_json_require_text (object, "name", &self->name, error))
    return NULL;

  if (!ferry_json_get_text (object, "domain_id", &self->domain_id, error) ||
      !ferry_json_get_text (object, "parent_id", &self->parent_id, error) ||
      !ferry_json_get_text (object, "description", &self->description, error) ||
      !ferry_json_get_boolean (object, "enabled", TRUE, &enabled, error))
    return NULL;
  self->enabled = enabled;

  /* Derived once: it is what the dialog filters projects by. */
  self->region_id = region_id_from_name (self->name);

  return g_steal_pointer (&self);
}

JsonNode *
ferry_project_serialize (FerryProject *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (FERRY_IS_PROJECT (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  ferry_json_add_string (builder, "id", self->id);
  ferry_json_add_string (builder, "name", self->name);
  ferry_json_add_string (builder, "domain_id", self->domain_id);
  ferry_json_add_string (builder, "parent_id", self->parent_id);
  ferry_json_add_boolean (builder, "enabled", self->enabled);
  ferry_json_add_string (builder, "description", self->description);
  ferry_json_add_string (builder, "region_id", self->region_id);
  ferry_json_add_boolean (builder, "default", ferry_project_is_default (self));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
ferry_project_get_id (FerryProject *self)
{
  g_return_val_if_fail (FERRY_IS_PROJECT (self), NULL);
  return self->id;
}

const char *
ferry_project_get_name (FerryProject *self)
{
  g_return_val_if_fail (FERRY_IS_PROJECT (self), NULL);
  return self->name;
}

const char *
ferry_project_get_domain_id (FerryProject *self)
{
  g_return_val_if_fail (FERRY_IS_PROJECT (self), NULL);
  return self->domain_id;
}

const char *
ferry_project_get_parent_id (FerryProject *self)
{
  g_return_val_if_fail (FERRY_IS_PROJECT (self), NULL);
  return self->parent_id;
}

gboolean
ferry_project_get_enabled (FerryProject *self)
{
  g_return_val_if_fail (FERRY_IS_PROJECT (self), FALSE);
  return self->enabled;
}

const char *
ferry_project_get_description (FerryProject *self)
{
  g_return_val_if_fail (FERRY_IS_PROJECT (self), NULL);
  return self->description;
}

const char *
ferry_project_get_region_id (FerryProject *self)
{
  g_return_val_if_fail (FERRY_IS_PROJECT (self), NULL);
  return self->region_id;
}

gboolean
ferry_project_is_default (FerryProject *self)
{
  g_return_val_if_fail (FERRY_IS_PROJECT (self), FALSE);
  return self->region_id != NULL && g_strcmp0 (self->name, self->region_id) == 0;
}

static void
ferry_project_finalize (GObject *object)
{
  FerryProject *self = FERRY_PROJECT (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->domain_id, g_free);
  g_clear_pointer (&self->parent_id, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->region_id, g_free);

  G_OBJECT_CLASS (ferry_project_parent_class)->finalize (object);
}

static void
ferry_project_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FerryProject *self = FERRY_PROJECT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DOMAIN_ID:
      g_value_set_string (value, self->domain_id);
      break;
    case PROP_PARENT_ID:
      g_value_set_string (value, self->parent_id);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_REGION_ID:
      g_value_set_string (value, self->region_id);
      break;
    case PROP_DEFAULT:
      g_value_set_boolean (value, ferry_project_is_default (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_project_class_init (FerryProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_project_finalize;
  object_class->get_property = ferry_project_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DOMAIN_ID] =
    g_param_spec_string ("domain-id", NULL, NULL, NULL, flags);
  properties[PROP_PARENT_ID] =
    g_param_spec_string ("parent-id", NULL, NULL, NULL, flags);
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE, flags);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_REGION_ID] =
    g_param_spec_string ("region-id", NULL, NULL, NULL, flags);
  properties[PROP_DEFAULT] =
    g_param_spec_boolean ("default", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_project_init (FerryProject *self)
{
  self->enabled = TRUE;
}
