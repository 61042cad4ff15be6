/* ferry-copy-agency-section.h: the copy dialog's agency and its grants
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-copy-section.h"
#include "ferry-iam.h"

G_BEGIN_DECLS

#define FERRY_TYPE_COPY_AGENCY_SECTION (ferry_copy_agency_section_get_type ())

G_DECLARE_FINAL_TYPE (FerryCopyAgencySection, ferry_copy_agency_section, FERRY,
                      COPY_AGENCY_SECTION, AdwPreferencesGroup)

/* A FerryCopySection: the account's agencies (from the session's cache
 * or IAM) and, for the chosen one, IMS Administrator on the source and on
 * every destination. Its buttons are the dialog's copy.refresh-agencies,
 * copy.check-agency, copy.create-agency and copy.repair-agency. */

/* The chosen agency, when it may be chosen. */
FerryAgency *ferry_copy_agency_section_get_agency  (FerryCopyAgencySection *self);
/* Loads the agencies again (@refresh: and forgets their grants). */
void         ferry_copy_agency_section_load        (FerryCopyAgencySection *self,
                                                    gboolean                refresh);
/* Reloads the agencies and their grants, and selects @agency_name. */
void         ferry_copy_agency_section_select      (FerryCopyAgencySection *self,
                                                    const char             *agency_name);
/* Checks the chosen agency's grants that are not known yet. */
void         ferry_copy_agency_section_check       (FerryCopyAgencySection *self);
/* A note under the agency (how to do in the console what the dialog
 * cannot), or NULL to hide it. */
void         ferry_copy_agency_section_set_message (FerryCopyAgencySection *self,
                                                    const char             *text);
/* Why the agency cannot copy to the @destination-th destination when it
 * is a sub-project (the rules name the region only), or NULL. */
char        *ferry_copy_agency_section_dup_sub_project_reason (FerryCopyAgencySection *self,
                                                               guint                   destination);

G_END_DECLS
