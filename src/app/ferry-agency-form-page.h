/* ferry-agency-form-page.h: the agency window's form for a new agency
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-account.h"
#include "ferry-client.h"

G_BEGIN_DECLS

#define FERRY_TYPE_AGENCY_FORM_PAGE (ferry_agency_form_page_get_type ())

G_DECLARE_FINAL_TYPE (FerryAgencyFormPage, ferry_agency_form_page, FERRY, AGENCY_FORM_PAGE,
                      AdwPreferencesPage)

/* The name, the validity period, the description and the regions of a new
 * agency, and why it cannot be created yet, in words beside the fields.
 * Its error box's Retry is the window's agency.reload.
 *
 * Signal "changed": a field, or what the form is checked against, changed
 * (ferry_agency_form_page_dup_problem() may answer otherwise). */

/* Once, before it is shown: the regions of @account, @required
 * (NULL-terminated; may be NULL) ticked and locked, and a proposed name. */
void   ferry_agency_form_page_set_context    (FerryAgencyFormPage *self,
                                              FerryClient         *client,
                                              FerryAccount        *account,
                                              const char * const  *required);
/* The account's agencies (FerryAgency), once loaded: a name is checked
 * against them, and a name Ferry proposed moves on to a free one. */
void   ferry_agency_form_page_set_agencies   (FerryAgencyFormPage *self,
                                              GListModel          *agencies);
/* Why the agencies could not be loaded, or NULL. */
void   ferry_agency_form_page_set_load_error (FerryAgencyFormPage *self,
                                              const char          *message);
/* Whether the window has a way back to the list, which the error for a
 * name that is taken then points to. */
void   ferry_agency_form_page_set_way_back   (FerryAgencyFormPage *self,
                                              gboolean             way_back);
/* Sets the name as if the user had typed it. */
void   ferry_agency_form_page_set_name       (FerryAgencyFormPage *self,
                                              const char          *name);
void   ferry_agency_form_page_focus_name     (FerryAgencyFormPage *self);

/* Why the form cannot be sent, or NULL; *shown says whether the page shows
 * it in an error box (an empty choice of regions is plain to see). */
char  *ferry_agency_form_page_dup_problem    (FerryAgencyFormPage *self,
                                              gboolean            *shown);
const char *ferry_agency_form_page_get_name        (FerryAgencyFormPage *self);
const char *ferry_agency_form_page_get_description (FerryAgencyFormPage *self);
/* FERRY_AGENCY_DURATION_*. */
const char *ferry_agency_form_page_get_duration    (FerryAgencyFormPage *self);
/* The scopes ticked. */
GStrv       ferry_agency_form_page_dup_regions     (FerryAgencyFormPage *self);

G_END_DECLS
