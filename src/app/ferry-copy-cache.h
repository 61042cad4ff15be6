/* ferry-copy-cache.h: what the copy dialog learned, kept for the session
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-client.h"
#include "ferry-rules.h"

G_BEGIN_DECLS

#define FERRY_TYPE_COPY_CACHE (ferry_copy_cache_get_type ())

G_DECLARE_FINAL_TYPE (FerryCopyCache, ferry_copy_cache, FERRY, COPY_CACHE, GObject)

/* One cache per session: it hangs on the session's FerryClient (object
 * data), so it lives exactly as long as the connection and a second copy
 * dialog opens without asking the service again. Refresh buttons forget
 * what they reload. Only successful answers are kept. */
FerryCopyCache *ferry_copy_cache_get            (FerryClient    *client);

/* Whether the region names were read from IAM (and merged into the
 * client's catalogue) in this session. */
gboolean        ferry_copy_cache_get_regions_loaded (FerryCopyCache *self);
void            ferry_copy_cache_set_regions_loaded (FerryCopyCache *self);

/* FerryAgency items, or NULL when not known. */
GListModel     *ferry_copy_cache_get_agencies   (FerryCopyCache *self);
void            ferry_copy_cache_set_agencies   (FerryCopyCache *self,
                                                 GListModel     *agencies);

/* FerryVault items of a project of a region, or NULL when not known. */
GListModel     *ferry_copy_cache_get_vaults     (FerryCopyCache *self,
                                                 const char     *region,
                                                 const char     *project_id);
void            ferry_copy_cache_set_vaults     (FerryCopyCache *self,
                                                 const char     *region,
                                                 const char     *project_id,
                                                 GListModel     *vaults);

/* IMS Administrator of an agency on a scope, as
 * ferry_iam_check_ims_grants_async() takes it: a region id for the
 * region's default project, or a project name (a sub-project such as
 * "cn-north-4_dev", which the region's grant does not reach).
 * FERRY_GRANT_UNKNOWN when not checked yet. */
FerryGrant      ferry_copy_cache_get_grant      (FerryCopyCache *self,
                                                 const char     *agency_id,
                                                 const char     *scope);
void            ferry_copy_cache_set_grant      (FerryCopyCache *self,
                                                 const char     *agency_id,
                                                 const char     *scope,
                                                 FerryGrant      grant);
/* Forgets every grant of every agency (a refresh). */
void            ferry_copy_cache_forget_grants  (FerryCopyCache *self);

/* For whoever changed agencies outside a copy dialog (the agency page of
 * the main menu): forgets the agency list and every grant of @client's
 * cache, if it has one, so the next copy dialog asks the service again. A
 * dialog open at the time keeps what it shows until its refresh button. */
void            ferry_copy_cache_forget_agencies (FerryClient   *client);

G_END_DECLS
