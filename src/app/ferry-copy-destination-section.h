/* ferry-copy-destination-section.h: the copy dialog's regions and project
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-copy-section.h"

G_BEGIN_DECLS

#define FERRY_TYPE_COPY_DESTINATION_SECTION (ferry_copy_destination_section_get_type ())

G_DECLARE_FINAL_TYPE (FerryCopyDestinationSection, ferry_copy_destination_section, FERRY,
                      COPY_DESTINATION_SECTION, AdwPreferencesGroup)

/* A FerryCopySection: one check button per region of the catalogue (its
 * names read from IAM once a session), each greyed out with why the
 * images cannot go there, one at a time when an image needs a vault; the
 * project of a single destination. Hidden for an in-region copy. Its
 * retry button is the dialog's copy.reload-regions. "changed" also when
 * the choice changes. */

/* Loads the region names (once a session) and builds the rows. */
void          ferry_copy_destination_section_load        (FerryCopyDestinationSection *self);
/* The chosen destinations (FerryRegion), in the catalogue's order. */
GPtrArray    *ferry_copy_destination_section_dup_regions (FerryCopyDestinationSection *self);
/* The chosen project, when there is one destination. */
FerryProject *ferry_copy_destination_section_get_project (FerryCopyDestinationSection *self);

G_END_DECLS
