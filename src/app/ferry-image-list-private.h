/* ferry-image-list-private.h: what the tests give a FerryImageList
 * without a server
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-copy-plan.h"
#include "ferry-image-list.h"

G_BEGIN_DECLS

/* Adds @images at the end, as a page that arrived, judged by @plan (NULL:
 * every image may be copied). */
void ferry_image_list_add (FerryImageList *self,
                           FerryImage    **images,
                           guint           n_images,
                           FerryCopyPlan  *plan);

G_END_DECLS
