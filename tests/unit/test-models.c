/* test-models.c: tests for the models of IMS, IAM and CBR records
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <locale.h>
#include <string.h>

#include "ferry-agency.h"
#include "ferry-error.h"
#include "ferry-image.h"
#include "ferry-job.h"
#include "ferry-project.h"
#include "ferry-role.h"
#include "ferry-vault.h"

/* Records are written with ' for " to keep them readable; no value here
 * contains an apostrophe. */
static JsonNode *
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

static JsonObject *
object_from_string (const char *text)
{
  g_autoptr(JsonNode) node = node_from_string (text);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* @base with @member replaced by the JSON value @value. */
static JsonObject *
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
static JsonObject *
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

static void
assert_string_member (JsonObject *object,
                      const char *member,
                      const char *expected)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_cmpuint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  g_assert_cmpstr (json_node_get_string (node), ==, expected);
}

static void
assert_int_member (JsonObject *object,
                   const char *member,
                   gint64      expected)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_cmpuint (json_node_get_value_type (node), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (node), ==, expected);
}

static void
assert_double_member (JsonObject *object,
                      const char *member,
                      double      expected)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_cmpuint (json_node_get_value_type (node), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat_with_epsilon (json_node_get_double (node), expected, 1e-9);
}

static void
assert_boolean_member (JsonObject *object,
                       const char *member,
                       gboolean    expected)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  g_assert_cmpuint (json_node_get_value_type (node), ==, G_TYPE_BOOLEAN);
  g_assert_cmpint (json_node_get_boolean (node), ==, expected);
}

/* A reply element shaped like the API reference's examples: numbers and
 * booleans as strings, as IMS sends them. */
#define IMAGE_RECORD \
  "{'id': '4b1b3a52-2a7c-4c0e-9e1d-7f5d2f9c1a01'," \
  " 'name': 'web-server'," \
  " 'status': 'active'," \
  " 'owner': '0a1b2c3d4e5f60718293a4b5c6d7e8f9'," \
  " 'visibility': 'private'," \
  " '__imagetype': 'private'," \
  " '__image_size': '42949672960'," \
  " 'min_disk': 40," \
  " 'min_ram': '2048'," \
  " '__system__cmkid': ''," \
  " '__whole_image': 'false'," \
  " '__data_origin': 'instance,6c1d2e3f-0000-4000-8000-000000000001'," \
  " 'virtual_env_type': 'FusionCompute'," \
  " 'disk_format': 'zvhd2'," \
  " '__os_type': 'Linux'," \
  " '__os_version': 'Ubuntu 22.04 server 64bit'," \
  " '__platform': 'Ubuntu'," \
  " '__os_bit': '64'," \
  " '__description': 'nginx and the shop'," \
  " '__is_config_init': 'true'," \
  " 'created_at': '2026-03-01T08:15:30Z'," \
  " 'updated_at': '2026-03-01T08:25:00Z'," \
  " 'protected': false," \
  " 'tags': []}"

/* An image from @text, completed with the members every record must have
 * (a name and a status) when @text leaves them out: the tests of other
 * members need not repeat them. */
static FerryImage *
image_from_string (const char *text)
{
  g_autoptr(JsonObject) object = object_from_string (text);
  g_autoptr(GError) error = NULL;
  FerryImage *image;

  if (!json_object_has_member (object, "name"))
    json_object_set_string_member (object, "name", "image");
  if (!json_object_has_member (object, "status"))
    json_object_set_string_member (object, "status", "active");

  image = ferry_image_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_true (FERRY_IS_IMAGE (image));

  return image;
}

static void
test_image_record (void)
{
  g_autoptr(FerryImage) image = image_from_string (IMAGE_RECORD);
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) updated = NULL;
  g_autofree char *name = NULL;
  g_autofree char *status_label = NULL;
  guint64 size = 0;
  guint min_ram = 0;
  gboolean config_init = FALSE;
  gboolean is_private = FALSE;
  FerryImageStatus status_kind = FERRY_IMAGE_STATUS_UNKNOWN;
  FerryImageKind kind = FERRY_IMAGE_KIND_ISO;

  g_assert_cmpstr (ferry_image_get_id (image), ==, "4b1b3a52-2a7c-4c0e-9e1d-7f5d2f9c1a01");
  g_assert_cmpstr (ferry_image_get_name (image), ==, "web-server");
  g_assert_cmpstr (ferry_image_get_status (image), ==, "active");
  g_assert_cmpint (ferry_image_get_status_kind (image), ==, FERRY_IMAGE_STATUS_ACTIVE);
  g_assert_cmpstr (ferry_image_get_owner (image), ==, "0a1b2c3d4e5f60718293a4b5c6d7e8f9");
  g_assert_cmpstr (ferry_image_get_visibility (image), ==, "private");
  g_assert_cmpstr (ferry_image_get_image_type (image), ==, "private");
  /* 40 GiB. */
  g_assert_cmpuint (ferry_image_get_size (image), ==, G_GUINT64_CONSTANT (40) * 1024 * 1024 * 1024);
  g_assert_cmpuint (ferry_image_get_min_disk (image), ==, 40);
  g_assert_cmpuint (ferry_image_get_min_ram (image), ==, 2048);
  /* An empty key id is no key. */
  g_assert_null (ferry_image_get_cmk_id (image));
  g_assert_false (ferry_image_is_encrypted (image));
  g_assert_true (ferry_image_is_private (image));
  g_assert_false (ferry_image_get_whole_image (image));
  g_assert_null (ferry_image_get_backup_id (image));
  g_assert_cmpstr (ferry_image_get_data_origin (image), ==,
                   "instance,6c1d2e3f-0000-4000-8000-000000000001");
  g_assert_cmpstr (ferry_image_get_virtual_env_type (image), ==, "FusionCompute");
  g_assert_cmpstr (ferry_image_get_disk_format (image), ==, "zvhd2");
  g_assert_cmpstr (ferry_image_get_os_type (image), ==, "Linux");
  g_assert_cmpstr (ferry_image_get_os_version (image), ==, "Ubuntu 22.04 server 64bit");
  g_assert_cmpstr (ferry_image_get_platform (image), ==, "Ubuntu");
  g_assert_cmpuint (ferry_image_get_os_bit (image), ==, 64);
  g_assert_cmpstr (ferry_image_get_description (image), ==, "nginx and the shop");
  g_assert_cmpstr (ferry_image_get_created_at (image), ==, "2026-03-01T08:15:30Z");
  g_assert_cmpstr (ferry_image_get_updated_at (image), ==, "2026-03-01T08:25:00Z");
  g_assert_true (ferry_image_get_config_init (image));
  g_assert_cmpint (ferry_image_get_kind (image), ==, FERRY_IMAGE_KIND_SYSTEM_DISK);
  g_assert_cmpint (ferry_image_get_backup_source (image), ==, FERRY_BACKUP_SOURCE_NONE);

  created = ferry_image_dup_created_date_time (image);
  g_assert_nonnull (created);
  g_assert_cmpint (g_date_time_get_year (created), ==, 2026);
  g_assert_cmpint (g_date_time_get_month (created), ==, 3);
  g_assert_cmpint (g_date_time_get_day_of_month (created), ==, 1);
  g_assert_cmpint (g_date_time_get_hour (created), ==, 8);
  g_assert_cmpint (g_date_time_get_minute (created), ==, 15);
  g_assert_cmpint (g_date_time_get_second (created), ==, 30);
  g_assert_cmpint (g_date_time_get_utc_offset (created), ==, 0);
  updated = ferry_image_dup_updated_date_time (image);
  g_assert_nonnull (updated);
  g_assert_cmpint (g_date_time_difference (updated, created), ==,
                   (9 * 60 + 30) * G_TIME_SPAN_SECOND);

  /* The same facts through the properties a list binds to. */
  g_object_get (image,
                "name", &name,
                "size", &size,
                "min-ram", &min_ram,
                "config-init", &config_init,
                "private", &is_private,
                "status-kind", &status_kind,
                "status-label", &status_label,
                "kind", &kind,
                NULL);
  g_assert_cmpstr (name, ==, "web-server");
  g_assert_cmpuint (size, ==, G_GUINT64_CONSTANT (42949672960));
  g_assert_cmpuint (min_ram, ==, 2048);
  g_assert_true (config_init);
  g_assert_true (is_private);
  g_assert_cmpint (status_kind, ==, FERRY_IMAGE_STATUS_ACTIVE);
  g_assert_cmpstr (status_label, ==, "Normal");
  g_assert_cmpint (kind, ==, FERRY_IMAGE_KIND_SYSTEM_DISK);
}

static void
test_image_properties_read_only (void)
{
  g_autoptr(FerryImage) image = image_from_string (IMAGE_RECORD);
  GObjectClass *klass = G_OBJECT_GET_CLASS (image);
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  pspecs = g_object_class_list_properties (klass, &n_pspecs);
  g_assert_cmpuint (n_pspecs, >, 20);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_assert_true (pspecs[i]->flags & G_PARAM_READABLE);
      g_assert_false (pspecs[i]->flags & G_PARAM_WRITABLE);
    }
}

static void
test_image_absent_fields (void)
{
  g_autoptr(FerryImage) image = NULL;

  /* Only the required members: everything else takes its documented
   * default. */
  image = image_from_string ("{'id': 'img-1', 'name': 'web', 'status': 'active'}");
  g_assert_cmpstr (ferry_image_get_id (image), ==, "img-1");
  g_assert_cmpstr (ferry_image_get_name (image), ==, "web");
  g_assert_cmpstr (ferry_image_get_status (image), ==, "active");
  g_assert_cmpint (ferry_image_get_status_kind (image), ==, FERRY_IMAGE_STATUS_ACTIVE);
  g_assert_null (ferry_image_get_owner (image));
  g_assert_null (ferry_image_get_image_type (image));
  g_assert_cmpuint (ferry_image_get_size (image), ==, 0);
  g_assert_cmpuint (ferry_image_get_min_disk (image), ==, 0);
  g_assert_cmpuint (ferry_image_get_min_ram (image), ==, 0);
  g_assert_cmpuint (ferry_image_get_os_bit (image), ==, 0);
  g_assert_false (ferry_image_get_whole_image (image));
  g_assert_true (ferry_image_get_config_init (image));
  g_assert_false (ferry_image_is_encrypted (image));
  g_assert_false (ferry_image_is_private (image));
  g_assert_cmpint (ferry_image_get_kind (image), ==, FERRY_IMAGE_KIND_SYSTEM_DISK);
  g_assert_cmpint (ferry_image_get_backup_source (image), ==, FERRY_BACKUP_SOURCE_NONE);
  g_assert_null (ferry_image_dup_created_date_time (image));
  g_assert_null (ferry_image_dup_updated_date_time (image));
  g_clear_object (&image);

  /* Nulls and empty strings are absent too. */
  image = image_from_string ("{'id': 'img-2', '__image_size': null,"
                             " '__whole_image': null, '__is_config_init': null,"
                             " '__system__cmkid': null, '__backup_id': '', 'min_disk': '',"
                             " '__os_bit': null, 'created_at': '', '__data_origin': null,"
                             " 'owner': null}");
  g_assert_null (ferry_image_get_owner (image));
  g_assert_null (ferry_image_get_data_origin (image));
  g_assert_cmpuint (ferry_image_get_size (image), ==, 0);
  g_assert_cmpuint (ferry_image_get_min_disk (image), ==, 0);
  g_assert_false (ferry_image_get_whole_image (image));
  g_assert_true (ferry_image_get_config_init (image));
  g_assert_false (ferry_image_is_encrypted (image));
  g_assert_null (ferry_image_get_backup_id (image));
  g_assert_null (ferry_image_get_created_at (image));
  g_clear_object (&image);

  /* A real boolean and plain numbers are read as well as strings. */
  image = image_from_string ("{'id': 'img-3', '__whole_image': true, '__image_size': 1024,"
                             " '__os_bit': 32, '__is_config_init': false, 'status': 'active',"
                             " 'created_at': 'yesterday'}");
  g_assert_true (ferry_image_get_whole_image (image));
  g_assert_cmpuint (ferry_image_get_size (image), ==, 1024);
  g_assert_cmpuint (ferry_image_get_os_bit (image), ==, 32);
  g_assert_false (ferry_image_get_config_init (image));
  /* Kept as text, but not a time. */
  g_assert_cmpstr (ferry_image_get_created_at (image), ==, "yesterday");
  g_assert_null (ferry_image_dup_created_date_time (image));
}

static void
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

static void
assert_invalid (GObject *object,
                GError  *error)
{
  assert_invalid_member (object, error, NULL);
}

static void
test_image_wrong_types (void)
{
  static const struct {
    const char *member;
    const char *value;
  } cases[] = {
    { "name", "{'a': 1}" },              /* object where a string belongs */
    { "status", "['active']" },
    { "__whole_image", "'yes'" },        /* not a boolean */
    { "__whole_image", "{}" },
    { "__is_config_init", "'no'" },
    { "__image_size", "'abc'" },         /* not a number */
    { "__image_size", "'-5'" },          /* no negative sizes */
    { "__image_size", "1.5" },           /* bytes are whole */
    { "min_disk", "'forty'" },
    { "min_disk", "-1" },
    { "min_ram", "true" },
    { "min_ram", "'99999999999'" },      /* beyond a guint */
    { "__os_bit", "'64bit'" },
    { "__system__cmkid", "{'id': 'k'}" },
    { "__data_origin", "['server_backup', 'b']" },
    { "created_at", "{}" },
    { "id", "{'id': 'x'}" },
    { "id", "true" },
    /* Numbers where the reference has strings: a broken answer, not a
     * name "12345". */
    { "id", "12345" },
    { "name", "12345" },
    { "status", "1" },
    { "owner", "42" },
    { "__imagetype", "0" },
    { "created_at", "1767225600" },
    /* What every record has cannot be absent, null or "". */
    { "name", "null" },
    { "name", "''" },
    { "status", "null" },
    { "status", "''" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = object_with (IMAGE_RECORD, cases[i].member, cases[i].value);
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryImage) image = NULL;

      g_test_message ("%s = %s", cases[i].member, cases[i].value);
      image = ferry_image_new_from_json (object, &error);
      assert_invalid_member (G_OBJECT (image), error, cases[i].member);
    }
}

static void
test_image_missing_id (void)
{
  static const char *records[] = {
    "{'name': 'no id', 'status': 'active'}",
    "{'id': 'no-name', 'status': 'active'}",
    "{'id': 'no-status', 'name': 'x'}",
    "{'id': null, 'name': 'null id'}",
    "{'id': '', 'name': 'empty id'}",
    "{}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    {
      g_autoptr(JsonObject) object = object_from_string (records[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryImage) image = NULL;

      image = ferry_image_new_from_json (object, &error);
      assert_invalid (G_OBJECT (image), error);
    }

  /* A NULL error is allowed: the caller only wants to know. */
  {
    g_autoptr(JsonObject) object = object_from_string ("{'name': 'x'}");

    g_assert_null (ferry_image_new_from_json (object, NULL));
  }
}

static void
test_image_status (void)
{
  static const struct {
    const char       *status;
    const char       *config_init;   /* JSON value, or NULL to leave it out */
    FerryImageStatus  expected;
  } cases[] = {
    { "queued", NULL, FERRY_IMAGE_STATUS_QUEUED },
    { "saving", NULL, FERRY_IMAGE_STATUS_SAVING },
    { "active", NULL, FERRY_IMAGE_STATUS_ACTIVE },
    { "active", "'true'", FERRY_IMAGE_STATUS_ACTIVE },
    { "active", "true", FERRY_IMAGE_STATUS_ACTIVE },
    /* The console's "Normal (uninitialized)". */
    { "active", "'false'", FERRY_IMAGE_STATUS_UNINITIALIZED },
    { "active", "false", FERRY_IMAGE_STATUS_UNINITIALIZED },
    { "active", "'FALSE'", FERRY_IMAGE_STATUS_UNINITIALIZED },
    /* Not initialised matters only to a usable image. */
    { "saving", "'false'", FERRY_IMAGE_STATUS_SAVING },
    { "killed", "'false'", FERRY_IMAGE_STATUS_KILLED },
    { "killed", NULL, FERRY_IMAGE_STATUS_KILLED },
    { "deleted", NULL, FERRY_IMAGE_STATUS_DELETED },
    { "ACTIVE", NULL, FERRY_IMAGE_STATUS_ACTIVE },
    { "Queued", NULL, FERRY_IMAGE_STATUS_QUEUED },
    { "pending_delete", NULL, FERRY_IMAGE_STATUS_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = object_with ("{'id': 'img', 'name': 'x'}", "status", "null");
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryImage) image = NULL;

      json_object_set_string_member (object, "status", cases[i].status);
      if (cases[i].config_init != NULL)
        json_object_set_member (object, "__is_config_init",
                                node_from_string (cases[i].config_init));

      image = ferry_image_new_from_json (object, &error);
      g_assert_no_error (error);
      g_test_message ("%s / %s", cases[i].status, cases[i].config_init);
      g_assert_cmpint (ferry_image_get_status_kind (image), ==, cases[i].expected);
    }
}

static void
test_image_status_labels (void)
{
  g_assert_cmpstr (ferry_image_status_to_label (FERRY_IMAGE_STATUS_QUEUED), ==, "Queued");
  g_assert_cmpstr (ferry_image_status_to_label (FERRY_IMAGE_STATUS_SAVING), ==, "Saving");
  g_assert_cmpstr (ferry_image_status_to_label (FERRY_IMAGE_STATUS_ACTIVE), ==, "Normal");
  g_assert_cmpstr (ferry_image_status_to_label (FERRY_IMAGE_STATUS_UNINITIALIZED), ==,
                   "Normal (uninitialized)");
  g_assert_cmpstr (ferry_image_status_to_label (FERRY_IMAGE_STATUS_KILLED), ==, "Failed");
  g_assert_cmpstr (ferry_image_status_to_label (FERRY_IMAGE_STATUS_DELETED), ==, "Deleted");
  g_assert_cmpstr (ferry_image_status_to_label (FERRY_IMAGE_STATUS_UNKNOWN), ==, "Unknown");

  g_assert_cmpstr (ferry_image_kind_to_label (FERRY_IMAGE_KIND_SYSTEM_DISK), ==, "System disk");
  g_assert_cmpstr (ferry_image_kind_to_label (FERRY_IMAGE_KIND_DATA_DISK), ==, "Data disk");
  g_assert_cmpstr (ferry_image_kind_to_label (FERRY_IMAGE_KIND_WHOLE_MACHINE), ==, "Whole machine");
  g_assert_cmpstr (ferry_image_kind_to_label (FERRY_IMAGE_KIND_ISO), ==, "ISO");
}

static void
test_image_kind (void)
{
  static const struct {
    const char     *record;
    FerryImageKind  expected;
  } cases[] = {
    { "{'id': 'a', 'virtual_env_type': 'FusionCompute', 'disk_format': 'zvhd2'}",
      FERRY_IMAGE_KIND_SYSTEM_DISK },
    { "{'id': 'b', 'virtual_env_type': 'Ironic', 'disk_format': 'qcow2'}",
      FERRY_IMAGE_KIND_SYSTEM_DISK },
    { "{'id': 'c', 'virtual_env_type': 'DataImage', 'disk_format': 'zvhd2'}",
      FERRY_IMAGE_KIND_DATA_DISK },
    { "{'id': 'd', 'virtual_env_type': 'FusionCompute', '__whole_image': 'true'}",
      FERRY_IMAGE_KIND_WHOLE_MACHINE },
    { "{'id': 'e', '__whole_image': true}",
      FERRY_IMAGE_KIND_WHOLE_MACHINE },
    { "{'id': 'f', '__whole_image': 'false', 'virtual_env_type': 'FusionCompute'}",
      FERRY_IMAGE_KIND_SYSTEM_DISK },
    { "{'id': 'g', 'virtual_env_type': 'IsoImage', 'disk_format': 'zvhd2'}",
      FERRY_IMAGE_KIND_ISO },
    /* ISO by its disk format alone. */
    { "{'id': 'h', 'virtual_env_type': 'FusionCompute', 'disk_format': 'iso'}",
      FERRY_IMAGE_KIND_ISO },
    { "{'id': 'i', 'disk_format': 'iso'}",
      FERRY_IMAGE_KIND_ISO },
    /* ISO wins: it decides what can be done with the image. */
    { "{'id': 'j', 'disk_format': 'iso', '__whole_image': 'true'}",
      FERRY_IMAGE_KIND_ISO },
    { "{'id': 'k', 'virtual_env_type': 'DataImage', 'disk_format': 'iso'}",
      FERRY_IMAGE_KIND_ISO },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FerryImage) image = image_from_string (cases[i].record);

      g_test_message ("%s", cases[i].record);
      g_assert_cmpint (ferry_image_get_kind (image), ==, cases[i].expected);
    }
}

static void
test_image_backup_source (void)
{
  static const struct {
    const char        *record;
    FerryBackupSource  expected;
  } cases[] = {
    /* Not whole images: no backup, whatever the other members say. */
    { "{'id': 'a'}", FERRY_BACKUP_SOURCE_NONE },
    { "{'id': 'b', '__whole_image': 'false', '__backup_id': 'bk-1'}", FERRY_BACKUP_SOURCE_NONE },
    { "{'id': 'c', '__data_origin': 'server_backup,bk-2'}", FERRY_BACKUP_SOURCE_NONE },
    /* A backup id: CBR, even with a CSBS-looking origin. */
    { "{'id': 'd', '__whole_image': 'true', '__backup_id': 'bk-3'}", FERRY_BACKUP_SOURCE_CBR },
    { "{'id': 'e', '__whole_image': true, '__backup_id': 'bk-4',"
      " '__data_origin': 'server_backup,bk-4'}", FERRY_BACKUP_SOURCE_CBR },
    /* No backup id, made from a server backup: CSBS. */
    { "{'id': 'f', '__whole_image': 'true', '__data_origin': 'server_backup,bk-5'}",
      FERRY_BACKUP_SOURCE_CSBS },
    { "{'id': 'g', '__whole_image': 'true', '__backup_id': '',"
      " '__data_origin': 'server_backup,bk-6'}", FERRY_BACKUP_SOURCE_CSBS },
    { "{'id': 'h', '__whole_image': 'true', '__backup_id': null,"
      " '__data_origin': 'server_backup,bk-7'}", FERRY_BACKUP_SOURCE_CSBS },
    /* Neither: the safe side, CBR. */
    { "{'id': 'i', '__whole_image': 'true'}", FERRY_BACKUP_SOURCE_CBR },
    { "{'id': 'j', '__whole_image': 'true', '__data_origin': 'instance,srv-1'}",
      FERRY_BACKUP_SOURCE_CBR },
    /* The prefix includes the comma. */
    { "{'id': 'k', '__whole_image': 'true', '__data_origin': 'server_backup'}",
      FERRY_BACKUP_SOURCE_CBR },
    { "{'id': 'l', '__whole_image': 'true', '__data_origin': 'server_backups,x'}",
      FERRY_BACKUP_SOURCE_CBR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FerryImage) image = image_from_string (cases[i].record);
      FerryBackupSource source = FERRY_BACKUP_SOURCE_NONE;

      g_test_message ("%s", cases[i].record);
      g_assert_cmpint (ferry_image_get_backup_source (image), ==, cases[i].expected);
      g_object_get (image, "backup-source", &source, NULL);
      g_assert_cmpint (source, ==, cases[i].expected);
    }
}

static void
test_image_encrypted_private (void)
{
  g_autoptr(FerryImage) encrypted = NULL;
  g_autoptr(FerryImage) shared = NULL;
  g_autoptr(FerryImage) gold = NULL;

  encrypted = image_from_string ("{'id': 'a', '__imagetype': 'private',"
                                 " '__system__cmkid': '83cdb52d-9ebf-4469-9cfa-e7b5b80da846'}");
  g_assert_true (ferry_image_is_encrypted (encrypted));
  g_assert_cmpstr (ferry_image_get_cmk_id (encrypted), ==, "83cdb52d-9ebf-4469-9cfa-e7b5b80da846");
  g_assert_true (ferry_image_is_private (encrypted));

  shared = image_from_string ("{'id': 'b', '__imagetype': 'shared'}");
  g_assert_false (ferry_image_is_encrypted (shared));
  g_assert_false (ferry_image_is_private (shared));

  gold = image_from_string ("{'id': 'c', '__imagetype': 'gold', 'visibility': 'public'}");
  g_assert_false (ferry_image_is_private (gold));
}

static void
test_image_serialize (void)
{
  g_autoptr(FerryImage) image = NULL;
  g_autoptr(FerryImage) bare = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) bare_object = NULL;

  image = image_from_string ("{'id': 'img-9', 'name': 'db', 'status': 'active',"
                             " '__is_config_init': 'false', '__imagetype': 'private',"
                             " 'owner': 'p1', 'visibility': 'private',"
                             " '__image_size': '107374182400', 'min_disk': '100', 'min_ram': 4096,"
                             " '__whole_image': 'true', '__backup_id': 'bk-1',"
                             " '__data_origin': 'instance,srv', '__system__cmkid': 'key-1',"
                             " 'virtual_env_type': 'FusionCompute', 'disk_format': 'zvhd2',"
                             " '__os_type': 'Linux', '__os_version': 'Debian 12',"
                             " '__platform': 'Debian',"
                             " '__os_bit': '64', '__description': 'the database',"
                             " 'created_at': '2026-01-01T00:00:00Z',"
                             " 'updated_at': '2026-01-02T00:00:00Z'}");
  object = round_trip (ferry_image_serialize (image));

  assert_string_member (object, "id", "img-9");
  assert_string_member (object, "name", "db");
  /* Our own vocabulary: active without initialisation. */
  assert_string_member (object, "status", "uninitialized");
  assert_string_member (object, "server_status", "active");
  assert_string_member (object, "kind", "whole-machine");
  assert_string_member (object, "backup_source", "cbr");
  assert_string_member (object, "owner", "p1");
  assert_string_member (object, "visibility", "private");
  assert_string_member (object, "image_type", "private");
  assert_boolean_member (object, "private", TRUE);
  assert_boolean_member (object, "encrypted", TRUE);
  assert_boolean_member (object, "whole_image", TRUE);
  assert_boolean_member (object, "config_init", FALSE);
  assert_int_member (object, "size_bytes", G_GINT64_CONSTANT (107374182400));
  assert_int_member (object, "min_disk_gb", 100);
  assert_int_member (object, "min_ram_mb", 4096);
  assert_string_member (object, "cmk_id", "key-1");
  assert_string_member (object, "backup_id", "bk-1");
  assert_string_member (object, "data_origin", "instance,srv");
  assert_string_member (object, "virtual_env_type", "FusionCompute");
  assert_string_member (object, "disk_format", "zvhd2");
  assert_string_member (object, "os_type", "Linux");
  assert_string_member (object, "os_version", "Debian 12");
  assert_string_member (object, "platform", "Debian");
  assert_int_member (object, "os_bit", 64);
  assert_string_member (object, "description", "the database");
  assert_string_member (object, "created_at", "2026-01-01T00:00:00Z");
  assert_string_member (object, "updated_at", "2026-01-02T00:00:00Z");
  /* No translated text in machine output. */
  g_assert_false (json_object_has_member (object, "status_label"));

  /* Absent values are left out, not written as null or "". */
  bare = image_from_string ("{'id': 'img-10', 'name': 'bare', 'status': 'queued'}");
  bare_object = round_trip (ferry_image_serialize (bare));
  assert_string_member (bare_object, "id", "img-10");
  assert_string_member (bare_object, "status", "queued");
  assert_string_member (bare_object, "server_status", "queued");
  assert_string_member (bare_object, "kind", "system-disk");
  assert_string_member (bare_object, "backup_source", "none");
  assert_boolean_member (bare_object, "encrypted", FALSE);
  assert_boolean_member (bare_object, "config_init", TRUE);
  assert_int_member (bare_object, "min_disk_gb", 0);
  assert_string_member (bare_object, "name", "bare");
  g_assert_false (json_object_has_member (bare_object, "description"));
  g_assert_false (json_object_has_member (bare_object, "size_bytes"));
  g_assert_false (json_object_has_member (bare_object, "os_bit"));
  g_assert_false (json_object_has_member (bare_object, "cmk_id"));
  g_assert_false (json_object_has_member (bare_object, "owner"));
  g_assert_false (json_object_has_member (bare_object, "created_at"));
}

static void
test_image_enum_types (void)
{
  g_autoptr(GEnumClass) status_class = g_type_class_ref (FERRY_TYPE_IMAGE_STATUS);
  g_autoptr(GEnumClass) kind_class = g_type_class_ref (FERRY_TYPE_IMAGE_KIND);
  g_autoptr(GEnumClass) source_class = g_type_class_ref (FERRY_TYPE_BACKUP_SOURCE);

  g_assert_cmpuint (status_class->n_values, ==, 7);
  g_assert_cmpstr (g_enum_get_value (status_class, FERRY_IMAGE_STATUS_UNINITIALIZED)->value_nick,
                   ==, "uninitialized");
  g_assert_cmpuint (kind_class->n_values, ==, 4);
  g_assert_cmpstr (g_enum_get_value (kind_class, FERRY_IMAGE_KIND_ISO)->value_nick, ==, "iso");
  g_assert_cmpuint (source_class->n_values, ==, 3);
  g_assert_cmpstr (g_enum_get_value (source_class, FERRY_BACKUP_SOURCE_CSBS)->value_nick,
                   ==, "csbs");
}

/* Projects */

static FerryProject *
project_from_string (const char *text)
{
  g_autoptr(JsonObject) object = object_from_string (text);
  g_autoptr(GError) error = NULL;
  FerryProject *project;

  project = ferry_project_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_true (FERRY_IS_PROJECT (project));

  return project;
}

static void
test_project_record (void)
{
  g_autoptr(FerryProject) project = NULL;
  g_autofree char *region_id = NULL;
  gboolean is_default = FALSE;

  project = project_from_string ("{'id': '06a1e6b9c4000f6b2f35c000a1b2c3d4',"
                                 " 'name': 'cn-north-4', 'domain_id': 'd0d0d0',"
                                 " 'parent_id': 'd0d0d0', 'enabled': true,"
                                 " 'description': '', 'is_domain': false,"
                                 " 'links': {'self': 'https://iam.example/v3/projects/06a1'}}");
  g_assert_cmpstr (ferry_project_get_id (project), ==, "06a1e6b9c4000f6b2f35c000a1b2c3d4");
  g_assert_cmpstr (ferry_project_get_name (project), ==, "cn-north-4");
  g_assert_cmpstr (ferry_project_get_domain_id (project), ==, "d0d0d0");
  g_assert_cmpstr (ferry_project_get_parent_id (project), ==, "d0d0d0");
  g_assert_true (ferry_project_get_enabled (project));
  g_assert_null (ferry_project_get_description (project));
  g_assert_cmpstr (ferry_project_get_region_id (project), ==, "cn-north-4");
  g_assert_true (ferry_project_is_default (project));

  g_object_get (project, "region-id", &region_id, "default", &is_default, NULL);
  g_assert_cmpstr (region_id, ==, "cn-north-4");
  g_assert_true (is_default);
  g_clear_object (&project);

  /* "enabled" as a string; absent parent and description. */
  project = project_from_string ("{'id': 'p2', 'name': 'cn-north-4_dev', 'enabled': 'false'}");
  g_assert_false (ferry_project_get_enabled (project));
  g_assert_null (ferry_project_get_parent_id (project));
  g_assert_null (ferry_project_get_domain_id (project));
  g_clear_object (&project);

  /* Left out: enabled. */
  project = project_from_string ("{'id': 'p3', 'name': 'MOS'}");
  g_assert_true (ferry_project_get_enabled (project));
  g_assert_cmpstr (ferry_project_get_name (project), ==, "MOS");
  g_assert_null (ferry_project_get_region_id (project));
  g_assert_false (ferry_project_is_default (project));
}

static void
test_project_region (void)
{
  static const struct {
    const char *name;
    const char *region;       /* NULL: belongs to no region */
    gboolean    is_default;
  } cases[] = {
    { "cn-north-4", "cn-north-4", TRUE },
    { "cn-north-4_dev", "cn-north-4", FALSE },
    { "cn-north-4_dev_team", "cn-north-4", FALSE },
    { "ap-southeast-1", "ap-southeast-1", TRUE },
    { "eu-west-101_prod", "eu-west-101", FALSE },
    { "cn-east-3_", "cn-east-3", FALSE },
    { "MOS", NULL, FALSE },
    { "mos", NULL, FALSE },                 /* no dash */
    { "Cn-North-4", NULL, FALSE },          /* upper case */
    { "-x", NULL, FALSE },                  /* starts with a dash */
    { "x-", NULL, FALSE },                  /* ends with a dash */
    { "cn-north-4-_a", NULL, FALSE },
    { "a_b", NULL, FALSE },                 /* "a": no dash */
    { "_cn-north-4", NULL, FALSE },         /* empty region part */
    { "cn north-4", NULL, FALSE },
    { "cn-north-4.x", NULL, FALSE },
    { "-", NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = object_from_string ("{'id': 'p'}");
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryProject) project = NULL;

      json_object_set_string_member (object, "name", cases[i].name);
      project = ferry_project_new_from_json (object, &error);
      g_assert_no_error (error);
      g_test_message ("\"%s\"", cases[i].name);
      g_assert_cmpstr (ferry_project_get_region_id (project), ==, cases[i].region);
      g_assert_cmpint (ferry_project_is_default (project), ==, cases[i].is_default);
    }
}

static void
test_project_invalid (void)
{
  static const char *records[] = {
    "{'name': 'cn-north-4'}",
    "{'id': '', 'name': 'cn-north-4'}",
    "{'id': null}",
    "{'id': 'p', 'name': {'en': 'cn-north-4'}}",
    "{'id': 'p', 'name': 'x', 'enabled': 'yes'}",
    "{'id': 'p', 'name': 'x', 'enabled': 1}",
    "{'id': 'p', 'name': 'x', 'domain_id': ['d']}",
    "{'id': ['p'], 'name': 'x'}",
    /* What Ferry needs, as the reference types it: a project without a
     * name, or with a number for its id or name, is a broken answer. */
    "{'id': 'p'}",
    "{'id': 'p', 'name': null}",
    "{'id': 'p', 'name': ''}",
    "{'id': 'p', 'name': 12345}",
    "{'id': 12345, 'name': 'cn-north-4'}",
    "{'id': 'p', 'name': 'x', 'domain_id': 7}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    {
      g_autoptr(JsonObject) object = object_from_string (records[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryProject) project = NULL;

      g_test_message ("%s", records[i]);
      project = ferry_project_new_from_json (object, &error);
      assert_invalid (G_OBJECT (project), error);
    }
}

static void
test_project_serialize (void)
{
  g_autoptr(FerryProject) project = NULL;
  g_autoptr(FerryProject) other = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) other_object = NULL;

  project = project_from_string ("{'id': 'p1', 'name': 'cn-south-1_web', 'domain_id': 'd1',"
                                 " 'parent_id': 'p0', 'enabled': 'true', 'description': 'shop'}");
  object = round_trip (ferry_project_serialize (project));
  assert_string_member (object, "id", "p1");
  assert_string_member (object, "name", "cn-south-1_web");
  assert_string_member (object, "domain_id", "d1");
  assert_string_member (object, "parent_id", "p0");
  assert_boolean_member (object, "enabled", TRUE);
  assert_string_member (object, "description", "shop");
  assert_string_member (object, "region_id", "cn-south-1");
  assert_boolean_member (object, "default", FALSE);

  other = project_from_string ("{'id': 'p2', 'name': 'MOS', 'enabled': false}");
  other_object = round_trip (ferry_project_serialize (other));
  assert_boolean_member (other_object, "enabled", FALSE);
  assert_boolean_member (other_object, "default", FALSE);
  g_assert_false (json_object_has_member (other_object, "region_id"));
  g_assert_false (json_object_has_member (other_object, "parent_id"));
  g_assert_false (json_object_has_member (other_object, "description"));
}

/* Agencies */

#define AGENCY_RECORD \
  "{'id': 'af3c2b1e0d9f4a8b9c7d6e5f4a3b2c1d', 'name': 'ims_administrator_agency'," \
  " 'domain_id': 'd0d0d0', 'trust_domain_id': 'e1e1e1', 'trust_domain_name': 'op_svc_ims'," \
  " 'duration': 'FOREVER', 'description': 'Agency with IMS Administrator permissions'," \
  " 'create_time': '2026-02-03T04:05:06.000000', 'expire_time': null}"

static void
test_agency_record (void)
{
  g_autoptr(JsonObject) object = object_from_string (AGENCY_RECORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryAgency) agency = NULL;
  gboolean trusts_ims = FALSE;

  agency = ferry_agency_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_agency_get_id (agency), ==, "af3c2b1e0d9f4a8b9c7d6e5f4a3b2c1d");
  g_assert_cmpstr (ferry_agency_get_name (agency), ==, "ims_administrator_agency");
  g_assert_cmpstr (ferry_agency_get_domain_id (agency), ==, "d0d0d0");
  g_assert_cmpstr (ferry_agency_get_trust_domain_id (agency), ==, "e1e1e1");
  g_assert_cmpstr (ferry_agency_get_trust_domain_name (agency), ==, "op_svc_ims");
  g_assert_cmpstr (ferry_agency_get_duration (agency), ==, "FOREVER");
  g_assert_cmpstr (ferry_agency_get_description (agency), ==,
                   "Agency with IMS Administrator permissions");
  g_assert_cmpstr (ferry_agency_get_create_time (agency), ==, "2026-02-03T04:05:06.000000");
  g_assert_null (ferry_agency_get_expire_time (agency));
  g_assert_true (ferry_agency_trusts_ims (agency));
  g_object_get (agency, "trusts-ims", &trusts_ims, NULL);
  g_assert_true (trusts_ims);
}

static void
test_agency_trusts_ims (void)
{
  static const struct {
    const char *trust_domain_name;   /* JSON value */
    gboolean    expected;
  } cases[] = {
    { "'op_svc_ims'", TRUE },
    { "'op_svc_evs'", FALSE },
    { "'some_account'", FALSE },
    { "'op_svc_ims_x'", FALSE },
    { "''", FALSE },
    { "null", FALSE },
  };

  g_assert_cmpstr (FERRY_AGENCY_IMS_TRUST_DOMAIN, ==, "op_svc_ims");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = object_with (AGENCY_RECORD, "trust_domain_name",
                                                  cases[i].trust_domain_name);
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryAgency) agency = NULL;

      agency = ferry_agency_new_from_json (object, &error);
      g_assert_no_error (error);
      g_assert_cmpint (ferry_agency_trusts_ims (agency), ==, cases[i].expected);
    }
}

static void
test_agency_invalid (void)
{
  static const struct {
    const char *member;
    const char *value;
  } cases[] = {
    { "id", "null" },
    { "id", "''" },
    { "id", "{}" },
    { "name", "{'zh': 'x'}" },
    { "trust_domain_name", "['op_svc_ims']" },
    { "duration", "true" },
    { "expire_time", "{}" },
    /* Required, and strings as the IAM agency pages show them. */
    { "name", "null" },
    { "name", "''" },
    { "name", "12345" },
    { "id", "12345" },
    { "trust_domain_name", "1" },
    { "create_time", "1767225600" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = object_with (AGENCY_RECORD, cases[i].member, cases[i].value);
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryAgency) agency = NULL;

      g_test_message ("%s = %s", cases[i].member, cases[i].value);
      agency = ferry_agency_new_from_json (object, &error);
      assert_invalid_member (G_OBJECT (agency), error, cases[i].member);
    }

  {
    g_autoptr(JsonObject) object = object_from_string ("{'name': 'ims_agency'}");
    g_autoptr(GError) error = NULL;
    g_autoptr(FerryAgency) agency = ferry_agency_new_from_json (object, &error);

    assert_invalid (G_OBJECT (agency), error);
  }
}

static void
test_agency_serialize (void)
{
  g_autoptr(JsonObject) record = object_from_string (AGENCY_RECORD);
  g_autoptr(FerryAgency) agency = ferry_agency_new_from_json (record, NULL);
  g_autoptr(JsonObject) object = NULL;

  g_assert_nonnull (agency);
  object = round_trip (ferry_agency_serialize (agency));
  assert_string_member (object, "id", "af3c2b1e0d9f4a8b9c7d6e5f4a3b2c1d");
  assert_string_member (object, "name", "ims_administrator_agency");
  assert_string_member (object, "domain_id", "d0d0d0");
  assert_string_member (object, "trust_domain_id", "e1e1e1");
  assert_string_member (object, "trust_domain_name", "op_svc_ims");
  assert_boolean_member (object, "trusts_ims", TRUE);
  assert_string_member (object, "duration", "FOREVER");
  assert_string_member (object, "description", "Agency with IMS Administrator permissions");
  assert_string_member (object, "create_time", "2026-02-03T04:05:06.000000");
  g_assert_false (json_object_has_member (object, "expire_time"));
}

/* Roles */

#define ROLE_RECORD \
  "{'id': 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6', 'name': 'ims_adm'," \
  " 'display_name': 'IMS Administrator', 'type': 'XA', 'catalog': 'IMS'," \
  " 'description': 'Image Management Service administrator', 'domain_id': null," \
  " 'flag': 'fine_grained', 'policy': {'Version': '1.1', 'Statement': []}}"

static void
test_role_record (void)
{
  g_autoptr(JsonObject) object = object_from_string (ROLE_RECORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryRole) role = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *type = NULL;

  role = ferry_role_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_role_get_id (role), ==, "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6");
  g_assert_cmpstr (ferry_role_get_name (role), ==, "ims_adm");
  g_assert_cmpstr (ferry_role_get_display_name (role), ==, "IMS Administrator");
  g_assert_cmpstr (ferry_role_get_role_type (role), ==, "XA");
  g_assert_cmpstr (ferry_role_get_catalog (role), ==, "IMS");
  g_assert_cmpstr (ferry_role_get_description (role), ==, "Image Management Service administrator");

  g_object_get (role, "display-name", &display_name, "type", &type, NULL);
  g_assert_cmpstr (display_name, ==, "IMS Administrator");
  g_assert_cmpstr (type, ==, "XA");
}

static void
test_role_absent_and_invalid (void)
{
  static const char *invalid[] = {
    "{'name': 'ims_adm'}",
    "{'id': '', 'name': 'ims_adm'}",
    "{'id': 'r', 'name': 'ims_adm', 'display_name': ['IMS Administrator']}",
    "{'id': 'r', 'name': 'ims_adm', 'catalog': {}}",
    "{'id': 'r', 'name': 'ims_adm', 'type': false}",
    /* Required, as strings. */
    "{'id': 'r'}",
    "{'id': 'r', 'name': 7}",
    "{'id': 7, 'name': 'ims_adm'}",
    "{'id': 'r', 'name': 'ims_adm', 'display_name': 1}",
  };
  g_autoptr(JsonObject) object = object_from_string ("{'id': 'r1', 'name': 'ims_adm',"
                                                     " 'display_name': null}");
  g_autoptr(FerryRole) role = ferry_role_new_from_json (object, NULL);

  g_assert_nonnull (role);
  g_assert_cmpstr (ferry_role_get_name (role), ==, "ims_adm");
  g_assert_null (ferry_role_get_display_name (role));
  g_assert_null (ferry_role_get_role_type (role));
  g_assert_null (ferry_role_get_catalog (role));
  g_assert_null (ferry_role_get_description (role));

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(JsonObject) bad = object_from_string (invalid[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryRole) bad_role = NULL;

      g_test_message ("%s", invalid[i]);
      bad_role = ferry_role_new_from_json (bad, &error);
      assert_invalid (G_OBJECT (bad_role), error);
    }
}

static void
test_role_serialize (void)
{
  g_autoptr(JsonObject) record = object_from_string ("{'id': 'r1', 'name': 'ims_adm',"
                                                     " 'display_name': 'IMS Administrator',"
                                                     " 'type': 'AX', 'catalog': 'IMS'}");
  g_autoptr(FerryRole) role = ferry_role_new_from_json (record, NULL);
  g_autoptr(JsonObject) object = NULL;

  g_assert_nonnull (role);
  object = round_trip (ferry_role_serialize (role));
  assert_string_member (object, "id", "r1");
  assert_string_member (object, "name", "ims_adm");
  assert_string_member (object, "display_name", "IMS Administrator");
  assert_string_member (object, "type", "AX");
  assert_string_member (object, "catalog", "IMS");
  g_assert_false (json_object_has_member (object, "description"));
}

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

static void
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

static void
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

static void
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

static void
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

/* Jobs */

#define JOB_RECORD \
  "{'status': 'RUNNING', 'job_id': '4010a32c5f9f8e94015fa0d5a9ec0f4c'," \
  " 'job_type': 'createImageByCrossRegionCopy', 'begin_time': '2026-03-04T05:06:07.123Z'," \
  " 'end_time': '', 'error_code': null, 'fail_reason': null," \
  " 'entities': {'image_id': '9f1a6b1c-0000-4000-8000-00000000000a'," \
  "              'image_name': 'copy_CN North-Beijing4_web', 'process_percent': 0.4," \
  "              'current_task': 'copying the image file'}}"

static FerryJob *
job_from_string (const char *text)
{
  g_autoptr(JsonObject) object = object_from_string (text);
  g_autoptr(GError) error = NULL;
  FerryJob *job;

  job = ferry_job_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_true (FERRY_IS_JOB (job));

  return job;
}

static void
test_job_record (void)
{
  g_autoptr(FerryJob) job = job_from_string (JOB_RECORD);
  FerryJobStatus status = FERRY_JOB_STATUS_UNKNOWN;
  double percent = -1.0;

  g_assert_cmpstr (ferry_job_get_id (job), ==, "4010a32c5f9f8e94015fa0d5a9ec0f4c");
  g_assert_cmpint (ferry_job_get_status (job), ==, FERRY_JOB_STATUS_RUNNING);
  g_assert_cmpstr (ferry_job_get_job_type (job), ==, "createImageByCrossRegionCopy");
  g_assert_cmpstr (ferry_job_get_begin_time (job), ==, "2026-03-04T05:06:07.123Z");
  g_assert_null (ferry_job_get_end_time (job));
  g_assert_null (ferry_job_get_error_code (job));
  g_assert_null (ferry_job_get_fail_reason (job));
  g_assert_cmpstr (ferry_job_get_image_id (job), ==, "9f1a6b1c-0000-4000-8000-00000000000a");
  g_assert_cmpstr (ferry_job_get_image_name (job), ==, "copy_CN North-Beijing4_web");
  g_assert_cmpfloat_with_epsilon (ferry_job_get_process_percent (job), 0.4, 1e-9);
  g_assert_cmpstr (ferry_job_get_current_task (job), ==, "copying the image file");
  g_assert_false (ferry_job_status_is_final (ferry_job_get_status (job)));

  g_object_get (job, "status", &status, "process-percent", &percent, NULL);
  g_assert_cmpint (status, ==, FERRY_JOB_STATUS_RUNNING);
  g_assert_cmpfloat_with_epsilon (percent, 0.4, 1e-9);
}

static void
test_job_failed (void)
{
  g_autoptr(FerryJob) job = NULL;

  job = job_from_string ("{'status': 'FAIL', 'job_id': 'j2', 'job_type': 'x',"
                         " 'begin_time': '2026-03-04T05:06:07Z',"
                         " 'end_time': '2026-03-04T05:16:07Z',"
                         " 'error_code': 'IMG.0151',"
                         " 'fail_reason': 'the agency lacks IMS Administrator',"
                         " 'entities': {'image_name': 'copy_web'}}");
  g_assert_cmpint (ferry_job_get_status (job), ==, FERRY_JOB_STATUS_FAIL);
  g_assert_true (ferry_job_status_is_final (ferry_job_get_status (job)));
  g_assert_cmpstr (ferry_job_get_end_time (job), ==, "2026-03-04T05:16:07Z");
  g_assert_cmpstr (ferry_job_get_error_code (job), ==, "IMG.0151");
  g_assert_cmpstr (ferry_job_get_fail_reason (job), ==, "the agency lacks IMS Administrator");
  g_assert_null (ferry_job_get_image_id (job));
  g_assert_cmpstr (ferry_job_get_image_name (job), ==, "copy_web");
  /* Absent percent: 0. */
  g_assert_cmpfloat (ferry_job_get_process_percent (job), ==, 0.0);
  g_clear_object (&job);

  /* Nothing but the id and an unknown status. */
  job = job_from_string ("{'job_id': 'j3', 'status': 'QUEUED'}");
  g_assert_cmpint (ferry_job_get_status (job), ==, FERRY_JOB_STATUS_UNKNOWN);
  g_assert_false (ferry_job_status_is_final (ferry_job_get_status (job)));
  g_assert_null (ferry_job_get_image_id (job));
  g_assert_null (ferry_job_get_current_task (job));
  g_assert_cmpfloat (ferry_job_get_process_percent (job), ==, 0.0);
}

static void
test_job_status (void)
{
  static const struct {
    const char     *status;
    FerryJobStatus  expected;
    gboolean        final;
  } cases[] = {
    { "INIT", FERRY_JOB_STATUS_INIT, FALSE },
    { "init", FERRY_JOB_STATUS_INIT, FALSE },
    { "RUNNING", FERRY_JOB_STATUS_RUNNING, FALSE },
    { "running", FERRY_JOB_STATUS_RUNNING, FALSE },
    { "Running", FERRY_JOB_STATUS_RUNNING, FALSE },
    { "SUCCESS", FERRY_JOB_STATUS_SUCCESS, TRUE },
    { "success", FERRY_JOB_STATUS_SUCCESS, TRUE },
    { "FAIL", FERRY_JOB_STATUS_FAIL, TRUE },
    { "fail", FERRY_JOB_STATUS_FAIL, TRUE },
    { "FAILED", FERRY_JOB_STATUS_UNKNOWN, FALSE },
    { "DONE", FERRY_JOB_STATUS_UNKNOWN, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = object_from_string ("{'job_id': 'j'}");
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryJob) job = NULL;

      json_object_set_string_member (object, "status", cases[i].status);
      job = ferry_job_new_from_json (object, &error);
      g_assert_no_error (error);
      g_test_message ("\"%s\"", cases[i].status);
      g_assert_cmpint (ferry_job_get_status (job), ==, cases[i].expected);
      g_assert_cmpint (ferry_job_status_is_final (ferry_job_get_status (job)), ==, cases[i].final);
    }

  g_assert_false (ferry_job_status_is_final (FERRY_JOB_STATUS_INIT));
  g_assert_false (ferry_job_status_is_final (FERRY_JOB_STATUS_RUNNING));
  g_assert_true (ferry_job_status_is_final (FERRY_JOB_STATUS_SUCCESS));
  g_assert_true (ferry_job_status_is_final (FERRY_JOB_STATUS_FAIL));
  g_assert_false (ferry_job_status_is_final (FERRY_JOB_STATUS_UNKNOWN));
}

static void
test_job_process_percent (void)
{
  static const struct {
    const char *value;   /* JSON value of process_percent */
    double      expected;
  } cases[] = {
    { "0.4", 0.4 },
    { "'0.75'", 0.75 },
    { "'1'", 1.0 },
    { "1", 1.0 },
    { "0", 0.0 },
    { "null", 0.0 },
    { "''", 0.0 },
    /* Kept in 0..1 whatever is sent. */
    { "1.5", 1.0 },
    { "-0.2", 0.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = object_from_string ("{'job_id': 'j', 'status': 'RUNNING'}");
      g_autoptr(JsonObject) entities = object_from_string ("{'image_id': 'i'}");
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryJob) job = NULL;

      json_object_set_member (entities, "process_percent", node_from_string (cases[i].value));
      json_object_set_object_member (object, "entities", json_object_ref (entities));
      job = ferry_job_new_from_json (object, &error);
      g_assert_no_error (error);
      g_test_message ("%s", cases[i].value);
      g_assert_cmpfloat_with_epsilon (ferry_job_get_process_percent (job), cases[i].expected, 1e-9);
    }
}

static void
test_job_invalid (void)
{
  static const char *records[] = {
    "{'status': 'RUNNING'}",
    "{'job_id': '', 'status': 'RUNNING'}",
    "{'job_id': null, 'status': 'RUNNING'}",
    "{'id': 'j', 'status': 'RUNNING'}",          /* the member is job_id */
    "{'job_id': {'id': 'j'}, 'status': 'RUNNING'}",
    "{'job_id': 'j', 'status': {'code': 'RUNNING'}}",
    "{'job_id': 'j', 'status': 'RUNNING', 'fail_reason': ['a', 'b']}",
    "{'job_id': 'j', 'status': 'RUNNING', 'entities': 'none'}",
    "{'job_id': 'j', 'status': 'RUNNING', 'entities': []}",
    "{'job_id': 'j', 'status': 'RUNNING', 'entities': {'process_percent': 'abc'}}",
    "{'job_id': 'j', 'status': 'RUNNING', 'entities': {'process_percent': 'nan'}}",
    "{'job_id': 'j', 'status': 'RUNNING', 'entities': {'process_percent': {}}}",
    "{'job_id': 'j', 'status': 'RUNNING', 'entities': {'image_id': {}}}",
    /* Without a status a job says nothing to act on; numbers are no text. */
    "{'job_id': 'j'}",
    "{'job_id': 'j', 'status': null}",
    "{'job_id': 'j', 'status': ''}",
    "{'job_id': 'j', 'status': 1}",
    "{'job_id': 42, 'status': 'RUNNING'}",
    "{'job_id': 'j', 'status': 'RUNNING', 'entities': {'image_id': 7}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    {
      g_autoptr(JsonObject) object = object_from_string (records[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryJob) job = NULL;

      g_test_message ("%s", records[i]);
      job = ferry_job_new_from_json (object, &error);
      assert_invalid (G_OBJECT (job), error);
    }
}

static void
test_job_serialize (void)
{
  g_autoptr(FerryJob) job = job_from_string (JOB_RECORD);
  g_autoptr(FerryJob) done = NULL;
  g_autoptr(JsonObject) object = round_trip (ferry_job_serialize (job));
  g_autoptr(JsonObject) done_object = NULL;

  assert_string_member (object, "id", "4010a32c5f9f8e94015fa0d5a9ec0f4c");
  assert_string_member (object, "status", "running");
  assert_boolean_member (object, "final", FALSE);
  assert_string_member (object, "job_type", "createImageByCrossRegionCopy");
  assert_string_member (object, "begin_time", "2026-03-04T05:06:07.123Z");
  assert_string_member (object, "image_id", "9f1a6b1c-0000-4000-8000-00000000000a");
  assert_string_member (object, "image_name", "copy_CN North-Beijing4_web");
  assert_string_member (object, "current_task", "copying the image file");
  assert_double_member (object, "progress", 0.4);
  g_assert_false (json_object_has_member (object, "end_time"));
  g_assert_false (json_object_has_member (object, "error_code"));
  g_assert_false (json_object_has_member (object, "fail_reason"));

  done = job_from_string ("{'job_id': 'j9', 'status': 'success',"
                          " 'entities': {'process_percent': '1'}}");
  done_object = round_trip (ferry_job_serialize (done));
  assert_string_member (done_object, "status", "success");
  assert_boolean_member (done_object, "final", TRUE);
  assert_double_member (done_object, "progress", 1.0);
  g_assert_false (json_object_has_member (done_object, "image_id"));
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
