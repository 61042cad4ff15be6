/* test-client.c: every call of the client against a real sandbox on loopback
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <libsoup/soup.h>

#include "ferry-cbr.h"
#include "ferry-client-private.h"
#include "ferry-error.h"
#include "ferry-iam.h"
#include "ferry-ims.h"
#include "ferry-rules.h"
#include "ferry-sandbox.h"
#include "ferry-test-client.h"
#include "ferry-test-sandbox.h"
#include "ferry-test-wait.h"

#define SECURITY_TOKEN "temporary-security-token-never-logged"

/* Everything logged, to prove that no secret is ever in it. */
static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
      {
        g_string_append_len (captured_log, fields[i].value,
                             fields[i].length < 0 ? (gssize) strlen (fields[i].value) : fields[i].length);
        g_string_append_c (captured_log, '\n');
      }

  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

typedef struct
{
  FerrySandbox         *sandbox;
  FerryRegionCatalogue *catalogue;
  FerryClient          *client;
  FerryAccount         *account;
  FerryTestWait         wait;
} Fixture;

static void
fixture_start (Fixture    *f,
               const char *secret_key,
               double      fail_rate,
               double      throttle_rate,
               double      drop_rate,
               guint       latency_ms)
{
  g_autofree char *endpoint = NULL;

  f->sandbox = ferry_test_sandbox_new_started ("copy-seconds", 30,
                                               "fail-rate", fail_rate,
                                               "throttle-rate", throttle_rate,
                                               "drop-rate", drop_rate,
                                               "latency-ms", latency_ms,
                                               "random-seed", (guint64) 7,
                                               NULL);
  f->catalogue = ferry_test_catalogue_new ();
  endpoint = ferry_sandbox_dup_endpoint_template (f->sandbox);
  f->client = ferry_test_client_new_for (endpoint, f->catalogue, FERRY_SANDBOX_ACCESS_KEY,
                                         secret_key, SECURITY_TOKEN);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fixture_start (f, FERRY_SANDBOX_SECRET_KEY, 0, 0, 0, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ferry_sandbox_stop (f->sandbox);
  g_clear_object (&f->account);
  g_clear_object (&f->client);
  g_clear_object (&f->catalogue);
  g_clear_object (&f->sandbox);
  ferry_test_wait_clear (&f->wait);
}

static void
discover (Fixture *f)
{
  f->account = ferry_test_discover_account (f->client, "cn-north-4");
  g_assert_nonnull (f->account);
}

static void
test_discover (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GListModel) north4 = NULL;
  g_autoptr(FerryProject) first = NULL;
  FerryRegion *sh1;

  discover (f);
  g_assert_cmpstr (ferry_client_get_domain_id (f->client), ==,
                   ferry_account_get_domain_id (f->account));
  g_assert_nonnull (ferry_account_get_region_project (f->account, "ap-southeast-3"));
  g_assert_null (ferry_account_get_region_project (f->account, "MOS"));

  /* The default project first, then the sub-project. */
  north4 = ferry_account_list_region_projects (f->account, "cn-north-4");
  g_assert_cmpuint (g_list_model_get_n_items (north4), ==, 2);
  first = g_list_model_get_item (north4, 0);
  g_assert_cmpstr (ferry_project_get_name (first), ==, "cn-north-4");

  /* The names of GET /v3/regions reached the catalogue. */
  sh1 = ferry_region_catalogue_lookup (f->catalogue, "cn-east-3");
  g_assert_cmpstr (ferry_region_get_name_zh (sh1), ==, "华东-上海一");
}

static guint pages_seen;

static void
count_page (GListModel *page,
            gpointer    user_data)
{
  pages_seen++;
}

static void
test_images_paging (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GListModel) one_page = NULL;
  g_autoptr(GListModel) paged = NULL;
  g_autoptr(GError) error = NULL;
  FerryImageQuery all = { .image_type = "private", .limit = 1000 };
  FerryImageQuery small = { .image_type = "private", .limit = 3 };
  guint n;

  discover (f);
  ferry_ims_list_images_async (f->client, "cn-north-4",
                               ferry_test_project_id (f->account, "cn-north-4"), &all,
                               NULL, ferry_test_store_cb, &f->wait);
  one_page = ferry_ims_list_images_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (one_page);
  g_assert_cmpuint (n, >, 6);

  pages_seen = 0;
  ferry_ims_list_all_images_async (f->client, "cn-north-4",
                                   ferry_test_project_id (f->account, "cn-north-4"), &small,
                                   count_page, NULL, NULL, ferry_test_store_cb, &f->wait);
  paged = ferry_ims_list_all_images_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (paged), ==, n);
  g_assert_cmpuint (pages_seen, ==, (n + 2) / 3);

  /* Same images, same order. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryImage) a = g_list_model_get_item (one_page, i);
      g_autoptr(FerryImage) b = g_list_model_get_item (paged, i);

      g_assert_cmpstr (ferry_image_get_id (a), ==, ferry_image_get_id (b));
    }
}

static void
test_get_image (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(FerryImage) web = NULL;
  g_autoptr(FerryImage) again = NULL;
  g_autoptr(FerryImage) none = NULL;
  g_autoptr(GError) error = NULL;

  discover (f);
  web = ferry_test_find_image (f->client, f->account, "cn-north-4", "web-server");
  ferry_ims_get_image_async (f->client, "cn-north-4",
                             ferry_test_project_id (f->account, "cn-north-4"),
                             ferry_image_get_id (web), NULL, ferry_test_store_cb, &f->wait);
  again = ferry_ims_get_image_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_image_get_name (again), ==, "web-server");

  ferry_ims_get_image_async (f->client, "cn-north-4",
                             ferry_test_project_id (f->account, "cn-north-4"),
                             "00000000-0000-0000-0000-000000000000", NULL, ferry_test_store_cb,
                             &f->wait);
  none = ferry_ims_get_image_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_null (none);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
}

static FerryJob *
get_job (Fixture          *f,
         const char       *job_id,
         FerryJobEndpoint  endpoint)
{
  g_autoptr(GError) error = NULL;
  FerryJob *job;

  ferry_ims_get_job_async (f->client, "cn-north-4",
                           ferry_test_project_id (f->account, "cn-north-4"), job_id,
                           endpoint, NULL, ferry_test_store_cb, &f->wait);
  job = ferry_ims_get_job_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  return job;
}

static void
test_cross_region_copy (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FerryImage) web = NULL;
  g_autoptr(FerryImage) copy = NULL;
  g_autoptr(FerryJob) early = NULL;
  g_autoptr(FerryJob) middle = NULL;
  g_autoptr(FerryJob) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *job_id = NULL;
  g_autofree char *origin = NULL;
  FerryCrossRegionCopy request = {
    .name = "copy_CN North-Beijing4_web-server",
    .description = "made by the client test",
    .region = "cn-east-2",
    .project_name = "cn-east-2",
    .agency_name = "ims_administrator_agency",
  };

  discover (f);
  web = ferry_test_find_image (f->client, f->account, "cn-north-4", "web-server");
  ferry_ims_cross_region_copy_async (f->client, "cn-north-4",
                                     ferry_test_project_id (f->account, "cn-north-4"),
                                     ferry_image_get_id (web), &request, NULL, ferry_test_store_cb,
                                     &f->wait);
  job_id = ferry_ims_cross_region_copy_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  g_assert_nonnull (job_id);

  early = get_job (f, job_id, FERRY_JOB_ENDPOINT_PROJECT);
  g_assert_false (ferry_job_status_is_final (ferry_job_get_status (early)));

  ferry_test_sandbox_advance_clock (f->sandbox, 15);
  middle = get_job (f, job_id, FERRY_JOB_ENDPOINT_CLOUDIMAGES);
  g_assert_cmpint (ferry_job_get_status (middle), ==, FERRY_JOB_STATUS_RUNNING);
  g_assert_cmpfloat (ferry_job_get_process_percent (middle), >, 0.0);
  g_assert_cmpfloat (ferry_job_get_process_percent (middle), <, 1.0);
  g_assert_nonnull (ferry_job_get_image_id (middle));

  ferry_test_sandbox_advance_clock (f->sandbox, 60);
  done = get_job (f, job_id, FERRY_JOB_ENDPOINT_PROJECT);
  g_assert_cmpint (ferry_job_get_status (done), ==, FERRY_JOB_STATUS_SUCCESS);
  g_assert_cmpstr (ferry_job_get_image_id (done), ==, ferry_job_get_image_id (middle));

  /* The new image lives in the destination, and says where it came from. */
  ferry_ims_get_image_async (f->client, "cn-east-2",
                             ferry_test_project_id (f->account, "cn-east-2"),
                             ferry_job_get_image_id (done), NULL, ferry_test_store_cb, &f->wait);
  copy = ferry_ims_get_image_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_image_get_name (copy), ==, request.name);
  g_assert_cmpint (ferry_image_get_status_kind (copy), ==, FERRY_IMAGE_STATUS_ACTIVE);
  origin = g_strdup_printf ("image,cn-north-4,%s", ferry_image_get_id (web));
  g_assert_cmpstr (ferry_image_get_data_origin (copy), ==, origin);
  g_assert_cmpstr (ferry_image_get_owner (copy), ==,
                   ferry_test_project_id (f->account, "cn-east-2"));
}

static void
test_in_region_copy (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(FerryImage) web = NULL;
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *job_id = NULL;

  discover (f);
  web = ferry_test_find_image (f->client, f->account, "cn-north-4", "web-server");
  ferry_ims_copy_async (f->client, "cn-north-4", ferry_test_project_id (f->account, "cn-north-4"),
                        ferry_image_get_id (web), "web-server-copy", NULL, NULL,
                        NULL, ferry_test_store_cb, &f->wait);
  job_id = ferry_ims_copy_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  ferry_test_sandbox_advance_clock (f->sandbox, 120);
  job = get_job (f, job_id, FERRY_JOB_ENDPOINT_PROJECT);
  g_assert_cmpint (ferry_job_get_status (job), ==, FERRY_JOB_STATUS_SUCCESS);
}

static void
test_agencies_and_grants (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GListModel) agencies = NULL;
  g_autoptr(GListModel) roles = NULL;
  g_autoptr(GListModel) granted = NULL;
  g_autoptr(FerryAgency) created = NULL;
  g_autoptr(FerryAgency) duplicate = NULL;
  g_autoptr(FerryRole) ims_admin = NULL;
  g_autoptr(GError) error = NULL;
  const char *east2 = NULL;
  gboolean has_role = TRUE;

  discover (f);
  east2 = ferry_test_project_id (f->account, "cn-east-2");

  ferry_iam_list_agencies_async (f->client, "cn-north-4", NULL, NULL, ferry_test_store_cb,
                                 &f->wait);
  agencies = ferry_iam_list_agencies_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (agencies), >=, 3);

  ferry_iam_create_agency_async (f->client, "cn-north-4", "test_agency", "FOREVER",
                                 "Agency with IMS Administrator permissions", NULL,
                                 ferry_test_store_cb, &f->wait);
  created = ferry_iam_create_agency_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  g_assert_true (ferry_agency_trusts_ims (created));
  g_assert_cmpstr (ferry_agency_get_duration (created), ==, "FOREVER");

  /* A second agency of the same name is refused (409). */
  ferry_iam_create_agency_async (f->client, "cn-north-4", "test_agency", "FOREVER", NULL,
                                 NULL, ferry_test_store_cb, &f->wait);
  duplicate = ferry_iam_create_agency_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_null (duplicate);
  g_assert_nonnull (error);
  g_assert_cmpuint (ferry_api_error_get_http_status (error), ==, 409);
  g_clear_error (&error);

  ferry_iam_find_roles_async (f->client, "cn-north-4", FERRY_IMS_ADMINISTRATOR, NULL,
                              ferry_test_store_cb, &f->wait);
  roles = ferry_iam_find_roles_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (roles), ==, 1);
  ims_admin = g_list_model_get_item (roles, 0);
  g_assert_cmpstr (ferry_role_get_display_name (ims_admin), ==, FERRY_IMS_ADMINISTRATOR);

  ferry_iam_check_role_async (f->client, "cn-north-4", east2, ferry_agency_get_id (created),
                              ferry_role_get_id (ims_admin), NULL, ferry_test_store_cb, &f->wait);
  g_assert_true (ferry_iam_check_role_finish (f->client, ferry_test_wait (&f->wait), &has_role,
                                              &error));
  g_assert_no_error (error);
  g_assert_false (has_role);

  ferry_iam_grant_role_async (f->client, "cn-north-4", east2, ferry_agency_get_id (created),
                              ferry_role_get_id (ims_admin), NULL, ferry_test_store_cb, &f->wait);
  g_assert_true (ferry_iam_grant_role_finish (f->client, ferry_test_wait (&f->wait), &error));
  g_assert_no_error (error);

  ferry_iam_check_role_async (f->client, "cn-north-4", east2, ferry_agency_get_id (created),
                              ferry_role_get_id (ims_admin), NULL, ferry_test_store_cb, &f->wait);
  g_assert_true (ferry_iam_check_role_finish (f->client, ferry_test_wait (&f->wait), &has_role,
                                              &error));
  g_assert_true (has_role);

  ferry_iam_list_agency_roles_async (f->client, "cn-north-4", east2, ferry_agency_get_id (created),
                                     NULL, ferry_test_store_cb, &f->wait);
  granted = ferry_iam_list_agency_roles_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (granted), ==, 1);

  /* What a copy needs, region by region: granted where it was granted,
   * missing elsewhere, and missing where the account has no project. */
  {
    const char *regions[] = { "cn-east-2", "cn-north-4", "MOS", NULL };
    g_autofree FerryGrant *grants = NULL;

    ferry_iam_check_ims_grants_async (f->client, f->account, ferry_agency_get_id (created),
                                      regions, NULL, ferry_test_store_cb, &f->wait);
    grants = ferry_iam_check_ims_grants_finish (f->client, ferry_test_wait (&f->wait), &error);
    g_assert_no_error (error);
    g_assert_cmpint (grants[0], ==, FERRY_GRANT_GRANTED);
    g_assert_cmpint (grants[1], ==, FERRY_GRANT_MISSING);
    g_assert_cmpint (grants[2], ==, FERRY_GRANT_MISSING);
  }

  /* The demo agency granted in Beijing 4 only. */
  {
    const char *regions[] = { "cn-north-4", "ap-southeast-3", NULL };
    g_autoptr(FerryAgency) partial = NULL;
    g_autofree FerryGrant *grants = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (agencies); i++)
      {
        g_autoptr(FerryAgency) agency = g_list_model_get_item (agencies, i);

        if (g_strcmp0 (ferry_agency_get_name (agency), "ims_partial_agency") == 0)
          partial = g_steal_pointer (&agency);
      }
    g_assert_nonnull (partial);
    ferry_iam_check_ims_grants_async (f->client, f->account, ferry_agency_get_id (partial),
                                      regions, NULL, ferry_test_store_cb, &f->wait);
    grants = ferry_iam_check_ims_grants_finish (f->client, ferry_test_wait (&f->wait), &error);
    g_assert_no_error (error);
    g_assert_cmpint (grants[0], ==, FERRY_GRANT_GRANTED);
    g_assert_cmpint (grants[1], ==, FERRY_GRANT_MISSING);
  }

  /* A sub-project is a scope of its own: the region's grant does not
   * reach it. */
  {
    const char *scopes[] = { "cn-north-4", "cn-north-4_dev", NULL };
    g_autoptr(FerryAgency) admin = NULL;
    g_autofree FerryGrant *grants = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (agencies); i++)
      {
        g_autoptr(FerryAgency) agency = g_list_model_get_item (agencies, i);

        if (g_strcmp0 (ferry_agency_get_name (agency), "ims_administrator_agency") == 0)
          admin = g_steal_pointer (&agency);
      }
    g_assert_nonnull (admin);
    ferry_iam_check_ims_grants_async (f->client, f->account, ferry_agency_get_id (admin),
                                      scopes, NULL, ferry_test_store_cb, &f->wait);
    grants = ferry_iam_check_ims_grants_finish (f->client, ferry_test_wait (&f->wait), &error);
    g_assert_no_error (error);
    g_assert_cmpint (grants[0], ==, FERRY_GRANT_GRANTED);
    g_assert_cmpint (grants[1], ==, FERRY_GRANT_MISSING);
  }
}

static void
test_vaults (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GListModel) vaults = NULL;
  g_autoptr(GListModel) after = NULL;
  g_autoptr(FerryVault) created = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  discover (f);
  ferry_cbr_list_vaults_async (f->client, "cn-north-4",
                               ferry_test_project_id (f->account, "cn-north-4"), NULL,
                               ferry_test_store_cb, &f->wait);
  vaults = ferry_cbr_list_vaults_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (vaults);
  g_assert_cmpuint (n, >=, 1);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryVault) v = g_list_model_get_item (vaults, i);

      g_assert_true (ferry_vault_is_replication_server_vault (v));
    }

  ferry_cbr_create_vault_async (f->client, "cn-north-4",
                                ferry_test_project_id (f->account, "cn-north-4"),
                                "ferry-replication", 200, NULL, ferry_test_store_cb, &f->wait);
  created = ferry_cbr_create_vault_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_vault_get_size (created), ==, 200);

  ferry_cbr_list_vaults_async (f->client, "cn-north-4",
                               ferry_test_project_id (f->account, "cn-north-4"), NULL,
                               ferry_test_store_cb, &f->wait);
  after = ferry_cbr_list_vaults_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (after), ==, n + 1);
}

static char *
vault_id_named (Fixture    *f,
                const char *region,
                const char *name)
{
  g_autoptr(GListModel) vaults = NULL;
  g_autoptr(GError) error = NULL;

  ferry_cbr_list_vaults_async (f->client, region, ferry_test_project_id (f->account, region), NULL,
                               ferry_test_store_cb, &f->wait);
  vaults = ferry_cbr_list_vaults_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (vaults); i++)
    {
      g_autoptr(FerryVault) v = g_list_model_get_item (vaults, i);

      if (g_strcmp0 (ferry_vault_get_name (v), name) == 0)
        return g_strdup (ferry_vault_get_id (v));
    }
  return g_strdup ("no-such-vault");
}

static void
test_copy_refused_by_rules (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *good_vault = NULL;
  g_autofree char *frozen_vault = NULL;
  struct {
    const char *image;
    const char *source;
    const char *destination;
    const char *agency;
    int         vault;      /* 0 none, 1 good, 2 frozen */
    const char *code;       /* NULL: accepted */
  } cases[] = {
    { "secure-encrypted", "cn-north-4", "cn-east-2", NULL, 0, "IMG.0143" },
    { "installer-iso", "cn-north-4", "cn-east-2", NULL, 0, "IMG.0167" },
    { "bigdata-320g", "cn-north-4", "cn-east-2", NULL, 0, "IMG.0146" },
    { "exact-128g", "cn-north-4", "cn-east-2", NULL, 0, NULL },
    { "build-in-progress", "cn-north-4", "cn-east-2", NULL, 0, "IMG.0046" },
    { "failed-import", "cn-north-4", "cn-east-2", NULL, 0, "IMG.0046" },
    { "app-uninitialised", "cn-north-4", "cn-east-2", NULL, 0, NULL },
    { "web-server", "cn-north-4", "cn-north-4", NULL, 0, "IMG.0142" },
    { "whole-csbs", "cn-north-4", "cn-east-3", NULL, 0, "IMG.0147" },
    { "whole-csbs", "cn-north-4", "ap-southeast-3", NULL, 0, "IMG.0147" },
    { "whole-csbs", "cn-north-4", "cn-east-2", NULL, 0, NULL },
    { "whole-cbr", "cn-north-4", "cn-east-2", NULL, 0, "IMG.0184" },
    { "whole-cbr", "cn-north-4", "cn-east-2", NULL, 2, "IMG.0188" },
    { "whole-cbr", "cn-north-4", "cn-east-2", NULL, 1, NULL },
    { "web-server", "cn-north-4", "cn-east-2", "ims_partial_agency", 0, "IMG.0151" },
    { "web-server", "cn-north-4", "cn-east-2", "ecs_agency", 0, "IMG.0151" },
    { "sg-app", "ap-southeast-3", "af-south-1", NULL, 0, NULL },
  };

  discover (f);
  good_vault = vault_id_named (f, "cn-east-2", "vault-sh2-replication");
  frozen_vault = vault_id_named (f, "cn-east-2", "vault-sh2-frozen");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FerryImage) image = ferry_test_find_image (f->client, f->account, cases[i].source,
                                                           cases[i].image);
      g_autoptr(GError) error = NULL;
      g_autofree char *job_id = NULL;
      FerryCrossRegionCopy request = {
        .name = "rule-check",
        .region = cases[i].destination,
        .project_name = cases[i].destination,
        .agency_name = cases[i].agency != NULL ? cases[i].agency : "ims_administrator_agency",
        .vault_id = cases[i].vault == 1 ? good_vault : cases[i].vault == 2 ? frozen_vault : NULL,
      };

      g_test_message ("%s → %s: expecting %s", cases[i].image, cases[i].destination,
                      cases[i].code != NULL ? cases[i].code : "a job");
      ferry_ims_cross_region_copy_async (f->client, cases[i].source,
                                         ferry_test_project_id (f->account, cases[i].source),
                                         ferry_image_get_id (image), &request, NULL,
                                         ferry_test_store_cb, &f->wait);
      job_id = ferry_ims_cross_region_copy_finish (f->client, ferry_test_wait (&f->wait), &error);
      if (cases[i].code == NULL)
        {
          g_assert_no_error (error);
          g_assert_nonnull (job_id);
        }
      else
        {
          g_assert_null (job_id);
          g_assert_cmpuint (ferry_api_error_get_http_status (error), ==, 400);
          g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, cases[i].code);
          g_assert_cmpstr (error->message, ==, ferry_api_error_explain_code (cases[i].code));
        }
    }

  /* A shared image is not the account's to copy. */
  {
    g_autoptr(GListModel) shared = NULL;
    g_autoptr(FerryImage) image = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *job_id = NULL;
    FerryImageQuery query = { .image_type = "shared" };
    FerryCrossRegionCopy request = { .name = "x", .region = "cn-east-2",
                                     .project_name = "cn-east-2",
                                     .agency_name = "ims_administrator_agency" };

    ferry_ims_list_images_async (f->client, "cn-north-4",
                                 ferry_test_project_id (f->account, "cn-north-4"), &query,
                                 NULL, ferry_test_store_cb, &f->wait);
    shared = ferry_ims_list_images_finish (f->client, ferry_test_wait (&f->wait), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (shared), >, 0);
    image = g_list_model_get_item (shared, 0);
    ferry_ims_cross_region_copy_async (f->client, "cn-north-4",
                                       ferry_test_project_id (f->account, "cn-north-4"),
                                       ferry_image_get_id (image), &request, NULL,
                                       ferry_test_store_cb, &f->wait);
    job_id = ferry_ims_cross_region_copy_finish (f->client, ferry_test_wait (&f->wait), &error);
    g_assert_null (job_id);
    g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "IMG.0144");
  }
}

static void
test_sixth_copy_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FerryImage) web = NULL;

  discover (f);
  web = ferry_test_find_image (f->client, f->account, "cn-north-4", "web-server");
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *job_id = NULL;
      g_autofree char *name = g_strdup_printf ("parallel-%u", i);
      FerryCrossRegionCopy request = { .name = name, .region = "cn-east-2",
                                       .project_name = "cn-east-2",
                                       .agency_name = "ims_administrator_agency" };

      ferry_ims_cross_region_copy_async (f->client, "cn-north-4",
                                         ferry_test_project_id (f->account, "cn-north-4"),
                                         ferry_image_get_id (web), &request, NULL,
                                         ferry_test_store_cb, &f->wait);
      job_id = ferry_ims_cross_region_copy_finish (f->client, ferry_test_wait (&f->wait), &error);
      if (i < FERRY_MAX_CONCURRENT_COPIES)
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_THROTTLED);
          g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "IMG.0149");
        }
    }
  g_assert_cmpint (ferry_test_sandbox_stat (f->sandbox, "max_concurrent_copies"), ==, FERRY_MAX_CONCURRENT_COPIES);
}

static void
test_wrong_secret_key (void)
{
  Fixture f = { 0 };
  g_autoptr(FerryAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  fixture_start (&f, "this-is-not-the-secret-key-of-the-demo!!", 0, 0, 0, 0);
  ferry_iam_discover_account_async (f.client, "cn-north-4", NULL, ferry_test_store_cb, &f.wait);
  account = ferry_iam_discover_account_finish (f.client, ferry_test_wait (&f.wait), &error);
  g_assert_null (account);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_CREDENTIALS);
  g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "APIGW.0301");
  g_assert_nonnull (ferry_api_error_get_request_id (error));
  g_assert_cmpstr (error->message, ==, "The access key or secret key is wrong.");
  fixture_teardown (&f, NULL);
}

static void
test_clock_skew (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(FerryAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  /* The server's clock runs 20 minutes ahead of ours. */
  ferry_test_sandbox_advance_clock (f->sandbox, 20 * 60);
  ferry_iam_discover_account_async (f->client, "cn-north-4", NULL, ferry_test_store_cb, &f->wait);
  account = ferry_iam_discover_account_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_null (account);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_CLOCK_SKEW);
  g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "APIGW.0303");
  /* By the server's Date, this computer is 20 minutes behind. */
  g_assert_cmpstr (error->message, ==,
                   "This computer’s clock is 20 minutes behind the server’s. Correct the time and try again.");
}

/* Requests one after another share one kept-alive connection; a copy (a
 * POST that must not be sent twice) gets one of its own. */
static void
test_connections_reused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FerryImage) web = NULL;
  gint64 before;

  discover (f);
  web = ferry_test_find_image (f->client, f->account, "cn-north-4", "web-server");
  json_node_unref (ferry_test_sandbox_control (f->sandbox, "POST", "/_sandbox/reset", NULL));
  g_assert_cmpint (ferry_test_sandbox_stat (f->sandbox, "connections"), ==, 0);

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(FerryImage) image = ferry_test_find_image (f->client, f->account, "cn-north-4",
                                                           "web-server");
    }
  /* The connection of discovery's last answer, kept alive across the
   * reset, carried all ten. */
  g_assert_cmpint (ferry_test_sandbox_stat (f->sandbox, "connections"), ==, 1);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *job_id = NULL;
      g_autofree char *name = g_strdup_printf ("own-connection-%u", i);
      FerryCrossRegionCopy request = { .name = name, .region = "cn-east-2",
                                       .project_name = "cn-east-2",
                                       .agency_name = "ims_administrator_agency" };

      ferry_ims_cross_region_copy_async (f->client, "cn-north-4",
                                         ferry_test_project_id (f->account, "cn-north-4"),
                                         ferry_image_get_id (web), &request, NULL,
                                         ferry_test_store_cb, &f->wait);
      job_id = ferry_ims_cross_region_copy_finish (f->client, ferry_test_wait (&f->wait), &error);
      g_assert_no_error (error);
    }
  before = ferry_test_sandbox_stat (f->sandbox, "connections");
  g_assert_cmpint (before, ==, 1 + 2);

  /* And the GETs after them still reuse a connection already open. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(FerryImage) image = ferry_test_find_image (f->client, f->account, "cn-north-4",
                                                           "web-server");
    }
  g_assert_cmpint (ferry_test_sandbox_stat (f->sandbox, "connections"), ==, before);
}

static void
test_faults_retried (void)
{
  Fixture f = { 0 };
  guint before;

  /* A third of the answers fail, are throttled or never come. */
  fixture_start (&f, FERRY_SANDBOX_SECRET_KEY, 0.15, 0.1, 0.1, 0);
  ferry_client_set_retry_budget (f.client, 120);

  discover (&f);
  before = ferry_client_get_request_count (f.client);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GListModel) images = NULL;
      g_autoptr(GError) error = NULL;
      FerryImageQuery query = { .image_type = "private" };

      ferry_ims_list_images_async (f.client, "cn-north-4",
                                   ferry_test_project_id (f.account, "cn-north-4"), &query,
                                   NULL, ferry_test_store_cb, &f.wait);
      images = ferry_ims_list_images_finish (f.client, ferry_test_wait (&f.wait), &error);
      g_assert_no_error (error);
      g_assert_nonnull (images);
    }

  /* The faults were real: more requests went out than were asked for. */
  g_test_message ("20 lists took %u requests", ferry_client_get_request_count (f.client) - before);
  g_assert_cmpuint (ferry_client_get_request_count (f.client) - before, >, 20);
  fixture_teardown (&f, NULL);
}

static void
test_copy_never_resent (void)
{
  Fixture f = { 0 };
  g_autoptr(FerryImage) web = NULL;
  guint ok = 0, failed = 0;

  fixture_start (&f, FERRY_SANDBOX_SECRET_KEY, 0, 0, 0, 0);
  discover (&f);
  web = ferry_test_find_image (f.client, f.account, "cn-north-4", "web-server");
  fixture_teardown (&f, NULL);

  /* Now with answers lost after the copy was made, and 503s. */
  memset (&f, 0, sizeof f);
  fixture_start (&f, FERRY_SANDBOX_SECRET_KEY, 0.2, 0, 0.3, 0);
  ferry_client_set_retry_budget (f.client, 120);
  discover (&f);

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *job_id = NULL;
      g_autofree char *name = g_strdup_printf ("copy-%u", i);
      FerryCrossRegionCopy request = {
        .name = name, .region = "cn-east-2", .project_name = "cn-east-2",
        .agency_name = "ims_administrator_agency",
      };

      ferry_ims_cross_region_copy_async (f.client, "cn-north-4",
                                         ferry_test_project_id (f.account, "cn-north-4"),
                                         ferry_image_get_id (web), &request, NULL,
                                         ferry_test_store_cb, &f.wait);
      job_id = ferry_ims_cross_region_copy_finish (f.client, ferry_test_wait (&f.wait), &error);
      /* Each copy (30 s) ends before the next, under the service's limit
       * of five; ten of these stay within the 15 minutes of clock skew
       * the signature allows. */
      ferry_test_sandbox_advance_clock (f.sandbox, 40);
      if (job_id != NULL)
        ok++;
      else
        {
          g_assert_true (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NETWORK) ||
                         g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_UNAVAILABLE));
          failed++;
        }
    }

  g_test_message ("copies: %u answered, %u lost or refused", ok, failed);
  g_assert_cmpuint (failed, >, 0);
  /* Each copy reached the server at most once: exactly ten POSTs. */
  g_assert_cmpint (ferry_test_sandbox_route_count (f.sandbox, "POST /v1/cloudimages/{image_id}/cross_region_copy"), ==, 10);
  g_assert_cmpint (ferry_test_sandbox_stat (f.sandbox, "copies_submitted"), <=, 10);
  fixture_teardown (&f, NULL);
}

static void
test_timeout_and_cancel (void)
{
  Fixture f = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FerryAccount) account = NULL;
  g_autoptr(GListModel) projects = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started;

  fixture_start (&f, FERRY_SANDBOX_SECRET_KEY, 0, 0, 0, 3000);

  /* Each attempt times out after a second; retries stop within the budget. */
  ferry_client_set_timeout (f.client, 1);
  ferry_client_set_retry_budget (f.client, 3);
  started = g_get_monotonic_time ();
  ferry_iam_list_projects_async (f.client, "cn-north-4", NULL, NULL, ferry_test_store_cb, &f.wait);
  projects = ferry_iam_list_projects_finish (f.client, ferry_test_wait (&f.wait), &error);
  g_assert_null (projects);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NETWORK);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* Cancelling ends the call at once. */
  ferry_client_set_timeout (f.client, 30);
  ferry_iam_discover_account_async (f.client, "cn-north-4", cancellable, ferry_test_store_cb,
                                    &f.wait);
  g_cancellable_cancel (cancellable);
  account = ferry_iam_discover_account_finish (f.client, ferry_test_wait (&f.wait), &error);
  g_assert_null (account);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  fixture_teardown (&f, NULL);
}

static void
test_log_has_no_secret (void)
{
  /* Runs last: the log of every test above is in. */
  g_assert_cmpuint (captured_log->len, >, 0);
  g_assert_nonnull (strstr (captured_log->str, "GET http://127.0.0.1:"));
  g_assert_null (strstr (captured_log->str, FERRY_SANDBOX_SECRET_KEY));
  g_assert_null (strstr (captured_log->str, SECURITY_TOKEN));
  g_assert_null (strstr (captured_log->str, "Signature="));
  g_assert_null (strstr (captured_log->str, "SDK-HMAC-SHA256"));
  g_assert_null (strstr (captured_log->str, "this-is-not-the-secret-key"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "ferry", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/client/discover", test_discover);
  ADD ("/client/images/paging", test_images_paging);
  ADD ("/client/images/get", test_get_image);
  ADD ("/client/copy/cross-region", test_cross_region_copy);
  ADD ("/client/copy/in-region", test_in_region_copy);
  ADD ("/client/agencies-and-grants", test_agencies_and_grants);
  ADD ("/client/vaults", test_vaults);
  ADD ("/client/clock-skew", test_clock_skew);
  ADD ("/client/copy/refused-by-rules", test_copy_refused_by_rules);
  ADD ("/client/copy/sixth-refused", test_sixth_copy_refused);
  ADD ("/client/connections-reused", test_connections_reused);
  g_test_add_func ("/client/wrong-secret-key", test_wrong_secret_key);
  g_test_add_func ("/client/faults-retried", test_faults_retried);
  g_test_add_func ("/client/copy-never-resent", test_copy_never_resent);
  g_test_add_func ("/client/timeout-and-cancel", test_timeout_and_cancel);
  /* A suite of its own, added last, so that it runs after all of the above. */
  g_test_add_func ("/log/has-no-secret", test_log_has_no_secret);

#undef ADD

  return g_test_run ();
}
