/* ferry-image-row-menu.h: the images table's row menu
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ferry-image-columns.h"

G_BEGIN_DECLS

#define FERRY_TYPE_IMAGE_ROW_MENU (ferry_image_row_menu_get_type ())

G_DECLARE_FINAL_TYPE (FerryImageRowMenu, ferry_image_row_menu, FERRY, IMAGE_ROW_MENU, GObject)

/* A popover of @model, with a hint beneath it, parented to @parent (which
 * must call ferry_image_row_menu_present() when allocated, and drop the
 * menu in its dispose), that a right click or a long press on a row of
 * @view opens, selecting that row first unless it is already selected in
 * @selection. */
FerryImageRowMenu *ferry_image_row_menu_new      (GtkWidget         *parent,
                                                  GMenuModel        *model,
                                                  GtkColumnView     *view,
                                                  FerryImageColumns *columns,
                                                  GtkSelectionModel *selection);
/* The line beneath the menu: what "Copy…" will do, or why it cannot. */
void               ferry_image_row_menu_set_hint (FerryImageRowMenu *self,
                                                  const char        *hint);
/* Opens the menu pointing at (@x, @y) of @anchor. */
void               ferry_image_row_menu_popup_at (FerryImageRowMenu *self,
                                                  GtkWidget         *anchor,
                                                  double             x,
                                                  double             y);
void               ferry_image_row_menu_present  (FerryImageRowMenu *self);

G_END_DECLS
