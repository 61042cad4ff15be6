/* ferry-sandbox-api-private.h: what the IAM, IMS and CBR routes share
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-sandbox-private.h"

G_BEGIN_DECLS

/* Each service's routes (ferry-sandbox-api-iam.c, -ims.c, -cbr.c), first
 * match wins; ferry_sandbox_resolve_route() picks the service's table.
 * The stats count requests by "METHOD pattern". */
extern const Route ferry_sandbox_iam_routes[];
extern const guint ferry_sandbox_n_iam_routes;
extern const Route ferry_sandbox_ims_routes[];
extern const guint ferry_sandbox_n_ims_routes;
extern const Route ferry_sandbox_cbr_routes[];
extern const guint ferry_sandbox_n_cbr_routes;

/* ferry-sandbox-api.c */
/* A CJK ideograph (the basic block and extensions A and B): the
 * "Chinese characters" that names may hold. */
gboolean    ferry_sandbox_is_chinese         (gunichar            c);
/* At most @max characters, none of @forbidden. */
gboolean    ferry_sandbox_is_valid_text      (const char         *text,
                                              glong               max,
                                              const char         *forbidden);
/* Query integers: FALSE when present and not a whole number in range. */
gboolean    ferry_sandbox_get_query_uint     (Request            *req,
                                              const char         *name,
                                              guint64             min,
                                              guint64             fallback,
                                              guint64            *value);

G_END_DECLS
