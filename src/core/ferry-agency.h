/* ferry-agency.h: one IAM agency
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The account behind the console's "cloud service → IMS" agency type. */
#define FERRY_AGENCY_IMS_TRUST_DOMAIN "op_svc_ims"

#define FERRY_TYPE_AGENCY (ferry_agency_get_type ())

G_DECLARE_FINAL_TYPE (FerryAgency, ferry_agency, FERRY, AGENCY, GObject)

/* Reads one element of the `agencies` array of
 * GET /v3.0/OS-AGENCY/agencies, or the `agency` object of its POST. Empty
 * strings are read as absent (NULL). Fails with
 * FERRY_API_ERROR_INVALID_RESPONSE when `id` is missing or empty, or a
 * member has an impossible type. */
FerryAgency *ferry_agency_new_from_json          (JsonObject   *object,
                                                  GError      **error);

/* A JSON object for `ferryctl --json` (absent strings are left out):
 *   "id", "name", "domain_id", "trust_domain_id", "trust_domain_name",
 *   "duration", "description", "create_time", "expire_time": strings
 *   "trusts_ims": boolean */
JsonNode    *ferry_agency_serialize              (FerryAgency  *self);

const char  *ferry_agency_get_id                 (FerryAgency  *self);
const char  *ferry_agency_get_name               (FerryAgency  *self);
const char  *ferry_agency_get_domain_id          (FerryAgency  *self);
const char  *ferry_agency_get_trust_domain_id    (FerryAgency  *self);
const char  *ferry_agency_get_trust_domain_name  (FerryAgency  *self);
/* "FOREVER" or "ONEDAY" as IAM sends it. */
const char  *ferry_agency_get_duration           (FerryAgency  *self);
const char  *ferry_agency_get_description        (FerryAgency  *self);
const char  *ferry_agency_get_create_time        (FerryAgency  *self);
const char  *ferry_agency_get_expire_time        (FerryAgency  *self);
/* Whether the agency is delegated to IMS (trust domain
 * FERRY_AGENCY_IMS_TRUST_DOMAIN), the only kind a copy can use. */
gboolean     ferry_agency_trusts_ims             (FerryAgency  *self);

G_END_DECLS
