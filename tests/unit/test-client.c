/* test-client.c: endpoints, queries, errors and JSON readers, no network
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "ferry-client.h"
#include "ferry-error.h"
#include "ferry-json.h"
#include "ferry-task-store.h"
#include "ferry-test-files.h"
#include "ferry-test-json.h"

static FerryRegionCatalogue *catalogue;
static FerryCredentials *credentials;

static FerryClient *
client_for (const char *template)
{
  g_autoptr(GError) error = NULL;
  FerryClient *client = ferry_client_new (credentials, template, catalogue, &error);

  g_assert_no_error (error);
  return client;
}

static char *
uri_for (FerryClient  *client,
         FerryService  service,
         const char   *region,
         const char   *path,
         const char   *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = ferry_client_build_uri (client, service, region, path, query, &error);

  g_assert_no_error (error);
  return g_uri_to_string (uri);
}

static void
test_endpoint_default (void)
{
  g_autoptr(FerryClient) client = NULL;
  g_autofree char *ims = NULL;
  g_autofree char *iam_eu = NULL;
  g_autofree char *cbr = NULL;

  g_unsetenv (FERRY_ENV_ENDPOINT);
  client = client_for (NULL);
  g_assert_cmpstr (ferry_client_get_endpoint_template (client), ==, FERRY_DEFAULT_ENDPOINT);

  ims = uri_for (client, FERRY_SERVICE_IMS, "cn-north-4", "/v2/cloudimages", "limit=1");
  g_assert_cmpstr (ims, ==, "https://ims.cn-north-4.myhuaweicloud.com/v2/cloudimages?limit=1");
  cbr = uri_for (client, FERRY_SERVICE_CBR, "ap-southeast-3", "/v3/p/vaults", NULL);
  g_assert_cmpstr (cbr, ==, "https://cbr.ap-southeast-3.myhuaweicloud.com/v3/p/vaults");

  /* Dublin lives on another domain. */
  iam_eu = uri_for (client, FERRY_SERVICE_IAM, "eu-west-101", "/v3/regions", NULL);
  g_assert_cmpstr (iam_eu, ==, "https://iam.eu-west-101.myhuaweicloud.eu/v3/regions");
}

static void
test_endpoint_environment (void)
{
  g_autoptr(FerryClient) client = NULL;
  g_autoptr(FerryClient) explicit = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *explicit_uri = NULL;

  /* $FERRY_ENDPOINT is each program's to read and pass (ferryctl's tests
   * pass it); the client never reads it. */
  g_setenv (FERRY_ENV_ENDPOINT, "http://127.0.0.1:8123/{service}/{region}", TRUE);
  client = client_for (NULL);
  g_assert_cmpstr (ferry_client_get_endpoint_template (client), ==, FERRY_DEFAULT_ENDPOINT);
  g_clear_object (&client);

  client = client_for (g_getenv (FERRY_ENV_ENDPOINT));
  uri = uri_for (client, FERRY_SERVICE_IMS, "cn-north-4", "/v1/cloudimages/a%20b/copy", NULL);
  /* The path prefix is kept, and escapes are not escaped again. */
  g_assert_cmpstr (uri, ==, "http://127.0.0.1:8123/ims/cn-north-4/v1/cloudimages/a%20b/copy");

  explicit = client_for ("https://{service}.{region}.example.com/");
  explicit_uri = uri_for (explicit, FERRY_SERVICE_IAM, "cn-east-3", "/v3/auth/domains", NULL);
  g_assert_cmpstr (explicit_uri, ==, "https://iam.cn-east-3.example.com/v3/auth/domains");
  g_unsetenv (FERRY_ENV_ENDPOINT);
}

/* The keys as a program read them from the SDKs' variables. */
static void
test_credentials_from_variables (void)
{
  g_autoptr(FerryCredentials) both = NULL;
  g_autoptr(FerryCredentials) with_token = NULL;
  g_autoptr(GError) error = NULL;
  const char *ak = "AKABCDEFGHIJKLMNOPQR";
  const char *sk = "0123456789abcdefghijklmnopqrstuvwxyzABCD";

  g_assert_null (ferry_credentials_new_from_variables (NULL, sk, NULL, &error));
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NO_CREDENTIALS);
  /* The message names the variables, never a key. */
  g_assert_nonnull (strstr (error->message, FERRY_ENV_ACCESS_KEY));
  g_assert_null (strstr (error->message, sk));
  g_clear_error (&error);
  g_assert_null (ferry_credentials_new_from_variables (ak, "", NULL, &error));
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NO_CREDENTIALS);
  g_clear_error (&error);

  /* The environment is not read: the same keys set there change nothing. */
  g_setenv (FERRY_ENV_ACCESS_KEY, ak, TRUE);
  g_setenv (FERRY_ENV_SECRET_KEY, sk, TRUE);
  g_assert_null (ferry_credentials_new_from_variables (NULL, NULL, NULL, &error));
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NO_CREDENTIALS);
  g_clear_error (&error);
  g_unsetenv (FERRY_ENV_ACCESS_KEY);
  g_unsetenv (FERRY_ENV_SECRET_KEY);

  /* An empty token is none. */
  both = ferry_credentials_new_from_variables (ak, sk, "", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_credentials_get_access_key (both), ==, ak);
  g_assert_cmpstr (ferry_credentials_get_secret_key (both), ==, sk);
  g_assert_null (ferry_credentials_get_security_token (both));
  with_token = ferry_credentials_new_from_variables (ak, sk, "token", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_credentials_get_security_token (with_token), ==, "token");
}

static void
test_endpoint_loopback_only (void)
{
  const char *allowed[] = {
    "http://127.0.0.1:1/{service}/{region}",
    "http://127.8.9.10/{service}/{region}",
    "http://localhost:8080/{service}/{region}",
    "http://[::1]:8080/{service}/{region}",
    "https://{service}.{region}.example.org",
  };
  const char *refused[] = {
    "http://{service}.{region}.myhuaweicloud.com",
    "http://10.0.0.1/{service}/{region}",
    "http://192.168.1.1/{service}/{region}",
    "ftp://example.org/{service}",
    "not a uri at all",
    "https://",
  };

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      g_autoptr(FerryClient) client = client_for (allowed[i]);
      g_assert_nonnull (client);
    }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryClient) client = ferry_client_new (credentials, refused[i], catalogue, &error);

      g_test_message ("refused: %s", refused[i]);
      g_assert_null (client);
      g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_ENDPOINT);
    }
}

static void
test_query (void)
{
  g_autofree char *q1 = ferry_client_build_query ("name", "web server", "limit", "10", NULL);
  g_autofree char *q2 = ferry_client_build_query ("name", NULL, "id", "a/b&c=d", NULL);
  g_autofree char *q3 = ferry_client_build_query ("name", NULL, NULL);
  g_autofree char *q4 = ferry_client_build_query ("name", "镜像", NULL);

  g_assert_cmpstr (q1, ==, "name=web%20server&limit=10");
  g_assert_cmpstr (q2, ==, "id=a%2Fb%26c%3Dd");
  g_assert_null (q3);
  g_assert_cmpstr (q4, ==, "name=%E9%95%9C%E5%83%8F");
}

static GError *
error_from (guint       status,
            const char *body,
            const char *request_id)
{
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;

  return ferry_json_read_error (status, bytes, request_id);
}

static void
test_error_shapes (void)
{
  g_autoptr(GError) ims = NULL;
  g_autoptr(GError) gateway = NULL;
  g_autoptr(GError) flat = NULL;
  g_autoptr(GError) deep = NULL;
  g_autoptr(GError) garbage = NULL;
  g_autoptr(GError) empty = NULL;
  g_autoptr(GError) unknown = NULL;
  g_autofree char *formatted = NULL;

  ims = error_from (400, "{\"error\": {\"code\": \"IMG.0143\", \"message\": \"encrypted\"}}", "req-1");
  g_assert_error (ims, FERRY_API_ERROR, FERRY_API_ERROR_FAILED);
  g_assert_cmpstr (ferry_api_error_get_server_code (ims), ==, "IMG.0143");
  g_assert_cmpstr (ferry_api_error_get_server_message (ims), ==, "encrypted");
  g_assert_cmpstr (ferry_api_error_get_request_id (ims), ==, "req-1");
  g_assert_cmpuint (ferry_api_error_get_http_status (ims), ==, 400);
  g_assert_cmpstr (ims->message, ==, "Encrypted images cannot be copied to another region.");
  formatted = ferry_api_error_format (ims);
  g_assert_cmpstr (formatted, ==, "Encrypted images cannot be copied to another region. (IMG.0143, request req-1)");

  /* The gateway's shape, with the request id in the body. */
  gateway = error_from (401, "{\"error_code\": \"APIGW.0301\", \"error_msg\": \"Incorrect IAM authentication information\", \"request_id\": \"abc\"}", NULL);
  g_assert_error (gateway, FERRY_API_ERROR, FERRY_API_ERROR_CREDENTIALS);
  g_assert_cmpstr (ferry_api_error_get_request_id (gateway), ==, "abc");

  flat = error_from (400, "{\"code\": \"IMG.0149\", \"message\": \"too many\"}", NULL);
  g_assert_error (flat, FERRY_API_ERROR, FERRY_API_ERROR_THROTTLED);
  g_assert_false (ferry_api_error_is_transient (flat));  /* waits in the queue, not in a retry */

  deep = error_from (403, "{\"outer\": {\"inner\": {\"error_code\": \"APIGW.0303\", \"error_msg\": \"skew\"}}}", NULL);
  g_assert_error (deep, FERRY_API_ERROR, FERRY_API_ERROR_CLOCK_SKEW);

  garbage = error_from (503, "<html>Bad Gateway</html>", NULL);
  g_assert_error (garbage, FERRY_API_ERROR, FERRY_API_ERROR_UNAVAILABLE);
  g_assert_null (ferry_api_error_get_server_code (garbage));
  g_assert_true (ferry_api_error_is_transient (garbage));

  empty = error_from (429, NULL, NULL);
  g_assert_error (empty, FERRY_API_ERROR, FERRY_API_ERROR_THROTTLED);
  g_assert_true (ferry_api_error_is_transient (empty));

  /* A code we do not know keeps the status's meaning and the code. */
  unknown = error_from (404, "{\"error\": {\"code\": \"IMG.9999\", \"message\": \"?\"}}", NULL);
  g_assert_error (unknown, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
  g_assert_cmpstr (ferry_api_error_get_server_code (unknown), ==, "IMG.9999");
}

/* A 5xx or a 429 is tried again whatever code it carries; the code is
 * kept for support, its sentence is not used when it says otherwise. */
static void
test_error_status_decides (void)
{
  g_autoptr(GError) gateway = error_from (503, "{\"error_code\": \"APIGW.0101\", \"error_msg\": \"The API does not exist\"}", NULL);
  g_autoptr(GError) missing = error_from (404, "{\"error_code\": \"APIGW.0101\", \"error_msg\": \"The API does not exist\"}", NULL);
  g_autoptr(GError) throttled = error_from (429, "{\"error_code\": \"APIGW.0308\", \"error_msg\": \"throttled\"}", NULL);

  g_assert_error (gateway, FERRY_API_ERROR, FERRY_API_ERROR_UNAVAILABLE);
  g_assert_true (ferry_api_error_is_transient (gateway));
  g_assert_cmpstr (ferry_api_error_get_server_code (gateway), ==, "APIGW.0101");
  g_assert_cmpstr (gateway->message, ==, "The service is temporarily unavailable. Try again later.");

  g_assert_error (missing, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
  g_assert_false (ferry_api_error_is_transient (missing));
  g_assert_cmpstr (missing->message, ==, "The service does not offer this interface in the region.");

  /* Nothing promises a retry that the caller may not make. */
  g_assert_error (throttled, FERRY_API_ERROR, FERRY_API_ERROR_THROTTLED);
  g_assert_cmpstr (throttled->message, ==, "The service is receiving too many requests and turned this one away.");
}

static void
test_error_every_code_explained (void)
{
  /* Every code of the API notes has a sentence. */
  const char *codes[] = {
    "APIGW.0301", "APIGW.0303", "IMG.0142", "IMG.0143", "IMG.0144", "IMG.0027", "IMG.0145",
    "IMG.0104", "IMG.0146", "IMG.0147", "IMG.0149", "IMG.0150", "IMG.0151", "IMG.0152",
    "IMG.0167", "IMG.0179", "IMG.0182", "IMG.0184", "IMG.0188", "IMG.0189", "IMG.0193",
  };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      const char *sentence = ferry_api_error_explain_code (codes[i]);

      g_test_message ("%s: %s", codes[i], sentence);
      g_assert_nonnull (sentence);
      g_assert_true (g_str_has_suffix (sentence, "."));
    }
  g_assert_null (ferry_api_error_explain_code ("IMG.9999"));
  g_assert_null (ferry_api_error_explain_code (NULL));
}

/* One table holds each code's sentence and what to do about it. */
static void
test_error_hints (void)
{
  /* The codes a copy can fail with that leave the user something to do. */
  const char *with_hint[] = {
    "IMG.0151", "IMG.0179", "IMG.0144", "IMG.0027", "IMG.0046", "IMG.0142", "IMG.0143",
    "IMG.0146", "IMG.0147", "IMG.0150", "IMG.0167", "IMG.0130", "IMG.0152", "IMG.0182",
    "IMG.0184", "IMG.0188", "IMG.0189", "IMG.0193", "IMG.0145", "IMG.0104", "APIGW.0301",
    "APIGW.0303", "IMG.0149",
  };

  for (guint i = 0; i < G_N_ELEMENTS (with_hint); i++)
    {
      const char *hint = ferry_api_error_hint_for_code (with_hint[i]);

      g_test_message ("%s: %s", with_hint[i], hint);
      g_assert_nonnull (hint);
      g_assert_true (g_str_has_suffix (hint, "."));
      /* Never the sentence again. */
      g_assert_cmpstr (hint, !=, ferry_api_error_explain_code (with_hint[i]));
    }

  /* A code's own hint, whatever the case of the code. */
  g_assert_cmpstr (ferry_api_error_hint_for_code ("img.0151"), ==,
                   "Grant IMS Administrator to the agency in both the source and the destination region, then retry the copy.");
  g_assert_cmpstr (ferry_api_error_hint_for_code ("IMG.0184"), ==, ferry_api_error_hint_for_code ("IMG.0193"));
  g_assert_cmpstr (ferry_api_error_hint_for_code ("IMG.0184"), !=, ferry_api_error_hint_for_code ("IMG.0151"));

  /* Known codes with nothing to do but what the sentence says. */
  g_assert_nonnull (ferry_api_error_explain_code ("APIGW.0101"));
  g_assert_null (ferry_api_error_hint_for_code ("APIGW.0101"));
  g_assert_nonnull (ferry_api_error_explain_code ("IMG.0086"));
  g_assert_null (ferry_api_error_hint_for_code ("IMG.0086"));
  /* Unknown codes, and none. */
  g_assert_null (ferry_api_error_hint_for_code ("IMG.9999"));
  g_assert_null (ferry_api_error_hint_for_code (NULL));
}

static void
test_error_transport (void)
{
  g_autoptr(GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "refused");
  g_autoptr(GError) tls = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, "bad cert");
  g_autoptr(GError) a = ferry_api_error_new_from_transport (refused);
  g_autoptr(GError) b = ferry_api_error_new_from_transport (tls);

  g_assert_error (a, FERRY_API_ERROR, FERRY_API_ERROR_NETWORK);
  g_assert_true (ferry_api_error_is_transient (a));
  g_assert_error (b, FERRY_API_ERROR, FERRY_API_ERROR_TLS);
  g_assert_false (ferry_api_error_is_transient (b));
  g_assert_cmpstr (ferry_api_error_get_server_message (b), ==, "bad cert");
}

static JsonObject *
object_from (const char *text,
             JsonNode  **keep)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;

  *keep = ferry_json_parse_object (bytes, &error);
  g_assert_no_error (error);
  return json_node_get_object (*keep);
}

static void
test_json_lenient (void)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *s = NULL;
  g_autofree char *n = NULL;
  JsonObject *o;
  gboolean b;
  gint64 i;
  double d;

  o = object_from ("{\"s\": \"x\", \"n\": 42, \"bs\": \"TRUE\", \"b\": false, \"is\": \"137438953472\","
                   " \"f\": \"0.25\", \"null\": null, \"empty\": \"\"}", &node);

  g_assert_true (ferry_json_get_string (o, "s", &s, &error));
  g_assert_cmpstr (s, ==, "x");
  g_assert_true (ferry_json_get_string (o, "n", &n, &error));
  g_assert_cmpstr (n, ==, "42");
  g_assert_true (ferry_json_get_boolean (o, "bs", FALSE, &b, &error) && b);
  g_assert_true (ferry_json_get_boolean (o, "b", TRUE, &b, &error) && !b);
  g_assert_true (ferry_json_get_boolean (o, "null", TRUE, &b, &error) && b);
  g_assert_true (ferry_json_get_int64 (o, "is", 0, &i, &error));
  g_assert_cmpint (i, ==, G_GINT64_CONSTANT (137438953472));
  g_assert_true (ferry_json_get_int64 (o, "absent", 7, &i, &error));
  g_assert_cmpint (i, ==, 7);
  g_assert_true (ferry_json_get_double (o, "f", 0, &d, &error));
  g_assert_cmpfloat (d, ==, 0.25);
  g_assert_true (ferry_json_get_int64 (o, "empty", 3, &i, &error));
  g_assert_cmpint (i, ==, 3);
  g_assert_no_error (error);
}

static void
test_json_wrong_types (void)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o = object_from ("{\"obj\": {}, \"arr\": [1], \"yes\": \"yes\", \"abc\": \"abc\","
                               " \"frac\": 1.5, \"big\": \"99999999999999999999999\", \"huge\": 1e30}", &node);
  const char *string_members[] = { "obj", "arr" };

  for (guint i = 0; i < G_N_ELEMENTS (string_members); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *s = NULL;

      g_assert_false (ferry_json_get_string (o, string_members[i], &s, &error));
      g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
      g_assert_null (s);
    }

  {
    g_autoptr(GError) e1 = NULL;
    g_autoptr(GError) e2 = NULL;
    g_autoptr(GError) e3 = NULL;
    g_autoptr(GError) e4 = NULL;
    g_autoptr(GError) e5 = NULL;
    g_autoptr(GError) e6 = NULL;
    gboolean b;
    gint64 i;
    JsonArray *a;

    g_assert_false (ferry_json_get_boolean (o, "yes", FALSE, &b, &e1));
    g_assert_false (ferry_json_get_int64 (o, "abc", 0, &i, &e2));
    g_assert_false (ferry_json_get_int64 (o, "frac", 0, &i, &e3));
    g_assert_false (ferry_json_get_int64 (o, "big", 0, &i, &e4));
    g_assert_false (ferry_json_require_array (o, "obj", &a, &e5));
    g_assert_false (ferry_json_get_int64 (o, "huge", 0, &i, &e6));
    g_assert_error (e6, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
    g_assert_error (e1, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
    g_assert_error (e2, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
    g_assert_error (e3, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
    g_assert_error (e4, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
    g_assert_error (e5, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
  }
}

/* The strict readers: strings where the reference has strings, and the
 * answer named in what the user reads. */
static void
test_json_typed (void)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o = object_from ("{\"s\": \"x\", \"n\": 12345, \"b\": true, \"null\": null,"
                               " \"empty\": \"\", \"obj\": {\"k\": 1}, \"size\": \"40\"}", &node);
  const char *not_text[] = { "n", "b", "obj" };
  g_autofree char *s = NULL;
  g_autofree char *absent = NULL;
  JsonObject *member = NULL;
  guint64 size = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_json_get_text (o, "s", &s, &error));
  g_assert_cmpstr (s, ==, "x");
  g_assert_true (ferry_json_get_text (o, "null", &absent, &error));
  g_assert_null (absent);
  g_assert_true (ferry_json_get_text (o, "empty", &absent, &error));
  g_assert_null (absent);
  g_assert_true (ferry_json_get_text (o, "nowhere", &absent, &error));
  g_assert_null (absent);
  g_assert_true (ferry_json_require_member_object (o, "obj", &member, &error));
  g_assert_nonnull (member);
  g_assert_true (ferry_json_require_uint64 (o, "size", 100, &size, &error));
  g_assert_cmpuint (size, ==, 40);
  g_assert_no_error (error);

  /* A number is not text: "12345" as a name hides a broken answer. */
  for (guint i = 0; i < G_N_ELEMENTS (not_text); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autofree char *t = NULL;

      g_assert_false (ferry_json_get_text (o, not_text[i], &t, &e));
      g_assert_error (e, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
      g_assert_null (t);
    }

  {
    const struct { const char *member; const char *detail; } missing[] = {
      { "null", "null: missing" }, { "empty", "empty: empty" }, { "nowhere", "nowhere: missing" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
      {
        g_autoptr(GError) e = NULL;
        g_autofree char *t = NULL;

        g_assert_false (ferry_json_require_text (o, missing[i].member, &t, &e));
        g_assert_cmpstr (ferry_api_error_get_server_message (e), ==, missing[i].detail);
        /* The user reads which answer lacks what. */
        g_assert_false (ferry_json_name_answer (&e, "projects"));
        g_assert_error (e, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
        g_assert_nonnull (strstr (e->message, "“projects”"));
        g_assert_nonnull (strstr (e->message, missing[i].member));
        g_assert_nonnull (strstr (e->message, "has no"));
        /* The detail is kept for logs and support. */
        g_assert_cmpstr (ferry_api_error_get_server_message (e), ==, missing[i].detail);
      }
  }

  {
    g_autoptr(GError) e = NULL;
    g_autofree char *t = NULL;
    JsonObject *none = NULL;

    g_assert_false (ferry_json_require_text (o, "n", &t, &e));
    ferry_json_name_answer (&e, "agency");
    g_assert_cmpstr (e->message, ==, "In the service’s “agency” answer, “n” is not valid.");
    g_clear_error (&e);
    g_assert_false (ferry_json_require_member_object (o, "s", &none, &e));
    g_assert_error (e, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
    g_clear_error (&e);
    g_assert_false (ferry_json_require_member_object (o, "nowhere", &none, &e));
    ferry_json_name_answer (&e, "vault");
    g_assert_cmpstr (e->message, ==, "The service’s “vault” answer has no “nowhere”.");
    g_clear_error (&e);
    g_assert_false (ferry_json_require_uint64 (o, "nowhere", 100, &size, &e));
    g_assert_error (e, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
  }

  /* Other errors are not rephrased. */
  {
    g_autoptr(GError) e = ferry_api_error_new (FERRY_API_ERROR_NOT_FOUND, 404, "IMG.0086", NULL, NULL);
    g_autofree char *before = g_strdup (e->message);

    ferry_json_name_answer (&e, "images");
    g_assert_cmpstr (e->message, ==, before);
    ferry_json_name_answer (NULL, "images");
  }
}

static void
test_json_malformed (void)
{
  const char *bodies[] = { "", "{", "[1,2]", "\"text\"", "{\"a\": }", "{\"a\": 1", "null", "\xff\xfe" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (bodies[i], strlen (bodies[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = ferry_json_parse_object (bytes, &error);

      g_assert_null (node);
      g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
    }
}

static JsonNode *
parse_text (const char  *text,
            GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return ferry_json_parse_object (bytes, error);
}

static void
test_json_limits (void)
{
  g_autofree char *deepest = ferry_test_json_nested (FERRY_JSON_MAX_DEPTH);
  g_autofree char *too_deep = ferry_test_json_nested (FERRY_JSON_MAX_DEPTH + 1);
  g_autofree char *crash = ferry_test_json_nested (200000);
  g_autoptr(JsonNode) ok = NULL;
  g_autoptr(GError) error = NULL;

  /* 64 levels are read; one more, or the 200,000 that overflowed the
   * stack inside json-glib, are refused before parsing. */
  ok = parse_text (deepest, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ok);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) node = parse_text (i == 0 ? too_deep : crash, &error);

      g_assert_null (node);
      g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
      g_assert_cmpstr (error->message, ==,
                       "The answer is nested more than 64 levels deep, more than Ferry accepts, so Ferry did not read it.");
      g_clear_error (&error);
    }

  /* Brackets in strings, escaped quotes included, are text, not depth. */
  {
    g_autoptr(GString) text = g_string_new ("{\"a\": \"\\\"");
    g_autoptr(JsonNode) node = NULL;

    for (guint i = 0; i < 1000; i++)
      g_string_append (text, "[{");
    g_string_append (text, "\\\\\", \"b\": [[1]]}");
    node = parse_text (text->str, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (strlen (json_object_get_string_member (json_node_get_object (node), "a")), ==, 2002);
  }

  /* Text that is not UTF-8, raw or as a lone surrogate escape (json-glib
   * would turn the latter into bytes that are not UTF-8). A pair is fine. */
  {
    const char *bad[] = { "{\"name\": \"\xff\xfe\"}", "{\"name\": \"\\ud800 x\"}",
                          "{\"name\": \"\\udc00\"}", "{\"name\": \"\\ud800\\u0041\"}" };
    g_autoptr(JsonNode) pair = parse_text ("{\"name\": \"\\ud83d\\ude00\"}", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (pair), "name"), ==, "😀");
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(JsonNode) node = parse_text (bad[i], &error);

        g_assert_null (node);
        g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
        g_assert_cmpstr (error->message, ==,
                         "The answer contains text that is not valid UTF-8, which Ferry cannot read.");
        g_clear_error (&error);
      }
  }

  /* Larger than the limit, even when it is mostly blanks. */
  {
    gsize size = FERRY_JSON_MAX_BYTES + 1;
    g_autofree char *big = g_malloc (size);
    g_autoptr(JsonNode) node = NULL;

    memset (big, ' ', size);
    big[0] = '{';
    big[size - 1] = '}';
    node = ferry_json_parse (big, size, &error);
    g_assert_null (node);
    g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
    g_assert_cmpstr (error->message, ==,
                     "The answer is larger than 32 MB, more than Ferry accepts, so Ferry stopped reading it.");
  }
}

/* The task file goes through the same parser: a deep one is set aside,
 * not a crash of every later command. */
static void
test_json_deep_task_file (void)
{
  g_autofree char *dir = ferry_test_make_tmp_dir ("ferry-deep-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "tasks.json", NULL);
  g_autofree char *deep = ferry_test_json_nested (200000);
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, deep, -1, NULL));
  g_assert_false (ferry_task_store_load (store, &error));
  g_assert_error (error, FERRY_TASK_STORE_ERROR, FERRY_TASK_STORE_ERROR_CORRUPT);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_task_store_get_tasks (store)), ==, 0);

  ferry_test_remove_tree (dir);
}

static void
test_catalogue_default (void)
{
  FerryRegion *sh1, *sh2, *dublin, *sg;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalogue)), ==, 26);
  sh1 = ferry_region_catalogue_lookup (catalogue, "cn-east-3");
  sh2 = ferry_region_catalogue_lookup (catalogue, "cn-east-2");
  dublin = ferry_region_catalogue_lookup (catalogue, "eu-west-101");
  sg = ferry_region_catalogue_lookup (catalogue, "ap-southeast-3");

  /* The pair the API notes warn about. */
  g_assert_cmpstr (ferry_region_get_name_zh (sh1), ==, "华东-上海一");
  g_assert_cmpstr (ferry_region_get_name_zh (sh2), ==, "华东-上海二");
  g_assert_false (ferry_region_get_whole_image_copy (sh1));
  g_assert_true (ferry_region_get_whole_image_copy (sh2));
  g_assert_true (ferry_region_get_mainland (sh2));
  g_assert_false (ferry_region_get_mainland (sg));
  g_assert_cmpstr (ferry_region_get_domain (dublin), ==, "myhuaweicloud.eu");
  g_assert_cmpuint (ferry_region_get_copy_size_limit (sg), ==, G_GUINT64_CONSTANT (137438953472));
  g_assert_null (ferry_region_catalogue_lookup (catalogue, "xx-nowhere-1"));
}

static void
test_catalogue_malformed (void)
{
  const char *broken[] = {
    "not json",
    "{\"format\": 2, \"default_domain\": \"d\", \"default_copy_size_limit\": 1, \"regions\": []}",
    "{\"format\": 1, \"default_copy_size_limit\": 1, \"regions\": []}",
    "{\"format\": 1, \"default_domain\": \"d\", \"default_copy_size_limit\": 1, \"regions\": []}",
    "{\"format\": 1, \"default_domain\": \"d\", \"default_copy_size_limit\": 1, \"regions\": [1]}",
    "{\"format\": 1, \"default_domain\": \"d\", \"default_copy_size_limit\": 1, \"regions\": [{\"id\": \"a-1\", \"name_zh\": \"甲\", \"name_en\": \"A\", \"mainland\": true}]}",
    "{\"format\": 1, \"default_domain\": \"d\", \"default_copy_size_limit\": 1, \"regions\": [{\"id\": \"A B\", \"name_zh\": \"甲\", \"name_en\": \"A\", \"mainland\": true, \"whole_image_copy\": true}]}",
    "{\"format\": 1, \"default_domain\": \"d\", \"default_copy_size_limit\": 1, \"regions\": [{\"id\": \"a-1\", \"name_zh\": \"甲\", \"name_en\": \"A\", \"mainland\": \"maybe\", \"whole_image_copy\": true}]}",
    "{\"format\": 1, \"default_domain\": \"d\", \"default_copy_size_limit\": 1, \"regions\": [{\"id\": \"a-1\", \"name_zh\": \"甲\", \"name_en\": \"A\", \"mainland\": true, \"whole_image_copy\": true}, {\"id\": \"a-1\", \"name_zh\": \"甲\", \"name_en\": \"A\", \"mainland\": true, \"whole_image_copy\": true}]}",
    "{\"format\": 1, \"default_domain\": \"d\", \"default_copy_size_limit\": -5, \"regions\": [{\"id\": \"a-1\", \"name_zh\": \"甲\", \"name_en\": \"A\", \"mainland\": true, \"whole_image_copy\": true}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (broken[i], strlen (broken[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryRegionCatalogue) c = ferry_region_catalogue_new_from_bytes (bytes, &error);

      g_test_message ("%u: %s", i, error != NULL ? error->message : "(accepted)");
      g_assert_null (c);
      g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
      g_assert_true (g_str_has_prefix (error->message, "The region catalogue is damaged: "));
    }
}

static void
test_catalogue_merge (void)
{
  g_autoptr(FerryRegionCatalogue) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) server = g_list_store_new (FERRY_TYPE_REGION);
  g_autoptr(FerryRegion) renamed = ferry_region_new ("cn-north-4", "华北-北京四（新）", "CN North-Beijing4 (new)", FALSE, FALSE, 0, NULL);
  g_autoptr(FerryRegion) fresh = ferry_region_new ("xx-new-1", "新区域", "New Region", TRUE, TRUE, 1, NULL);
  FerryRegion *known;

  c = ferry_region_catalogue_new_default (&error);
  g_assert_no_error (error);
  g_list_store_append (server, renamed);
  g_list_store_append (server, fresh);
  ferry_region_catalogue_merge (c, G_LIST_MODEL (server));

  known = ferry_region_catalogue_lookup (c, "cn-north-4");
  g_assert_cmpstr (ferry_region_get_name_en (known), ==, "CN North-Beijing4 (new)");
  g_assert_true (ferry_region_get_mainland (known));  /* facts stay the catalogue's */
  g_assert_true (ferry_region_get_whole_image_copy (known));

  known = ferry_region_catalogue_lookup (c, "xx-new-1");
  g_assert_nonnull (known);
  g_assert_false (ferry_region_get_mainland (known));  /* unknown: the safe side */
  g_assert_false (ferry_region_get_whole_image_copy (known));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (c)), ==, 27);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* The English sentences are asserted: no translation here. */
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  catalogue = ferry_region_catalogue_new_default (&error);
  g_assert_no_error (error);
  credentials = ferry_credentials_new ("AK", "SK", NULL);

  g_test_add_func ("/client/endpoint/default", test_endpoint_default);
  g_test_add_func ("/client/endpoint/environment", test_endpoint_environment);
  g_test_add_func ("/client/credentials/from-variables", test_credentials_from_variables);
  g_test_add_func ("/client/endpoint/loopback-only", test_endpoint_loopback_only);
  g_test_add_func ("/client/query", test_query);
  g_test_add_func ("/client/error/shapes", test_error_shapes);
  g_test_add_func ("/client/error/status-decides", test_error_status_decides);
  g_test_add_func ("/client/error/every-code-explained", test_error_every_code_explained);
  g_test_add_func ("/client/error/hints", test_error_hints);
  g_test_add_func ("/client/error/transport", test_error_transport);
  g_test_add_func ("/client/json/lenient", test_json_lenient);
  g_test_add_func ("/client/json/wrong-types", test_json_wrong_types);
  g_test_add_func ("/client/json/malformed", test_json_malformed);
  g_test_add_func ("/client/json/typed", test_json_typed);
  g_test_add_func ("/client/json/limits", test_json_limits);
  g_test_add_func ("/client/json/deep-task-file", test_json_deep_task_file);
  g_test_add_func ("/client/catalogue/default", test_catalogue_default);
  g_test_add_func ("/client/catalogue/malformed", test_catalogue_malformed);
  g_test_add_func ("/client/catalogue/merge", test_catalogue_merge);

  ret = g_test_run ();
  g_clear_object (&catalogue);
  g_clear_object (&credentials);
  return ret;
}
