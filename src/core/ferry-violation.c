/* ferry-violation.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-violation.h"

G_DEFINE_ENUM_TYPE (FerryRule, ferry_rule,
  G_DEFINE_ENUM_VALUE (FERRY_RULE_NOT_OWN_PRIVATE, "not-own-private"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_STATUS, "status"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_ENCRYPTED, "encrypted"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_ISO, "iso"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_TOO_LARGE, "too-large"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_SAME_REGION, "same-region"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_UNKNOWN_REGION, "unknown-region"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_WHOLE_IMAGE_REGION, "whole-image-region"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_WHOLE_IMAGE_OUTSIDE_MAINLAND, "whole-image-outside-mainland"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_WHOLE_IMAGE_CROSS_BORDER, "whole-image-cross-border"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_VAULT_REQUIRED, "vault-required"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_VAULT_UNSUITABLE, "vault-unsuitable"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_VAULT_UNAVAILABLE, "vault-unavailable"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_VAULT_FULL, "vault-full"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_CONCURRENCY, "concurrency"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_AGENCY_MISSING, "agency-missing"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_AGENCY_NOT_IMS, "agency-not-ims"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_AGENCY_PERMISSION, "agency-permission"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_WHOLE_IMAGE_IN_REGION, "whole-image-in-region"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_NO_DESTINATION, "no-destination"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_NO_PROJECT, "no-project"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_QUOTA, "quota"))

const char *
ferry_rule_to_code (FerryRule rule)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (FERRY_TYPE_RULE);
  GEnumValue *value = g_enum_get_value (klass, rule);

  /* The class is static: its strings outlive this reference. */
  return value != NULL ? value->value_nick : NULL;
}

struct _FerryViolation
{
  GObject    parent_instance;

  FerryRule  rule;
  char      *server_code;
  char      *message;
};

G_DEFINE_FINAL_TYPE (FerryViolation, ferry_violation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RULE,
  PROP_CODE,
  PROP_SERVER_CODE,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

FerryViolation *
ferry_violation_new (FerryRule   rule,
                     const char *server_code,
                     const char *message)
{
  g_return_val_if_fail (message != NULL, NULL);

  return g_object_new (FERRY_TYPE_VIOLATION,
                       "rule", rule,
                       "server-code", server_code,
                       "message", message,
                       NULL);
}

FerryRule
ferry_violation_get_rule (FerryViolation *self)
{
  g_return_val_if_fail (FERRY_IS_VIOLATION (self), 0);
  return self->rule;
}

const char *
ferry_violation_get_code (FerryViolation *self)
{
  g_return_val_if_fail (FERRY_IS_VIOLATION (self), NULL);
  return ferry_rule_to_code (self->rule);
}

const char *
ferry_violation_get_server_code (FerryViolation *self)
{
  g_return_val_if_fail (FERRY_IS_VIOLATION (self), NULL);
  return self->server_code;
}

const char *
ferry_violation_get_message (FerryViolation *self)
{
  g_return_val_if_fail (FERRY_IS_VIOLATION (self), NULL);
  return self->message;
}

static void
ferry_violation_finalize (GObject *object)
{
  FerryViolation *self = FERRY_VIOLATION (object);

  g_clear_pointer (&self->server_code, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (ferry_violation_parent_class)->finalize (object);
}

static void
ferry_violation_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FerryViolation *self = FERRY_VIOLATION (object);

  switch (prop_id)
    {
    case PROP_RULE:
      g_value_set_enum (value, self->rule);
      break;
    case PROP_CODE:
      g_value_set_string (value, ferry_violation_get_code (self));
      break;
    case PROP_SERVER_CODE:
      g_value_set_string (value, self->server_code);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_violation_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FerryViolation *self = FERRY_VIOLATION (object);

  switch (prop_id)
    {
    case PROP_RULE:
      self->rule = g_value_get_enum (value);
      break;
    case PROP_SERVER_CODE:
      self->server_code = g_value_dup_string (value);
      break;
    case PROP_MESSAGE:
      self->message = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_violation_class_init (FerryViolationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_violation_finalize;
  object_class->get_property = ferry_violation_get_property;
  object_class->set_property = ferry_violation_set_property;

  properties[PROP_RULE] =
    g_param_spec_enum ("rule", NULL, NULL, FERRY_TYPE_RULE, FERRY_RULE_NOT_OWN_PRIVATE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_CODE] =
    g_param_spec_string ("server-code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_violation_init (FerryViolation *self)
{
}
