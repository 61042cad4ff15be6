/* ferry-images-page-private.h: what the tests and benchmarks read of the
 * images page, and set without typing
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-images-page.h"

G_BEGIN_DECLS

/* What the page shows, as the name of its visible stack child. */
#define FERRY_IMAGES_PAGE_LOADING    "loading"
#define FERRY_IMAGES_PAGE_LIST       "list"
#define FERRY_IMAGES_PAGE_EMPTY      "empty"
#define FERRY_IMAGES_PAGE_NO_RESULTS "no-results"
#define FERRY_IMAGES_PAGE_ERROR      "error"

/* FerryImage items as shown: sorted and filtered. */
GListModel    *ferry_images_page_get_images         (FerryImagesPage *self);
/* FERRY_IMAGES_PAGE_LOADING... */
const char    *ferry_images_page_get_state          (FerryImagesPage *self);
/* Sets the search text and filters at once, without the typing delay. */
void           ferry_images_page_set_search_text    (FerryImagesPage *self,
                                                     const char      *text);

G_END_DECLS
