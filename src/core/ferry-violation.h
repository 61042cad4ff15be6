/* ferry-violation.h: one broken rule of a copy, with why
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Every rule of the document. The enum nicks are the stable codes that
 * ferryctl prints and scripts may rely on. */
typedef enum
{
  FERRY_RULE_NOT_OWN_PRIVATE,
  FERRY_RULE_STATUS,
  FERRY_RULE_ENCRYPTED,
  FERRY_RULE_ISO,
  FERRY_RULE_TOO_LARGE,
  FERRY_RULE_SAME_REGION,
  FERRY_RULE_UNKNOWN_REGION,
  FERRY_RULE_WHOLE_IMAGE_REGION,
  FERRY_RULE_WHOLE_IMAGE_OUTSIDE_MAINLAND,
  FERRY_RULE_WHOLE_IMAGE_CROSS_BORDER,
  FERRY_RULE_VAULT_REQUIRED,
  FERRY_RULE_VAULT_UNSUITABLE,
  FERRY_RULE_VAULT_UNAVAILABLE,
  FERRY_RULE_VAULT_FULL,
  FERRY_RULE_CONCURRENCY,
  FERRY_RULE_AGENCY_MISSING,
  FERRY_RULE_AGENCY_NOT_IMS,
  FERRY_RULE_AGENCY_PERMISSION,
  FERRY_RULE_WHOLE_IMAGE_IN_REGION,
  /* No region of the catalogue can take the image (a whole image of a
   * region outside the Chinese mainland): an image-level verdict only. */
  FERRY_RULE_NO_DESTINATION,
  /* The account has no project in the destination region. */
  FERRY_RULE_NO_PROJECT,
  /* The destination project's private-image quota cannot take the
   * images of the copy (with the copies under way there). */
  FERRY_RULE_QUOTA,
} FerryRule;

#define FERRY_TYPE_RULE (ferry_rule_get_type ())
GType ferry_rule_get_type (void);

/* "not-own-private", "too-large"… */
const char *ferry_rule_to_code (FerryRule rule);

#define FERRY_TYPE_VIOLATION (ferry_violation_get_type ())

G_DECLARE_FINAL_TYPE (FerryViolation, ferry_violation, FERRY, VIOLATION, GObject)

FerryViolation *ferry_violation_new             (FerryRule       rule,
                                                 const char     *server_code,
                                                 const char     *message);
FerryRule       ferry_violation_get_rule        (FerryViolation *self);
/* The stable code, as ferry_rule_to_code. */
const char     *ferry_violation_get_code        (FerryViolation *self);
/* What the service answers when asked anyway: "IMG.0143". */
const char     *ferry_violation_get_server_code (FerryViolation *self);
/* One translated sentence. */
const char     *ferry_violation_get_message     (FerryViolation *self);

G_END_DECLS
