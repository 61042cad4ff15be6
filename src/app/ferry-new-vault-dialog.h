/* ferry-new-vault-dialog.h: the copy dialog's question for a new CBR vault
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-cbr.h"
#include "ferry-client.h"
#include "ferry-region.h"

G_BEGIN_DECLS

#define FERRY_TYPE_NEW_VAULT_DIALOG (ferry_new_vault_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FerryNewVaultDialog, ferry_new_vault_dialog, FERRY, NEW_VAULT_DIALOG,
                      AdwMessageDialog)

/* A name and a size for a replication vault for server backups in
 * @region, @project_id; the size is at least 10 GB and
 * @largest_image_size (bytes). Its responses are "cancel" and "create";
 * "create" is enabled while the name suits CBR. */
FerryNewVaultDialog *ferry_new_vault_dialog_new               (GtkWindow            *parent,
                                                               FerryClient          *client,
                                                               FerryRegion          *region,
                                                               const char           *project_id,
                                                               guint64               largest_image_size);
/* Where the vault is made: the copy dialog's destination may change
 * while it is. */
const char          *ferry_new_vault_dialog_get_region_id     (FerryNewVaultDialog  *self);
const char          *ferry_new_vault_dialog_get_project_id    (FerryNewVaultDialog  *self);
/* Makes the vault with the name and size given, after "create"; the
 * request outlives the dialog's window. */
void                 ferry_new_vault_dialog_create_async      (FerryNewVaultDialog  *self,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
FerryVault          *ferry_new_vault_dialog_create_finish     (FerryNewVaultDialog  *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

G_END_DECLS
