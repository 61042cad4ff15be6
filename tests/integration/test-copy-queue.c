/* test-copy-queue.c: the copy queue against a real sandbox on loopback
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ferry-client-private.h"
#include "ferry-copy-plan.h"
#include "ferry-copy-queue-private.h"
#include "ferry-copy-task-private.h"
#include "ferry-error.h"
#include "ferry-iam.h"
#include "ferry-ims.h"
#include "ferry-rules.h"
#include "ferry-sandbox.h"
#include "ferry-test-client.h"
#include "ferry-test-files.h"
#include "ferry-test-sandbox.h"
#include "ferry-test-wait.h"

#define CROSS_REGION_POST "POST /v1/cloudimages/{image_id}/cross_region_copy"
#define IN_REGION_POST    "POST /v1/cloudimages/{image_id}/copy"
#define JOB_PROJECT_GET   "GET /v1/{project_id}/jobs/{job_id}"
#define JOB_IMAGES_GET    "GET /v1/cloudimages/job/{job_id}"
#define IMAGES_GET        "GET /v2/cloudimages"
#define AGENCY            "ims_administrator_agency"

typedef struct
{
  guint  copy_seconds;
  double fail_rate;
  double throttle_rate;
  double drop_rate;
} Options;

typedef struct
{
  FerrySandbox         *sandbox;
  FerryRegionCatalogue *catalogue;
  FerryClient          *client;
  FerryAccount         *account;
  FerryTestWait         wait;
  FerryImage           *web;
  char                 *dir;
  char                 *path;

  /* A pass-through to the sandbox that does to copy requests what
   * @actions says, one letter each, in order: 'r' refuses it (IMG.0149),
   * 'u' answers 503 without passing it on, 'd' passes it on and drops the
   * answer; then it passes them on. */
  SoupServer           *proxy;
  SoupSession          *forward;
  char                 *actions;
  guint                 posts;
  /* The destination lists images with other origin members than the
   * sandbox writes, as the real service may. */
  gboolean              other_origin;
} Fixture;

static FerryClient *
new_client (Fixture    *f,
            const char *endpoint)
{
  g_autofree char *sandbox_endpoint = ferry_sandbox_dup_endpoint_template (f->sandbox);
  FerryClient *client;

  client = ferry_test_client_new_for (endpoint != NULL ? endpoint : sandbox_endpoint, f->catalogue,
                                      FERRY_SANDBOX_ACCESS_KEY, FERRY_SANDBOX_SECRET_KEY, NULL);
  ferry_client_set_retry_budget (client, 120);
  if (f->account != NULL)
    ferry_client_set_domain_id (client, ferry_account_get_domain_id (f->account));
  return client;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const Options *options = data;

  f->sandbox = ferry_test_sandbox_new_started ("copy-seconds", options->copy_seconds,
                                               "fail-rate", MAX (options->fail_rate, 0.0),
                                               "throttle-rate", options->throttle_rate,
                                               "drop-rate", options->drop_rate,
                                               "random-seed", (guint64) 11,
                                               NULL);
  f->catalogue = ferry_test_catalogue_new ();
  f->client = new_client (f, NULL);
  f->account = ferry_test_discover_account (f->client, "cn-north-4");

  f->web = ferry_test_find_image (f->client, f->account, "cn-north-4", "web-server");

  f->dir = ferry_test_make_tmp_dir ("ferry-queue-XXXXXX");
  f->path = g_build_filename (f->dir, "tasks.json", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ferry_test_remove_tree (f->dir);

  if (f->proxy != NULL)
    soup_server_disconnect (f->proxy);
  ferry_sandbox_stop (f->sandbox);
  g_clear_object (&f->proxy);
  g_clear_object (&f->forward);
  g_clear_pointer (&f->actions, g_free);
  g_clear_object (&f->web);
  g_clear_object (&f->account);
  g_clear_object (&f->client);
  g_clear_object (&f->catalogue);
  g_clear_object (&f->sandbox);
  ferry_test_wait_clear (&f->wait);
  g_free (f->dir);
  g_free (f->path);
}

static FerryCopyTask *
new_task (Fixture    *f,
          const char *name,
          const char *destination,
          const char *agency)
{
  return ferry_copy_task_new_cross_region (ferry_account_get_domain_id (f->account),
                                           ferry_image_get_id (f->web),
                                           ferry_image_get_name (f->web),
                                           "cn-north-4",
                                           ferry_test_project_id (f->account, "cn-north-4"),
                                           destination, destination,
                                           ferry_test_project_id (f->account, destination),
                                           name, NULL, agency, NULL);
}

static FerryCopyQueue *
new_queue (Fixture        *f,
           FerryClient    *client,
           FerryTaskStore *store,
           double          scale)
{
  FerryCopyQueue *queue = ferry_copy_queue_new (client, f->account, store);

  ferry_copy_queue_set_time_scale (queue, scale);
  return queue;
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @condition holds, failing after @seconds. */
static void
wait_for (Condition  condition,
          gpointer   data,
          guint      seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  guint heartbeat = g_timeout_add (50, heartbeat_cb, NULL);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("gave up waiting after %u s", seconds);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (heartbeat);
}

static gboolean
queue_all_final (gpointer data)
{
  GListModel *queue = data;

  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (queue, i);

      if (!ferry_task_state_is_final (ferry_copy_task_get_state (task)))
        return FALSE;
    }
  return TRUE;
}

/* Nothing more happens to any task unattended: each is final, or waits
 * for the user's decision. */
static gboolean
queue_all_settled (gpointer data)
{
  GListModel *queue = data;

  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (queue, i);
      FerryTaskState state = ferry_copy_task_get_state (task);

      if (!ferry_task_state_is_final (state) && state != FERRY_TASK_STATE_OUTCOME_UNKNOWN)
        return FALSE;
    }
  return TRUE;
}

/* Decides every task of unknown outcome, as a user would; how many. */
static guint
decide_unknown (FerryCopyQueue    *queue,
                FerryCopyDecision  decision)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (queue)); i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (G_LIST_MODEL (queue), i);
      g_autoptr(GError) error = NULL;

      if (ferry_copy_task_get_state (task) != FERRY_TASK_STATE_OUTCOME_UNKNOWN)
        continue;
      g_assert_true (ferry_copy_queue_decide (queue, ferry_copy_task_get_id (task), decision, &error));
      g_assert_no_error (error);
      n++;
    }
  return n;
}

static guint
count_images (Fixture    *f,
              const char *region,
              const char *name)
{
  g_autoptr(GListModel) images = NULL;
  g_autoptr(GError) error = NULL;
  FerryImageQuery query = { .image_type = "private", .name = name };

  ferry_ims_list_images_async (f->client, region, ferry_test_project_id (f->account, region),
                               &query, NULL, ferry_test_store_cb, &f->wait);
  images = ferry_ims_list_images_finish (f->client, ferry_test_wait (&f->wait), &error);
  g_assert_no_error (error);
  return g_list_model_get_n_items (images);
}

static void
assert_done_once (Fixture       *f,
                  FerryCopyTask *task)
{
  g_assert_cmpstr (ferry_task_state_to_label (ferry_copy_task_get_state (task)), ==, "Done");
  g_assert_cmpfloat (ferry_copy_task_get_fraction (task), ==, 1.0);
  g_assert_nonnull (ferry_copy_task_get_new_image_id (task));
  g_assert_null (ferry_copy_task_get_owner (task));
  g_assert_cmpint (ferry_copy_task_get_finished_at (task), >, 0);
  /* One copy in the cloud, never two. */
  g_assert_cmpuint (count_images (f, ferry_copy_task_get_destination_region (task),
                                  ferry_copy_task_get_name (task)), ==, 1);
}

static gint64
job_polls (Fixture *f)
{
  return ferry_test_sandbox_route_count (f->sandbox, JOB_PROJECT_GET) + ferry_test_sandbox_route_count (f->sandbox, JOB_IMAGES_GET);
}

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

static void
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

/* 503s, 429s and answers lost on the way back */

static void
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

/* IMG.0149: the service is full of copies the queue does not know */

typedef struct
{
  SoupServerMessage *incoming;
  gboolean           drop;
  gboolean           other_origin;
} Forward;

/* Every listed image with another `__data_origin` and no
 * `__originalimagename`. */
static GBytes *
rewrite_origins (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonArray *images;
  char *text;
  gsize length;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      (images = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                              "images")) == NULL)
    return g_bytes_ref (body);

  for (guint i = 0; i < json_array_get_length (images); i++)
    {
      JsonObject *image = json_array_get_object_element (images, i);

      json_object_set_string_member (image, "__data_origin", "instance,7a1c0de5-0000-4000-8000-000000000001");
      if (json_object_has_member (image, "__originalimagename"))
        json_object_remove_member (image, "__originalimagename");
    }
  json_generator_set_root (generator, json_parser_get_root (parser));
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

static gboolean
drop_cb (gpointer user_data)
{
  g_autoptr(SoupServerMessage) incoming = user_data;
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (incoming);

  /* Carried out, and the answer lost on the way back. */
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
forward_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autofree Forward *forward = user_data;
  g_autoptr(SoupServerMessage) incoming = forward->incoming;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *outgoing = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  static const char * const kept[] = { "Content-Type", "X-Request-Id", "Retry-After" };

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (forward->drop)
    {
      g_idle_add (drop_cb, g_steal_pointer (&incoming));
      return;
    }
  if (forward->other_origin && body != NULL)
    {
      GBytes *rewritten = rewrite_origins (body);

      g_bytes_unref (body);
      body = rewritten;
    }

  if (body == NULL)
    soup_server_message_set_status (incoming, 502, NULL);
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
        {
          const char *value = soup_message_headers_get_one (soup_message_get_response_headers (outgoing),
                                                            kept[i]);

          if (value != NULL)
            soup_message_headers_replace (soup_server_message_get_response_headers (incoming),
                                          kept[i], value);
        }
      soup_server_message_set_status (incoming, soup_message_get_status (outgoing), NULL);
      if (g_bytes_get_size (body) > 0)
        soup_message_body_append_bytes (soup_server_message_get_response_body (incoming), body);
    }
  soup_server_message_unpause (incoming);
}

static void
proxy_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  static const char refusal[] =
    "{\"error\": {\"code\": \"IMG.0149\", \"message\": \"The number of concurrent cross-region "
    "replication tasks exceeds the limit.\"}}";
  static const char unavailable[] =
    "{\"error_code\": \"APIGW.0201\", \"error_msg\": \"Backend unavailable.\"}";
  static const char * const kept[] = {
    "Host", "X-Sdk-Date", "Authorization", "X-Project-Id", "X-Domain-Id", "X-Security-Token",
    "Content-Type",
  };
  Fixture *f = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *raw_query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autofree char *base = ferry_sandbox_dup_base_uri (f->sandbox);
  g_autofree char *target = NULL;
  g_autoptr(SoupMessage) out = NULL;
  g_autoptr(GBytes) body = NULL;
  Forward *forward;
  char action = 0;

  if (g_str_equal (method, "POST") && g_str_has_suffix (path, "/cross_region_copy"))
    {
      if (f->posts < strlen (f->actions))
        action = f->actions[f->posts];
      f->posts++;
    }

  if (action == 'r' || action == 'u')
    {
      soup_server_message_set_status (msg, action == 'r' ? 400 : 503, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        action == 'r' ? refusal : unavailable,
                                        strlen (action == 'r' ? refusal : unavailable));
      return;
    }

  target = g_strconcat (base, path, raw_query != NULL ? "?" : "", raw_query, NULL);
  out = soup_message_new (method, target);
  /* The headers as they were signed, Content-Type included. */
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (g_bytes_get_size (body) > 0)
    soup_message_set_request_body_from_bytes (out, NULL, body);
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                        kept[i]);

      if (value != NULL)
        soup_message_headers_replace (soup_message_get_request_headers (out), kept[i], value);
    }

  forward = g_new0 (Forward, 1);
  forward->incoming = g_object_ref (msg);
  forward->drop = action == 'd';
  forward->other_origin = f->other_origin && g_str_equal (method, "GET") &&
                          g_str_has_suffix (path, "/v2/cloudimages");
  soup_server_message_pause (msg);
  soup_session_send_and_read_async (f->forward, out, G_PRIORITY_DEFAULT, NULL, forward_cb, forward);
}

/* An endpoint template through the proxy. */
static char *
start_proxy (Fixture    *f,
             const char *actions)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  f->actions = g_strdup (actions);
  f->forward = soup_session_new ();
  f->proxy = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->proxy, NULL, proxy_cb, f, NULL);
  g_assert_true (soup_server_listen_local (f->proxy, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->proxy);
  return g_strdup_printf ("http://127.0.0.1:%d/{service}/{region}", g_uri_get_port (uris->data));
}

static char *
copy_directly (Fixture     *f,
               const char  *name,
               GError     **error)
{
  FerryCrossRegionCopy request = {
    .name = name, .region = "cn-east-2", .project_name = "cn-east-2", .agency_name = AGENCY,
  };

  ferry_ims_cross_region_copy_async (f->client, "cn-north-4",
                                     ferry_test_project_id (f->account, "cn-north-4"),
                                     ferry_image_get_id (f->web), &request, NULL,
                                     ferry_test_store_cb, &f->wait);
  return ferry_ims_cross_region_copy_finish (f->client, ferry_test_wait (&f->wait), error);
}

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

static void
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

/* Answers that never come: a copy made whose answer was lost, and a 503
 * for a copy that was not made */

static void
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
static void
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
static void
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

static void
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

/* Refused before anything is sent */

static void
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
static void
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

static void
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

static void
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

static void
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

static void
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

static void
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
static void
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

static void
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

static void
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

int
main (int   argc,
      char *argv[])
{
  static const Options plain = { 2, 0, 0, 0 };
  static const Options quick = { 1, 0, 0, 0 };
  static const Options faults = { 2, 0.06, 0.06, 0.06 };
  static const Options hour = { 3, 0, 0, 0 };
  static const Options registering = { 30, 0, 0, 0 };
  /* A negative fail rate, never given to the sandbox: the proxy rewrites
   * the origin members of listed images. */
  static const Options other_origin = { 2, -1, 0, 0 };

  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, options, func) \
  g_test_add (path, Fixture, &options, fixture_setup, func, fixture_teardown)

  ADD ("/queue/five-at-a-time", quick, test_five_at_a_time);
  ADD ("/queue/faults", faults, test_faults);
  ADD ("/queue/too-many", plain, test_too_many);
  ADD ("/queue/lost-answers", plain, test_lost_answers);
  ADD ("/queue/lost-answer/copy-exists", plain, test_lost_answer_copy_exists);
  ADD ("/queue/lost-answer/other-origin", other_origin, test_lost_answer_copy_exists);
  ADD ("/queue/lost-answer/no-copy", plain, test_lost_answer_no_copy);
  ADD ("/queue/job-failed", plain, test_job_failed);
  ADD ("/queue/refused-before-post", plain, test_refused_before_post);
  ADD ("/queue/quota-raced", plain, test_quota_raced);
  ADD ("/queue/two-processes", quick, test_two_processes);
  ADD ("/queue/resume/copy-made", plain, test_resume_copy_made);
  ADD ("/queue/resume/never-sent", plain, test_resume_never_sent);
  ADD ("/queue/long-copy", hour, test_long_copy);
  ADD ("/queue/still-running", registering, test_still_running);
  ADD ("/queue/tags/copied", plain, test_tags_copied);
  ADD ("/queue/tags/refused", plain, test_tag_refused);
  ADD ("/queue/tags/resume", plain, test_resume_tags);

#undef ADD

  return g_test_run ();
}
