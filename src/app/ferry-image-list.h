/* ferry-image-list.h: a region's private images, loaded page by page
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-account.h"
#include "ferry-client.h"
#include "ferry-image.h"

G_BEGIN_DECLS

#define FERRY_TYPE_IMAGE_LIST (ferry_image_list_get_type ())

G_DECLARE_FINAL_TYPE (FerryImageList, ferry_image_list, FERRY, IMAGE_LIST, GObject)

/* A GListModel of FerryImage: every private image of one region, in the
 * service's order, growing as pages arrive. Each image is judged once, as
 * it arrives, and given its search key.
 *
 * Signals: "finished" (no arguments) when a load ends, not cancelled, with
 * every image in the list, just before "loading" turns FALSE;
 * ferry_image_list_get_error() then says why it ended early. */
FerryImageList *ferry_image_list_new         (void);
/* Empties the list and loads the private images of @region (in
 * @project_id) through @client, cancelling a load in progress. */
void            ferry_image_list_load        (FerryImageList *self,
                                              FerryClient    *client,
                                              FerryAccount   *account,
                                              const char     *region,
                                              const char     *project_id);
/* Cancels a load in progress and empties the list. */
void            ferry_image_list_clear       (FerryImageList *self);
/* Cancels a load in progress, keeping what arrived. */
void            ferry_image_list_cancel      (FerryImageList *self);
gboolean        ferry_image_list_get_loading (FerryImageList *self);
/* Why the last load stopped early, or NULL. */
const GError   *ferry_image_list_get_error   (FerryImageList *self);

/* The first rule of ferry_copy_plan_judge_image() that forbids copying
 * @image, one of the list's, to any other region; NULL when it may be
 * copied. */
const char     *ferry_image_list_get_verdict    (FerryImage *image);
/* Whether @search (folded by ferry_image_list_fold()) is in the name of
 * @image, one of the list's, or starts its id. */
gboolean        ferry_image_list_matches        (FerryImage *image,
                                                 const char *search);
/* @text normalized and case-folded, as GtkStringFilter folds. */
char           *ferry_image_list_fold           (const char *text);

G_END_DECLS
