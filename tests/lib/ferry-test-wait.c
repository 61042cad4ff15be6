/* ferry-test-wait.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-test-wait.h"

void
ferry_test_store_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      wait)
{
  FerryTestWait *self = wait;

  g_set_object (&self->result, result);
}

GAsyncResult *
ferry_test_wait (FerryTestWait *wait)
{
  GMainContext *context = g_main_context_get_thread_default ();

  while (wait->result == NULL)
    g_main_context_iteration (context, TRUE);
  g_clear_object (&wait->done);
  wait->done = g_steal_pointer (&wait->result);
  return wait->done;
}

void
ferry_test_wait_clear (FerryTestWait *wait)
{
  g_clear_object (&wait->result);
  g_clear_object (&wait->done);
}
