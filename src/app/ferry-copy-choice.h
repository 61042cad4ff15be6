/* ferry-copy-choice.h: one option of a copy dialog's drop-down, and why not
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FERRY_TYPE_COPY_CHOICE (ferry_copy_choice_get_type ())

G_DECLARE_FINAL_TYPE (FerryCopyChoice, ferry_copy_choice, FERRY, COPY_CHOICE, GObject)

/* @item is what is chosen (a FerryProject, FerryVault, FerryAgency…, or
 * NULL); @detail a second line (capacity…), @reason why it cannot be chosen,
 * NULL when it can. */
FerryCopyChoice *ferry_copy_choice_new        (const char      *label,
                                               const char      *detail,
                                               const char      *reason,
                                               gpointer         item);
const char      *ferry_copy_choice_get_label  (FerryCopyChoice *self);
const char      *ferry_copy_choice_get_detail (FerryCopyChoice *self);
const char      *ferry_copy_choice_get_reason (FerryCopyChoice *self);
gpointer         ferry_copy_choice_get_item   (FerryCopyChoice *self);
gboolean         ferry_copy_choice_is_allowed (FerryCopyChoice *self);

/* A list factory for drop-downs of FerryCopyChoice: the label, the detail
 * and the reason under it; a choice with a reason is greyed out, cannot be
 * selected or activated, and says why in its tooltip too. */
GtkListItemFactory *ferry_copy_choice_list_factory_new (void);

/* A combo row of FerryCopyChoice items: its label, the factory above, and
 * a greyed-out choice never stays selected. */
void     ferry_copy_choice_setup_row       (AdwComboRow *row);
/* Replaces the choices of @row and selects the one at @preferred_position
 * or else labelled @preferred, or else the first that may be chosen. */
void     ferry_copy_choice_row_set_choices (AdwComboRow *row,
                                            GListModel  *choices,
                                            guint        preferred_position,
                                            const char  *preferred);
/* For a notify::selected handler: TRUE when the user chose something
 * that may be chosen, FALSE for the row's own changes (new choices, a
 * greyed-out choice put back). */
gboolean ferry_copy_choice_row_take_selection (AdwComboRow *row);
/* The item of the selected choice, when it may be chosen. */
gpointer ferry_copy_choice_row_get_item    (AdwComboRow *row);

G_END_DECLS
