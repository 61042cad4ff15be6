/* ferry-test-sandbox.h: a sandbox on loopback and its control routes, for
 * integration tests
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ferry-sandbox.h"

G_BEGIN_DECLS

/* A new sandbox with these properties (NULL-terminated), started on this
 * thread's main context, asserting that it serves. */
FerrySandbox *ferry_test_sandbox_new_started (const char *first_property,
                                              ...) G_GNUC_NULL_TERMINATED;

/* A ferry-sandbox process (@exe) of its own, on a free port, with copies of
 * @copy_seconds and its state in @state; *@endpoint is the endpoint template
 * it announces. Its stderr is not the test's: a failed test must not wait
 * for it. */
GSubprocess  *ferry_test_sandbox_spawn       (const char  *exe,
                                              guint        copy_seconds,
                                              const char  *state,
                                              char       **endpoint);

/* Calls a /_sandbox/ route and returns its JSON answer, asserting a 200.
 * The sandbox serves on this thread's main context, so the call iterates
 * it rather than blocking. */
JsonNode *ferry_test_sandbox_control       (FerrySandbox *sandbox,
                                            const char   *method,
                                            const char   *route,
                                            const char   *body);
/* A number of GET /_sandbox/stats. */
gint64    ferry_test_sandbox_stat          (FerrySandbox *sandbox,
                                            const char   *member);
/* How often a route ("POST /v1/cloudimages/{image_id}/cross_region_copy")
 * was asked for. */
gint64    ferry_test_sandbox_route_count   (FerrySandbox *sandbox,
                                            const char   *route);
/* Moves the sandbox's clock on. */
void      ferry_test_sandbox_advance_clock (FerrySandbox *sandbox,
                                            guint         seconds);

G_END_DECLS
