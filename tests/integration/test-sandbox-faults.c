/* test-sandbox-faults.c: the sandbox's faults over real HTTP on loopback: failed
 * answers and jobs, dropped connections, latency
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "test-sandbox.h"

/* Tests: faults */

/* The statuses of @n GETs, as a string of one letter per answer. */
static char *
fault_sequence (Fixture *f,
                guint    n,
                guint   *n_failed,
                guint   *n_throttled)
{
  GString *sequence = g_string_new (NULL);

  *n_failed = 0;
  *n_throttled = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(Response) response = api_get (f, "iam", "cn-north-4", "/v3/auth/domains", NULL);

      g_assert_no_error (response->error);
      switch (response->status)
        {
        case 200:
          g_string_append_c (sequence, '.');
          break;
        case 503:
          assert_gateway_error (response, 503, "APIGW.0201");
          g_string_append_c (sequence, 'F');
          (*n_failed)++;
          break;
        case 429:
          assert_gateway_error (response, 429, "APIGW.0308");
          g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Retry-After"), ==,
                           "1");
          g_string_append_c (sequence, 'T');
          (*n_throttled)++;
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return g_string_free (sequence, FALSE);
}

static void
test_faults_reproducible (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *other_seed = NULL;
  guint n_failed, n_throttled;
  const guint n = 120;

  fixture_start (f, "fail-rate", 0.2, "throttle-rate", 0.2, "random-seed", G_GUINT64_CONSTANT (42),
                 NULL);
  first = fault_sequence (f, n, &n_failed, &n_throttled);
  g_test_message ("seed 42: %s", first);
  /* 24 of each expected; far outside these bounds is a broken draw. */
  g_assert_cmpuint (n_failed, >=, 10);
  g_assert_cmpuint (n_failed, <=, 40);
  g_assert_cmpuint (n_throttled, >=, 10);
  g_assert_cmpuint (n_throttled, <=, 40);

  /* Control routes are never faulted. */
  {
    g_autoptr(Response) stats = get_stats (f);
    JsonObject *requests = json_object_get_object_member (response_object (stats), "requests");

    g_assert_cmpint (json_object_get_int_member (requests, "GET /v3/auth/domains"), ==, n);
  }
  fixture_stop (f);

  fixture_start (f, "fail-rate", 0.2, "throttle-rate", 0.2, "random-seed", G_GUINT64_CONSTANT (42),
                 NULL);
  second = fault_sequence (f, n, &n_failed, &n_throttled);
  g_assert_cmpstr (first, ==, second);
  fixture_stop (f);

  fixture_start (f, "fail-rate", 0.2, "throttle-rate", 0.2, "random-seed", G_GUINT64_CONSTANT (43),
                 NULL);
  other_seed = fault_sequence (f, n, &n_failed, &n_throttled);
  g_assert_cmpstr (first, !=, other_seed);

  /* Reset starts the sequence again. */
  {
    g_autoptr(Response) reset = control (f, "POST", "/_sandbox/reset", NULL);
    g_autofree char *again = NULL;

    g_assert_cmpuint (reset->status, ==, 200);
    again = fault_sequence (f, n, &n_failed, &n_throttled);
    g_assert_cmpstr (again, ==, other_seed);
  }
}

/* Which of @n copies, one after the other, fail ("F") or succeed ("S"). */
static char *
job_outcomes (Fixture    *f,
              const char *source,
              guint       n)
{
  GString *outcomes = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("failing-%02u", i);
      g_autofree char *job_id = submit_cross_region_copy (f, "cn-north-4", source, name, "cn-east-2");
      g_autoptr(Response) response = NULL;
      const char *status;

      advance_clock (f, 60);
      response = get_job (f, "cn-north-4", job_id);
      assert_ok (response, 200);
      status = json_object_get_string_member (response_object (response), "status");
      g_assert_true (g_str_equal (status, "SUCCESS") || g_str_equal (status, "FAIL"));
      g_string_append_c (outcomes, status[0]);
    }
  return g_string_free (outcomes, FALSE);
}

static void
test_faults_failed_jobs (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *source = NULL;
  g_autofree char *job_id = NULL;
  g_autofree char *new_image = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *other = NULL;
  JsonObject *job;

  /* Every job fails: RUNNING first, then FAIL with the service's code and
   * reason, its image killed; it counts as running no more. */
  fixture_start (f, "copy-seconds", 20, "job-fail-rate", 1.0, NULL);
  source = image_id (f, "cn-north-4", "web-server");
  job_id = submit_cross_region_copy (f, "cn-north-4", source, "doomed", "cn-east-2");
  advance_clock (f, 5);
  {
    g_autoptr(Response) response = get_job (f, "cn-north-4", job_id);

    job = response_object (response);
    g_assert_cmpstr (json_object_get_string_member (job, "status"), ==, "RUNNING");
    g_assert_true (json_object_get_null_member (job, "error_code"));
    new_image = g_strdup (json_object_get_string_member (json_object_get_object_member (job, "entities"),
                                                         "image_id"));
  }
  advance_clock (f, 10);
  {
    g_autoptr(Response) response = get_job (f, "cn-north-4", job_id);
    g_autoptr(JsonObject) image = get_image (f, "cn-east-2", new_image);
    g_autoptr(Response) stats = get_stats (f);
    double percent;

    job = response_object (response);
    g_assert_cmpstr (json_object_get_string_member (job, "status"), ==, "FAIL");
    g_assert_cmpstr (json_object_get_string_member (job, "error_code"), ==, "IMG.0014");
    g_assert_cmpstr (json_object_get_string_member (job, "fail_reason"), ==,
                     "An exception occurred when IaaS OpenStack was executing the task.");
    g_assert_cmpstr (json_object_get_string_member (job, "end_time"), !=, "");
    percent = json_object_get_double_member (json_object_get_object_member (job, "entities"),
                                             "process_percent");
    g_assert_cmpfloat (percent, >, 0.0);
    g_assert_cmpfloat (percent, <, 1.0);
    g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "killed");
    g_assert_cmpint (json_object_get_int_member (response_object (stats), "copies_running"), ==, 0);
  }
  fixture_stop (f);
  f->clock_offset = 0;

  /* A share of them, the same ones for the same seed, in the order they
   * are submitted; the request faults of a seed are not moved by it. */
  fixture_start (f, "copy-seconds", 10, "job-fail-rate", 0.5, "random-seed", G_GUINT64_CONSTANT (42), NULL);
  g_clear_pointer (&source, g_free);
  source = image_id (f, "cn-north-4", "web-server");
  first = job_outcomes (f, source, 16);
  g_test_message ("seed 42: %s", first);
  g_assert_nonnull (strchr (first, 'F'));
  g_assert_nonnull (strchr (first, 'S'));
  fixture_stop (f);
  f->clock_offset = 0;

  fixture_start (f, "copy-seconds", 10, "job-fail-rate", 0.5, "random-seed", G_GUINT64_CONSTANT (42), NULL);
  second = job_outcomes (f, source, 16);
  g_assert_cmpstr (first, ==, second);
  fixture_stop (f);
  f->clock_offset = 0;

  fixture_start (f, "copy-seconds", 10, "job-fail-rate", 0.5, "random-seed", G_GUINT64_CONSTANT (7), NULL);
  other = job_outcomes (f, source, 16);
  g_assert_cmpstr (first, !=, other);
}

static void
test_faults_drop (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *project = NULL;
  g_autofree char *source = NULL;
  g_autofree char *path = NULL;
  Options fresh = { .new_connection = TRUE };
  const char *body = "{\"name\": \"lost\", \"region\": \"cn-east-2\", "
                     "\"agency_name\": \"ims_administrator_agency\"}";

  fixture_start (f, NULL);
  project = project_id (f, "cn-north-4");
  source = image_id (f, "cn-north-4", "web-server");
  path = g_strdup_printf ("/v1/cloudimages/%s/cross_region_copy", source);
  fresh.project_id = project;

  g_object_set (f->sandbox, "drop-rate", 1.0, NULL);
  {
    g_autoptr(Response) get = api_request_full (f, "GET", "ims", "cn-north-4", "/v2/cloudimages",
                                                NULL, &fresh);
    g_autoptr(Response) post = api_request_full (f, "POST", "ims", "cn-north-4", path, body,
                                                 &fresh);

    g_assert_nonnull (get->error);
    g_assert_cmpuint (get->status, ==, 0);
    g_assert_nonnull (post->error);
  }
  g_object_set (f->sandbox, "drop-rate", 0.0, NULL);

  /* The POST was carried out though its answer was lost. */
  {
    g_autoptr(Response) stats = get_stats (f);
    JsonObject *object = response_object (stats);
    JsonObject *requests = json_object_get_object_member (object, "requests");

    g_assert_cmpint (json_object_get_int_member (object, "copies_submitted"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (requests, "GET /v2/cloudimages"), >=, 1);
  }

  /* And the sandbox still serves. */
  {
    g_autoptr(Response) response = api_get (f, "ims", "cn-north-4", "/v2/cloudimages?limit=1",
                                            project);

    assert_ok (response, 200);
  }
}

static void
test_faults_latency (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Response) response = NULL;
  gint64 start;

  fixture_start (f, "latency-ms", 150, NULL);

  start = g_get_monotonic_time ();
  response = api_get (f, "iam", "cn-north-4", "/v3/auth/domains", NULL);
  assert_ok (response, 200);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 150 * 1000);

  /* Control routes answer at once. */
  {
    g_autoptr(Response) stats = NULL;

    start = g_get_monotonic_time ();
    stats = get_stats (f);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 150 * 1000);
  }

  /* A caller that gives up while its answer is held back. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(SoupMessage) msg = NULL;
    g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/iam/cn-north-4/v3/auth/domains",
                                            ferry_sandbox_get_port (f->sandbox));
    GBytes *bytes = NULL;

    msg = soup_message_new ("GET", uri);
    soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                      send_cb, &bytes);
    start = g_get_monotonic_time ();
    while (g_get_monotonic_time () - start < 30 * 1000)
      g_main_context_iteration (g_main_context_get_thread_default (), FALSE);
    g_cancellable_cancel (cancellable);
    while (bytes == NULL)
      g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
    g_bytes_unref (bytes);
    g_object_set_data (G_OBJECT (f->session), "last-error", NULL);

    /* The held request times out on a closed connection, harmlessly. */
    start = g_get_monotonic_time ();
    while (g_get_monotonic_time () - start < 200 * 1000)
      g_main_context_iteration (g_main_context_get_thread_default (), FALSE);
  }

  /* The same with a drop due. */
  g_object_set (f->sandbox, "drop-rate", 1.0, NULL);
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(SoupMessage) msg = NULL;
    g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/iam/cn-north-4/v3/auth/domains",
                                            ferry_sandbox_get_port (f->sandbox));
    GBytes *bytes = NULL;

    msg = soup_message_new ("GET", uri);
    soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                      send_cb, &bytes);
    start = g_get_monotonic_time ();
    while (g_get_monotonic_time () - start < 30 * 1000)
      g_main_context_iteration (g_main_context_get_thread_default (), FALSE);
    g_cancellable_cancel (cancellable);
    while (bytes == NULL)
      g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
    g_bytes_unref (bytes);
    g_object_set_data (G_OBJECT (f->session), "last-error", NULL);

    start = g_get_monotonic_time ();
    while (g_get_monotonic_time () - start < 200 * 1000)
      g_main_context_iteration (g_main_context_get_thread_default (), FALSE);
  }
  g_object_set (f->sandbox, "drop-rate", 0.0, NULL);

  {
    g_autoptr(Response) again = api_get (f, "iam", "cn-north-4", "/v3/auth/domains", NULL);

    assert_ok (again, 200);
  }
}

/* The sandbox and its delays live on the thread-default context of
 * ferry_sandbox_start(), whichever it is. */
static void
test_thread_default_context (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  Options fresh = { .new_connection = TRUE };

  g_main_context_push_thread_default (context);
  g_clear_object (&f->session);
  f->session = soup_session_new ();
  fixture_start (f, "latency-ms", 20, NULL);

  {
    g_autoptr(Response) response = api_get (f, "iam", "cn-north-4", "/v3/auth/domains", NULL);

    assert_ok (response, 200);
  }

  g_object_set (f->sandbox, "drop-rate", 1.0, NULL);
  {
    g_autoptr(Response) response = api_request_full (f, "GET", "iam", "cn-north-4",
                                                     "/v3/auth/domains", NULL, &fresh);

    g_assert_nonnull (response->error);
  }

  fixture_stop (f);
  g_clear_object (&f->session);
  g_main_context_pop_thread_default (context);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sandbox/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("faults/reproducible", test_faults_reproducible);
  ADD ("faults/failed-jobs", test_faults_failed_jobs);
  ADD ("faults/drop", test_faults_drop);
  ADD ("faults/latency", test_faults_latency);
  ADD ("faults/thread-default-context", test_thread_default_context);

#undef ADD

  return g_test_run ();
}
