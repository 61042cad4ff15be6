/* test-copy-task.c: a copy task, its form in the tasks file, its wording and its order
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "ferry-copy-task-private.h"
#include "ferry-test-task.h"

static void
test_task_json (void)
{
  g_autoptr(FerryCopyTask) task = ferry_test_new_task ("copy_web");
  g_autoptr(FerryCopyTask) again = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  FerryTaskOwner owner = { 4242, "host.example", "boot-id", "instance-id" };
  FerryJobEndpoint endpoint = FERRY_JOB_ENDPOINT_PROJECT;
  JsonObject *object;

  g_assert_cmpuint (strlen (ferry_copy_task_get_id (task)), ==, 36);
  g_assert_cmpint (ferry_copy_task_get_state (task), ==, FERRY_TASK_STATE_QUEUED);
  g_assert_cmpint (ferry_copy_task_get_kind (task), ==, FERRY_COPY_KIND_CROSS_REGION);
  g_assert_cmpint (ferry_copy_task_get_created_at (task), >, 0);

  ferry_copy_task_set_state (task, FERRY_TASK_STATE_RUNNING);
  ferry_copy_task_set_job_id (task, "job-1");
  ferry_copy_task_set_job_endpoint (task, TRUE, FERRY_JOB_ENDPOINT_CLOUDIMAGES);
  ferry_copy_task_set_fraction (task, 0.375);
  ferry_copy_task_set_current_step (task, "Transferring");
  ferry_copy_task_set_submitted_at (task, G_GINT64_CONSTANT (1764291723000042));
  ferry_copy_task_set_lease_until (task, G_GINT64_CONSTANT (1764291783999999));
  ferry_copy_task_set_attempts (task, 2);
  ferry_copy_task_set_lookups (task, 1);
  ferry_copy_task_set_still_running (task, TRUE);
  ferry_copy_task_set_error (task, "IMG.0149", "too many", "Sentence.", "Hint.");
  ferry_copy_task_set_owner (task, &owner);
  g_assert_cmpstr (ferry_copy_task_get_owner (task), ==, "4242@host.example");

  first = ferry_copy_task_serialize (task);
  object = json_node_get_object (first);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "cross-region");
  g_assert_cmpstr (json_object_get_string_member (object, "state"), ==, "running");
  g_assert_cmpstr (json_object_get_string_member (object, "job_endpoint"), ==, "cloudimages");
  g_assert_cmpstr (json_object_get_string_member (object, "submitted_at"), ==,
                   "2025-11-28T01:02:03.000042Z");
  g_assert_false (json_object_has_member (object, "finished_at"));
  g_assert_false (json_object_has_member (object, "vault_id"));

  again = ferry_copy_task_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_copy_task_get_id (again), ==, ferry_copy_task_get_id (task));
  g_assert_cmpint (ferry_copy_task_get_submitted_at (again), ==, G_GINT64_CONSTANT (1764291723000042));
  g_assert_cmpint (ferry_copy_task_get_lease_until (again), ==, G_GINT64_CONSTANT (1764291783999999));
  g_assert_cmpint (ferry_copy_task_get_created_at (again), ==, ferry_copy_task_get_created_at (task));
  g_assert_true (ferry_copy_task_get_job_endpoint (again, &endpoint));
  g_assert_cmpint (endpoint, ==, FERRY_JOB_ENDPOINT_CLOUDIMAGES);
  g_assert_cmpfloat (ferry_copy_task_get_fraction (again), ==, 0.375);
  g_assert_cmpuint (ferry_copy_task_get_lookups (again), ==, 1);
  g_assert_true (ferry_copy_task_get_still_running (again));
  g_assert_cmpstr (ferry_copy_task_get_hint (again), ==, "Hint.");
  g_assert_cmpstr (ferry_copy_task_get_owner (again), ==, "4242@host.example");

  second = ferry_copy_task_serialize (again);
  text = json_to_string (first, TRUE);
  text2 = json_to_string (second, TRUE);
  g_assert_cmpstr (text, ==, text2);

  /* In-region tasks have no destination project name, maybe a key. */
  {
    g_autoptr(FerryCopyTask) local = ferry_copy_task_new_in_region (FERRY_TEST_DOMAIN, "image", "web", "cn-north-4",
                                                                    "project", "web-copy", NULL, "kms-key");
    g_autoptr(JsonNode) node = ferry_copy_task_serialize (local);

    g_assert_cmpint (ferry_copy_task_get_kind (local), ==, FERRY_COPY_KIND_IN_REGION);
    g_assert_cmpstr (ferry_copy_task_get_destination_region (local), ==, "cn-north-4");
    g_assert_null (ferry_copy_task_get_destination_project_name (local));
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "kind"), ==, "in-region");
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "cmk_id"), ==, "kms-key");
  }
}

static void
test_task_invalid (void)
{
  static const char * const bad[] = {
    "{\"kind\": \"cross-region\", \"state\": \"queued\", \"image_id\": \"i\", \"source_region\": \"a\","
    " \"destination_region\": \"b\", \"name\": \"n\"}",                                   /* no id */
    "{\"id\": \"x\", \"kind\": \"cross-region\", \"state\": \"paused\", \"image_id\": \"i\","
    " \"source_region\": \"a\", \"destination_region\": \"b\", \"name\": \"n\"}",          /* state */
    "{\"id\": \"x\", \"kind\": \"sideways\", \"state\": \"queued\", \"image_id\": \"i\","
    " \"source_region\": \"a\", \"destination_region\": \"b\", \"name\": \"n\"}",          /* kind */
    "{\"id\": \"x\", \"kind\": \"in-region\", \"state\": \"queued\", \"image_id\": \"i\","
    " \"source_region\": \"a\", \"destination_region\": \"b\", \"name\": \"n\", \"created_at\": \"yesterday\"}",
    "{\"id\": \"x\", \"kind\": \"in-region\", \"state\": \"queued\", \"image_id\": \"i\","
    " \"source_region\": \"a\", \"destination_region\": \"b\", \"name\": \"n\", \"fraction\": 2}",
    "{\"id\": \"x\", \"kind\": \"in-region\", \"state\": \"queued\", \"image_id\": \"i\","
    " \"source_region\": \"a\", \"destination_region\": \"b\", \"name\": \"n\", \"owner\": {\"host\": \"h\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);
      g_autoptr(FerryCopyTask) task = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (node);
      task = ferry_copy_task_new_from_json (json_node_get_object (node), &error);
      g_assert_null (task);
      g_assert_nonnull (error);
    }

  /* Unknown members are a newer Ferry's business. */
  {
    g_autoptr(JsonNode) node = json_from_string ("{\"id\": \"x\", \"kind\": \"in-region\", \"state\": \"done\","
                                                 " \"image_id\": \"i\", \"source_region\": \"a\","
                                                 " \"destination_region\": \"a\", \"name\": \"n\","
                                                 " \"colour\": \"blue\"}", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(FerryCopyTask) task = ferry_copy_task_new_from_json (json_node_get_object (node), &error);

    g_assert_no_error (error);
    g_assert_cmpint (ferry_copy_task_get_state (task), ==, FERRY_TASK_STATE_DONE);
  }
}

static void
test_task_labels (void)
{
  static const char * const labels[] = {
    "Queued", "Submitting", "Copying", "Finishing", "Done", "Failed", "Removed",
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    g_assert_cmpstr (ferry_task_state_to_label (i), ==, labels[i]);
  g_assert_true (ferry_task_state_is_final (FERRY_TASK_STATE_DONE));
  g_assert_false (ferry_task_state_is_final (FERRY_TASK_STATE_FINISHING));
}

static gint
compare_listed (gconstpointer a,
                gconstpointer b)
{
  return ferry_copy_task_compare_for_list (*(FerryCopyTask **) a, *(FerryCopyTask **) b);
}

/* One order for people: moving, then the line in turn, then finished
 * newest first; total, so a sort never depends on where tasks started. */
static void
test_task_list_order (void)
{
  g_autoptr(FerryCopyTask) done_old = ferry_test_new_task ("done_old");
  g_autoptr(FerryCopyTask) done_new = ferry_test_new_task ("done_new");
  g_autoptr(FerryCopyTask) failed = ferry_test_new_task ("failed");
  g_autoptr(FerryCopyTask) first = ferry_test_new_task ("first_in_line");
  g_autoptr(FerryCopyTask) second = ferry_test_new_task ("second_in_line");
  g_autoptr(FerryCopyTask) running = ferry_test_new_task ("running");
  g_autoptr(FerryCopyTask) unknown = ferry_test_new_task ("unknown");
  g_autoptr(GPtrArray) tasks = g_ptr_array_new ();
  FerryCopyTask *expected[] = { unknown, running, first, second, failed, done_new, done_old };
  gint64 now = g_get_real_time ();

  ferry_copy_task_set_state (done_old, FERRY_TASK_STATE_DONE);
  ferry_copy_task_set_finished_at (done_old, now - 300 * G_USEC_PER_SEC);
  ferry_copy_task_set_state (done_new, FERRY_TASK_STATE_DONE);
  ferry_copy_task_set_finished_at (done_new, now - 100 * G_USEC_PER_SEC);
  ferry_copy_task_set_state (failed, FERRY_TASK_STATE_FAILED);
  ferry_copy_task_set_finished_at (failed, now - 10 * G_USEC_PER_SEC);
  /* The line goes by queued_at, not by creation. */
  ferry_copy_task_set_queued_at (first, now - 50 * G_USEC_PER_SEC);
  ferry_copy_task_set_queued_at (second, now - 40 * G_USEC_PER_SEC);
  ferry_copy_task_set_state (running, FERRY_TASK_STATE_RUNNING);
  ferry_copy_task_set_submitted_at (running, now - 20 * G_USEC_PER_SEC);
  ferry_copy_task_set_state (unknown, FERRY_TASK_STATE_OUTCOME_UNKNOWN);
  ferry_copy_task_set_submitted_at (unknown, now - 30 * G_USEC_PER_SEC);

  g_ptr_array_add (tasks, done_old);
  g_ptr_array_add (tasks, second);
  g_ptr_array_add (tasks, done_new);
  g_ptr_array_add (tasks, running);
  g_ptr_array_add (tasks, first);
  g_ptr_array_add (tasks, failed);
  g_ptr_array_add (tasks, unknown);
  for (guint round = 0; round < 2; round++)
    {
      g_ptr_array_sort (tasks, compare_listed);
      for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
        g_assert_cmpstr (ferry_copy_task_get_name (g_ptr_array_index (tasks, i)), ==,
                         ferry_copy_task_get_name (expected[i]));
      /* Backwards in, the same out. */
      for (guint i = 0; i < tasks->len / 2; i++)
        {
          gpointer t = tasks->pdata[i];

          tasks->pdata[i] = tasks->pdata[tasks->len - 1 - i];
          tasks->pdata[tasks->len - 1 - i] = t;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (ferry_copy_task_compare_for_list (expected[i], expected[i]), ==, 0);
}

/* The steps Ferry knows are translated (here: English, as written); any
 * other is shown as the service wrote it, said to be the service's. */
static void
test_task_steps (void)
{
  g_autofree char *known = ferry_job_dup_step_text ("Transferring the image to the destination region");
  g_autofree char *other = ferry_job_dup_step_text ("Frobnicating the image");

  g_assert_cmpstr (ferry_job_step_lookup ("Registering the new image"), ==, "Registering the new image");
  g_assert_null (ferry_job_step_lookup ("Frobnicating the image"));
  g_assert_null (ferry_job_step_lookup (NULL));
  g_assert_cmpstr (known, ==, "Step: Transferring the image to the destination region");
  g_assert_cmpstr (other, ==, "Step reported by the service: Frobnicating the image");
  g_assert_null (ferry_job_dup_step_text (""));
  g_assert_null (ferry_job_dup_step_text (NULL));
}

static void
test_task_elapsed (void)
{
  g_autoptr(FerryCopyTask) task = ferry_test_new_task ("copy_web");
  gint64 now = g_get_real_time ();

  /* Queued: since creation. */
  g_assert_cmpint (ferry_copy_task_get_elapsed (task), <=, 1);

  ferry_copy_task_set_state (task, FERRY_TASK_STATE_RUNNING);
  ferry_copy_task_set_submitted_at (task, now - 90 * G_USEC_PER_SEC);
  g_assert_cmpint (ferry_copy_task_get_elapsed (task), >=, 90);
  g_assert_cmpint (ferry_copy_task_get_elapsed (task), <=, 91);

  /* Finished: stops counting. */
  ferry_copy_task_set_state (task, FERRY_TASK_STATE_DONE);
  ferry_copy_task_set_finished_at (task, now - 30 * G_USEC_PER_SEC);
  g_assert_cmpint (ferry_copy_task_get_elapsed (task), ==, 60);
}

/* What changes a task's revision: every change of a member, and only
 * that, whoever makes it. */
static void
test_task_revision (void)
{
  g_autoptr(FerryCopyTask) task = ferry_test_new_task ("copy_web");
  g_autoptr(FerryCopyTask) other = ferry_test_new_task ("copy_web");
  g_autoptr(FerryCopyTask) twin = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_tag_failure_free);
  FerryTaskOwner owner = { 4242, "host.example", "boot-id", "instance-id" };
  guint64 first = ferry_copy_task_get_revision (task);

#define CHANGES(call) G_STMT_START { \
    guint64 before_ = ferry_copy_task_get_revision (task); \
    call; \
    g_assert_cmpuint (ferry_copy_task_get_revision (task), >, before_); \
  } G_STMT_END
#define KEEPS(call) G_STMT_START { \
    guint64 before_ = ferry_copy_task_get_revision (task); \
    call; \
    g_assert_cmpuint (ferry_copy_task_get_revision (task), ==, before_); \
  } G_STMT_END

  /* No two tasks share one. */
  g_assert_cmpuint (first, !=, 0);
  g_assert_cmpuint (ferry_copy_task_get_revision (other), !=, first);

  /* Setting what is there already is no change. */
  KEEPS (ferry_copy_task_set_state (task, FERRY_TASK_STATE_QUEUED));
  KEEPS (ferry_copy_task_set_job_id (task, NULL));
  KEEPS (ferry_copy_task_set_job_id (task, ""));
  KEEPS (ferry_copy_task_set_fraction (task, 0.0));
  KEEPS (ferry_copy_task_set_attempts (task, 0));
  KEEPS (ferry_copy_task_set_lookups (task, 0));
  KEEPS (ferry_copy_task_set_owner (task, NULL));
  KEEPS (ferry_copy_task_set_error (task, NULL, NULL, NULL, NULL));
  KEEPS (ferry_copy_task_set_tags_outcome (task, FALSE, 0, NULL));
  KEEPS (ferry_copy_task_set_copy_tags (task, TRUE));
  KEEPS (ferry_copy_task_set_job_endpoint (task, FALSE, FERRY_JOB_ENDPOINT_PROJECT));
  KEEPS (ferry_copy_task_set_queued_at (task, ferry_copy_task_get_queued_at (task)));
  g_assert_cmpuint (ferry_copy_task_get_revision (task), ==, first);

  /* Every member the file holds. */
  CHANGES (ferry_copy_task_set_state (task, FERRY_TASK_STATE_RUNNING));
  CHANGES (ferry_copy_task_set_job_id (task, "job-1"));
  CHANGES (ferry_copy_task_set_job_endpoint (task, TRUE, FERRY_JOB_ENDPOINT_PROJECT));
  CHANGES (ferry_copy_task_set_job_endpoint (task, TRUE, FERRY_JOB_ENDPOINT_CLOUDIMAGES));
  CHANGES (ferry_copy_task_set_new_image_id (task, "image-2"));
  CHANGES (ferry_copy_task_set_fraction (task, 0.5));
  CHANGES (ferry_copy_task_set_current_step (task, "Transferring"));
  CHANGES (ferry_copy_task_set_queued_at (task, 1));
  CHANGES (ferry_copy_task_set_submitted_at (task, 2));
  CHANGES (ferry_copy_task_set_finished_at (task, 3));
  CHANGES (ferry_copy_task_set_last_progress_at (task, 4));
  CHANGES (ferry_copy_task_set_next_attempt_at (task, 5));
  CHANGES (ferry_copy_task_set_lease_until (task, 6));
  CHANGES (ferry_copy_task_set_attempts (task, 1));
  CHANGES (ferry_copy_task_set_lookups (task, 1));
  CHANGES (ferry_copy_task_set_still_running (task, TRUE));
  CHANGES (ferry_copy_task_set_error (task, NULL, NULL, NULL, "Hint."));
  CHANGES (ferry_copy_task_set_tags_pending (task, TRUE));
  CHANGES (ferry_copy_task_set_tags_outcome (task, TRUE, 0, NULL));
  g_ptr_array_add (failures, ferry_tag_failure_new ("env", "TMS.0002", "too many tags"));
  CHANGES (ferry_copy_task_set_tags_outcome (task, TRUE, 0, failures));
  CHANGES (ferry_copy_task_set_copy_tags (task, FALSE));
  CHANGES (ferry_copy_task_set_owner (task, &owner));
  owner.instance = "another-instance";
  CHANGES (ferry_copy_task_set_owner (task, &owner));
  KEEPS (ferry_copy_task_set_owner (task, &owner));

  /* Taken from another task: only what differs is a change. */
  node = ferry_copy_task_serialize (task);
  twin = ferry_copy_task_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_copy_task_get_revision (twin), !=, ferry_copy_task_get_revision (task));
  KEEPS (ferry_copy_task_update_from (task, twin));
  ferry_copy_task_set_fraction (twin, 0.75);
  CHANGES (ferry_copy_task_update_from (task, twin));
  g_assert_cmpfloat (ferry_copy_task_get_fraction (task), ==, 0.75);
  KEEPS (ferry_copy_task_update_from (task, twin));

#undef CHANGES
#undef KEEPS
}

/* Store */

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/task/json", test_task_json);
  g_test_add_func ("/task/invalid", test_task_invalid);
  g_test_add_func ("/task/labels", test_task_labels);
  g_test_add_func ("/task/elapsed", test_task_elapsed);
  g_test_add_func ("/task/list-order", test_task_list_order);
  g_test_add_func ("/task/steps", test_task_steps);
  g_test_add_func ("/task/revision", test_task_revision);

  return g_test_run ();
}
