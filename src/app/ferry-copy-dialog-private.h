/* ferry-copy-dialog-private.h: what the copy dialog's files share, and what the tests may reach
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-copy-agency-section.h"
#include "ferry-copy-cache.h"
#include "ferry-copy-destination-section.h"
#include "ferry-copy-dialog.h"
#include "ferry-copy-plan.h"
#include "ferry-copy-vault-section.h"

G_BEGIN_DECLS

/* The dialog is three files: ferry-copy-dialog.c (the form, its actions
 * and the tasks it adds), ferry-copy-dialog-verdict.c (what can be
 * copied: the reasons shown, the Copy button's sensitivity) and
 * ferry-copy-dialog-asking.c (the "Copy again?" question about copies
 * made or queued before). */

struct _FerryCopyDialog
{
  AdwWindow        parent_instance;

  FerryClient     *client;
  FerryAccount    *account;
  FerryCopyQueue  *queue;
  FerryCopyCache  *cache;
  char            *source_region;
  FerryRegion     *source;
  GPtrArray       *images;
  /* The images' own verdict, as the images page and ferryctl give it, and
   * every copy's (cross-region). */
  FerryCopyPlan   *plan;
  /* The same images copied within their region: never gathered, the
   * images carry what its verdict needs. */
  FerryCopyPlan   *in_region_plan;

  /* Every request of the dialog; cancelled when it closes. Each section
   * has its own too, cancelled when superseded. */
  GCancellable    *cancellable;
  /* What the sections are handed. */
  FerryCopyContext context;

  char            *default_name;
  gboolean         in_region;
  gboolean         needs_vault;      /* a CBR whole image is among the images */
  gboolean         submitted;
  /* While Copy asks about copies made or queued before: the tasks it
   * would add, and for each the (image, destination) of the plan that
   * looks for earlier copies. */
  GPtrArray       *asking_tasks;
  GArray          *asking_cells;
  FerryCopyPlan   *asking_plan;
  /* Why the last Copy saved nothing (the choices stay for another try). */
  char            *add_error;
  guint            updating;         /* set while the dialog changes a model itself */

  /* The destination the sections and the plan were last told. */
  char            *destination_key;
  gboolean         told_in_region;

  /* Template children */
  AdwWindowTitle  *window_title;
  GtkWidget       *copy_button;
  AdwPreferencesGroup *images_group;
  AdwComboRow     *type_row;
  AdwEntryRow     *name_row;
  GtkLabel        *name_hint;
  GtkLabel        *name_error;
  FerryCopyDestinationSection *destination_section;
  FerryCopyVaultSection *vault_section;
  FerryCopyAgencySection *agency_section;
  GtkWidget       *kms_group;
  AdwEntryRow     *kms_row;
  AdwEntryRow     *description_row;
  GtkSwitch       *copy_tags_switch;
  GSettings       *settings;
  GtkLabel        *description_error;
  GtkLabel        *billing_note;
  GtkLabel        *queue_note;
  GtkRevealer     *blocker_revealer;
  GtkScrolledWindow *scrolled_window;
  guint            keep_focus_id;
  guint            keep_focus_frames;
  GtkImage        *blocker_icon;
  GtkLabel        *blocker_label;
};

/* ferry-copy-dialog.c */
FerryImage   *ferry_copy_dialog_image_at             (FerryCopyDialog *self,
                                                      guint            i);
const char   *ferry_copy_dialog_source_project_id    (FerryCopyDialog *self);
/* The chosen destinations (FerryRegion, borrowed). */
GPtrArray    *ferry_copy_dialog_dup_chosen_regions   (FerryCopyDialog *self);
/* The chosen destination project, when there is one destination. */
FerryProject *ferry_copy_dialog_get_chosen_project   (FerryCopyDialog *self);
/* The copy's name for one image: the pattern with each image's name put
 * in; the default pattern is cut to the service's limit as the default
 * name of one image is. */
char         *ferry_copy_dialog_expand_name          (FerryCopyDialog *self,
                                                      FerryImage      *image);
/* All or none, saved before anything is sent; the window never waits
 * for another Ferry program's lock on the list. Emits "submitted" and
 * closes the dialog once they are saved. */
void          ferry_copy_dialog_add_tasks            (FerryCopyDialog *self,
                                                      GPtrArray       *tasks);

/* ferry-copy-dialog-verdict.c */
/* Brings the form up to date: the fields' errors, the blocker bar, the
 * Copy button, the queue note and the subtitle. */
void          ferry_copy_dialog_update               (FerryCopyDialog *self);
/* Why the @image-th image cannot be copied within its region, or NULL. */
char         *ferry_copy_dialog_in_region_refusal    (FerryCopyDialog *self,
                                                      guint            image);

/* ferry-copy-dialog-asking.c */
/* Looks for earlier copies of @tasks (cross-region, one per image and
 * region of @regions, image by image) and asks the user about them
 * before adding them, or adds them at once when there are none. */
void          ferry_copy_dialog_ask_earlier_copies   (FerryCopyDialog *self,
                                                      GPtrArray       *tasks,
                                                      GPtrArray       *regions);
void          ferry_copy_dialog_forget_asking        (FerryCopyDialog *self);

/* For tests: the template child @name of the dialog or of one of its
 * sections ("agency_row", "vault_spinner"…), or NULL. */
GObject      *ferry_copy_dialog_get_part             (FerryCopyDialog *self,
                                                      const char      *name);

G_END_DECLS
