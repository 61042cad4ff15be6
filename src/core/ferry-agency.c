/* ferry-agency.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-agency.h"
#include "ferry-json.h"

struct _FerryAgency
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *domain_id;
  char    *trust_domain_id;
  char    *trust_domain_name;
  char    *duration;
  char    *description;
  char    *create_time;
  char    *expire_time;
};

G_DEFINE_FINAL_TYPE (FerryAgency, ferry_agency, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DOMAIN_ID,
  PROP_TRUST_DOMAIN_ID,
  PROP_TRUST_DOMAIN_NAME,
  PROP_DURATION,
  PROP_DESCRIPTION,
  PROP_CREATE_TIME,
  PROP_EXPIRE_TIME,
  PROP_TRUSTS_IMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

FerryAgency *
ferry_agency_new_from_json (JsonObject  *object,
                            GError     **error)
{
  g_autoptr(FerryAgency) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FERRY_TYPE_AGENCY, NULL);

  /* id and name are what Ferry needs (a copy names its agency); the rest
   * may be absent (ShowAgency's example has no expire_time, the list's
   * sends it as null). */
  if (!ferry_json_require_text (object, "id", &self->id, error) ||
      !ferry_json_require_text (object, "name", &self->name, error))
    return NULL;

  /* `duration` is "FOREVER", null or a number of hours (IAM agency pages):
   * the one member read leniently, a number being kept as text. */
  if (!ferry_json_get_text (object, "domain_id", &self->domain_id, error) ||
      !ferry_json_get_text (object, "trust_domain_id", &self->trust_domain_id, error) ||
      !ferry_json_get_text (object, "trust_domain_name", &self->trust_domain_name, error) ||
      !ferry_json_get_string (object, "duration", &self->duration, error) ||
      !ferry_json_get_text (object, "description", &self->description, error) ||
      !ferry_json_get_text (object, "create_time", &self->create_time, error) ||
      !ferry_json_get_text (object, "expire_time", &self->expire_time, error))
    return NULL;

  return g_steal_pointer (&self);
}

JsonNode *
ferry_agency_serialize (FerryAgency *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (FERRY_IS_AGENCY (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  ferry_json_add_string (builder, "id", self->id);
  ferry_json_add_string (builder, "name", self->name);
  ferry_json_add_string (builder, "domain_id", self->domain_id);
  ferry_json_add_string (builder, "trust_domain_id", self->trust_domain_id);
  ferry_json_add_string (builder, "trust_domain_name", self->trust_domain_name);
  ferry_json_add_boolean (builder, "trusts_ims", ferry_agency_trusts_ims (self));
  ferry_json_add_string (builder, "duration", self->duration);
  ferry_json_add_string (builder, "description", self->description);
  ferry_json_add_string (builder, "create_time", self->create_time);
  ferry_json_add_string (builder, "expire_time", self->expire_time);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
ferry_agency_get_id (FerryAgency *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY (self), NULL);
  return self->id;
}

const char *
ferry_agency_get_name (FerryAgency *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY (self), NULL);
  return self->name;
}

const char *
ferry_agency_get_domain_id (FerryAgency *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY (self), NULL);
  return self->domain_id;
}

const char *
ferry_agency_get_trust_domain_id (FerryAgency *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY (self), NULL);
  return self->trust_domain_id;
}

const char *
ferry_agency_get_trust_domain_name (FerryAgency *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY (self), NULL);
  return self->trust_domain_name;
}

const char *
ferry_agency_get_duration (FerryAgency *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY (self), NULL);
  return self->duration;
}

const char *
ferry_agency_get_description (FerryAgency *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY (self), NULL);
  return self->description;
}

const char *
ferry_agency_get_create_time (FerryAgency *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY (self), NULL);
  return self->create_time;
}

const char *
ferry_agency_get_expire_time (FerryAgency *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY (self), NULL);
  return self->expire_time;
}

gboolean
ferry_agency_trusts_ims (FerryAgency *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY (self), FALSE);
  return g_strcmp0 (self->trust_domain_name, FERRY_AGENCY_IMS_TRUST_DOMAIN) == 0;
}

static void
ferry_agency_finalize (GObject *object)
{
  FerryAgency *self = FERRY_AGENCY (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->domain_id, g_free);
  g_clear_pointer (&self->trust_domain_id, g_free);
  g_clear_pointer (&self->trust_domain_name, g_free);
  g_clear_pointer (&self->duration, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->create_time, g_free);
  g_clear_pointer (&self->expire_time, g_free);

  G_OBJECT_CLASS (ferry_agency_parent_class)->finalize (object);
}

static void
ferry_agency_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FerryAgency *self = FERRY_AGENCY (object);

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
    case PROP_TRUST_DOMAIN_ID:
      g_value_set_string (value, self->trust_domain_id);
      break;
    case PROP_TRUST_DOMAIN_NAME:
      g_value_set_string (value, self->trust_domain_name);
      break;
    case PROP_DURATION:
      g_value_set_string (value, self->duration);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_CREATE_TIME:
      g_value_set_string (value, self->create_time);
      break;
    case PROP_EXPIRE_TIME:
      g_value_set_string (value, self->expire_time);
      break;
    case PROP_TRUSTS_IMS:
      g_value_set_boolean (value, ferry_agency_trusts_ims (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_agency_class_init (FerryAgencyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_agency_finalize;
  object_class->get_property = ferry_agency_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DOMAIN_ID] =
    g_param_spec_string ("domain-id", NULL, NULL, NULL, flags);
  properties[PROP_TRUST_DOMAIN_ID] =
    g_param_spec_string ("trust-domain-id", NULL, NULL, NULL, flags);
  properties[PROP_TRUST_DOMAIN_NAME] =
    g_param_spec_string ("trust-domain-name", NULL, NULL, NULL, flags);
  properties[PROP_DURATION] =
    g_param_spec_string ("duration", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_CREATE_TIME] =
    g_param_spec_string ("create-time", NULL, NULL, NULL, flags);
  properties[PROP_EXPIRE_TIME] =
    g_param_spec_string ("expire-time", NULL, NULL, NULL, flags);
  properties[PROP_TRUSTS_IMS] =
    g_param_spec_boolean ("trusts-ims", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_agency_init (FerryAgency *self)
{
}
