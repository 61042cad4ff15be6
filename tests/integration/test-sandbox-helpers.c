/* test-sandbox-helpers.c: signed requests to the sandbox over loopback, and
 * assertions on its answers (test-sandbox.h)
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "test-sandbox.h"

void
response_free (Response *response)
{
  g_clear_pointer (&response->root, json_node_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_error (&response->error);
  g_free (response);
}

JsonObject *
response_object (Response *response)
{
  g_assert_nonnull (response->root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->root));
  return json_node_get_object (response->root);
}

JsonArray *
response_array (Response   *response,
                const char *member)
{
  JsonArray *array = json_object_get_array_member (response_object (response), member);

  g_assert_nonnull (array);
  return array;
}

/* Fixture */

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->session = soup_session_new ();
}

void
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

void
fixture_stop (Fixture *f)
{
  if (f->sandbox != NULL)
    ferry_sandbox_stop (f->sandbox);
  g_clear_object (&f->sandbox);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  fixture_stop (f);
  g_clear_object (&f->session);
}

/* Requests */

void
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

char *
sandbox_date (Fixture *f,
              gint64   skew_seconds)
{
  g_autoptr(GDateTime) now = NULL;

  now = g_date_time_new_from_unix_utc ((g_get_real_time () + f->clock_offset) / G_USEC_PER_SEC +
                                       skew_seconds);
  return ferry_signer_format_date (now);
}

Response *
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

Response *
api_get (Fixture    *f,
         const char *service,
         const char *region,
         const char *path,
         const char *project_id)
{
  Options options = { .project_id = project_id };

  return api_request_full (f, "GET", service, region, path, NULL, &options);
}

Response *
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

Response *
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

void
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
Response *
get_stats (Fixture *f)
{
  Response *response = control (f, "GET", "/_sandbox/stats", NULL);

  g_assert_cmpuint (response->status, ==, 200);
  return response;
}

/* Assertions */

void
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

void
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
void
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

void
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

void
assert_ok (Response *response,
           guint     status)
{
  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, status);
  assert_request_id (response);
}

gboolean
is_uuid (const char *text)
{
  if (text == NULL || strlen (text) != 36)
    return FALSE;
  for (guint i = 0; i < 36; i++)
    if ((i == 8 || i == 13 || i == 18 || i == 23) ? text[i] != '-' : !g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

gboolean
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

char *
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

char *
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
Response *
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

JsonArray *
images_of (Response *response)
{
  return json_object_get_array_member (response_object (response), "images");
}

JsonObject *
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
char *
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
JsonObject *
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

char *
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

Response *
get_job (Fixture    *f,
         const char *region,
         const char *job_id)
{
  g_autofree char *project = project_id (f, region);
  g_autofree char *path = g_strdup_printf ("/v1/%s/jobs/%s", project, job_id);

  return api_get (f, "ims", region, path, project);
}

char *
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

char *
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
