/* ferry-image-region-chooser.h: the images page's region chooser
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ferry-account.h"
#include "ferry-client.h"
#include "ferry-region.h"

G_BEGIN_DECLS

#define FERRY_TYPE_IMAGE_REGION_CHOOSER (ferry_image_region_chooser_get_type ())

G_DECLARE_FINAL_TYPE (FerryImageRegionChooser, ferry_image_region_chooser,
                      FERRY, IMAGE_REGION_CHOOSER, GObject)

/* Gives @dropdown its regions, their look and its search. */
FerryImageRegionChooser *ferry_image_region_chooser_new         (GtkDropDown             *dropdown);
/* Lists the regions of @client's catalogue where @account has a project;
 * none when @client is NULL. */
void                     ferry_image_region_chooser_set_account (FerryImageRegionChooser *self,
                                                                 FerryClient             *client,
                                                                 FerryAccount            *account);
/* FerryRegion items, as the drop-down lists them. */
GListModel              *ferry_image_region_chooser_get_regions (FerryImageRegionChooser *self);
/* The listed region with @id (borrowed) and its @position, or NULL. */
FerryRegion             *ferry_image_region_chooser_find        (FerryImageRegionChooser *self,
                                                                 const char              *id,
                                                                 guint                   *position);

G_END_DECLS
