/* ferry-text.h: text as the app's labels show it
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @text with every server code ("IMG.0167", "BackupService.6105") kept on
 * one line: the line-breaking rules Pango follows (UAX #14) allow a break
 * between "IMG." and "0167", so a wrapped label showed "(IMG." and
 * "0167)" on two lines. A word joiner (U+2060, invisible) after the dot
 * forbids it. For labels only: ferryctl and logs print codes as they are. */
char *ferry_text_keep_codes   (const char   *text);

/* ferry_api_error_format() of @error (or its message, for other domains),
 * its codes kept on one line. */
char *ferry_text_format_error (const GError *error);

G_END_DECLS
