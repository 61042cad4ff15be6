/* ferry-client.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <stdarg.h>

#include "ferry-client.h"
#include "ferry-client-private.h"
#include "ferry-error.h"

#define DEFAULT_RETRY_BUDGET_SECONDS  60
#define FIRST_RETRY_DELAY_MS          500
#define LONGEST_RETRY_DELAY_MS        8000
/* Kept-alive connections are closed after this long unused: below the 60 s
 * after which load balancers commonly close idle connections (assumed; the
 * API Gateway's own figure is not documented), so that Ferry closes first
 * rather than sending on a connection the server is closing. */
#define IDLE_TIMEOUT_SECONDS          50
/* As many connections per host as a browser opens, for the requests that
 * go out together (a dialog's lists, the queue's polls); a run of requests
 * one after another reuses one. */
#define MAX_CONNECTIONS_PER_HOST      6

G_DEFINE_FINAL_TYPE (FerryClient, ferry_client, G_TYPE_OBJECT)

static const char * const service_names[] = { "iam", "ims", "cbr" };

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
void
ferry_request_end_attempt (Request      *request,
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
  ferry_request_end_attempt (request, NULL);
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

/* Errors of connection set-up, after which nothing was sent. */
static gboolean
never_left_the_machine (const GError *error)
{
  return error->domain == G_RESOLVER_ERROR ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);
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

/* Schedules another attempt if the budget allows. */
RetryOutcome
ferry_request_schedule_retry (GTask  *task,
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
void
ferry_request_say_gave_up (GError       *error,
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
void
ferry_request_log_result (Request      *request,
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
void
ferry_request_attempt_failed (GTask        *task,
                              const GError *error)
{
  FerryClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) api_error = NULL;
  gboolean timed_out = request->timed_out;

  ferry_request_end_attempt (request, g_task_get_cancellable (task));

  if (g_task_return_error_if_cancelled (task))
    return;

  if (timed_out)
    api_error = ferry_request_timeout_error (self);
  else
    api_error = ferry_api_error_new_from_transport (error);
  ferry_request_log_result (request, 0, NULL, timed_out ? api_error : error);

  if (((request->flags & FERRY_REQUEST_IDEMPOTENT) && ferry_api_error_is_transient (api_error)) ||
      (!timed_out && never_left_the_machine (error)))
    {
      if (ferry_request_schedule_retry (task, -1) == RETRY_SCHEDULED)
        return;
    }
  g_task_return_error (task, g_steal_pointer (&api_error));
}

static gboolean
deadline_cb (gpointer user_data)
{
  Request *request = user_data;

  /* The attempt's I/O ends with G_IO_ERROR_CANCELLED;
   * ferry_request_attempt_failed() tells it from the caller's
   * cancellation by this flag. */
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
  request->msg = ferry_request_build_message (self, request);
  soup_session_send_async (self->session, request->msg, G_PRIORITY_DEFAULT,
                           request->attempt_cancellable, ferry_request_sent_cb, g_object_ref (task));
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
