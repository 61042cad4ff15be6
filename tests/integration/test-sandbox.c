/* test-sandbox.c: the sandbox over real HTTP on loopback: its server, signatures,
 * routing, state and control routes
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "test-sandbox.h"

/* Tests: authentication */

static void
test_auth_ok (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(Response) response = NULL;
  JsonArray *domains;
  JsonObject *domain;

  fixture_start (f, NULL);

  response = api_get (f, "iam", "cn-north-4", "/v3/auth/domains", NULL);
  assert_ok (response, 200);
  domains = json_object_get_array_member (response_object (response), "domains");
  g_assert_cmpuint (json_array_get_length (domains), ==, 1);
  domain = json_array_get_object_element (domains, 0);
  g_assert_cmpstr (json_object_get_string_member (domain, "name"), ==, "ferry-demo");
  g_assert_true (is_hex32 (json_object_get_string_member (domain, "id")));
  g_assert_true (json_object_get_boolean_member (domain, "enabled"));
}

static void
test_auth_refused (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *project = NULL;
  Options tamper = { .tamper = TRUE };
  Options unknown_key = { .access_key = "UNKNOWNACCESSKEY0001", .secret_key = "whatever" };
  Options wrong_secret = { .secret_key = "not-the-secret-key" };
  Options no_authorization = { .no_authorization = TRUE };
  Options no_host = { .no_host = TRUE };
  Options bad_date = { .date = "2026-01-01T00:00:00Z" };
  Options other_body = { .sent_body = "{\"name\": \"other\"}" };
  struct {
    const Options *options;
    const char    *method;
    const char    *body;
  } cases[] = {
    { &tamper, "GET", NULL },
    { &unknown_key, "GET", NULL },
    { &wrong_secret, "GET", NULL },
    { &no_authorization, "GET", NULL },
    { &no_host, "GET", NULL },
    { &bad_date, "GET", NULL },
    { &other_body, "POST", "{\"name\": \"signed\"}" },
  };

  fixture_start (f, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Response) response = NULL;

      g_test_message ("case %u", i);
      response = api_request_full (f, cases[i].method, "iam", "cn-north-4",
                                   cases[i].body != NULL ? AGENCIES : "/v3/auth/domains",
                                   cases[i].body, cases[i].options);
      assert_gateway_error (response, 401, "APIGW.0301");
    }

  /* X-Project-Id must be signed when sent: it decides what is reached. */
  project = project_id (f, "cn-north-4");
  {
    Options unsigned_project = { .unsigned_name = "X-Project-Id", .unsigned_value = project };
    g_autoptr(Response) response = api_request_full (f, "GET", "ims", "cn-north-4",
                                                     "/v2/cloudimages",
                                                     NULL, &unsigned_project);

    assert_gateway_error (response, 401, "APIGW.0301");
  }

  /* Unsigned headers of other names do not matter. */
  {
    Options unsigned_other = { .unsigned_name = "X-Trace", .unsigned_value = "1" };
    g_autoptr(Response) response = api_request_full (f, "GET", "iam", "cn-north-4",
                                                     "/v3/auth/domains",
                                                     NULL, &unsigned_other);

    assert_ok (response, 200);
  }
}

static void
test_auth_clock_skew (Fixture       *f,
                      gconstpointer  data)
{
  Options late = { .skew_seconds = -20 * 60 };
  Options early = { .skew_seconds = 16 * 60 };
  Options close = { .skew_seconds = -10 * 60 };
  g_autoptr(Response) late_response = NULL;
  g_autoptr(Response) early_response = NULL;
  g_autoptr(Response) close_response = NULL;
  g_autoptr(Response) real_clock = NULL;
  g_autoptr(Response) sandbox_clock = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *real_date = ferry_signer_format_date (now);
  Options real = { .date = real_date };

  fixture_start (f, NULL);

  late_response = api_request_full (f, "GET", "iam", "cn-north-4", "/v3/auth/domains", NULL, &late);
  assert_gateway_error (late_response, 401, "APIGW.0303");
  early_response = api_request_full (f, "GET", "iam", "cn-north-4", "/v3/auth/domains", NULL,
                                     &early);
  assert_gateway_error (early_response, 401, "APIGW.0303");
  close_response = api_request_full (f, "GET", "iam", "cn-north-4", "/v3/auth/domains", NULL,
                                     &close);
  assert_ok (close_response, 200);

  /* The date is checked against the sandbox clock, not the real one. */
  advance_clock (f, 3600);
  real_clock = api_request_full (f, "GET", "iam", "cn-north-4", "/v3/auth/domains", NULL, &real);
  assert_gateway_error (real_clock, 401, "APIGW.0303");
  sandbox_clock = api_get (f, "iam", "cn-north-4", "/v3/auth/domains", NULL);
  assert_ok (sandbox_clock, 200);
}

static void
test_auth_security_token (Fixture       *f,
                          gconstpointer  data)
{
  Options signed_token = { .token = "temporary-token" };
  Options unsigned_token = {
    .unsigned_name = "X-Security-Token",
    .unsigned_value = "temporary-token",
  };
  g_autoptr(Response) accepted = NULL;
  g_autoptr(Response) refused = NULL;

  fixture_start (f, NULL);

  accepted = api_request_full (f, "GET", "iam", "cn-north-4", "/v3/auth/domains", NULL,
                               &signed_token);
  assert_ok (accepted, 200);
  refused = api_request_full (f, "GET", "iam", "cn-north-4", "/v3/auth/domains", NULL,
                              &unsigned_token);
  assert_gateway_error (refused, 401, "APIGW.0301");
}

static void
test_scope (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *bj4 = NULL;
  g_autofree char *bj4_dev = NULL;
  g_autofree char *sh2 = NULL;
  g_autofree char *mos = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *job_path = NULL;
  g_autofree char *vault_path = NULL;
  const char *refused_projects[3];

  fixture_start (f, NULL);
  bj4 = project_id (f, "cn-north-4");
  bj4_dev = project_id (f, "cn-north-4_dev");
  sh2 = project_id (f, "cn-east-2");
  mos = project_id (f, "MOS");
  domain = domain_id (f);

  refused_projects[0] = NULL;
  refused_projects[1] = sh2;
  refused_projects[2] = mos;
  for (guint i = 0; i < G_N_ELEMENTS (refused_projects); i++)
    {
      g_autoptr(Response) ims = api_get (f, "ims", "cn-north-4", "/v2/cloudimages",
                                         refused_projects[i]);
      g_autoptr(Response) cbr = api_get (f, "cbr", "cn-north-4", "/v3/x/vaults",
                                         refused_projects[i]);

      assert_gateway_error (ims, 403, "APIGW.0302");
      assert_gateway_error (cbr, 403, "APIGW.0302");
    }

  /* A sub-project belongs to its region. */
  {
    g_autoptr(Response) response = api_get (f, "ims", "cn-north-4", "/v2/cloudimages?limit=1",
                                            bj4_dev);

    assert_ok (response, 200);
  }

  /* The project of the path must be the signed one. */
  job_path = g_strdup_printf ("/v1/%s/jobs/0123456789abcdef0123456789abcdef", bj4_dev);
  vault_path = g_strdup_printf ("/v3/%s/vaults", bj4_dev);
  {
    g_autoptr(Response) job = api_get (f, "ims", "cn-north-4", job_path, bj4);
    g_autoptr(Response) vaults = api_get (f, "cbr", "cn-north-4", vault_path, bj4);

    assert_gateway_error (job, 403, "APIGW.0302");
    assert_gateway_error (vaults, 403, "APIGW.0302");
  }

  /* IAM: X-Domain-Id, when sent, must be the account's. */
  {
    Options wrong = { .domain_id = "0123456789abcdef0123456789abcdef" };
    Options right = { .domain_id = domain };
    g_autoptr(Response) refused = api_request_full (f, "GET", "iam", "cn-north-4",
                                                    "/v3/auth/projects",
                                                    NULL, &wrong);
    g_autoptr(Response) accepted = api_request_full (f, "GET", "iam", "cn-north-4",
                                                     "/v3/auth/projects",
                                                     NULL, &right);

    assert_gateway_error (refused, 403, "APIGW.0302");
    assert_ok (accepted, 200);
  }
}

static void
test_routing (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *project = NULL;
  const char *missing[][3] = {
    { "ims", "xx-north-1", "/v2/cloudimages" },
    { "ecs", "cn-north-4", "/v2/cloudimages" },
    { "ims", "cn-north-4", "/v2/nothing" },
    { "iam", "cn-north-4", "/v2/cloudimages" },
    { "ims", "cn-north-4", "" },
  };

  fixture_start (f, NULL);
  project = project_id (f, "cn-north-4");

  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    {
      g_autoptr(Response) response = api_get (f, missing[i][0], missing[i][1], missing[i][2],
                                              project);

      assert_gateway_error (response, 404, "APIGW.0101");
    }

  /* A method the API does not have. */
  {
    g_autoptr(Response) response = api_request_full (f, "DELETE", "ims", "cn-north-4",
                                                     "/v2/cloudimages",
                                                     NULL, NULL);

    assert_gateway_error (response, 404, "APIGW.0101");
  }

  /* A trailing slash names the same resource. */
  {
    g_autoptr(Response) response = api_get (f, "ims", "cn-north-4", "/v2/cloudimages/?limit=1",
                                            project);

    assert_ok (response, 200);
  }

  {
    g_autoptr(Response) response = control (f, "GET", "/_sandbox/nothing", NULL);

    assert_gateway_error (response, 404, "APIGW.0101");
  }
}

/* HTTP/1.1 by hand, on one connection, so that nothing but the sandbox
 * decides whether it stays open. The sandbox serves on this thread's
 * context: reads iterate it. */

typedef struct
{
  GSocketConnection *connection;
  GString           *buffer;     /* read and not yet consumed */
  gboolean           closed;
} RawConnection;

static void
raw_read_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GBytes **bytes = user_data;
  g_autoptr(GError) error = NULL;

  *bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (*bytes == NULL)
    *bytes = g_bytes_new (NULL, 0);
}

/* More bytes in, FALSE at the end of the connection; at most 5 s. */
static gboolean
raw_read_more (RawConnection *raw)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (raw->connection));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GBytes *bytes = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  gsize size;
  const char *data;

  g_input_stream_read_bytes_async (in, 4096, G_PRIORITY_DEFAULT, cancellable, raw_read_cb, &bytes);
  while (bytes == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_cancellable_cancel (cancellable);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  data = g_bytes_get_data (bytes, &size);
  g_string_append_len (raw->buffer, data, size);
  g_bytes_unref (bytes);
  raw->closed = size == 0;
  return size > 0;
}

/* Sends a signed request and reads its answer: the status, or 0 when the
 * connection ended first. */
static guint
raw_request (Fixture       *f,
             RawConnection *raw,
             const char    *method,
             const char    *path)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", ferry_sandbox_get_port (f->sandbox));
  g_autofree char *uri_text = g_strdup_printf ("http://%s/iam/cn-north-4%s", host, path);
  g_autoptr(GUri) uri = g_uri_parse (uri_text, G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *date = sandbox_date (f, 0);
  g_autofree char *authorization = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  SoupMessageHeadersIter iter;
  const char *name, *value, *end;
  guint status = 0;
  gsize length = 0;

  soup_message_headers_append (headers, "Host", host);
  soup_message_headers_append (headers, FERRY_SIGNER_DATE_HEADER, date);
  authorization = ferry_signer_authorization (FERRY_SANDBOX_ACCESS_KEY, FERRY_SANDBOX_SECRET_KEY,
                                              method, uri, headers, NULL);
  soup_message_headers_append (headers, "Authorization", authorization);

  g_string_append_printf (text, "%s /iam/cn-north-4%s HTTP/1.1\r\n", method, path);
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (text, "%s: %s\r\n", name, value);
  if (strcmp (method, "PUT") == 0)
    g_string_append (text, "Content-Length: 0\r\n");
  g_string_append (text, "\r\n");
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (raw->connection)),
                             text->str, text->len, NULL, NULL, &error);
  g_assert_no_error (error);

  /* The head, then as much body as it announces. */
  while ((end = strstr (raw->buffer->str, "\r\n\r\n")) == NULL)
    if (!raw_read_more (raw))
      return 0;
  {
    g_autofree char *head = g_strndup (raw->buffer->str, end - raw->buffer->str);
    g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);

    g_assert_true (g_str_has_prefix (lines[0], "HTTP/1.1 "));
    status = (guint) g_ascii_strtoull (lines[0] + strlen ("HTTP/1.1 "), NULL, 10);
    for (guint i = 1; lines[i] != NULL; i++)
      {
        g_assert_false (g_ascii_strcasecmp (lines[i], "Connection: close") == 0);
        if (g_ascii_strncasecmp (lines[i], "Content-Length:", 15) == 0 &&
            strcmp (method, "HEAD") != 0)
          length = g_ascii_strtoull (lines[i] + 15, NULL, 10);
      }
  }
  g_string_erase (raw->buffer, 0, end + 4 - raw->buffer->str);
  while (raw->buffer->len < length)
    if (!raw_read_more (raw))
      return 0;
  g_string_erase (raw->buffer, 0, length);

  return status;
}

static void
test_keep_alive_after_no_body (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ims_adm = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *sh2 = NULL;
  g_autofree char *grant = NULL;
  g_autofree char *roles = NULL;
  RawConnection raw = { NULL, };
  gint64 connections;

  fixture_start (f, NULL);
  ims_adm = role_id (f, "IMS Administrator");
  partial = agency_id (f, "ims_partial_agency");
  sh2 = project_id (f, "cn-east-2");
  grant = g_strdup_printf ("/v3.0/OS-AGENCY/projects/%s/agencies/%s/roles/%s", sh2, partial,
                           ims_adm);
  roles = g_strdup_printf ("/v3.0/OS-AGENCY/projects/%s/agencies/%s/roles", sh2, partial);
  {
    g_autoptr(Response) stats = get_stats (f);

    connections = json_object_get_int_member (response_object (stats), "connections");
  }

  raw.buffer = g_string_new (NULL);
  raw.connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                    ferry_sandbox_get_port (f->sandbox), NULL,
                                                    &error);
  g_assert_no_error (error);

  /* A 204 to a PUT, a 204 to a HEAD, then an answer with a body: three
   * answers on the one connection, none of them announcing a close. */
  g_assert_cmpuint (raw_request (f, &raw, "PUT", grant), ==, 204);
  g_assert_cmpuint (raw_request (f, &raw, "HEAD", grant), ==, 204);
  g_assert_cmpuint (raw_request (f, &raw, "GET", roles), ==, 200);
  g_assert_false (raw.closed);
  {
    g_autoptr(Response) stats = get_stats (f);

    g_assert_cmpint (json_object_get_int_member (response_object (stats), "connections"), ==,
                     connections + 1);
  }

  g_clear_object (&raw.connection);
  g_string_free (raw.buffer, TRUE);
}

/* Tests: state */

static void
test_state_persistence (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ferry-sandbox-XXXXXX", &error);
  g_autofree char *state = g_build_filename (dir, "state.json", NULL);
  g_autofree char *source = NULL;
  g_autofree char *job_id = NULL;
  g_autofree char *new_image = NULL;
  g_autofree char *domain = NULL;
  double percent;

  g_assert_no_error (error);

  fixture_start (f, "state-file", state, "copy-seconds", 60, NULL);
  source = image_id (f, "cn-north-4", "whole-csbs");
  domain = domain_id (f);
  job_id = submit_cross_region_copy (f, "cn-north-4", source, "kept", "cn-east-2");
  {
    g_autofree char *body = g_strdup_printf ("{\"agency\": {\"name\": \"kept_agency\", "
                                             "\"domain_id\": \"%s\", "
                                             "\"trust_domain_name\": \"op_svc_ims\"}}", domain);
    g_autoptr(Response) response = api_post (f, "iam", "cn-north-4", AGENCIES, body, NULL);

    assert_ok (response, 201);
  }
  advance_clock (f, 20);
  {
    g_autoptr(Response) response = get_job (f, "cn-north-4", job_id);
    JsonObject *entities = json_object_get_object_member (response_object (response), "entities");

    g_assert_cmpstr (json_object_get_string_member (response_object (response), "status"), ==,
                     "RUNNING");
    percent = json_object_get_double_member (entities, "process_percent");
    new_image = g_strdup (json_object_get_string_member (entities, "image_id"));
  }
  g_assert_true (g_file_test (state, G_FILE_TEST_EXISTS));

  /* Stopped mid-copy; a new sandbox on the same file carries on. */
  fixture_stop (f);
  fixture_start (f, "state-file", state, "copy-seconds", 60, NULL);
  {
    g_autoptr(Response) response = get_job (f, "cn-north-4", job_id);
    g_autoptr(JsonObject) image = get_image (f, "cn-east-2", new_image);
    g_autofree char *agency = agency_id (f, "kept_agency");
    JsonObject *entities;

    assert_ok (response, 200);
    g_assert_cmpstr (json_object_get_string_member (response_object (response), "status"), ==,
                     "RUNNING");
    entities = json_object_get_object_member (response_object (response), "entities");
    g_assert_cmpfloat (json_object_get_double_member (entities, "process_percent"), >=, percent);
    g_assert_nonnull (image);
    g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "saving");
    /* A whole image's copy is whole too; made from a CSBS backup, it has
     * no CBR backup id (which would make it ask for a vault). */
    g_assert_false (json_object_has_member (image, "__backup_id"));
    g_assert_cmpstr (json_object_get_string_member (image, "__whole_image"), ==, "true");
    g_assert_true (is_hex32 (agency));
  }

  /* The clock offset was kept too: 20 s, plus what follows. */
  advance_clock (f, 50);
  g_assert_cmpint (f->clock_offset, ==, 70 * G_USEC_PER_SEC);
  {
    g_autoptr(Response) response = get_job (f, "cn-north-4", job_id);
    g_autoptr(JsonObject) image = get_image (f, "cn-east-2", new_image);

    g_assert_cmpstr (json_object_get_string_member (response_object (response), "status"), ==,
                     "SUCCESS");
    g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "active");
  }
  fixture_stop (f);

  /* A damaged file is an error that names it. */
  {
    const char *damaged[] = {
      "{not json",
      "[]",
      "{\"format\": 99, \"clock_offset_us\": 0}",
      "{\"format\": 1, \"clock_offset_us\": 0, \"agencies\": [], \"grants\": [], \"vaults\": [], "
      "\"images\": [{\"region\": \"nowhere-1\", \"image\": {}}], \"jobs\": []}",
      "{\"format\": 1, \"clock_offset_us\": 0, \"agencies\": [{\"id\": 1}], \"grants\": [], "
      "\"vaults\": [], \"images\": [], \"jobs\": []}",
    };

    for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
      {
        g_autoptr(FerrySandbox) sandbox = NULL;
        g_autoptr(GError) start_error = NULL;

        g_assert_true (g_file_set_contents (state, damaged[i], -1, NULL));
        sandbox = g_object_new (FERRY_TYPE_SANDBOX, "state-file", state, NULL);
        g_assert_false (ferry_sandbox_start (sandbox, &start_error));
        g_assert_nonnull (start_error);
        g_test_message ("%s", start_error->message);
        g_assert_nonnull (strstr (start_error->message, state));
      }
  }

  g_assert_cmpint (g_remove (state), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Tests: control routes */

static void
test_control_stats (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *source = NULL;
  JsonObject *object, *requests;

  fixture_start (f, "copy-seconds", 30, NULL);
  source = image_id (f, "cn-north-4", "web-server");

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("copy-%u", i);
      g_autofree char *job_id = submit_cross_region_copy (f, "cn-north-4", source, name,
                                                          "cn-east-2");
    }

  {
    g_autoptr(Response) stats = get_stats (f);

    object = response_object (stats);
    requests = json_object_get_object_member (object, "requests");
    g_assert_cmpint (json_object_get_int_member (object, "copies_running"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (object, "max_concurrent_copies"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (object, "copies_submitted"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (requests,
                                                 "POST /v1/cloudimages/{image_id}/cross_region_copy"),
                     ==, 3);
    g_assert_cmpint (json_object_get_int_member (requests, "GET /v3/projects"), >=, 1);
    g_assert_cmpint (json_object_get_int_member (requests, "GET /v2/cloudimages"), >=, 1);
  }

  advance_clock (f, 31);
  {
    g_autofree char *job_id = submit_cross_region_copy (f, "cn-north-4", source, "later",
                                                        "cn-east-2");
    g_autoptr(Response) stats = get_stats (f);

    object = response_object (stats);
    g_assert_cmpint (json_object_get_int_member (object, "copies_running"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (object, "max_concurrent_copies"), ==, 3);
    g_assert_cmpint (json_object_get_int_member (object, "copies_submitted"), ==, 4);
  }
}

static void
test_control_reset (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *domain = NULL;
  g_autofree char *source = NULL;
  g_autofree char *job_id = NULL;
  g_autofree char *body = NULL;
  g_autofree char *list_path = NULL;

  fixture_start (f, NULL);
  domain = domain_id (f);
  source = image_id (f, "cn-north-4", "web-server");
  job_id = submit_cross_region_copy (f, "cn-north-4", source, "gone", "cn-east-2");
  body = g_strdup_printf ("{\"agency\": {\"name\": \"gone_agency\", \"domain_id\": \"%s\", "
                          "\"trust_domain_name\": \"op_svc_ims\"}}", domain);
  {
    g_autoptr(Response) response = api_post (f, "iam", "cn-north-4", "/v3.0/OS-AGENCY/agencies",
                                             body, NULL);

    assert_ok (response, 201);
  }
  advance_clock (f, 600);

  {
    g_autoptr(Response) response = control (f, "POST", "/_sandbox/reset", NULL);

    g_assert_cmpuint (response->status, ==, 200);
  }
  advance_clock (f, 0);
  g_assert_cmpint (f->clock_offset, ==, 0);

  list_path = g_strdup_printf ("/v3.0/OS-AGENCY/agencies?domain_id=%s", domain);
  {
    g_autoptr(Response) agencies = api_get (f, "iam", "cn-north-4", list_path, NULL);
    g_autoptr(Response) job = get_job (f, "cn-north-4", job_id);
    g_autoptr(Response) stats = NULL;
    JsonObject *requests;

    g_assert_cmpuint (json_array_get_length (response_array (agencies, "agencies")), ==, 3);
    assert_nested_error (job, 404, "IMG.0023");

    stats = get_stats (f);
    requests = json_object_get_object_member (response_object (stats), "requests");
    g_assert_cmpint (json_object_get_int_member (response_object (stats), "copies_submitted"), ==,
                     0);
    g_assert_cmpint (json_object_get_int_member (response_object (stats), "max_concurrent_copies"),
                     ==, 0);
    g_assert_false (json_object_has_member (requests,
                                            "POST /v1/cloudimages/{image_id}/cross_region_copy"));
  }
}

static void
test_control_images (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *sh2 = NULL;
  g_autofree char *id = NULL;
  const char *body = "{\"region\": \"cn-east-2\", \"image\": {\"name\": \"added\", "
                     "\"__image_size\": \"1073741824\", \"__whole_image\": \"true\", "
                     "\"__backup_id\": \"b1\"}}";

  fixture_start (f, NULL);
  sh2 = project_id (f, "cn-east-2");

  {
    g_autoptr(Response) response = control (f, "POST", "/_sandbox/images", body);
    JsonObject *image;

    g_assert_cmpuint (response->status, ==, 200);
    image = response_object (response);
    id = g_strdup (json_object_get_string_member (image, "id"));
    g_assert_true (is_uuid (id));
    g_assert_cmpstr (json_object_get_string_member (image, "owner"), ==, sh2);
    g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "active");
    g_assert_cmpstr (json_object_get_string_member (image, "__imagetype"), ==, "private");
    g_assert_cmpstr (json_object_get_string_member (image, "__image_size"), ==, "1073741824");
    g_assert_cmpstr (json_object_get_string_member (image, "__backup_id"), ==, "b1");
  }

  {
    g_autoptr(JsonObject) image = get_image (f, "cn-east-2", id);

    g_assert_nonnull (image);
    g_assert_cmpstr (json_object_get_string_member (image, "name"), ==, "added");
  }

  {
    g_autofree char *duplicate = g_strdup_printf ("{\"region\": \"cn-east-2\", "
                                                  "\"image\": {\"id\": \"%s\"}}", id);
    g_autoptr(Response) conflict = control (f, "POST", "/_sandbox/images", duplicate);
    g_autoptr(Response) no_region = control (f, "POST", "/_sandbox/images",
                                             "{\"region\": \"nowhere-1\", \"image\": {}}");
    g_autoptr(Response) no_body = control (f, "POST", "/_sandbox/images", "nothing");
    g_autoptr(Response) bad_clock = control (f, "POST", "/_sandbox/clock",
                                             "{\"advance_seconds\": -1}");

    assert_flat_error (conflict, 409, "SANDBOX.0002");
    assert_flat_error (no_region, 400, "SANDBOX.0001");
    assert_flat_error (no_body, 400, "SANDBOX.0001");
    assert_flat_error (bad_clock, 400, "SANDBOX.0001");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sandbox/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("auth/ok", test_auth_ok);
  ADD ("auth/refused", test_auth_refused);
  ADD ("auth/clock-skew", test_auth_clock_skew);
  ADD ("auth/security-token", test_auth_security_token);
  ADD ("auth/scope", test_scope);
  ADD ("routing", test_routing);
  ADD ("http/keep-alive-after-no-body", test_keep_alive_after_no_body);
  ADD ("state/persistence", test_state_persistence);
  ADD ("control/stats", test_control_stats);
  ADD ("control/reset", test_control_reset);
  ADD ("control/images", test_control_images);

#undef ADD

  return g_test_run ();
}
