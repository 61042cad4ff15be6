/* polling.c: how often the copy queue asks about a copy, and how late it
 * notices the end
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real queue against the in-process sandbox through a
 * pass-through proxy on loopback that writes down when each request
 * arrived. Copies of 30 s, 5 min and 30 min are made quick with the
 * sandbox's job clock (copy-seconds, in real seconds) and the queue's time
 * scale (its timers run that many times faster), so that a copy of
 * copy-seconds × scale seconds of queue time takes copy-seconds of real
 * time. Every time below is queue time.
 *
 * For each length, five copies at once; per copy: the polls after the
 * submission (job polls in the source region, then look-ups of the new
 * image in the destination), the most polls in any 60 s, the longest gap
 * between two polls, the lag from the job's end (its end_time) to the
 * queue noticing it (FINISHING), and from the new image turning active
 * (the sandbox turns it active max (1, copy-seconds / 10) s after the
 * job's end) to the queue noticing it (DONE). Not a test: numbers to rerun
 * by hand:
 *
 *   _build/tests/bench/bench-polling [--copies 5]
 */

#include "config.h"

#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ferry-copy-queue.h"
#include "ferry-copy-queue-private.h"
#include "ferry-iam.h"
#include "ferry-ims.h"
#include "ferry-sandbox.h"

static int n_copies = 5;

static const GOptionEntry options[] = {
  { "copies", 0, 0, G_OPTION_ARG_INT, &n_copies, "Copies of each length, at once (at most 5)", "N" },
  { NULL }
};

typedef struct
{
  gint64  when;   /* real time, µs */
  char   *path;
  char   *query;
} Hit;

static void
hit_free (gpointer data)
{
  Hit *hit = data;

  g_free (hit->path);
  g_free (hit->query);
  g_free (hit);
}

typedef struct
{
  FerrySandbox *sandbox;
  SoupServer   *proxy;
  SoupSession  *forward;
  GPtrArray    *hits;
} Bench;

typedef struct
{
  SoupServerMessage *incoming;
} Forward;

static void
forward_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autofree Forward *forward = user_data;
  g_autoptr(SoupServerMessage) incoming = forward->incoming;
  g_autoptr(GBytes) body = NULL;
  SoupMessage *outgoing = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  static const char * const kept[] = { "Content-Type", "X-Request-Id", "Retry-After" };

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
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
  static const char * const kept[] = {
    "Host", "X-Sdk-Date", "Authorization", "X-Project-Id", "X-Domain-Id", "X-Security-Token",
    "Content-Type",
  };
  Bench *b = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *raw_query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autofree char *base = ferry_sandbox_dup_base_uri (b->sandbox);
  g_autofree char *target = NULL;
  g_autoptr(SoupMessage) out = NULL;
  g_autoptr(GBytes) body = NULL;
  Forward *forward;
  Hit *hit = g_new0 (Hit, 1);

  hit->when = g_get_real_time ();
  hit->path = g_strdup (path);
  hit->query = g_strdup (raw_query);
  g_ptr_array_add (b->hits, hit);

  target = g_strconcat (base, path, raw_query != NULL ? "?" : "", raw_query, NULL);
  out = soup_message_new (method, target);
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
  soup_server_message_pause (msg);
  soup_session_send_and_read_async (b->forward, out, G_PRIORITY_DEFAULT, NULL, forward_cb, forward);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

typedef struct
{
  FerryCopyTask *task;
  gint64         submitted;   /* real time of each state, µs */
  gint64         finishing;
  gint64         done;
} Watched;

static void
state_cb (FerryCopyTask *task,
          GParamSpec    *pspec,
          Watched       *w)
{
  gint64 now = g_get_real_time ();

  switch (ferry_copy_task_get_state (task))
    {
    case FERRY_TASK_STATE_SUBMITTING:
      w->submitted = now;
      break;
    case FERRY_TASK_STATE_FINISHING:
      w->finishing = now;
      break;
    case FERRY_TASK_STATE_DONE:
      w->done = now;
      break;
    case FERRY_TASK_STATE_QUEUED:
    case FERRY_TASK_STATE_RUNNING:
    case FERRY_TASK_STATE_FAILED:
    case FERRY_TASK_STATE_REMOVED:
    default:
      break;
    }
}

static gboolean
heartbeat_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gint64
parse_ms_time (const char *text)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (text == NULL || *text == '\0')
    return 0;
  when = g_date_time_new_from_iso8601 (text, utc);
  if (when == NULL)
    return 0;
  return g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
}

/* The job's end_time, from the service. */
static gint64
job_end (FerryClient   *client,
         FerryCopyTask *task)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;

  ferry_ims_get_job_async (client, ferry_copy_task_get_source_region (task),
                           ferry_copy_task_get_source_project_id (task),
                           ferry_copy_task_get_job_id (task), FERRY_JOB_ENDPOINT_PROJECT,
                           NULL, store_cb, &result);
  job = ferry_ims_get_job_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  return parse_ms_time (ferry_job_get_end_time (job));
}

typedef struct
{
  double polls;
  double most_per_minute;
  double longest_gap;
  double lag_job;
  double lag_image;
} Numbers;

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
run_length (const char *label,
            guint       copy_seconds,
            double      scale)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryRegionCatalogue) catalogue = NULL;
  g_autoptr(FerryCredentials) credentials = NULL;
  g_autoptr(FerryClient) client = NULL;
  g_autoptr(FerryAccount) account = NULL;
  g_autoptr(FerryTaskStore) store = NULL;
  g_autoptr(FerryCopyQueue) queue = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) images = NULL;
  g_autoptr(FerryImage) web = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree Watched *watched = g_new0 (Watched, n_copies);
  Bench b = { 0, };
  FerryImageQuery query = { .image_type = "private", .name = "web-server" };
  FerryProject *source, *destination;
  Numbers worst = { 0, }, sum = { 0, };
  guint heartbeat;
  gboolean all_done;

  b.hits = g_ptr_array_new_with_free_func (hit_free);
  b.sandbox = ferry_sandbox_new ();
  g_object_set (b.sandbox, "copy-seconds", copy_seconds, NULL);
  g_assert_true (ferry_sandbox_start (b.sandbox, &error));
  b.forward = soup_session_new ();
  b.proxy = soup_server_new (NULL, NULL);
  soup_server_add_handler (b.proxy, NULL, proxy_cb, &b, NULL);
  g_assert_true (soup_server_listen_local (b.proxy, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (b.proxy);
  endpoint = g_strdup_printf ("http://127.0.0.1:%d/{service}/{region}", g_uri_get_port (uris->data));

  catalogue = ferry_region_catalogue_new_default (&error);
  g_assert_no_error (error);
  credentials = ferry_credentials_new (FERRY_SANDBOX_ACCESS_KEY, FERRY_SANDBOX_SECRET_KEY, NULL);
  client = ferry_client_new (credentials, endpoint, catalogue, &error);
  g_assert_no_error (error);

  ferry_iam_discover_account_async (client, "cn-north-4", NULL, store_cb, &result);
  account = ferry_iam_discover_account_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  ferry_client_set_domain_id (client, ferry_account_get_domain_id (account));
  source = ferry_account_get_region_project (account, "cn-north-4");
  destination = ferry_account_get_region_project (account, "cn-east-2");

  ferry_ims_list_images_async (client, "cn-north-4", ferry_project_get_id (source), &query, NULL,
                               store_cb, &result);
  images = ferry_ims_list_images_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  web = g_list_model_get_item (images, 0);

  dir = g_dir_make_tmp ("ferry-bench-polling-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "tasks.json", NULL);
  store = ferry_task_store_new (path);
  queue = ferry_copy_queue_new (client, account, store);
  ferry_copy_queue_set_time_scale (queue, scale);

  for (int i = 0; i < n_copies; i++)
    {
      g_autofree char *name = g_strdup_printf ("polled-%s-%d", label, i);
      g_autoptr(FerryCopyTask) task = NULL;

      task = ferry_copy_task_new_cross_region (ferry_account_get_domain_id (account),
                                               ferry_image_get_id (web), "web-server",
                                               "cn-north-4", ferry_project_get_id (source),
                                               "cn-east-2", "cn-east-2", ferry_project_get_id (destination),
                                               name, NULL, "ims_administrator_agency", NULL);
      watched[i].task = g_object_ref (task);
      g_assert_true (ferry_copy_queue_add (queue, task, NULL));
    }
  /* The queue's own objects, which it changes. */
  for (int i = 0; i < n_copies; i++)
    {
      FerryCopyTask *mine = ferry_copy_queue_lookup (queue, ferry_copy_task_get_id (watched[i].task));

      g_set_object (&watched[i].task, mine);
      g_signal_connect (mine, "notify::state", G_CALLBACK (state_cb), &watched[i]);
    }

  heartbeat = g_timeout_add (5, heartbeat_cb, NULL);
  ferry_copy_queue_run (queue);
  do
    {
      g_main_context_iteration (NULL, TRUE);
      all_done = TRUE;
      for (int i = 0; i < n_copies; i++)
        if (!ferry_task_state_is_final (ferry_copy_task_get_state (watched[i].task)))
          all_done = FALSE;
    }
  while (!all_done);
  g_source_remove (heartbeat);
  ferry_copy_queue_stop (queue);

  for (int i = 0; i < n_copies; i++)
    {
      FerryCopyTask *task = watched[i].task;
      const char *job_id = ferry_copy_task_get_job_id (task);
      const char *image_id = ferry_copy_task_get_new_image_id (task);
      const char *name = ferry_copy_task_get_name (task);
      g_autoptr(GArray) polls = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 end = job_end (client, task);
      gint64 active = end + MAX (1, copy_seconds / 10) * G_USEC_PER_SEC;
      Numbers n = { 0, };

      g_assert_cmpint (ferry_copy_task_get_state (task), ==, FERRY_TASK_STATE_DONE);
      for (guint j = 0; j < b.hits->len; j++)
        {
          Hit *hit = g_ptr_array_index (b.hits, j);
          gboolean job_poll = job_id != NULL && g_str_has_suffix (hit->path, job_id);
          gboolean image_poll = hit->query != NULL &&
                                ((image_id != NULL && strstr (hit->query, image_id) != NULL) ||
                                 (strstr (hit->query, name) != NULL));

          /* Up to the end: the benchmark asks for the job's end_time itself. */
          if (hit->when >= watched[i].submitted && hit->when <= watched[i].done &&
              (job_poll || image_poll))
            g_array_append_val (polls, hit->when);
        }
      g_array_sort (polls, compare_gint64);
      if (g_getenv ("BENCH_DEBUG") != NULL)
        for (guint j = 0; j < b.hits->len; j++)
          {
            Hit *hit = g_ptr_array_index (b.hits, j);

            if (hit->when >= watched[i].submitted && hit->when <= watched[i].done)
              g_print ("  %s %7.1f %s?%s\n", name, (hit->when - watched[i].submitted) * scale / G_USEC_PER_SEC,
                       hit->path, hit->query);
          }

      n.polls = polls->len;
      for (guint j = 0; j < polls->len; j++)
        {
          gint64 from = g_array_index (polls, gint64, j);
          guint in_minute = 0;

          for (guint k = j; k < polls->len &&
               (g_array_index (polls, gint64, k) - from) * scale < 60 * G_USEC_PER_SEC; k++)
            in_minute++;
          n.most_per_minute = MAX (n.most_per_minute, in_minute);
          if (j > 0)
            n.longest_gap = MAX (n.longest_gap,
                                 (from - g_array_index (polls, gint64, j - 1)) * scale / G_USEC_PER_SEC);
        }
      n.lag_job = (watched[i].finishing - end) * scale / G_USEC_PER_SEC;
      n.lag_image = (watched[i].done - active) * scale / G_USEC_PER_SEC;

      sum.polls += n.polls;
      sum.most_per_minute += n.most_per_minute;
      sum.longest_gap += n.longest_gap;
      sum.lag_job += n.lag_job;
      sum.lag_image += n.lag_image;
      worst.polls = MAX (worst.polls, n.polls);
      worst.most_per_minute = MAX (worst.most_per_minute, n.most_per_minute);
      worst.longest_gap = MAX (worst.longest_gap, n.longest_gap);
      worst.lag_job = MAX (worst.lag_job, n.lag_job);
      worst.lag_image = MAX (worst.lag_image, n.lag_image);
    }

  g_print ("%-6s copy (%2u s × %3.0f): polls per copy %5.1f (max %3.0f); most in 60 s %4.1f (max %2.0f); "
           "longest gap %5.1f s (max %5.1f); lag job end → noticed %5.1f s (max %5.1f); "
           "image active → done %5.1f s (max %5.1f)\n",
           label, copy_seconds, scale,
           sum.polls / n_copies, worst.polls,
           sum.most_per_minute / n_copies, worst.most_per_minute,
           sum.longest_gap / n_copies, worst.longest_gap,
           sum.lag_job / n_copies, worst.lag_job,
           sum.lag_image / n_copies, worst.lag_image);

  for (int i = 0; i < n_copies; i++)
    g_clear_object (&watched[i].task);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *entry;

    while ((entry = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *child = g_build_filename (dir, entry, NULL);

        g_unlink (child);
      }
    g_rmdir (dir);
  }
  soup_server_disconnect (b.proxy);
  g_clear_object (&b.proxy);
  g_clear_object (&b.forward);
  ferry_sandbox_stop (b.sandbox);
  g_clear_object (&b.sandbox);
  g_ptr_array_unref (b.hits);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "en", TRUE);
  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  n_copies = CLAMP (n_copies, 1, 5);

  run_length ("30 s", 3, 10);
  run_length ("5 min", 10, 30);
  run_length ("30 min", 20, 90);
  return 0;
}
