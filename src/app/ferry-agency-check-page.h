/* ferry-agency-check-page.h: the agency window's check of one agency
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-account.h"
#include "ferry-client.h"
#include "ferry-iam.h"
#include "ferry-rules.h"

G_BEGIN_DECLS

#define FERRY_TYPE_AGENCY_CHECK_PAGE (ferry_agency_check_page_get_type ())

G_DECLARE_FINAL_TYPE (FerryAgencyCheckPage, ferry_agency_check_page, FERRY, AGENCY_CHECK_PAGE,
                      AdwPreferencesPage)

/* Whether an agency is delegated to IMS, and whether it holds IMS
 * Administrator in each region where the account has a project, granted
 * or missing, with a tick for the regions it should cover. Its buttons
 * are the window's agency.grant-missing, agency.reload, agency.new and
 * agency.back.
 *
 * Signal "changed": the check started or ended, or a region was ticked. */

/* Once, before it is shown: the regions of @account, @required
 * (NULL-terminated; may be NULL) ticked and locked; the checks end when
 * @cancellable is cancelled. */
void         ferry_agency_check_page_set_context  (FerryAgencyCheckPage *self,
                                                   FerryClient          *client,
                                                   FerryAccount         *account,
                                                   const char * const   *required,
                                                   GCancellable         *cancellable);
/* Shows @agency, and checks its grants when it is delegated to IMS. */
void         ferry_agency_check_page_open         (FerryAgencyCheckPage *self,
                                                   FerryAgency          *agency);
/* There is no agency to check: the list did not load (@not_found FALSE:
 * Retry), or the agency asked for does not exist (Create It, All
 * Agencies). */
void         ferry_agency_check_page_show_problem (FerryAgencyCheckPage *self,
                                                   const char           *title,
                                                   const char           *subtitle,
                                                   gboolean              not_found);
/* The agency shown, or NULL. */
FerryAgency *ferry_agency_check_page_get_agency   (FerryAgencyCheckPage *self);
gboolean     ferry_agency_check_page_get_checking (FerryAgencyCheckPage *self);
/* What the last check found for @region (FERRY_GRANT_UNKNOWN before). */
FerryGrant   ferry_agency_check_page_get_grant    (FerryAgencyCheckPage *self,
                                                   const char           *region);
/* The scopes ticked where the grant is missing: what Grant Missing
 * Permissions grants. */
GStrv        ferry_agency_check_page_dup_missing  (FerryAgencyCheckPage *self);

G_END_DECLS
