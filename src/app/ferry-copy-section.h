/* ferry-copy-section.h: a part of the copy dialog with its own requests
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ferry-account.h"
#include "ferry-client.h"
#include "ferry-copy-cache.h"
#include "ferry-copy-plan.h"
#include "ferry-rules.h"

G_BEGIN_DECLS

#define FERRY_TYPE_COPY_SECTION (ferry_copy_section_get_type ())

G_DECLARE_INTERFACE (FerryCopySection, ferry_copy_section, FERRY, COPY_SECTION, GtkWidget)

/* What the dialog hands every section, once: it owns all of it and
 * outlives its sections. */
typedef struct
{
  FerryClient    *client;
  FerryAccount   *account;
  FerryCopyCache *cache;
  const char     *source_region;
  FerryRegion    *source;
  GPtrArray      *images;       /* FerryImage */
  /* The dialog's, cancelled when it closes: every request of a section
   * ends with it. */
  GCancellable   *cancellable;
} FerryCopyContext;

/* Where the copy goes, as chosen so far. */
typedef struct
{
  gboolean             in_region;
  GPtrArray           *regions;  /* FerryRegion, the chosen destinations */
  FerryProject        *project;  /* the chosen project of a single destination, or NULL */
  const char * const  *scopes;   /* the grant scope of each destination, as regions */
} FerryCopyDestination;

typedef enum
{
  FERRY_COPY_SECTION_READY,
  FERRY_COPY_SECTION_LOADING,
  FERRY_COPY_SECTION_FAILED,
} FerryCopySectionState;

/* In the spirit of gnome-calendar's GcalEventEditorSection: each section
 * loads what it shows with a GCancellable of its own, cancelled when what
 * it loads for changes and when the section goes; the dialog asks it for
 * its state, and has it tell the dialog's FerryCopyPlan its part of the
 * question (the choice it holds and what it learnt of it): the plan
 * answers for every copy.
 *
 * Signal "changed": the section's choice or state changed. */
struct _FerryCopySectionInterface
{
  GTypeInterface parent_iface;

  void                  (*set_context)     (FerryCopySection           *self,
                                            const FerryCopyContext     *context);
  void                  (*set_destination) (FerryCopySection           *self,
                                            const FerryCopyDestination *destination);
  FerryCopySectionState (*get_state)       (FerryCopySection           *self,
                                            char                      **message);
  /* Optional: a section whose choice the dialog tells the plan itself
   * (the destinations, with their gathering) has none. */
  void                  (*tell_plan)       (FerryCopySection           *self,
                                            FerryCopyPlan              *plan);
};

void                  ferry_copy_section_set_context     (FerryCopySection           *self,
                                                          const FerryCopyContext     *context);
void                  ferry_copy_section_set_destination (FerryCopySection           *self,
                                                          const FerryCopyDestination *destination);
/* LOADING or FAILED with a sentence in @message for the blocker bar. */
FerryCopySectionState ferry_copy_section_get_state       (FerryCopySection           *self,
                                                          char                      **message);
/* Tells @plan its choice, for every destination of @plan (set already),
 * and what it learnt of it: never a request. */
void                  ferry_copy_section_tell_plan       (FerryCopySection           *self,
                                                          FerryCopyPlan              *plan);
void                  ferry_copy_section_changed         (FerryCopySection           *self);

G_END_DECLS
