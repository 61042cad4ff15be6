/* test-reference.c: the client and the sandbox, held to Huawei's own examples
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one test the sandbox cannot pass by agreeing with the client: the
 * example bodies of the reference pages (tests/data/reference, each with
 * its page) must parse with the client's models and read as the right
 * error, and the sandbox's answer to the same call must have the
 * example's members with the same JSON types.
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "ferry-agency.h"
#include "ferry-cbr.h"
#include "ferry-error.h"
#include "ferry-iam.h"
#include "ferry-ims.h"
#include "ferry-i18n.h"
#include "ferry-image.h"
#include "ferry-job.h"
#include "ferry-json.h"
#include "ferry-project.h"
#include "ferry-role.h"
#include "ferry-sandbox.h"
#include "ferry-signer.h"
#include "ferry-test-client.h"
#include "ferry-test-sandbox.h"
#include "ferry-test-wait.h"
#include "ferry-vault.h"

static FerrySandbox *sandbox;
static SoupSession *session;
static JsonArray *examples;
/* Ids of the sandbox's records that the sandbox paths name: {web}... */
static GHashTable *ids;

/* Files */

static JsonNode *
load_json (const char *relative)
{
  g_autofree char *path = g_build_filename (REFERENCE_DIR, relative, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static GBytes *
load_bytes (const char *relative)
{
  g_autofree char *path = g_build_filename (REFERENCE_DIR, relative, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* @member of @object when it is an object, or NULL. */
static JsonObject *
object_or_null (JsonObject *object,
                const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
member_or_null (JsonObject *object,
                const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

/* The sandbox, talked to as the service is: a SoupSession and the signer. */

typedef struct
{
  guint     status;
  JsonNode *root;
} Answer;

static void
answer_free (Answer *answer)
{
  g_clear_pointer (&answer->root, json_node_unref);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GBytes **bytes = user_data;
  g_autoptr(GError) error = NULL;

  *bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

/* {name} in @text replaced by the ids found in setup. */
static char *
fill_in (const char *text)
{
  GString *out = g_string_new (text);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *placeholder = g_strdup_printf ("{%s}", (char *) key);

      g_string_replace (out, placeholder, value, 0);
    }
  return g_string_free (out, FALSE);
}

static Answer *
call_sandbox (const char *service,
              const char *region,
              const char *project,
              const char *method,
              const char *path,
              const char *body)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/%s/%s%s",
                                          ferry_sandbox_get_port (sandbox), service, region, path);
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", ferry_sandbox_get_port (sandbox));
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = ferry_signer_format_date (now);
  g_autofree char *authorization = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) reply = NULL;
  SoupMessageHeaders *headers;
  Answer *answer = g_new0 (Answer, 1);
  const char *data;
  gsize size;

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_append (headers, "Host", host);
  soup_message_headers_append (headers, FERRY_SIGNER_DATE_HEADER, date);
  if (project != NULL)
    soup_message_headers_append (headers, "X-Project-Id", project);
  if (body != NULL)
    {
      request = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  authorization = ferry_signer_authorization (FERRY_SANDBOX_ACCESS_KEY, FERRY_SANDBOX_SECRET_KEY,
                                              method, soup_message_get_uri (msg), headers, request);
  soup_message_headers_append (headers, "Authorization", authorization);

  /* The sandbox runs on this thread's main context. */
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &reply);
  while (reply == NULL)
    g_main_context_iteration (NULL, TRUE);

  answer->status = soup_message_get_status (msg);
  data = g_bytes_get_data (reply, &size);
  if (size > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, data, size, NULL))
        answer->root = json_node_ref (json_parser_get_root (parser));
    }
  return answer;
}

static char *
first_id (const char *service,
          const char *region,
          const char *project,
          const char *path,
          const char *member)
{
  g_autoptr(Answer) answer = call_sandbox (service, region, project, "GET", path, NULL);
  JsonArray *array;

  g_assert_cmpuint (answer->status, ==, 200);
  array = json_object_get_array_member (json_node_get_object (answer->root), member);
  g_assert_cmpuint (json_array_get_length (array), >, 0);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (array, 0), "id"));
}

static void
find_ids (void)
{
  g_autofree char *agency_path = NULL;
  g_autofree char *vault_path = NULL;
  g_autofree char *copy_path = NULL;
  g_autoptr(Answer) copy = NULL;
  char *bj4, *sh2, *web;

  ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (ids, (char *) "domain", first_id ("iam", "cn-north-4", NULL, "/v3/auth/domains",
                                                "domains"));
  bj4 = first_id ("iam", "cn-north-4", NULL, "/v3/projects?name=cn-north-4", "projects");
  sh2 = first_id ("iam", "cn-north-4", NULL, "/v3/projects?name=cn-east-2", "projects");
  g_hash_table_insert (ids, (char *) "bj4", bj4);
  g_hash_table_insert (ids, (char *) "sh2", sh2);
  web = first_id ("ims", "cn-north-4", bj4, "/v2/cloudimages?name=web-server", "images");
  g_hash_table_insert (ids, (char *) "web", web);
  agency_path = fill_in ("/v3.0/OS-AGENCY/agencies?domain_id={domain}&name=ims_administrator_agency");
  g_hash_table_insert (ids, (char *) "agency", first_id ("iam", "cn-north-4", NULL, agency_path, "agencies"));
  vault_path = g_strdup_printf ("/v3/%s/vaults?name=vault-sh2-replication", sh2);
  g_hash_table_insert (ids, (char *) "vault", first_id ("cbr", "cn-east-2", sh2, vault_path, "vaults"));

  /* A job to ask for: a copy that runs for the whole test. */
  copy_path = g_strdup_printf ("/v1/cloudimages/%s/cross_region_copy", web);
  copy = call_sandbox ("ims", "cn-north-4", bj4, "POST", copy_path,
                       "{\"name\": \"reference-job\", \"region\": \"cn-east-2\","
                       " \"project_name\": \"cn-east-2\","
                       " \"agency_name\": \"ims_administrator_agency\"}");
  g_assert_cmpuint (copy->status, ==, 200);
  g_hash_table_insert (ids, (char *) "job",
                       g_strdup (json_object_get_string_member (json_node_get_object (copy->root),
                                                                "job_id")));
}

/* The client's side */

static void
parse_each (JsonObject        *root,
            const char        *member,
            FerryFromJsonFunc  from_json)
{
  JsonArray *array = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_json_require_array (root, member, &array, &error));
  g_assert_cmpuint (json_array_get_length (array), >, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(GObject) model = from_json (json_array_get_object_element (array, i), &error);

      g_assert_no_error (error);
      g_assert_nonnull (model);
    }
}

static void
parse_member (JsonObject        *root,
              const char        *member,
              FerryFromJsonFunc  from_json)
{
  JsonObject *object = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) model = NULL;

  g_assert_true (ferry_json_require_member_object (root, member, &object, &error));
  model = from_json (object, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);
}

/* The client's reading of @parse answers: its models, or, for the two
 * answers that make no model (regions, domains), the members ferry-iam.c
 * reads of them with the same readers. */
static void
client_parses (JsonObject *root,
               const char *parse)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (parse, "images"))
    parse_each (root, "images", (FerryFromJsonFunc) ferry_image_new_from_json);
  else if (g_str_equal (parse, "image"))
    {
      g_autoptr(FerryImage) image = ferry_image_new_from_json (root, &error);

      g_assert_no_error (error);
      g_assert_nonnull (image);
    }
  else if (g_str_equal (parse, "job_id"))
    {
      g_autofree char *job_id = NULL;

      g_assert_true (ferry_json_require_text (root, "job_id", &job_id, &error));
    }
  else if (g_str_equal (parse, "job"))
    {
      g_autoptr(FerryJob) job = ferry_job_new_from_json (root, &error);

      g_assert_no_error (error);
      g_assert_cmpint (ferry_job_get_status (job), !=, FERRY_JOB_STATUS_UNKNOWN);
      g_assert_nonnull (ferry_job_get_image_id (job));
    }
  else if (g_str_equal (parse, "image_quota"))
    {
      g_autoptr(FerryImageQuota) quota = ferry_image_quota_new_from_json (root, &error);

      g_assert_no_error (error);
      g_assert_nonnull (quota);
      g_assert_cmpuint (quota->quota, >, 0);
    }
  else if (g_str_equal (parse, "agency"))
    parse_member (root, "agency", (FerryFromJsonFunc) ferry_agency_new_from_json);
  else if (g_str_equal (parse, "agencies"))
    parse_each (root, "agencies", (FerryFromJsonFunc) ferry_agency_new_from_json);
  else if (g_str_equal (parse, "projects"))
    parse_each (root, "projects", (FerryFromJsonFunc) ferry_project_new_from_json);
  else if (g_str_equal (parse, "roles"))
    parse_each (root, "roles", (FerryFromJsonFunc) ferry_role_new_from_json);
  else if (g_str_equal (parse, "vault"))
    parse_member (root, "vault", (FerryFromJsonFunc) ferry_vault_new_from_json);
  else if (g_str_equal (parse, "regions") || g_str_equal (parse, "domains"))
    {
      JsonArray *array = NULL;

      g_assert_true (ferry_json_require_array (root, parse, &array, &error));
      g_assert_cmpuint (json_array_get_length (array), >, 0);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *element = json_array_get_object_element (array, i);
          g_autofree char *id = NULL;
          g_autofree char *name = NULL;
          JsonObject *locales = NULL;

          g_assert_true (ferry_json_require_text (element, "id", &id, &error));
          if (g_str_equal (parse, "domains"))
            g_assert_true (ferry_json_get_text (element, "name", &name, &error));
          else
            g_assert_true (ferry_json_get_object (element, "locales", &locales, &error) &&
                           (locales == NULL ||
                            (ferry_json_get_text (locales, "zh-cn", &name, &error))));
        }
    }
  else
    g_error ("no parser for “%s”", parse);

  g_assert_no_error (error);
}

static void
test_success_examples_parse (void)
{
  guint tested = 0;

  for (guint i = 0; i < json_array_get_length (examples); i++)
    {
      JsonObject *entry = json_array_get_object_element (examples, i);
      g_autoptr(JsonNode) body = NULL;

      if (!g_str_equal (member_or_null (entry, "kind"), "success"))
        continue;
      g_test_message ("%s: %s", member_or_null (entry, "call"), member_or_null (entry, "file"));
      body = load_json (member_or_null (entry, "file"));
      g_assert_true (JSON_NODE_HOLDS_OBJECT (body));
      client_parses (json_node_get_object (body), member_or_null (entry, "parse"));
      tested++;
    }
  g_assert_cmpuint (tested, >=, 15);
}

static FerryApiErrorCode
kind_from_name (const char *name)
{
  static const struct { const char *name; FerryApiErrorCode code; } kinds[] = {
    { "failed", FERRY_API_ERROR_FAILED }, { "not-found", FERRY_API_ERROR_NOT_FOUND },
    { "permission", FERRY_API_ERROR_PERMISSION }, { "throttled", FERRY_API_ERROR_THROTTLED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].name, name))
      return kinds[i].code;
  g_error ("unknown error kind “%s”", name);
}

static void
test_error_examples_read (void)
{
  guint tested = 0;

  for (guint i = 0; i < json_array_get_length (examples); i++)
    {
      JsonObject *entry = json_array_get_object_element (examples, i);
      JsonObject *expect;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_str_equal (member_or_null (entry, "kind"), "error"))
        continue;
      expect = json_object_get_object_member (entry, "expect");
      g_test_message ("%s: %s", member_or_null (entry, "call"), member_or_null (entry, "file"));
      body = load_bytes (member_or_null (entry, "file"));
      error = ferry_json_read_error (json_object_get_int_member (entry, "status"),
                                     body, NULL);
      g_assert_error (error, FERRY_API_ERROR, kind_from_name (member_or_null (expect, "kind")));
      g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, member_or_null (expect, "code"));
      /* The user's sentence (this test runs in English), the server's
       * own message kept beside it. */
      g_assert_cmpstr (error->message, ==, member_or_null (expect, "sentence"));
      g_assert_nonnull (ferry_api_error_get_server_message (error));
      tested++;
    }
  g_assert_cmpuint (tested, >=, 10);
}

/* The sandbox's side: the same members, the same JSON types */

static const char *
json_type (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "object";
    case JSON_NODE_ARRAY:
      return "array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return "string";
        case G_TYPE_BOOLEAN:
          return "boolean";
        default:
          return "number";   /* JSON has one number type */
        }
    }
}

/* Adds to @problems every member of @example missing from @answer (unless
 * @may_lack names it) and every member of both whose JSON types differ
 * (unless @any_type names it). A null on either side is the reference's
 * "absent" and matches anything; arrays are compared element by element
 * against the example's first element. */
static void
compare (JsonNode   *example,
         JsonNode   *answer,
         const char *path,
         JsonObject *may_lack,
         JsonObject *any_type,
         GString    *problems)
{
  const char *name = strrchr (path, '.') != NULL ? strrchr (path, '.') + 1 : path;

  if (JSON_NODE_HOLDS_NULL (example) || JSON_NODE_HOLDS_NULL (answer))
    return;
  if (!g_str_equal (json_type (example), json_type (answer)))
    {
      if (any_type == NULL || !json_object_has_member (any_type, name))
        g_string_append_printf (problems, "  %s: %s in the example, %s from the sandbox\n", path,
                                json_type (example), json_type (answer));
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (example))
    {
      JsonObject *e = json_node_get_object (example);
      JsonObject *a = json_node_get_object (answer);
      JsonObjectIter iter;
      const char *member;
      JsonNode *node;

      json_object_iter_init (&iter, e);
      while (json_object_iter_next (&iter, &member, &node))
        {
          g_autofree char *sub = g_strdup_printf ("%s.%s", path, member);

          if (!json_object_has_member (a, member))
            {
              if (may_lack == NULL || !json_object_has_member (may_lack, member))
                g_string_append_printf (problems, "  %s: missing from the sandbox's answer\n", sub);
              continue;
            }
          compare (node, json_object_get_member (a, member), sub, may_lack, any_type, problems);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (example))
    {
      JsonArray *e = json_node_get_array (example);
      JsonArray *a = json_node_get_array (answer);
      g_autofree char *sub = g_strdup_printf ("%s[]", path);

      if (json_array_get_length (e) == 0)
        return;
      for (guint i = 0; i < json_array_get_length (a); i++)
        compare (json_array_get_element (e, 0), json_array_get_element (a, i), sub, may_lack,
                 any_type, problems);
    }
}

static void
test_sandbox_same_shape (void)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  guint tested = 0;

  for (guint i = 0; i < json_array_get_length (examples); i++)
    {
      JsonObject *entry = json_array_get_object_element (examples, i);
      JsonObject *call;
      JsonNode *body_node;
      g_autoptr(JsonNode) example = NULL;
      g_autofree char *path = NULL;
      g_autofree char *body = NULL;
      g_autoptr(Answer) answer = NULL;
      const char *project;
      guint expected;

      if (!json_object_has_member (entry, "sandbox"))
        continue;
      call = json_object_get_object_member (entry, "sandbox");
      example = load_json (member_or_null (entry, "file"));
      path = fill_in (member_or_null (call, "path"));
      body_node = json_object_get_member (call, "body");
      if (body_node != NULL)
        {
          g_autofree char *raw = json_to_string (body_node, FALSE);

          body = fill_in (raw);
        }
      project = member_or_null (call, "project") != NULL
        ? g_hash_table_lookup (ids, member_or_null (call, "project")) : NULL;
      expected = json_object_has_member (call, "status")
        ? (guint) json_object_get_int_member (call, "status") : 200;

      g_test_message ("%s: %s %s", member_or_null (entry, "call"), member_or_null (call, "method"),
                      path);
      answer = call_sandbox (member_or_null (call, "service"), member_or_null (call, "region"),
                             project, member_or_null (call, "method"), path, body);
      if (answer->status != expected || answer->root == NULL)
        {
          g_string_append_printf (problems, "%s: HTTP %u, not %u with a JSON body\n",
                                  member_or_null (entry, "call"), answer->status, expected);
          continue;
        }

      {
        g_autoptr(GString) found = g_string_new (NULL);

        compare (example, answer->root, "", object_or_null (entry, "sandbox_may_lack"),
                 object_or_null (entry, "any_type"), found);
        if (found->len > 0)
          g_string_append_printf (problems, "%s (%s):\n%s", member_or_null (entry, "call"),
                                  member_or_null (entry, "file"), found->str);
      }
      tested++;
    }

  if (problems->len > 0)
    g_error ("The sandbox does not answer as the reference's examples show:\n%s", problems->str);
  g_assert_cmpuint (tested, >=, 20);
}

/* Answers that lack what a model needs, or type it wrong, are errors that
 * name the answer and the member, through the client's real calls. A small
 * server on loopback sends them: the sandbox would never. */

static void
broken_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  static const struct { const char *suffix; const char *body; } answers[] = {
    { "/v3/auth/projects", "{\"projects\": [{\"name\": \"cn-north-4\", \"enabled\": true}]}" },
    { "/v3/projects", "{\"projects\": [{\"id\": \"p1\", \"name\": 12345}]}" },
    { "/v2/cloudimages", "{\"images\": [{\"id\": \"i1\", \"name\": \"web\"}]}" },
    { "/jobs/j1", "{\"job_id\": \"j1\", \"status\": 3}" },
    { "/vaults/v1", "{\"vault\": {\"id\": \"v1\", \"name\": \"v\"}}" },
    { "/v3/regions", "{\"region\": []}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    if (g_str_has_suffix (path, answers[i].suffix))
      {
        soup_server_message_set_status (msg, 200, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                          answers[i].body, strlen (answers[i].body));
        return;
      }
  soup_server_message_set_status (msg, 500, NULL);
}

static void
assert_named (GError     *error,
              const char *sentence)
{
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==, sentence);
}

static void
test_broken_answers_named (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(FerryRegionCatalogue) catalogue = NULL;
  g_autoptr(FerryClient) client = NULL;
  g_autoptr(GError) error = NULL;
  FerryTestWait wait = { NULL };
  g_autofree char *endpoint = NULL;
  GSList *uris;

  soup_server_add_handler (server, NULL, broken_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  endpoint = g_strdup_printf ("http://127.0.0.1:%d/{service}/{region}",
                              g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  catalogue = ferry_test_catalogue_new ();
  client = ferry_test_client_new_for (endpoint, catalogue,
                                      FERRY_SANDBOX_ACCESS_KEY, FERRY_SANDBOX_SECRET_KEY, NULL);

  {
    g_autoptr(GListModel) projects = NULL;

    ferry_iam_list_projects_async (client, "cn-north-4", NULL, NULL, ferry_test_store_cb, &wait);
    projects = ferry_iam_list_projects_finish (client, ferry_test_wait (&wait), &error);
    g_assert_null (projects);
    assert_named (error, "The service’s “projects” answer has no “id”.");
    g_clear_error (&error);
  }
  {
    g_autoptr(GListModel) projects = NULL;

    /* A number is no project name. */
    ferry_iam_list_projects_async (client, "cn-north-4", "cn-north-4", NULL,
                                   ferry_test_store_cb, &wait);
    projects = ferry_iam_list_projects_finish (client, ferry_test_wait (&wait), &error);
    g_assert_null (projects);
    assert_named (error, "In the service’s “projects” answer, “name” is not valid.");
    g_clear_error (&error);
  }
  {
    FerryImageQuery query = { 0, };
    g_autoptr(GListModel) images = NULL;

    ferry_ims_list_images_async (client, "cn-north-4", "p1", &query, NULL,
                                 ferry_test_store_cb, &wait);
    images = ferry_ims_list_images_finish (client, ferry_test_wait (&wait), &error);
    g_assert_null (images);
    assert_named (error, "The service’s “images” answer has no “status”.");
    g_clear_error (&error);
  }
  {
    g_autoptr(FerryJob) job = NULL;

    ferry_ims_get_job_async (client, "cn-north-4", "p1", "j1", FERRY_JOB_ENDPOINT_PROJECT, NULL,
                             ferry_test_store_cb, &wait);
    job = ferry_ims_get_job_finish (client, ferry_test_wait (&wait), &error);
    g_assert_null (job);
    assert_named (error, "In the service’s “job” answer, “status” is not valid.");
    g_clear_error (&error);
  }
  {
    g_autoptr(FerryVault) vault = NULL;

    ferry_cbr_get_vault_async (client, "cn-east-2", "p2", "v1", NULL, ferry_test_store_cb, &wait);
    vault = ferry_cbr_get_vault_finish (client, ferry_test_wait (&wait), &error);
    g_assert_null (vault);
    assert_named (error, "The service’s “vault” answer has no “billing”.");
    g_clear_error (&error);
  }
  {
    g_autoptr(GListModel) regions = NULL;

    /* Padded into another member: not an empty list. */
    ferry_iam_list_regions_async (client, "cn-north-4", NULL, ferry_test_store_cb, &wait);
    regions = ferry_iam_list_regions_finish (client, ferry_test_wait (&wait), &error);
    g_assert_null (regions);
    assert_named (error, "The service’s “regions” answer has no “regions”.");
    g_clear_error (&error);
  }
  ferry_test_wait_clear (&wait);
}

/* Every file is an example with its page. */
static void
test_manifest_complete (void)
{
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  const char *dirs[] = { "ims", "iam", "cbr" };

  for (guint i = 0; i < json_array_get_length (examples); i++)
    {
      JsonObject *entry = json_array_get_object_element (examples, i);
      const char *page = member_or_null (entry, "page");
      const char *request = member_or_null (entry, "request");

      g_assert_true (g_str_has_prefix (page, "https://support.huaweicloud.com/") ||
                     g_str_has_prefix (page, "https://github.com/huaweicloudDocs/"));
      g_assert_nonnull (member_or_null (entry, "source"));
      g_hash_table_add (listed, (gpointer) member_or_null (entry, "file"));
      if (request != NULL)
        {
          g_autoptr(JsonNode) node = load_json (request);

          g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
          g_hash_table_add (listed, (gpointer) request);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (REFERENCE_DIR, dirs[i], NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *relative = g_build_filename (dirs[i], name, NULL);

          if (!g_hash_table_contains (listed, relative))
            g_error ("%s is in tests/data/reference but not in its manifest", relative);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(JsonNode) manifest = NULL;
  int status;

  /* The sentences are compared in English. */
  g_setenv ("LANGUAGE", "en", TRUE);
  ferry_i18n_init (g_getenv (FERRY_ENV_LOCALEDIR));
  g_test_init (&argc, &argv, NULL);

  manifest = load_json ("manifest.json");
  examples = json_object_get_array_member (json_node_get_object (manifest), "examples");

  /* A copy runs long enough for its job to be asked for while it runs. */
  sandbox = ferry_test_sandbox_new_started ("copy-seconds", 3600, NULL);
  session = soup_session_new ();
  find_ids ();

  g_test_add_func ("/reference/manifest-complete", test_manifest_complete);
  g_test_add_func ("/reference/success-examples-parse", test_success_examples_parse);
  g_test_add_func ("/reference/error-examples-read", test_error_examples_read);
  g_test_add_func ("/reference/sandbox-same-shape", test_sandbox_same_shape);
  g_test_add_func ("/reference/broken-answers-named", test_broken_answers_named);
  status = g_test_run ();

  ferry_sandbox_stop (sandbox);
  g_clear_object (&sandbox);
  g_clear_object (&session);
  g_clear_pointer (&ids, g_hash_table_unref);
  return status;
}
