/* ferry-test-wait.h: waiting for an asynchronous call on the main context
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One call at a time: ferry_test_store_cb() as its callback with the
 * FerryTestWait as its data, then ferry_test_wait() for its result. */
typedef struct
{
  GAsyncResult *result;  /* the callback's, not yet waited for */
  GAsyncResult *done;    /* what ferry_test_wait() gave last */
} FerryTestWait;

void          ferry_test_store_cb   (GObject       *object,
                                     GAsyncResult  *result,
                                     gpointer       wait);

/* Runs the thread-default main context until the callback has come and
 * returns its result, kept until the next wait or ferry_test_wait_clear():
 * the caller hands it to a _finish(), which does not take it. */
GAsyncResult *ferry_test_wait       (FerryTestWait *wait);

void          ferry_test_wait_clear (FerryTestWait *wait);

G_END_DECLS
