/* test-copy-queue.c: the copy queue against a real sandbox on loopback: the
 * fixture, the helpers its tests share (test-copy-queue.h), a proxy and main()
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "test-copy-queue.h"

FerryClient *
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

void
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

void
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

FerryCopyTask *
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

FerryCopyQueue *
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

/* Runs the main loop until @condition holds, failing after @seconds. */
void
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

gboolean
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
gboolean
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
guint
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

guint
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

void
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

gint64
job_polls (Fixture *f)
{
  return ferry_test_sandbox_route_count (f->sandbox, JOB_PROJECT_GET) + ferry_test_sandbox_route_count (f->sandbox, JOB_IMAGES_GET);
}

/* The proxy: what the fixture's @actions say to copy requests */

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
char *
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

char *
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
