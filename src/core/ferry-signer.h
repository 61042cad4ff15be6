/* ferry-signer.h: Huawei Cloud SDK-HMAC-SHA256 request signing
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define FERRY_SIGNER_ALGORITHM   "SDK-HMAC-SHA256"
#define FERRY_SIGNER_DATE_HEADER "X-Sdk-Date"

/* The date format of X-Sdk-Date: YYYYMMDDTHHMMSSZ, UTC. */
char     *ferry_signer_format_date       (GDateTime           *when);
GDateTime *ferry_signer_parse_date       (const char          *value);

/* Lower-case names of the headers that get signed, sorted bytewise and
 * joined with ';'. Every header present is signed except those whose name
 * contains '_' (the gateway never signs them). */
char     *ferry_signer_signed_headers    (SoupMessageHeaders  *headers);

/* The canonical request. @signed_headers is a ';'-joined list as above. */
char     *ferry_signer_canonical_request (const char          *method,
                                          GUri                *uri,
                                          SoupMessageHeaders  *headers,
                                          const char          *signed_headers,
                                          GBytes              *body);

/* Hex HMAC-SHA256 over the string to sign. @headers must hold X-Sdk-Date. */
char     *ferry_signer_signature          (const char          *secret_key,
                                          const char          *method,
                                          GUri                *uri,
                                          SoupMessageHeaders  *headers,
                                          const char          *signed_headers,
                                          GBytes              *body);

/* The whole Authorization header value:
 * "SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex". */
char     *ferry_signer_authorization     (const char          *access_key,
                                          const char          *secret_key,
                                          const char          *method,
                                          GUri                *uri,
                                          SoupMessageHeaders  *headers,
                                          GBytes              *body);

/* Splits an Authorization header value into its parts; FALSE when it is not
 * an SDK-HMAC-SHA256 header. Used by the sandbox to verify requests. */
gboolean  ferry_signer_parse_authorization (const char        *value,
                                            char             **access_key,
                                            char             **signed_headers,
                                            char             **signature);

G_END_DECLS
