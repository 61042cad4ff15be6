/* test-models-ims.c: tests for the models of IMS records: images and jobs
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "ferry-error.h"
#include "ferry-image.h"
#include "ferry-job.h"

#include "test-models.h"

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

void
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

void
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

void
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

void
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

void
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

void
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

void
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

void
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

void
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

void
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

void
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

void
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

void
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

void
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

void
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

void
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

void
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

void
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
