/* ferry-client-private.h: what tests and benchmarks may see of FerryClient
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "ferry-client.h"

G_BEGIN_DECLS

/* Requests sent, retries included (for tests, benchmarks and notes). */
guint        ferry_client_get_request_count  (FerryClient       *self);

/* The session every request of @self goes through, with its connection
 * pool; for tests that send their own messages the way the client does. */
SoupSession *ferry_client_get_session        (FerryClient       *self);

/* What the client does to every message before sending it: the
 * connection it may use, no redirect followed, no credentials of
 * libsoup's own, and the guard against libsoup 3.2's restart race (see
 * the note in ferry-client.c). */
void         ferry_client_prepare_message    (SoupMessage       *msg,
                                              FerryRequestFlags  flags);

G_END_DECLS
