/* ferry-i18n.h: gettext set-up shared by every program
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Read by each program's main, never by core. */
#define FERRY_ENV_LOCALEDIR "TEXTDOMAINDIR"

/* setlocale and the "ferry" text domain, from the installed catalogues or,
 * when @localedir is set, from there: each main passes $TEXTDOMAINDIR
 * (gettext's own convention, which lets a program in the build tree speak
 * before it is installed). */
void ferry_i18n_init (const char *localedir);

G_END_DECLS
