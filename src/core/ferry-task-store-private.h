/* ferry-task-store-private.h: seams for tests
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-task-store.h"

G_BEGIN_DECLS

/* How long to wait for another process's lock, 10 s by default. */
void ferry_task_store_set_lock_timeout (FerryTaskStore *self,
                                        guint           milliseconds);

G_END_DECLS
