/* test-copy-plan.c: the facts of a copy, gathered from a real sandbox on
 * loopback, the rounds and requests it takes, and the answers
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ferry-cbr.h"
#include "ferry-copy-plan-private.h"
#include "ferry-copy-queue.h"
#include "ferry-copy-task-private.h"
#include "ferry-error.h"
#include "ferry-iam.h"
#include "ferry-ims.h"
#include "ferry-sandbox.h"
#include "ferry-test-client.h"
#include "ferry-test-files.h"
#include "ferry-test-sandbox.h"
#include "ferry-test-wait.h"

#define AGENCY       "ims_administrator_agency"
#define IMAGES_GET   "GET /v2/cloudimages"
#define AGENCIES_GET "GET /v3.0/OS-AGENCY/agencies"
#define QUOTA_GET    "GET /v1/cloudimages/quota"
#define VAULT_GET    "GET /v3/{project_id}/vaults/{vault_id}"

/* Every region a system-disk image of cn-north-4 may go to: 25. */
static const char *const destinations[] = {
  "cn-north-1", "cn-north-2", "cn-north-9", "cn-east-2", "cn-east-3", "cn-east-4", "cn-east-5",
  "cn-south-1", "cn-south-2", "cn-southwest-2", "ap-southeast-1", "ap-southeast-2",
  "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "af-south-1", "af-north-1", "la-south-2",
  "la-north-2", "na-mexico-1", "sa-brazil-1", "tr-west-1", "me-east-1", "eu-west-0", "eu-west-101",
};

typedef struct
{
  FerrySandbox         *sandbox;
  FerryRegionCatalogue *catalogue;
  FerryClient          *client;
  FerryAccount         *account;
  FerryTaskStore       *store;
  FerryTestWait         wait;
  char                 *dir;
} Fixture;

/* Every request the sandbox has answered so far. */
static gint64
total_requests (Fixture *f)
{
  g_autoptr(JsonNode) stats = ferry_test_sandbox_control (f->sandbox, "GET", "/_sandbox/stats", NULL);
  JsonObject *requests = json_object_get_object_member (json_node_get_object (stats), "requests");
  g_autoptr(GList) values = json_object_get_values (requests);
  gint64 total = 0;

  for (GList *l = values; l != NULL; l = l->next)
    total += json_node_get_int (l->data);
  return total;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = NULL;

  f->sandbox = ferry_test_sandbox_new_started (NULL, NULL);
  f->catalogue = ferry_test_catalogue_new ();
  f->client = ferry_test_client_new (f->sandbox, f->catalogue);
  f->account = ferry_test_discover_account (f->client, "cn-north-4");

  f->dir = ferry_test_make_tmp_dir ("ferry-plan-XXXXXX");
  path = g_build_filename (f->dir, "tasks.json", NULL);
  f->store = ferry_task_store_new (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ferry_test_remove_tree (f->dir);
  g_free (f->dir);

  ferry_sandbox_stop (f->sandbox);
  g_clear_object (&f->store);
  g_clear_object (&f->account);
  g_clear_object (&f->client);
  g_clear_object (&f->catalogue);
  g_clear_object (&f->sandbox);
  ferry_test_wait_clear (&f->wait);
}

static gboolean
gather (Fixture        *f,
        FerryCopyPlan  *plan,
        GError        **error)
{
  GAsyncResult *result;

  ferry_copy_plan_gather_async (plan, NULL, ferry_test_store_cb, &f->wait);
  result = ferry_test_wait (&f->wait);
  return ferry_copy_plan_gather_finish (plan, result, error);
}

/* "code,code" of the violations. */
static char *
codes (GPtrArray *violations)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_assert_nonnull (violations);
  for (guint i = 0; i < violations->len; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? "," : "",
                            ferry_violation_get_code (g_ptr_array_index (violations, i)));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
codes_of (FerryCopyPlan *plan,
          guint          image,
          guint          destination)
{
  g_autoptr(GPtrArray) violations = ferry_copy_plan_dup_violations (plan, image, destination);

  return codes (violations);
}

static FerryCopyPlan *
plan_to (Fixture    *f,
         const char *image_name,
         guint       n_destinations)
{
  g_autoptr(FerryImage) image = ferry_test_find_image (f->client, f->account, "cn-north-4",
                                                       image_name);
  FerryCopyPlan *plan = ferry_copy_plan_new (f->client, f->account, "cn-north-4",
                                             FERRY_COPY_KIND_CROSS_REGION);

  ferry_copy_plan_add_image_id (plan, ferry_image_get_id (image));
  for (guint i = 0; i < n_destinations; i++)
    g_assert_cmpuint (ferry_copy_plan_add_destination (plan, destinations[i], NULL), ==, i);
  ferry_copy_plan_set_agency_name (plan, AGENCY);
  ferry_copy_plan_set_task_store (plan, f->store);
  return plan;
}

/* Any number of destinations costs the same two rounds: the image and
 * the agency at once, then every grant and every destination's listing at
 * once. Counted by the sandbox, not by the plan alone. */
static void
test_rounds (Fixture       *f,
             gconstpointer  data)
{
  const guint counts[] = { 1, 5, G_N_ELEMENTS (destinations) };

  for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
    {
      g_autoptr(FerryCopyPlan) plan = plan_to (f, "web-server", counts[c]);
      g_autoptr(GError) error = NULL;
      gint64 before = total_requests (f);
      gint64 images_before = ferry_test_sandbox_route_count (f->sandbox, IMAGES_GET);
      gint64 agencies_before = ferry_test_sandbox_route_count (f->sandbox, AGENCIES_GET);
      gint64 quotas_before = ferry_test_sandbox_route_count (f->sandbox, QUOTA_GET);

      g_test_message ("%u destinations", counts[c]);
      g_assert_true (gather (f, plan, &error));
      g_assert_no_error (error);

      g_assert_cmpuint (ferry_copy_plan_get_n_rounds (plan), ==, 2);
      /* The image, the agencies, one grant per project (the source's and
       * each destination's), one listing and one quota per destination. */
      g_assert_cmpint (total_requests (f) - before, ==, 1 + 1 + (1 + counts[c]) + counts[c] + counts[c]);
      g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, QUOTA_GET) - quotas_before, ==,
                       counts[c]);
      g_assert_cmpint (total_requests (f) - before, ==, ferry_copy_plan_get_n_requests (plan));
      g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, IMAGES_GET) - images_before, ==,
                       1 + counts[c]);
      g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, AGENCIES_GET) - agencies_before,
                       ==, 1);

      for (guint d = 0; d < counts[c]; d++)
        {
          g_autofree char *got = codes_of (plan, 0, d);

          g_assert_cmpstr (got, ==, "");
          g_assert_cmpint (ferry_copy_plan_get_earlier_copy (plan, 0, d, NULL, NULL), ==,
                           FERRY_EARLIER_COPY_NONE);
        }
      for (FerryCopyFact fact = FERRY_COPY_FACT_IMAGES; fact <= FERRY_COPY_FACT_QUOTAS; fact++)
        g_assert_cmpint (ferry_copy_plan_get_fact_state (plan, fact, NULL), ==, FERRY_COPY_FACT_STATE_KNOWN);
    }
}

/* A destination added after a gathering costs only its own facts, in one
 * round; two gatherings at once ask each fact once. */
static void
test_ask_again (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(FerryCopyPlan) plan = plan_to (f, "web-server", 2);
  GAsyncResult *first;
  GAsyncResult *second;
  g_autoptr(GError) error = NULL;
  gint64 before;
  guint d;

  g_assert_true (gather (f, plan, &error));
  g_assert_cmpuint (ferry_copy_plan_get_n_rounds (plan), ==, 2);

  before = total_requests (f);
  d = ferry_copy_plan_add_destination (plan, "ap-southeast-3", NULL);
  g_assert_cmpuint (d, ==, 2);
  /* The same place twice is one. */
  g_assert_cmpuint (ferry_copy_plan_add_destination (plan, "ap-southeast-3", NULL), ==, 2);
  g_assert_cmpuint (ferry_copy_plan_add_destination (plan, "cn-north-1", NULL), ==, 0);
  g_assert_cmpuint (ferry_copy_plan_get_n_destinations (plan), ==, 3);
  g_assert_cmpint (ferry_copy_plan_get_fact_state (plan, FERRY_COPY_FACT_GRANTS, NULL), ==,
                   FERRY_COPY_FACT_STATE_PENDING);
  g_assert_true (gather (f, plan, &error));
  g_assert_no_error (error);
  /* Its grant, its listing and its quota. */
  g_assert_cmpint (total_requests (f) - before, ==, 3);
  g_assert_cmpuint (ferry_copy_plan_get_n_rounds (plan), ==, 3);

  /* Nothing new: nothing asked. */
  before = total_requests (f);
  g_assert_true (gather (f, plan, &error));
  g_assert_cmpint (total_requests (f) - before, ==, 0);

  /* Two at once share what they wait for. */
  ferry_copy_plan_add_destination (plan, "eu-west-0", NULL);
  before = total_requests (f);
  ferry_copy_plan_gather_async (plan, NULL, ferry_test_store_cb, &f->wait);
  first = ferry_test_wait (&f->wait);
  g_assert_true (ferry_copy_plan_gather_finish (plan, first, &error));
  ferry_copy_plan_add_destination (plan, "af-south-1", NULL);
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    GAsyncResult *cancelled;

    ferry_copy_plan_gather_async (plan, cancellable, ferry_test_store_cb, &f->wait);
    ferry_copy_plan_gather_async (plan, NULL, NULL, NULL);
    g_cancellable_cancel (cancellable);
    cancelled = ferry_test_wait (&f->wait);
    g_assert_false (ferry_copy_plan_gather_finish (plan, cancelled, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }
  /* The cancelled one's requests went on and filled the plan. */
  ferry_copy_plan_gather_async (plan, NULL, ferry_test_store_cb, &f->wait);
  second = ferry_test_wait (&f->wait);
  g_assert_true (ferry_copy_plan_gather_finish (plan, second, &error));
  g_assert_no_error (error);
  /* Two destinations: a grant, a listing and a quota each. */
  g_assert_cmpint (total_requests (f) - before, ==, 6);
}

/* The answers are the rules engine's, on the facts the sandbox gave. */
static void
test_answers (Fixture       *f,
              gconstpointer  data)
{
  const struct {
    const char *image;
    const char *destination;
    const char *agency;
    const char *expected;
  } cases[] = {
    { "web-server", "cn-east-2", AGENCY, "" },
    { "secure-encrypted", "cn-east-2", AGENCY, "encrypted" },
    { "installer-iso", "cn-east-2", AGENCY, "iso" },
    { "whole-csbs", "cn-east-3", AGENCY, "whole-image-region" },
    { "whole-csbs", "ap-southeast-3", AGENCY, "whole-image-cross-border" },
    { "whole-cbr", "cn-east-2", AGENCY, "vault-required" },
    { "web-server", "cn-east-2", "ims_partial_agency", "agency-permission" },
    { "web-server", "cn-east-2", "ecs_agency", "agency-not-ims" },
    { "web-server", "cn-east-2", NULL, "agency-missing" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FerryImage) image = ferry_test_find_image (f->client, f->account, "cn-north-4",
                                                           cases[i].image);
      g_autoptr(FerryCopyPlan) plan = ferry_copy_plan_new (f->client, f->account, "cn-north-4",
                                                           FERRY_COPY_KIND_CROSS_REGION);
      g_autoptr(GError) error = NULL;
      g_autofree char *got = NULL;

      g_test_message ("%s to %s with %s", cases[i].image, cases[i].destination, cases[i].agency);
      ferry_copy_plan_add_image_id (plan, ferry_image_get_id (image));
      ferry_copy_plan_add_destination (plan, cases[i].destination, NULL);
      ferry_copy_plan_set_agency_name (plan, cases[i].agency);
      g_assert_true (gather (f, plan, &error));
      g_assert_no_error (error);
      got = codes_of (plan, 0, 0);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

/* The vault named @name in @region's project, asked of the sandbox. */
static FerryVault *
find_vault (Fixture    *f,
            const char *region,
            const char *name)
{
  g_autoptr(GListModel) vaults = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result;

  ferry_cbr_list_vaults_async (f->client, region, ferry_test_project_id (f->account, region), NULL,
                               ferry_test_store_cb, &f->wait);
  result = ferry_test_wait (&f->wait);
  vaults = ferry_cbr_list_vaults_finish (f->client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (vaults); i++)
    {
      g_autoptr(FerryVault) vault = g_list_model_get_item (vaults, i);

      if (g_strcmp0 (ferry_vault_get_name (vault), name) == 0)
        return g_steal_pointer (&vault);
    }
  g_assert_not_reached ();
}

/* A vault is looked up by id in each destination's project: a backup
 * vault is unsuitable, one of another region is not there. */
static void
test_vaults (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(FerryImage) image = ferry_test_find_image (f->client, f->account, "cn-north-4",
                                                       "whole-cbr");
  g_autoptr(FerryCopyPlan) plan = ferry_copy_plan_new (f->client, f->account, "cn-north-4",
                                                       FERRY_COPY_KIND_CROSS_REGION);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryVault) replication = NULL;
  g_autofree char *good = NULL;
  g_autofree char *got_good = NULL;
  g_autofree char *got_elsewhere = NULL;
  gint64 before;

  replication = find_vault (f, "cn-east-2", "vault-sh2-replication");
  good = g_strdup (ferry_vault_get_id (replication));

  /* The image is known: its vaults are asked in the first round. */
  ferry_copy_plan_add_image (plan, image);
  ferry_copy_plan_add_destination (plan, "cn-east-2", NULL);
  ferry_copy_plan_add_destination (plan, "cn-south-1", NULL);
  ferry_copy_plan_set_vault_id (plan, 0, good);
  ferry_copy_plan_set_vault_id (plan, 1, good);
  ferry_copy_plan_set_agency_name (plan, AGENCY);
  before = ferry_test_sandbox_route_count (f->sandbox, VAULT_GET);
  g_assert_true (gather (f, plan, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, VAULT_GET) - before, ==, 2);
  g_assert_cmpuint (ferry_copy_plan_get_n_rounds (plan), ==, 2);

  got_good = codes_of (plan, 0, 0);
  got_elsewhere = codes_of (plan, 0, 1);
  g_assert_cmpstr (got_good, ==, "");
  g_assert_cmpstr (got_elsewhere, ==, "vault-unsuitable");
}

/* What the caller knows already (the copy dialog's agency, vault and
 * grants) is the plan's question, never asked for again, and its answer
 * follows what it is told. */
static void
test_told (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(FerryImage) image = ferry_test_find_image (f->client, f->account, "cn-north-4",
                                                       "whole-cbr");
  g_autoptr(FerryCopyPlan) plan = ferry_copy_plan_new (f->client, f->account, "cn-north-4",
                                                       FERRY_COPY_KIND_CROSS_REGION);
  g_autoptr(GListModel) agencies = NULL;
  g_autoptr(FerryAgency) agency = NULL;
  g_autoptr(FerryVault) vault = NULL;
  GAsyncResult *result;
  g_autoptr(GError) error = NULL;
  gint64 before, agencies_before, vaults_before;
  g_autofree char *got = NULL;

  ferry_iam_list_agencies_async (f->client, "cn-north-4", AGENCY, NULL, ferry_test_store_cb, &f->wait);
  result = ferry_test_wait (&f->wait);
  agencies = ferry_iam_list_agencies_finish (f->client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (agencies) && agency == NULL; i++)
    {
      g_autoptr(FerryAgency) one = g_list_model_get_item (agencies, i);

      if (g_strcmp0 (ferry_agency_get_name (one), AGENCY) == 0)
        agency = g_steal_pointer (&one);
    }
  g_assert_nonnull (agency);
  vault = find_vault (f, "cn-east-2", "vault-sh2-replication");

  ferry_copy_plan_add_image (plan, image);
  g_assert_cmpuint (ferry_copy_plan_add_destination (plan, "cn-east-2", NULL), ==, 0);
  ferry_copy_plan_set_look_for_earlier_copies (plan, FALSE);
  ferry_copy_plan_set_check_grants (plan, FALSE);
  ferry_copy_plan_set_agency (plan, agency);
  ferry_copy_plan_set_vault (plan, 0, vault);

  /* The destination's quota only: not the agency, the vault or a grant. */
  before = total_requests (f);
  agencies_before = ferry_test_sandbox_route_count (f->sandbox, AGENCIES_GET);
  vaults_before = ferry_test_sandbox_route_count (f->sandbox, VAULT_GET);
  g_assert_true (gather (f, plan, &error));
  g_assert_no_error (error);
  g_assert_cmpint (total_requests (f) - before, ==, 1);
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, AGENCIES_GET), ==, agencies_before);
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, VAULT_GET), ==, vaults_before);
  g_assert_true (ferry_copy_plan_get_agency (plan) == agency);
  g_assert_cmpint (ferry_copy_plan_get_fact_state (plan, FERRY_COPY_FACT_AGENCY, NULL), ==,
                   FERRY_COPY_FACT_STATE_KNOWN);
  g_assert_cmpint (ferry_copy_plan_get_fact_state (plan, FERRY_COPY_FACT_VAULTS, NULL), ==,
                   FERRY_COPY_FACT_STATE_KNOWN);

  /* Grants not told are not known, and hold nothing against the copy. */
  g_assert_cmpint (ferry_copy_plan_get_source_grant (plan), ==, FERRY_GRANT_UNKNOWN);
  g_assert_cmpint (ferry_copy_plan_get_grant (plan, 0), ==, FERRY_GRANT_UNKNOWN);
  got = codes_of (plan, 0, 0);
  g_assert_cmpstr (got, ==, "");
  g_clear_pointer (&got, g_free);

  /* Told: the answer follows. */
  ferry_copy_plan_set_grant (plan, "cn-north-4", FERRY_GRANT_GRANTED);
  ferry_copy_plan_set_grant (plan, "cn-east-2", FERRY_GRANT_MISSING);
  g_assert_cmpint (ferry_copy_plan_get_source_grant (plan), ==, FERRY_GRANT_GRANTED);
  g_assert_cmpint (ferry_copy_plan_get_grant (plan, 0), ==, FERRY_GRANT_MISSING);
  got = codes_of (plan, 0, 0);
  g_assert_cmpstr (got, ==, "agency-permission");
  g_clear_pointer (&got, g_free);
  ferry_copy_plan_set_grant (plan, "cn-east-2", FERRY_GRANT_GRANTED);
  got = codes_of (plan, 0, 0);
  g_assert_cmpstr (got, ==, "");
  g_clear_pointer (&got, g_free);
  /* Forgotten (a refresh): unknown again. */
  ferry_copy_plan_set_grant (plan, "cn-east-2", FERRY_GRANT_UNKNOWN);
  g_assert_cmpint (ferry_copy_plan_get_grant (plan, 0), ==, FERRY_GRANT_UNKNOWN);
  g_assert_cmpint (ferry_copy_plan_get_source_grant (plan), ==, FERRY_GRANT_GRANTED);

  /* No vault, then no agency. */
  ferry_copy_plan_set_vault (plan, 0, NULL);
  got = codes_of (plan, 0, 0);
  g_assert_cmpstr (got, ==, "vault-required");
  g_clear_pointer (&got, g_free);
  ferry_copy_plan_set_vault (plan, 0, vault);
  ferry_copy_plan_set_agency (plan, NULL);
  g_assert_null (ferry_copy_plan_get_agency (plan));
  g_assert_cmpint (ferry_copy_plan_get_source_grant (plan), ==, FERRY_GRANT_UNKNOWN);
  got = codes_of (plan, 0, 0);
  g_assert_cmpstr (got, ==, "agency-missing");
  g_clear_pointer (&got, g_free);

  /* Told again, gathered again: nothing is asked. */
  ferry_copy_plan_set_agency (plan, agency);
  before = total_requests (f);
  g_assert_true (gather (f, plan, &error));
  g_assert_no_error (error);
  g_assert_cmpint (total_requests (f) - before, ==, 0);
  g_assert_cmpint (ferry_copy_plan_get_source_grant (plan), ==, FERRY_GRANT_GRANTED);
}

/* The image-level verdict: the source region's rule, and no region at all. */
static void
test_image_level (Fixture       *f,
                  gconstpointer  data)
{
  const struct {
    const char *region;
    const char *image;
    const char *expected;
  } cases[] = {
    { "cn-north-4", "web-server", "" },
    { "cn-north-4", "whole-csbs", "" },
    { "cn-east-3", "sh1-whole-csbs", "whole-image-region" },
    { "cn-southwest-2", "gy-whole-cbr", "whole-image-region" },
    { "ap-southeast-3", "sg-whole-cbr", "no-destination" },
    { "ap-southeast-3", "sg-app", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FerryImage) image = ferry_test_find_image (f->client, f->account, cases[i].region,
                                                           cases[i].image);
      g_autoptr(FerryCopyPlan) plan = ferry_copy_plan_new (f->client, f->account, cases[i].region,
                                                           FERRY_COPY_KIND_CROSS_REGION);
      g_autoptr(GPtrArray) asked = NULL;
      g_autoptr(GPtrArray) judged = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *got_asked = NULL;
      g_autofree char *got_judged = NULL;

      g_test_message ("%s in %s", cases[i].image, cases[i].region);
      /* The images page judges without gathering anything. */
      judged = ferry_copy_plan_judge_image (plan, image);
      got_judged = codes (judged);
      g_assert_cmpstr (got_judged, ==, cases[i].expected);

      ferry_copy_plan_add_image_id (plan, ferry_image_get_id (image));
      g_assert_null (ferry_copy_plan_dup_image_violations (plan, 0));
      g_assert_true (gather (f, plan, &error));
      asked = ferry_copy_plan_dup_image_violations (plan, 0);
      got_asked = codes (asked);
      g_assert_cmpstr (got_asked, ==, cases[i].expected);
    }
}

/* An image by its name: the one of that name, or why not. */
static void
test_by_name (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(FerryImage) web = ferry_test_find_image (f->client, f->account, "cn-north-4",
                                                     "web-server");
  g_autoptr(FerryCopyPlan) plan = ferry_copy_plan_new (f->client, f->account, "cn-north-4",
                                                       FERRY_COPY_KIND_CROSS_REGION);
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(GError) error = NULL;
  guint found, missing, twice;

  added = ferry_test_sandbox_control (f->sandbox, "POST", "/_sandbox/images",
                                      "{\"region\": \"cn-north-4\", \"image\": {\"name\": \"twin\"}}");
  g_clear_pointer (&added, json_node_unref);
  added = ferry_test_sandbox_control (f->sandbox, "POST", "/_sandbox/images",
                                      "{\"region\": \"cn-north-4\", \"image\": {\"name\": \"twin\"}}");

  found = ferry_copy_plan_add_image_name (plan, "web-server");
  missing = ferry_copy_plan_add_image_name (plan, "no-such-image");
  twice = ferry_copy_plan_add_image_name (plan, "twin");
  ferry_copy_plan_add_destination (plan, "cn-east-2", NULL);
  g_assert_false (gather (f, plan, &error));
  g_assert_error (error, FERRY_COPY_PLAN_ERROR, FERRY_COPY_PLAN_ERROR_NO_IMAGE_NAMED);

  g_assert_cmpstr (ferry_image_get_id (ferry_copy_plan_get_image (plan, found)), ==,
                   ferry_image_get_id (web));
  g_assert_null (ferry_copy_plan_get_image_error (plan, found));
  g_assert_null (ferry_copy_plan_get_image (plan, missing));
  g_assert_error (ferry_copy_plan_get_image_error (plan, missing), FERRY_COPY_PLAN_ERROR,
                  FERRY_COPY_PLAN_ERROR_NO_IMAGE_NAMED);
  g_assert_null (ferry_copy_plan_get_image (plan, twice));
  g_assert_error (ferry_copy_plan_get_image_error (plan, twice), FERRY_COPY_PLAN_ERROR,
                  FERRY_COPY_PLAN_ERROR_AMBIGUOUS_NAME);
  /* The one found is judged all the same (no agency was named); the
   * others are not. */
  {
    g_autofree char *got = codes_of (plan, found, 0);

    g_assert_cmpstr (got, ==, "agency-missing");
    g_assert_null (ferry_copy_plan_dup_violations (plan, missing, 0));
  }
}

static void
save_task (FerryTaskStore *store,
           gpointer        user_data)
{
  ferry_task_store_insert (store, user_data);
}

static FerryCopyTask *
add_task (Fixture        *f,
          FerryImage     *image,
          const char     *destination,
          const char     *name,
          FerryTaskState  state)
{
  g_autoptr(GError) error = NULL;
  FerryCopyTask *task = ferry_copy_task_new_cross_region (ferry_account_get_domain_id (f->account),
                                                          ferry_image_get_id (image),
                                                          ferry_image_get_name (image),
                                                          "cn-north-4",
                                                          ferry_test_project_id (f->account,
                                                                                 "cn-north-4"),
                                                          destination, destination,
                                                          ferry_test_project_id (f->account,
                                                                                 destination),
                                                          name, NULL, AGENCY, NULL);

  ferry_copy_task_set_state (task, state);
  if (state == FERRY_TASK_STATE_DONE)
    {
      ferry_copy_task_set_new_image_id (task, "new-image-id");
      ferry_copy_task_set_finished_at (task, g_get_real_time ());
    }
  g_assert_true (ferry_task_store_update (f->store, save_task, task, &error));
  g_assert_no_error (error);
  return task;
}

/* Earlier copies: Ferry's history, then the destination's listing. */
static void
test_earlier_copies (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(FerryImage) web = ferry_test_find_image (f->client, f->account, "cn-north-4",
                                                     "web-server");
  g_autoptr(FerryCopyTask) done = NULL;
  g_autoptr(FerryCopyTask) queued = NULL;
  g_autoptr(FerryCopyTask) failed = NULL;
  g_autoptr(FerryCopyPlan) plan = NULL;
  g_autoptr(FerryCopyPlan) own = NULL;
  g_autoptr(JsonNode) copy = NULL;
  g_autoptr(JsonNode) same_name = NULL;
  g_autoptr(JsonNode) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *sentence = NULL;
  const char *task_id = NULL;
  const char *image_id = NULL;
  /* cn-east-2: made before; cn-south-1: queued; ap-southeast-3: failed,
   * which is no copy; the others are looked up in the listing. */
  const char *places[] = { "cn-east-2", "cn-south-1", "ap-southeast-3", "cn-north-1", "cn-east-4",
                           "eu-west-0" };
  guint d[G_N_ELEMENTS (places)];

  done = add_task (f, web, "cn-east-2", "earlier", FERRY_TASK_STATE_DONE);
  queued = add_task (f, web, "cn-south-1", "earlier", FERRY_TASK_STATE_QUEUED);
  failed = add_task (f, web, "ap-southeast-3", "earlier", FERRY_TASK_STATE_FAILED);

  /* In cn-north-1, a copy of web-server that Ferry does not know of
   * (__originalimagename names its source); in cn-east-4, an image of the
   * same name that says nothing of its origin; in eu-west-0, one of the
   * same name copied from another image. */
  body = g_strdup_printf ("{\"region\": \"cn-north-1\", \"image\": {\"name\": \"earlier\","
                          " \"__originalimagename\": \"%s\"}}", ferry_image_get_id (web));
  copy = ferry_test_sandbox_control (f->sandbox, "POST", "/_sandbox/images", body);
  same_name = ferry_test_sandbox_control (f->sandbox, "POST", "/_sandbox/images",
                                          "{\"region\": \"cn-east-4\", \"image\": {\"name\": \"earlier\","
                                          " \"__data_origin\": null}}");
  other = ferry_test_sandbox_control (f->sandbox, "POST", "/_sandbox/images",
                                      "{\"region\": \"eu-west-0\", \"image\": {\"name\": \"earlier\","
                                      " \"__originalimagename\": \"another-image\"}}");

  plan = ferry_copy_plan_new (f->client, f->account, "cn-north-4", FERRY_COPY_KIND_CROSS_REGION);
  ferry_copy_plan_set_task_store (plan, f->store);
  ferry_copy_plan_add_image (plan, web);
  ferry_copy_plan_set_name (plan, 0, "earlier");
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    d[i] = ferry_copy_plan_add_destination (plan, places[i], NULL);

  /* The history is known before anything is gathered. */
  g_assert_cmpint (ferry_copy_plan_get_earlier_copy (plan, 0, d[0], &task_id, &image_id), ==,
                   FERRY_EARLIER_COPY_MADE);
  g_assert_cmpstr (task_id, ==, ferry_copy_task_get_id (done));
  g_assert_cmpstr (image_id, ==, "new-image-id");
  g_assert_cmpint (ferry_copy_plan_get_earlier_copy (plan, 0, d[1], &task_id, NULL), ==,
                   FERRY_EARLIER_COPY_IN_QUEUE);
  g_assert_cmpstr (task_id, ==, ferry_copy_task_get_id (queued));
  g_assert_cmpint (ferry_copy_plan_get_earlier_copy (plan, 0, d[3], NULL, NULL), ==,
                   FERRY_EARLIER_COPY_NONE);
  g_assert_cmpint (ferry_copy_plan_get_fact_state (plan, FERRY_COPY_FACT_EARLIER_COPIES, NULL), ==,
                   FERRY_COPY_FACT_STATE_PENDING);

  g_assert_true (gather (f, plan, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ferry_copy_plan_get_earlier_copy (plan, 0, d[2], NULL, NULL), ==,
                   FERRY_EARLIER_COPY_NONE);
  g_assert_cmpint (ferry_copy_plan_get_earlier_copy (plan, 0, d[3], NULL, &image_id), ==,
                   FERRY_EARLIER_COPY_FOUND);
  g_assert_cmpstr (image_id, ==, json_object_get_string_member (json_node_get_object (copy), "id"));
  g_assert_cmpint (ferry_copy_plan_get_earlier_copy (plan, 0, d[4], NULL, &image_id), ==,
                   FERRY_EARLIER_COPY_SAME_NAME);
  g_assert_cmpstr (image_id, ==, json_object_get_string_member (json_node_get_object (same_name), "id"));
  g_assert_cmpint (ferry_copy_plan_get_earlier_copy (plan, 0, d[5], NULL, NULL), ==,
                   FERRY_EARLIER_COPY_NONE);

  sentence = ferry_copy_plan_describe_earlier_copy (plan, 0, d[0]);
  g_assert_nonnull (strstr (sentence, "earlier"));
  g_assert_null (ferry_copy_plan_describe_earlier_copy (plan, 0, d[5]));

  /* Another name: the history still knows; the listing does not. */
  ferry_copy_plan_set_name (plan, 0, "later");
  g_assert_true (gather (f, plan, &error));
  g_assert_cmpint (ferry_copy_plan_get_earlier_copy (plan, 0, d[0], NULL, NULL), ==,
                   FERRY_EARLIER_COPY_MADE);
  g_assert_cmpint (ferry_copy_plan_get_earlier_copy (plan, 0, d[3], NULL, NULL), ==,
                   FERRY_EARLIER_COPY_NONE);

  /* The queue's question for a task leaves that task out. */
  own = ferry_copy_plan_new_for_task (f->client, f->account, f->store, queued);
  g_assert_true (gather (f, own, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ferry_copy_plan_get_earlier_copy (own, 0, 0, NULL, NULL), ==, FERRY_EARLIER_COPY_NONE);
  {
    g_autofree char *got = codes_of (own, 0, 0);

    g_assert_cmpstr (got, ==, "");
  }
}

/* A copy whose outcome is unknown may have been made: it is an earlier
 * copy until the user decides, and not one in flight, as the queue counts
 * them. */
static void
test_earlier_unknown (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FerryImage) web = ferry_test_find_image (f->client, f->account, "cn-north-4",
                                                     "web-server");
  g_autoptr(FerryCopyTask) unknown = NULL;
  g_autoptr(FerryCopyTask) running = NULL;
  g_autoptr(FerryCopyPlan) plan = NULL;
  g_autoptr(FerryCopyQueue) queue = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *short_id = NULL;
  const char *task_id = NULL;
  guint d;

  unknown = add_task (f, web, "cn-east-2", "lost", FERRY_TASK_STATE_OUTCOME_UNKNOWN);
  running = add_task (f, web, "cn-south-1", "lost", FERRY_TASK_STATE_RUNNING);

  plan = ferry_copy_plan_new (f->client, f->account, "cn-north-4", FERRY_COPY_KIND_CROSS_REGION);
  ferry_copy_plan_set_task_store (plan, f->store);
  ferry_copy_plan_add_image (plan, web);
  ferry_copy_plan_set_name (plan, 0, "lost");
  d = ferry_copy_plan_add_destination (plan, "cn-east-2", NULL);
  g_assert_true (gather (f, plan, &error));
  g_assert_no_error (error);

  g_assert_cmpint (ferry_copy_plan_get_earlier_copy (plan, 0, d, &task_id, NULL), ==,
                   FERRY_EARLIER_COPY_IN_QUEUE);
  g_assert_cmpstr (task_id, ==, ferry_copy_task_get_id (unknown));
  sentence = ferry_copy_plan_describe_earlier_copy (plan, 0, d);
  short_id = g_strndup (ferry_copy_task_get_id (unknown), 8);
  g_assert_nonnull (strstr (sentence, short_id));
  g_assert_nonnull (strstr (sentence, "outcome is unknown"));

  queue = ferry_copy_queue_new (f->client, f->account, f->store);
  g_assert_true (ferry_copy_queue_load (queue, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_copy_queue_get_n_in_flight (queue), ==, 1);
  g_assert_cmpuint (ferry_copy_plan_get_copies_in_flight (plan), ==, ferry_copy_queue_get_n_in_flight (queue));
}

/* Sets the image quota of @region's default project to what it holds and
 * @room more (the sandbox's control route); returns what it holds. */
static gint64
set_quota_room (Fixture    *f,
                const char *region,
                gint64      room)
{
  g_autofree char *body = g_strdup_printf ("{\"region\": \"%s\", \"refuse\": false}", region);
  g_autoptr(JsonNode) answer = ferry_test_sandbox_control (f->sandbox, "POST", "/_sandbox/quota", body);
  gint64 used = json_object_get_int_member (json_node_get_object (answer), "used");
  g_autoptr(JsonNode) set = NULL;

  g_free (body);
  body = g_strdup_printf ("{\"region\": \"%s\", \"quota\": %" G_GINT64_FORMAT "}", region, used + room);
  set = ferry_test_sandbox_control (f->sandbox, "POST", "/_sandbox/quota", body);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (set), "quota"), ==, used + room);
  return used;
}

static char *
quota_message (FerryCopyPlan *plan,
               guint          image,
               guint          destination)
{
  g_autoptr(GPtrArray) violations = ferry_copy_plan_dup_violations (plan, image, destination);

  for (guint i = 0; i < violations->len; i++)
    {
      FerryViolation *v = g_ptr_array_index (violations, i);

      if (ferry_violation_get_rule (v) == FERRY_RULE_QUOTA)
        {
          g_assert_cmpstr (ferry_violation_get_server_code (v), ==, "IMG.0015");
          return g_strdup (ferry_violation_get_message (v));
        }
    }
  return NULL;
}

/* The destination's image quota must hold every image of the batch that
 * may go (an encrypted one may not: it makes none) and Ferry's copies
 * already on their way there; a quota the service will not tell holds
 * nothing against the copy, and is said. */
static void
test_quota (Fixture       *f,
            gconstpointer  data)
{
  const char *names[] = { "web-server", "app-uninitialised", "exact-128g", "secure-encrypted" };
  g_autoptr(FerryCopyPlan) plan = ferry_copy_plan_new (f->client, f->account, "cn-north-4",
                                                       FERRY_COPY_KIND_CROSS_REGION);
  g_autoptr(FerryCopyPlan) refused = NULL;
  g_autoptr(FerryCopyTask) running = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *note = NULL;
  g_autoptr(FerryImage) web = NULL;
  g_autoptr(JsonNode) answer = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(FerryImage) image = ferry_test_find_image (f->client, f->account, "cn-north-4",
                                                           names[i]);

      ferry_copy_plan_add_image (plan, image);
    }
  ferry_copy_plan_add_destination (plan, "cn-east-2", NULL);
  ferry_copy_plan_add_destination (plan, "cn-south-1", NULL);
  ferry_copy_plan_set_agency_name (plan, AGENCY);
  ferry_copy_plan_set_task_store (plan, f->store);

  set_quota_room (f, "cn-east-2", 2);
  g_assert_true (gather (f, plan, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_free (message);
      message = quota_message (plan, i, 0);
      g_assert_nonnull (message);
      g_assert_nonnull (strstr (message, "can hold 2 more images; this copy needs 3."));
    }
  /* The other destination has room. */
  g_assert_null (quota_message (plan, 0, 1));
  g_assert_null (ferry_copy_plan_describe_quota (plan, 0));

  /* Room for three: fits, until a copy of Ferry's is on its way there. */
  set_quota_room (f, "cn-east-2", 3);
  refused = ferry_copy_plan_new (f->client, f->account, "cn-north-4", FERRY_COPY_KIND_CROSS_REGION);
  g_clear_object (&plan);
  plan = ferry_copy_plan_new (f->client, f->account, "cn-north-4", FERRY_COPY_KIND_CROSS_REGION);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(FerryImage) image = ferry_test_find_image (f->client, f->account, "cn-north-4",
                                                           names[i]);

      ferry_copy_plan_add_image (plan, image);
    }
  ferry_copy_plan_add_destination (plan, "cn-east-2", NULL);
  ferry_copy_plan_set_agency_name (plan, AGENCY);
  ferry_copy_plan_set_task_store (plan, f->store);
  g_assert_true (gather (f, plan, &error));
  g_assert_null (quota_message (plan, 0, 0));
  web = ferry_test_find_image (f->client, f->account, "cn-north-4", "web-server");
  running = add_task (f, web, "cn-east-2", "elsewhere", FERRY_TASK_STATE_RUNNING);
  g_free (message);
  message = quota_message (plan, 0, 0);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "can hold 2 more images; this copy needs 3."));

  /* Not allowed to read the quota: no verdict, and a note that says so. */
  answer = ferry_test_sandbox_control (f->sandbox, "POST", "/_sandbox/quota",
                                       "{\"region\": \"cn-east-2\", \"quota\": 0, \"refuse\": true}");
  ferry_copy_plan_add_image (refused, web);
  ferry_copy_plan_add_destination (refused, "cn-east-2", NULL);
  ferry_copy_plan_set_agency_name (refused, AGENCY);
  g_assert_true (gather (f, refused, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ferry_copy_plan_get_fact_state (refused, FERRY_COPY_FACT_QUOTAS, NULL), ==,
                   FERRY_COPY_FACT_STATE_KNOWN);
  g_assert_null (quota_message (refused, 0, 0));
  note = ferry_copy_plan_describe_quota (refused, 0);
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "not checked"));
}

static void
count_cb (FerryCopyPlan *plan,
          guint         *count)
{
  (*count)++;
}

/* Before the facts are in, nothing unknown holds against the copy, and
 * "changed" says when they come. */
static void
test_partial (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(FerryImage) web = ferry_test_find_image (f->client, f->account, "cn-north-4",
                                                     "web-server");
  g_autoptr(FerryCopyPlan) plan = ferry_copy_plan_new (f->client, f->account, "cn-north-4",
                                                       FERRY_COPY_KIND_CROSS_REGION);
  GAsyncResult *result;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint changed = 0;

  ferry_copy_plan_add_image (plan, web);
  ferry_copy_plan_add_destination (plan, "cn-east-2", NULL);
  ferry_copy_plan_set_agency_name (plan, "ims_partial_agency");
  g_signal_connect (plan, "changed", G_CALLBACK (count_cb), &changed);

  before = codes_of (plan, 0, 0);
  g_assert_cmpstr (before, ==, "");
  g_assert_cmpint (ferry_copy_plan_get_fact_state (plan, FERRY_COPY_FACT_AGENCY, NULL), ==,
                   FERRY_COPY_FACT_STATE_PENDING);

  ferry_copy_plan_gather_async (plan, NULL, ferry_test_store_cb, &f->wait);
  result = ferry_test_wait (&f->wait);
  g_assert_true (ferry_copy_plan_gather_finish (plan, result, &error));
  /* The agency, the grants (one answer for both), the listing, the
   * quota. */
  g_assert_cmpuint (changed, ==, 4);
  after = codes_of (plan, 0, 0);
  g_assert_cmpstr (after, ==, "agency-permission");

  /* An agency that is not there is an error of the gathering; what
   * could not be learned is asked again by the next one. */
  ferry_copy_plan_set_agency_name (plan, "nobody");
  g_assert_false (gather (f, plan, &error));
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nobody"));
  g_clear_error (&error);
  {
    gint64 asked = ferry_test_sandbox_route_count (f->sandbox, AGENCIES_GET);

    g_assert_false (gather (f, plan, &error));
    g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
    g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, AGENCIES_GET) - asked, ==, 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/copy-plan/rounds", Fixture, NULL, fixture_setup, test_rounds, fixture_teardown);
  g_test_add ("/copy-plan/ask-again", Fixture, NULL, fixture_setup, test_ask_again, fixture_teardown);
  g_test_add ("/copy-plan/answers", Fixture, NULL, fixture_setup, test_answers, fixture_teardown);
  g_test_add ("/copy-plan/vaults", Fixture, NULL, fixture_setup, test_vaults, fixture_teardown);
  g_test_add ("/copy-plan/told", Fixture, NULL, fixture_setup, test_told, fixture_teardown);
  g_test_add ("/copy-plan/image-level", Fixture, NULL, fixture_setup, test_image_level, fixture_teardown);
  g_test_add ("/copy-plan/by-name", Fixture, NULL, fixture_setup, test_by_name, fixture_teardown);
  g_test_add ("/copy-plan/earlier-copies", Fixture, NULL, fixture_setup, test_earlier_copies,
              fixture_teardown);
  g_test_add ("/copy-plan/earlier-unknown", Fixture, NULL, fixture_setup, test_earlier_unknown,
              fixture_teardown);
  g_test_add ("/copy-plan/partial", Fixture, NULL, fixture_setup, test_partial, fixture_teardown);
  g_test_add ("/copy-plan/quota", Fixture, NULL, fixture_setup, test_quota, fixture_teardown);

  return g_test_run ();
}
