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
 * widget can still take it. */
void ferry_a11y_present_dialog        (GtkWindow              *dialog);

G_END_DECLS
