/* ferry-region-catalogue.h: the regions Ferry knows, as a list model
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-region.h"

G_BEGIN_DECLS

#define FERRY_TYPE_REGION_CATALOGUE (ferry_region_catalogue_get_type ())

G_DECLARE_FINAL_TYPE (FerryRegionCatalogue, ferry_region_catalogue, FERRY, REGION_CATALOGUE, GObject)

/* The catalogue shipped in the resources (data/regions.json). A broken
 * catalogue is reported as an error naming what is wrong. */
FerryRegionCatalogue *ferry_region_catalogue_new_default  (GError              **error);
FerryRegionCatalogue *ferry_region_catalogue_new_from_bytes (GBytes            *json,
                                                             GError           **error);
FerryRegion          *ferry_region_catalogue_lookup       (FerryRegionCatalogue *self,
                                                           const char           *id);
const char           *ferry_region_catalogue_get_default_domain (FerryRegionCatalogue *self);
/* Takes the names of the regions that GET /v3/regions returned (a list of
 * FerryRegion), keeping the catalogue's facts; a region unknown to the
 * catalogue is added as outside the mainland, without whole-image copies,
 * with the default size limit. */
void                  ferry_region_catalogue_merge        (FerryRegionCatalogue *self,
                                                           GListModel           *regions);

G_END_DECLS
