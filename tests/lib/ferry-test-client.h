/* ferry-test-client.h: clients and accounts for tests against a server on
 * loopback
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-account.h"
#include "ferry-client.h"
#include "ferry-image.h"
#include "ferry-region-catalogue.h"
#include "ferry-sandbox.h"

G_BEGIN_DECLS

/* The built-in region catalogue, asserting that it loads. */
FerryRegionCatalogue *ferry_test_catalogue_new       (void);

/* A client of @endpoint ("http://127.0.0.1:port/{service}/{region}") with
 * these keys (@security_token may be NULL), asserting that it is made. */
FerryClient          *ferry_test_client_new_for      (const char           *endpoint,
                                                      FerryRegionCatalogue *catalogue,
                                                      const char           *access_key,
                                                      const char           *secret_key,
                                                      const char           *security_token);

/* A client of @sandbox with the sandbox's keys. */
FerryClient          *ferry_test_client_new          (FerrySandbox         *sandbox,
                                                      FerryRegionCatalogue *catalogue);

/* The account of @client's keys, discovered from @region, asserting that
 * the discovery succeeds. */
FerryAccount         *ferry_test_discover_account    (FerryClient          *client,
                                                      const char           *region);

/* The id of @account's project in @region, asserting that it has one. */
const char           *ferry_test_project_id          (FerryAccount         *account,
                                                      const char           *region);

/* The one private image named @name in @region, asserting that there is
 * exactly one. */
FerryImage           *ferry_test_find_image          (FerryClient          *client,
                                                      FerryAccount         *account,
                                                      const char           *region,
                                                      const char           *name);

G_END_DECLS
