/* ferry-client-message.c: one attempt on the wire: the SoupMessage built,
 * signed and prepared, and its answer read (bounded) and made into a
 * result or an error
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <math.h>

#include "ferry-client.h"
#include "ferry-client-private.h"
#include "ferry-error.h"
#include "ferry-json.h"
#include "ferry-signer.h"

#define CLOCK_SKEW_LIMIT_SECONDS      (15 * 60)
#define READ_CHUNK_BYTES              (64 * 1024)

/* Connections, and the libsoup 3.2 crash they used to cost.
 *
 * Ferry once put every request on a connection of its own
 * (SOUP_MESSAGE_NEW_CONNECTION), because libsoup 3.2 (Debian 12 has 3.2.3)
 * crashed now and then when connections were kept alive. The trigger,
 * found in libsoup's soup-session.c and reproduced by
 * tests/integration/test-soup-restart.c:
 *
 *  1. An idempotent request (GET, HEAD, PUT) goes out on a kept-alive
 *     connection that the server closes without answering, and the close
 *     is already there when libsoup reads, right after writing. The
 *     failure then happens inside soup_message_io_run_until_read_async(),
 *     so GTask hands its error to run_until_read_done() from an idle, later.
 *  2. libsoup restarts the request by itself (connection used before,
 *     nothing read, idempotent method) and kicks its queue.
 *  3. The queue's source runs before that idle; if another idle connection
 *     to the same host is in the pool, the second attempt starts there at
 *     once.
 *  4. The idle then delivers the first attempt's error; run_until_read_done()
 *     takes it for the second attempt's (its guard looks only at
 *     io_started and the RESTARTING state, both reset by then), ends the
 *     message with it, and when the second attempt's own answer comes,
 *     reads a response stream from a message that has none: NULL pointer.
 *
 * So connections are kept alive, and the one thing done about the crash is
 * to keep step 3 from happening: a message that libsoup restarts is sent on
 * a new connection, which it must open first, so the stale idle runs
 * before the second attempt starts and is discarded as libsoup intends.
 * A server dropping connections costs a connection each time, as before;
 * everything else reuses connections.
 *
 * Requests that must not be sent twice (POST: a copy, an agency, a vault)
 * also get a connection of their own. libsoup does so anyway for
 * non-idempotent methods; it is said here because it matters: a kept-alive
 * connection that the server closes just as the request leaves fails it
 * with no answer, and then Ferry cannot know whether the copy was made.
 * A new connection cannot have been closed for being idle, and costs a
 * handshake on a request made a few times a day. */
static void
restarted_cb (SoupMessage *msg,
              gpointer     user_data)
{
  soup_message_add_flags (msg, SOUP_MESSAGE_NEW_CONNECTION);
}

void
ferry_client_prepare_message (SoupMessage       *msg,
                              FerryRequestFlags  flags)
{
  g_return_if_fail (SOUP_IS_MESSAGE (msg));

  if (!(flags & FERRY_REQUEST_IDEMPOTENT))
    soup_message_add_flags (msg, SOUP_MESSAGE_NEW_CONNECTION);
  g_signal_connect (msg, "restarted", G_CALLBACK (restarted_cb), NULL);

  /* No IAM, IMS or CBR interface Ferry calls documents a 3xx answer (their
   * reference pages list none; their status-code appendix only restates
   * HTTP's), and following one would take the signed Authorization and
   * X-Security-Token to an address never checked against the
   * https-or-loopback rule (libsoup 3.2 drops Authorization on a
   * cross-origin redirect, but not X-Security-Token): a redirect is an
   * error (see redirect_error()). */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  /* The request carries its own signature; libsoup's authentication
   * would only ever answer a 401 with credentials Ferry does not have. */
  soup_message_disable_feature (msg, SOUP_TYPE_AUTH_MANAGER);
}

SoupMessage *
ferry_request_build_message (FerryClient *self,
                             Request     *request)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *date = NULL;
  g_autofree char *host = NULL;
  g_autofree char *authorization = NULL;
  SoupMessageHeaders *headers;
  const char *token;
  int port;

  msg = soup_message_new_from_uri (request->method, request->uri);
  headers = soup_message_get_request_headers (msg);

  /* Host is signed, so set it exactly as libsoup would send it. */
  port = g_uri_get_port (request->uri);
  if (port > 0)
    host = g_strdup_printf ("%s:%d", g_uri_get_host (request->uri), port);
  else
    host = g_strdup (g_uri_get_host (request->uri));
  soup_message_headers_replace (headers, "Host", host);

  now = g_date_time_new_now_utc ();
  date = ferry_signer_format_date (now);
  soup_message_headers_replace (headers, FERRY_SIGNER_DATE_HEADER, date);

  if (request->body != NULL)
    soup_message_headers_replace (headers, "Content-Type", "application/json;charset=UTF-8");
  if (request->project_id != NULL)
    soup_message_headers_replace (headers, "X-Project-Id", request->project_id);
  if (request->service == FERRY_SERVICE_IAM && self->domain_id != NULL)
    soup_message_headers_replace (headers, "X-Domain-Id", self->domain_id);
  token = ferry_credentials_get_security_token (self->credentials);
  if (token != NULL)
    soup_message_headers_replace (headers, "X-Security-Token", token);

  authorization = ferry_signer_authorization (ferry_credentials_get_access_key (self->credentials),
                                              ferry_credentials_get_secret_key (self->credentials),
                                              request->method, request->uri, headers,
                                              request->body);
  soup_message_headers_replace (headers, "Authorization", authorization);

  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (msg, NULL, request->body);

  ferry_client_prepare_message (msg, request->flags);

  return g_steal_pointer (&msg);
}

/* Seconds to wait from a Retry-After header (delta-seconds or an HTTP
 * date), or -1. */
static gint64
parse_retry_after (SoupMessage *msg)
{
  const char *value;
  guint64 seconds;

  value = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  if (value == NULL)
    return -1;
  if (g_ascii_string_to_unsigned (value, 10, 0, 24 * 3600, &seconds, NULL))
    return seconds;
  {
    g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    if (when != NULL)
      return MAX (0, g_date_time_difference (when, now) / G_USEC_PER_SEC);
  }
  return -1;
}

static GError *
clock_skew_error (SoupMessage  *msg,
                  const GError *server_error)
{
  g_autoptr(GDateTime) server_now = NULL;
  g_autoptr(GDateTime) now = NULL;
  gint64 minutes;
  const char *date;
  GError *error;
  int shown;

  date = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Date");
  server_now = date != NULL ? soup_date_time_new_from_http_string (date) : NULL;
  if (server_now == NULL)
    return g_error_copy (server_error);

  now = g_date_time_new_now_utc ();
  /* Rounded: the Date header counts whole seconds. */
  minutes = (gint64) lround ((double) g_date_time_difference (now, server_now) / G_TIME_SPAN_MINUTE);
  if (ABS (minutes) < CLOCK_SKEW_LIMIT_SECONDS / 60)
    return g_error_copy (server_error);

  error = g_error_copy (server_error);
  g_free (error->message);
  /* A plain int: xgettext cannot see through G_GINT64_FORMAT. */
  shown = (int) CLAMP (ABS (minutes), 0, G_MAXINT);
  if (minutes > 0)
    error->message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "This computer’s clock is %d minute ahead of the server’s. Correct the time and try again.",
                                                   "This computer’s clock is %d minutes ahead of the server’s. Correct the time and try again.",
                                                   shown),
                                      shown);
  else
    error->message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "This computer’s clock is %d minute behind the server’s. Correct the time and try again.",
                                                   "This computer’s clock is %d minutes behind the server’s. Correct the time and try again.",
                                                   shown),
                                      shown);
  return error;
}

/* An error of @kind that says @sentence rather than the kind's own. */
static GError *
api_error_saying (FerryApiErrorCode  kind,
                  guint              http_status,
                  const char        *detail,
                  const char        *request_id,
                  const char        *sentence)
{
  GError *error = ferry_api_error_new (kind, http_status, NULL, detail, request_id);

  g_free (error->message);
  error->message = g_strdup (sentence);
  return error;
}

GError *
ferry_request_timeout_error (FerryClient *self)
{
  g_autofree char *sentence = NULL;
  int seconds = (int) MIN (self->timeout, G_MAXINT);

  sentence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The service did not answer within %d second.",
                                           "The service did not answer within %d seconds.",
                                           seconds),
                              seconds);
  return api_error_saying (FERRY_API_ERROR_NETWORK, 0, "the request's deadline passed", NULL,
                           sentence);
}

static GError *
redirect_error (SoupMessage *msg,
                guint        status,
                const char  *request_id)
{
  const char *location;
  g_autoptr(GUri) target = NULL;
  g_autofree char *detail = NULL;

  /* Where it pointed, for support: scheme and host only, never a query
   * that might carry anything. */
  location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  if (location != NULL)
    target = g_uri_parse_relative (soup_message_get_uri (msg), location, G_URI_FLAGS_NONE, NULL);
  detail = g_strdup_printf ("redirect to %s://%s",
                            target != NULL ? g_uri_get_scheme (target) : "?",
                            target != NULL && g_uri_get_host (target) != NULL ? g_uri_get_host (target) : "?");
  return api_error_saying (FERRY_API_ERROR_INVALID_ENDPOINT, status, detail, request_id,
                           _("The service answered with a redirect to another address, and Ferry does not follow redirects. Check the endpoint address."));
}

/* Whether an empty body is a complete answer: the statuses and methods
 * that have none, and PUT and DELETE, whose 2xx often has none. */
static gboolean
may_be_empty (Request *request,
              guint    status)
{
  return status == SOUP_STATUS_NO_CONTENT ||
         status == SOUP_STATUS_RESET_CONTENT ||
         strcmp (request->method, "HEAD") == 0 ||
         strcmp (request->method, "PUT") == 0 ||
         strcmp (request->method, "DELETE") == 0;
}

/* The whole answer is in. */
static void
answer_complete (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = g_object_ref (request->msg);
  g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes (g_steal_pointer (&request->answer));
  g_autofree char *request_id = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  /* Closing the read stream hands the connection back to the pool. */
  ferry_request_end_attempt (request, g_task_get_cancellable (task));

  status = soup_message_get_status (msg);
  request->http_status = status;
  request_id = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                       "X-Request-Id"));
  ferry_request_log_result (request, status, request_id, NULL);

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      g_task_return_error (task, redirect_error (msg, status, request_id));
      return;
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      JsonNode *root;

      if (g_bytes_get_size (bytes) == 0)
        {
          if (may_be_empty (request, status))
            g_task_return_pointer (task, NULL, NULL);
          else
            g_task_return_error (task, api_error_saying (FERRY_API_ERROR_INVALID_RESPONSE, status,
                                                         "body: empty", request_id,
                                                         _("The service sent an empty answer where it should have sent data.")));
          return;
        }

      root = ferry_json_parse_object (bytes, &error);
      if (root == NULL)
        {
          /* The parser's sentence (too deep, not UTF-8…) and its detail,
           * with this answer's status and request id. */
          g_task_return_error (task, api_error_saying (FERRY_API_ERROR_INVALID_RESPONSE, status,
                                                       ferry_api_error_get_server_message (error),
                                                       request_id, error->message));
          return;
        }
      g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
      return;
    }

  error = ferry_json_read_error (status, bytes, request_id);

  if ((request->flags & FERRY_REQUEST_IDEMPOTENT) && ferry_api_error_is_transient (error))
    {
      gint64 retry_after = parse_retry_after (msg);
      RetryOutcome outcome = ferry_request_schedule_retry (task, retry_after);

      if (outcome == RETRY_SCHEDULED)
        return;
      ferry_request_say_gave_up (error, request, outcome, retry_after);
    }

  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_CLOCK_SKEW))
    {
      g_task_return_error (task, clock_skew_error (msg, error));
      return;
    }

  g_task_return_error (task, g_steal_pointer (&error));
}

static void read_more (GTask *task);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Request *request = g_task_get_task_data (task);
  gsize size;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      ferry_request_attempt_failed (task, error);
      return;
    }

  size = g_bytes_get_size (bytes);
  if (size == 0)
    {
      answer_complete (task);
      return;
    }

  /* The decoded size: libsoup inflates gzip as it reads, so this is what
   * memory would hold, whatever came over the wire. No answer is this
   * large; the same one would come again, so it is not retried. */
  if ((guint64) request->answer->len + size > FERRY_JSON_MAX_BYTES)
    {
      g_autoptr(GError) refusal = NULL;
      guint status = soup_message_get_status (request->msg);
      g_autofree char *request_id = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (request->msg),
                                                                            "X-Request-Id"));

      ferry_json_set_too_large (&refusal);
      ferry_request_log_result (request, status, request_id, refusal);
      ferry_request_end_attempt (request, g_task_get_cancellable (task));
      request->http_status = status;
      g_task_return_error (task, api_error_saying (FERRY_API_ERROR_INVALID_RESPONSE, status,
                                                   ferry_api_error_get_server_message (refusal),
                                                   request_id, refusal->message));
      return;
    }

  g_byte_array_append (request->answer, g_bytes_get_data (bytes, NULL), size);
  read_more (g_steal_pointer (&task));
}

/* Takes @task's reference. */
static void
read_more (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK_BYTES, G_PRIORITY_DEFAULT,
                                   request->attempt_cancellable, read_cb, task);
}

void
ferry_request_sent_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Request *request = g_task_get_task_data (task);
  GInputStream *stream;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (stream == NULL)
    {
      ferry_request_attempt_failed (task, error);
      return;
    }

  /* The body is read here, not by soup_session_send_and_read_async(),
   * which would hold any answer whole, however large it inflates. */
  request->stream = stream;
  request->answer = g_byte_array_new ();
  read_more (g_steal_pointer (&task));
}
