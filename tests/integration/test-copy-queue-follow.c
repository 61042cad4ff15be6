/* test-copy-queue-follow.c: following a submitted copy: after a crash, its tags,
 * long copies
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "test-copy-queue.h"

/* Crashes between the request and the saved answer */

static gint64
dead_pid (void)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "true", NULL };
  GPid pid = 0;
  int status;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return pid;
}

static void
insert_cb (FerryTaskStore *store,
           gpointer        user_data)
{
  ferry_task_store_insert (store, user_data);
}

/* What a process killed after saving SUBMITTING leaves in the file: its
 * lease still runs, but it is dead. */
static void
leave_submitting (Fixture       *f,
                  FerryCopyTask *task)
{
  g_autoptr(FerryTaskStore) crashed = ferry_task_store_new (f->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *boot_id = NULL;
  gint64 now = g_get_real_time ();
  FerryTaskOwner owner = { dead_pid (), g_get_host_name (), NULL, "crashed-instance" };

  if (g_file_get_contents ("/proc/sys/kernel/random/boot_id", &boot_id, NULL, NULL))
    owner.boot_id = g_strstrip (boot_id);

  ferry_copy_task_set_state (task, FERRY_TASK_STATE_SUBMITTING);
  ferry_copy_task_set_submitted_at (task, now);
  ferry_copy_task_set_attempts (task, 1);
  ferry_copy_task_set_owner (task, &owner);
  ferry_copy_task_set_lease_until (task, now + 60 * G_USEC_PER_SEC);
  g_assert_true (ferry_task_store_update (crashed, insert_cb, task, &error));
  g_assert_no_error (error);
}

void
test_resume_copy_made (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyQueue) queue = new_queue (f, f->client, store, 30);
  g_autoptr(FerryCopyTask) task = new_task (f, "crashed-after-sending", "cn-east-2", AGENCY);
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *job_id = NULL;
  FerryCopyTask *resumed;

  /* The request reached the service; the process died before the answer
   * was saved. */
  job_id = copy_directly (f, "crashed-after-sending", &error);
  g_assert_no_error (error);
  leave_submitting (f, task);

  g_assert_true (ferry_copy_queue_load (queue, &error));
  g_assert_no_error (error);
  resumed = ferry_copy_queue_lookup (queue, ferry_copy_task_get_id (task));
  g_assert_nonnull (resumed);
  g_assert_cmpint (ferry_copy_task_get_state (resumed), ==, FERRY_TASK_STATE_SUBMITTING);
  g_assert_cmpuint (ferry_copy_queue_get_n_in_flight (queue), ==, 1);

  ferry_copy_queue_run (queue);
  wait_for (queue_all_final, queue, 30);

  assert_done_once (f, resumed);
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, CROSS_REGION_POST), ==, 1);
  g_assert_cmpint (ferry_test_sandbox_stat (f->sandbox, "copies_submitted"), ==, 1);
  g_assert_cmpuint (ferry_copy_task_get_attempts (resumed), ==, 1);

  /* It is the copy the lost answer was about. */
  ferry_ims_get_job_async (f->client, "cn-north-4",
                           ferry_test_project_id (f->account, "cn-north-4"), job_id,
                           FERRY_JOB_ENDPOINT_PROJECT, NULL, ferry_test_store_cb, &f->wait);
  job = ferry_ims_get_job_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_copy_task_get_new_image_id (resumed), ==, ferry_job_get_image_id (job));
  ferry_copy_queue_stop (queue);
}

void
test_resume_never_sent (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyQueue) queue = new_queue (f, f->client, store, 120);
  g_autoptr(FerryCopyTask) task = new_task (f, "crashed-before-sending", "cn-east-2", AGENCY);
  FerryCopyTask *resumed;

  /* Killed after saving SUBMITTING, before the request left. */
  leave_submitting (f, task);

  g_assert_true (ferry_copy_queue_load (queue, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 1);
  ferry_copy_queue_run (queue);
  wait_for (queue_all_settled, queue, 30);

  resumed = ferry_copy_queue_lookup (queue, ferry_copy_task_get_id (task));
  /* The grace period found nothing, but nothing proves it was never
   * sent: the user decides, and nothing was sent meanwhile. */
  g_assert_cmpint (ferry_copy_task_get_state (resumed), ==, FERRY_TASK_STATE_OUTCOME_UNKNOWN);
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, CROSS_REGION_POST), ==, 0);
  g_assert_cmpuint (decide_unknown (queue, FERRY_COPY_DECISION_SUBMIT_AGAIN), ==, 1);
  wait_for (queue_all_final, queue, 30);
  assert_done_once (f, resumed);
  /* Sent once, after the grace period showed it had never arrived. */
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, CROSS_REGION_POST), ==, 1);
  g_assert_cmpuint (ferry_copy_task_get_attempts (resumed), ==, 2);
  ferry_copy_queue_stop (queue);
}

/* Tags travel with the copy */

#define TAGS_GET          "GET /v2/{project_id}/images/{image_id}/tags"
#define TAGS_BATCH_POST   "POST /v2/{project_id}/images/{image_id}/tags/action"
#define TAG_POST          "POST /v2/{project_id}/images/{image_id}/tags"

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* "key=value" of every tag of an image, sorted, joined by commas. */
static char *
image_tags (Fixture    *f,
            const char *region,
            const char *image_id)
{
  g_autoptr(GListModel) tags = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  ferry_ims_list_image_tags_async (f->client, region, ferry_test_project_id (f->account, region),
                                   image_id, NULL,
                                   ferry_test_store_cb, &f->wait);
  tags = ferry_ims_list_image_tags_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(FerryImageTag) tag = g_list_model_get_item (tags, i);

      g_ptr_array_add (texts, g_strdup_printf ("%s=%s", ferry_image_tag_get_key (tag),
                                               ferry_image_tag_get_value (tag)));
    }
  g_ptr_array_sort (texts, compare_strings);
  g_ptr_array_add (texts, NULL);
  return g_strjoinv (",", (char **) texts->pdata);
}

static FerryCopyTask *
new_task_of (Fixture    *f,
             FerryImage *image,
             const char *name,
             const char *destination)
{
  return ferry_copy_task_new_cross_region (ferry_account_get_domain_id (f->account),
                                           ferry_image_get_id (image),
                                           ferry_image_get_name (image),
                                           "cn-north-4",
                                           ferry_test_project_id (f->account, "cn-north-4"),
                                           destination, destination,
                                           ferry_test_project_id (f->account, destination),
                                           name, NULL, AGENCY, NULL);
}

void
test_tags_copied (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyQueue) queue = new_queue (f, f->client, store, 30);
  g_autoptr(FerryCopyTask) tagged = new_task (f, "with-tags", "cn-east-2", AGENCY);
  g_autoptr(FerryCopyTask) bare = new_task (f, "without-tags", "cn-south-1", AGENCY);
  g_autoptr(FerryTaskStore) reread = NULL;
  g_autofree char *tags = NULL;
  GPtrArray *failures = NULL;
  guint copied = 0;

  ferry_copy_task_set_copy_tags (bare, FALSE);
  g_assert_true (ferry_copy_queue_add (queue, tagged, NULL));
  g_assert_true (ferry_copy_queue_add (queue, bare, NULL));
  ferry_copy_queue_run (queue);
  wait_for (queue_all_final, queue, 30);

  assert_done_once (f, tagged);
  g_assert_true (ferry_copy_task_get_tags_outcome (tagged, &copied, &failures));
  g_assert_cmpuint (copied, ==, 3);
  g_assert_cmpuint (failures->len, ==, 0);
  g_assert_false (ferry_copy_task_get_tags_pending (tagged));
  tags = image_tags (f, "cn-east-2", ferry_copy_task_get_new_image_id (tagged));
  g_assert_cmpstr (tags, ==, "cost-center=cc-1024,env=production,owner=web-team");

  /* --no-copy-tags: the copy is done, with no tag and no tag call. */
  assert_done_once (f, bare);
  g_assert_false (ferry_copy_task_get_tags_outcome (bare, NULL, NULL));
  g_clear_pointer (&tags, g_free);
  tags = image_tags (f, "cn-south-1", ferry_copy_task_get_new_image_id (bare));
  g_assert_cmpstr (tags, ==, "");
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, TAGS_BATCH_POST), ==, 1);
  ferry_copy_queue_stop (queue);

  /* The outcome is in the file. */
  reread = ferry_task_store_new (f->path);
  g_assert_true (ferry_task_store_load (reread, NULL));
  g_assert_true (ferry_copy_task_get_tags_outcome (ferry_task_store_lookup (reread, ferry_copy_task_get_id (tagged)),
                                                   &copied, NULL));
  g_assert_cmpuint (copied, ==, 3);
  g_assert_false (ferry_copy_task_get_copy_tags (ferry_task_store_lookup (reread, ferry_copy_task_get_id (bare))));
}

void
test_tag_refused (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyQueue) queue = new_queue (f, f->client, store, 30);
  g_autoptr(FerryImage) windows = ferry_test_find_image (f->client, f->account, "cn-north-4",
                                                         "windows-server");
  g_autoptr(FerryCopyTask) task = new_task_of (f, windows, "system-tag", "cn-east-2");
  g_autofree char *tags = NULL;
  g_autofree char *text = NULL;
  GPtrArray *failures = NULL;
  FerryTagFailure *failure;
  guint copied = 0;

  g_assert_true (ferry_copy_queue_add (queue, task, NULL));
  ferry_copy_queue_run (queue);
  wait_for (queue_all_final, queue, 30);

  /* The copy is done; the one tag the service refuses is named, the
   * other arrived. */
  assert_done_once (f, task);
  g_assert_true (ferry_copy_task_get_tags_outcome (task, &copied, &failures));
  g_assert_cmpuint (copied, ==, 1);
  g_assert_cmpuint (failures->len, ==, 1);
  failure = g_ptr_array_index (failures, 0);
  g_assert_cmpstr (failure->key, ==, "_sys_enterprise_project_id");
  g_assert_cmpstr (failure->code, ==, "IMG.0115");
  g_assert_nonnull (failure->reason);
  tags = image_tags (f, "cn-east-2", ferry_copy_task_get_new_image_id (task));
  g_assert_cmpstr (tags, ==, "owner=win-team");
  text = ferry_copy_task_describe_tags (task);
  g_assert_nonnull (strstr (text, "_sys_enterprise_project_id"));
  g_assert_nonnull (strstr (text, "1 tag copied"));
  ferry_copy_queue_stop (queue);
}

/* Killed between "active" and "tags copied": the next start copies them. */
void
test_resume_tags (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FerryTaskStore) crashed = ferry_task_store_new (f->path);
  g_autoptr(FerryTaskStore) store = NULL;
  g_autoptr(FerryCopyQueue) queue = NULL;
  g_autoptr(FerryCopyTask) task = new_task (f, "crashed-copying-tags", "cn-east-2", AGENCY);
  g_autoptr(FerryImage) arrived = ferry_test_find_image (f->client, f->account, "cn-east-2",
                                                         "sh2-web");
  g_autoptr(GError) error = NULL;
  g_autofree char *boot_id = NULL;
  g_autofree char *tags = NULL;
  gint64 now = g_get_real_time ();
  FerryTaskOwner owner = { dead_pid (), g_get_host_name (), NULL, "crashed-instance" };
  FerryCopyTask *resumed;
  guint copied = 0;

  if (g_file_get_contents ("/proc/sys/kernel/random/boot_id", &boot_id, NULL, NULL))
    owner.boot_id = g_strstrip (boot_id);

  /* The copy is sh2-web (env=staging), active; one tag was set already
   * when the process died. */
  ferry_copy_task_set_state (task, FERRY_TASK_STATE_FINISHING);
  ferry_copy_task_set_submitted_at (task, now);
  ferry_copy_task_set_attempts (task, 1);
  ferry_copy_task_set_job_id (task, "job-of-a-dead-process");
  ferry_copy_task_set_new_image_id (task, ferry_image_get_id (arrived));
  ferry_copy_task_set_fraction (task, 1.0);
  ferry_copy_task_set_tags_pending (task, TRUE);
  ferry_copy_task_set_owner (task, &owner);
  ferry_copy_task_set_lease_until (task, now + 60 * G_USEC_PER_SEC);
  g_assert_true (ferry_task_store_update (crashed, insert_cb, task, &error));
  g_assert_no_error (error);

  store = ferry_task_store_new (f->path);
  queue = new_queue (f, f->client, store, 30);
  g_assert_true (ferry_copy_queue_load (queue, &error));
  g_assert_no_error (error);
  resumed = ferry_copy_queue_lookup (queue, ferry_copy_task_get_id (task));
  g_assert_nonnull (resumed);
  g_assert_true (ferry_copy_task_get_tags_pending (resumed));
  g_assert_cmpstr (ferry_copy_task_get_step_label (resumed), ==, "Copying tags");

  ferry_copy_queue_run (queue);
  wait_for (queue_all_final, queue, 30);

  g_assert_cmpint (ferry_copy_task_get_state (resumed), ==, FERRY_TASK_STATE_DONE);
  g_assert_true (ferry_copy_task_get_tags_outcome (resumed, &copied, NULL));
  g_assert_cmpuint (copied, ==, 3);
  /* Nothing was copied again; the tags were set (env replaced). */
  g_assert_cmpint (ferry_test_sandbox_route_count (f->sandbox, CROSS_REGION_POST), ==, 0);
  tags = image_tags (f, "cn-east-2", ferry_image_get_id (arrived));
  g_assert_cmpstr (tags, ==, "cost-center=cc-1024,env=production,owner=web-team");
  ferry_copy_queue_stop (queue);
}

/* Long copies: how often is a copy polled? */

void
test_long_copy (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  /* Three real seconds are an hour for the queue. */
  g_autoptr(FerryCopyQueue) queue = new_queue (f, f->client, store, 1200);
  g_autoptr(FerryCopyTask) task = new_task (f, "an-hour-long", "ap-southeast-3", AGENCY);
  gint64 polls, image_gets;
  guint requests;

  image_gets = ferry_test_sandbox_route_count (f->sandbox, IMAGES_GET);
  requests = ferry_client_get_request_count (f->client);
  g_assert_true (ferry_copy_queue_add (queue, task, NULL));
  ferry_copy_queue_run (queue);
  wait_for (queue_all_final, queue, 30);
  assert_done_once (f, task);

  polls = job_polls (f);
  g_test_message ("a copy of an hour: %" G_GINT64_FORMAT " job polls, %" G_GINT64_FORMAT
                  " image look-ups, %u requests in all",
                  polls, ferry_test_sandbox_route_count (f->sandbox, IMAGES_GET) - image_gets,
                  ferry_client_get_request_count (f->client) - requests);
  /* About one a minute once the copy is old, far fewer than one a second. */
  g_assert_cmpint (polls, <, 150);
  ferry_copy_queue_stop (queue);
}

/* A copy that shows no progress for a long time is still followed */

static void
still_running_cb (FerryCopyTask *task,
                  GParamSpec    *pspec,
                  gboolean      *seen)
{
  if (ferry_copy_task_get_still_running (task))
    {
      g_assert_cmpint (ferry_copy_task_get_state (task), ==, FERRY_TASK_STATE_FINISHING);
      *seen = TRUE;
    }
}

static gboolean
task_finishing (gpointer data)
{
  return ferry_copy_task_get_state (data) == FERRY_TASK_STATE_RUNNING ||
         ferry_copy_task_get_state (data) == FERRY_TASK_STATE_FINISHING;
}

void
test_still_running (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (f->path);
  g_autoptr(FerryCopyQueue) queue = new_queue (f, f->client, store, 2000);
  g_autoptr(FerryCopyTask) task = new_task (f, "slow-to-register", "cn-east-2", AGENCY);
  gboolean seen = FALSE;

  g_signal_connect (task, "notify::still-running", G_CALLBACK (still_running_cb), &seen);
  g_assert_true (ferry_copy_queue_add (queue, task, NULL));
  ferry_copy_queue_run (queue);
  wait_for (task_finishing, task, 10);

  /* The job ends at once; the new image then takes three real seconds,
   * an hour and more of the queue's time, to become active. */
  ferry_test_sandbox_advance_clock (f->sandbox, 30);
  wait_for (queue_all_final, queue, 20);

  g_assert_true (seen);
  assert_done_once (f, task);
  g_assert_false (ferry_copy_task_get_still_running (task));
  ferry_copy_queue_stop (queue);
}
