/* ferry-images-page.h: the private images of one region, as a table
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-account.h"
#include "ferry-client.h"
#include "ferry-image.h"

G_BEGIN_DECLS

#define FERRY_TYPE_IMAGES_PAGE (ferry_images_page_get_type ())

G_DECLARE_FINAL_TYPE (FerryImagesPage, ferry_images_page, FERRY, IMAGES_PAGE, GtkWidget)

/* Actions (installed on the class): images.refresh, images.search,
 * images.copyable-only (boolean state), images.sort-by (string state,
 * the column: "name", "status", "type", "os", "size", "encrypted",
 * "created", or "" for the service's order; the same column again turns
 * the order round), images.sort-order (string state, "ascending" or
 * "descending"),
 * images.copy-id, images.show-row-menu. The row menu's "Copy…" item is
 * win.copy-image, which the window owns. */

GtkWidget     *ferry_images_page_new                (void);
/* Shows the regions of @account where it has a project, and loads @region
 * (or the first of them when @region is NULL or not one of them). NULL
 * @client and @account empty the page. */
void           ferry_images_page_set_session        (FerryImagesPage *self,
                                                     FerryClient     *client,
                                                     FerryAccount    *account,
                                                     const char      *region);
FerryClient   *ferry_images_page_get_client         (FerryImagesPage *self);
/* FerryRegion items: the account's regions, as the selector lists them. */
GListModel    *ferry_images_page_get_regions        (FerryImagesPage *self);
const char    *ferry_images_page_get_region         (FerryImagesPage *self);
void           ferry_images_page_set_region         (FerryImagesPage *self,
                                                     const char      *region);
GtkColumnView *ferry_images_page_get_column_view    (FerryImagesPage *self);
gboolean       ferry_images_page_get_loading        (FerryImagesPage *self);
/* The first selected image (the table allows several), or NULL. */
FerryImage    *ferry_images_page_get_selected_image (FerryImagesPage *self);
/* Every selected image (FerryImage refs), in the table's order. */
GPtrArray     *ferry_images_page_get_selected_images (FerryImagesPage *self);
/* Selects the shown image with that id (and only it); FALSE when none is
 * shown. */
gboolean       ferry_images_page_select_image       (FerryImagesPage *self,
                                                     const char      *image_id);
/* The first rule that forbids copying the selected image anywhere, as one
 * translated sentence; NULL when it may be copied or nothing is selected. */
const char    *ferry_images_page_get_copy_blocker   (FerryImagesPage *self);

G_END_DECLS
