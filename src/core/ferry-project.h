/* ferry-project.h: one IAM project
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define FERRY_TYPE_PROJECT (ferry_project_get_type ())

G_DECLARE_FINAL_TYPE (FerryProject, ferry_project, FERRY, PROJECT, GObject)

/* Reads one element of the `projects` array of GET /v3/auth/projects or
 * GET /v3/projects. Empty strings are read as absent (NULL); `enabled` is
 * TRUE when left out. Fails with FERRY_API_ERROR_INVALID_RESPONSE when `id`
 * is missing or empty, or a member has an impossible type. */
FerryProject *ferry_project_new_from_json   (JsonObject    *object,
                                             GError       **error);

/* A JSON object for `ferryctl --json` (absent strings are left out):
 *   "id", "name", "domain_id", "parent_id", "description": strings
 *   "enabled": boolean
 *   "region_id": string, left out when the project belongs to no region
 *   "default": boolean, whether it is its region's default project */
JsonNode     *ferry_project_serialize       (FerryProject  *self);

const char   *ferry_project_get_id          (FerryProject  *self);
const char   *ferry_project_get_name        (FerryProject  *self);
const char   *ferry_project_get_domain_id   (FerryProject  *self);
const char   *ferry_project_get_parent_id   (FerryProject  *self);
gboolean      ferry_project_get_enabled     (FerryProject  *self);
const char   *ferry_project_get_description (FerryProject  *self);
/* The region the project belongs to, read from its name: a region's
 * default project is named after it ("cn-north-4"), its sub-projects
 * "cn-north-4_xxx" (the part before the first '_'). That part must look
 * like a region id (lower-case letters, digits and dashes, at least one
 * dash, no dash at either end), else NULL: "MOS" belongs to no region. */
const char   *ferry_project_get_region_id   (FerryProject  *self);
/* Whether the name is the region id itself. */
gboolean      ferry_project_is_default      (FerryProject  *self);

G_END_DECLS
