/* ferry-vault.h: one CBR vault
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define FERRY_TYPE_VAULT (ferry_vault_get_type ())

G_DECLARE_FINAL_TYPE (FerryVault, ferry_vault, FERRY, VAULT, GObject)

/* Reads one element of the `vaults` array of GET /v3/{project_id}/vaults,
 * or the `vault` object of its POST; most facts are in its `billing`
 * object, which may be missing. Numbers may come as strings; empty strings
 * are read as absent (NULL). Fails with FERRY_API_ERROR_INVALID_RESPONSE
 * when `id` is missing or empty, `billing` is not an object, or a member
 * has an impossible type or value (a negative or non-finite number...).
 *
 * Units, as the CBR API reference gives them: `size` and `allocated` in
 * GB, `used` in MB. */
FerryVault *ferry_vault_new_from_json                (JsonObject  *object,
                                                      GError     **error);

/* A JSON object for `ferryctl --json` (absent strings are left out):
 *   "id", "name", "project_id": strings
 *   "protect_type", "object_type", "status", "spec_code", "charging_mode": strings
 *   "size_gb": integer; "allocated_gb", "used_mb", "free_gb": numbers
 *   "available", "replication_server": booleans */
JsonNode   *ferry_vault_serialize                    (FerryVault  *self);

const char *ferry_vault_get_id                       (FerryVault  *self);
const char *ferry_vault_get_name                     (FerryVault  *self);
const char *ferry_vault_get_project_id               (FerryVault  *self);
/* backup, replication or hybrid. */
const char *ferry_vault_get_protect_type             (FerryVault  *self);
/* server, disk, turbo... */
const char *ferry_vault_get_object_type              (FerryVault  *self);
/* The capacity, in GB. */
guint       ferry_vault_get_size                     (FerryVault  *self);
/* In GB: the size of the servers bound to the vault. */
double      ferry_vault_get_allocated                (FerryVault  *self);
/* In MB, as CBR sends it: what the backups in the vault take. */
double      ferry_vault_get_used                     (FerryVault  *self);
/* The same in GB, for display next to the size. */
double      ferry_vault_get_used_gb                  (FerryVault  *self);
/* available, lock, frozen, deleting or error. */
const char *ferry_vault_get_status                   (FerryVault  *self);
const char *ferry_vault_get_spec_code                (FerryVault  *self);
/* post_paid or pre_paid. */
const char *ferry_vault_get_charging_mode            (FerryVault  *self);

/* Whether a whole-image copy can name this vault: protect type
 * "replication" and object type "server". */
gboolean    ferry_vault_is_replication_server_vault  (FerryVault  *self);
/* Whether the status is "available". */
gboolean    ferry_vault_is_available                 (FerryVault  *self);
/* The capacity not taken by backups, in GB, never below 0. */
double      ferry_vault_get_free_gb                  (FerryVault  *self);

G_END_DECLS
