/* test-client-hostile.c: the client against a server that misbehaves
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A SoupServer on loopback, in this process and on this main context,
 * answers each path in its own bad way: too deep, too large, inflating,
 * slow, throttling, unavailable, redirecting, empty, not UTF-8. Every case
 * must end in a FERRY_API_ERROR whose message is a sentence, within a
 * bounded time, without the process growing or crashing.
 */

#include "config.h"

#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>
#include <sys/resource.h>

#include "ferry-client-private.h"
#include "ferry-error.h"
#include "ferry-json.h"
#include "ferry-test-client.h"
#include "ferry-test-json.h"
#include "ferry-test-wait.h"

typedef struct
{
  SoupServer           *server;
  SoupServer           *elsewhere;      /* another host:port, for redirects */
  guint                 port;
  guint                 elsewhere_port;
  FerryRegionCatalogue *catalogue;
  FerryClient          *client;
  GHashTable           *hits;           /* path → requests seen */
  guint                 elsewhere_hits;
  gboolean              elsewhere_saw_authorization;
  FerryTestWait         wait;
} Fixture;

/* Streamed answers */

typedef enum
{
  STREAM_GZIP_BOMB,   /* 1 GiB of zeros, gzip'ed on the fly, about 1 MiB on the wire */
  STREAM_LARGE,       /* 100 MiB of blanks inside an object */
  STREAM_SLOW,        /* a byte every 200 ms, for a minute */
} StreamKind;

typedef struct
{
  SoupServerMessage *msg;
  StreamKind         kind;
  GConverter        *compressor;
  guint64            produced;      /* bytes before compression */
  guint64            total;
  GSource           *timer;
  gboolean           done;
} Stream;

#define MIB (1024 * 1024)

static void
stream_free (Stream *stream)
{
  if (stream->timer != NULL)
    {
      g_source_destroy (stream->timer);
      g_source_unref (stream->timer);
    }
  g_clear_object (&stream->compressor);
  g_free (stream);
}

/* Compresses @size bytes, flushed so that every chunk carries output. */
static GBytes *
compress (Stream       *stream,
          const guint8 *data,
          gsize         size,
          gboolean      last)
{
  GByteArray *out = g_byte_array_new ();
  guint8 buffer[64 * 1024];
  GConverterResult result;

  do
    {
      gsize read = 0, written = 0;

      result = g_converter_convert (stream->compressor, data, size, buffer, sizeof buffer,
                                    last ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_FLUSH,
                                    &read, &written, NULL);
      g_assert_cmpint (result, !=, G_CONVERTER_ERROR);
      g_byte_array_append (out, buffer, written);
      data += read;
      size -= read;
    }
  while (result != G_CONVERTER_FINISHED && result != G_CONVERTER_FLUSHED);

  return g_byte_array_free_to_bytes (out);
}

/* Appends the next piece of the answer; FALSE once it is all out. */
static gboolean
stream_next (Stream *stream)
{
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);

  if (stream->done)
    return FALSE;

  if (stream->produced >= stream->total)
    {
      if (stream->kind == STREAM_GZIP_BOMB)
        {
          g_autoptr(GBytes) tail = compress (stream, NULL, 0, TRUE);

          soup_message_body_append_bytes (body, tail);
        }
      else if (stream->kind == STREAM_LARGE)
        soup_message_body_append (body, SOUP_MEMORY_STATIC, "}", 1);
      soup_message_body_complete (body);
      stream->done = TRUE;
      return FALSE;
    }

  if (stream->kind == STREAM_GZIP_BOMB)
    {
      g_autofree guint8 *zeros = g_malloc0 (MIB);
      g_autoptr(GBytes) chunk = compress (stream, zeros, MIB, FALSE);

      /* Never an empty chunk: that would end the body. */
      g_assert_cmpuint (g_bytes_get_size (chunk), >, 0);
      soup_message_body_append_bytes (body, chunk);
      stream->produced += MIB;
    }
  else if (stream->kind == STREAM_LARGE)
    {
      g_autofree char *blanks = g_malloc (MIB);

      memset (blanks, ' ', MIB);
      if (stream->produced == 0)
        blanks[0] = '{';
      soup_message_body_append_take (body, (guchar *) g_steal_pointer (&blanks), MIB);
      stream->produced += MIB;
    }
  return TRUE;
}

static void
wrote_chunk_cb (SoupServerMessage *msg,
                Stream            *stream)
{
  stream_next (stream);
}

static gboolean
drip_cb (gpointer data)
{
  Stream *stream = data;
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);

  soup_message_body_append (body, SOUP_MEMORY_STATIC, " ", 1);
  soup_server_message_unpause (stream->msg);
  stream->produced++;
  if (stream->produced >= stream->total)
    {
      soup_message_body_append (body, SOUP_MEMORY_STATIC, "}", 1);
      soup_message_body_complete (body);
      g_clear_pointer (&stream->timer, g_source_unref);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
stream_finished_cb (SoupServerMessage *msg,
                    Stream            *stream)
{
  stream->done = TRUE;
  if (stream->timer != NULL)
    {
      g_source_destroy (stream->timer);
      g_clear_pointer (&stream->timer, g_source_unref);
    }
}

static void
start_stream (SoupServerMessage *msg,
              StreamKind         kind)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Stream *stream = g_new0 (Stream, 1);

  stream->msg = msg;
  stream->kind = kind;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_replace (headers, "Content-Type", "application/json");
  g_object_set_data_full (G_OBJECT (msg), "stream", stream, (GDestroyNotify) stream_free);
  g_signal_connect (msg, "finished", G_CALLBACK (stream_finished_cb), stream);

  switch (kind)
    {
    case STREAM_GZIP_BOMB:
      stream->total = (guint64) 1024 * MIB;
      stream->compressor = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9));
      soup_message_headers_replace (headers, "Content-Encoding", "gzip");
      g_signal_connect (msg, "wrote-chunk", G_CALLBACK (wrote_chunk_cb), stream);
      stream_next (stream);
      break;
    case STREAM_LARGE:
      stream->total = (guint64) 100 * MIB;
      g_signal_connect (msg, "wrote-chunk", G_CALLBACK (wrote_chunk_cb), stream);
      stream_next (stream);
      break;
    case STREAM_SLOW:
      stream->total = 300;
      soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                                "{", 1);
      stream->timer = g_timeout_source_new (200);
      g_source_set_callback (stream->timer, drip_cb, stream, NULL);
      g_source_attach (stream->timer, NULL);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Answers */

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *mode = strrchr (path, '/') + 1;
  guint hits = GPOINTER_TO_UINT (g_hash_table_lookup (f->hits, mode)) + 1;

  g_hash_table_insert (f->hits, g_strdup (mode), GUINT_TO_POINTER (hits));

  if (strcmp (mode, "deep") == 0)
    {
      g_autofree char *deep = ferry_test_json_nested (200000);

      respond (msg, SOUP_STATUS_OK, deep);
    }
  else if (strcmp (mode, "bomb") == 0)
    start_stream (msg, STREAM_GZIP_BOMB);
  else if (strcmp (mode, "large") == 0)
    start_stream (msg, STREAM_LARGE);
  else if (strcmp (mode, "slow") == 0)
    start_stream (msg, STREAM_SLOW);
  else if (strcmp (mode, "throttled-once") == 0 && hits == 1)
    {
      soup_message_headers_replace (headers, "Retry-After", "1");
      respond (msg, 429, "{\"error_code\": \"APIGW.0308\", \"error_msg\": \"throttled\"}");
    }
  else if (strcmp (mode, "throttled-long") == 0)
    {
      soup_message_headers_replace (headers, "Retry-After", "30");
      respond (msg, 429, "{\"error_code\": \"APIGW.0308\", \"error_msg\": \"throttled\"}");
    }
  else if (strcmp (mode, "throttled") == 0)
    {
      soup_message_headers_replace (headers, "Retry-After", "1");
      respond (msg, 429, "{\"error_code\": \"APIGW.0308\", \"error_msg\": \"throttled\"}");
    }
  else if (strcmp (mode, "unavailable-once") == 0 && hits == 1)
    respond (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
             "{\"error_code\": \"APIGW.0101\", \"error_msg\": \"The API does not exist or has not been published in the environment.\"}");
  else if (strcmp (mode, "redirect-loop") == 0)
    {
      soup_message_headers_replace (headers, "Location", path);
      respond (msg, SOUP_STATUS_FOUND, NULL);
    }
  else if (strcmp (mode, "redirect-elsewhere") == 0)
    {
      g_autofree char *location = g_strdup_printf ("http://127.0.0.1:%u/ims/cn-north-4/x/steal",
                                                   f->elsewhere_port);

      soup_message_headers_replace (headers, "Location", location);
      respond (msg, SOUP_STATUS_TEMPORARY_REDIRECT, NULL);
    }
  else if (strcmp (mode, "empty") == 0)
    respond (msg, SOUP_STATUS_OK, NULL);
  else if (strcmp (mode, "no-content") == 0)
    respond (msg, SOUP_STATUS_NO_CONTENT, NULL);
  else if (strcmp (mode, "latin1") == 0)
    respond (msg, SOUP_STATUS_OK, "{\"name\": \"caf\xe9\"}");
  else
    respond (msg, SOUP_STATUS_OK, "{\"fine\": true}");
}

static void
elsewhere_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  f->elsewhere_hits++;
  if (soup_message_headers_get_one (headers, "Authorization") != NULL ||
      soup_message_headers_get_one (headers, "X-Security-Token") != NULL)
    f->elsewhere_saw_authorization = TRUE;
  respond (msg, SOUP_STATUS_OK, "{\"stolen\": true}");
}

static guint
listen_on_loopback (SoupServer *server)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  guint port;

  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return port;
}

/* Fixture */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *endpoint = NULL;

  f->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_cb, f, NULL);
  f->port = listen_on_loopback (f->server);
  f->elsewhere = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->elsewhere, NULL, elsewhere_cb, f, NULL);
  f->elsewhere_port = listen_on_loopback (f->elsewhere);

  f->catalogue = ferry_test_catalogue_new ();
  endpoint = g_strdup_printf ("http://127.0.0.1:%u/{service}/{region}", f->port);
  f->client = ferry_test_client_new_for (endpoint, f->catalogue,
                                         "HOSTILEAK", "hostile-secret", "hostile-token");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->catalogue);
  soup_server_disconnect (f->server);
  soup_server_disconnect (f->elsewhere);
  g_clear_object (&f->server);
  g_clear_object (&f->elsewhere);
  g_clear_pointer (&f->hits, g_hash_table_unref);
  ferry_test_wait_clear (&f->wait);
}

/* Sends @method to /x/@mode and waits for the outcome, at most 60 s. */
static JsonNode *
call (Fixture     *f,
      const char  *method,
      const char  *mode,
      GError     **error)
{
  g_autofree char *path = g_strdup_printf ("/x/%s", mode);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  FerryRequestFlags flags = strcmp (method, "POST") == 0 ? FERRY_REQUEST_DEFAULT
                                                          : FERRY_REQUEST_IDEMPOTENT;

  ferry_client_request_async (f->client, FERRY_SERVICE_IMS, "cn-north-4", "project", method, path,
                              NULL, NULL, flags, NULL, ferry_test_store_cb, &f->wait);
  while (f->wait.result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return ferry_client_request_finish (f->client, ferry_test_wait (&f->wait), NULL, error);
}

static guint
hits (Fixture    *f,
      const char *mode)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (f->hits, mode));
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* Tests */

static void
test_deep (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = call (f, "GET", "deep", &error);

  g_assert_null (root);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==,
                   "The answer is nested more than 64 levels deep, more than Ferry accepts, so Ferry did not read it.");
  g_assert_cmpuint (ferry_api_error_get_http_status (error), ==, 200);
}

static glong
peak_resident_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

static void
test_gzip_bomb (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  glong before = peak_resident_kib ();

  /* About a MiB on the wire that inflates to a GiB: reading stops past
   * 32 MB of inflated answer, so the process never holds the GiB. */
  root = call (f, "GET", "bomb", &error);
  g_assert_null (root);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==,
                   "The answer is larger than 32 MB, more than Ferry accepts, so Ferry stopped reading it.");
  g_test_message ("peak resident memory grew by %ld KiB", peak_resident_kib () - before);
  g_assert_cmpint (peak_resident_kib () - before, <, 200 * 1024);
  /* Too large once is too large again: not retried. */
  g_assert_cmpuint (hits (f, "bomb"), ==, 1);
}

static void
test_large (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = call (f, "GET", "large", &error);

  g_assert_null (root);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==,
                   "The answer is larger than 32 MB, more than Ferry accepts, so Ferry stopped reading it.");
}

static void
test_slow (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 start = g_get_monotonic_time ();

  /* A byte every 200 ms never trips a per-read timeout; the deadline of
   * the whole request does, and a GET is tried again within the budget. */
  ferry_client_set_timeout (f->client, 2);
  ferry_client_set_retry_budget (f->client, 3);
  root = call (f, "GET", "slow", &error);
  g_assert_null (root);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==, "The service did not answer within 2 seconds.");
  g_assert_true (ferry_api_error_is_transient (error));
  g_assert_cmpuint (hits (f, "slow"), >=, 2);
  g_assert_cmpfloat (seconds_since (start), <, 10.0);

  /* A POST is not sent again: its outcome is unknown. */
  g_clear_error (&error);
  g_hash_table_remove_all (f->hits);
  start = g_get_monotonic_time ();
  root = call (f, "POST", "slow", &error);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NETWORK);
  g_assert_cmpuint (hits (f, "slow"), ==, 1);
  g_assert_cmpfloat (seconds_since (start), <, 4.0);
}

static void
test_throttled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 start = g_get_monotonic_time ();

  /* Retry-After: 1 is honoured, and the second try answers. */
  ferry_client_set_retry_budget (f->client, 15);
  root = call (f, "GET", "throttled-once", &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_cmpuint (hits (f, "throttled-once"), ==, 2);
  g_assert_cmpfloat (seconds_since (start), >=, 1.0);
  g_clear_pointer (&root, json_node_unref);

  /* A wait longer than the budget: said at once, not waited for. */
  start = g_get_monotonic_time ();
  root = call (f, "GET", "throttled-long", &error);
  g_assert_null (root);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_THROTTLED);
  g_assert_cmpstr (error->message, ==,
                   "The service is receiving too many requests and asked Ferry to wait 30 seconds, longer than Ferry waits. Try again later.");
  g_assert_cmpuint (hits (f, "throttled-long"), ==, 1);
  g_assert_cmpfloat (seconds_since (start), <, 1.0);
  g_clear_error (&error);

  /* Throttled throughout: tried as long as the budget allows, then said. */
  ferry_client_set_retry_budget (f->client, 3);
  root = call (f, "GET", "throttled", &error);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_THROTTLED);
  g_assert_true (g_str_has_prefix (error->message,
                                   "The service kept turning requests away as too many, and Ferry gave up after "));
  g_assert_cmpuint (hits (f, "throttled"), >=, 2);
  g_clear_error (&error);

  /* A POST is not retried by the client, and promises nothing. */
  g_hash_table_remove_all (f->hits);
  root = call (f, "POST", "throttled", &error);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_THROTTLED);
  g_assert_cmpstr (error->message, ==,
                   "The service is receiving too many requests and turned this one away.");
  g_assert_cmpuint (hits (f, "throttled"), ==, 1);
}

static void
test_unavailable_by_status (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  /* 503 decides, whatever the code: APIGW.0101 from a gateway whose
   * backend is away is tried again, and the second try answers. */
  root = call (f, "GET", "unavailable-once", &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_cmpuint (hits (f, "unavailable-once"), ==, 2);
}

static void
test_redirects (Fixture       *f,
                gconstpointer  data)
{
  const char *sentence =
    "The service answered with a redirect to another address, and Ferry does not follow redirects. Check the endpoint address.";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  /* A loop is one redirect refused, not "cannot be reached". */
  root = call (f, "GET", "redirect-loop", &error);
  g_assert_null (root);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_ENDPOINT);
  g_assert_cmpstr (error->message, ==, sentence);
  g_assert_cmpuint (hits (f, "redirect-loop"), ==, 1);
  g_clear_error (&error);

  /* To another host: never followed, so the signed headers stay here. */
  root = call (f, "GET", "redirect-elsewhere", &error);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_ENDPOINT);
  g_assert_cmpstr (error->message, ==, sentence);
  g_assert_cmpuint (f->elsewhere_hits, ==, 0);
  g_assert_false (f->elsewhere_saw_authorization);
  g_clear_error (&error);

  root = call (f, "POST", "redirect-elsewhere", &error);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_ENDPOINT);
  g_assert_cmpuint (f->elsewhere_hits, ==, 0);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = call (f, "GET", "empty", &error);
  g_assert_null (root);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==, "The service sent an empty answer where it should have sent data.");
  g_clear_error (&error);

  /* Nothing to say is fine when the status says so. */
  root = call (f, "GET", "no-content", &error);
  g_assert_no_error (error);
  g_assert_null (root);
}

static void
test_not_utf8 (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = call (f, "GET", "latin1", &error);

  g_assert_null (root);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==,
                   "The answer contains text that is not valid UTF-8, which Ferry cannot read.");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/client-hostile/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("deep", test_deep);
  ADD ("gzip-bomb", test_gzip_bomb);
  ADD ("large", test_large);
  ADD ("slow", test_slow);
  ADD ("throttled", test_throttled);
  ADD ("unavailable-by-status", test_unavailable_by_status);
  ADD ("redirects", test_redirects);
  ADD ("empty", test_empty);
  ADD ("not-utf8", test_not_utf8);

#undef ADD

  return g_test_run ();
}
