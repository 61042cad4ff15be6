/* ferry-agency-setup.h: the steps that make an agency fit for copies
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-account.h"
#include "ferry-agency.h"
#include "ferry-client.h"

G_BEGIN_DECLS

/* The console's appendix ("create an IMS agency") as steps, each with its
 * state and error, so that the agency page and ferryctl show the same
 * thing:
 *
 *   CREATE     create the agency (trusted by IMS, op_svc_ims), unless the
 *              setup was made for an existing agency
 *   FIND_ROLE  find the IMS Administrator role by its display name
 *   GRANT      grant it on the project of one scope (one step per scope,
 *              in the order given): a region id names the region's
 *              default project, anything else a project by name (a
 *              sub-project such as "cn-north-4_dev"), as
 *              ferry_account_lookup_project() resolves it
 *   VERIFY     check, with ferry_iam_check_ims_grants_async(), that the
 *              agency now holds it on every scope's project
 *
 * A run goes through the steps that are not DONE, in order. A failed grant
 * does not stop the other grants; the run then fails with the first error,
 * and running again resumes: steps already DONE are never sent again, so an
 * agency is created at most once. When how a create ended is not known
 * (no answer, a 5xx that a gateway may have sent after IAM got the
 * request, or a cancellation once it was sent), the next run looks the
 * agency up by name first and takes it over if it trusts IMS: it is the
 * one that create made; and a resent create that finds the name taken
 * (409) does the same. */

typedef enum
{
  FERRY_AGENCY_STEP_CREATE,
  FERRY_AGENCY_STEP_FIND_ROLE,
  FERRY_AGENCY_STEP_GRANT,
  FERRY_AGENCY_STEP_VERIFY,
} FerryAgencyStepKind;

typedef enum
{
  FERRY_AGENCY_STEP_PENDING,
  FERRY_AGENCY_STEP_RUNNING,
  FERRY_AGENCY_STEP_DONE,
  FERRY_AGENCY_STEP_FAILED,
} FerryAgencyStepState;

#define FERRY_AGENCY_DURATION_FOREVER "FOREVER"
#define FERRY_AGENCY_DURATION_ONE_DAY "ONEDAY"
#define FERRY_AGENCY_NAME_MAX         64
#define FERRY_AGENCY_DESCRIPTION_MAX  255

#define FERRY_TYPE_AGENCY_SETUP (ferry_agency_setup_get_type ())

G_DECLARE_FINAL_TYPE (FerryAgencySetup, ferry_agency_setup, FERRY, AGENCY_SETUP, GObject)

/* Creates the agency @name, then grants IMS Administrator on the project
 * of each of @regions (scopes: region ids or project names).
 * @duration is FERRY_AGENCY_DURATION_*; @description may be NULL. */
FerryAgencySetup     *ferry_agency_setup_new              (FerryClient         *client,
                                                           FerryAccount        *account,
                                                           const char          *name,
                                                           const char          *duration,
                                                           const char          *description,
                                                           const char * const  *regions);
/* Grants IMS Administrator to an existing @agency on the project of each
 * of @regions (scopes, as above; no CREATE step). */
FerryAgencySetup     *ferry_agency_setup_new_for_agency   (FerryClient         *client,
                                                           FerryAccount        *account,
                                                           FerryAgency         *agency,
                                                           const char * const  *regions);

/* Whether @name is a valid agency name: 1 to 64 ASCII letters, digits,
 * hyphens, underscores or periods. */
gboolean              ferry_agency_setup_is_valid_name    (const char          *name);

const char           *ferry_agency_setup_get_name         (FerryAgencySetup    *self);
/* The agency once it exists (created or given), or NULL. */
FerryAgency          *ferry_agency_setup_get_agency       (FerryAgencySetup    *self);
gboolean              ferry_agency_setup_get_running      (FerryAgencySetup    *self);
/* Every step is DONE. */
gboolean              ferry_agency_setup_get_complete     (FerryAgencySetup    *self);
/* A create was sent and how it ended is not known, so the agency may
 * exist: never say it was not created, and do not start a new setup for
 * the name; running again looks it up first. */
gboolean              ferry_agency_setup_get_create_unknown (FerryAgencySetup  *self);

guint                 ferry_agency_setup_get_n_steps      (FerryAgencySetup    *self);
FerryAgencyStepKind   ferry_agency_setup_get_step_kind    (FerryAgencySetup    *self,
                                                           guint                index);
/* The scope (region id or project name) of a GRANT step, else NULL. */
const char           *ferry_agency_setup_get_step_region  (FerryAgencySetup    *self,
                                                           guint                index);
FerryAgencyStepState  ferry_agency_setup_get_step_state   (FerryAgencySetup    *self,
                                                           guint                index);
/* Why a FAILED step failed (a FERRY_API_ERROR), else NULL. */
const GError         *ferry_agency_setup_get_step_error   (FerryAgencySetup    *self,
                                                           guint                index);
/* The step in the user's language: "Create the agency “x”", "Grant IMS
 * Administrator in CN North-Beijing4 (project cn-north-4)"... */
char                 *ferry_agency_setup_dup_step_title   (FerryAgencySetup    *self,
                                                           guint                index);

/* Runs the steps that are not DONE. The "step-changed" signal (guint
 * index) tells each change of state as it happens. Fails with the first
 * step's error; then ferry_agency_setup_run_async() again resumes. */
void                  ferry_agency_setup_run_async        (FerryAgencySetup    *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean              ferry_agency_setup_run_finish       (FerryAgencySetup    *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

G_END_DECLS
