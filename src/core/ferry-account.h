/* ferry-account.h: what discovery learns about the account
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-project.h"

G_BEGIN_DECLS

#define FERRY_TYPE_ACCOUNT (ferry_account_get_type ())

G_DECLARE_FINAL_TYPE (FerryAccount, ferry_account, FERRY, ACCOUNT, GObject)

FerryAccount *ferry_account_new                  (const char   *domain_id,
                                                  const char   *domain_name,
                                                  GListModel   *projects);
const char   *ferry_account_get_domain_id        (FerryAccount *self);
const char   *ferry_account_get_domain_name      (FerryAccount *self);
/* Every project of the account (FerryProject). */
GListModel   *ferry_account_get_projects         (FerryAccount *self);
/* The default project of a region (named after it), or NULL. */
FerryProject *ferry_account_get_region_project   (FerryAccount *self,
                                                  const char   *region_id);
/* The projects of a region, its default project first. */
/* A "scope" of permissions: a region id names the region's default
 * project, anything else a project by name (a sub-project such as
 * "cn-north-4_dev"). NULL when the account has no such project. */
FerryProject *ferry_account_lookup_project       (FerryAccount *self,
                                                  const char   *scope);
GListModel   *ferry_account_list_region_projects (FerryAccount *self,
                                                  const char   *region_id);

G_END_DECLS
