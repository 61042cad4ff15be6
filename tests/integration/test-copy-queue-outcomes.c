/* test-copy-queue-outcomes.c: answers that fail, are lost or never come, and
 * copies the service fails: outcomes unknown and decided
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "test-copy-queue.h"

/* 503s, 429s and answers lost on the way back */

void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyQueue) queue = new_queue (f, f->client, store, 60);
  guint attempts = 0;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("faulty-%u", i);
      g_autoptr(FerryCopyTask) task = new_task (f, name, "cn-east-2", AGENCY);

      g_assert_true (ferry_copy_queue_add (queue, task, NULL));
    }

  ferry_copy_queue_run (queue);
  /* A 503 to a copy request leaves its outcome unknown: the sandbox's
   * 503s are answered before anything is done, so submitting again is
   * what a user who checked would decide. */
  do
    wait_for (queue_all_settled, queue, 45);
  while (decide_unknown (queue, FERRY_COPY_DECISION_SUBMIT_AGAIN) > 0);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (G_LIST_MODEL (queue), i);

      assert_done_once (f, task);
      attempts += ferry_copy_task_get_attempts (task);
    }

  /* Each copy was made exactly once, whatever was sent. */
  g_assert_cmpint (ferry_test_sandbox_stat (f->sandbox, "copies_submitted"), ==, 3);
  g_test_message ("3 copies under faults: %u submissions, %" G_GINT64_FORMAT " copy requests received",
                  attempts, ferry_test_sandbox_route_count (f->sandbox, CROSS_REGION_POST));
  ferry_copy_queue_stop (queue);
}

/* Answers that never come: a copy made whose answer was lost, and a 503
 * for a copy that was not made */

void
test_lost_answers (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autofree char *endpoint = start_proxy (f, "du");
  g_autoptr(FerryClient) client = new_client (f, endpoint);
  g_autoptr(FerryCopyQueue) queue = new_queue (f, client, store, 60);
  guint attempts = 0;

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("lost-answer-%u", i);
      g_autoptr(FerryCopyTask) task = new_task (f, name, "cn-east-2", AGENCY);

      g_assert_true (ferry_copy_queue_add (queue, task, NULL));
    }
  ferry_copy_queue_run (queue);
  wait_for (queue_all_settled, queue, 30);

  /* The 503's copy was not found: its outcome is unknown, and it was not
   * sent again by itself. */
  g_assert_cmpuint (f->posts, ==, 2);
  g_assert_cmpuint (decide_unknown (queue, FERRY_COPY_DECISION_SUBMIT_AGAIN), ==, 1);
  wait_for (queue_all_final, queue, 30);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (G_LIST_MODEL (queue), i);

      assert_done_once (f, task);
      attempts += ferry_copy_task_get_attempts (task);
    }

  /* The lost answer was found in the destination, not sent again; the
   * 503 was sent again once the user said so. */
  g_assert_cmpuint (f->posts, ==, 3);
  g_assert_cmpuint (attempts, ==, 3);
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, CROSS_REGION_POST), ==, 2);
  g_assert_cmpint (ferry_test_sandbox_stat (f->sandbox, "copies_submitted"), ==, 2);
  ferry_copy_queue_stop (queue);
}

/* The answer to a copy that was made is lost: the copy is found, and
 * followed; nothing is sent again. */
void
test_lost_answer_copy_exists (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autofree char *endpoint = NULL;
  g_autoptr(FerryClient) client = NULL;
  g_autoptr(FerryCopyQueue) queue = NULL;
  g_autoptr(FerryCopyTask) task = new_task (f, "answer-lost", "cn-east-2", AGENCY);
  gboolean other_origin = GPOINTER_TO_INT (((const Options *) data)->fail_rate < 0);

  /* With @other_origin, the destination lists the copy with origin
   * members that name nothing the queue knows: the documented members
   * (name, project, creation time) are enough. */
  f->other_origin = other_origin;
  endpoint = start_proxy (f, "d");
  client = new_client (f, endpoint);
  queue = new_queue (f, client, store, 60);

  g_assert_true (ferry_copy_queue_add (queue, task, NULL));
  ferry_copy_queue_run (queue);
  wait_for (queue_all_settled, queue, 30);

  assert_done_once (f, task);
  g_assert_cmpuint (f->posts, ==, 1);
  g_assert_cmpuint (ferry_copy_task_get_attempts (task), ==, 1);
  g_assert_cmpint (ferry_test_sandbox_stat (f->sandbox, "copies_submitted"), ==, 1);
  ferry_copy_queue_stop (queue);
}

static gboolean
task_unknown (gpointer data)
{
  return ferry_copy_task_get_state (data) == FERRY_TASK_STATE_OUTCOME_UNKNOWN;
}

/* The copy request got a 503 and nothing was made: the queue looks, does
 * not find it, and never sends it again by itself, not after waiting, not
 * after a restart; the user decides. */
void
test_lost_answer_no_copy (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autofree char *endpoint = start_proxy (f, "u");
  g_autoptr(FerryClient) client = new_client (f, endpoint);
  g_autoptr(FerryCopyQueue) queue = new_queue (f, client, store, 120);
  g_autoptr(FerryCopyTask) task = new_task (f, "never-made", "cn-east-2", AGENCY);
  g_autoptr(FerryTaskStore) store2 = NULL;
  g_autoptr(FerryCopyQueue) queue2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *search = NULL;
  g_autofree char *text = NULL;
  FerryCopyTask *again;
  gint64 lookups;

  g_assert_true (ferry_copy_queue_add (queue, task, NULL));
  ferry_copy_queue_run (queue);
  wait_for (task_unknown, task, 30);

  g_assert_cmpuint (f->posts, ==, 1);
  g_assert_null (ferry_copy_task_get_owner (task));
  g_assert_cmpstr (ferry_copy_task_get_error_code (task), ==, "APIGW.0201");
  g_assert_nonnull (ferry_copy_task_get_error_sentence (task));
  g_assert_nonnull (ferry_copy_task_get_hint (task));
  g_assert_true (ferry_copy_queue_is_idle (queue));
  g_assert_cmpuint (ferry_copy_queue_get_n_in_flight (queue), ==, 0);
  /* What was looked for, in words. */
  search = ferry_copy_queue_dup_search_text (queue, task);
  g_test_message ("%s", search);
  g_assert_nonnull (strstr (search, "“never-made”"));
  g_assert_nonnull (strstr (search, "CN East-Shanghai2"));
  g_assert_nonnull (strstr (search, ferry_image_get_id (f->web)));
  /* Saved as such, in a format an older Ferry refuses rather than misreads. */
  g_assert_true (g_file_get_contents (f->path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"outcome-unknown\""));
  g_assert_nonnull (strstr (text, "\"format\" : 2"));

  /* Time passes: nothing is sent, nothing looked up. */
  lookups = ferry_test_sandbox_route_count (f->sandbox, IMAGES_GET);
  {
    gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpuint (f->posts, ==, 1);
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, IMAGES_GET), ==, lookups);
  ferry_copy_queue_stop (queue);

  /* Across a restart: the same. */
  store2 = ferry_task_store_new (f->path);
  queue2 = new_queue (f, client, store2, 120);
  g_assert_true (ferry_copy_queue_load (queue2, &error));
  g_assert_no_error (error);
  again = ferry_copy_queue_lookup (queue2, ferry_copy_task_get_id (task));
  g_assert_cmpint (ferry_copy_task_get_state (again), ==, FERRY_TASK_STATE_OUTCOME_UNKNOWN);
  ferry_copy_queue_run (queue2);
  {
    gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpint (ferry_copy_task_get_state (again), ==, FERRY_TASK_STATE_OUTCOME_UNKNOWN);
  g_assert_cmpuint (f->posts, ==, 1);

  /* Look again: one more look-up, still nothing, still unknown. */
  g_assert_true (ferry_copy_queue_decide (queue2, ferry_copy_task_get_id (task),
                                          FERRY_COPY_DECISION_LOOK_AGAIN, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ferry_copy_task_get_state (again), ==, FERRY_TASK_STATE_SUBMITTING);
  wait_for (task_unknown, again, 20);
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, IMAGES_GET), ==, lookups + 1);
  g_assert_cmpuint (f->posts, ==, 1);

  /* Only a copy of unknown outcome takes a decision. */
  g_assert_false (ferry_copy_queue_decide (queue2, "no-such-task", FERRY_COPY_DECISION_LOOK_AGAIN, &error));
  g_assert_error (error, FERRY_COPY_QUEUE_ERROR, FERRY_COPY_QUEUE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Submit again: sent once more, and made. */
  g_assert_true (ferry_copy_queue_decide (queue2, ferry_copy_task_get_id (task),
                                          FERRY_COPY_DECISION_SUBMIT_AGAIN, &error));
  g_assert_no_error (error);
  wait_for (queue_all_final, queue2, 30);
  assert_done_once (f, again);
  g_assert_cmpuint (f->posts, ==, 2);
  g_assert_cmpuint (ferry_copy_task_get_attempts (again), ==, 2);
  g_assert_cmpint (ferry_test_sandbox_stat (f->sandbox, "copies_submitted"), ==, 1);
  g_assert_false (ferry_copy_queue_decide (queue2, ferry_copy_task_get_id (task),
                                           FERRY_COPY_DECISION_SUBMIT_AGAIN, &error));
  g_assert_error (error, FERRY_COPY_QUEUE_ERROR, FERRY_COPY_QUEUE_ERROR_NOT_UNKNOWN);
  ferry_copy_queue_stop (queue2);
}

/* The service fails the copy (the sandbox's job-fail-rate): the task
 * fails with the service's code and words, and a retry makes it again */

void
test_job_failed (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyQueue) queue = new_queue (f, f->client, store, 30);
  g_autoptr(FerryCopyTask) task = new_task (f, "failed-by-the-service", "cn-east-2", AGENCY);
  g_autoptr(GError) error = NULL;
  g_autofree char *failed_image = NULL;

  g_object_set (f->sandbox, "job-fail-rate", 1.0, NULL);
  g_assert_true (ferry_copy_queue_add (queue, task, NULL));
  ferry_copy_queue_run (queue);
  wait_for (queue_all_settled, queue, 30);

  g_assert_cmpint (ferry_copy_task_get_state (task), ==, FERRY_TASK_STATE_FAILED);
  g_assert_cmpstr (ferry_copy_task_get_error_code (task), ==, "IMG.0014");
  g_assert_cmpstr (ferry_copy_task_get_error_message (task), ==,
                   "An exception occurred when IaaS OpenStack was executing the task.");
  g_assert_nonnull (ferry_copy_task_get_error_sentence (task));
  g_assert_nonnull (ferry_copy_task_get_hint (task));
  g_assert_null (ferry_copy_task_get_owner (task));
  g_assert_true (ferry_copy_task_can_retry (task));
  failed_image = g_strdup (ferry_copy_task_get_new_image_id (task));
  g_assert_nonnull (failed_image);
  g_assert_cmpint (ferry_test_sandbox_stat (f->sandbox, "copies_submitted"), ==, 1);

  /* Retried once the service is well again: a second request, a new copy. */
  g_object_set (f->sandbox, "job-fail-rate", 0.0, NULL);
  g_assert_true (ferry_copy_queue_retry (queue, ferry_copy_task_get_id (task), &error));
  g_assert_no_error (error);
  wait_for (queue_all_final, queue, 30);
  g_assert_cmpint (ferry_copy_task_get_state (task), ==, FERRY_TASK_STATE_DONE);
  g_assert_cmpstr (ferry_copy_task_get_new_image_id (task), !=, failed_image);
  g_assert_cmpuint (ferry_copy_task_get_attempts (task), ==, 2);
  g_assert_null (ferry_copy_task_get_error_code (task));
  g_assert_cmpint (ferry_test_sandbox_stat (f->sandbox, "copies_submitted"), ==, 2);
  /* The failed copy's image is killed, the new one active: one of each. */
  g_assert_cmpuint (count_images (f, "cn-east-2", "failed-by-the-service"), ==, 2);
  ferry_copy_queue_stop (queue);
}
