/* ferry-image-filter.h: the images the search text and "can be copied"
 * leave in the table
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FERRY_TYPE_IMAGE_FILTER (ferry_image_filter_get_type ())

G_DECLARE_FINAL_TYPE (FerryImageFilter, ferry_image_filter, FERRY, IMAGE_FILTER, GtkFilter)

/* Matches the FerryImages of a FerryImageList whose name contains the
 * search text or whose id starts with it (case and accents folded), and,
 * with "copyable-only", that may be copied to another region. With
 * neither, it matches everything, which GtkFilterListModel skips. */
FerryImageFilter *ferry_image_filter_new               (void);
/* @text as typed: NULL, "" or only spaces search for nothing. */
void              ferry_image_filter_set_search        (FerryImageFilter *self,
                                                        const char       *text);
/* The folded search text, or NULL when there is none. */
const char       *ferry_image_filter_get_search        (FerryImageFilter *self);
void              ferry_image_filter_set_copyable_only (FerryImageFilter *self,
                                                        gboolean          copyable_only);
gboolean          ferry_image_filter_get_copyable_only (FerryImageFilter *self);

G_END_DECLS
