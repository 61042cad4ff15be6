/* ferry-role.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-json.h"
#include "ferry-role.h"

struct _FerryRole
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *display_name;
  char    *type;
  char    *catalog;
  char    *description;
};

G_DEFINE_FINAL_TYPE (FerryRole, ferry_role, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DISPLAY_NAME,
  PROP_TYPE,
  PROP_CATALOG,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

FerryRole *
ferry_role_new_from_json (JsonObject  *object,
                          GError     **error)
{
  g_autoptr(FerryRole) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FERRY_TYPE_ROLE, NULL);

  /* Grants name a role by its id; id and name are what the IAM role
   * pages and the SDK's RoleResult always carry. display_name, by which
   * Ferry finds IMS Administrator, is optional there. */
  if (!ferry_json_require_text (object, "id", &self->id, error) ||
      !ferry_json_require_text (object, "name", &self->name, error))
    return NULL;

  if (!ferry_json_get_text (object, "display_name", &self->display_name, error) ||
      !ferry_json_get_text (object, "type", &self->type, error) ||
      !ferry_json_get_text (object, "catalog", &self->catalog, error) ||
      !ferry_json_get_text (object, "description", &self->description, error))
    return NULL;

  return g_steal_pointer (&self);
}

JsonNode *
ferry_role_serialize (FerryRole *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (FERRY_IS_ROLE (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  ferry_json_add_string (builder, "id", self->id);
  ferry_json_add_string (builder, "name", self->name);
  ferry_json_add_string (builder, "display_name", self->display_name);
  ferry_json_add_string (builder, "type", self->type);
  ferry_json_add_string (builder, "catalog", self->catalog);
  ferry_json_add_string (builder, "description", self->description);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
ferry_role_get_id (FerryRole *self)
{
  g_return_val_if_fail (FERRY_IS_ROLE (self), NULL);
  return self->id;
}

const char *
ferry_role_get_name (FerryRole *self)
{
  g_return_val_if_fail (FERRY_IS_ROLE (self), NULL);
  return self->name;
}

const char *
ferry_role_get_display_name (FerryRole *self)
{
  g_return_val_if_fail (FERRY_IS_ROLE (self), NULL);
  return self->display_name;
}

const char *
ferry_role_get_role_type (FerryRole *self)
{
  g_return_val_if_fail (FERRY_IS_ROLE (self), NULL);
  return self->type;
}

const char *
ferry_role_get_catalog (FerryRole *self)
{
  g_return_val_if_fail (FERRY_IS_ROLE (self), NULL);
  return self->catalog;
}

const char *
ferry_role_get_description (FerryRole *self)
{
  g_return_val_if_fail (FERRY_IS_ROLE (self), NULL);
  return self->description;
}

static void
ferry_role_finalize (GObject *object)
{
  FerryRole *self = FERRY_ROLE (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->type, g_free);
  g_clear_pointer (&self->catalog, g_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (ferry_role_parent_class)->finalize (object);
}

static void
ferry_role_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FerryRole *self = FERRY_ROLE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_TYPE:
      g_value_set_string (value, self->type);
      break;
    case PROP_CATALOG:
      g_value_set_string (value, self->catalog);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_role_class_init (FerryRoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_role_finalize;
  object_class->get_property = ferry_role_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_TYPE] =
    g_param_spec_string ("type", NULL, NULL, NULL, flags);
  properties[PROP_CATALOG] =
    g_param_spec_string ("catalog", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_role_init (FerryRole *self)
{
}
