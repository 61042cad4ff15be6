/* test-account-store.c: accounts in GSettings, their keys in the real keyring
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs against the Secret Service of the session (the test environment
 * starts an unlocked gnome-keyring): without one, adding fails, and so
 * does this test.
 */

#include "config.h"

#include <string.h>

#include "ferry-account-store.h"
#include "ferry-test-keyring.h"
#include "ferry-test-wait.h"

#define ACCESS_KEY     "FERRYTESTACCESSKEY01"
#define SECRET_KEY     "ferry-test-secret-key-never-in-gsettings-0001"
#define SECURITY_TOKEN "ferry-test-security-token-never-in-gsettings"

typedef struct
{
  GSettings         *settings;
  FerryAccountStore *store;
  FerryTestWait      wait;
  guint              active_notified;
  guint              changed;
} Fixture;

static void
active_notified_cb (Fixture *f)
{
  f->active_notified++;
}

static void
changed_cb (Fixture *f)
{
  f->changed++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  /* GSETTINGS_BACKEND=memory: a fresh, empty settings store. */
  f->settings = g_settings_new (APP_ID_BASE);
  f->store = ferry_account_store_new (f->settings);
  g_signal_connect_swapped (f->store, "notify::active-id", G_CALLBACK (active_notified_cb), f);
  g_signal_connect_swapped (f->store, "changed", G_CALLBACK (changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(GStrv) ids = ferry_account_store_dup_ids (f->store);

  /* Leave nothing in the keyring. */
  for (guint i = 0; ids[i] != NULL; i++)
    {
      GAsyncResult *result;

      ferry_account_store_remove_async (f->store, ids[i], NULL, ferry_test_store_cb, &f->wait);
      result = ferry_test_wait (&f->wait);
      g_assert_true (ferry_account_store_remove_finish (f->store, result, NULL));
    }
  /* The last result holds its task, and the task the store: the store
   * must go with the fixture, since its handlers point into the fixture,
   * which GTest frees after this. */
  ferry_test_wait_clear (&f->wait);
  g_assert_finalize_object (f->store);
  f->store = NULL;
  g_clear_object (&f->settings);
}

static char *
add (Fixture          *f,
     const char       *name,
     const char       *region,
     const char       *endpoint,
     FerryCredentials *credentials)
{
  GAsyncResult *result;
  g_autoptr(GError) error = NULL;
  char *id;

  ferry_account_store_add_async (f->store, name, region, endpoint, credentials, NULL,
                                 ferry_test_store_cb, &f->wait);
  result = ferry_test_wait (&f->wait);
  id = ferry_account_store_add_finish (f->store, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static FerryCredentials *
lookup_credentials (Fixture     *f,
                    const char  *id,
                    GError     **error)
{
  GAsyncResult *result;

  ferry_account_store_lookup_credentials_async (f->store, id, NULL, ferry_test_store_cb, &f->wait);
  result = ferry_test_wait (&f->wait);
  return ferry_account_store_lookup_credentials_finish (f->store, result, error);
}

static void
remove_account (Fixture    *f,
                const char *id)
{
  GAsyncResult *result;
  g_autoptr(GError) error = NULL;

  ferry_account_store_remove_async (f->store, id, NULL, ferry_test_store_cb, &f->wait);
  result = ferry_test_wait (&f->wait);
  g_assert_true (ferry_account_store_remove_finish (f->store, result, &error));
  g_assert_no_error (error);
}

static void
test_add_keeps_keys_in_keyring (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(FerryCredentials) credentials = ferry_credentials_new (ACCESS_KEY, SECRET_KEY,
                                                                   SECURITY_TOKEN);
  g_autoptr(FerryCredentials) found = NULL;
  g_autoptr(GVariant) accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *name = NULL;
  g_autofree char *region = NULL;
  g_autofree char *endpoint = NULL;
  g_auto(GStrv) ids = NULL;

  g_assert_null (ferry_account_store_dup_active_id (f->store));
  id = add (f, "Production", "cn-east-3", "https://{service}.{region}.example.com", credentials);

  /* The keyring has the keys, all three... */
  secret = ferry_test_keyring_secret (id);
  g_assert_nonnull (secret);
  g_assert_nonnull (strstr (secret, ACCESS_KEY));
  g_assert_nonnull (strstr (secret, SECRET_KEY));
  g_assert_nonnull (strstr (secret, SECURITY_TOKEN));

  /* ... and GSettings only what is not secret. */
  accounts = g_settings_get_value (f->settings, "accounts");
  printed = g_variant_print (accounts, FALSE);
  g_assert_null (strstr (printed, ACCESS_KEY));
  g_assert_null (strstr (printed, SECRET_KEY));
  g_assert_null (strstr (printed, SECURITY_TOKEN));
  g_assert_nonnull (strstr (printed, "Production"));

  ids = ferry_account_store_dup_ids (f->store);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, id);
  g_assert_true (ferry_account_store_contains (f->store, id));
  g_assert_false (ferry_account_store_contains (f->store, "no-such-account"));
  name = ferry_account_store_dup_name (f->store, id);
  region = ferry_account_store_dup_region (f->store, id);
  endpoint = ferry_account_store_dup_endpoint (f->store, id);
  g_assert_cmpstr (name, ==, "Production");
  g_assert_cmpstr (region, ==, "cn-east-3");
  g_assert_cmpstr (endpoint, ==, "https://{service}.{region}.example.com");
  g_assert_cmpuint (f->changed, >=, 1);

  /* Adding does not make it active: the caller decides. */
  g_assert_null (ferry_account_store_dup_active_id (f->store));

  found = lookup_credentials (f, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_credentials_get_access_key (found), ==, ACCESS_KEY);
  g_assert_cmpstr (ferry_credentials_get_secret_key (found), ==, SECRET_KEY);
  g_assert_cmpstr (ferry_credentials_get_security_token (found), ==, SECURITY_TOKEN);
}

static void
test_active_and_remove (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FerryCredentials) credentials = ferry_credentials_new (ACCESS_KEY, SECRET_KEY, NULL);
  g_autoptr(FerryCredentials) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *active = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *secret = NULL;
  g_auto(GStrv) ids = NULL;

  first = add (f, "First", "cn-north-4", NULL, credentials);
  second = add (f, "Second", "ap-southeast-3", NULL, credentials);

  /* In the order they came; no endpoint means the default. */
  ids = ferry_account_store_dup_ids (f->store);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_cmpstr (ids[0], ==, first);
  g_assert_cmpstr (ids[1], ==, second);
  endpoint = ferry_account_store_dup_endpoint (f->store, second);
  g_assert_null (endpoint);
  found = lookup_credentials (f, second, &error);
  g_assert_no_error (error);
  g_assert_null (ferry_credentials_get_security_token (found));

  f->active_notified = 0;
  ferry_account_store_set_active_id (f->store, second);
  g_assert_cmpuint (f->active_notified, >=, 1);
  active = ferry_account_store_dup_active_id (f->store);
  g_assert_cmpstr (active, ==, second);
  g_clear_pointer (&active, g_free);

  /* Removing the active account clears its keys and activates the next. */
  remove_account (f, second);
  secret = ferry_test_keyring_secret (second);
  g_assert_null (secret);
  g_assert_false (ferry_account_store_contains (f->store, second));
  active = ferry_account_store_dup_active_id (f->store);
  g_assert_cmpstr (active, ==, first);
  g_clear_object (&found);
  found = lookup_credentials (f, second, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (found);
  g_clear_error (&error);

  /* And the last one leaves nothing active. */
  remove_account (f, first);
  secret = ferry_test_keyring_secret (first);
  g_assert_null (secret);
  g_assert_null (ferry_account_store_dup_active_id (f->store));
}

static void
test_damaged_secret (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(FerryCredentials) credentials = ferry_credentials_new (ACCESS_KEY, SECRET_KEY, NULL);
  g_autoptr(FerryCredentials) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  id = add (f, "Damaged", "cn-north-4", NULL, credentials);

  /* Something else overwrote the item with what is not our JSON. */
  g_assert_true (secret_password_store_sync (ferry_account_store_get_secret_schema (),
                                             SECRET_COLLECTION_DEFAULT, "damaged", "not json",
                                             NULL, &error, "account", id, NULL));
  g_assert_no_error (error);

  found = lookup_credentials (f, id, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (found);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/account-store/add-keeps-keys-in-keyring", Fixture, NULL,
              fixture_set_up, test_add_keeps_keys_in_keyring, fixture_tear_down);
  g_test_add ("/account-store/active-and-remove", Fixture, NULL,
              fixture_set_up, test_active_and_remove, fixture_tear_down);
  g_test_add ("/account-store/damaged-secret", Fixture, NULL,
              fixture_set_up, test_damaged_secret, fixture_tear_down);

  return g_test_run ();
}
