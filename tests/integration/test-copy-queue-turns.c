/* test-copy-queue-turns.c: the queue's turns: five copies at a time, copies it
 * does not know, what is refused before anything is sent, two processes
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "test-copy-queue.h"

/* Twelve copies, five at a time */

typedef struct
{
  FerryCopyQueue *queue;
  guint           most_in_flight;
} Watch;

static gboolean
watch_all_final (gpointer data)
{
  Watch *w = data;

  w->most_in_flight = MAX (w->most_in_flight, ferry_copy_queue_get_n_in_flight (w->queue));
  return queue_all_final (w->queue);
}

void
test_five_at_a_time (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const destinations[] = { "cn-east-2", "cn-north-1", "ap-southeast-3" };
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  /* A copy takes one real second: thirty for the queue. */
  g_autoptr(FerryCopyQueue) queue = new_queue (f, f->client, store, 30);
  g_autoptr(GError) error = NULL;
  Watch watch = { queue, 0 };
  guint requests;
  gint64 polls, image_gets;

  g_assert_true (ferry_copy_queue_load (queue, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("five-at-a-time-%02u", i);
      g_autoptr(FerryCopyTask) task = new_task (f, name, destinations[i % 3], AGENCY);

      g_assert_true (ferry_copy_queue_add (queue, task, NULL));
      g_assert_cmpuint (ferry_copy_queue_get_position (queue, task), ==, i + 1);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 12);
  g_assert_false (ferry_copy_queue_is_idle (queue));
  /* Every place at once: the same places. */
  {
    g_autoptr(GHashTable) positions = ferry_copy_queue_dup_positions (queue);

    g_assert_cmpuint (g_hash_table_size (positions), ==, 12);
    for (guint i = 0; i < 12; i++)
      {
        g_autoptr(FerryCopyTask) task = g_list_model_get_item (G_LIST_MODEL (queue), i);

        g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (positions, ferry_copy_task_get_id (task))),
                          ==, ferry_copy_queue_get_position (queue, task));
      }
  }

  requests = ferry_client_get_request_count (f->client);
  image_gets = ferry_test_sandbox_route_count (f->sandbox, IMAGES_GET);
  ferry_copy_queue_run (queue);
  wait_for (watch_all_final, &watch, 50);

  g_assert_cmpuint (watch.most_in_flight, <=, FERRY_MAX_CONCURRENT_COPIES);
  g_assert_cmpint (ferry_test_sandbox_stat (f->sandbox, "max_concurrent_copies"), <=, FERRY_MAX_CONCURRENT_COPIES);
  g_assert_cmpint (ferry_test_sandbox_stat (f->sandbox, "max_concurrent_copies"), >=, 2);
  g_assert_cmpint (ferry_test_sandbox_stat (f->sandbox, "copies_submitted"), ==, 12);
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, CROSS_REGION_POST), ==, 12);
  g_assert_true (ferry_copy_queue_is_idle (queue));

  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (G_LIST_MODEL (queue), i);

      assert_done_once (f, task);
      g_assert_cmpuint (ferry_copy_task_get_attempts (task), ==, 1);
      g_assert_nonnull (ferry_copy_task_get_job_id (task));
    }

  polls = job_polls (f);
  g_test_message ("12 copies of 30 s (queue time): peak %" G_GINT64_FORMAT " in flight; "
                  "%.1f requests per copy in all, %.1f job polls and %.1f image look-ups per copy",
                  ferry_test_sandbox_stat (f->sandbox, "max_concurrent_copies"),
                  (ferry_client_get_request_count (f->client) - requests) / 12.0,
                  polls / 12.0, (ferry_test_sandbox_route_count (f->sandbox, IMAGES_GET) - image_gets) / 12.0);
  ferry_copy_queue_stop (queue);
}

/* IMG.0149: the service is full of copies the queue does not know */

typedef struct
{
  FerryCopyTask *task;
  gboolean       turned_away;
} Turned;

static gboolean
turned_away (gpointer data)
{
  Turned *t = data;

  if (ferry_copy_task_get_state (t->task) == FERRY_TASK_STATE_QUEUED &&
      g_strcmp0 (ferry_copy_task_get_error_code (t->task), "IMG.0149") == 0)
    {
      /* Waiting, not failed, with a back-off and a word on why. */
      g_assert_cmpint (ferry_copy_task_get_next_attempt_at (t->task), >,
                       ferry_copy_task_get_submitted_at (t->task) +
                       20 * G_USEC_PER_SEC);
      g_assert_nonnull (ferry_copy_task_get_hint (t->task));
      t->turned_away = TRUE;
    }
  return ferry_task_state_is_final (ferry_copy_task_get_state (t->task));
}

void
test_too_many (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyQueue) queue = NULL;
  g_autoptr(FerryClient) client = NULL;
  g_autoptr(FerryCopyTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sixth = NULL;
  g_autofree char *endpoint = NULL;
  gboolean sandbox_refuses;
  Turned t = { NULL, FALSE };

  /* Five copies the queue knows nothing about. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("made-elsewhere-%u", i);
      g_autofree char *job = copy_directly (f, name, &error);

      g_assert_no_error (error);
    }
  sixth = copy_directly (f, "made-elsewhere-5", &error);
  sandbox_refuses = g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_THROTTLED);
  g_clear_error (&error);

  if (sandbox_refuses)
    client = g_object_ref (f->client);
  else
    {
      /* The sandbox takes a sixth: let a proxy answer as the service would. */
      g_test_message ("the sandbox takes a sixth copy; IMG.0149 comes from a proxy");
      endpoint = start_proxy (f, "rr");
      client = new_client (f, endpoint);
    }

  queue = new_queue (f, client, store, 120);
  task = new_task (f, "after-the-five", "cn-east-2", AGENCY);
  t.task = task;
  g_assert_true (ferry_copy_queue_add (queue, task, NULL));
  ferry_copy_queue_run (queue);
  wait_for (turned_away, &t, 40);

  g_assert_true (t.turned_away);
  assert_done_once (f, task);
  g_assert_cmpuint (ferry_copy_task_get_attempts (task), >=, 2);
  g_assert_null (ferry_copy_task_get_error_code (task));
  ferry_copy_queue_stop (queue);
}

/* Refused before anything is sent */

void
test_refused_before_post (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyQueue) queue = new_queue (f, f->client, store, 30);
  g_autoptr(FerryCopyTask) gone = NULL;
  g_autoptr(FerryCopyTask) partial = new_task (f, "partial", "cn-east-2", "ims_partial_agency");
  g_autoptr(FerryCopyTask) no_agency = new_task (f, "no-agency", "cn-east-2", "no_such_agency");
  g_autoptr(FerryCopyTask) waiting = new_task (f, "waiting", "cn-east-2", AGENCY);
  g_autoptr(FerryImage) whole = ferry_test_find_image (f->client, f->account, "cn-north-4",
                                                       "whole-csbs");
  g_autoptr(FerryCopyTask) local = NULL;
  g_autoptr(FerryCopyTask) local_whole = NULL;
  g_autoptr(GError) error = NULL;

  gone = ferry_copy_task_new_cross_region (ferry_account_get_domain_id (f->account),
                                           "00000000-0000-0000-0000-000000000000", "deleted",
                                           "cn-north-4",
                                           ferry_test_project_id (f->account, "cn-north-4"),
                                           "cn-east-2", "cn-east-2",
                                           ferry_test_project_id (f->account, "cn-east-2"),
                                           "deleted-copy", NULL, AGENCY, NULL);
  g_assert_true (ferry_copy_queue_add (queue, gone, NULL));
  g_assert_true (ferry_copy_queue_add (queue, partial, NULL));
  g_assert_true (ferry_copy_queue_add (queue, no_agency, NULL));
  g_assert_true (ferry_copy_queue_add (queue, waiting, NULL));

  /* In the region: not for whole images; the others go at once. */
  local = ferry_copy_task_new_in_region (ferry_account_get_domain_id (f->account),
                                         ferry_image_get_id (f->web), "web-server", "cn-north-4",
                                         ferry_test_project_id (f->account, "cn-north-4"),
                                         "web-server-here", NULL, NULL);
  local_whole = ferry_copy_task_new_in_region (ferry_account_get_domain_id (f->account),
                                               ferry_image_get_id (whole), "whole-csbs", "cn-north-4",
                                               ferry_test_project_id (f->account, "cn-north-4"),
                                               "whole-here", NULL, NULL);
  g_assert_true (ferry_copy_queue_add (queue, local, NULL));
  g_assert_true (ferry_copy_queue_add (queue, local_whole, NULL));
  g_assert_cmpuint (ferry_copy_queue_get_position (queue, local_whole), ==, 2);
  {
    g_autoptr(GHashTable) positions = ferry_copy_queue_dup_positions (queue);

    /* In-region tasks have their own line. */
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (positions, ferry_copy_task_get_id (local_whole))),
                      ==, 2);
  }

  /* Queued: it can go, nothing was sent. */
  g_assert_true (ferry_copy_queue_remove (queue, ferry_copy_task_get_id (waiting), &error));
  g_assert_no_error (error);
  g_assert_cmpint (ferry_copy_task_get_state (waiting), ==, FERRY_TASK_STATE_REMOVED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 5);
  g_assert_null (ferry_copy_queue_lookup (queue, ferry_copy_task_get_id (waiting)));
  g_assert_false (ferry_copy_queue_remove (queue, "no-such-task", &error));
  g_assert_error (error, FERRY_COPY_QUEUE_ERROR, FERRY_COPY_QUEUE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  ferry_copy_queue_run (queue);
  wait_for (queue_all_final, queue, 20);

  g_assert_cmpint (ferry_copy_task_get_state (gone), ==, FERRY_TASK_STATE_FAILED);
  g_assert_cmpstr (ferry_copy_task_get_error_code (gone), ==, "IMG.0144");
  g_assert_cmpstr (ferry_copy_task_get_error_sentence (gone), ==, "The image was deleted.");
  g_assert_nonnull (ferry_copy_task_get_hint (gone));

  g_assert_cmpint (ferry_copy_task_get_state (partial), ==, FERRY_TASK_STATE_FAILED);
  g_assert_cmpstr (ferry_copy_task_get_error_code (partial), ==, "IMG.0151");
  g_assert_nonnull (strstr (ferry_copy_task_get_error_sentence (partial), "IMS Administrator"));
  g_assert_nonnull (ferry_copy_task_get_hint (partial));

  g_assert_cmpint (ferry_copy_task_get_state (no_agency), ==, FERRY_TASK_STATE_FAILED);
  g_assert_cmpstr (ferry_copy_task_get_error_code (no_agency), ==, "IMG.0179");

  g_assert_cmpint (ferry_copy_task_get_state (local_whole), ==, FERRY_TASK_STATE_FAILED);
  g_assert_nonnull (ferry_copy_task_get_error_sentence (local_whole));
  /* The rule of ferry-rules, with the code the service gives. */
  g_assert_cmpstr (ferry_copy_task_get_error_code (local_whole), ==, "IMG.0130");
  assert_done_once (f, local);

  /* Nothing refused went to the service. */
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, CROSS_REGION_POST), ==, 0);
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, IN_REGION_POST), ==, 1);

  /* No cancel for what is over; no retry for what cannot be copied. */
  g_assert_false (ferry_copy_queue_remove (queue, ferry_copy_task_get_id (partial), &error));
  g_assert_error (error, FERRY_COPY_QUEUE_ERROR, FERRY_COPY_QUEUE_ERROR_FINISHED);
  g_clear_error (&error);
  g_assert_false (ferry_copy_queue_retry (queue, ferry_copy_task_get_id (gone), &error));
  g_assert_error (error, FERRY_COPY_QUEUE_ERROR, FERRY_COPY_QUEUE_ERROR_POINTLESS);
  g_clear_error (&error);

  /* A retry goes through the rules again, and fails the same way. */
  g_assert_true (ferry_copy_queue_retry (queue, ferry_copy_task_get_id (partial), &error));
  g_assert_no_error (error);
  g_assert_cmpint (ferry_copy_task_get_state (partial), ==, FERRY_TASK_STATE_QUEUED);
  g_assert_null (ferry_copy_task_get_error_code (partial));
  wait_for (queue_all_final, queue, 20);
  g_assert_cmpstr (ferry_copy_task_get_error_code (partial), ==, "IMG.0151");
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, CROSS_REGION_POST), ==, 0);

  g_assert_true (ferry_copy_queue_clear_finished (queue, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (store)), ==, 0);
  ferry_copy_queue_stop (queue);
}

/* The destination's image quota, raced */

static char *
copy_outside (Fixture     *f,
              const char  *name,
              GError     **error)
{
  FerryCrossRegionCopy copy = { .name = name, .region = "cn-east-2", .project_name = "cn-east-2",
                                .agency_name = AGENCY };

  ferry_ims_cross_region_copy_async (f->client, "cn-north-4",
                                     ferry_test_project_id (f->account, "cn-north-4"),
                                     ferry_image_get_id (f->web), &copy, NULL, ferry_test_store_cb,
                                     &f->wait);
  return ferry_ims_cross_region_copy_finish (f->client, ferry_test_wait (&f->wait), error);
}

/* Room for one image when the copy is queued; another copy (not
 * Ferry's) takes it before the queue sends ours: the check right before
 * sending holds it with the quota's sentence, and nothing is sent. The
 * sandbox refuses a copy past the quota as the service does, counting a
 * copy accepted and not made yet. */
void
test_quota_raced (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyQueue) queue = new_queue (f, f->client, store, 30);
  g_autoptr(FerryCopyTask) task = new_task (f, "raced", "cn-east-2", AGENCY);
  g_autoptr(FerryCopyPlan) plan = NULL;
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *job_id = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *body = NULL;
  gint64 used;

  answer = ferry_test_sandbox_control (f->sandbox, "POST", "/_sandbox/quota",
                                       "{\"region\": \"cn-east-2\", \"refuse\": false}");
  used = json_object_get_int_member (json_node_get_object (answer), "used");
  body = g_strdup_printf ("{\"region\": \"cn-east-2\", \"quota\": %" G_GINT64_FORMAT "}", used + 1);
  g_clear_pointer (&answer, json_node_unref);
  answer = ferry_test_sandbox_control (f->sandbox, "POST", "/_sandbox/quota", body);

  /* At queue time it fits. */
  plan = ferry_copy_plan_new_for_task (f->client, f->account, store, task);
  ferry_copy_plan_gather_async (plan, NULL, ferry_test_store_cb, &f->wait);
  g_assert_true (ferry_copy_plan_gather_finish (plan, ferry_test_wait (&f->wait), &error));
  g_assert_no_error (error);
  violations = ferry_copy_plan_dup_violations (plan, 0, 0);
  g_assert_cmpuint (violations->len, ==, 0);
  g_assert_true (ferry_copy_queue_add (queue, task, NULL));

  /* Another copy takes the room; one more is refused at once, its place
   * held by the first from the moment it was accepted. */
  job_id = copy_outside (f, "someone-else", &error);
  g_assert_no_error (error);
  g_assert_nonnull (job_id);
  refused = copy_outside (f, "one-too-many", &error);
  g_assert_null (refused);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_FAILED);
  g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "IMG.0015");
  g_clear_error (&error);
  /* Its image made, the project's "used" has it. */
  ferry_test_sandbox_advance_clock (f->sandbox, 2);

  ferry_copy_queue_run (queue);
  wait_for (queue_all_final, queue, 20);

  g_assert_cmpint (ferry_copy_task_get_state (task), ==, FERRY_TASK_STATE_FAILED);
  g_assert_cmpstr (ferry_copy_task_get_error_code (task), ==, "IMG.0015");
  g_assert_nonnull (strstr (ferry_copy_task_get_error_sentence (task),
                            "can hold 0 more images; this copy needs 1."));
  g_assert_nonnull (ferry_copy_task_get_hint (task));
  /* Only the other copy and the refused one reached the service. */
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, CROSS_REGION_POST), ==, 2);
  ferry_copy_queue_stop (queue);
}

/* Two processes, each with its own store object and queue */

static gboolean
both_final (gpointer data)
{
  FerryCopyQueue **queues = data;

  return g_list_model_get_n_items (G_LIST_MODEL (queues[0])) == 12 &&
         g_list_model_get_n_items (G_LIST_MODEL (queues[1])) == 12 &&
         queue_all_final (queues[0]) && queue_all_final (queues[1]);
}

void
test_two_processes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store_a = ferry_task_store_new (f->path);
  g_autoptr(FerryTaskStore) store_b = ferry_task_store_new (f->path);
  g_autoptr(FerryClient) client_b = new_client (f, NULL);
  g_autoptr(FerryCopyQueue) a = new_queue (f, f->client, store_a, 15);
  g_autoptr(FerryCopyQueue) b = new_queue (f, client_b, store_b, 15);
  FerryCopyQueue *queues[2] = { a, b };

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("shared-%02u", i);
      g_autoptr(FerryCopyTask) task = new_task (f, name, i % 2 ? "cn-east-2" : "cn-north-1", AGENCY);

      g_assert_true (ferry_copy_queue_add (queues[i % 2], task, NULL));
    }

  ferry_copy_queue_run (a);
  ferry_copy_queue_run (b);
  wait_for (both_final, queues, 50);

  g_assert_cmpint (ferry_test_sandbox_stat (f->sandbox, "max_concurrent_copies"), <=, FERRY_MAX_CONCURRENT_COPIES);
  g_assert_cmpint (ferry_test_sandbox_stat (f->sandbox, "copies_submitted"), ==, 12);
  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (G_LIST_MODEL (a), i);

      assert_done_once (f, task);
    }
  ferry_copy_queue_stop (a);
  ferry_copy_queue_stop (b);
}
