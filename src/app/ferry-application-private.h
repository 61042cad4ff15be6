/* ferry-application-private.h: what the tests set of the application
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-application.h"

G_BEGIN_DECLS

/* The "notify-after-seconds" property: how long a copy runs before its
 * end is worth a notification (0: every copy's). The tests read what is
 * sent on their own notification server. */
void ferry_application_set_notify_after_seconds (FerryApplication *self,
                                                 guint             seconds);

G_END_DECLS
