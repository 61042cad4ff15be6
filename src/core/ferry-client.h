/* ferry-client.h: signed, asynchronous requests to Huawei Cloud
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ferry-credentials.h"
#include "ferry-region-catalogue.h"

G_BEGIN_DECLS

#define FERRY_DEFAULT_ENDPOINT "https://{service}.{region}.myhuaweicloud.com"
/* Read by each program's main, never by core. */
#define FERRY_ENV_ENDPOINT     "FERRY_ENDPOINT"

typedef enum
{
  FERRY_SERVICE_IAM,
  FERRY_SERVICE_IMS,
  FERRY_SERVICE_CBR,
} FerryService;

typedef enum
{
  FERRY_REQUEST_DEFAULT    = 0,
  /* Safe to send again after a connection error, 5xx or 429 (GET, HEAD,
   * and PUT of a grant). Anything else is sent again only when it
   * provably never left the machine. */
  FERRY_REQUEST_IDEMPOTENT = 1 << 0,
} FerryRequestFlags;

#define FERRY_TYPE_CLIENT (ferry_client_get_type ())

G_DECLARE_FINAL_TYPE (FerryClient, ferry_client, FERRY, CLIENT, GObject)

/* @endpoint_template: NULL (or empty) for FERRY_DEFAULT_ENDPOINT; programs
 * pass $FERRY_ENDPOINT when it is set. Plain http is refused unless the
 * host is a loopback address. */
FerryClient          *ferry_client_new                   (FerryCredentials      *credentials,
                                                          const char            *endpoint_template,
                                                          FerryRegionCatalogue  *catalogue,
                                                          GError               **error);
const char           *ferry_client_get_endpoint_template (FerryClient           *self);
FerryRegionCatalogue *ferry_client_get_catalogue         (FerryClient           *self);
/* The account (domain) id, sent as X-Domain-Id to IAM once known. */
const char           *ferry_client_get_domain_id         (FerryClient           *self);
void                  ferry_client_set_domain_id         (FerryClient           *self,
                                                          const char            *domain_id);
/* How long one request may take in all, from the connection to the last
 * byte of its answer (FERRY_CLIENT_DEFAULT_TIMEOUT by default): past it the
 * request fails as a time-out, and is retried like one when that is safe.
 * And how long retries may go on, waits for Retry-After included. */
#define FERRY_CLIENT_DEFAULT_TIMEOUT 30
void                  ferry_client_set_timeout           (FerryClient           *self,
                                                          guint                  seconds);
guint                 ferry_client_get_timeout           (FerryClient           *self);
void                  ferry_client_set_retry_budget      (FerryClient           *self,
                                                          guint                  seconds);

/* The URI of @path (already escaped) with @query (already escaped, or
 * NULL) for a service in a region. */
GUri                 *ferry_client_build_uri             (FerryClient           *self,
                                                          FerryService           service,
                                                          const char            *region,
                                                          const char            *path,
                                                          const char            *query,
                                                          GError               **error);

/* "k1=v1&k2=v2" from key/value pairs, escaping both; a NULL value skips
 * its key. Ends with a NULL key. Returns NULL when nothing is left. */
char                 *ferry_client_build_query           (const char            *first_key,
                                                          ...) G_GNUC_NULL_TERMINATED;

/* Sends a signed request; X-Project-Id is added when @project_id is set,
 * X-Domain-Id for IAM once the domain is known. @body may be NULL. */
void                  ferry_client_request_async         (FerryClient           *self,
                                                          FerryService           service,
                                                          const char            *region,
                                                          const char            *project_id,
                                                          const char            *method,
                                                          const char            *path,
                                                          const char            *query,
                                                          JsonNode              *body,
                                                          FerryRequestFlags      flags,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
/* The answer's JSON object, or NULL without error for an answer without
 * content (204, HEAD, an empty 2xx to PUT or DELETE). Any other answer is a
 * FERRY_API_ERROR: an empty 200 to a GET or POST is one, and so is a
 * redirect (Huawei's APIs do not use them; Ferry never follows one). */
JsonNode             *ferry_client_request_finish        (FerryClient           *self,
                                                          GAsyncResult          *result,
                                                          guint                 *http_status,
                                                          GError               **error);

/* The same request, with the answer turned into a result by @parse (which
 * returns NULL and sets an error on an answer it cannot use). The typed
 * calls of ferry-iam.h, ferry-ims.h and ferry-cbr.h are built on it. */
typedef gpointer (*FerryParseFunc) (JsonNode  *root,
                                    gpointer   parse_data,
                                    GError   **error);

void                  ferry_client_call_async            (FerryClient           *self,
                                                          FerryService           service,
                                                          const char            *region,
                                                          const char            *project_id,
                                                          const char            *method,
                                                          const char            *path,
                                                          const char            *query,
                                                          JsonNode              *body,
                                                          FerryRequestFlags      flags,
                                                          FerryParseFunc         parse,
                                                          gpointer               parse_data,
                                                          GDestroyNotify         parse_data_free,
                                                          GDestroyNotify         result_free,
                                                          gpointer               source_tag,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
gpointer              ferry_client_call_finish           (FerryClient           *self,
                                                          GAsyncResult          *result,
                                                          gpointer               source_tag,
                                                          GError               **error);

G_END_DECLS
