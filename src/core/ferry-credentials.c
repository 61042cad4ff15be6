/* ferry-credentials.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ferry-credentials.h"
#include "ferry-error.h"

struct _FerryCredentials
{
  GObject  parent_instance;

  char    *access_key;
  char    *secret_key;
  char    *security_token;
};

G_DEFINE_FINAL_TYPE (FerryCredentials, ferry_credentials, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCESS_KEY,
  PROP_SECRET_KEY,
  PROP_SECURITY_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

FerryCredentials *
ferry_credentials_new (const char *access_key,
                       const char *secret_key,
                       const char *security_token)
{
  g_return_val_if_fail (access_key != NULL, NULL);
  g_return_val_if_fail (secret_key != NULL, NULL);

  return g_object_new (FERRY_TYPE_CREDENTIALS,
                       "access-key", access_key,
                       "secret-key", secret_key,
                       "security-token", security_token,
                       NULL);
}

FerryCredentials *
ferry_credentials_new_from_variables (const char  *ak,
                                      const char  *sk,
                                      const char  *token,
                                      GError     **error)
{
  if (ak == NULL || *ak == '\0' || sk == NULL || *sk == '\0')
    {
      g_set_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NO_CREDENTIALS,
                   _("No access key is set up: set %s and %s, or add an account in Ferry."),
                   FERRY_ENV_ACCESS_KEY, FERRY_ENV_SECRET_KEY);
      return NULL;
    }

  return ferry_credentials_new (ak, sk, token != NULL && *token != '\0' ? token : NULL);
}

const char *
ferry_credentials_get_access_key (FerryCredentials *self)
{
  g_return_val_if_fail (FERRY_IS_CREDENTIALS (self), NULL);
  return self->access_key;
}

const char *
ferry_credentials_get_secret_key (FerryCredentials *self)
{
  g_return_val_if_fail (FERRY_IS_CREDENTIALS (self), NULL);
  return self->secret_key;
}

const char *
ferry_credentials_get_security_token (FerryCredentials *self)
{
  g_return_val_if_fail (FERRY_IS_CREDENTIALS (self), NULL);
  return self->security_token;
}

char *
ferry_credentials_dup_masked_access_key (FerryCredentials *self)
{
  gsize len;

  g_return_val_if_fail (FERRY_IS_CREDENTIALS (self), NULL);

  len = strlen (self->access_key);
  if (len <= 8)
    return g_strdup ("…");
  return g_strdup_printf ("%.4s…%s", self->access_key, self->access_key + len - 4);
}

static void
clear_secret (char **secret)
{
  /* Do not leave the secret in freed memory. */
  if (*secret != NULL)
    explicit_bzero (*secret, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
ferry_credentials_finalize (GObject *object)
{
  FerryCredentials *self = FERRY_CREDENTIALS (object);

  g_clear_pointer (&self->access_key, g_free);
  clear_secret (&self->secret_key);
  clear_secret (&self->security_token);

  G_OBJECT_CLASS (ferry_credentials_parent_class)->finalize (object);
}

static void
ferry_credentials_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FerryCredentials *self = FERRY_CREDENTIALS (object);

  switch (prop_id)
    {
    case PROP_ACCESS_KEY:
      g_value_set_string (value, self->access_key);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_credentials_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FerryCredentials *self = FERRY_CREDENTIALS (object);

  switch (prop_id)
    {
    case PROP_ACCESS_KEY:
      self->access_key = g_value_dup_string (value);
      break;
    case PROP_SECRET_KEY:
      self->secret_key = g_value_dup_string (value);
      break;
    case PROP_SECURITY_TOKEN:
      self->security_token = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_credentials_class_init (FerryCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_credentials_finalize;
  object_class->get_property = ferry_credentials_get_property;
  object_class->set_property = ferry_credentials_set_property;

  properties[PROP_ACCESS_KEY] =
    g_param_spec_string ("access-key", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Write-only, so that no property dump ever shows them. */
  properties[PROP_SECRET_KEY] =
    g_param_spec_string ("secret-key", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECURITY_TOKEN] =
    g_param_spec_string ("security-token", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_credentials_init (FerryCredentials *self)
{
}
