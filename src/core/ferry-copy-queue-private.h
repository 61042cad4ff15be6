/* ferry-copy-queue-private.h: seams for tests and benchmarks
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-copy-queue.h"

G_BEGIN_DECLS

/* The queue's clock (its timers and the times it writes) runs @scale
 * times faster than real time, so that the polling of a long copy can be
 * measured in seconds. 1 by default; set before ferry_copy_queue_run().
 * Not for products: the times it writes are not real ones. */
void ferry_copy_queue_set_time_scale (FerryCopyQueue *self,
                                      double          scale);

G_END_DECLS
