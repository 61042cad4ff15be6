/* ferry-test-keyring.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsecret/secret.h>

#include "ferry-account-store.h"
#include "ferry-test-keyring.h"

guint
ferry_test_keyring_count (void)
{
  g_autoptr(GError) error = NULL;
  GList *items;
  guint n;

  items = secret_password_search_sync (ferry_account_store_get_secret_schema (),
                                       SECRET_SEARCH_ALL, NULL, &error, NULL);
  g_assert_no_error (error);
  n = g_list_length (items);
  g_list_free_full (items, g_object_unref);
  return n;
}

char *
ferry_test_keyring_secret (const char *id)
{
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_sync (ferry_account_store_get_secret_schema (), NULL, &error,
                                        "account", id, NULL);
  g_assert_no_error (error);
  return secret;
}
