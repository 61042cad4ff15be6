/* ferry-a11y.h: keyboard focus and accessible names where GTK 4.8 and
 * libadwaita 1.2 leave them out
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Presents @dialog. When it closes (Escape, its close button, a response),
 * its transient parent is made active again and the focus goes back to the
 * widget of the parent that had it, the one that opened @dialog, when that
 * widget can still take it. When the parent is destroyed first, @dialog
 * forgets it (GTK 4.8 would leave it pointing at the freed parent). */
void ferry_a11y_present_dialog        (GtkWindow              *dialog);

/* Names the list that holds @row (a row of a group without a title,
 * which libadwaita 1.2 leaves unnamed) after the row's title: GTK 4.8
 * reads a list without a name by its class name. */
void ferry_a11y_name_list_by_row      (GtkWidget              *row);

/* Names the two lists inside @row (its header, its rows) after its title:
 * GTK 4.8 reads a list without a name by its class name. */
void ferry_a11y_name_expander_lists   (AdwExpanderRow         *row);

/* Names the button that shows or hides the text of @row after what it
 * does (its tooltip), which libadwaita 1.2 does not. */
void ferry_a11y_name_peek_button      (AdwPasswordEntryRow    *row);

/* Marks @widget (an entry row) as holding a wrong value, or not: red, and
 * said to be invalid to a screen reader, which would not see the red. */
void ferry_a11y_set_invalid           (GtkWidget              *widget,
                                       gboolean                invalid);

G_END_DECLS
