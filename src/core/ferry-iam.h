/* ferry-iam.h: Identity and Access Management calls
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-account.h"
#include "ferry-agency.h"
#include "ferry-client.h"
#include "ferry-role.h"
#include "ferry-rules.h"

G_BEGIN_DECLS

#define FERRY_IMS_ADMINISTRATOR    "IMS Administrator"
/* Holds every IMS permission too: it also does for a copy. */
#define FERRY_TENANT_ADMINISTRATOR "Tenant Administrator"

/* Domain, projects and region names at once (three requests in parallel).
 * Sets the client's domain id and merges the region names into its
 * catalogue. */
void          ferry_iam_discover_account_async  (FerryClient          *client,
                                                 const char           *region,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
FerryAccount *ferry_iam_discover_account_finish (FerryClient          *client,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* FerryProject; @name filters when not NULL. */
void          ferry_iam_list_projects_async     (FerryClient          *client,
                                                 const char           *region,
                                                 const char           *name,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GListModel   *ferry_iam_list_projects_finish    (FerryClient          *client,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* FerryRegion, with the names the service gives in Chinese and English. */
void          ferry_iam_list_regions_async      (FerryClient          *client,
                                                 const char           *region,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GListModel   *ferry_iam_list_regions_finish     (FerryClient          *client,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* FerryAgency of the account (its domain id must be known); @name filters
 * when not NULL. */
void          ferry_iam_list_agencies_async     (FerryClient          *client,
                                                 const char           *region,
                                                 const char           *name,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GListModel   *ferry_iam_list_agencies_finish    (FerryClient          *client,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* An agency trusted by IMS; @duration is "FOREVER" or "ONEDAY". */
void          ferry_iam_create_agency_async     (FerryClient          *client,
                                                 const char           *region,
                                                 const char           *name,
                                                 const char           *duration,
                                                 const char           *description,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
FerryAgency  *ferry_iam_create_agency_finish    (FerryClient          *client,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* FerryRole whose display name is @display_name. */
void          ferry_iam_find_roles_async        (FerryClient          *client,
                                                 const char           *region,
                                                 const char           *display_name,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GListModel   *ferry_iam_find_roles_finish       (FerryClient          *client,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Grants a role to an agency on one project. */
void          ferry_iam_grant_role_async        (FerryClient          *client,
                                                 const char           *region,
                                                 const char           *project_id,
                                                 const char           *agency_id,
                                                 const char           *role_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean      ferry_iam_grant_role_finish       (FerryClient          *client,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Whether the agency holds the role on the project (*granted), or FALSE
 * with an error when that could not be learned. */
void          ferry_iam_check_role_async        (FerryClient          *client,
                                                 const char           *region,
                                                 const char           *project_id,
                                                 const char           *agency_id,
                                                 const char           *role_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean      ferry_iam_check_role_finish       (FerryClient          *client,
                                                 GAsyncResult         *result,
                                                 gboolean             *granted,
                                                 GError              **error);

/* FerryRole granted to the agency on the project. */
void          ferry_iam_list_agency_roles_async (FerryClient          *client,
                                                 const char           *region,
                                                 const char           *project_id,
                                                 const char           *agency_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GListModel   *ferry_iam_list_agency_roles_finish (FerryClient         *client,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* What a copy needs of its agency, one FerryGrant per entry of @scopes
 * (in that order): whether the agency holds IMS Administrator (or Tenant
 * Administrator) on the project that the entry names: a region id for the
 * region's default project, or a project name (a sub-project), as
 * ferry_account_lookup_project() resolves it. The service checks the
 * copy's own projects, so a copy to a sub-project needs the grant there.
 * An entry the account has no project for is MISSING. One request per
 * entry, all at once; the first error fails the whole check. Free the
 * array with g_free(). */
void          ferry_iam_check_ims_grants_async  (FerryClient          *client,
                                                 FerryAccount         *account,
                                                 const char           *agency_id,
                                                 const char * const   *scopes,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
FerryGrant   *ferry_iam_check_ims_grants_finish (FerryClient          *client,
                                                 GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
