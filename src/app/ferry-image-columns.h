/* ferry-image-columns.h: the cells, widths, tooltips and sorting of the
 * images table
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  FERRY_IMAGE_COLUMN_NAME,
  FERRY_IMAGE_COLUMN_STATUS,
  FERRY_IMAGE_COLUMN_TYPE,
  FERRY_IMAGE_COLUMN_OS,
  FERRY_IMAGE_COLUMN_SIZE,
  FERRY_IMAGE_COLUMN_ENCRYPTED,
  FERRY_IMAGE_COLUMN_CREATED,
  FERRY_IMAGE_N_COLUMNS
} FerryImageColumn;

#define FERRY_TYPE_IMAGE_COLUMNS (ferry_image_columns_get_type ())

G_DECLARE_FINAL_TYPE (FerryImageColumns, ferry_image_columns, FERRY, IMAGE_COLUMNS, GObject)

/* Gives the columns of @view (in FerryImageColumn order, then the summary
 * that stands for all but the status on a narrow window) their cells and
 * sorters, and the table its tooltips and Ctrl+click.
 *
 * Properties: "sort-column" (string, read-only: "" for the service's
 * order, or a column as images.sort-by names it: "name", "status", "type",
 * "os", "size", "encrypted", "created") and "sort-descending" (boolean,
 * read-only), as the headers show them. */
FerryImageColumns *ferry_image_columns_new             (GtkColumnView        *view,
                                                        GtkColumnViewColumn **columns,
                                                        GtkColumnViewColumn  *summary);
/* Measures the fixed-width columns in the view's fonts: once realized,
 * and again when the fonts change. */
void               ferry_image_columns_measure         (FerryImageColumns    *self);
/* Shows the summary instead of the other columns when @width is too
 * narrow for them all. */
void               ferry_image_columns_set_width       (FerryImageColumns    *self,
                                                        int                   width);
/* The row (list item) at a point of the view, and the cell's text widget
 * there; NULL outside the rows. */
GtkListItem       *ferry_image_columns_item_at_point   (FerryImageColumns    *self,
                                                        double                x,
                                                        double                y,
                                                        GtkWidget           **cell);
const char        *ferry_image_columns_get_sort_column (FerryImageColumns    *self);
gboolean           ferry_image_columns_get_sort_descending (FerryImageColumns *self);
/* Sorts by the column @id names ("" for the service's order); the column
 * it already sorts by turns the order round, like a second header click. */
void               ferry_image_columns_sort_by         (FerryImageColumns    *self,
                                                        const char           *id);
/* "ascending" or "descending", of the sorted column (by name when none). */
void               ferry_image_columns_set_sort_order  (FerryImageColumns    *self,
                                                        const char           *order);

G_END_DECLS
