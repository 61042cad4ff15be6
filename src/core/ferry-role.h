/* ferry-role.h: one IAM role (a permission such as IMS Administrator)
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define FERRY_TYPE_ROLE (ferry_role_get_type ())

G_DECLARE_FINAL_TYPE (FerryRole, ferry_role, FERRY, ROLE, GObject)

/* Reads one element of the `roles` array of GET /v3/roles or of an
 * agency's roles on a project. Empty strings are read as absent (NULL).
 * Fails with FERRY_API_ERROR_INVALID_RESPONSE when `id` is missing or
 * empty, or a member has an impossible type. */
FerryRole  *ferry_role_new_from_json     (JsonObject  *object,
                                          GError     **error);

/* A JSON object for `ferryctl --json` (absent strings are left out):
 *   "id", "name", "display_name", "type", "catalog", "description": strings */
JsonNode   *ferry_role_serialize         (FerryRole   *self);

const char *ferry_role_get_id            (FerryRole   *self);
/* The internal name, e.g. "ims_adm". */
const char *ferry_role_get_name          (FerryRole   *self);
/* The name the console shows, e.g. "IMS Administrator". */
const char *ferry_role_get_display_name  (FerryRole   *self);
const char *ferry_role_get_role_type     (FerryRole   *self);
const char *ferry_role_get_catalog       (FerryRole   *self);
const char *ferry_role_get_description   (FerryRole   *self);

G_END_DECLS
