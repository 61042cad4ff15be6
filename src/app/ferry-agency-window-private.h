/* ferry-agency-window-private.h: what the tests read of the agency window
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-agency-window.h"
#include "ferry-rules.h"

G_BEGIN_DECLS

/* The visible page: "list", "form", "progress" or "check". */
const char        *ferry_agency_window_get_page       (FerryAgencyWindow  *self);
/* Loading, checking or running steps (the "busy" property). */
gboolean           ferry_agency_window_get_busy       (FerryAgencyWindow  *self);
/* The steps of the last create or repair, or NULL. */
FerryAgencySetup  *ferry_agency_window_get_setup      (FerryAgencyWindow  *self);
/* What the last check found for @region (FERRY_GRANT_UNKNOWN before). */
FerryGrant         ferry_agency_window_get_grant      (FerryAgencyWindow  *self,
                                                       const char         *region);
/* The FerryAgencyCheckPage, whose template children the tests read. */
GtkWidget         *ferry_agency_window_get_check_page (FerryAgencyWindow  *self);

G_END_DECLS
