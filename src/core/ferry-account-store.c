/* ferry-account-store.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ferry-account-store.h"
#include "ferry-json.h"

#define ACCOUNTS_KEY "accounts"
#define ACTIVE_KEY   "active-account"

struct _FerryAccountStore
{
  GObject    parent_instance;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (FerryAccountStore, ferry_account_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_ACTIVE_ID,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

const SecretSchema *
ferry_account_store_get_secret_schema (void)
{
  static const SecretSchema schema = {
    FERRY_ACCOUNT_SECRET_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

FerryAccountStore *
ferry_account_store_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (FERRY_TYPE_ACCOUNT_STORE, "settings", settings, NULL);
}

/* The vardict of one account, or NULL. */
static GVariant *
lookup_account (FerryAccountStore *self,
                const char        *id)
{
  g_autoptr(GVariant) accounts = NULL;

  if (id == NULL || *id == '\0')
    return NULL;

  accounts = g_settings_get_value (self->settings, ACCOUNTS_KEY);
  return g_variant_lookup_value (accounts, id, G_VARIANT_TYPE_VARDICT);
}

static char *
dup_member (FerryAccountStore *self,
            const char        *id,
            const char        *member)
{
  g_autoptr(GVariant) account = lookup_account (self, id);
  char *value = NULL;

  if (account == NULL)
    return NULL;
  if (!g_variant_lookup (account, member, "s", &value) || *value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

char **
ferry_account_store_dup_ids (FerryAccountStore *self)
{
  g_autoptr(GVariant) accounts = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GVariantIter iter;
  const char *id;

  g_return_val_if_fail (FERRY_IS_ACCOUNT_STORE (self), NULL);

  accounts = g_settings_get_value (self->settings, ACCOUNTS_KEY);
  g_variant_iter_init (&iter, accounts);
  while (g_variant_iter_next (&iter, "{&s@a{sv}}", &id, NULL))
    g_strv_builder_add (builder, id);

  return g_strv_builder_end (builder);
}

gboolean
ferry_account_store_contains (FerryAccountStore *self,
                              const char        *id)
{
  g_autoptr(GVariant) account = NULL;

  g_return_val_if_fail (FERRY_IS_ACCOUNT_STORE (self), FALSE);

  account = lookup_account (self, id);
  return account != NULL;
}

char *
ferry_account_store_dup_name (FerryAccountStore *self,
                              const char        *id)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT_STORE (self), NULL);

  return dup_member (self, id, "name");
}

char *
ferry_account_store_dup_region (FerryAccountStore *self,
                                const char        *id)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT_STORE (self), NULL);

  return dup_member (self, id, "region");
}

char *
ferry_account_store_dup_endpoint (FerryAccountStore *self,
                                  const char        *id)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT_STORE (self), NULL);

  return dup_member (self, id, "endpoint");
}

char *
ferry_account_store_dup_active_id (FerryAccountStore *self)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (FERRY_IS_ACCOUNT_STORE (self), NULL);

  id = g_settings_get_string (self->settings, ACTIVE_KEY);
  if (!ferry_account_store_contains (self, id))
    return NULL;
  return g_steal_pointer (&id);
}

void
ferry_account_store_set_active_id (FerryAccountStore *self,
                                   const char        *id)
{
  g_return_if_fail (FERRY_IS_ACCOUNT_STORE (self));
  g_return_if_fail (id == NULL || ferry_account_store_contains (self, id));

  g_settings_set_string (self->settings, ACTIVE_KEY, id != NULL ? id : "");
}

/* Writes the accounts, leaving out @remove and adding @add_id with
 * @add_value when they are set. */
static void
write_accounts (FerryAccountStore *self,
                const char        *remove,
                const char        *add_id,
                GVariant          *add_value)
{
  g_autoptr(GVariant) accounts = g_settings_get_value (self->settings, ACCOUNTS_KEY);
  GVariantBuilder builder;
  GVariantIter iter;
  const char *id;
  GVariant *value;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sa{sv}}"));
  g_variant_iter_init (&iter, accounts);
  while (g_variant_iter_next (&iter, "{&s@a{sv}}", &id, &value))
    {
      if (g_strcmp0 (id, remove) != 0 && g_strcmp0 (id, add_id) != 0)
        g_variant_builder_add (&builder, "{s@a{sv}}", id, value);
      g_variant_unref (value);
    }
  if (add_id != NULL)
    g_variant_builder_add (&builder, "{s@a{sv}}", add_id, add_value);

  g_settings_set_value (self->settings, ACCOUNTS_KEY, g_variant_builder_end (&builder));
}

/* The keyring item holds the keys as a small JSON object, so that the
 * access key is as private as the secret key. */
static char *
credentials_to_secret (FerryCredentials *credentials)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *token = ferry_credentials_get_security_token (credentials);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_key");
  json_builder_add_string_value (builder, ferry_credentials_get_access_key (credentials));
  json_builder_set_member_name (builder, "secret_key");
  json_builder_add_string_value (builder, ferry_credentials_get_secret_key (credentials));
  if (token != NULL && *token != '\0')
    {
      json_builder_set_member_name (builder, "security_token");
      json_builder_add_string_value (builder, token);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static FerryCredentials *
credentials_from_secret (const char  *secret,
                         GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *access_key, *secret_key, *token;

  root = ferry_json_parse (secret, secret != NULL ? strlen (secret) : 0, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto broken;

  object = json_node_get_object (root);
  access_key = json_object_get_string_member_with_default (object, "access_key", NULL);
  secret_key = json_object_get_string_member_with_default (object, "secret_key", NULL);
  token = json_object_get_string_member_with_default (object, "security_token", NULL);
  if (access_key == NULL || secret_key == NULL)
    goto broken;

  return ferry_credentials_new (access_key, secret_key, token);

broken:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The keys of this account in the keyring are damaged. Remove the account and add it again."));
  return NULL;
}

/* Adding */

typedef struct
{
  char     *id;
  GVariant *value;
} AddData;

static void
add_data_free (AddData *data)
{
  g_free (data->id);
  g_clear_pointer (&data->value, g_variant_unref);
  g_free (data);
}

static void
store_secret_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FerryAccountStore *self = g_task_get_source_object (task);
  AddData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The keys could not be saved in the keyring: %s"),
                               error->message);
      return;
    }

  /* Only now does the account exist for the rest of the application. */
  write_accounts (self, NULL, data->id, data->value);
  g_task_return_pointer (task, g_strdup (data->id), g_free);
}

void
ferry_account_store_add_async (FerryAccountStore   *self,
                               const char          *name,
                               const char          *region,
                               const char          *endpoint,
                               FerryCredentials    *credentials,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;
  GVariantDict dict;
  AddData *data;
  char *secret;

  g_return_if_fail (FERRY_IS_ACCOUNT_STORE (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (region != NULL);
  g_return_if_fail (FERRY_IS_CREDENTIALS (credentials));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_account_store_add_async);

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "name", "s", name);
  g_variant_dict_insert (&dict, "region", "s", region);
  g_variant_dict_insert (&dict, "endpoint", "s", endpoint != NULL ? endpoint : "");

  data = g_new0 (AddData, 1);
  data->id = g_uuid_string_random ();
  data->value = g_variant_ref_sink (g_variant_dict_end (&dict));
  g_task_set_task_data (task, data, (GDestroyNotify) add_data_free);

  /* Translators: the label of the keyring item, shown in Passwords and Keys. */
  label = g_strdup_printf (_("Huawei Cloud access keys of “%s” (Ferry)"), name);
  secret = credentials_to_secret (credentials);
  secret_password_store (ferry_account_store_get_secret_schema (), SECRET_COLLECTION_DEFAULT,
                         label, secret, cancellable, store_secret_cb, g_steal_pointer (&task),
                         "account", data->id,
                         NULL);
  secret_password_free (secret);
}

char *
ferry_account_store_add_finish (FerryAccountStore  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Looking up */

static void
lookup_secret_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  FerryCredentials *credentials;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The keyring could not be read: %s"), error->message);
      return;
    }
  if (secret == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                               _("The keys of this account are not in the keyring. Remove the account and add it again."));
      return;
    }

  credentials = credentials_from_secret (secret, &error);
  secret_password_free (secret);
  if (credentials == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, credentials, g_object_unref);
}

void
ferry_account_store_lookup_credentials_async (FerryAccountStore   *self,
                                              const char          *id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FERRY_IS_ACCOUNT_STORE (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_account_store_lookup_credentials_async);

  secret_password_lookup (ferry_account_store_get_secret_schema (), cancellable,
                          lookup_secret_cb, task,
                          "account", id,
                          NULL);
}

FerryCredentials *
ferry_account_store_lookup_credentials_finish (FerryAccountStore  *self,
                                               GAsyncResult       *result,
                                               GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Removing */

static void
clear_secret_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FerryAccountStore *self = g_task_get_source_object (task);
  const char *id = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *active = NULL;

  /* FALSE without an error: there was nothing to clear, which is fine. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The keys could not be removed from the keyring: %s"),
                               error->message);
      return;
    }

  active = g_settings_get_string (self->settings, ACTIVE_KEY);
  g_settings_delay (self->settings);
  write_accounts (self, id, NULL, NULL);
  if (g_strcmp0 (active, id) == 0)
    {
      g_auto(GStrv) ids = ferry_account_store_dup_ids (self);

      g_settings_set_string (self->settings, ACTIVE_KEY, ids[0] != NULL ? ids[0] : "");
    }
  g_settings_apply (self->settings);

  g_task_return_boolean (task, TRUE);
}

void
ferry_account_store_remove_async (FerryAccountStore   *self,
                                  const char          *id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FERRY_IS_ACCOUNT_STORE (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_account_store_remove_async);
  g_task_set_task_data (task, g_strdup (id), g_free);

  secret_password_clear (ferry_account_store_get_secret_schema (), cancellable,
                         clear_secret_cb, task,
                         "account", id,
                         NULL);
}

gboolean
ferry_account_store_remove_finish (FerryAccountStore  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject */

static void
settings_changed_cb (FerryAccountStore *self,
                     const char        *key,
                     GSettings         *settings)
{
  if (g_strcmp0 (key, ACCOUNTS_KEY) == 0)
    {
      g_signal_emit (self, signals[CHANGED], 0);
      /* The active id reads as NULL once its account is gone. */
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_ID]);
    }
  else if (g_strcmp0 (key, ACTIVE_KEY) == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_ID]);
}

static void
ferry_account_store_constructed (GObject *object)
{
  FerryAccountStore *self = FERRY_ACCOUNT_STORE (object);

  G_OBJECT_CLASS (ferry_account_store_parent_class)->constructed (object);

  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
ferry_account_store_dispose (GObject *object)
{
  FerryAccountStore *self = FERRY_ACCOUNT_STORE (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ferry_account_store_parent_class)->dispose (object);
}

static void
ferry_account_store_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FerryAccountStore *self = FERRY_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_ACTIVE_ID:
      g_value_take_string (value, ferry_account_store_dup_active_id (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_account_store_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FerryAccountStore *self = FERRY_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_ACTIVE_ID:
      ferry_account_store_set_active_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_account_store_class_init (FerryAccountStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ferry_account_store_constructed;
  object_class->dispose = ferry_account_store_dispose;
  object_class->get_property = ferry_account_store_get_property;
  object_class->set_property = ferry_account_store_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE_ID] =
    g_param_spec_string ("active-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ferry_account_store_init (FerryAccountStore *self)
{
}
