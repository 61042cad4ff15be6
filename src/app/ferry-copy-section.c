/* ferry-copy-section.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-copy-section.h"

G_DEFINE_INTERFACE (FerryCopySection, ferry_copy_section, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ferry_copy_section_default_init (FerryCopySectionInterface *iface)
{
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

void
ferry_copy_section_set_context (FerryCopySection       *self,
                                const FerryCopyContext *context)
{
  g_return_if_fail (FERRY_IS_COPY_SECTION (self));
  g_return_if_fail (context != NULL);

  FERRY_COPY_SECTION_GET_IFACE (self)->set_context (self, context);
}

void
ferry_copy_section_set_destination (FerryCopySection           *self,
                                    const FerryCopyDestination *destination)
{
  g_return_if_fail (FERRY_IS_COPY_SECTION (self));
  g_return_if_fail (destination != NULL);

  FERRY_COPY_SECTION_GET_IFACE (self)->set_destination (self, destination);
}

FerryCopySectionState
ferry_copy_section_get_state (FerryCopySection  *self,
                              char             **message)
{
  g_return_val_if_fail (FERRY_IS_COPY_SECTION (self), FERRY_COPY_SECTION_READY);
  g_return_val_if_fail (message != NULL && *message == NULL, FERRY_COPY_SECTION_READY);

  return FERRY_COPY_SECTION_GET_IFACE (self)->get_state (self, message);
}

void
ferry_copy_section_tell_plan (FerryCopySection *self,
                              FerryCopyPlan    *plan)
{
  FerryCopySectionInterface *iface;

  g_return_if_fail (FERRY_IS_COPY_SECTION (self));
  g_return_if_fail (FERRY_IS_COPY_PLAN (plan));

  iface = FERRY_COPY_SECTION_GET_IFACE (self);
  if (iface->tell_plan != NULL)
    iface->tell_plan (self, plan);
}

void
ferry_copy_section_changed (FerryCopySection *self)
{
  g_return_if_fail (FERRY_IS_COPY_SECTION (self));

  g_signal_emit (self, signals[CHANGED], 0);
}
