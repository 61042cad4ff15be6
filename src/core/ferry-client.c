/* ferry-client.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <math.h>
#include <stdarg.h>

#include "ferry-client.h"
#include "ferry-client-private.h"
#include "ferry-error.h"
#include "ferry-json.h"
#include "ferry-signer.h"

#define DEFAULT_RETRY_BUDGET_SECONDS  60
#define FIRST_RETRY_DELAY_MS          500
#define LONGEST_RETRY_DELAY_MS        8000
#define CLOCK_SKEW_LIMIT_SECONDS      (15 * 60)
#define READ_CHUNK_BYTES              (64 * 1024)
/* Kept-alive connections are closed after this long unused: below the 60 s
 * after which load balancers commonly close idle connections (assumed; the
 * API Gateway's own figure is not documented), so that Ferry closes first
 * rather than sending on a connection the server is closing. */
#define IDLE_TIMEOUT_SECONDS          50
/* As many connections per host as a browser opens, for the requests that
 * go out together (a dialog's lists, the queue's polls); a run of requests
 * one after another reuses one. */
#define MAX_CONNECTIONS_PER_HOST      6

struct _FerryClient
{
  GObject               parent_instance;

  SoupSession          *session;
  FerryCredentials     *credentials;
  FerryRegionCatalogue *catalogue;
  char                 *endpoint_template;
  char                 *domain_id;
  guint                 timeout;
  guint                 retry_budget;
  guint                 request_count;
};

G_DEFINE_FINAL_TYPE (FerryClient, ferry_client, G_TYPE_OBJECT)

static const char * const service_names[] = { "iam", "ims", "cbr" };

typedef struct
{
  FerryService       service;
  char              *project_id;
  char              *method;
  GUri              *uri;
  GBytes            *body;
  FerryRequestFlags  flags;
  guint              attempt;
  gint64             first_sent_us;
  gint64             attempt_sent_us;
  guint              http_status;
  GSource           *retry_source;   /* the wait before the next attempt */
  GSource           *cancel_source;  /* wakes that wait when cancelled */

  /* The attempt under way */
  SoupMessage       *msg;
  GCancellable      *attempt_cancellable; /* cancelled by the caller's, or the deadline */
  gulong             cancelled_id;        /* on the caller's cancellable */
  GSource           *deadline_source;
  gboolean           timed_out;
  GInputStream      *stream;              /* the answer's body, decoded */
  GByteArray        *answer;
} Request;

static void
request_clear_wait (Request *request)
{
  if (request->retry_source != NULL)
    {
      g_source_destroy (request->retry_source);
      g_clear_pointer (&request->retry_source, g_source_unref);
    }
  if (request->cancel_source != NULL)
    {
      g_source_destroy (request->cancel_source);
      g_clear_pointer (&request->cancel_source, g_source_unref);
    }
}

static void
request_close_stream (Request *request)
{
  if (request->stream == NULL)
    return;

  /* Never blocks: libsoup's stream marks an unread rest as skipped (the
   * connection is then not reused) rather than reading it, so neither a
   * slow nor an endless answer holds this up. */
  g_input_stream_close (request->stream, NULL, NULL);
  g_clear_object (&request->stream);
}

/* Ends the attempt under way, whatever became of it. */
static void
request_end_attempt (Request      *request,
                     GCancellable *caller_cancellable)
{
  request_close_stream (request);
  if (request->deadline_source != NULL)
    {
      g_source_destroy (request->deadline_source);
      g_clear_pointer (&request->deadline_source, g_source_unref);
    }
  if (request->cancelled_id != 0)
    {
      g_cancellable_disconnect (caller_cancellable, request->cancelled_id);
      request->cancelled_id = 0;
    }
  g_clear_object (&request->attempt_cancellable);
  g_clear_object (&request->msg);
  g_clear_pointer (&request->answer, g_byte_array_unref);
}

static void
request_free (Request *request)
{
  request_clear_wait (request);
  /* Every attempt ends before its task returns (so no handler is left on
   * the caller's cancellable); this only frees what a task that never
   * returned, as at exit, still holds. */
  request_end_attempt (request, NULL);
  g_clear_pointer (&request->project_id, g_free);
  g_clear_pointer (&request->method, g_free);
  g_clear_pointer (&request->uri, g_uri_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  /* GUri keeps the brackets of an IPv6 literal out of the host. */
  bare = g_strdup (host);
  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static char *
expand_template (const char *template,
                 const char *service,
                 const char *region)
{
  g_autoptr(GString) s = g_string_new (template);

  g_string_replace (s, "{service}", service, 0);
  g_string_replace (s, "{region}", region, 0);
  while (s->len > 0 && s->str[s->len - 1] == '/')
    g_string_truncate (s, s->len - 1);

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
check_base_uri (GUri    *uri,
                GError **error)
{
  const char *scheme = g_uri_get_scheme (uri);

  if (g_strcmp0 (scheme, "https") == 0 && g_uri_get_host (uri) != NULL)
    return TRUE;
  if (g_strcmp0 (scheme, "http") == 0 && is_loopback_host (g_uri_get_host (uri)))
    return TRUE;

  if (g_strcmp0 (scheme, "http") == 0)
    g_set_error_literal (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_ENDPOINT,
                         _("Plain http is allowed only for this computer’s own addresses; use https."));
  else
    g_set_error_literal (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_ENDPOINT,
                         _("The endpoint address is not valid."));
  return FALSE;
}

FerryClient *
ferry_client_new (FerryCredentials      *credentials,
                  const char            *endpoint_template,
                  FerryRegionCatalogue  *catalogue,
                  GError               **error)
{
  g_autoptr(FerryClient) self = NULL;
  g_autoptr(GUri) probe = NULL;

  g_return_val_if_fail (FERRY_IS_CREDENTIALS (credentials), NULL);
  g_return_val_if_fail (FERRY_IS_REGION_CATALOGUE (catalogue), NULL);

  if (endpoint_template == NULL || *endpoint_template == '\0')
    endpoint_template = FERRY_DEFAULT_ENDPOINT;

  self = g_object_new (FERRY_TYPE_CLIENT, NULL);
  self->credentials = g_object_ref (credentials);
  self->catalogue = g_object_ref (catalogue);
  self->endpoint_template = g_strdup (endpoint_template);

  /* Refuse a bad template now rather than at the first request. */
  probe = ferry_client_build_uri (self, FERRY_SERVICE_IAM, "cn-north-4", "/", NULL, error);
  if (probe == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

const char *
ferry_client_get_endpoint_template (FerryClient *self)
{
  g_return_val_if_fail (FERRY_IS_CLIENT (self), NULL);
  return self->endpoint_template;
}

FerryRegionCatalogue *
ferry_client_get_catalogue (FerryClient *self)
{
  g_return_val_if_fail (FERRY_IS_CLIENT (self), NULL);
  return self->catalogue;
}

const char *
ferry_client_get_domain_id (FerryClient *self)
{
  g_return_val_if_fail (FERRY_IS_CLIENT (self), NULL);
  return self->domain_id;
}

void
ferry_client_set_domain_id (FerryClient *self,
                            const char  *domain_id)
{
  g_return_if_fail (FERRY_IS_CLIENT (self));

  g_free (self->domain_id);
  self->domain_id = g_strdup (domain_id);
}

void
ferry_client_set_timeout (FerryClient *self,
                          guint        seconds)
{
  g_return_if_fail (FERRY_IS_CLIENT (self));
  g_return_if_fail (seconds > 0);

  self->timeout = seconds;
}

guint
ferry_client_get_timeout (FerryClient *self)
{
  g_return_val_if_fail (FERRY_IS_CLIENT (self), 0);

  return self->timeout;
}

void
ferry_client_set_retry_budget (FerryClient *self,
                               guint        seconds)
{
  g_return_if_fail (FERRY_IS_CLIENT (self));

  self->retry_budget = seconds;
}

guint
ferry_client_get_request_count (FerryClient *self)
{
  g_return_val_if_fail (FERRY_IS_CLIENT (self), 0);

  return self->request_count;
}

SoupSession *
ferry_client_get_session (FerryClient *self)
{
  g_return_val_if_fail (FERRY_IS_CLIENT (self), NULL);

  return self->session;
}

GUri *
ferry_client_build_uri (FerryClient   *self,
                        FerryService   service,
                        const char    *region,
                        const char    *path,
                        const char    *query,
                        GError       **error)
{
  g_autoptr(GUri) base = NULL;
  g_autoptr(GString) host = NULL;
  g_autofree char *expanded = NULL;
  g_autofree char *full_path = NULL;
  FerryRegion *known;
  const char *default_domain;

  g_return_val_if_fail (FERRY_IS_CLIENT (self), NULL);
  g_return_val_if_fail (service <= FERRY_SERVICE_CBR, NULL);
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (path != NULL && path[0] == '/', NULL);

  expanded = expand_template (self->endpoint_template, service_names[service], region);
  base = g_uri_parse (expanded, G_URI_FLAGS_ENCODED, NULL);
  if (base == NULL || !check_base_uri (base, error))
    {
      if (base == NULL)
        g_set_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_ENDPOINT,
                     _("The endpoint address “%s” is not valid."), self->endpoint_template);
      return NULL;
    }

  /* Regions on another domain (Dublin: myhuaweicloud.eu). */
  host = g_string_new (g_uri_get_host (base));
  known = ferry_region_catalogue_lookup (self->catalogue, region);
  default_domain = ferry_region_catalogue_get_default_domain (self->catalogue);
  if (known != NULL &&
      g_strcmp0 (ferry_region_get_domain (known), default_domain) != 0 &&
      g_str_has_suffix (host->str, default_domain))
    {
      g_string_truncate (host, host->len - strlen (default_domain));
      g_string_append (host, ferry_region_get_domain (known));
    }

  full_path = g_strconcat (g_uri_get_path (base), path, NULL);

  return g_uri_build (G_URI_FLAGS_ENCODED,
                      g_uri_get_scheme (base),
                      NULL,
                      host->str,
                      g_uri_get_port (base),
                      full_path,
                      query,
                      NULL);
}

char *
ferry_client_build_query (const char *first_key,
                          ...)
{
  g_autoptr(GString) query = g_string_new (NULL);
  const char *key;
  va_list args;

  va_start (args, first_key);
  for (key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);
      g_autofree char *escaped_key = NULL;
      g_autofree char *escaped_value = NULL;

      if (value == NULL)
        continue;

      escaped_key = g_uri_escape_string (key, NULL, FALSE);
      escaped_value = g_uri_escape_string (value, NULL, FALSE);
      if (query->len > 0)
        g_string_append_c (query, '&');
      g_string_append_printf (query, "%s=%s", escaped_key, escaped_value);
    }
  va_end (args);

  if (query->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&query), FALSE);
}

static char *
uri_for_log (GUri *uri)
{
  /* No user info ever, should a template carry one. */
  return g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO | G_URI_HIDE_PASSWORD |
                                       G_URI_HIDE_AUTH_PARAMS);
}

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

static SoupMessage *
build_message (FerryClient *self,
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

/* Errors of connection set-up, after which nothing was sent. */
static gboolean
never_left_the_machine (const GError *error)
{
  return error->domain == G_RESOLVER_ERROR ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);
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

static GError *
timeout_error (FerryClient *self)
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

static void send_attempt (GTask *task);

static gboolean
retry_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  g_object_ref (task);
  request_clear_wait (request);
  send_attempt (task);
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

static gboolean
retry_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  g_object_ref (task);
  request_clear_wait (request);
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

typedef enum
{
  RETRY_SCHEDULED,
  RETRY_OUT_OF_BUDGET,   /* retrying went on as long as it may */
  RETRY_WAIT_TOO_LONG,   /* the server asked for a longer wait than is left */
} RetryOutcome;

/* Schedules another attempt if the budget allows. */
static RetryOutcome
schedule_retry (GTask  *task,
                gint64  retry_after_seconds)
{
  FerryClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  gint64 elapsed_ms, delay_ms, budget_ms;

  elapsed_ms = (g_get_monotonic_time () - request->first_sent_us) / 1000;
  budget_ms = (gint64) self->retry_budget * 1000;

  /* The server's Retry-After is honoured, never cut short: a wait longer
   * than retrying may ever last is said as such. */
  if (retry_after_seconds >= 0 && retry_after_seconds * 1000 > budget_ms)
    return RETRY_WAIT_TOO_LONG;

  /* Exponential backoff with jitter, so that many clients do not come
   * back at the same moment; the server's Retry-After wins when longer. */
  delay_ms = FIRST_RETRY_DELAY_MS * (1 << MIN (request->attempt - 1, 10));
  delay_ms = MIN (delay_ms, LONGEST_RETRY_DELAY_MS);
  delay_ms = (gint64) (delay_ms * g_random_double_range (0.5, 1.5));
  if (retry_after_seconds >= 0)
    delay_ms = MAX (delay_ms, retry_after_seconds * 1000);

  if (elapsed_ms + delay_ms > budget_ms)
    return RETRY_OUT_OF_BUDGET;

  g_debug ("retrying %s %s in %" G_GINT64_FORMAT " ms (attempt %u)",
           request->method, g_uri_get_path (request->uri), delay_ms, request->attempt + 1);

  request->retry_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (request->retry_source, retry_timeout_cb, g_object_ref (task), g_object_unref);
  g_source_set_name (request->retry_source, "[ferry] request retry");
  g_source_attach (request->retry_source, g_task_get_context (task));

  /* A cancelled wait ends at once, not when the delay is over. */
  if (g_task_get_cancellable (task) != NULL)
    {
      request->cancel_source = g_cancellable_source_new (g_task_get_cancellable (task));
      g_source_set_callback (request->cancel_source, G_SOURCE_FUNC (retry_cancelled_cb),
                             g_object_ref (task), g_object_unref);
      g_source_attach (request->cancel_source, g_task_get_context (task));
    }

  return RETRY_SCHEDULED;
}

/* A 429 that Ferry stopped retrying says so, and why, instead of
 * promising another try that the caller (ferryctl) will not make. */
static void
say_gave_up (GError       *error,
             Request      *request,
             RetryOutcome  outcome,
             gint64        retry_after_seconds)
{
  int seconds;

  if (!g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_THROTTLED))
    return;

  g_free (error->message);
  if (outcome == RETRY_WAIT_TOO_LONG)
    {
      seconds = (int) CLAMP (retry_after_seconds, 0, G_MAXINT);
      error->message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "The service is receiving too many requests and asked Ferry to wait %d second, longer than Ferry waits. Try again later.",
                                                     "The service is receiving too many requests and asked Ferry to wait %d seconds, longer than Ferry waits. Try again later.",
                                                     seconds),
                                        seconds);
    }
  else
    {
      /* Whole seconds, rounded up: "after 0 seconds" would read oddly. */
      seconds = (int) CLAMP ((g_get_monotonic_time () - request->first_sent_us + G_USEC_PER_SEC - 1) /
                             G_USEC_PER_SEC, 1, G_MAXINT);
      error->message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "The service kept turning requests away as too many, and Ferry gave up after %d second. Try again later.",
                                                     "The service kept turning requests away as too many, and Ferry gave up after %d seconds. Try again later.",
                                                     seconds),
                                        seconds);
    }
}

/* Method, URL, status and timing only: never a header, never a body,
 * so no secret can reach the log. */
static void
log_result (Request      *request,
            guint         status,
            const char   *request_id,
            const GError *error)
{
  g_autofree char *uri = uri_for_log (request->uri);
  double ms = (g_get_monotonic_time () - request->attempt_sent_us) / 1000.0;

  if (error != NULL)
    g_debug ("%s %s → %s (%.0f ms)", request->method, uri, error->message, ms);
  else
    g_debug ("%s %s → %u (%.0f ms, request %s)", request->method, uri, status, ms,
             request_id != NULL ? request_id : "-");
}

/* The attempt ended without an answer: a connection error, the deadline,
 * or the caller's cancellable. */
static void
attempt_failed (GTask        *task,
                const GError *error)
{
  FerryClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) api_error = NULL;
  gboolean timed_out = request->timed_out;

  request_end_attempt (request, g_task_get_cancellable (task));

  if (g_task_return_error_if_cancelled (task))
    return;

  if (timed_out)
    api_error = timeout_error (self);
  else
    api_error = ferry_api_error_new_from_transport (error);
  log_result (request, 0, NULL, timed_out ? api_error : error);

  if (((request->flags & FERRY_REQUEST_IDEMPOTENT) && ferry_api_error_is_transient (api_error)) ||
      (!timed_out && never_left_the_machine (error)))
    {
      if (schedule_retry (task, -1) == RETRY_SCHEDULED)
        return;
    }
  g_task_return_error (task, g_steal_pointer (&api_error));
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
  request_end_attempt (request, g_task_get_cancellable (task));

  status = soup_message_get_status (msg);
  request->http_status = status;
  request_id = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                       "X-Request-Id"));
  log_result (request, status, request_id, NULL);

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
      RetryOutcome outcome = schedule_retry (task, retry_after);

      if (outcome == RETRY_SCHEDULED)
        return;
      say_gave_up (error, request, outcome, retry_after);
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
      attempt_failed (task, error);
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
      log_result (request, status, request_id, refusal);
      request_end_attempt (request, g_task_get_cancellable (task));
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

static void
sent_cb (GObject      *object,
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
      attempt_failed (task, error);
      return;
    }

  /* The body is read here, not by soup_session_send_and_read_async(),
   * which would hold any answer whole, however large it inflates. */
  request->stream = stream;
  request->answer = g_byte_array_new ();
  read_more (g_steal_pointer (&task));
}

static gboolean
deadline_cb (gpointer user_data)
{
  Request *request = user_data;

  /* The attempt's I/O ends with G_IO_ERROR_CANCELLED; attempt_failed()
   * tells it from the caller's cancellation by this flag. */
  request->timed_out = TRUE;
  g_clear_pointer (&request->deadline_source, g_source_unref);
  g_cancellable_cancel (request->attempt_cancellable);

  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *attempt)
{
  g_cancellable_cancel (attempt);
}

static void
send_attempt (GTask *task)
{
  FerryClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GCancellable *caller = g_task_get_cancellable (task);

  if (g_task_return_error_if_cancelled (task))
    return;

  request->attempt++;
  request->attempt_sent_us = g_get_monotonic_time ();
  if (request->first_sent_us == 0)
    request->first_sent_us = request->attempt_sent_us;
  self->request_count++;

  /* One deadline for the whole attempt, connection, request and every
   * byte of the answer: libsoup's own timeout is per read, which a body
   * sent a byte at a time never reaches. */
  request->timed_out = FALSE;
  request->attempt_cancellable = g_cancellable_new ();
  if (caller != NULL)
    request->cancelled_id = g_cancellable_connect (caller, G_CALLBACK (caller_cancelled_cb),
                                                   g_object_ref (request->attempt_cancellable),
                                                   g_object_unref);
  request->deadline_source = g_timeout_source_new ((guint) MIN ((guint64) self->timeout * 1000,
                                                                G_MAXUINT));
  g_source_set_callback (request->deadline_source, deadline_cb, request, NULL);
  g_source_set_name (request->deadline_source, "[ferry] request deadline");
  g_source_attach (request->deadline_source, g_task_get_context (task));

  /* Signed afresh each time: the date is part of the signature. */
  request->msg = build_message (self, request);
  soup_session_send_async (self->session, request->msg, G_PRIORITY_DEFAULT,
                           request->attempt_cancellable, sent_cb, g_object_ref (task));
}

void
ferry_client_request_async (FerryClient         *self,
                            FerryService         service,
                            const char          *region,
                            const char          *project_id,
                            const char          *method,
                            const char          *path,
                            const char          *query,
                            JsonNode            *body,
                            FerryRequestFlags    flags,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Request *request;

  g_return_if_fail (FERRY_IS_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_client_request_async);

  request = g_new0 (Request, 1);
  request->service = service;
  request->project_id = g_strdup (project_id);
  request->method = g_strdup (method);
  request->flags = flags;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  request->uri = ferry_client_build_uri (self, service, region, path, query, &error);
  if (request->uri == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);

      request->body = g_bytes_new_take (g_steal_pointer (&text), strlen (text));
    }

  send_attempt (task);
}

JsonNode *
ferry_client_request_finish (FerryClient   *self,
                             GAsyncResult  *result,
                             guint         *http_status,
                             GError       **error)
{
  Request *request;

  g_return_val_if_fail (FERRY_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  request = g_task_get_task_data (G_TASK (result));

  if (http_status != NULL)
    *http_status = request->http_status;

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  FerryParseFunc parse;
  gpointer       parse_data;
  GDestroyNotify parse_data_free;
  GDestroyNotify result_free;
} Call;

static void
call_free (Call *call)
{
  if (call->parse_data_free != NULL)
    g_clear_pointer (&call->parse_data, call->parse_data_free);
  g_free (call);
}

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  Call *call = g_task_get_task_data (task);
  gpointer value;

  root = ferry_client_request_finish (FERRY_CLIENT (object), result, NULL, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  value = call->parse (root, call->parse_data, &error);
  if (value == NULL)
    {
      /* Keep the parser's detail for the log, with the API error's shape. */
      g_autoptr(GError) api_error = NULL;

      api_error = ferry_api_error_new (FERRY_API_ERROR_INVALID_RESPONSE, 0, NULL,
                                       error != NULL ? error->message : NULL, NULL);
      if (error != NULL && error->domain == FERRY_API_ERROR)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, g_steal_pointer (&api_error));
      return;
    }

  g_task_return_pointer (task, value, call->result_free);
}

void
ferry_client_call_async (FerryClient         *self,
                         FerryService         service,
                         const char          *region,
                         const char          *project_id,
                         const char          *method,
                         const char          *path,
                         const char          *query,
                         JsonNode            *body,
                         FerryRequestFlags    flags,
                         FerryParseFunc       parse,
                         gpointer             parse_data,
                         GDestroyNotify       parse_data_free,
                         GDestroyNotify       result_free,
                         gpointer             source_tag,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  Call *call;

  g_return_if_fail (FERRY_IS_CLIENT (self));
  g_return_if_fail (parse != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  call = g_new0 (Call, 1);
  call->parse = parse;
  call->parse_data = parse_data;
  call->parse_data_free = parse_data_free;
  call->result_free = result_free;
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  ferry_client_request_async (self, service, region, project_id, method, path, query, body,
                              flags, cancellable, call_cb, task);
}

gpointer
ferry_client_call_finish (FerryClient   *self,
                          GAsyncResult  *result,
                          gpointer       source_tag,
                          GError       **error)
{
  g_return_val_if_fail (FERRY_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
ferry_client_finalize (GObject *object)
{
  FerryClient *self = FERRY_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->credentials);
  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->endpoint_template, g_free);
  g_clear_pointer (&self->domain_id, g_free);

  G_OBJECT_CLASS (ferry_client_parent_class)->finalize (object);
}

static void
ferry_client_class_init (FerryClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_client_finalize;
}

static void
ferry_client_init (FerryClient *self)
{
  /* No I/O timeout of libsoup's: the deadline of each request covers it
   * (see send_attempt()). */
  self->session = soup_session_new_with_options ("user-agent", "Ferry/" PACKAGE_VERSION,
                                                 "timeout", 0,
                                                 "idle-timeout", IDLE_TIMEOUT_SECONDS,
                                                 "max-conns-per-host", MAX_CONNECTIONS_PER_HOST,
                                                 NULL);
  self->timeout = FERRY_CLIENT_DEFAULT_TIMEOUT;
  self->retry_budget = DEFAULT_RETRY_BUDGET_SECONDS;
}
