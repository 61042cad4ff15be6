/* ferry-image-tag.h: one tag of an image (a key and its value)
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define FERRY_TYPE_IMAGE_TAG (ferry_image_tag_get_type ())

G_DECLARE_FINAL_TYPE (FerryImageTag, ferry_image_tag, FERRY, IMAGE_TAG, GObject)

/* Reads one element of the `tags` array of ListImageTags
 * (GET /v2/{project_id}/images/{image_id}/tags): the SDK's ResourceTag,
 * whose `key` and `value` are both required strings. The key must not be
 * empty; the value may be "" (the reference allows empty values) but must
 * be there. Fails with FERRY_API_ERROR_INVALID_RESPONSE otherwise. */
FerryImageTag *ferry_image_tag_new_from_json (JsonObject     *object,
                                              GError        **error);
FerryImageTag *ferry_image_tag_new           (const char     *key,
                                              const char     *value);

const char    *ferry_image_tag_get_key       (FerryImageTag  *self);
/* Never NULL; may be "". */
const char    *ferry_image_tag_get_value     (FerryImageTag  *self);

G_END_DECLS
