/* test-agency-setup.c: FerryAgencySetup against a real sandbox on loopback
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "ferry-agency-setup.h"
#include "ferry-error.h"
#include "ferry-iam.h"
#include "ferry-sandbox.h"
#include "ferry-test-client.h"
#include "ferry-test-sandbox.h"
#include "ferry-test-wait.h"

#define CREATE_POST "POST /v3.0/OS-AGENCY/agencies"
#define GRANT_PUT   "PUT /v3.0/OS-AGENCY/projects/{project_id}/agencies/{agency_id}/roles/{role_id}"

typedef struct
{
  FerrySandbox         *sandbox;
  FerryRegionCatalogue *catalogue;
  FerryClient          *client;
  FerryAccount         *account;
  FerryTestWait         wait;
  GArray               *changes;   /* guint: step indexes, in order of change */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->sandbox = ferry_test_sandbox_new_started (NULL, NULL);
  f->catalogue = ferry_test_catalogue_new ();
  f->client = ferry_test_client_new (f->sandbox, f->catalogue);
  f->account = ferry_test_discover_account (f->client, "cn-north-4");
  f->changes = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ferry_sandbox_stop (f->sandbox);
  ferry_test_wait_clear (&f->wait);
  g_clear_object (&f->account);
  g_clear_object (&f->client);
  g_clear_object (&f->catalogue);
  g_clear_object (&f->sandbox);
  g_array_unref (f->changes);
}

static void
step_changed_cb (FerryAgencySetup *setup,
                 guint             index,
                 Fixture          *f)
{
  g_array_append_val (f->changes, index);
}

static GListModel *
agencies_named (Fixture    *f,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  GListModel *agencies;

  ferry_iam_list_agencies_async (f->client, "cn-north-4", name, NULL, ferry_test_store_cb,
                                 &f->wait);
  agencies = ferry_iam_list_agencies_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  return agencies;
}

static FerryGrant *
check (Fixture            *f,
       FerryAgency        *agency,
       const char * const *regions)
{
  g_autoptr(GError) error = NULL;
  FerryGrant *grants;

  ferry_iam_check_ims_grants_async (f->client, f->account, ferry_agency_get_id (agency), regions,
                                    NULL, ferry_test_store_cb, &f->wait);
  grants = ferry_iam_check_ims_grants_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  return grants;
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  const char *regions[] = { "cn-north-4", "cn-east-2", NULL };
  g_autoptr(FerryAgencySetup) setup = NULL;
  g_autoptr(GListModel) agencies = NULL;
  g_autofree FerryGrant *grants = NULL;
  g_autoptr(GError) error = NULL;
  FerryAgency *agency;

  setup = ferry_agency_setup_new (f->client, f->account, "copy_agency",
                                  FERRY_AGENCY_DURATION_ONE_DAY, "For copies", regions);
  g_signal_connect (setup, "step-changed", G_CALLBACK (step_changed_cb), f);
  /* create, role, two grants, verify */
  g_assert_cmpuint (ferry_agency_setup_get_n_steps (setup), ==, 5);
  g_assert_cmpint (ferry_agency_setup_get_step_kind (setup, 0), ==, FERRY_AGENCY_STEP_CREATE);
  g_assert_cmpstr (ferry_agency_setup_get_step_region (setup, 3), ==, "cn-east-2");

  ferry_agency_setup_run_async (setup, NULL, ferry_test_store_cb, &f->wait);
  g_assert_true (ferry_agency_setup_get_running (setup));
  g_assert_true (ferry_agency_setup_run_finish (setup, ferry_test_wait (&f->wait), &error));
  g_assert_no_error (error);
  g_assert_false (ferry_agency_setup_get_running (setup));
  g_assert_true (ferry_agency_setup_get_complete (setup));
  /* Each step was seen running, then done. */
  g_assert_cmpuint (f->changes->len, ==, 10);

  agency = ferry_agency_setup_get_agency (setup);
  g_assert_nonnull (agency);
  g_assert_true (ferry_agency_trusts_ims (agency));
  g_assert_cmpstr (ferry_agency_get_duration (agency), ==, "ONEDAY");
  g_assert_cmpstr (ferry_agency_get_description (agency), ==, "For copies");
  grants = check (f, agency, regions);
  g_assert_cmpint (grants[0], ==, FERRY_GRANT_GRANTED);
  g_assert_cmpint (grants[1], ==, FERRY_GRANT_GRANTED);
  agencies = agencies_named (f, "copy_agency");
  g_assert_cmpuint (g_list_model_get_n_items (agencies), ==, 1);
}

static void
test_refused_grant_then_retry (Fixture       *f,
                               gconstpointer  data)
{
  const char *regions[] = { "cn-north-4", "cn-east-2", "ap-southeast-3", NULL };
  g_autoptr(FerryAgencySetup) setup = NULL;
  g_autoptr(GListModel) agencies = NULL;
  g_autoptr(GError) error = NULL;
  const GError *step_error;

  ferry_sandbox_refuse_grants (f->sandbox, "cn-east-2", 1);
  setup = ferry_agency_setup_new (f->client, f->account, "retry_agency",
                                  FERRY_AGENCY_DURATION_FOREVER, NULL, regions);
  ferry_agency_setup_run_async (setup, NULL, ferry_test_store_cb, &f->wait);
  g_assert_false (ferry_agency_setup_run_finish (setup, ferry_test_wait (&f->wait), &error));
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_PERMISSION);
  g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "IAM.0002");

  /* The agency exists, the other grants went through, one is missing. */
  g_assert_nonnull (ferry_agency_setup_get_agency (setup));
  g_assert_cmpint (ferry_agency_setup_get_step_state (setup, 0), ==, FERRY_AGENCY_STEP_DONE);
  g_assert_cmpint (ferry_agency_setup_get_step_state (setup, 2), ==, FERRY_AGENCY_STEP_DONE);
  g_assert_cmpint (ferry_agency_setup_get_step_state (setup, 3), ==, FERRY_AGENCY_STEP_FAILED);
  g_assert_cmpint (ferry_agency_setup_get_step_state (setup, 4), ==, FERRY_AGENCY_STEP_DONE);
  g_assert_cmpint (ferry_agency_setup_get_step_state (setup, 5), ==, FERRY_AGENCY_STEP_PENDING);
  step_error = ferry_agency_setup_get_step_error (setup, 3);
  g_assert_nonnull (step_error);
  g_assert_cmpuint (ferry_api_error_get_http_status (step_error), ==, 403);
  g_assert_false (ferry_agency_setup_get_complete (setup));
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, GRANT_PUT), ==, 3);

  /* Retry: only the missing grant is sent again, no second agency. */
  g_clear_error (&error);
  ferry_agency_setup_run_async (setup, NULL, ferry_test_store_cb, &f->wait);
  g_assert_true (ferry_agency_setup_run_finish (setup, ferry_test_wait (&f->wait), &error));
  g_assert_no_error (error);
  g_assert_true (ferry_agency_setup_get_complete (setup));
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, CREATE_POST), ==, 1);
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, GRANT_PUT), ==, 4);
  agencies = agencies_named (f, "retry_agency");
  g_assert_cmpuint (g_list_model_get_n_items (agencies), ==, 1);
}

static void
test_duplicate (Fixture       *f,
                gconstpointer  data)
{
  const char *regions[] = { "cn-north-4", "cn-east-2", NULL };
  g_autoptr(FerryAgencySetup) setup = NULL;
  g_autoptr(GError) error = NULL;

  setup = ferry_agency_setup_new (f->client, f->account, "ims_administrator_agency",
                                  FERRY_AGENCY_DURATION_FOREVER, NULL, regions);
  ferry_agency_setup_run_async (setup, NULL, ferry_test_store_cb, &f->wait);
  g_assert_false (ferry_agency_setup_run_finish (setup, ferry_test_wait (&f->wait), &error));
  g_assert_cmpuint (ferry_api_error_get_http_status (error), ==, 409);
  g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "IAM.0005");
  g_assert_nonnull (strstr (error->message, "ims_administrator_agency"));
  g_assert_null (ferry_agency_setup_get_agency (setup));
  /* Nothing granted to someone else's agency. */
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, GRANT_PUT), ==, 0);
  g_assert_cmpint (ferry_agency_setup_get_step_state (setup, 2), ==, FERRY_AGENCY_STEP_PENDING);
}

/* Lifts the fault set for the create once its step has failed, so that
 * only the create is hit. */
static void
lift_fault_cb (FerryAgencySetup *setup,
               guint             index,
               Fixture          *f)
{
  if (index == 0 && ferry_agency_setup_get_step_state (setup, 0) == FERRY_AGENCY_STEP_FAILED)
    g_object_set (f->sandbox, "drop-rate", 0.0, "fail-rate", 0.0, NULL);
}

/* The create is carried out but its answer lost: the setup does not know
 * whether the agency exists, and the retry takes over the one it made. */
static void
test_create_answer_lost (Fixture       *f,
                         gconstpointer  data)
{
  const char *regions[] = { "cn-north-4", "cn-east-2", NULL };
  g_autoptr(FerryAgencySetup) setup = NULL;
  g_autoptr(GListModel) agencies = NULL;
  g_autoptr(GError) error = NULL;

  setup = ferry_agency_setup_new (f->client, f->account, "lost_agency",
                                  FERRY_AGENCY_DURATION_FOREVER, NULL, regions);
  g_signal_connect (setup, "step-changed", G_CALLBACK (lift_fault_cb), f);
  g_object_set (f->sandbox, "drop-rate", 1.0, NULL);
  ferry_agency_setup_run_async (setup, NULL, ferry_test_store_cb, &f->wait);
  g_assert_false (ferry_agency_setup_run_finish (setup, ferry_test_wait (&f->wait), &error));
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NETWORK);
  g_assert_null (ferry_agency_setup_get_agency (setup));
  g_assert_true (ferry_agency_setup_get_create_unknown (setup));
  /* It exists, though the setup could not know. */
  agencies = agencies_named (f, "lost_agency");
  g_assert_cmpuint (g_list_model_get_n_items (agencies), ==, 1);
  g_clear_object (&agencies);

  g_clear_error (&error);
  ferry_agency_setup_run_async (setup, NULL, ferry_test_store_cb, &f->wait);
  g_assert_true (ferry_agency_setup_run_finish (setup, ferry_test_wait (&f->wait), &error));
  g_assert_no_error (error);
  g_assert_true (ferry_agency_setup_get_complete (setup));
  g_assert_false (ferry_agency_setup_get_create_unknown (setup));
  /* Looked up, not created again. */
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, CREATE_POST), ==, 1);
  agencies = agencies_named (f, "lost_agency");
  g_assert_cmpuint (g_list_model_get_n_items (agencies), ==, 1);
  {
    g_autoptr(FerryAgency) made = g_list_model_get_item (agencies, 0);

    g_assert_cmpstr (ferry_agency_get_id (ferry_agency_setup_get_agency (setup)), ==,
                     ferry_agency_get_id (made));
  }
}

/* A 5xx to the create: maybe carried out (a gateway's 502/504), here not
 * (the sandbox's 503). The retry looks first, finds nothing, creates. */
static void
test_create_5xx (Fixture       *f,
                 gconstpointer  data)
{
  const char *regions[] = { "cn-north-4", NULL };
  g_autoptr(FerryAgencySetup) setup = NULL;
  g_autoptr(GListModel) agencies = NULL;
  g_autoptr(GError) error = NULL;

  setup = ferry_agency_setup_new (f->client, f->account, "gateway_agency",
                                  FERRY_AGENCY_DURATION_FOREVER, NULL, regions);
  g_signal_connect (setup, "step-changed", G_CALLBACK (lift_fault_cb), f);
  g_object_set (f->sandbox, "fail-rate", 1.0, NULL);
  ferry_agency_setup_run_async (setup, NULL, ferry_test_store_cb, &f->wait);
  g_assert_false (ferry_agency_setup_run_finish (setup, ferry_test_wait (&f->wait), &error));
  g_assert_cmpuint (ferry_api_error_get_http_status (error), ==, 503);
  g_assert_true (ferry_agency_setup_get_create_unknown (setup));
  agencies = agencies_named (f, "gateway_agency");
  g_assert_cmpuint (g_list_model_get_n_items (agencies), ==, 0);
  g_clear_object (&agencies);

  g_clear_error (&error);
  ferry_agency_setup_run_async (setup, NULL, ferry_test_store_cb, &f->wait);
  g_assert_true (ferry_agency_setup_run_finish (setup, ferry_test_wait (&f->wait), &error));
  g_assert_no_error (error);
  g_assert_true (ferry_agency_setup_get_complete (setup));
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, CREATE_POST), ==, 2);
  agencies = agencies_named (f, "gateway_agency");
  g_assert_cmpuint (g_list_model_get_n_items (agencies), ==, 1);
}

/* A sub-project as a scope: granted on that project, and checked there. */
static void
test_sub_project (Fixture       *f,
                  gconstpointer  data)
{
  const char *scopes[] = { "cn-north-4_dev", NULL };
  const char *both[] = { "cn-north-4", "cn-north-4_dev", NULL };
  g_autoptr(GListModel) agencies = agencies_named (f, "ims_partial_agency");
  g_autoptr(FerryAgency) agency = g_list_model_get_item (agencies, 0);
  g_autoptr(FerryAgencySetup) setup = NULL;
  g_autofree FerryGrant *before = NULL;
  g_autofree FerryGrant *after = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GError) error = NULL;

  before = check (f, agency, both);
  g_assert_cmpint (before[0], ==, FERRY_GRANT_GRANTED);
  g_assert_cmpint (before[1], ==, FERRY_GRANT_MISSING);

  setup = ferry_agency_setup_new_for_agency (f->client, f->account, agency, scopes);
  g_assert_cmpstr (ferry_agency_setup_get_step_region (setup, 1), ==, "cn-north-4_dev");
  title = ferry_agency_setup_dup_step_title (setup, 1);
  g_assert_nonnull (strstr (title, "(project cn-north-4_dev)"));
  ferry_agency_setup_run_async (setup, NULL, ferry_test_store_cb, &f->wait);
  g_assert_true (ferry_agency_setup_run_finish (setup, ferry_test_wait (&f->wait), &error));
  g_assert_no_error (error);
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, GRANT_PUT), ==, 1);
  after = check (f, agency, both);
  g_assert_cmpint (after[0], ==, FERRY_GRANT_GRANTED);
  g_assert_cmpint (after[1], ==, FERRY_GRANT_GRANTED);
}

static void
test_repair (Fixture       *f,
             gconstpointer  data)
{
  const char *needed[] = { "cn-north-4", "cn-east-2", NULL };
  g_autoptr(GListModel) agencies = agencies_named (f, "ims_partial_agency");
  g_autoptr(FerryAgency) agency = g_list_model_get_item (agencies, 0);
  g_autoptr(FerryAgencySetup) setup = NULL;
  g_autofree FerryGrant *before = NULL;
  g_autofree FerryGrant *after = NULL;
  g_autoptr(GError) error = NULL;
  const char *missing[] = { "cn-east-2", NULL };

  before = check (f, agency, needed);
  g_assert_cmpint (before[0], ==, FERRY_GRANT_GRANTED);
  g_assert_cmpint (before[1], ==, FERRY_GRANT_MISSING);

  setup = ferry_agency_setup_new_for_agency (f->client, f->account, agency, missing);
  /* role, one grant, verify: no create */
  g_assert_cmpuint (ferry_agency_setup_get_n_steps (setup), ==, 3);
  ferry_agency_setup_run_async (setup, NULL, ferry_test_store_cb, &f->wait);
  g_assert_true (ferry_agency_setup_run_finish (setup, ferry_test_wait (&f->wait), &error));
  g_assert_no_error (error);
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, CREATE_POST), ==, 0);
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, GRANT_PUT), ==, 1);
  after = check (f, agency, needed);
  g_assert_cmpint (after[0], ==, FERRY_GRANT_GRANTED);
  g_assert_cmpint (after[1], ==, FERRY_GRANT_GRANTED);
}

static void
test_names (void)
{
  g_assert_true (ferry_agency_setup_is_valid_name ("ims_administrator_agency"));
  g_assert_true (ferry_agency_setup_is_valid_name ("a.b-c_9"));
  g_assert_false (ferry_agency_setup_is_valid_name (""));
  g_assert_false (ferry_agency_setup_is_valid_name ("has space"));
  g_assert_false (ferry_agency_setup_is_valid_name ("委托"));
  g_assert_true (ferry_agency_setup_is_valid_name ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
  g_assert_false (ferry_agency_setup_is_valid_name ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/agency-setup/names", test_names);
  g_test_add ("/agency-setup/create", Fixture, NULL, fixture_setup, test_create, fixture_teardown);
  g_test_add ("/agency-setup/refused-grant-then-retry", Fixture, NULL, fixture_setup,
              test_refused_grant_then_retry, fixture_teardown);
  g_test_add ("/agency-setup/duplicate", Fixture, NULL, fixture_setup, test_duplicate,
              fixture_teardown);
  g_test_add ("/agency-setup/repair", Fixture, NULL, fixture_setup, test_repair, fixture_teardown);
  g_test_add ("/agency-setup/create-answer-lost", Fixture, NULL, fixture_setup,
              test_create_answer_lost, fixture_teardown);
  g_test_add ("/agency-setup/create-5xx", Fixture, NULL, fixture_setup, test_create_5xx,
              fixture_teardown);
  g_test_add ("/agency-setup/sub-project", Fixture, NULL, fixture_setup, test_sub_project,
              fixture_teardown);

  return g_test_run ();
}
