/* ferry-region.h: one Huawei Cloud region
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FERRY_TYPE_REGION (ferry_region_get_type ())

G_DECLARE_FINAL_TYPE (FerryRegion, ferry_region, FERRY, REGION, GObject)

FerryRegion *ferry_region_new                  (const char  *id,
                                                const char  *name_zh,
                                                const char  *name_en,
                                                gboolean     mainland,
                                                gboolean     whole_image_copy,
                                                guint64      copy_size_limit,
                                                const char  *domain);
const char  *ferry_region_get_id               (FerryRegion *self);
const char  *ferry_region_get_name_zh          (FerryRegion *self);
const char  *ferry_region_get_name_en          (FerryRegion *self);
/* The name in the user interface's language (Chinese or English). */
const char  *ferry_region_get_name             (FerryRegion *self);
gboolean     ferry_region_get_mainland         (FerryRegion *self);
gboolean     ferry_region_get_whole_image_copy (FerryRegion *self);
guint64      ferry_region_get_copy_size_limit  (FerryRegion *self);
const char  *ferry_region_get_domain           (FerryRegion *self);
void         ferry_region_set_names            (FerryRegion *self,
                                                const char  *name_zh,
                                                const char  *name_en);

/* Whether the user interface speaks Chinese, which decides the names of
 * regions (they come from data, not from the translation catalogue). */
gboolean     ferry_region_names_prefer_chinese (void);

G_END_DECLS
