/* ferry-error.h: errors of Huawei Cloud calls
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FERRY_API_ERROR (ferry_api_error_quark ())

/* The message of a FERRY_API_ERROR is always one translated sentence a user
 * understands; the server's own code, message and request id are kept
 * beside it and read with the accessors below. */
typedef enum
{
  FERRY_API_ERROR_FAILED,            /* the server refused; see the server code */
  FERRY_API_ERROR_NETWORK,           /* no connection, name lookup, reset, time-out */
  FERRY_API_ERROR_TLS,               /* certificate or handshake */
  FERRY_API_ERROR_CREDENTIALS,       /* unknown access key, bad signature */
  FERRY_API_ERROR_CLOCK_SKEW,        /* the machine's clock is off by more than 15 minutes */
  FERRY_API_ERROR_PERMISSION,        /* authenticated but not allowed */
  FERRY_API_ERROR_NOT_FOUND,
  FERRY_API_ERROR_THROTTLED,         /* 429, or too many concurrent copies */
  FERRY_API_ERROR_UNAVAILABLE,       /* 5xx */
  FERRY_API_ERROR_INVALID_RESPONSE,  /* not the JSON the API documents */
  FERRY_API_ERROR_INVALID_ENDPOINT,  /* bad template, or plain http off loopback */
  FERRY_API_ERROR_NO_CREDENTIALS,
} FerryApiErrorCode;

GQuark      ferry_api_error_quark              (void);

GError     *ferry_api_error_new                (FerryApiErrorCode  code,
                                                guint              http_status,
                                                const char        *server_code,
                                                const char        *server_message,
                                                const char        *request_id);
GError     *ferry_api_error_new_literal        (FerryApiErrorCode  code,
                                                const char        *message);

/* An error from a non-2xx answer whose body said @server_code and
 * @server_message (either may be NULL): picks the kind and the translated
 * sentence from the server code and the HTTP status. Reading the body is
 * ferry_json_read_error()'s (ferry-json.h). */
GError     *ferry_api_error_new_from_answer    (guint              http_status,
                                                const char        *server_code,
                                                const char        *server_message,
                                                const char        *request_id);

/* For errors of other domains (GIOError, GTlsError, GResolverError,
 * SoupSessionError...): the same error as a FERRY_API_ERROR. */
GError     *ferry_api_error_new_from_transport (const GError      *error);

guint       ferry_api_error_get_http_status    (const GError      *error);
const char *ferry_api_error_get_server_code    (const GError      *error);
const char *ferry_api_error_get_server_message (const GError      *error);
const char *ferry_api_error_get_request_id     (const GError      *error);

/* The translated sentence for a server code (IMG.0143, APIGW.0301...), or
 * NULL when the code is not one we know. */
const char *ferry_api_error_explain_code       (const char        *server_code);
/* What the user can do about a copy that failed with that code, as one
 * translated sentence, or NULL when the code is not one we know or there
 * is nothing to do but what the sentence says. */
const char *ferry_api_error_hint_for_code      (const char        *server_code);

/* The sentence followed by what helps a support request, e.g.
 * "Encrypted images cannot be copied to another region. (IMG.0143, request 5f2e…)". */
char       *ferry_api_error_format             (const GError      *error);

/* Whether a request that failed like this may be sent again: network
 * errors, 429 and 5xx answers. */
gboolean    ferry_api_error_is_transient       (const GError      *error);

G_END_DECLS
