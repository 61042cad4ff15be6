/* test-models-iam.c: tests for the models of IAM records: projects, agencies
 * and roles
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "ferry-agency.h"
#include "ferry-project.h"
#include "ferry-role.h"

#include "test-models.h"

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

void
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

void
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

void
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

void
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

void
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

void
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

void
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

void
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

void
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

void
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

void
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
