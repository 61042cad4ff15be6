/* test-models.c: tests for the models of IMS, IAM and CBR records: the helpers
 * they share (test-models.h) and main()
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <locale.h>

#include "ferry-error.h"

#include "test-models.h"

/* Records are written with ' for " to keep them readable; no value here
 * contains an apostrophe. */
JsonNode *
node_from_string (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup (text);
  JsonNode *node;

  g_strdelimit (json, "'", '"');
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  return node;
}

JsonObject *
object_from_string (const char *text)
{
  g_autoptr(JsonNode) node = node_from_string (text);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* @base with @member replaced by the JSON value @value. */
JsonObject *
object_with (const char *base,
             const char *member,
             const char *value)
{
  JsonObject *object = object_from_string (base);

  json_object_set_member (object, member, node_from_string (value));
  return object;
}

/* Serializes @serialized (consumed) to text and parses it again, as a
 * consumer of `ferryctl --json` would read it. */
JsonObject *
round_trip (JsonNode *serialized)
{
  g_autoptr(JsonNode) node = serialized;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autofree char *text = NULL;

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  text = json_to_string (node, FALSE);
  parsed = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (parsed));

  return json_object_ref (json_node_get_object (parsed));
}

void
assert_string_member (JsonObject *object,
                      const char *member,
                      const char *expected)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_cmpuint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  g_assert_cmpstr (json_node_get_string (node), ==, expected);
}

void
assert_int_member (JsonObject *object,
                   const char *member,
                   gint64      expected)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_cmpuint (json_node_get_value_type (node), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (node), ==, expected);
}

void
assert_double_member (JsonObject *object,
                      const char *member,
                      double      expected)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_cmpuint (json_node_get_value_type (node), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat_with_epsilon (json_node_get_double (node), expected, 1e-9);
}

void
assert_boolean_member (JsonObject *object,
                       const char *member,
                       gboolean    expected)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_cmpuint (json_node_get_value_type (node), ==, G_TYPE_BOOLEAN);
  g_assert_cmpint (json_node_get_boolean (node), ==, expected);
}

void
assert_invalid_member (GObject    *object,
                       GError     *error,
                       const char *member)
{
  g_autofree char *mention = NULL;

  g_assert_null (object);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (error->message);
  /* The error's detail (kept apart from the user's sentence) names the
   * member that was refused. */
  if (member != NULL)
    {
      mention = g_strdup_printf ("%s: ", member);
      g_assert_nonnull (ferry_api_error_get_server_message (error));
      g_assert_true (g_str_has_prefix (ferry_api_error_get_server_message (error), mention));
    }
}

void
assert_invalid (GObject *object,
                GError  *error)
{
  assert_invalid_member (object, error, NULL);
}

int
main (int   argc,
      char *argv[])
{
  /* Labels are compared in English. */
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/models/image/record", test_image_record);
  g_test_add_func ("/models/image/properties-read-only", test_image_properties_read_only);
  g_test_add_func ("/models/image/absent-fields", test_image_absent_fields);
  g_test_add_func ("/models/image/wrong-types", test_image_wrong_types);
  g_test_add_func ("/models/image/missing-id", test_image_missing_id);
  g_test_add_func ("/models/image/status", test_image_status);
  g_test_add_func ("/models/image/labels", test_image_status_labels);
  g_test_add_func ("/models/image/kind", test_image_kind);
  g_test_add_func ("/models/image/backup-source", test_image_backup_source);
  g_test_add_func ("/models/image/encrypted-private", test_image_encrypted_private);
  g_test_add_func ("/models/image/serialize", test_image_serialize);
  g_test_add_func ("/models/image/enum-types", test_image_enum_types);
  g_test_add_func ("/models/project/record", test_project_record);
  g_test_add_func ("/models/project/region", test_project_region);
  g_test_add_func ("/models/project/invalid", test_project_invalid);
  g_test_add_func ("/models/project/serialize", test_project_serialize);
  g_test_add_func ("/models/agency/record", test_agency_record);
  g_test_add_func ("/models/agency/trusts-ims", test_agency_trusts_ims);
  g_test_add_func ("/models/agency/invalid", test_agency_invalid);
  g_test_add_func ("/models/agency/serialize", test_agency_serialize);
  g_test_add_func ("/models/role/record", test_role_record);
  g_test_add_func ("/models/role/absent-and-invalid", test_role_absent_and_invalid);
  g_test_add_func ("/models/role/serialize", test_role_serialize);
  g_test_add_func ("/models/vault/record", test_vault_record);
  g_test_add_func ("/models/vault/helpers", test_vault_helpers);
  g_test_add_func ("/models/vault/invalid", test_vault_invalid);
  g_test_add_func ("/models/vault/serialize", test_vault_serialize);
  g_test_add_func ("/models/job/record", test_job_record);
  g_test_add_func ("/models/job/failed-and-bare", test_job_failed);
  g_test_add_func ("/models/job/status", test_job_status);
  g_test_add_func ("/models/job/process-percent", test_job_process_percent);
  g_test_add_func ("/models/job/invalid", test_job_invalid);
  g_test_add_func ("/models/job/serialize", test_job_serialize);

  return g_test_run ();
}
