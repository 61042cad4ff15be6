/* ferry-copy-dialog-verdict.c: what the copy dialog can copy, and why not
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-a11y.h"
#include "ferry-copy-dialog-private.h"
#include "ferry-rules.h"
#include "ferry-text.h"

char *
ferry_copy_dialog_in_region_refusal (FerryCopyDialog *self,
                                     guint            image)
{
  g_autoptr(GPtrArray) violations = ferry_copy_plan_dup_violations (self->in_region_plan, image, 0);

  if (violations != NULL && violations->len > 0)
    return g_strdup (ferry_violation_get_message (g_ptr_array_index (violations, 0)));
  return NULL;
}

/* The verdict */

typedef enum
{
  BLOCK_NONE,
  BLOCK_PENDING,  /* something is loading or being checked */
  BLOCK_CHOICE,   /* the user has yet to choose something */
  BLOCK_RULE,     /* a rule fails */
} BlockKind;

typedef struct
{
  BlockKind  kind;
  char      *text;
} Block;

static void
block_set (Block      *block,
           BlockKind   kind,
           char       *text)
{
  if (block->kind != BLOCK_NONE)
    {
      g_free (text);
      return;
    }
  block->kind = kind;
  block->text = text;
}

/* @reason: the violation's message, or NULL for the one it has. */
static void
block_violation_with (FerryCopyDialog *self,
                      Block           *block,
                      FerryImage      *image,
                      FerryViolation  *v,
                      const char      *reason)
{
  g_autofree char *message = NULL;

  if (reason == NULL)
    reason = ferry_violation_get_message (v);
  if (self->images->len > 1)
    message = g_strdup_printf (_("%s: %s"), ferry_image_get_name (image), reason);
  else
    message = g_strdup (reason);
  /* Translators: why a copy is refused, then the service's error code. */
  block_set (block, BLOCK_RULE, g_strdup_printf (_("%s (%s)"), message, ferry_violation_get_server_code (v)));
}

static void
block_violation (FerryCopyDialog *self,
                 Block           *block,
                 FerryImage      *image,
                 FerryViolation  *v)
{
  block_violation_with (self, block, image, v, NULL);
}

/* The first image that can go nowhere blocks with its first reason: its
 * own rules, its source region's, or no region that can take it at all
 * (ferry_rules_check_image() with the catalogue, the verdict of the
 * images page and ferryctl too). TRUE when one does. */
static gboolean
block_image_verdict (FerryCopyDialog *self,
                     Block           *block)
{
  for (guint i = 0; i < self->images->len; i++)
    {
      g_autoptr(GPtrArray) violations = ferry_copy_plan_dup_image_violations (self->plan, i);

      if (violations->len > 0)
        {
          block_violation (self, block, ferry_copy_dialog_image_at (self, i), g_ptr_array_index (violations, 0));
          return TRUE;
        }
    }
  return FALSE;
}

static char *
check_names (FerryCopyDialog *self)
{
  for (guint i = 0; i < self->images->len; i++)
    {
      g_autofree char *name = ferry_copy_dialog_expand_name (self, ferry_copy_dialog_image_at (self, i));
      g_autofree char *reason = ferry_rules_check_name (name);

      if (reason == NULL)
        continue;
      if (self->images->len == 1)
        return g_steal_pointer (&reason);
      return g_strdup_printf (_("%s: %s"), ferry_image_get_name (ferry_copy_dialog_image_at (self, i)), reason);
    }
  return NULL;
}

/* The plan's word on the destinations' image quotas: the first
 * destination that cannot take the batch blocks with the quota's
 * sentence. */
static void
block_quota (FerryCopyDialog *self,
             Block           *block)
{
  for (guint d = 0; d < ferry_copy_plan_get_n_destinations (self->plan); d++)
    for (guint i = 0; i < self->images->len; i++)
      {
        g_autoptr(GPtrArray) violations = ferry_copy_plan_dup_violations (self->plan, i, d);

        for (guint j = 0; violations != NULL && j < violations->len; j++)
          if (ferry_violation_get_rule (g_ptr_array_index (violations, j)) == FERRY_RULE_QUOTA)
            {
              /* One sentence for the whole batch, not one per image. */
              block_set (block, BLOCK_RULE,
                         g_strdup_printf (_("%s (%s)"),
                                          ferry_violation_get_message (g_ptr_array_index (violations, j)),
                                          ferry_violation_get_server_code (g_ptr_array_index (violations, j))));
              return;
            }
      }
  /* A quota not known yet holds nothing against the copy, as one the
   * service will not tell: the queue checks again right before sending. */
}

/* The first of the plan's @violations of one copy the dialog shows there,
 * or NULL. Not the quota, said once for the batch (block_quota()), nor
 * the copies in flight: the queue waits for a free turn, copies beyond
 * five are not refused (the queue note says so). */
static FerryViolation *
first_violation (GPtrArray *violations)
{
  for (guint i = 0; violations != NULL && i < violations->len; i++)
    {
      FerryViolation *v = g_ptr_array_index (violations, i);

      if (ferry_violation_get_rule (v) != FERRY_RULE_QUOTA &&
          ferry_violation_get_rule (v) != FERRY_RULE_CONCURRENCY)
        return v;
    }
  return NULL;
}

static void
judge_cross_region (FerryCopyDialog *self,
                    Block           *block)
{
  g_autoptr(GPtrArray) regions = ferry_copy_dialog_dup_chosen_regions (self);
  FerryProject *project = ferry_copy_dialog_get_chosen_project (self);
  FerryCopySection *sections[] = {
    FERRY_COPY_SECTION (self->destination_section),
    FERRY_COPY_SECTION (self->vault_section),
    FERRY_COPY_SECTION (self->agency_section),
  };
  g_autofree char *regions_message = NULL;
  FerryCopySectionState regions_state = ferry_copy_section_get_state (sections[0], &regions_message);

  /* Nothing else can be judged without the regions. */
  if (regions_state != FERRY_COPY_SECTION_READY)
    {
      block_set (block, regions_state == FERRY_COPY_SECTION_LOADING ? BLOCK_PENDING : BLOCK_RULE,
                 g_steal_pointer (&regions_message));
      return;
    }
  if (regions->len == 0)
    {
      /* What forbids every region forbids the copy: say that first. */
      if (block_image_verdict (self, block))
        return;
      block_set (block, BLOCK_CHOICE, g_strdup (_("Choose at least one destination region.")));
      return;
    }

  if (regions->len == 1 && project == NULL)
    {
      block_set (block, BLOCK_CHOICE, g_strdup (_("Choose a destination project.")));
      return;
    }

  /* What a section still loads, or could not load, in the form's order. */
  for (guint k = 1; k < G_N_ELEMENTS (sections); k++)
    {
      g_autofree char *message = NULL;
      FerryCopySectionState state = ferry_copy_section_get_state (sections[k], &message);

      if (state != FERRY_COPY_SECTION_READY)
        block_set (block, state == FERRY_COPY_SECTION_LOADING ? BLOCK_PENDING : BLOCK_RULE,
                   g_steal_pointer (&message));
    }

  /* The plan answers for every copy: the sections tell it their choices
   * (the agency and its grants, the vault); it has the destinations
   * (plan_destinations()). */
  for (guint k = 0; k < G_N_ELEMENTS (sections); k++)
    ferry_copy_section_tell_plan (sections[k], self->plan);
  g_warn_if_fail (ferry_copy_plan_get_n_destinations (self->plan) == regions->len);

  for (guint i = 0; i < self->images->len; i++)
    for (guint j = 0; j < ferry_copy_plan_get_n_destinations (self->plan); j++)
      {
        g_autoptr(GPtrArray) violations = ferry_copy_plan_dup_violations (self->plan, i, j);
        FerryViolation *v = first_violation (violations);

        if (v != NULL)
          {
            g_autofree char *reason = NULL;

            /* The rules name the destination region; a sub-project is
             * named too, or the region would seem to be the trouble. */
            if (ferry_violation_get_rule (v) == FERRY_RULE_AGENCY_PERMISSION &&
                ferry_copy_plan_get_source_grant (self->plan) != FERRY_GRANT_MISSING)
              reason = ferry_copy_agency_section_dup_sub_project_reason (self->agency_section, j);
            block_violation_with (self, block, ferry_copy_dialog_image_at (self, i), v, reason);
            return;
          }
        if (ferry_copy_plan_get_agency (self->plan) != NULL &&
            (ferry_copy_plan_get_source_grant (self->plan) == FERRY_GRANT_UNKNOWN ||
             ferry_copy_plan_get_grant (self->plan, j) == FERRY_GRANT_UNKNOWN))
          block_set (block, BLOCK_PENDING, g_strdup (_("Checking the agency’s permissions…")));
      }

  block_quota (self, block);
}

static void
update_loading_rows (FerryCopyDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "copy.new-vault",
                                 ferry_copy_vault_section_can_create (self->vault_section));
}

static guint
count_tasks (FerryCopyDialog *self)
{
  g_autoptr(GPtrArray) regions = NULL;

  if (self->in_region)
    return self->images->len;
  regions = ferry_copy_dialog_dup_chosen_regions (self);
  return self->images->len * regions->len;
}

void
ferry_copy_dialog_update (FerryCopyDialog *self)
{
  g_autofree char *name_reason = NULL;
  g_autofree char *description_reason = NULL;
  Block block = { BLOCK_NONE, NULL };
  GtkWidget *box;
  guint n_tasks, in_flight, waiting;
  gboolean add_failed;

  if (self->images == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->agency_section), !self->in_region);
  gtk_widget_set_visible (self->kms_group, self->in_region);
  update_loading_rows (self);

  /* Fields, checked as the user types, each with its own reason. */
  name_reason = check_names (self);
  gtk_label_set_text (self->name_error, name_reason != NULL ? name_reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_error), name_reason != NULL);
  ferry_a11y_set_invalid (GTK_WIDGET (self->name_row), name_reason != NULL);

  description_reason = ferry_rules_check_description (gtk_editable_get_text (GTK_EDITABLE (self->description_row)));
  gtk_label_set_text (self->description_error, description_reason != NULL ? description_reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_error), description_reason != NULL);
  ferry_a11y_set_invalid (GTK_WIDGET (self->description_row), description_reason != NULL);

  /* The verdict, in the document's order. */
  if (self->in_region)
    {
      for (guint i = 0; i < self->images->len && block.kind == BLOCK_NONE; i++)
        {
          g_autofree char *reason = ferry_copy_dialog_in_region_refusal (self, i);

          if (reason != NULL && self->images->len > 1)
            block_set (&block, BLOCK_RULE, g_strdup_printf (_("%s: %s"), ferry_image_get_name (ferry_copy_dialog_image_at (self, i)), reason));
          else if (reason != NULL)
            block_set (&block, BLOCK_RULE, g_steal_pointer (&reason));
        }
      if (name_reason != NULL)
        block_set (&block, BLOCK_RULE, g_strdup (name_reason));
    }
  else
    {
      /* An image that can go nowhere: its own reason comes first. */
      block_image_verdict (self, &block);
      if (name_reason != NULL)
        block_set (&block, BLOCK_RULE, g_strdup (name_reason));
      judge_cross_region (self, &block);
    }
  if (description_reason != NULL)
    block_set (&block, BLOCK_RULE, g_strdup (description_reason));

  /* Nothing stands in the way, but the last Copy could not be saved: say
   * why, and let the user try again. */
  add_failed = block.kind == BLOCK_NONE && self->add_error != NULL && !self->submitted;
  {
    g_autofree char *shown = ferry_text_keep_codes (add_failed ? self->add_error :
                                                    block.text != NULL ? block.text : "");

    gtk_label_set_text (self->blocker_label, shown);
  }
  gtk_image_set_from_icon_name (self->blocker_icon,
                                block.kind == BLOCK_PENDING ? "content-loading-symbolic" :
                                block.kind == BLOCK_CHOICE ? "dialog-information-symbolic"
                                                           : "dialog-warning-symbolic");
  /* The icon and the colour of the box tell a wait, a choice still to make
   * and a broken rule apart: so does the icon's name. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->blocker_icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  block.kind == BLOCK_PENDING ? C_("copy blocker", "Waiting") :
                                  block.kind == BLOCK_CHOICE ? C_("copy blocker", "Note")
                                                             : C_("copy blocker", "Not allowed"),
                                  -1);
  /* Red for a broken rule only: a form still being filled in is not an
   * error. */
  box = gtk_widget_get_parent (GTK_WIDGET (self->blocker_icon));
  if (block.kind == BLOCK_RULE || add_failed)
    {
      gtk_widget_remove_css_class (box, "ferry-note-box");
      gtk_widget_add_css_class (box, "ferry-error-box");
    }
  else
    {
      gtk_widget_remove_css_class (box, "ferry-error-box");
      gtk_widget_add_css_class (box, "ferry-note-box");
    }
  gtk_revealer_set_reveal_child (self->blocker_revealer, block.kind != BLOCK_NONE || add_failed);
  gtk_widget_set_tooltip_text (self->copy_button, block.text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "copy.submit",
                                 block.kind == BLOCK_NONE && !self->submitted);
  g_free (block.text);

  /* Five at a time: copies beyond that wait in Ferry's queue. */
  n_tasks = count_tasks (self);
  in_flight = ferry_copy_queue_get_n_in_flight (self->queue);
  waiting = 0;
  if (!self->in_region && in_flight + n_tasks > FERRY_MAX_CONCURRENT_COPIES)
    waiting = MIN (n_tasks, in_flight + n_tasks - FERRY_MAX_CONCURRENT_COPIES);
  if (waiting > 0)
    {
      /* Two counts, two sentences: each takes the plural form of its own. */
      g_autofree char *running =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "The service runs five cross-region copies of an account at a time (IMG.0149); %u is running now.",
                                      "The service runs five cross-region copies of an account at a time (IMG.0149); %u are running now.",
                                      in_flight),
                         in_flight);
      g_autofree char *wait =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u of these copies will wait in Ferry’s queue and start by itself.",
                                      "%u of these copies will wait in Ferry’s queue and start by themselves.",
                                      waiting),
                         waiting);
      /* Translators: two sentences in a row. */
      g_autofree char *text = g_strdup_printf (_("%s %s"), running, wait);
      g_autofree char *shown = ferry_text_keep_codes (text);

      gtk_label_set_text (self->queue_note, shown);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->queue_note), waiting > 0);

  /* The copy button says what it will do. */
  if (n_tasks > 1)
    {
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u copy", "%u copies", n_tasks),
                                                   n_tasks);

      adw_window_title_set_subtitle (self->window_title, subtitle);
    }
  else
    adw_window_title_set_subtitle (self->window_title,
                                   self->images->len == 1 ? ferry_image_get_name (ferry_copy_dialog_image_at (self, 0)) : "");
}
