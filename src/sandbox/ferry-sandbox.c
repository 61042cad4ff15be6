/* ferry-sandbox.c: FerrySandbox serving: the server, authentication, faults
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ferry-sandbox-private.h"
#include "ferry-signer.h"

#define MAX_SKEW_SECONDS (15 * 60)

G_DEFINE_FINAL_TYPE (FerrySandbox, ferry_sandbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PORT,
  PROP_STATE_FILE,
  PROP_COPY_SECONDS,
  PROP_LATENCY_MS,
  PROP_FAIL_RATE,
  PROP_THROTTLE_RATE,
  PROP_DROP_RATE,
  PROP_RANDOM_SEED,
  PROP_IMAGES_PER_REGION,
  PROP_JOB_FAIL_RATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Authentication */

static gboolean
equal_constant_time (const char *a,
                     const char *b)
{
  gsize length_a = strlen (a);
  gsize length_b = strlen (b);
  guint8 difference = length_a != length_b;

  /* Every byte of @a is looked at whatever matched, so the time taken
   * says nothing about how much of a forged signature was right. */
  for (gsize i = 0; i < length_a; i++)
    difference |= (guint8) a[i] ^ (guint8) b[i % MAX (length_b, 1)];

  return difference == 0;
}

static gboolean
check_signature (FerrySandbox *self,
                 Request      *req)
{
  static const char * const signed_when_sent[] = {
    "x-project-id", "x-domain-id", "x-security-token",
  };
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  g_autofree char *access_key = NULL;
  g_autofree char *signed_headers = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *date_text = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *date_header;
  gint64 skew;

  if (!ferry_signer_parse_authorization (soup_message_headers_get_one (headers, "Authorization"),
                                         &access_key, &signed_headers, &signature))
    return ferry_sandbox_gateway_error (req, SOUP_STATUS_UNAUTHORIZED, "APIGW.0301",
                                        "Incorrect IAM authentication information: "
                                        "no SDK-HMAC-SHA256 Authorization header.");

  if (strcmp (access_key, FERRY_SANDBOX_ACCESS_KEY) != 0)
    return ferry_sandbox_gateway_error (req, SOUP_STATUS_UNAUTHORIZED, "APIGW.0301",
                                        "Incorrect IAM authentication information: "
                                        "unknown access key.");

  lower = g_ascii_strdown (signed_headers, -1);
  names = g_strsplit (lower, ";", -1);
  if (!g_strv_contains ((const char * const *) names, "host") ||
      !g_strv_contains ((const char * const *) names, "x-sdk-date"))
    return ferry_sandbox_gateway_error (req, SOUP_STATUS_UNAUTHORIZED, "APIGW.0301",
                                        "Incorrect IAM authentication information: "
                                        "host and x-sdk-date must be signed.");

  for (guint i = 0; i < G_N_ELEMENTS (signed_when_sent); i++)
    if (soup_message_headers_get_one (headers, signed_when_sent[i]) != NULL &&
        !g_strv_contains ((const char * const *) names, signed_when_sent[i]))
      return ferry_sandbox_gateway_error (req, SOUP_STATUS_UNAUTHORIZED, "APIGW.0301",
                                          "Incorrect IAM authentication information: "
                                          "%s is sent but not signed.", signed_when_sent[i]);

  date_header = soup_message_headers_get_one (headers, FERRY_SIGNER_DATE_HEADER);
  if (date_header != NULL)
    date_text = g_strstrip (g_strdup (date_header));
  date = ferry_signer_parse_date (date_text);
  if (date == NULL)
    return ferry_sandbox_gateway_error (req, SOUP_STATUS_UNAUTHORIZED, "APIGW.0301",
                                        "Incorrect IAM authentication information: "
                                        "X-Sdk-Date is missing or malformed.");

  skew = g_date_time_to_unix (date) - ferry_sandbox_world_now (self->world) / G_USEC_PER_SEC;
  if (skew > MAX_SKEW_SECONDS || skew < -MAX_SKEW_SECONDS)
    return ferry_sandbox_gateway_error (req, SOUP_STATUS_UNAUTHORIZED, "APIGW.0303",
                                        "Incorrect app authentication information: the request "
                                        "time differs from the server time by more than 15 "
                                        "minutes.");

  body = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  expected = ferry_signer_signature (FERRY_SANDBOX_SECRET_KEY, ferry_sandbox_request_method (req),
                                     soup_server_message_get_uri (req->msg),
                                     headers, signed_headers, body);
  if (expected == NULL || !equal_constant_time (expected, signature))
    return ferry_sandbox_gateway_error (req, SOUP_STATUS_UNAUTHORIZED, "APIGW.0301",
                                        "Incorrect IAM authentication information: "
                                        "the signature does not match.");

  return TRUE;
}

static gboolean
check_scope (FerrySandbox *self,
             Request      *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  FerrySandboxProject *project;
  const char *project_id;
  const char *path_project_id;

  if (req->route->service == SERVICE_IAM)
    {
      const char *domain_id = soup_message_headers_get_one (headers, "X-Domain-Id");

      if (domain_id != NULL &&
          strcmp (domain_id, ferry_sandbox_world_get_domain_id (self->world)) != 0)
        return ferry_sandbox_gateway_error (req, SOUP_STATUS_FORBIDDEN, "APIGW.0302",
                                            "The IAM user is not authorized to access the API: "
                                            "X-Domain-Id is not the account's domain.");
      return TRUE;
    }

  project_id = soup_message_headers_get_one (headers, "X-Project-Id");
  if (project_id == NULL)
    return ferry_sandbox_gateway_error (req, SOUP_STATUS_FORBIDDEN, "APIGW.0302",
                                        "The IAM user is not authorized to access the API: "
                                        "X-Project-Id is missing.");

  project = ferry_sandbox_world_lookup_project (self->world, project_id);
  if (project == NULL || g_strcmp0 (project->region, req->region) != 0)
    return ferry_sandbox_gateway_error (req, SOUP_STATUS_FORBIDDEN, "APIGW.0302",
                                        "The IAM user is not authorized to access the API: "
                                        "X-Project-Id is not a project of region %s.", req->region);

  path_project_id = ferry_sandbox_request_param (req, "project_id");
  if (path_project_id != NULL && strcmp (path_project_id, project->id) != 0)
    return ferry_sandbox_gateway_error (req, SOUP_STATUS_FORBIDDEN, "APIGW.0302",
                                        "The IAM user is not authorized to access the API: "
                                        "the project id of the path is not X-Project-Id.");

  req->project_id = project->id;
  return TRUE;
}

void
ferry_sandbox_reseed (FerrySandbox *self)
{
  guint32 seed[2] = {
    (guint32) (self->random_seed & G_MAXUINT32),
    (guint32) (self->random_seed >> 32),
  };

  g_rand_set_seed_array (self->rand, seed, G_N_ELEMENTS (seed));
  if (self->world != NULL)
    ferry_sandbox_world_set_job_failures (self->world, self->job_fail_rate, self->random_seed);
}

/* Serving */

static void
save_if_dirty (FerrySandbox *self)
{
  g_autoptr(GError) error = NULL;

  if (!ferry_sandbox_world_take_dirty (self->world) || self->state_file == NULL)
    return;

  /* No one to tell but the log: the request itself went well. */
  if (!ferry_sandbox_world_save (self->world, self->state_file, &error))
    g_warning ("%s", error->message);
}

static void
request_done (FerrySandbox *self,
              Request      *req)
{
  g_hash_table_remove (self->pending, req);
  ferry_sandbox_request_free (req);
}

static gboolean
drop_cb (gpointer data)
{
  Request *req = data;
  g_autoptr(GIOStream) stream = NULL;

  ferry_sandbox_request_unschedule (req);

  /* From an idle, the message paused: the server's I/O is at rest. */
  stream = soup_server_message_steal_connection (req->msg);
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);

  request_done (req->self, req);
  return G_SOURCE_REMOVE;
}

static void
drop_connection (FerrySandbox *self,
                 Request      *req)
{
  if (!req->paused)
    {
      soup_server_message_pause (req->msg);
      req->paused = TRUE;
    }
  ferry_sandbox_request_schedule (req, 0, drop_cb);
}

static Fault
draw_fault (FerrySandbox *self)
{
  /* One draw per request whatever the rates, so that a seed gives the same
   * sequence of faults to the same sequence of requests. */
  double draw = g_rand_double (self->rand);

  if (draw < self->drop_rate)
    return FAULT_DROP;
  draw -= self->drop_rate;
  if (draw < self->fail_rate)
    return FAULT_FAIL;
  draw -= self->fail_rate;
  if (draw < self->throttle_rate)
    return FAULT_THROTTLE;
  return FAULT_NONE;
}

static void
process_request (FerrySandbox *self,
                 Request      *req)
{
  const char *method = ferry_sandbox_request_method (req);
  gboolean changes = strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0;

  if (req->fault == FAULT_DROP && !changes)
    {
      drop_connection (self, req);
      return;
    }

  if (req->fault == FAULT_FAIL)
    {
      ferry_sandbox_gateway_error (req, SOUP_STATUS_SERVICE_UNAVAILABLE, "APIGW.0201",
                                   "Backend unavailable.");
    }
  else if (req->fault == FAULT_THROTTLE)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "Retry-After", "1");
      /* 429 Too Many Requests: libsoup 3.2 has no name for it. */
      ferry_sandbox_gateway_error (req, 429, "APIGW.0308",
                                   "The throttling threshold has been reached.");
    }
  else
    {
      ferry_sandbox_world_update (self->world);
      if (check_signature (self, req) && check_scope (self, req))
        req->route->handler (self, req);
      save_if_dirty (self);
    }

  /* A change carried out, its answer lost. */
  if (req->fault == FAULT_DROP)
    {
      drop_connection (self, req);
      return;
    }

  if (req->paused)
    soup_server_message_unpause (req->msg);
  request_done (self, req);
}

static gboolean
latency_done_cb (gpointer data)
{
  Request *req = data;

  ferry_sandbox_request_unschedule (req);
  process_request (req->self, req);

  return G_SOURCE_REMOVE;
}

/* Counts the connection of @msg once per generation of the stats: the
 * mark lives on the GSocket, so it goes with the connection. */
static void
count_connection (FerrySandbox      *self,
                  SoupServerMessage *msg)
{
  static GQuark counted_quark;
  GSocket *socket = soup_server_message_get_socket (msg);
  guint mark;

  if (counted_quark == 0)
    counted_quark = g_quark_from_static_string ("ferry-sandbox-counted");
  if (socket == NULL)
    return;

  /* Generation + 1, so that 0 (no mark) never matches. */
  mark = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (socket), counted_quark));
  if (mark == self->generation + 1)
    return;
  g_object_set_qdata (G_OBJECT (socket), counted_quark, GUINT_TO_POINTER (self->generation + 1));
  self->connections++;
}

/* libsoup 3.2's server drops Content-Length from a 204 as it writes the
 * headers (RFC 7230 forbids it there), which leaves the headers without
 * any length; soup_server_message_is_keepalive() then takes the answer for
 * one delimited by the end of the connection and closes it, without
 * "Connection: close". A client that reuses its connection, as every
 * official SDK does, then fails its next request ("socket hang up"). The
 * answer had no body at all: say so once the headers are out, before the
 * server decides whether to keep the connection. */
static void
wrote_headers_cb (SoupServerMessage *msg,
                  gpointer           user_data)
{
  guint status = soup_server_message_get_status (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if ((status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_NOT_MODIFIED) &&
      soup_message_headers_get_encoding (headers) == SOUP_ENCODING_EOF)
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_NONE);
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (wrote_headers_cb), NULL);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  FerrySandbox *self = user_data;
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  Request *req = ferry_sandbox_request_new (self, msg, query);
  g_autofree char *key = NULL;
  guint count;

  soup_message_headers_replace (response_headers, "X-Request-Id", req->request_id);
  soup_message_headers_replace (response_headers, "Content-Type", FERRY_SANDBOX_JSON_CONTENT_TYPE);
  {
    /* The date by the sandbox's own clock, which tests may have moved on,
     * as a real gateway tells its time: clients measure their skew by it. */
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (ferry_sandbox_world_now (self->world) / G_USEC_PER_SEC);
    g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);

    soup_message_headers_replace (response_headers, "Date", date);
  }

  if (g_str_has_prefix (path, "/_sandbox/"))
    {
      ferry_sandbox_handle_control (self, req, path);
      save_if_dirty (self);
      ferry_sandbox_request_free (req);
      return;
    }

  count_connection (self, msg);

  if (!ferry_sandbox_resolve_route (self, req, path))
    {
      ferry_sandbox_request_free (req);
      return;
    }

  key = g_strdup_printf ("%s %s", req->route->method, req->route->pattern);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->stats, key));
  g_hash_table_insert (self->stats, g_steal_pointer (&key), GUINT_TO_POINTER (count + 1));

  req->fault = draw_fault (self);
  g_hash_table_add (self->pending, req);

  if (self->latency_ms > 0)
    {
      soup_server_message_pause (msg);
      req->paused = TRUE;
      ferry_sandbox_request_schedule (req, self->latency_ms, latency_done_cb);
      return;
    }

  process_request (self, req);
}

/* Public API */

FerrySandbox *
ferry_sandbox_new (void)
{
  return g_object_new (FERRY_TYPE_SANDBOX, NULL);
}

gboolean
ferry_sandbox_start (FerrySandbox  *self,
                     GError       **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SoupServer) server = NULL;
  GSList *listeners;

  g_return_val_if_fail (FERRY_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  if (self->catalogue == NULL)
    {
      self->catalogue = ferry_region_catalogue_new_default (error);
      if (self->catalogue == NULL)
        return FALSE;
    }

  if (self->world == NULL)
    self->world = ferry_sandbox_world_new (self->catalogue, self->images_per_region);
  if (self->state_file != NULL &&
      !ferry_sandbox_world_load (self->world, self->state_file, error))
    return FALSE;

  server = soup_server_new ("server-header", "ferry-sandbox ", NULL);
  soup_server_add_handler (server, NULL, server_callback, self, NULL);
  g_signal_connect (server, "request-started", G_CALLBACK (request_started_cb), NULL);

  /* Loopback only: the sandbox accepts a published demo key. */
  address = g_inet_socket_address_new_from_string ("127.0.0.1", self->port);
  if (!soup_server_listen (server, address, 0, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not listen on 127.0.0.1 port %u: %s"),
                   self->port, local_error->message);
      return FALSE;
    }

  listeners = soup_server_get_listeners (server);
  if (listeners != NULL)
    {
      g_autoptr(GSocketAddress) local = g_socket_get_local_address (listeners->data, NULL);

      if (G_IS_INET_SOCKET_ADDRESS (local))
        self->bound_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
    }
  g_slist_free (listeners);

  ferry_sandbox_reseed (self);
  self->context = g_main_context_ref_thread_default ();
  self->server = g_steal_pointer (&server);

  return TRUE;
}

static void
cancel_pending (FerrySandbox *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_hash_table_iter_remove (&iter);
      ferry_sandbox_request_free (key);
    }
}

void
ferry_sandbox_stop (FerrySandbox *self)
{
  g_return_if_fail (FERRY_IS_SANDBOX (self));

  if (self->server == NULL)
    return;

  if (self->state_file != NULL)
    {
      g_autoptr(GError) error = NULL;

      ferry_sandbox_world_update (self->world);
      ferry_sandbox_world_take_dirty (self->world);
      if (!ferry_sandbox_world_save (self->world, self->state_file, &error))
        g_warning ("%s", error->message);
    }

  cancel_pending (self);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->bound_port = 0;
}

guint
ferry_sandbox_get_port (FerrySandbox *self)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX (self), 0);

  return self->bound_port;
}

char *
ferry_sandbox_dup_base_uri (FerrySandbox *self)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX (self), NULL);

  return g_strdup_printf ("http://127.0.0.1:%u", self->bound_port);
}

char *
ferry_sandbox_dup_endpoint_template (FerrySandbox *self)
{
  g_return_val_if_fail (FERRY_IS_SANDBOX (self), NULL);

  return g_strdup_printf ("http://127.0.0.1:%u/{service}/{region}", self->bound_port);
}

void
ferry_sandbox_refuse_grants (FerrySandbox *self,
                             const char   *region,
                             guint         count)
{
  const char *project_id;

  g_return_if_fail (FERRY_IS_SANDBOX (self));
  g_return_if_fail (self->world != NULL);
  g_return_if_fail (region != NULL);

  project_id = ferry_sandbox_world_get_region_project_id (self->world, region);
  g_return_if_fail (project_id != NULL);

  if (count == 0)
    g_hash_table_remove (self->refused_grants, project_id);
  else
    g_hash_table_insert (self->refused_grants, g_strdup (project_id), GUINT_TO_POINTER (count));
}

gboolean
ferry_sandbox_take_refused_grant (FerrySandbox *self,
                                  const char   *project_id)
{
  guint left = GPOINTER_TO_UINT (g_hash_table_lookup (self->refused_grants, project_id));

  if (left == 0)
    return FALSE;
  if (left == 1)
    g_hash_table_remove (self->refused_grants, project_id);
  else
    g_hash_table_insert (self->refused_grants, g_strdup (project_id), GUINT_TO_POINTER (left - 1));
  return TRUE;
}

/* Object */

static void
ferry_sandbox_dispose (GObject *object)
{
  FerrySandbox *self = FERRY_SANDBOX (object);

  ferry_sandbox_stop (self);

  G_OBJECT_CLASS (ferry_sandbox_parent_class)->dispose (object);
}

static void
ferry_sandbox_finalize (GObject *object)
{
  FerrySandbox *self = FERRY_SANDBOX (object);

  g_clear_object (&self->world);
  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->stats, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->refused_grants, g_hash_table_unref);
  g_clear_pointer (&self->refused_quotas, g_hash_table_unref);
  g_clear_pointer (&self->state_file, g_free);

  G_OBJECT_CLASS (ferry_sandbox_parent_class)->finalize (object);
}

static void
ferry_sandbox_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FerrySandbox *self = FERRY_SANDBOX (object);

  switch (prop_id)
    {
    case PROP_PORT:
      g_value_set_uint (value, self->bound_port != 0 ? self->bound_port : self->port);
      break;
    case PROP_STATE_FILE:
      g_value_set_string (value, self->state_file);
      break;
    case PROP_COPY_SECONDS:
      g_value_set_uint (value, self->copy_seconds);
      break;
    case PROP_LATENCY_MS:
      g_value_set_uint (value, self->latency_ms);
      break;
    case PROP_FAIL_RATE:
      g_value_set_double (value, self->fail_rate);
      break;
    case PROP_THROTTLE_RATE:
      g_value_set_double (value, self->throttle_rate);
      break;
    case PROP_DROP_RATE:
      g_value_set_double (value, self->drop_rate);
      break;
    case PROP_RANDOM_SEED:
      g_value_set_uint64 (value, self->random_seed);
      break;
    case PROP_JOB_FAIL_RATE:
      g_value_set_double (value, self->job_fail_rate);
      break;
    case PROP_IMAGES_PER_REGION:
      g_value_set_uint (value, self->images_per_region);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_sandbox_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FerrySandbox *self = FERRY_SANDBOX (object);

  /* Where and what to serve is fixed once serving; copy time, latency
   * and faults may change on the fly, so a test can turn them on. */
  if (self->server != NULL &&
      (prop_id == PROP_PORT || prop_id == PROP_STATE_FILE || prop_id == PROP_IMAGES_PER_REGION))
    {
      g_warning ("FerrySandbox:%s cannot change while the sandbox runs", pspec->name);
      return;
    }

  switch (prop_id)
    {
    case PROP_PORT:
      self->port = g_value_get_uint (value);
      break;
    case PROP_STATE_FILE:
      g_free (self->state_file);
      self->state_file = g_value_dup_string (value);
      break;
    case PROP_COPY_SECONDS:
      self->copy_seconds = g_value_get_uint (value);
      break;
    case PROP_LATENCY_MS:
      self->latency_ms = g_value_get_uint (value);
      break;
    case PROP_FAIL_RATE:
      self->fail_rate = g_value_get_double (value);
      break;
    case PROP_THROTTLE_RATE:
      self->throttle_rate = g_value_get_double (value);
      break;
    case PROP_DROP_RATE:
      self->drop_rate = g_value_get_double (value);
      break;
    case PROP_RANDOM_SEED:
      self->random_seed = g_value_get_uint64 (value);
      ferry_sandbox_reseed (self);
      break;
    case PROP_JOB_FAIL_RATE:
      self->job_fail_rate = g_value_get_double (value);
      if (self->world != NULL)
        ferry_sandbox_world_set_job_failures (self->world, self->job_fail_rate, self->random_seed);
      break;
    case PROP_IMAGES_PER_REGION:
      if (self->world != NULL && self->images_per_region != g_value_get_uint (value))
        g_clear_object (&self->world);
      self->images_per_region = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_sandbox_class_init (FerrySandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_sandbox_dispose;
  object_class->finalize = ferry_sandbox_finalize;
  object_class->get_property = ferry_sandbox_get_property;
  object_class->set_property = ferry_sandbox_set_property;

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE_FILE] =
    g_param_spec_string ("state-file", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  properties[PROP_COPY_SECONDS] =
    g_param_spec_uint ("copy-seconds", NULL, NULL, 0, G_MAXUINT32, 30,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  properties[PROP_LATENCY_MS] =
    g_param_spec_uint ("latency-ms", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  properties[PROP_FAIL_RATE] =
    g_param_spec_double ("fail-rate", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  properties[PROP_THROTTLE_RATE] =
    g_param_spec_double ("throttle-rate", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  properties[PROP_DROP_RATE] =
    g_param_spec_double ("drop-rate", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  properties[PROP_RANDOM_SEED] =
    g_param_spec_uint64 ("random-seed", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  /* The share of copy jobs that end FAILED, decided at submission. */
  properties[PROP_JOB_FAIL_RATE] =
    g_param_spec_double ("job-fail-rate", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMAGES_PER_REGION] =
    g_param_spec_uint ("images-per-region", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_sandbox_init (FerrySandbox *self)
{
  self->rand = g_rand_new ();
  self->stats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending = g_hash_table_new (NULL, NULL);
  self->refused_grants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->refused_quotas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
