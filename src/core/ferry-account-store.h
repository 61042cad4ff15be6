/* ferry-account-store.h: the user's Huawei Cloud accounts, keys in the keyring
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "ferry-credentials.h"

G_BEGIN_DECLS

/* The keyring schema of an account's keys: one item per account, found by
 * its "account" attribute (the account id). */
#define FERRY_ACCOUNT_SECRET_SCHEMA_NAME "io.github.imageferry.Ferry.Account"

#define FERRY_TYPE_ACCOUNT_STORE (ferry_account_store_get_type ())

G_DECLARE_FINAL_TYPE (FerryAccountStore, ferry_account_store, FERRY, ACCOUNT_STORE, GObject)

/* Several accounts, one of them active. The `accounts` and
 * `active-account` keys of @settings (schema io.github.imageferry.Ferry)
 * hold what is not secret: id, name, home region, endpoint template. The
 * access key, secret key and security token are only in the keyring,
 * through libsecret.
 *
 * Signals: "changed" when an account is added or removed; notify::active-id
 * when the active account changes (here or in another process). */
FerryAccountStore  *ferry_account_store_new                     (GSettings            *settings);
const SecretSchema *ferry_account_store_get_secret_schema       (void);

/* Ids in the order they were added; free with g_strfreev(). */
char              **ferry_account_store_dup_ids                 (FerryAccountStore    *self);
gboolean            ferry_account_store_contains                (FerryAccountStore    *self,
                                                                 const char           *id);
char               *ferry_account_store_dup_name                (FerryAccountStore    *self,
                                                                 const char           *id);
char               *ferry_account_store_dup_region              (FerryAccountStore    *self,
                                                                 const char           *id);
/* NULL when the account uses the default endpoints. */
char               *ferry_account_store_dup_endpoint            (FerryAccountStore    *self,
                                                                 const char           *id);

/* NULL when there is no active account (or it names one that is gone). */
char               *ferry_account_store_dup_active_id           (FerryAccountStore    *self);
/* @id must be one of the store's, or NULL for none. */
void                ferry_account_store_set_active_id           (FerryAccountStore    *self,
                                                                 const char           *id);

/* Stores the keys in the keyring first, then the rest in GSettings, so a
 * failure leaves nothing behind. Returns the new id. @endpoint may be NULL. */
void                ferry_account_store_add_async               (FerryAccountStore    *self,
                                                                 const char           *name,
                                                                 const char           *region,
                                                                 const char           *endpoint,
                                                                 FerryCredentials     *credentials,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
char               *ferry_account_store_add_finish              (FerryAccountStore    *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);

/* The account's keys from the keyring; G_IO_ERROR_NOT_FOUND when they are
 * not there. */
void                ferry_account_store_lookup_credentials_async  (FerryAccountStore  *self,
                                                                   const char         *id,
                                                                   GCancellable       *cancellable,
                                                                   GAsyncReadyCallback callback,
                                                                   gpointer            user_data);
FerryCredentials   *ferry_account_store_lookup_credentials_finish (FerryAccountStore  *self,
                                                                   GAsyncResult       *result,
                                                                   GError            **error);

/* Clears the keys from the keyring, then forgets the account; when it was
 * active, the first remaining account (if any) becomes active. */
void                ferry_account_store_remove_async            (FerryAccountStore    *self,
                                                                 const char           *id,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean            ferry_account_store_remove_finish           (FerryAccountStore    *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);

G_END_DECLS
