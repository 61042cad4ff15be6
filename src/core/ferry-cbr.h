/* ferry-cbr.h: Cloud Backup and Recovery calls (vaults for whole images)
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-client.h"
#include "ferry-vault.h"

G_BEGIN_DECLS

/* Every replication vault of object type server (FerryVault) in @region,
 * all pages. */
void        ferry_cbr_list_vaults_async   (FerryClient          *client,
                                           const char           *region,
                                           const char           *project_id,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GListModel *ferry_cbr_list_vaults_finish  (FerryClient          *client,
                                           GAsyncResult         *result,
                                           GError              **error);

/* The vault @vault_id of @project_id in @region, whatever its kind
 * (ShowVault, documented: support.huaweicloud.com/api-cbr/ShowVault.html):
 * the rules then judge whether it can take a copy. An id unknown there
 * fails with FERRY_API_ERROR_NOT_FOUND. */
void        ferry_cbr_get_vault_async     (FerryClient          *client,
                                           const char           *region,
                                           const char           *project_id,
                                           const char           *vault_id,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
FerryVault *ferry_cbr_get_vault_finish    (FerryClient          *client,
                                           GAsyncResult         *result,
                                           GError              **error);

/* A replication vault for server backups, pay-per-use. It costs money. */
void        ferry_cbr_create_vault_async  (FerryClient          *client,
                                           const char           *region,
                                           const char           *project_id,
                                           const char           *name,
                                           guint                 size_gb,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
FerryVault *ferry_cbr_create_vault_finish (FerryClient          *client,
                                           GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
