/* ferry-agency-progress-page.h: the agency window's steps of a create or
 * a repair
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-agency-setup.h"

G_BEGIN_DECLS

#define FERRY_TYPE_AGENCY_PROGRESS_PAGE (ferry_agency_progress_page_get_type ())

G_DECLARE_FINAL_TYPE (FerryAgencyProgressPage, ferry_agency_progress_page, FERRY,
                      AGENCY_PROGRESS_PAGE, AdwPreferencesPage)

/* One row per step of a FerryAgencySetup, each with its state in words,
 * what came of the run, and the window's agency.retry and agency.done.
 * The window runs the setup; the page follows its steps. */

/* Shows the steps of @setup under @heading, none of them done yet. */
void ferry_agency_progress_page_set_setup      (FerryAgencyProgressPage *self,
                                                FerryAgencySetup        *setup,
                                                const char              *heading);
/* The setup runs again (a retry): nothing said of the last run. */
void ferry_agency_progress_page_clear_outcome  (FerryAgencyProgressPage *self);
/* What came of the run: @error NULL when it went through. */
void ferry_agency_progress_page_show_outcome   (FerryAgencyProgressPage *self,
                                                const GError            *error);
void ferry_agency_progress_page_focus_done     (FerryAgencyProgressPage *self);

G_END_DECLS
