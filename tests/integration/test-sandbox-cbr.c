/* test-sandbox-cbr.c: the sandbox's CBR over real HTTP on loopback
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-sandbox.h"

/* Tests: CBR */

static JsonObject *
find_vault (JsonArray  *vaults,
            const char *name)
{
  return find_by_name (vaults, name);
}

static void
test_cbr_vaults (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *bj4 = NULL;
  g_autofree char *sh2 = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sh2_path = NULL;
  JsonArray *vaults;
  JsonObject *vault, *billing;

  fixture_start (f, NULL);
  bj4 = project_id (f, "cn-north-4");
  sh2 = project_id (f, "cn-east-2");
  path = g_strdup_printf ("/v3/%s/vaults", bj4);
  sh2_path = g_strdup_printf ("/v3/%s/vaults?protect_type=replication&object_type=server", sh2);

  {
    g_autofree char *query = g_strdup_printf ("%s?protect_type=replication&object_type=server",
                                              path);
    g_autoptr(Response) response = api_get (f, "cbr", "cn-north-4", query, bj4);

    assert_ok (response, 200);
    g_assert_cmpint (json_object_get_int_member (response_object (response), "count"), ==, 2);
    vaults = json_object_get_array_member (response_object (response), "vaults");
    g_assert_cmpuint (json_array_get_length (vaults), ==, 2);
    g_assert_null (find_vault (vaults, "vault-bj4-backup"));
    vault = find_vault (vaults, "vault-bj4-replication");
    g_assert_true (is_uuid (json_object_get_string_member (vault, "id")));
    g_assert_cmpstr (json_object_get_string_member (vault, "project_id"), ==, bj4);
    billing = json_object_get_object_member (vault, "billing");
    g_assert_cmpstr (json_object_get_string_member (billing, "protect_type"), ==, "replication");
    g_assert_cmpstr (json_object_get_string_member (billing, "object_type"), ==, "server");
    g_assert_cmpstr (json_object_get_string_member (billing, "status"), ==, "available");
    g_assert_cmpint (json_object_get_int_member (billing, "size"), ==, 200);
    g_assert_nonnull (json_object_get_string_member (billing, "spec_code"));
    g_assert_nonnull (json_object_get_string_member (billing, "charging_mode"));
    g_assert_true (json_object_has_member (billing, "allocated"));
    g_assert_true (json_object_has_member (billing, "used"));
    vault = find_vault (vaults, "vault-bj4-frozen");
    billing = json_object_get_object_member (vault, "billing");
    g_assert_cmpstr (json_object_get_string_member (billing, "status"), ==, "frozen");
  }

  {
    g_autoptr(Response) all = api_get (f, "cbr", "cn-north-4", path, bj4);
    g_autoptr(Response) sh2_vaults = api_get (f, "cbr", "cn-east-2", sh2_path, sh2);
    g_autoptr(Response) sg_vaults = NULL;
    g_autofree char *sg = project_id (f, "ap-southeast-3");
    g_autofree char *sg_path = g_strdup_printf ("/v3/%s/vaults?protect_type=replication", sg);

    sg_vaults = api_get (f, "cbr", "ap-southeast-3", sg_path, sg);
    assert_ok (all, 200);
    g_assert_cmpint (json_object_get_int_member (response_object (all), "count"), ==, 3);
    assert_ok (sh2_vaults, 200);
    vaults = json_object_get_array_member (response_object (sh2_vaults), "vaults");
    /* The available one and the frozen one: the filter is on kind, not state. */
    g_assert_cmpuint (json_array_get_length (vaults), ==, 2);
    g_assert_nonnull (find_vault (vaults, "vault-sh2-replication"));
    g_assert_nonnull (find_vault (vaults, "vault-sh2-frozen"));
    assert_ok (sg_vaults, 200);
    g_assert_cmpint (json_object_get_int_member (response_object (sg_vaults), "count"), ==, 1);
  }

  /* Paging: count is every match. */
  {
    g_autofree char *query = g_strdup_printf ("%s?limit=1&offset=1", path);
    g_autoptr(Response) response = api_get (f, "cbr", "cn-north-4", query, bj4);
    g_autofree char *bad = g_strdup_printf ("%s?limit=0", path);
    g_autoptr(Response) refused = api_get (f, "cbr", "cn-north-4", bad, bj4);

    assert_ok (response, 200);
    g_assert_cmpint (json_object_get_int_member (response_object (response), "count"), ==, 3);
    g_assert_cmpuint (json_array_get_length (response_array (response, "vaults")), ==, 1);
    assert_flat_error (refused, 400, "CBR.0001");
  }

  /* Create, then see it listed. */
  {
    const char *body = "{\"vault\": {\"name\": \"ferry-replication\", \"billing\": {"
                       "\"consistent_level\": \"crash_consistent\", \"object_type\": \"server\", "
                       "\"protect_type\": \"replication\", \"size\": 200, "
                       "\"charging_mode\": \"post_paid\"}, \"resources\": []}}";
    g_autofree char *query = g_strdup_printf ("/v3/%s/vaults?protect_type=replication", sh2);
    g_autofree char *create_path = g_strdup_printf ("/v3/%s/vaults", sh2);
    g_autoptr(Response) created = api_post (f, "cbr", "cn-east-2", create_path, body, sh2);
    g_autoptr(Response) listed = NULL;

    assert_ok (created, 200);
    vault = json_object_get_object_member (response_object (created), "vault");
    g_assert_cmpstr (json_object_get_string_member (vault, "name"), ==, "ferry-replication");
    g_assert_cmpstr (json_object_get_string_member (vault, "project_id"), ==, sh2);
    billing = json_object_get_object_member (vault, "billing");
    g_assert_cmpstr (json_object_get_string_member (billing, "status"), ==, "available");
    g_assert_cmpint (json_object_get_int_member (billing, "size"), ==, 200);

    listed = api_get (f, "cbr", "cn-east-2", query, sh2);
    g_assert_nonnull (find_vault (json_object_get_array_member (response_object (listed), "vaults"),
                                  "ferry-replication"));
  }

  {
#define VAULT(name, object_type, protect_type, size) \
  "{\"vault\": {\"name\": \"" name "\", \"billing\": {\"object_type\": \"" object_type "\", " \
  "\"protect_type\": \"" protect_type "\", \"size\": " size "}}}"
    const char *bad[] = {
      "not json",
      "{\"vault\": {\"name\": \"v\"}}",
      VAULT ("v", "server", "replication", "0"),
      VAULT ("v", "server", "replication", "\"200\""),
      VAULT ("bad name!", "server", "replication", "200"),
      VAULT ("v", "server", "archive", "200"),
      VAULT ("v", "car", "replication", "200"),
    };
#undef VAULT
    g_autofree char *create_path = g_strdup_printf ("/v3/%s/vaults", sh2);

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(Response) response = api_post (f, "cbr", "cn-east-2", create_path, bad[i], sh2);

        g_test_message ("bad vault %u", i);
        assert_flat_error (response, 400, "CBR.0001");
      }
  }
}

static void
test_cbr_show_vault (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *sh2 = NULL;
  g_autofree char *bj4 = NULL;
  g_autofree char *list = NULL;
  g_autofree char *backup_id = NULL;
  g_autofree char *path = NULL;

  fixture_start (f, NULL);
  sh2 = project_id (f, "cn-east-2");
  bj4 = project_id (f, "cn-north-4");
  list = g_strdup_printf ("/v3/%s/vaults?protect_type=backup", sh2);
  {
    g_autoptr(Response) response = api_get (f, "cbr", "cn-east-2", list, sh2);
    JsonArray *vaults = json_object_get_array_member (response_object (response), "vaults");

    g_assert_cmpuint (json_array_get_length (vaults), >, 0);
    backup_id = g_strdup (json_object_get_string_member (json_array_get_object_element (vaults, 0),
                                                         "id"));
  }

  /* ShowVault finds a vault by id whatever its kind, for the rules to judge. */
  path = g_strdup_printf ("/v3/%s/vaults/%s", sh2, backup_id);
  {
    g_autoptr(Response) response = api_get (f, "cbr", "cn-east-2", path, sh2);
    JsonObject *vault;

    assert_ok (response, 200);
    vault = json_object_get_object_member (response_object (response), "vault");
    g_assert_cmpstr (json_object_get_string_member (vault, "id"), ==, backup_id);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (vault, "billing"),
                                                    "protect_type"), ==, "backup");
  }

  /* Another region's vault is not found here. */
  {
    g_autofree char *elsewhere = g_strdup_printf ("/v3/%s/vaults/%s", bj4, backup_id);
    g_autoptr(Response) response = api_get (f, "cbr", "cn-north-4", elsewhere, bj4);

    assert_flat_error (response, 404, "BackupService.6105");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sandbox/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("cbr/vaults", test_cbr_vaults);
  ADD ("cbr/show-vault", test_cbr_show_vault);

#undef ADD

  return g_test_run ();
}
