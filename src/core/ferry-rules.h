/* ferry-rules.h: every constraint of a copy, in one place
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-agency.h"
#include "ferry-image.h"
#include "ferry-region.h"
#include "ferry-vault.h"
#include "ferry-violation.h"

G_BEGIN_DECLS

/* The most cross-region copies one account may have in flight. */
#define FERRY_MAX_CONCURRENT_COPIES 5
/* The service's limits on a copy's name and description. */
#define FERRY_COPY_NAME_MAX         128
#define FERRY_COPY_DESCRIPTION_MAX  1024
/* The largest image an in-region copy takes, in bytes: 128 GiB
 * (documented: CopyImageInRegion, support.huaweicloud.com/api-ims/ims_03_0627).
 * Cross-region limits depend on the source region: see data/regions.json. */
#define FERRY_IN_REGION_COPY_SIZE_LIMIT G_GUINT64_CONSTANT (137438953472)

typedef enum
{
  FERRY_GRANT_UNKNOWN,  /* not checked (yet): no verdict either way */
  FERRY_GRANT_GRANTED,
  FERRY_GRANT_MISSING,
} FerryGrant;

/* What is known about one copy. The engine is a pure function of this:
 * no I/O, no globals, nothing but what is in here. Members not needed by
 * an entry point may be left NULL or zero. */
typedef struct
{
  FerryImage  *image;
  FerryRegion *source;
  /* The account's project in the source region: the owner of own images. */
  const char  *project_id;
  FerryRegion *destination;
  /* The account's project in the destination region, where the vault
   * must be. */
  const char  *destination_project_id;
  FerryAgency *agency;             /* NULL: none chosen */
  FerryGrant   source_grant;       /* IMS Administrator in the source region */
  FerryGrant   destination_grant;  /* … and in the destination region */
  FerryVault  *vault;              /* NULL: none chosen, or not found */
  guint        copies_in_flight;   /* the account's cross-region copies running now */
  /* The id of a vault that was chosen but is not in the destination
   * project (looked up by id, not found there): vault is NULL, and the
   * rules say the vault is unsuitable, not that none was chosen. */
  const char  *vault_id;
  /* Every region there is (FerryRegion), for the image-level verdict of
   * ferry_rules_check_image(): an image that no region can take cannot be
   * copied at all. NULL: that question is not asked. Passed in, never
   * looked up, so that the engine stays a function of its inputs. */
  GListModel  *regions;
  /* The destination project's private-image quota (ShowImageQuota, the
   * resource of type "image") and what would fill it. quota_known FALSE:
   * the service did not say (or was not asked), and the quota holds
   * nothing against the copy. */
  gboolean     quota_known;
  guint64      image_quota;       /* the quota's "quota" */
  guint64      images_used;       /* its "used": the images the project holds */
  guint        images_underway;   /* copies into the project accepted, their images not made yet */
  guint        images_needed;     /* the images this batch makes there, this copy's included */
} FerryCopyFacts;

/* Can this image be copied to another region at all? Its ownership,
 * status, encryption, ISO origin and size; for a whole-machine image, the
 * rules of its source region alone (none leave 华东-上海一 cn-east-3 or
 * 西南-贵阳一 cn-southwest-2); and, when facts->regions is set, whether any
 * region of it can take the image under the region rules (a whole image
 * of a region outside the Chinese mainland can go nowhere: not to another
 * such region, nor across the border: FERRY_RULE_NO_DESTINATION). The one
 * image-level verdict: ferryctl, the images page, the Copy button and the
 * copy dialog all show what this says (through FerryCopyPlan). Returns
 * FerryViolation items, empty when it can. */
GPtrArray *ferry_rules_check_image       (const FerryCopyFacts *facts);
/* Is facts->destination allowed for this image, and if not why? The image
 * rules plus the region rules. (facts->regions is not read: whether some
 * other region would do is not this destination's business.) */
GPtrArray *ferry_rules_check_destination (const FerryCopyFacts *facts);
/* Is the whole request valid? Every rule, agency, vault, the limit of
 * concurrent copies and the destination's image quota included; a
 * destination without facts->destination_project_id is one where the
 * account has no project. */
GPtrArray *ferry_rules_check_request     (const FerryCopyFacts *facts);

/* Can this image be copied within its own region (CopyImageInRegion)?
 * Its ownership and status as for any copy; whole-machine images, images
 * made from ISO files and images over FERRY_IN_REGION_COPY_SIZE_LIMIT are
 * refused (documented: ims_03_0627); encryption is no obstacle, the copy
 * may even add it; and the source project's image quota, where the copy
 * lands. Only facts->image, ->source, ->project_id and the quota members
 * are read.
 * The dialog, the copy queue and the sandbox all ask this one function. */
GPtrArray *ferry_rules_check_in_region   (const FerryCopyFacts *facts);

/* Whether a vault is needed for this image (a whole image with a CBR
 * backup behind it, see ferry-image.h). */
gboolean   ferry_rules_needs_vault       (FerryImage           *image);

/* Why a copy's name or description would be refused, as one translated
 * sentence, or NULL when it is fine. */
char      *ferry_rules_check_name        (const char           *name);
char      *ferry_rules_check_description (const char           *description);

/* "copy_<source region name>_<image name>", the region named in the
 * interface's language, cut to the service's 128 characters. */
char      *ferry_rules_default_copy_name (FerryRegion          *source,
                                          const char           *image_name);

G_END_DECLS
