/* ferry-copy-dialog.h: the "Copy image" dialog
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-account.h"
#include "ferry-client.h"
#include "ferry-copy-queue.h"

G_BEGIN_DECLS

#define FERRY_TYPE_COPY_DIALOG (ferry_copy_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FerryCopyDialog, ferry_copy_dialog, FERRY, COPY_DIALOG, AdwWindow)

/* Actions (installed on the class): copy.submit, copy.reload-regions,
 * copy.refresh-vaults, copy.new-vault, copy.refresh-agencies,
 * copy.check-agency, copy.create-agency, copy.repair-agency.
 *
 * Signals: "create-agency-requested" and "repair-agency-requested" (no
 * arguments; without a handler the dialog says how to do it in the
 * console), "submitted" (guint n_tasks) once the tasks are in the queue. */

/* @images: FerryImage of @source_region (one or more). */
FerryCopyDialog *ferry_copy_dialog_new                    (GtkWindow       *parent,
                                                           FerryClient     *client,
                                                           FerryAccount    *account,
                                                           FerryCopyQueue  *queue,
                                                           const char      *source_region,
                                                           GPtrArray       *images);
const char      *ferry_copy_dialog_get_source_region      (FerryCopyDialog *self);
/* The chosen destinations as scopes of permissions, the way
 * ferry_iam_check_ims_grants_async() and the agency page take them
 * (NULL-terminated, caller frees; empty for an in-region copy): for one
 * destination region, the chosen project's — the region id for its
 * default project, the project's name for a sub-project such as
 * "cn-north-4_dev"; for several, each region's id (each region's default
 * project). The name says regions for the callers that came first. */
char           **ferry_copy_dialog_dup_destination_regions (FerryCopyDialog *self);
/* The chosen agency's name, or NULL. */
const char      *ferry_copy_dialog_get_agency_name        (FerryCopyDialog *self);
/* Reloads the agencies (bypassing the cache), selects @agency_name and
 * checks its grants again. */
void             ferry_copy_dialog_select_agency          (FerryCopyDialog *self,
                                                           const char      *agency_name);

G_END_DECLS
