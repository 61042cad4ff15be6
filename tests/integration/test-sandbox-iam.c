/* test-sandbox-iam.c: the sandbox's IAM over real HTTP on loopback
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-region-catalogue.h"

#include "test-sandbox.h"

/* Tests: IAM */

static void
test_iam_discovery (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FerryRegionCatalogue) catalogue = ferry_region_catalogue_new_default (NULL);
  g_autoptr(Response) projects = NULL;
  g_autoptr(Response) regions = NULL;
  g_autoptr(Response) roles = NULL;
  g_autoptr(Response) all_roles = NULL;
  g_autofree char *domain = NULL;
  JsonArray *array;
  guint n_regions = g_list_model_get_n_items (G_LIST_MODEL (catalogue));
  gboolean seen_mos = FALSE, seen_dev = FALSE;

  fixture_start (f, NULL);
  domain = domain_id (f);

  projects = api_get (f, "iam", "ap-southeast-3", "/v3/auth/projects", NULL);
  assert_ok (projects, 200);
  array = json_object_get_array_member (response_object (projects), "projects");
  g_assert_cmpuint (json_array_get_length (array), ==, n_regions + 2);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *project = json_array_get_object_element (array, i);
      const char *name = json_object_get_string_member (project, "name");

      g_assert_true (is_hex32 (json_object_get_string_member (project, "id")));
      g_assert_cmpstr (json_object_get_string_member (project, "domain_id"), ==, domain);
      g_assert_nonnull (json_object_get_string_member (project, "parent_id"));
      g_assert_true (json_object_get_boolean_member (project, "enabled"));
      seen_mos |= strcmp (name, "MOS") == 0;
      seen_dev |= strcmp (name, "cn-north-4_dev") == 0;
      if (strcmp (name, "MOS") != 0 && strcmp (name, "cn-north-4_dev") != 0)
        g_assert_nonnull (ferry_region_catalogue_lookup (catalogue, name));
    }
  g_assert_true (seen_mos && seen_dev);

  regions = api_get (f, "iam", "cn-north-4", "/v3/regions", NULL);
  assert_ok (regions, 200);
  array = json_object_get_array_member (response_object (regions), "regions");
  g_assert_cmpuint (json_array_get_length (array), ==, n_regions);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *region = json_array_get_object_element (array, i);
      JsonObject *locales = json_object_get_object_member (region, "locales");

      g_assert_cmpstr (json_object_get_string_member (region, "type"), ==, "public");
      g_assert_nonnull (json_object_get_string_member (locales, "zh-cn"));
      g_assert_nonnull (json_object_get_string_member (locales, "en-us"));
      if (strcmp (json_object_get_string_member (region, "id"), "cn-east-3") == 0)
        g_assert_cmpstr (json_object_get_string_member (locales, "zh-cn"), ==, "华东-上海一");
    }

  roles = api_get (f, "iam", "cn-north-4", "/v3/roles?display_name=IMS%20Administrator", NULL);
  assert_ok (roles, 200);
  array = json_object_get_array_member (response_object (roles), "roles");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"),
                   ==, "ims_adm");
  g_assert_true (is_hex32 (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                          "id")));

  all_roles = api_get (f, "iam", "cn-north-4", "/v3/roles", NULL);
  assert_ok (all_roles, 200);
  array = json_object_get_array_member (response_object (all_roles), "roles");
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
  g_assert_nonnull (find_by_name (array, "te_admin"));
}

static void
test_iam_agencies (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *domain = NULL;
  g_autofree char *list_path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *long_name = g_strnfill (65, 'a');
  g_autofree char *long_description = g_strnfill (256, 'd');
  JsonArray *agencies;
  JsonObject *agency;

  fixture_start (f, NULL);
  domain = domain_id (f);
  list_path = g_strdup_printf ("/v3.0/OS-AGENCY/agencies?domain_id=%s", domain);

  {
    g_autoptr(Response) response = api_get (f, "iam", "cn-north-4", list_path, NULL);

    assert_ok (response, 200);
    agencies = json_object_get_array_member (response_object (response), "agencies");
    g_assert_cmpuint (json_array_get_length (agencies), ==, 3);
    agency = find_by_name (agencies, "ims_administrator_agency");
    g_assert_nonnull (agency);
    g_assert_cmpstr (json_object_get_string_member (agency, "trust_domain_name"), ==, "op_svc_ims");
    g_assert_cmpstr (json_object_get_string_member (agency, "duration"), ==, "FOREVER");
    g_assert_cmpstr (json_object_get_string_member (agency, "domain_id"), ==, domain);
    g_assert_nonnull (json_object_get_string_member (agency, "create_time"));
    g_assert_true (json_object_get_null_member (agency, "expire_time"));
    g_assert_cmpstr (json_object_get_string_member (find_by_name (agencies, "ecs_agency"),
                                                    "trust_domain_name"), ==, "op_svc_ecs");
    g_assert_nonnull (find_by_name (agencies, "ims_partial_agency"));
  }

  {
    g_autofree char *path = g_strdup_printf ("%s&name=ecs_agency", list_path);
    g_autoptr(Response) response = api_get (f, "iam", "cn-north-4", path, NULL);

    assert_ok (response, 200);
    g_assert_cmpuint (json_array_get_length (response_array (response, "agencies")), ==, 1);
  }

  {
    g_autoptr(Response) missing = api_get (f, "iam", "cn-north-4", AGENCIES, NULL);
    g_autoptr(Response) other = api_get (f, "iam", "cn-north-4", AGENCIES "?domain_id=" OTHER_ID,
                                         NULL);

    assert_flat_error (missing, 400, "IAM.0007");
    assert_flat_error (other, 403, "IAM.0002");
  }

  body = g_strdup_printf ("{\"agency\": {\"name\": \"copy_agency\", \"domain_id\": \"%s\", "
                          "\"trust_domain_name\": \"op_svc_ims\", \"duration\": \"FOREVER\", "
                          "\"description\": \"Agency with IMS Administrator permissions\"}}",
                          domain);
  {
    g_autoptr(Response) created = api_post (f, "iam", "cn-north-4", AGENCIES, body, NULL);
    g_autoptr(Response) again = api_post (f, "iam", "cn-north-4", AGENCIES, body, NULL);
    g_autoptr(Response) listed = api_get (f, "iam", "cn-north-4", list_path, NULL);
    JsonObject *seeded = find_by_name (response_array (listed, "agencies"),
                                       "ims_administrator_agency");

    assert_ok (created, 201);
    agency = json_object_get_object_member (response_object (created), "agency");
    g_assert_true (is_hex32 (json_object_get_string_member (agency, "id")));
    g_assert_cmpstr (json_object_get_string_member (agency, "name"), ==, "copy_agency");
    g_assert_cmpstr (json_object_get_string_member (agency, "trust_domain_name"), ==, "op_svc_ims");
    g_assert_cmpstr (json_object_get_string_member (agency, "trust_domain_id"), ==,
                     json_object_get_string_member (seeded, "trust_domain_id"));
    assert_flat_error (again, 409, "IAM.0005");
    g_assert_nonnull (find_by_name (response_array (listed, "agencies"), "copy_agency"));
  }

  {
    g_autofree char *one_day = g_strdup_printf ("{\"agency\": {\"name\": \"day_agency\", "
                                                "\"domain_id\": \"%s\", \"trust_domain_name\": "
                                                "\"op_svc_ims\", \"duration\": \"ONEDAY\"}}",
                                                domain);
    g_autoptr(Response) created = api_post (f, "iam", "cn-north-4", AGENCIES, one_day, NULL);

    assert_ok (created, 201);
    agency = json_object_get_object_member (response_object (created), "agency");
    g_assert_nonnull (json_object_get_string_member (agency, "expire_time"));
  }

  {
    char *bad[6];
    guint statuses[] = { 400, 400, 400, 400, 403, 400 };
    const char *codes[] = {
      "IAM.0073", "IAM.0073", "IAM.0073", "IAM.0011", "IAM.0002", "IAM.0011",
    };

    bad[0] = g_strdup_printf ("{\"agency\": {\"name\": \"%s\", \"domain_id\": \"%s\", "
                              "\"trust_domain_name\": \"op_svc_ims\"}}", long_name, domain);
    bad[1] = g_strdup_printf ("{\"agency\": {\"name\": \"x\", \"domain_id\": \"%s\", "
                              "\"trust_domain_name\": \"op_svc_ims\", \"description\": \"%s\"}}",
                              domain, long_description);
    bad[2] = g_strdup_printf ("{\"agency\": {\"name\": \"x\", \"domain_id\": \"%s\", "
                              "\"trust_domain_name\": \"op_svc_ims\", \"duration\": \"WEEK\"}}",
                              domain);
    bad[3] = g_strdup ("{\"name\": \"x\"}");
    bad[4] = g_strdup ("{\"agency\": {\"name\": \"x\", \"domain_id\": \"" OTHER_ID "\", "
                       "\"trust_domain_name\": \"op_svc_ims\"}}");
    bad[5] = g_strdup ("not json");
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(Response) response = api_post (f, "iam", "cn-north-4", AGENCIES, bad[i], NULL);

        g_test_message ("bad agency %u", i);
        assert_flat_error (response, statuses[i], codes[i]);
        g_free (bad[i]);
      }
  }
}

static void
test_iam_show_agency (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *domain = NULL;
  g_autofree char *list_path = NULL;
  g_autofree char *path = NULL;
  JsonObject *listed;

  fixture_start (f, NULL);
  domain = domain_id (f);
  list_path = g_strdup_printf (AGENCIES "?domain_id=%s&name=ims_administrator_agency", domain);
  {
    g_autoptr(Response) list = api_get (f, "iam", "cn-north-4", list_path, NULL);

    listed = json_object_ref (json_array_get_object_element (response_array (list, "agencies"), 0));
  }

  /* ShowAgency: the same agency, under "agency". */
  path = g_strdup_printf (AGENCIES "/%s", json_object_get_string_member (listed, "id"));
  {
    g_autoptr(Response) response = api_get (f, "iam", "cn-north-4", path, NULL);
    JsonObject *agency;

    assert_ok (response, 200);
    agency = json_object_get_object_member (response_object (response), "agency");
    g_assert_nonnull (agency);
    g_assert_cmpstr (json_object_get_string_member (agency, "id"), ==,
                     json_object_get_string_member (listed, "id"));
    g_assert_cmpstr (json_object_get_string_member (agency, "name"), ==, "ims_administrator_agency");
    g_assert_cmpstr (json_object_get_string_member (agency, "trust_domain_name"), ==, "op_svc_ims");
    g_assert_cmpstr (json_object_get_string_member (agency, "domain_id"), ==, domain);
  }
  {
    g_autoptr(Response) unknown = api_get (f, "iam", "cn-north-4", AGENCIES "/" OTHER_ID, NULL);

    assert_flat_error (unknown, 404, "IAM.0004");
  }
  json_object_unref (listed);
}

static guint
check_grant (Fixture    *f,
             const char *project,
             const char *agency,
             const char *role)
{
  g_autofree char *path = g_strdup_printf ("/v3.0/OS-AGENCY/projects/%s/agencies/%s/roles/%s",
                                           project, agency, role);
  g_autoptr(Response) response = api_request_full (f, "HEAD", "iam", "cn-north-4", path, NULL,
                                                   NULL);

  g_assert_no_error (response->error);
  assert_request_id (response);
  return response->status;
}

static void
test_iam_grants (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(FerryRegionCatalogue) catalogue = ferry_region_catalogue_new_default (NULL);
  g_autofree char *ims_adm = NULL;
  g_autofree char *full = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *bj4 = NULL;
  g_autofree char *sh2 = NULL;
  g_autofree char *grant_path = NULL;
  g_autofree char *list_path = NULL;

  fixture_start (f, NULL);
  ims_adm = role_id (f, "IMS Administrator");
  full = agency_id (f, "ims_administrator_agency");
  partial = agency_id (f, "ims_partial_agency");
  bj4 = project_id (f, "cn-north-4");
  sh2 = project_id (f, "cn-east-2");

  /* The seed: one agency granted in every region, one in cn-north-4 only. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalogue)); i++)
    {
      g_autoptr(FerryRegion) region = g_list_model_get_item (G_LIST_MODEL (catalogue), i);
      g_autofree char *project = project_id (f, ferry_region_get_id (region));

      g_assert_cmpuint (check_grant (f, project, full, ims_adm), ==, 204);
    }
  g_assert_cmpuint (check_grant (f, bj4, partial, ims_adm), ==, 204);
  g_assert_cmpuint (check_grant (f, sh2, partial, ims_adm), ==, 404);

  grant_path = g_strdup_printf ("/v3.0/OS-AGENCY/projects/%s/agencies/%s/roles/%s", sh2, partial,
                                ims_adm);
  {
    g_autoptr(Response) granted = api_request_full (f, "PUT", "iam", "cn-north-4", grant_path, NULL,
                                                    NULL);
    g_autoptr(Response) again = api_request_full (f, "PUT", "iam", "cn-north-4", grant_path, NULL,
                                                  NULL);

    assert_ok (granted, 204);
    g_assert_null (granted->root);
    assert_ok (again, 204);
  }
  g_assert_cmpuint (check_grant (f, sh2, partial, ims_adm), ==, 204);

  list_path = g_strdup_printf ("/v3.0/OS-AGENCY/projects/%s/agencies/%s/roles", sh2, partial);
  {
    g_autoptr(Response) response = api_get (f, "iam", "cn-north-4", list_path, NULL);
    JsonArray *roles;

    assert_ok (response, 200);
    roles = json_object_get_array_member (response_object (response), "roles");
    g_assert_cmpuint (json_array_get_length (roles), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (roles, 0),
                                                    "display_name"),
                     ==, "IMS Administrator");
  }

  /* Unknown project, agency or role. */
  {
    const char *unknown = "0123456789abcdef0123456789abcdef";
    char *paths[3];

    paths[0] = g_strdup_printf ("/v3.0/OS-AGENCY/projects/%s/agencies/%s/roles/%s", unknown,
                                partial, ims_adm);
    paths[1] = g_strdup_printf ("/v3.0/OS-AGENCY/projects/%s/agencies/%s/roles/%s", sh2, unknown,
                                ims_adm);
    paths[2] = g_strdup_printf ("/v3.0/OS-AGENCY/projects/%s/agencies/%s/roles/%s", sh2, partial,
                                unknown);
    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        g_autoptr(Response) response = api_request_full (f, "PUT", "iam", "cn-north-4", paths[i],
                                                         NULL, NULL);

        assert_flat_error (response, 404, "IAM.0004");
        g_free (paths[i]);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sandbox/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("iam/discovery", test_iam_discovery);
  ADD ("iam/agencies", test_iam_agencies);
  ADD ("iam/show-agency", test_iam_show_agency);
  ADD ("iam/grants", test_iam_grants);

#undef ADD

  return g_test_run ();
}
