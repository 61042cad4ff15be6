/* test-models-cbr.c: tests for the models of CBR records: vaults
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "ferry-vault.h"

#include "test-models.h"

/* Vaults */

#define VAULT_RECORD \
  "{'id': '3b5816b5-f29c-4172-9d9a-76c719a659ce', 'name': 'vault-replication-01'," \
  " 'project_id': '0605767a3300d5762fb7c0186d9e1779', 'provider_id': 'x', 'resources': []," \
  " 'billing': {'allocated': 0, 'charging_mode': 'post_paid', 'cloud_type': 'public'," \
  "             'consistent_level': 'crash_consistent', 'object_type': 'server'," \
  "             'protect_type': 'replication', 'size': '200', 'spec_code':" \
  "             'vault.replication.server.normal', 'status': 'available'," \
  "             'used': '51200'}}"

static FerryVault *
vault_from_string (const char *text)
{
  g_autoptr(JsonObject) object = object_from_string (text);
  g_autoptr(GError) error = NULL;
  FerryVault *vault;

  vault = ferry_vault_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_true (FERRY_IS_VAULT (vault));

  return vault;
}

void
test_vault_record (void)
{
  g_autoptr(FerryVault) vault = vault_from_string (VAULT_RECORD);
  double free_gb = -1.0;
  guint size = 0;

  g_assert_cmpstr (ferry_vault_get_id (vault), ==, "3b5816b5-f29c-4172-9d9a-76c719a659ce");
  g_assert_cmpstr (ferry_vault_get_name (vault), ==, "vault-replication-01");
  g_assert_cmpstr (ferry_vault_get_project_id (vault), ==, "0605767a3300d5762fb7c0186d9e1779");
  g_assert_cmpstr (ferry_vault_get_protect_type (vault), ==, "replication");
  g_assert_cmpstr (ferry_vault_get_object_type (vault), ==, "server");
  g_assert_cmpuint (ferry_vault_get_size (vault), ==, 200);
  g_assert_cmpfloat (ferry_vault_get_allocated (vault), ==, 0.0);
  g_assert_cmpfloat (ferry_vault_get_used (vault), ==, 51200.0);
  g_assert_cmpfloat_with_epsilon (ferry_vault_get_used_gb (vault), 50.0, 1e-9);
  g_assert_cmpstr (ferry_vault_get_status (vault), ==, "available");
  g_assert_cmpstr (ferry_vault_get_spec_code (vault), ==, "vault.replication.server.normal");
  g_assert_cmpstr (ferry_vault_get_charging_mode (vault), ==, "post_paid");
  g_assert_true (ferry_vault_is_replication_server_vault (vault));
  g_assert_true (ferry_vault_is_available (vault));
  /* 200 GB less 51200 MB (50 GB). */
  g_assert_cmpfloat_with_epsilon (ferry_vault_get_free_gb (vault), 150.0, 1e-9);

  g_object_get (vault, "free-gb", &free_gb, "size", &size, NULL);
  g_assert_cmpfloat_with_epsilon (free_gb, 150.0, 1e-9);
  g_assert_cmpuint (size, ==, 200);
}

void
test_vault_helpers (void)
{
  static const struct {
    const char *billing;
    gboolean    replication_server;
    gboolean    available;
    double      free_gb;
  } cases[] = {
    { "{'protect_type': 'replication', 'object_type': 'server', 'status': 'available',"
      " 'size': 100, 'used': 512, 'allocated': 40}", TRUE, TRUE, 99.5 },
    /* Numbers as floats and as strings with decimals. */
    { "{'protect_type': 'replication', 'object_type': 'server', 'status': 'available',"
      " 'size': 100, 'used': '1536.0', 'allocated': '12.5'}", TRUE, TRUE, 98.5 },
    { "{'protect_type': 'replication', 'object_type': 'server', 'status': 'available',"
      " 'size': 10, 'used': 256.0}", TRUE, TRUE, 9.75 },
    /* More used than the size: no free space, never negative. */
    { "{'protect_type': 'replication', 'object_type': 'server', 'status': 'available',"
      " 'size': 1, 'used': 4096}", TRUE, TRUE, 0.0 },
    { "{'protect_type': 'backup', 'object_type': 'server', 'status': 'available',"
      " 'size': 100}", FALSE, TRUE, 100.0 },
    { "{'protect_type': 'replication', 'object_type': 'disk', 'status': 'available',"
      " 'size': 100}", FALSE, TRUE, 100.0 },
    { "{'protect_type': 'hybrid', 'object_type': 'server', 'status': 'available',"
      " 'size': 100}", FALSE, TRUE, 100.0 },
    { "{'protect_type': 'replication', 'object_type': 'server', 'status': 'lock',"
      " 'size': 100}", TRUE, FALSE, 100.0 },
    { "{'protect_type': 'replication', 'object_type': 'server', 'status': 'frozen',"
      " 'size': 100}", TRUE, FALSE, 100.0 },
    { "{'protect_type': 'replication', 'object_type': 'server', 'status': 'deleting',"
      " 'size': 100}", TRUE, FALSE, 100.0 },
    { "{'protect_type': 'replication', 'object_type': 'server', 'status': 'error',"
      " 'size': 100}", TRUE, FALSE, 100.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = object_with ("{'id': 'v1', 'name': 'v'}", "billing",
                                                  cases[i].billing);
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryVault) vault = NULL;

      g_test_message ("%s", cases[i].billing);
      vault = ferry_vault_new_from_json (object, &error);
      g_assert_no_error (error);
      g_assert_cmpint (ferry_vault_is_replication_server_vault (vault), ==,
                       cases[i].replication_server);
      g_assert_cmpint (ferry_vault_is_available (vault), ==, cases[i].available);
      g_assert_cmpfloat_with_epsilon (ferry_vault_get_free_gb (vault), cases[i].free_gb, 1e-9);
    }

  /* Without its billing, or the billing's kind, state or size, a vault
   * cannot be judged: the answer is broken, not a vault never usable. */
  {
    const char *incomplete[] = {
      "{'id': 'v2'}",
      "{'id': 'v2', 'billing': null}",
      "{'id': 'v2', 'billing': {}}",
      "{'id': 'v2', 'billing': {'protect_type': 'replication', 'object_type': 'server'}}",
      "{'id': 'v2', 'billing': {'protect_type': 'replication', 'status': 'available'}}",
      "{'id': 'v2', 'billing': {'status': 'available', 'size': 100}}",
    };

    for (guint i = 0; i < G_N_ELEMENTS (incomplete); i++)
      {
        g_autoptr(JsonObject) object = object_from_string (incomplete[i]);
        g_autoptr(GError) error = NULL;
        g_autoptr(FerryVault) vault = ferry_vault_new_from_json (object, &error);

        g_test_message ("%s", incomplete[i]);
        assert_invalid (G_OBJECT (vault), error);
      }
  }
}

void
test_vault_invalid (void)
{
/* A complete billing but for the member that follows. */
#define GOOD_BILLING "'protect_type': 'replication', 'status': 'available', 'size': 100"
  static const char *records[] = {
    "{'name': 'no id', 'billing': {" GOOD_BILLING "}}",
    "{'id': '', 'billing': {" GOOD_BILLING "}}",
    "{'id': 'v', 'billing': 'replication'}",
    "{'id': 'v', 'billing': []}",
    "{'id': 'v', 'name': {}, 'billing': {" GOOD_BILLING "}}",
    "{'id': 'v', 'billing': {" GOOD_BILLING ", 'size': 'abc'}}",
    "{'id': 'v', 'billing': {" GOOD_BILLING ", 'size': '-1'}}",
    "{'id': 'v', 'billing': {" GOOD_BILLING ", 'size': 1.5}}",
    "{'id': 'v', 'billing': {" GOOD_BILLING ", 'size': {}}}",
    "{'id': 'v', 'billing': {" GOOD_BILLING ", 'used': 'lots'}}",
    "{'id': 'v', 'billing': {" GOOD_BILLING ", 'used': 'nan'}}",
    "{'id': 'v', 'billing': {" GOOD_BILLING ", 'used': -3}}",
    "{'id': 'v', 'billing': {" GOOD_BILLING ", 'allocated': 'inf'}}",
    "{'id': 'v', 'billing': {" GOOD_BILLING ", 'allocated': true}}",
    "{'id': 'v', 'billing': {" GOOD_BILLING ", 'status': ['available']}}",
    "{'id': 'v', 'billing': {" GOOD_BILLING ", 'protect_type': {}}}",
    /* Numbers where the reference has strings. */
    "{'id': 42, 'billing': {" GOOD_BILLING "}}",
    "{'id': 'v', 'project_id': 42, 'billing': {" GOOD_BILLING "}}",
    "{'id': 'v', 'billing': {" GOOD_BILLING ", 'protect_type': 1}}",
    "{'id': 'v', 'billing': {" GOOD_BILLING ", 'object_type': 2}}",
  };
#undef GOOD_BILLING

  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    {
      g_autoptr(JsonObject) object = object_from_string (records[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryVault) vault = NULL;

      g_test_message ("%s", records[i]);
      vault = ferry_vault_new_from_json (object, &error);
      assert_invalid (G_OBJECT (vault), error);
    }
}

void
test_vault_serialize (void)
{
  g_autoptr(FerryVault) vault = vault_from_string (VAULT_RECORD);
  g_autoptr(FerryVault) bare = vault_from_string ("{'id': 'v2', 'billing': {'size': 50,"
                                                  " 'protect_type': 'backup', 'status': 'frozen'}}");
  g_autoptr(JsonObject) object = round_trip (ferry_vault_serialize (vault));
  g_autoptr(JsonObject) bare_object = round_trip (ferry_vault_serialize (bare));

  assert_string_member (object, "id", "3b5816b5-f29c-4172-9d9a-76c719a659ce");
  assert_string_member (object, "name", "vault-replication-01");
  assert_string_member (object, "project_id", "0605767a3300d5762fb7c0186d9e1779");
  assert_string_member (object, "protect_type", "replication");
  assert_string_member (object, "object_type", "server");
  assert_string_member (object, "status", "available");
  assert_string_member (object, "spec_code", "vault.replication.server.normal");
  assert_string_member (object, "charging_mode", "post_paid");
  assert_int_member (object, "size_gb", 200);
  assert_double_member (object, "allocated_gb", 0.0);
  assert_double_member (object, "used_mb", 51200.0);
  assert_double_member (object, "free_gb", 150.0);
  assert_boolean_member (object, "available", TRUE);
  assert_boolean_member (object, "replication_server", TRUE);

  assert_int_member (bare_object, "size_gb", 50);
  assert_double_member (bare_object, "free_gb", 50.0);
  assert_boolean_member (bare_object, "available", FALSE);
  assert_boolean_member (bare_object, "replication_server", FALSE);
  g_assert_false (json_object_has_member (bare_object, "name"));
  g_assert_false (json_object_has_member (bare_object, "project_id"));
  g_assert_false (json_object_has_member (bare_object, "object_type"));
}
