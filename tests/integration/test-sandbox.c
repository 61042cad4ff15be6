/* test-sandbox.c: the sandbox over real HTTP on loopback
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdarg.h>
#include <string.h>

#include "ferry-region-catalogue.h"
#include "ferry-sandbox.h"
#include "ferry-signer.h"

#define AGENCIES  "/v3.0/OS-AGENCY/agencies"
#define OTHER_ID  "0123456789abcdef0123456789abcdef"
#define NO_IMAGE  "00000000-0000-0000-0000-000000000000"
/* Members of a copy body. */
#define TO_SH2    "\"region\": \"cn-east-2\""
#define AGENCY    "\"agency_name\": \"ims_administrator_agency\""

/* The test talks to the sandbox the way the service is talked to: a plain
 * SoupSession and the signer, no Ferry client. The sandbox runs in-process
 * on the same main context, so every request runs a nested loop. */

typedef struct
{
  FerrySandbox *sandbox;
  SoupSession  *session;
  gint64        clock_offset;   /* µs the sandbox clock is ahead: dates are signed on its clock */
} Fixture;

typedef struct
{
  guint               status;
  JsonNode           *root;
  SoupMessageHeaders *headers;
  GError             *error;
} Response;

typedef struct
{
  const char *project_id;        /* X-Project-Id */
  const char *domain_id;         /* X-Domain-Id */
  const char *date;              /* X-Sdk-Date instead of the sandbox's now */
  gint64      skew_seconds;      /* added to the date */
  const char *access_key;
  const char *secret_key;
  const char *token;             /* X-Security-Token, signed */
  const char *unsigned_name;     /* a header added after signing */
  const char *unsigned_value;
  const char *sent_body;         /* sent instead of the signed body */
  gboolean    no_authorization;
  gboolean    no_host;           /* libsoup adds Host after signing */
  gboolean    tamper;
  gboolean    new_connection;
} Options;

static void
response_free (Response *response)
{
  g_clear_pointer (&response->root, json_node_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_error (&response->error);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

static JsonObject *
response_object (Response *response)
{
  g_assert_nonnull (response->root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->root));
  return json_node_get_object (response->root);
}

static JsonArray *
response_array (Response   *response,
                const char *member)
{
  JsonArray *array = json_object_get_array_member (response_object (response), member);

  g_assert_nonnull (array);
  return array;
}

/* Fixture */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->session = soup_session_new ();
}

static void
fixture_start (Fixture    *f,
               const char *first_property,
               ...)
{
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first_property);
  f->sandbox = FERRY_SANDBOX (g_object_new_valist (FERRY_TYPE_SANDBOX, first_property, args));
  va_end (args);

  ferry_sandbox_start (f->sandbox, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_sandbox_get_port (f->sandbox), >, 0);
}

static void
fixture_stop (Fixture *f)
{
  if (f->sandbox != NULL)
    ferry_sandbox_stop (f->sandbox);
  g_clear_object (&f->sandbox);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  fixture_stop (f);
  g_clear_object (&f->session);
}

/* Requests */

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GBytes **bytes = user_data;
  GError *error = NULL;

  *bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (*bytes == NULL)
    {
      /* A recognisable marker for "the call failed". */
      *bytes = g_bytes_new_take (g_strdup (error->message), strlen (error->message));
      g_object_set_data_full (source, "last-error", error, (GDestroyNotify) g_error_free);
    }
}

static Response *
send_message (Fixture     *f,
              SoupMessage *msg)
{
  Response *response = g_new0 (Response, 1);
  GBytes *bytes = NULL;
  GError *error;
  gsize size;
  const char *data;

  g_object_set_data (G_OBJECT (f->session), "last-error", NULL);
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &bytes);
  while (bytes == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);

  error = g_object_steal_data (G_OBJECT (f->session), "last-error");
  if (error != NULL)
    {
      response->error = error;
      g_bytes_unref (bytes);
      return response;
    }

  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  data = g_bytes_get_data (bytes, &size);
  if (size > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, data, size, NULL))
        response->root = json_node_ref (json_parser_get_root (parser));
    }
  g_bytes_unref (bytes);

  return response;
}

static char *
sandbox_date (Fixture *f,
              gint64   skew_seconds)
{
  g_autoptr(GDateTime) now = NULL;

  now = g_date_time_new_from_unix_utc ((g_get_real_time () + f->clock_offset) / G_USEC_PER_SEC +
                                       skew_seconds);
  return ferry_signer_format_date (now);
}

static Response *
api_request_full (Fixture       *f,
                  const char    *method,
                  const char    *service,
                  const char    *region,
                  const char    *path,
                  const char    *body,
                  const Options *options)
{
  static const Options no_options = { NULL, };
  g_autofree char *uri = NULL;
  g_autofree char *host = NULL;
  g_autofree char *date = NULL;
  g_autofree char *authorization = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessageHeaders *headers;

  if (options == NULL)
    options = &no_options;

  uri = g_strdup_printf ("http://127.0.0.1:%u/%s/%s%s",
                         ferry_sandbox_get_port (f->sandbox), service, region, path);
  msg = soup_message_new (method, uri);
  g_assert_nonnull (msg);
  if (options->new_connection)
    soup_message_add_flags (msg, SOUP_MESSAGE_NEW_CONNECTION);
  headers = soup_message_get_request_headers (msg);

  /* What a client must do for host to be signed: name it itself. */
  host = g_strdup_printf ("127.0.0.1:%u", ferry_sandbox_get_port (f->sandbox));
  if (!options->no_host)
    soup_message_headers_append (headers, "Host", host);
  date = options->date != NULL ? g_strdup (options->date) : sandbox_date (f, options->skew_seconds);
  soup_message_headers_append (headers, FERRY_SIGNER_DATE_HEADER, date);
  if (options->project_id != NULL)
    soup_message_headers_append (headers, "X-Project-Id", options->project_id);
  if (options->domain_id != NULL)
    soup_message_headers_append (headers, "X-Domain-Id", options->domain_id);
  if (options->token != NULL)
    soup_message_headers_append (headers, "X-Security-Token", options->token);

  if (body != NULL)
    {
      bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  if (!options->no_authorization)
    {
      const char *access_key = options->access_key != NULL ? options->access_key
                                                           : FERRY_SANDBOX_ACCESS_KEY;
      const char *secret_key = options->secret_key != NULL ? options->secret_key
                                                           : FERRY_SANDBOX_SECRET_KEY;

      authorization = ferry_signer_authorization (access_key, secret_key, method,
                                                  soup_message_get_uri (msg), headers, bytes);
      g_assert_nonnull (authorization);
      if (options->tamper)
        {
          char *last = authorization + strlen (authorization) - 1;

          *last = *last == '0' ? '1' : '0';
        }
      soup_message_headers_append (headers, "Authorization", authorization);
    }

  if (options->unsigned_name != NULL)
    soup_message_headers_append (headers, options->unsigned_name, options->unsigned_value);
  if (options->sent_body != NULL)
    {
      g_autoptr(GBytes) other = g_bytes_new (options->sent_body, strlen (options->sent_body));

      soup_message_set_request_body_from_bytes (msg, "application/json", other);
    }

  return send_message (f, msg);
}

static Response *
api_get (Fixture    *f,
         const char *service,
         const char *region,
         const char *path,
         const char *project_id)
{
  Options options = { .project_id = project_id };

  return api_request_full (f, "GET", service, region, path, NULL, &options);
}

static Response *
api_post (Fixture    *f,
          const char *service,
          const char *region,
          const char *path,
          const char *body,
          const char *project_id)
{
  Options options = { .project_id = project_id };

  return api_request_full (f, "POST", service, region, path, body, &options);
}

static Response *
control (Fixture    *f,
         const char *method,
         const char *path,
         const char *body)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s",
                                          ferry_sandbox_get_port (f->sandbox), path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  return send_message (f, msg);
}

static void
advance_clock (Fixture *f,
               double   seconds)
{
  g_autofree char *body = g_strdup_printf ("{\"advance_seconds\": %.3f}", seconds);
  g_autoptr(Response) response = NULL;
  JsonObject *object;

  /* The test locale may write a comma; JSON wants a point. */
  for (char *p = body; *p != '\0'; p++)
    if (*p == ',')
      *p = '.';

  response = control (f, "POST", "/_sandbox/clock", body);
  g_assert_cmpuint (response->status, ==, 200);
  object = response_object (response);
  g_assert_true (json_object_has_member (object, "now"));
  f->clock_offset = (gint64) (json_object_get_double_member (object,
                                                             "offset_seconds") * G_USEC_PER_SEC);
}

/* Reads the stats as an object; the caller frees the response. */
static Response *
get_stats (Fixture *f)
{
  Response *response = control (f, "GET", "/_sandbox/stats", NULL);

  g_assert_cmpuint (response->status, ==, 200);
  return response;
}

/* Assertions */

static void
assert_request_id (Response *response)
{
  const char *id = soup_message_headers_get_one (response->headers, "X-Request-Id");

  g_assert_nonnull (id);
  g_assert_cmpuint (strlen (id), ==, 32);
  for (const char *p = id; *p != '\0'; p++)
    g_assert_true (g_ascii_isxdigit (*p) && !g_ascii_isupper (*p));
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (response->headers, NULL),
                                   "application/json"));
}

static void
assert_gateway_error (Response   *response,
                      guint       status,
                      const char *code)
{
  JsonObject *object;

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, status);
  assert_request_id (response);
  object = response_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "error_code"), ==, code);
  g_assert_nonnull (json_object_get_string_member (object, "error_msg"));
  g_assert_cmpstr (json_object_get_string_member (object, "request_id"), ==,
                   soup_message_headers_get_one (response->headers, "X-Request-Id"));
}

/* {"error": {"code", "message"}}, the shape of IMS and IAM. */
static void
assert_nested_error (Response   *response,
                     guint       status,
                     const char *code)
{
  JsonObject *error;

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, status);
  assert_request_id (response);
  error = json_object_get_object_member (response_object (response), "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
}

static void
assert_flat_error (Response   *response,
                   guint       status,
                   const char *code)
{
  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (json_object_get_string_member (response_object (response), "error_code"), ==,
                   code);
  g_assert_nonnull (json_object_get_string_member (response_object (response), "error_msg"));
}

static void
assert_ok (Response *response,
           guint     status)
{
  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, status);
  assert_request_id (response);
}

static gboolean
is_uuid (const char *text)
{
  if (text == NULL || strlen (text) != 36)
    return FALSE;
  for (guint i = 0; i < 36; i++)
    if ((i == 8 || i == 13 || i == 18 || i == 23) ? text[i] != '-' : !g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_hex32 (const char *text)
{
  if (text == NULL || strlen (text) != 32)
    return FALSE;
  for (guint i = 0; i < 32; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* Helpers over the API */

static char *
project_id (Fixture    *f,
            const char *name)
{
  g_autofree char *path = g_strdup_printf ("/v3/projects?name=%s", name);
  g_autoptr(Response) response = api_get (f, "iam", "cn-north-4", path, NULL);
  JsonArray *projects;

  assert_ok (response, 200);
  projects = json_object_get_array_member (response_object (response), "projects");
  g_assert_cmpuint (json_array_get_length (projects), ==, 1);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (projects, 0),
                                                  "id"));
}

static char *
domain_id (Fixture *f)
{
  g_autoptr(Response) response = api_get (f, "iam", "cn-north-4", "/v3/auth/domains", NULL);
  JsonArray *domains;

  assert_ok (response, 200);
  domains = json_object_get_array_member (response_object (response), "domains");
  g_assert_cmpuint (json_array_get_length (domains), ==, 1);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (domains, 0),
                                                  "id"));
}

/* GET /v2/cloudimages in @region with @query ("" for none), as the
 * region's default project. */
static Response *
list_images (Fixture    *f,
             const char *region,
             const char *query)
{
  g_autofree char *project = project_id (f, region);
  g_autofree char *path = g_strdup_printf ("/v2/cloudimages%s%s", query[0] != '\0' ? "?" : "",
                                           query);
  Response *response = api_get (f, "ims", region, path, project);

  assert_ok (response, 200);
  return response;
}

static JsonArray *
images_of (Response *response)
{
  return json_object_get_array_member (response_object (response), "images");
}

static JsonObject *
find_by_name (JsonArray  *array,
              const char *name)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (object, "name"), name) == 0)
        return object;
    }

  return NULL;
}

/* The id of the image named @name in @region. */
static char *
image_id (Fixture    *f,
          const char *region,
          const char *name)
{
  g_autofree char *query = g_strdup_printf ("name=%s", name);
  g_autoptr(Response) response = list_images (f, region, query);
  JsonArray *images = images_of (response);

  g_assert_cmpuint (json_array_get_length (images), ==, 1);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (images, 0), "id"));
}

/* The image with @id in @region, NULL when not listed. */
static JsonObject *
get_image (Fixture    *f,
           const char *region,
           const char *id)
{
  g_autofree char *query = g_strdup_printf ("id=%s", id);
  g_autoptr(Response) response = list_images (f, region, query);
  JsonArray *images = images_of (response);

  if (json_array_get_length (images) == 0)
    return NULL;
  g_assert_cmpuint (json_array_get_length (images), ==, 1);
  return json_object_ref (json_array_get_object_element (images, 0));
}

static char *
submit_cross_region_copy (Fixture    *f,
                          const char *source_region,
                          const char *image,
                          const char *name,
                          const char *region)
{
  g_autofree char *project = project_id (f, source_region);
  g_autofree char *path = g_strdup_printf ("/v1/cloudimages/%s/cross_region_copy", image);
  g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"description\": \"a copy\", "
                                           "\"region\": \"%s\", \"project_name\": \"%s\", "
                                           "\"agency_name\": \"ims_administrator_agency\"}",
                                           name, region, region);
  g_autoptr(Response) response = api_post (f, "ims", source_region, path, body, project);
  const char *job_id;

  assert_ok (response, 200);
  job_id = json_object_get_string_member (response_object (response), "job_id");
  g_assert_true (is_hex32 (job_id));
  return g_strdup (job_id);
}

static Response *
get_job (Fixture    *f,
         const char *region,
         const char *job_id)
{
  g_autofree char *project = project_id (f, region);
  g_autofree char *path = g_strdup_printf ("/v1/%s/jobs/%s", project, job_id);

  return api_get (f, "ims", region, path, project);
}

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

/* Tests: IAM */

static void
test_iam_discovery (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FerryRegionCatalogue) catalogue = ferry_region_catalogue_new_default (NULL);
  g_autoptr(Response) projects = NULL;
  g_autoptr(Response) regions = NULL;
  g_autoptr(Response) roles = NULL;
  g_autoptr(Response) all_roles = NULL;
  g_autofree char *domain = NULL;
  JsonArray *array;
  guint n_regions = g_list_model_get_n_items (G_LIST_MODEL (catalogue));
  gboolean seen_mos = FALSE, seen_dev = FALSE;

  fixture_start (f, NULL);
  domain = domain_id (f);

  projects = api_get (f, "iam", "ap-southeast-3", "/v3/auth/projects", NULL);
  assert_ok (projects, 200);
  array = json_object_get_array_member (response_object (projects), "projects");
  g_assert_cmpuint (json_array_get_length (array), ==, n_regions + 2);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *project = json_array_get_object_element (array, i);
      const char *name = json_object_get_string_member (project, "name");

      g_assert_true (is_hex32 (json_object_get_string_member (project, "id")));
      g_assert_cmpstr (json_object_get_string_member (project, "domain_id"), ==, domain);
      g_assert_nonnull (json_object_get_string_member (project, "parent_id"));
      g_assert_true (json_object_get_boolean_member (project, "enabled"));
      seen_mos |= strcmp (name, "MOS") == 0;
      seen_dev |= strcmp (name, "cn-north-4_dev") == 0;
      if (strcmp (name, "MOS") != 0 && strcmp (name, "cn-north-4_dev") != 0)
        g_assert_nonnull (ferry_region_catalogue_lookup (catalogue, name));
    }
  g_assert_true (seen_mos && seen_dev);

  regions = api_get (f, "iam", "cn-north-4", "/v3/regions", NULL);
  assert_ok (regions, 200);
  array = json_object_get_array_member (response_object (regions), "regions");
  g_assert_cmpuint (json_array_get_length (array), ==, n_regions);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *region = json_array_get_object_element (array, i);
      JsonObject *locales = json_object_get_object_member (region, "locales");

      g_assert_cmpstr (json_object_get_string_member (region, "type"), ==, "public");
      g_assert_nonnull (json_object_get_string_member (locales, "zh-cn"));
      g_assert_nonnull (json_object_get_string_member (locales, "en-us"));
      if (strcmp (json_object_get_string_member (region, "id"), "cn-east-3") == 0)
        g_assert_cmpstr (json_object_get_string_member (locales, "zh-cn"), ==, "华东-上海一");
    }

  roles = api_get (f, "iam", "cn-north-4", "/v3/roles?display_name=IMS%20Administrator", NULL);
  assert_ok (roles, 200);
  array = json_object_get_array_member (response_object (roles), "roles");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"),
                   ==, "ims_adm");
  g_assert_true (is_hex32 (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                          "id")));

  all_roles = api_get (f, "iam", "cn-north-4", "/v3/roles", NULL);
  assert_ok (all_roles, 200);
  array = json_object_get_array_member (response_object (all_roles), "roles");
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
  g_assert_nonnull (find_by_name (array, "te_admin"));
}

static void
test_iam_agencies (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *domain = NULL;
  g_autofree char *list_path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *long_name = g_strnfill (65, 'a');
  g_autofree char *long_description = g_strnfill (256, 'd');
  JsonArray *agencies;
  JsonObject *agency;

  fixture_start (f, NULL);
  domain = domain_id (f);
  list_path = g_strdup_printf ("/v3.0/OS-AGENCY/agencies?domain_id=%s", domain);

  {
    g_autoptr(Response) response = api_get (f, "iam", "cn-north-4", list_path, NULL);

    assert_ok (response, 200);
    agencies = json_object_get_array_member (response_object (response), "agencies");
    g_assert_cmpuint (json_array_get_length (agencies), ==, 3);
    agency = find_by_name (agencies, "ims_administrator_agency");
    g_assert_nonnull (agency);
    g_assert_cmpstr (json_object_get_string_member (agency, "trust_domain_name"), ==, "op_svc_ims");
    g_assert_cmpstr (json_object_get_string_member (agency, "duration"), ==, "FOREVER");
    g_assert_cmpstr (json_object_get_string_member (agency, "domain_id"), ==, domain);
    g_assert_nonnull (json_object_get_string_member (agency, "create_time"));
    g_assert_true (json_object_get_null_member (agency, "expire_time"));
    g_assert_cmpstr (json_object_get_string_member (find_by_name (agencies, "ecs_agency"),
                                                    "trust_domain_name"), ==, "op_svc_ecs");
    g_assert_nonnull (find_by_name (agencies, "ims_partial_agency"));
  }

  {
    g_autofree char *path = g_strdup_printf ("%s&name=ecs_agency", list_path);
    g_autoptr(Response) response = api_get (f, "iam", "cn-north-4", path, NULL);

    assert_ok (response, 200);
    g_assert_cmpuint (json_array_get_length (response_array (response, "agencies")), ==, 1);
  }

  {
    g_autoptr(Response) missing = api_get (f, "iam", "cn-north-4", AGENCIES, NULL);
    g_autoptr(Response) other = api_get (f, "iam", "cn-north-4", AGENCIES "?domain_id=" OTHER_ID,
                                         NULL);

    assert_flat_error (missing, 400, "IAM.0007");
    assert_flat_error (other, 403, "IAM.0002");
  }

  body = g_strdup_printf ("{\"agency\": {\"name\": \"copy_agency\", \"domain_id\": \"%s\", "
                          "\"trust_domain_name\": \"op_svc_ims\", \"duration\": \"FOREVER\", "
                          "\"description\": \"Agency with IMS Administrator permissions\"}}",
                          domain);
  {
    g_autoptr(Response) created = api_post (f, "iam", "cn-north-4", AGENCIES, body, NULL);
    g_autoptr(Response) again = api_post (f, "iam", "cn-north-4", AGENCIES, body, NULL);
    g_autoptr(Response) listed = api_get (f, "iam", "cn-north-4", list_path, NULL);
    JsonObject *seeded = find_by_name (response_array (listed, "agencies"),
                                       "ims_administrator_agency");

    assert_ok (created, 201);
    agency = json_object_get_object_member (response_object (created), "agency");
    g_assert_true (is_hex32 (json_object_get_string_member (agency, "id")));
    g_assert_cmpstr (json_object_get_string_member (agency, "name"), ==, "copy_agency");
    g_assert_cmpstr (json_object_get_string_member (agency, "trust_domain_name"), ==, "op_svc_ims");
    g_assert_cmpstr (json_object_get_string_member (agency, "trust_domain_id"), ==,
                     json_object_get_string_member (seeded, "trust_domain_id"));
    assert_flat_error (again, 409, "IAM.0005");
    g_assert_nonnull (find_by_name (response_array (listed, "agencies"), "copy_agency"));
  }

  {
    g_autofree char *one_day = g_strdup_printf ("{\"agency\": {\"name\": \"day_agency\", "
                                                "\"domain_id\": \"%s\", \"trust_domain_name\": "
                                                "\"op_svc_ims\", \"duration\": \"ONEDAY\"}}",
                                                domain);
    g_autoptr(Response) created = api_post (f, "iam", "cn-north-4", AGENCIES, one_day, NULL);

    assert_ok (created, 201);
    agency = json_object_get_object_member (response_object (created), "agency");
    g_assert_nonnull (json_object_get_string_member (agency, "expire_time"));
  }

  {
    char *bad[6];
    guint statuses[] = { 400, 400, 400, 400, 403, 400 };
    const char *codes[] = {
      "IAM.0073", "IAM.0073", "IAM.0073", "IAM.0011", "IAM.0002", "IAM.0011",
    };

    bad[0] = g_strdup_printf ("{\"agency\": {\"name\": \"%s\", \"domain_id\": \"%s\", "
                              "\"trust_domain_name\": \"op_svc_ims\"}}", long_name, domain);
    bad[1] = g_strdup_printf ("{\"agency\": {\"name\": \"x\", \"domain_id\": \"%s\", "
                              "\"trust_domain_name\": \"op_svc_ims\", \"description\": \"%s\"}}",
                              domain, long_description);
    bad[2] = g_strdup_printf ("{\"agency\": {\"name\": \"x\", \"domain_id\": \"%s\", "
                              "\"trust_domain_name\": \"op_svc_ims\", \"duration\": \"WEEK\"}}",
                              domain);
    bad[3] = g_strdup ("{\"name\": \"x\"}");
    bad[4] = g_strdup ("{\"agency\": {\"name\": \"x\", \"domain_id\": \"" OTHER_ID "\", "
                       "\"trust_domain_name\": \"op_svc_ims\"}}");
    bad[5] = g_strdup ("not json");
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(Response) response = api_post (f, "iam", "cn-north-4", AGENCIES, bad[i], NULL);

        g_test_message ("bad agency %u", i);
        assert_flat_error (response, statuses[i], codes[i]);
        g_free (bad[i]);
      }
  }
}

static void
test_iam_show_agency (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *domain = NULL;
  g_autofree char *list_path = NULL;
  g_autofree char *path = NULL;
  JsonObject *listed;

  fixture_start (f, NULL);
  domain = domain_id (f);
  list_path = g_strdup_printf (AGENCIES "?domain_id=%s&name=ims_administrator_agency", domain);
  {
    g_autoptr(Response) list = api_get (f, "iam", "cn-north-4", list_path, NULL);

    listed = json_object_ref (json_array_get_object_element (response_array (list, "agencies"), 0));
  }

  /* ShowAgency: the same agency, under "agency". */
  path = g_strdup_printf (AGENCIES "/%s", json_object_get_string_member (listed, "id"));
  {
    g_autoptr(Response) response = api_get (f, "iam", "cn-north-4", path, NULL);
    JsonObject *agency;

    assert_ok (response, 200);
    agency = json_object_get_object_member (response_object (response), "agency");
    g_assert_nonnull (agency);
    g_assert_cmpstr (json_object_get_string_member (agency, "id"), ==,
                     json_object_get_string_member (listed, "id"));
    g_assert_cmpstr (json_object_get_string_member (agency, "name"), ==, "ims_administrator_agency");
    g_assert_cmpstr (json_object_get_string_member (agency, "trust_domain_name"), ==, "op_svc_ims");
    g_assert_cmpstr (json_object_get_string_member (agency, "domain_id"), ==, domain);
  }
  {
    g_autoptr(Response) unknown = api_get (f, "iam", "cn-north-4", AGENCIES "/" OTHER_ID, NULL);

    assert_flat_error (unknown, 404, "IAM.0004");
  }
  json_object_unref (listed);
}

static char *
role_id (Fixture    *f,
         const char *display_name)
{
  g_autofree char *escaped = g_uri_escape_string (display_name, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/v3/roles?display_name=%s", escaped);
  g_autoptr(Response) response = api_get (f, "iam", "cn-north-4", path, NULL);
  JsonArray *roles;

  assert_ok (response, 200);
  roles = json_object_get_array_member (response_object (response), "roles");
  g_assert_cmpuint (json_array_get_length (roles), ==, 1);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (roles, 0), "id"));
}

static char *
agency_id (Fixture    *f,
           const char *name)
{
  g_autofree char *domain = domain_id (f);
  g_autofree char *path = g_strdup_printf ("/v3.0/OS-AGENCY/agencies?domain_id=%s&name=%s", domain,
                                           name);
  g_autoptr(Response) response = api_get (f, "iam", "cn-north-4", path, NULL);
  JsonArray *agencies;

  assert_ok (response, 200);
  agencies = json_object_get_array_member (response_object (response), "agencies");
  g_assert_cmpuint (json_array_get_length (agencies), ==, 1);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (agencies, 0),
                                                  "id"));
}

static guint
check_grant (Fixture    *f,
             const char *project,
             const char *agency,
             const char *role)
{
  g_autofree char *path = g_strdup_printf ("/v3.0/OS-AGENCY/projects/%s/agencies/%s/roles/%s",
                                           project, agency, role);
  g_autoptr(Response) response = api_request_full (f, "HEAD", "iam", "cn-north-4", path, NULL,
                                                   NULL);

  g_assert_no_error (response->error);
  assert_request_id (response);
  return response->status;
}

static void
test_iam_grants (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(FerryRegionCatalogue) catalogue = ferry_region_catalogue_new_default (NULL);
  g_autofree char *ims_adm = NULL;
  g_autofree char *full = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *bj4 = NULL;
  g_autofree char *sh2 = NULL;
  g_autofree char *grant_path = NULL;
  g_autofree char *list_path = NULL;

  fixture_start (f, NULL);
  ims_adm = role_id (f, "IMS Administrator");
  full = agency_id (f, "ims_administrator_agency");
  partial = agency_id (f, "ims_partial_agency");
  bj4 = project_id (f, "cn-north-4");
  sh2 = project_id (f, "cn-east-2");

  /* The seed: one agency granted in every region, one in cn-north-4 only. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalogue)); i++)
    {
      g_autoptr(FerryRegion) region = g_list_model_get_item (G_LIST_MODEL (catalogue), i);
      g_autofree char *project = project_id (f, ferry_region_get_id (region));

      g_assert_cmpuint (check_grant (f, project, full, ims_adm), ==, 204);
    }
  g_assert_cmpuint (check_grant (f, bj4, partial, ims_adm), ==, 204);
  g_assert_cmpuint (check_grant (f, sh2, partial, ims_adm), ==, 404);

  grant_path = g_strdup_printf ("/v3.0/OS-AGENCY/projects/%s/agencies/%s/roles/%s", sh2, partial,
                                ims_adm);
  {
    g_autoptr(Response) granted = api_request_full (f, "PUT", "iam", "cn-north-4", grant_path, NULL,
                                                    NULL);
    g_autoptr(Response) again = api_request_full (f, "PUT", "iam", "cn-north-4", grant_path, NULL,
                                                  NULL);

    assert_ok (granted, 204);
    g_assert_null (granted->root);
    assert_ok (again, 204);
  }
  g_assert_cmpuint (check_grant (f, sh2, partial, ims_adm), ==, 204);

  list_path = g_strdup_printf ("/v3.0/OS-AGENCY/projects/%s/agencies/%s/roles", sh2, partial);
  {
    g_autoptr(Response) response = api_get (f, "iam", "cn-north-4", list_path, NULL);
    JsonArray *roles;

    assert_ok (response, 200);
    roles = json_object_get_array_member (response_object (response), "roles");
    g_assert_cmpuint (json_array_get_length (roles), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (roles, 0),
                                                    "display_name"),
                     ==, "IMS Administrator");
  }

  /* Unknown project, agency or role. */
  {
    const char *unknown = "0123456789abcdef0123456789abcdef";
    char *paths[3];

    paths[0] = g_strdup_printf ("/v3.0/OS-AGENCY/projects/%s/agencies/%s/roles/%s", unknown,
                                partial, ims_adm);
    paths[1] = g_strdup_printf ("/v3.0/OS-AGENCY/projects/%s/agencies/%s/roles/%s", sh2, unknown,
                                ims_adm);
    paths[2] = g_strdup_printf ("/v3.0/OS-AGENCY/projects/%s/agencies/%s/roles/%s", sh2, partial,
                                unknown);
    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        g_autoptr(Response) response = api_request_full (f, "PUT", "iam", "cn-north-4", paths[i],
                                                         NULL, NULL);

        assert_flat_error (response, 404, "IAM.0004");
        g_free (paths[i]);
      }
  }
}

/* Tests: IMS */

static void
test_ims_image_records (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(Response) response = NULL;
  g_autofree char *project = NULL;
  JsonArray *images;
  JsonObject *image;
  g_autoptr(GRegex) iso_time = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", 0, 0,
                                            NULL);

  fixture_start (f, NULL);
  project = project_id (f, "cn-north-4");
  response = list_images (f, "cn-north-4", "");
  images = images_of (response);

  /* A plain private image, with the API's string typing. */
  image = find_by_name (images, "web-server");
  g_assert_nonnull (image);
  g_assert_true (is_uuid (json_object_get_string_member (image, "id")));
  g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (image, "__imagetype"), ==, "private");
  g_assert_cmpstr (json_object_get_string_member (image, "visibility"), ==, "private");
  g_assert_cmpstr (json_object_get_string_member (image, "owner"), ==, project);
  g_assert_cmpstr (json_object_get_string_member (image, "__image_size"), ==, "42949672960");
  g_assert_cmpstr (json_object_get_string_member (image, "__is_config_init"), ==, "true");
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (image, "min_disk")), ==,
                   G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (image, "min_disk"), ==, 40);
  g_assert_cmpstr (json_object_get_string_member (image, "__os_type"), ==, "Linux");
  g_assert_false (json_object_has_member (image, "__system__cmkid"));
  g_assert_false (json_object_has_member (image, "__backup_id"));
  g_assert_true (g_regex_match (iso_time, json_object_get_string_member (image, "created_at"), 0,
                                NULL));
  g_assert_true (g_regex_match (iso_time, json_object_get_string_member (image, "updated_at"), 0,
                                NULL));

  image = find_by_name (images, "db-server");
  g_assert_cmpstr (json_object_get_string_member (image, "virtual_env_type"), ==, "DataImage");
  image = find_by_name (images, "app-uninitialised");
  g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (image, "__is_config_init"), ==, "false");
  g_assert_cmpstr (json_object_get_string_member (find_by_name (images, "build-in-progress"),
                                                  "status"),
                   ==, "saving");
  g_assert_cmpstr (json_object_get_string_member (find_by_name (images, "failed-import"), "status"),
                   ==, "killed");
  image = find_by_name (images, "secure-encrypted");
  g_assert_true (is_uuid (json_object_get_string_member (image, "__system__cmkid")));
  image = find_by_name (images, "installer-iso");
  g_assert_cmpstr (json_object_get_string_member (image, "virtual_env_type"), ==, "IsoImage");
  g_assert_cmpstr (json_object_get_string_member (image, "disk_format"), ==, "iso");
  image = find_by_name (images, "bigdata-320g");
  g_assert_cmpuint (g_ascii_strtoull (json_object_get_string_member (image, "__image_size"), NULL,
                                      10),
                    >, G_GUINT64_CONSTANT (322122547200));  /* cn-north-4's 300 GiB */
  image = find_by_name (images, "exact-128g");
  g_assert_cmpstr (json_object_get_string_member (image, "__image_size"), ==, "137438953472");

  /* The CBR/CSBS rule: __backup_id set means CBR. */
  image = find_by_name (images, "whole-csbs");
  g_assert_cmpstr (json_object_get_string_member (image, "__whole_image"), ==, "true");
  g_assert_false (json_object_has_member (image, "__backup_id"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (image, "__data_origin"),
                                   "server_backup,"));
  image = find_by_name (images, "whole-cbr");
  {
    g_autofree char *origin = g_strconcat ("server_backup,",
                                           json_object_get_string_member (image,
                                                                          "__backup_id"), NULL);

    g_assert_cmpstr (json_object_get_string_member (image, "__whole_image"), ==, "true");
    g_assert_true (is_uuid (json_object_get_string_member (image, "__backup_id")));
    g_assert_cmpstr (json_object_get_string_member (image, "__data_origin"), ==, origin);
  }

  image = find_by_name (images, "partner-shared");
  g_assert_cmpstr (json_object_get_string_member (image, "__imagetype"), ==, "shared");
  g_assert_cmpstr (json_object_get_string_member (image, "visibility"), ==, "shared");
  g_assert_true (is_hex32 (json_object_get_string_member (image, "owner")));
  g_assert_cmpstr (json_object_get_string_member (image, "owner"), !=, project);

  /* Other regions, mainland or not. */
  {
    g_autoptr(Response) sg = list_images (f, "ap-southeast-3", "");
    g_autoptr(Response) sh1 = list_images (f, "cn-east-3", "__whole_image=true");

    g_assert_nonnull (find_by_name (images_of (sg), "sg-app"));
    g_assert_cmpstr (json_object_get_string_member (find_by_name (images_of (sg), "sg-whole-cbr"),
                                                    "__whole_image"), ==, "true");
    g_assert_null (find_by_name (images_of (sg), "web-server"));
    g_assert_cmpuint (json_array_get_length (images_of (sh1)), ==, 2);
  }
}

static void
test_ims_seed_is_stable (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  fixture_start (f, NULL);
  first = image_id (f, "cn-north-4", "web-server");
  fixture_stop (f);

  fixture_start (f, NULL);
  second = image_id (f, "cn-north-4", "web-server");
  g_assert_cmpstr (first, ==, second);
}

static guint
count_images (Fixture    *f,
              const char *region,
              const char *query)
{
  g_autoptr(Response) response = list_images (f, region, query);

  return json_array_get_length (images_of (response));
}

static void
test_ims_filters (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *project = NULL;
  g_autofree char *web_server = NULL;
  g_autofree char *partner = NULL;
  g_autofree char *query = NULL;

  fixture_start (f, NULL);
  project = project_id (f, "cn-north-4");
  web_server = image_id (f, "cn-north-4", "web-server");

  {
    g_autoptr(Response) response = list_images (f, "cn-north-4", "__imagetype=private");
    JsonArray *images = images_of (response);

    g_assert_cmpuint (json_array_get_length (images), ==, 12);
    for (guint i = 0; i < json_array_get_length (images); i++)
      {
        JsonObject *image = json_array_get_object_element (images, i);

        g_assert_cmpstr (json_object_get_string_member (image, "__imagetype"), ==, "private");
        g_assert_cmpstr (json_object_get_string_member (image, "owner"), ==, project);
      }
  }

  {
    g_autoptr(Response) response = list_images (f, "cn-north-4", "__imagetype=shared");
    JsonArray *images = images_of (response);

    g_assert_cmpuint (json_array_get_length (images), ==, 1);
    partner = g_strdup (json_object_get_string_member (json_array_get_object_element (images, 0),
                                                       "owner"));
  }

  g_assert_cmpuint (count_images (f, "cn-north-4", "__imagetype=gold"), ==, 1);
  g_assert_cmpuint (count_images (f, "cn-north-4", "status=saving"), ==, 1);
  g_assert_cmpuint (count_images (f, "cn-north-4", "status=killed"), ==, 1);
  g_assert_cmpuint (count_images (f, "cn-north-4", "name=web-server"), ==, 1);
  g_assert_cmpuint (count_images (f, "cn-north-4", "name=CentOS%207.9%2064bit"), ==, 1);
  g_assert_cmpuint (count_images (f, "cn-north-4", "__whole_image=true"), ==, 2);
  g_assert_cmpuint (count_images (f, "cn-north-4", "__whole_image=false"), ==, 12);
  g_assert_cmpuint (count_images (f, "cn-north-4", "__imagetype=private&__whole_image=true"), ==,
                    2);
  g_assert_cmpuint (count_images (f, "cn-north-4", "virtual_env_type=IsoImage"), ==, 1);
  g_assert_cmpuint (count_images (f, "cn-north-4", "virtual_env_type=DataImage"), ==, 1);
  g_assert_cmpuint (count_images (f, "cn-north-4", "__imagetype=private&status=active&limit=3"), ==,
                    3);

  query = g_strdup_printf ("id=%s", web_server);
  g_assert_cmpuint (count_images (f, "cn-north-4", query), ==, 1);
  g_clear_pointer (&query, g_free);
  query = g_strdup_printf ("owner=%s", partner);
  g_assert_cmpuint (count_images (f, "cn-north-4", query), ==, 1);
  g_clear_pointer (&query, g_free);

  /* An image is in one region only. */
  query = g_strdup_printf ("id=%s", web_server);
  g_assert_cmpuint (count_images (f, "cn-east-2", query), ==, 0);

  /* A sub-project sees shared and public images, not the region project's own. */
  {
    g_autofree char *dev = project_id (f, "cn-north-4_dev");
    g_autoptr(Response) own = api_get (f, "ims", "cn-north-4",
                                       "/v2/cloudimages?__imagetype=private", dev);
    g_autoptr(Response) all = api_get (f, "ims", "cn-north-4", "/v2/cloudimages", dev);

    assert_ok (own, 200);
    assert_ok (all, 200);
    g_assert_cmpuint (json_array_get_length (images_of (own)), ==, 0);
    g_assert_cmpuint (json_array_get_length (images_of (all)), ==, 2);
  }

  /* Malformed queries. */
  {
    const char *bad[] = {
      "/v2/cloudimages?limit=0", "/v2/cloudimages?limit=ten", "/v2/cloudimages?limit=-1",
      "/v2/cloudimages?__whole_image=yes", "/v2/cloudimages?sort_dir=up",
      "/v2/cloudimages?marker=00000000-0000-0000-0000-000000000000",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(Response) response = api_get (f, "ims", "cn-north-4", bad[i], project);

        assert_nested_error (response, 400, "IMG.0017");
      }
  }

  /* A marker of another region is no marker here. */
  {
    g_autofree char *sg_app = image_id (f, "ap-southeast-3", "sg-app");
    g_autofree char *path = g_strdup_printf ("/v2/cloudimages?marker=%s", sg_app);
    g_autoptr(Response) response = api_get (f, "ims", "cn-north-4", path, project);

    assert_nested_error (response, 400, "IMG.0017");
  }
}

/* Pages through @region with @limit; returns the number of images and
 * checks that no id comes twice. */
static guint
page_through (Fixture    *f,
              const char *region,
              const char *filter,
              guint       limit,
              guint      *n_pages)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *marker = NULL;

  *n_pages = 0;
  for (;;)
    {
      g_autofree char *query = NULL;
      g_autoptr(Response) response = NULL;
      JsonArray *images;
      guint length;

      query = g_strdup_printf ("limit=%u%s%s%s%s", limit,
                               marker != NULL ? "&marker=" : "", marker != NULL ? marker : "",
                               filter[0] != '\0' ? "&" : "", filter);
      response = list_images (f, region, query);
      images = images_of (response);
      length = json_array_get_length (images);
      (*n_pages)++;
      g_assert_cmpuint (length, <=, limit);

      for (guint i = 0; i < length; i++)
        {
          const char *id = json_object_get_string_member (json_array_get_object_element (images, i),
                                                          "id");

          g_assert_true (g_hash_table_add (seen, g_strdup (id)));
        }

      if (length < limit)
        break;
      g_free (marker);
      marker = g_strdup (json_object_get_string_member (json_array_get_object_element (images,
                                                                                       length - 1),
                                                        "id"));
    }

  return g_hash_table_size (seen);
}

static void
test_ims_paging (Fixture       *f,
                 gconstpointer  data)
{
  guint n_pages;

  fixture_start (f, "images-per-region", 1100, NULL);

  /* limit: 500 by default, never above 1000. */
  g_assert_cmpuint (count_images (f, "cn-north-4", ""), ==, 500);
  g_assert_cmpuint (count_images (f, "cn-north-4", "limit=5000"), ==, 1000);

  /* 1100 generated images and 14 seed images visible to the project. */
  g_assert_cmpuint (page_through (f, "cn-north-4", "", 300, &n_pages), ==, 1114);
  g_assert_cmpuint (n_pages, ==, 4);
  g_assert_cmpuint (page_through (f, "cn-north-4", "__imagetype=private&status=active", 1000,
                                  &n_pages),
                    ==, 1100 + 10);
  g_assert_cmpuint (page_through (f, "eu-west-0", "sort_dir=asc", 275, &n_pages), ==, 1101);
  g_assert_cmpuint (n_pages, ==, 5);

  /* Newest first: the seed images come before the generated ones. */
  {
    g_autoptr(Response) response = list_images (f, "cn-north-4", "limit=1&sort_dir=asc");
    g_autoptr(Response) newest = list_images (f, "cn-north-4", "limit=14");
    JsonObject *oldest = json_array_get_object_element (images_of (response), 0);

    g_assert_cmpstr (json_object_get_string_member (oldest, "name"), ==, "generated-00001");
    g_assert_null (find_by_name (images_of (newest), "generated-01100"));
    g_assert_nonnull (find_by_name (images_of (newest), "web-server"));
  }
}

static void
test_ims_cross_region_copy (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *source = NULL;
  g_autofree char *job_id = NULL;
  g_autofree char *new_image = NULL;
  g_autofree char *sh2 = NULL;
  g_autofree char *origin = NULL;
  g_autoptr(JsonObject) source_image = NULL;
  JsonObject *job, *entities;
  double percent;

  fixture_start (f, "copy-seconds", 30, NULL);
  source = image_id (f, "cn-north-4", "web-server");
  sh2 = project_id (f, "cn-east-2");
  source_image = get_image (f, "cn-north-4", source);
  job_id = submit_cross_region_copy (f, "cn-north-4", source, "copy_华北-北京四_web-server",
                                     "cn-east-2");

  /* INIT: the job exists, the image does not yet. */
  {
    g_autoptr(Response) response = get_job (f, "cn-north-4", job_id);

    assert_ok (response, 200);
    job = response_object (response);
    g_assert_cmpstr (json_object_get_string_member (job, "status"), ==, "INIT");
    g_assert_cmpstr (json_object_get_string_member (job, "job_id"), ==, job_id);
    g_assert_cmpstr (json_object_get_string_member (job, "job_type"), ==,
                     "imsCrossRegionCopyImageJob");
    g_assert_nonnull (json_object_get_string_member (job, "begin_time"));
    g_assert_cmpstr (json_object_get_string_member (job, "end_time"), ==, "");
    g_assert_true (json_object_get_null_member (job, "error_code"));
    g_assert_true (json_object_get_null_member (job, "fail_reason"));
    entities = json_object_get_object_member (job, "entities");
    g_assert_cmpfloat (json_object_get_double_member (entities, "process_percent"), ==, 0.0);
    g_assert_cmpstr (json_object_get_string_member (entities, "image_name"), ==,
                     "copy_华北-北京四_web-server");
    new_image = g_strdup (json_object_get_string_member (entities, "image_id"));
    g_assert_true (is_uuid (new_image));
    g_assert_null (get_image (f, "cn-east-2", new_image));
  }

  /* RUNNING: the image is there, saving. */
  advance_clock (f, 2);
  {
    g_autoptr(Response) response = get_job (f, "cn-north-4", job_id);
    g_autoptr(JsonObject) image = NULL;

    assert_ok (response, 200);
    job = response_object (response);
    g_assert_cmpstr (json_object_get_string_member (job, "status"), ==, "RUNNING");
    entities = json_object_get_object_member (job, "entities");
    percent = json_object_get_double_member (entities, "process_percent");
    g_assert_cmpfloat (percent, >, 0.0);
    g_assert_cmpfloat (percent, <, 1.0);
    g_assert_nonnull (json_object_get_string_member (entities, "current_task"));

    image = get_image (f, "cn-east-2", new_image);
    g_assert_nonnull (image);
    origin = g_strdup_printf ("image,cn-north-4,%s", source);
    g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "saving");
    g_assert_cmpstr (json_object_get_string_member (image, "name"), ==, "copy_华北-北京四_web-server");
    g_assert_cmpstr (json_object_get_string_member (image, "owner"), ==, sh2);
    g_assert_cmpstr (json_object_get_string_member (image, "__imagetype"), ==, "private");
    g_assert_cmpstr (json_object_get_string_member (image, "__data_origin"), ==, origin);
    g_assert_cmpstr (json_object_get_string_member (image, "__description"), ==, "a copy");
    g_assert_cmpstr (json_object_get_string_member (image, "__image_size"), ==,
                     json_object_get_string_member (source_image, "__image_size"));
    g_assert_cmpstr (json_object_get_string_member (image, "__os_version"), ==,
                     json_object_get_string_member (source_image, "__os_version"));
  }

  /* The newer job route says the same, rising. */
  advance_clock (f, 10);
  {
    g_autofree char *project = project_id (f, "cn-north-4");
    g_autofree char *path = g_strdup_printf ("/v1/cloudimages/job/%s", job_id);
    g_autoptr(Response) response = api_get (f, "ims", "cn-north-4", path, project);
    double later;

    assert_ok (response, 200);
    job = response_object (response);
    g_assert_cmpstr (json_object_get_string_member (job, "status"), ==, "RUNNING");
    later = json_object_get_double_member (json_object_get_object_member (job, "entities"),
                                           "process_percent");
    g_assert_cmpfloat (later, >, percent);
    g_assert_cmpfloat (later, <, 1.0);
  }

  /* SUCCESS at copy-seconds; the image turns active 3 s later. */
  advance_clock (f, 19);
  {
    g_autoptr(Response) response = get_job (f, "cn-north-4", job_id);
    g_autoptr(JsonObject) image = get_image (f, "cn-east-2", new_image);

    job = response_object (response);
    g_assert_cmpstr (json_object_get_string_member (job, "status"), ==, "SUCCESS");
    g_assert_cmpstr (json_object_get_string_member (job, "end_time"), !=, "");
    g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (job,
                                                                                     "entities"),
                                                      "process_percent"), ==, 1.0);
    g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "saving");
  }
  advance_clock (f, 3);
  {
    g_autoptr(JsonObject) image = get_image (f, "cn-east-2", new_image);

    g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "active");
  }

  /* Jobs are asked in the source region. */
  {
    g_autoptr(Response) elsewhere = get_job (f, "cn-east-2", job_id);
    g_autoptr(Response) unknown = get_job (f, "cn-north-4", "0123456789abcdef0123456789abcdef");

    assert_nested_error (elsewhere, 404, "IMG.0023");
    assert_nested_error (unknown, 404, "IMG.0023");
  }
}

static void
test_ims_copy_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *project = NULL;
  g_autofree char *web_server = NULL;
  g_autofree char *sg_app = NULL;
  g_autofree char *path = NULL;
  g_autofree char *long_name = g_strnfill (129, 'n');
  g_autofree char *long_description = g_strnfill (1025, 'd');
  struct {
    const char *body;
    const char *code;
  } cases[] = {
    /* The codes of the IMS error table (docs/huawei-api.md). */
    { "not json", "IMG.0001" },
    { "[]", "IMG.0001" },
    { "{" TO_SH2 ", " AGENCY "}", "IMG.0013" },
    { "{\"name\": 42, " TO_SH2 ", " AGENCY "}", "IMG.0001" },
    { "{\"name\": \" lead\", " TO_SH2 ", " AGENCY "}", "IMG.0003" },
    { "{\"name\": \"trail \", " TO_SH2 ", " AGENCY "}", "IMG.0003" },
    { "{\"name\": \"a<b\", " TO_SH2 ", " AGENCY "}", "IMG.0003" },
    { "{\"name\": \"a/b\", " TO_SH2 ", " AGENCY "}", "IMG.0003" },
    { "{\"name\": \"\", " TO_SH2 ", " AGENCY "}", "IMG.0013" },
    { "{\"name\": \"x\", \"description\": \"<b>\", " TO_SH2 ", " AGENCY "}", "IMG.0054" },
    { "{\"name\": \"x\", " AGENCY "}", "IMG.0001" },
    { "{\"name\": \"x\", " TO_SH2 "}", "IMG.0001" },
    { "{\"name\": \"x\", \"region\": \"xx-east-9\", " AGENCY "}", "IMG.0147" },
    { "{\"name\": \"x\", " TO_SH2 ", \"project_name\": \"cn-east-3\", " AGENCY "}", "IMG.0145" },
    { "{\"name\": \"x\", " TO_SH2 ", \"project_name\": \"MOS\", " AGENCY "}", "IMG.0145" },
    { "{\"name\": \"x\", \"region\": \"cn-north-4\", " AGENCY "}", "IMG.0104" },
    { "{\"name\": \"x\", " TO_SH2 ", \"agency_name\": \"no_such_agency\"}", "IMG.0179" },
  };

  fixture_start (f, NULL);
  project = project_id (f, "cn-north-4");
  web_server = image_id (f, "cn-north-4", "web-server");
  sg_app = image_id (f, "ap-southeast-3", "sg-app");
  path = g_strdup_printf ("/v1/cloudimages/%s/cross_region_copy", web_server);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Response) response = api_post (f, "ims", "cn-north-4", path, cases[i].body,
                                               project);

      g_test_message ("case %u: %s", i, cases[i].body);
      assert_nested_error (response, 400, cases[i].code);
    }

  {
    g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", " TO_SH2 ", " AGENCY "}",
                                             long_name);
    g_autoptr(Response) response = api_post (f, "ims", "cn-north-4", path, body, project);

    assert_nested_error (response, 400, "IMG.0002");
  }
  {
    g_autofree char *body = g_strdup_printf ("{\"name\": \"x\", \"description\": \"%s\", "
                                             TO_SH2 ", " AGENCY "}", long_description);
    g_autoptr(Response) response = api_post (f, "ims", "cn-north-4", path, body, project);

    assert_nested_error (response, 400, "IMG.0004");
  }

  /* Unknown images, or images of another region. */
  {
    const char *body = "{\"name\": \"x\", " TO_SH2 ", " AGENCY "}";
    g_autofree char *elsewhere = g_strdup_printf ("/v1/cloudimages/%s/cross_region_copy", sg_app);
    g_autoptr(Response) unknown = api_post (f, "ims", "cn-north-4",
                                            "/v1/cloudimages/" NO_IMAGE "/cross_region_copy",
                                            body, project);
    g_autoptr(Response) other_region = api_post (f, "ims", "cn-north-4", elsewhere, body, project);

    assert_nested_error (unknown, 400, "IMG.0144");
    assert_nested_error (other_region, 400, "IMG.0144");
  }

  /* None of those made a job; well-formed ones do, Chinese names too,
   * and a region with one project needs no project name. */
  {
    g_autoptr(Response) stats = get_stats (f);

    g_assert_cmpint (json_object_get_int_member (response_object (stats), "copies_submitted"), ==,
                     0);
  }
  {
    const char *body = "{\"name\": \"复制 web-server_1.0\", \"region\": \"cn-east-2\", "
                       "\"agency_name\": \"ims_administrator_agency\", \"vault_id\": \"v\"}";
    g_autoptr(Response) response = api_post (f, "ims", "cn-north-4", path, body, project);

    assert_ok (response, 200);
  }
}

static void
test_ims_in_region_copy (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *project = NULL;
  g_autofree char *source = NULL;
  g_autofree char *path = NULL;
  g_autofree char *new_image = NULL;
  const char *body = "{\"name\": \"web-encrypted\", \"description\": \"encrypted copy\", "
                     "\"cmk_id\": \"bd66288c-9081-460a-8227-4cbd0c814cb4\"}";

  fixture_start (f, "copy-seconds", 10, NULL);
  project = project_id (f, "ap-southeast-3");
  source = image_id (f, "ap-southeast-3", "sg-app");
  path = g_strdup_printf ("/v1/cloudimages/%s/copy", source);

  {
    g_autoptr(Response) response = api_post (f, "ims", "ap-southeast-3", path, body, project);
    g_autoptr(Response) job = NULL;
    JsonObject *object;

    assert_ok (response, 200);
    job = get_job (f, "ap-southeast-3",
                   json_object_get_string_member (response_object (response), "job_id"));
    assert_ok (job, 200);
    object = response_object (job);
    g_assert_cmpstr (json_object_get_string_member (object, "job_type"), ==,
                     "imsCopyImageInRegionJob");
    new_image = g_strdup (json_object_get_string_member (json_object_get_object_member (object,
                                                                                        "entities"),
                                                         "image_id"));
  }

  advance_clock (f, 12);
  {
    g_autoptr(JsonObject) image = get_image (f, "ap-southeast-3", new_image);
    g_autoptr(Response) stats = get_stats (f);

    g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "active");
    g_assert_cmpstr (json_object_get_string_member (image, "owner"), ==, project);
    g_assert_cmpstr (json_object_get_string_member (image, "__system__cmkid"), ==,
                     "bd66288c-9081-460a-8227-4cbd0c814cb4");
    /* The limit of five concerns cross-region copies only. */
    g_assert_cmpint (json_object_get_int_member (response_object (stats), "copies_submitted"), ==,
                     0);
  }

  {
    g_autoptr(Response) unknown = api_post (f, "ims", "ap-southeast-3",
                                            "/v1/cloudimages/" NO_IMAGE "/copy", body, project);
    g_autoptr(Response) nameless = api_post (f, "ims", "ap-southeast-3", path, "{}", project);

    assert_nested_error (unknown, 400, "IMG.0027");
    assert_nested_error (nameless, 400, "IMG.0013");
  }
}

/* Every member the IMS reference's SDK model marks as always present in a
 * ListImages record (ImageInfo of huaweicloud-sdk-go-v3), with its JSON
 * type; docs/huawei-api.md. */
static const struct {
  const char *member;
  GType       type;       /* G_TYPE_STRING, G_TYPE_INT64, G_TYPE_BOOLEAN, or JSON_TYPE_ARRAY */
} always_present[] = {
  { "id", G_TYPE_STRING }, { "name", G_TYPE_STRING }, { "status", G_TYPE_STRING },
  { "owner", G_TYPE_STRING }, { "visibility", G_TYPE_STRING }, { "__imagetype", G_TYPE_STRING },
  { "__isregistered", G_TYPE_STRING }, { "__image_size", G_TYPE_STRING },
  { "__image_source_type", G_TYPE_STRING }, { "__os_type", G_TYPE_STRING },
  { "container_format", G_TYPE_STRING }, { "min_disk", G_TYPE_INT64 },
  { "min_ram", G_TYPE_INT64 }, { "protected", G_TYPE_BOOLEAN }, { "tags", G_TYPE_NONE },
  { "self", G_TYPE_STRING }, { "created_at", G_TYPE_STRING }, { "updated_at", G_TYPE_STRING },
  { "active_at", G_TYPE_STRING }, { "virtual_env_type", G_TYPE_STRING },
};

static void
assert_complete_record (JsonObject *image)
{
  g_autofree char *self_path = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (always_present); i++)
    {
      JsonNode *node = json_object_get_member (image, always_present[i].member);

      if (node == NULL)
        g_error ("“%s” has no %s", json_object_get_string_member (image, "name"),
                 always_present[i].member);
      if (always_present[i].type == G_TYPE_NONE)
        g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
      else
        g_assert_cmpint (json_node_get_value_type (node), ==, always_present[i].type);
    }

  /* Only served links: self is GlanceShowImage, file is left out. */
  self_path = g_strconcat ("/v2/images/", json_object_get_string_member (image, "id"), NULL);
  g_assert_cmpstr (json_object_get_string_member (image, "self"), ==, self_path);
  g_assert_false (json_object_has_member (image, "file"));
  /* Active images say since when; others have no such time. */
  if (g_str_equal (json_object_get_string_member (image, "status"), "active"))
    {
      g_autoptr(GDateTime) active = g_date_time_new_from_iso8601 (json_object_get_string_member (image, "active_at"),
                                                                  NULL);

      g_assert_nonnull (active);
    }
  else
    g_assert_cmpstr (json_object_get_string_member (image, "active_at"), ==, "");
}

static void
test_ims_records_complete (Fixture       *f,
                           gconstpointer  data)
{
  const char *regions[] = { "cn-north-4", "cn-east-2", "ap-southeast-3" };
  g_autofree char *source = NULL;
  g_autofree char *job_id = NULL;
  g_autofree char *new_image = NULL;

  fixture_start (f, "copy-seconds", 10, NULL);

  /* The listing, every record of it. */
  for (guint r = 0; r < G_N_ELEMENTS (regions); r++)
    {
      g_autoptr(Response) response = list_images (f, regions[r], "");
      JsonArray *images = images_of (response);

      g_assert_cmpuint (json_array_get_length (images), >, 0);
      for (guint i = 0; i < json_array_get_length (images); i++)
        assert_complete_record (json_array_get_object_element (images, i));
    }

  /* ?id= lookups. */
  source = image_id (f, "cn-north-4", "web-server");
  {
    g_autoptr(JsonObject) image = get_image (f, "cn-north-4", source);

    assert_complete_record (image);
  }

  /* A new copy, saving then active, carries them too, with its parent. */
  job_id = submit_cross_region_copy (f, "cn-north-4", source, "complete-copy", "cn-east-2");
  advance_clock (f, 2);
  {
    g_autoptr(Response) job = get_job (f, "cn-north-4", job_id);
    g_autoptr(JsonObject) image = NULL;

    new_image = g_strdup (json_object_get_string_member (json_object_get_object_member (response_object (job),
                                                                                        "entities"),
                                                         "image_id"));
    image = get_image (f, "cn-east-2", new_image);
    g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "saving");
    assert_complete_record (image);
    g_assert_cmpstr (json_object_get_string_member (image, "__originalimagename"), ==, source);
  }
  advance_clock (f, 20);
  {
    g_autoptr(JsonObject) image = get_image (f, "cn-east-2", new_image);

    g_assert_cmpstr (json_object_get_string_member (image, "status"), ==, "active");
    assert_complete_record (image);
  }
}

static void
test_ims_show_image (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *project = NULL;
  g_autofree char *web_server = NULL;
  g_autofree char *partner = NULL;
  g_autoptr(JsonObject) listed = NULL;

  fixture_start (f, NULL);
  project = project_id (f, "cn-north-4");
  web_server = image_id (f, "cn-north-4", "web-server");
  listed = get_image (f, "cn-north-4", web_server);

  /* The self link answers with the same record. */
  {
    g_autoptr(Response) response = api_get (f, "ims", "cn-north-4",
                                            json_object_get_string_member (listed, "self"),
                                            project);
    JsonObject *image;

    assert_ok (response, 200);
    image = response_object (response);
    g_assert_cmpstr (json_object_get_string_member (image, "id"), ==, web_server);
    g_assert_cmpstr (json_object_get_string_member (image, "name"), ==, "web-server");
    assert_complete_record (image);
  }

  /* Unknown, in another region, or another project's private image. */
  {
    g_autofree char *sh2_project = project_id (f, "cn-east-2");
    g_autofree char *path = g_strconcat ("/v2/images/", web_server, NULL);
    g_autoptr(Response) unknown = api_get (f, "ims", "cn-north-4", "/v2/images/" NO_IMAGE, project);
    g_autoptr(Response) elsewhere = api_get (f, "ims", "cn-east-2", path, sh2_project);

    assert_nested_error (unknown, 404, "IMG.0086");
    assert_nested_error (elsewhere, 404, "IMG.0086");
  }

  /* A shared image is visible to the project it is shared with. */
  partner = image_id (f, "cn-north-4", "partner-shared");
  {
    g_autofree char *path = g_strconcat ("/v2/images/", partner, NULL);
    g_autoptr(Response) response = api_get (f, "ims", "cn-north-4", path, project);

    assert_ok (response, 200);
  }
}

static void
test_ims_in_region_refused (Fixture       *f,
                            gconstpointer  data)
{
  /* CopyImageInRegion's restrictions (ims_03_0627), asked of ferry-rules. */
  const struct {
    const char *image;
    const char *code;
  } cases[] = {
    { "whole-csbs", "IMG.0130" },
    { "whole-cbr", "IMG.0130" },
    { "installer-iso", "IMG.0167" },
    { "bigdata-320g", "IMG.0146" },
    { "build-in-progress", "IMG.0046" },
  };
  g_autofree char *project = NULL;

  fixture_start (f, NULL);
  project = project_id (f, "cn-north-4");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = image_id (f, "cn-north-4", cases[i].image);
      g_autofree char *path = g_strdup_printf ("/v1/cloudimages/%s/copy", id);
      g_autoptr(Response) response = api_post (f, "ims", "cn-north-4", path, "{\"name\": \"here\"}",
                                               project);

      g_test_message ("in-region copy of %s", cases[i].image);
      assert_nested_error (response, 400, cases[i].code);
    }

  /* Encryption is no obstacle within a region. */
  {
    g_autofree char *id = image_id (f, "cn-north-4", "secure-encrypted");
    g_autofree char *path = g_strdup_printf ("/v1/cloudimages/%s/copy", id);
    g_autoptr(Response) response = api_post (f, "ims", "cn-north-4", path, "{\"name\": \"here\"}",
                                             project);

    assert_ok (response, 200);
  }
}

/* Tests: CBR */

static JsonObject *
find_vault (JsonArray  *vaults,
            const char *name)
{
  return find_by_name (vaults, name);
}

static void
test_cbr_vaults (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *bj4 = NULL;
  g_autofree char *sh2 = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sh2_path = NULL;
  JsonArray *vaults;
  JsonObject *vault, *billing;

  fixture_start (f, NULL);
  bj4 = project_id (f, "cn-north-4");
  sh2 = project_id (f, "cn-east-2");
  path = g_strdup_printf ("/v3/%s/vaults", bj4);
  sh2_path = g_strdup_printf ("/v3/%s/vaults?protect_type=replication&object_type=server", sh2);

  {
    g_autofree char *query = g_strdup_printf ("%s?protect_type=replication&object_type=server",
                                              path);
    g_autoptr(Response) response = api_get (f, "cbr", "cn-north-4", query, bj4);

    assert_ok (response, 200);
    g_assert_cmpint (json_object_get_int_member (response_object (response), "count"), ==, 2);
    vaults = json_object_get_array_member (response_object (response), "vaults");
    g_assert_cmpuint (json_array_get_length (vaults), ==, 2);
    g_assert_null (find_vault (vaults, "vault-bj4-backup"));
    vault = find_vault (vaults, "vault-bj4-replication");
    g_assert_true (is_uuid (json_object_get_string_member (vault, "id")));
    g_assert_cmpstr (json_object_get_string_member (vault, "project_id"), ==, bj4);
    billing = json_object_get_object_member (vault, "billing");
    g_assert_cmpstr (json_object_get_string_member (billing, "protect_type"), ==, "replication");
    g_assert_cmpstr (json_object_get_string_member (billing, "object_type"), ==, "server");
    g_assert_cmpstr (json_object_get_string_member (billing, "status"), ==, "available");
    g_assert_cmpint (json_object_get_int_member (billing, "size"), ==, 200);
    g_assert_nonnull (json_object_get_string_member (billing, "spec_code"));
    g_assert_nonnull (json_object_get_string_member (billing, "charging_mode"));
    g_assert_true (json_object_has_member (billing, "allocated"));
    g_assert_true (json_object_has_member (billing, "used"));
    vault = find_vault (vaults, "vault-bj4-frozen");
    billing = json_object_get_object_member (vault, "billing");
    g_assert_cmpstr (json_object_get_string_member (billing, "status"), ==, "frozen");
  }

  {
    g_autoptr(Response) all = api_get (f, "cbr", "cn-north-4", path, bj4);
    g_autoptr(Response) sh2_vaults = api_get (f, "cbr", "cn-east-2", sh2_path, sh2);
    g_autoptr(Response) sg_vaults = NULL;
    g_autofree char *sg = project_id (f, "ap-southeast-3");
    g_autofree char *sg_path = g_strdup_printf ("/v3/%s/vaults?protect_type=replication", sg);

    sg_vaults = api_get (f, "cbr", "ap-southeast-3", sg_path, sg);
    assert_ok (all, 200);
    g_assert_cmpint (json_object_get_int_member (response_object (all), "count"), ==, 3);
    assert_ok (sh2_vaults, 200);
    vaults = json_object_get_array_member (response_object (sh2_vaults), "vaults");
    /* The available one and the frozen one: the filter is on kind, not state. */
    g_assert_cmpuint (json_array_get_length (vaults), ==, 2);
    g_assert_nonnull (find_vault (vaults, "vault-sh2-replication"));
    g_assert_nonnull (find_vault (vaults, "vault-sh2-frozen"));
    assert_ok (sg_vaults, 200);
    g_assert_cmpint (json_object_get_int_member (response_object (sg_vaults), "count"), ==, 1);
  }

  /* Paging: count is every match. */
  {
    g_autofree char *query = g_strdup_printf ("%s?limit=1&offset=1", path);
    g_autoptr(Response) response = api_get (f, "cbr", "cn-north-4", query, bj4);
    g_autofree char *bad = g_strdup_printf ("%s?limit=0", path);
    g_autoptr(Response) refused = api_get (f, "cbr", "cn-north-4", bad, bj4);

    assert_ok (response, 200);
    g_assert_cmpint (json_object_get_int_member (response_object (response), "count"), ==, 3);
    g_assert_cmpuint (json_array_get_length (response_array (response, "vaults")), ==, 1);
    assert_flat_error (refused, 400, "CBR.0001");
  }

  /* Create, then see it listed. */
  {
    const char *body = "{\"vault\": {\"name\": \"ferry-replication\", \"billing\": {"
                       "\"consistent_level\": \"crash_consistent\", \"object_type\": \"server\", "
                       "\"protect_type\": \"replication\", \"size\": 200, "
                       "\"charging_mode\": \"post_paid\"}, \"resources\": []}}";
    g_autofree char *query = g_strdup_printf ("/v3/%s/vaults?protect_type=replication", sh2);
    g_autofree char *create_path = g_strdup_printf ("/v3/%s/vaults", sh2);
    g_autoptr(Response) created = api_post (f, "cbr", "cn-east-2", create_path, body, sh2);
    g_autoptr(Response) listed = NULL;

    assert_ok (created, 200);
    vault = json_object_get_object_member (response_object (created), "vault");
    g_assert_cmpstr (json_object_get_string_member (vault, "name"), ==, "ferry-replication");
    g_assert_cmpstr (json_object_get_string_member (vault, "project_id"), ==, sh2);
    billing = json_object_get_object_member (vault, "billing");
    g_assert_cmpstr (json_object_get_string_member (billing, "status"), ==, "available");
    g_assert_cmpint (json_object_get_int_member (billing, "size"), ==, 200);

    listed = api_get (f, "cbr", "cn-east-2", query, sh2);
    g_assert_nonnull (find_vault (json_object_get_array_member (response_object (listed), "vaults"),
                                  "ferry-replication"));
  }

  {
#define VAULT(name, object_type, protect_type, size) \
  "{\"vault\": {\"name\": \"" name "\", \"billing\": {\"object_type\": \"" object_type "\", " \
  "\"protect_type\": \"" protect_type "\", \"size\": " size "}}}"
    const char *bad[] = {
      "not json",
      "{\"vault\": {\"name\": \"v\"}}",
      VAULT ("v", "server", "replication", "0"),
      VAULT ("v", "server", "replication", "\"200\""),
      VAULT ("bad name!", "server", "replication", "200"),
      VAULT ("v", "server", "archive", "200"),
      VAULT ("v", "car", "replication", "200"),
    };
#undef VAULT
    g_autofree char *create_path = g_strdup_printf ("/v3/%s/vaults", sh2);

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(Response) response = api_post (f, "cbr", "cn-east-2", create_path, bad[i], sh2);

        g_test_message ("bad vault %u", i);
        assert_flat_error (response, 400, "CBR.0001");
      }
  }
}

/* Tests: faults */

/* The statuses of @n GETs, as a string of one letter per answer. */
static void
test_cbr_show_vault (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *sh2 = NULL;
  g_autofree char *bj4 = NULL;
  g_autofree char *list = NULL;
  g_autofree char *backup_id = NULL;
  g_autofree char *path = NULL;

  fixture_start (f, NULL);
  sh2 = project_id (f, "cn-east-2");
  bj4 = project_id (f, "cn-north-4");
  list = g_strdup_printf ("/v3/%s/vaults?protect_type=backup", sh2);
  {
    g_autoptr(Response) response = api_get (f, "cbr", "cn-east-2", list, sh2);
    JsonArray *vaults = json_object_get_array_member (response_object (response), "vaults");

    g_assert_cmpuint (json_array_get_length (vaults), >, 0);
    backup_id = g_strdup (json_object_get_string_member (json_array_get_object_element (vaults, 0),
                                                         "id"));
  }

  /* ShowVault finds a vault by id whatever its kind, for the rules to judge. */
  path = g_strdup_printf ("/v3/%s/vaults/%s", sh2, backup_id);
  {
    g_autoptr(Response) response = api_get (f, "cbr", "cn-east-2", path, sh2);
    JsonObject *vault;

    assert_ok (response, 200);
    vault = json_object_get_object_member (response_object (response), "vault");
    g_assert_cmpstr (json_object_get_string_member (vault, "id"), ==, backup_id);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (vault, "billing"),
                                                    "protect_type"), ==, "backup");
  }

  /* Another region's vault is not found here. */
  {
    g_autofree char *elsewhere = g_strdup_printf ("/v3/%s/vaults/%s", bj4, backup_id);
    g_autoptr(Response) response = api_get (f, "cbr", "cn-north-4", elsewhere, bj4);

    assert_flat_error (response, 404, "BackupService.6105");
  }
}

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

/* Image tags: the three calls as the IMS reference defines them
 * (docs/huawei-api.md, "Quota and tags"). */

static char *
tags_text (Fixture    *f,
           const char *path,
           const char *project)
{
  g_autoptr(Response) response = api_get (f, "ims", "cn-north-4", path, project);
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *tags;

  assert_ok (response, 200);
  tags = json_object_get_array_member (response_object (response), "tags");
  g_assert_nonnull (tags);
  for (guint i = 0; i < json_array_get_length (tags); i++)
    {
      JsonObject *tag = json_array_get_object_element (tags, i);

      g_string_append_printf (text, "%s%s=%s", i > 0 ? "," : "",
                              json_object_get_string_member (tag, "key"),
                              json_object_get_string_member (tag, "value"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_ims_tags (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ferry-sandbox-XXXXXX", &error);
  g_autofree char *state = g_build_filename (dir, "state.json", NULL);
  g_autofree char *project = NULL;
  g_autofree char *web = NULL;
  g_autofree char *db = NULL;
  g_autofree char *tags_path = NULL;
  g_autofree char *action_path = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *long_key = g_strnfill (37, 'k');
  g_autofree char *long_value = g_strnfill (44, 'v');
  g_autofree char *key_36 = g_strnfill (36, 'k');
  struct {
    const char *path_suffix;
    char       *body;
    const char *code;
  } refused[] = {
    /* Documented limits, the table's codes. */
    { "/action", g_strdup ("{\"action\": \"create\", \"tags\": [{\"key\": \"\", \"value\": \"x\"}]}"), "IMG.0115" },
    { "/action", g_strdup ("{\"action\": \"create\", \"tags\": [{\"key\": \"  \", \"value\": \"x\"}]}"), "IMG.0115" },
    { "/action", g_strdup_printf ("{\"action\": \"create\", \"tags\": [{\"key\": \"%s\", \"value\": \"x\"}]}", long_key), "IMG.0115" },
    { "/action", g_strdup_printf ("{\"action\": \"create\", \"tags\": [{\"key\": \"k\", \"value\": \"%s\"}]}", long_value), "IMG.0115" },
    { "/action", g_strdup ("{\"action\": \"create\", \"tags\": [{\"key\": \"a\", \"value\": \"1\"}, {\"key\": \"a\", \"value\": \"2\"}]}"), "IMG.0115" },
    { "/action", g_strdup ("{\"action\": \"create\", \"tags\": [{\"key\": \"_sys_x\", \"value\": \"1\"}]}"), "IMG.0115" },
    { "/action", g_strdup ("{\"action\": \"create\", \"tags\": [{\"key\": \"a=b\", \"value\": \"1\"}]}"), "IMG.0115" },
    { "/action", g_strdup ("{\"action\": \"create\", \"tags\": [{\"key\": \"a\"}]}"), "IMG.0001" },
    { "/action", g_strdup ("{\"action\": \"Create\", \"tags\": []}"), "IMG.0001" },
    { "/action", g_strdup ("{\"tags\": []}"), "IMG.0001" },
    { "", g_strdup ("{\"tag\": {\"key\": \"_sys_x\", \"value\": \"1\"}}"), "IMG.0115" },
    { "", g_strdup ("{\"tag\": {\"key\": 1, \"value\": \"1\"}}"), "IMG.0001" },
    { "", g_strdup ("{}"), "IMG.0001" },
  };

  g_assert_no_error (error);
  fixture_start (f, "state-file", state, NULL);
  project = project_id (f, "cn-north-4");
  web = image_id (f, "cn-north-4", "web-server");
  db = image_id (f, "cn-north-4", "db-server");
  tags_path = g_strdup_printf ("/v2/%s/images/%s/tags", project, web);
  action_path = g_strdup_printf ("%s/action", tags_path);
  db_path = g_strdup_printf ("/v2/%s/images/%s/tags", project, db);

  /* The seed's tags, in the order they were added. */
  text = tags_text (f, tags_path, project);
  g_assert_cmpstr (text, ==, "owner=web-team,cost-center=cc-1024,env=production");
  g_clear_pointer (&text, g_free);
  text = tags_text (f, db_path, project);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *path = g_strconcat (tags_path, refused[i].path_suffix, NULL);
      g_autoptr(Response) response = api_post (f, "ims", "cn-north-4", path, refused[i].body,
                                               project);

      g_test_message ("refused %u: %s", i, refused[i].body);
      assert_nested_error (response, 400, refused[i].code);
      g_free (refused[i].body);
    }
  /* A refused request changed nothing. */
  text = tags_text (f, tags_path, project);
  g_assert_cmpstr (text, ==, "owner=web-team,cost-center=cc-1024,env=production");
  g_clear_pointer (&text, g_free);

  /* Create is idempotent: the same tag again, a new value, an empty one,
   * a 36-character key. */
  {
    g_autofree char *body = g_strdup_printf ("{\"action\": \"create\", \"tags\": ["
                                             "{\"key\": \"owner\", \"value\": \"web-team\"}, "
                                             "{\"key\": \"env\", \"value\": \"prod.1\"}, "
                                             "{\"key\": \"标签\", \"value\": \"\"}, "
                                             "{\"key\": \"%s\", \"value\": \"x\"}]}", key_36);
    g_autoptr(Response) response = api_post (f, "ims", "cn-north-4", action_path, body, project);

    g_assert_no_error (response->error);
    g_assert_cmpuint (response->status, ==, 204);
  }
  {
    g_autoptr(Response) response = api_post (f, "ims", "cn-north-4", tags_path,
                                             "{\"tag\": {\"key\": \"team\", \"value\": \"a\"}}",
                                             project);

    g_assert_no_error (response->error);
    g_assert_cmpuint (response->status, ==, 204);
  }
  text = tags_text (f, tags_path, project);
  {
    g_autofree char *expected = g_strdup_printf ("owner=web-team,cost-center=cc-1024,env=prod.1,"
                                                 "标签=,%s=x,team=a", key_36);

    g_assert_cmpstr (text, ==, expected);
  }
  g_clear_pointer (&text, g_free);

  /* Ten tags per image: six now, five more is one too many. */
  {
    g_autoptr(Response) response =
      api_post (f, "ims", "cn-north-4", action_path,
                "{\"action\": \"create\", \"tags\": [{\"key\": \"t1\", \"value\": \"\"}, "
                "{\"key\": \"t2\", \"value\": \"\"}, {\"key\": \"t3\", \"value\": \"\"}, "
                "{\"key\": \"t4\", \"value\": \"\"}, {\"key\": \"t5\", \"value\": \"\"}]}",
                project);

    assert_nested_error (response, 400, "IMG.0116");
  }

  /* Delete: a missing tag is no error; no character check. */
  {
    g_autoptr(Response) response =
      api_post (f, "ims", "cn-north-4", action_path,
                "{\"action\": \"delete\", \"tags\": [{\"key\": \"team\"}, "
                "{\"key\": \"no=such\", \"value\": \"x\"}, {\"key\": \"标签\", \"value\": \"\"}]}",
                project);

    g_assert_no_error (response->error);
    g_assert_cmpuint (response->status, ==, 204);
  }

  /* Another project's view, and an unknown image. */
  {
    g_autofree char *other = project_id (f, "cn-east-2");
    g_autofree char *path = g_strdup_printf ("/v2/%s/images/%s/tags", other, web);
    g_autoptr(Response) response = api_get (f, "ims", "cn-east-2", path, other);
    g_autofree char *unknown = g_strdup_printf ("/v2/%s/images/%s/tags", project,
                                                "00000000-0000-0000-0000-000000000000");
    g_autoptr(Response) missing = api_get (f, "ims", "cn-north-4", unknown, project);

    assert_nested_error (response, 404, "IMG.0027");
    assert_nested_error (missing, 404, "IMG.0027");
  }

  /* Kept across a restart, deletions included. */
  fixture_stop (f);
  fixture_start (f, "state-file", state, NULL);
  text = tags_text (f, tags_path, project);
  {
    g_autofree char *expected = g_strdup_printf ("owner=web-team,cost-center=cc-1024,env=prod.1,"
                                                 "%s=x", key_36);

    g_assert_cmpstr (text, ==, expected);
  }
  fixture_stop (f);
  g_remove (state);
  g_rmdir (dir);
}

/* ListImages' "tags" member follows the tag calls. Documented: it is an
 * array of strings that every record carries (ims_03_0602; SDK
 * GlanceShowImageListResponseBody and ImageInfo: "镜像标签列表 … 用户可以通过
 * 镜像标签接口为每个镜像增加不同的标签"), GlanceShowImage answering the same.
 * Assumed: each string is "key=value" (the page's "tag" filter says tags
 * are now queried as "Key=Value"), "key=" for an empty value, in the order
 * ListImageTags gives. */

static char *
record_tags_text (JsonObject *image)
{
  JsonArray *tags = json_object_get_array_member (image, "tags");
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_nonnull (tags);
  for (guint i = 0; i < json_array_get_length (tags); i++)
    {
      JsonNode *node = json_array_get_element (tags, i);

      g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
      g_string_append_printf (text, "%s%s", i > 0 ? "," : "", json_node_get_string (node));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The tags of @id as ListImages and GlanceShowImage give them, which must agree. */
static char *
listed_tags_text (Fixture    *f,
                  const char *project,
                  const char *id)
{
  g_autoptr(JsonObject) listed = get_image (f, "cn-north-4", id);
  g_autofree char *path = g_strconcat ("/v2/images/", id, NULL);
  g_autoptr(Response) shown = api_get (f, "ims", "cn-north-4", path, project);
  g_autofree char *text = NULL;
  g_autofree char *shown_text = NULL;

  g_assert_nonnull (listed);
  assert_ok (shown, 200);
  text = record_tags_text (listed);
  shown_text = record_tags_text (response_object (shown));
  g_assert_cmpstr (shown_text, ==, text);
  return g_steal_pointer (&text);
}

static void
test_ims_list_images_tags (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *project = NULL;
  g_autofree char *web = NULL;
  g_autofree char *db = NULL;
  g_autofree char *action_path = NULL;
  g_autofree char *text = NULL;

  fixture_start (f, NULL);
  project = project_id (f, "cn-north-4");
  web = image_id (f, "cn-north-4", "web-server");
  db = image_id (f, "cn-north-4", "db-server");
  action_path = g_strdup_printf ("/v2/%s/images/%s/tags/action", project, web);

  /* The seed's tags, and none. */
  text = listed_tags_text (f, project, web);
  g_assert_cmpstr (text, ==, "owner=web-team,cost-center=cc-1024,env=production");
  g_clear_pointer (&text, g_free);
  text = listed_tags_text (f, project, db);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  /* Created, changed and deleted tags show at once. */
  {
    g_autoptr(Response) created =
      api_post (f, "ims", "cn-north-4", action_path,
                "{\"action\": \"create\", \"tags\": [{\"key\": \"env\", \"value\": \"staging\"}, "
                "{\"key\": \"标签\", \"value\": \"\"}]}", project);
    g_autoptr(Response) deleted =
      api_post (f, "ims", "cn-north-4", action_path,
                "{\"action\": \"delete\", \"tags\": [{\"key\": \"owner\"}]}", project);

    g_assert_no_error (created->error);
    g_assert_cmpuint (created->status, ==, 204);
    g_assert_no_error (deleted->error);
    g_assert_cmpuint (deleted->status, ==, 204);
  }
  text = listed_tags_text (f, project, web);
  g_assert_cmpstr (text, ==, "cost-center=cc-1024,env=staging,标签=");
  g_clear_pointer (&text, g_free);
  text = listed_tags_text (f, project, db);
  g_assert_cmpstr (text, ==, "");

  fixture_stop (f);
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
  ADD ("iam/discovery", test_iam_discovery);
  ADD ("iam/agencies", test_iam_agencies);
  ADD ("iam/show-agency", test_iam_show_agency);
  ADD ("iam/grants", test_iam_grants);
  ADD ("ims/image-records", test_ims_image_records);
  ADD ("ims/seed-is-stable", test_ims_seed_is_stable);
  ADD ("ims/filters", test_ims_filters);
  ADD ("ims/paging", test_ims_paging);
  ADD ("ims/cross-region-copy", test_ims_cross_region_copy);
  ADD ("ims/copy-refused", test_ims_copy_refused);
  ADD ("ims/records-complete", test_ims_records_complete);
  ADD ("ims/show-image", test_ims_show_image);
  ADD ("ims/in-region-refused", test_ims_in_region_refused);
  ADD ("cbr/show-vault", test_cbr_show_vault);
  ADD ("ims/in-region-copy", test_ims_in_region_copy);
  ADD ("cbr/vaults", test_cbr_vaults);
  ADD ("faults/reproducible", test_faults_reproducible);
  ADD ("faults/failed-jobs", test_faults_failed_jobs);
  ADD ("faults/drop", test_faults_drop);
  ADD ("faults/latency", test_faults_latency);
  ADD ("http/keep-alive-after-no-body", test_keep_alive_after_no_body);
  ADD ("faults/thread-default-context", test_thread_default_context);
  ADD ("state/persistence", test_state_persistence);
  ADD ("ims/tags", test_ims_tags);
  ADD ("ims/list-images-tags", test_ims_list_images_tags);
  ADD ("control/stats", test_control_stats);
  ADD ("control/reset", test_control_reset);
  ADD ("control/images", test_control_images);

#undef ADD

  return g_test_run ();
}
