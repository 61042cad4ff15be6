/* ferry-agency-window.h: the IMS agency page: create, check, repair
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-account.h"
#include "ferry-agency-setup.h"
#include "ferry-client.h"

G_BEGIN_DECLS

#define FERRY_TYPE_AGENCY_WINDOW (ferry_agency_window_get_type ())

G_DECLARE_FINAL_TYPE (FerryAgencyWindow, ferry_agency_window, FERRY, AGENCY_WINDOW, AdwWindow)

/* Pages: "list" (the account's agencies, opened with no regions), "form"
 * (a new agency), "progress" (the steps of a create or a repair) and
 * "check" (one agency, granted or missing per region).
 *
 * Actions: agency.new (the form), agency.back (the list), agency.create,
 * agency.retry (resume the steps not done), agency.done,
 * agency.grant-missing (asks first, then grants exactly what is missing),
 * agency.check (string: an agency name), agency.reload (load the agencies
 * again after a failure; the form loads them each time it is shown).
 *
 * @regions are scopes: a region id for its default project, or a project's
 * name for a sub-project ("cn-north-4_dev"), shown and granted as such.
 * While a create's outcome is unknown the page offers only Retry.
 *
 * Signal "agency-ready" (const char *agency_name): the agency exists and
 * holds IMS Administrator in every region chosen, after a create, a retry or
 * a repair. Opened with regions (from the copy dialog) the window then
 * closes itself. */

/* Create mode: the form, with @regions (NULL-terminated; may be NULL)
 * preselected and required. Without regions it opens on the list. */
FerryAgencyWindow *ferry_agency_window_new            (GtkWindow          *parent,
                                                       FerryClient        *client,
                                                       FerryAccount       *account,
                                                       const char * const *regions);
/* Check/repair mode for an existing agency over @regions. */
FerryAgencyWindow *ferry_agency_window_new_for_agency (GtkWindow          *parent,
                                                       FerryClient        *client,
                                                       FerryAccount       *account,
                                                       const char         *agency_name,
                                                       const char * const *regions);

G_END_DECLS
