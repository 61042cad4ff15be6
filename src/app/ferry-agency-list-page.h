/* ferry-agency-list-page.h: the agency window's list of the account's
 * agencies
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FERRY_TYPE_AGENCY_LIST_PAGE (ferry_agency_list_page_get_type ())

G_DECLARE_FINAL_TYPE (FerryAgencyListPage, ferry_agency_list_page, FERRY, AGENCY_LIST_PAGE,
                      AdwPreferencesPage)

/* Its rows activate the window's agency.check (with the agency's name),
 * agency.new and agency.reload. */

/* One row per FerryAgency of @agencies (or one saying there is none). */
void ferry_agency_list_page_set_agencies (FerryAgencyListPage *self,
                                          GListModel          *agencies);
/* The list could not be loaded: why (@message), and a way to try again. */
void ferry_agency_list_page_set_error    (FerryAgencyListPage *self,
                                          const char          *message);

G_END_DECLS
