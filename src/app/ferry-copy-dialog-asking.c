/* ferry-copy-dialog-asking.c: "Copy again?", about copies made or queued before
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-a11y.h"
#include "ferry-copy-dialog-private.h"
#include "ferry-text.h"

/* One copy the question is about: its image and destination in the
 * asking plan. */
typedef struct
{
  guint image;
  guint destination;
} Cell;

void
ferry_copy_dialog_forget_asking (FerryCopyDialog *self)
{
  g_clear_pointer (&self->asking_tasks, g_ptr_array_unref);
  g_clear_pointer (&self->asking_cells, g_array_unref);
  g_clear_object (&self->asking_plan);
}

/* Copy was not pressed after all: the choices stay for another try. */
static void
resume_choosing (FerryCopyDialog *self)
{
  ferry_copy_dialog_forget_asking (self);
  self->submitted = FALSE;
  ferry_copy_dialog_update (self);
}

static void
again_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   FerryCopyDialog  *self)
{
  g_autoptr(GPtrArray) kept = NULL;

  if (self->asking_tasks == NULL)
    return;
  if (g_strcmp0 (response, "copy") == 0)
    {
      kept = g_ptr_array_ref (self->asking_tasks);
    }
  else if (g_strcmp0 (response, "leave-out") == 0)
    {
      kept = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint k = 0; k < self->asking_tasks->len; k++)
        {
          Cell cell = g_array_index (self->asking_cells, Cell, k);

          if (ferry_copy_plan_get_earlier_copy (self->asking_plan, cell.image, cell.destination,
                                                NULL, NULL) == FERRY_EARLIER_COPY_NONE)
            g_ptr_array_add (kept, g_object_ref (g_ptr_array_index (self->asking_tasks, k)));
        }
    }
  if (kept == NULL || kept->len == 0)
    {
      resume_choosing (self);
      return;
    }
  ferry_copy_dialog_forget_asking (self);
  ferry_copy_dialog_add_tasks (self, kept);
}

/* The question when copies were made or queued before, or when Ferry
 * could not look: the user decides, per copy; nothing is guessed. */
static void
ask_again (FerryCopyDialog *self,
           const GError    *look_error)
{
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autofree char *body = NULL;
  guint n_earlier = 0;
  AdwMessageDialog *dialog;

  for (guint k = 0; k < self->asking_tasks->len; k++)
    {
      FerryCopyTask *task = g_ptr_array_index (self->asking_tasks, k);
      Cell cell = g_array_index (self->asking_cells, Cell, k);
      g_autofree char *sentence = ferry_copy_plan_describe_earlier_copy (self->asking_plan, cell.image,
                                                                          cell.destination);
      FerryRegion *to = ferry_copy_plan_get_destination (self->asking_plan, cell.destination);
      g_autofree char *shown = NULL;

      if (sentence == NULL)
        continue;
      n_earlier++;
      shown = ferry_text_keep_codes (sentence);
      /* Translators: an image's name, the destination region, then what
       * was found there (a sentence). */
      g_string_append_printf (lines, _("\n• %s to %s: %s"), ferry_copy_task_get_image_name (task),
                              ferry_region_get_name (to), shown);
    }
  if (look_error != NULL)
    {
      g_autofree char *why = ferry_text_format_error (look_error);

      /* Translators: why Ferry could not list the destination's images. */
      g_string_append_printf (lines, _("\n\nFerry could not look for earlier copies in every destination: %s"),
                              why);
    }

  if (n_earlier > 0)
    /* Translators: then one line per copy. */
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u of these copies was made or queued before; copying it again makes a second image:%s",
                                         "%u of these copies were made or queued before; copying them again makes second images:%s",
                                         n_earlier),
                            n_earlier, lines->str);
  else
    /* Translators: then why Ferry could not look. */
    body = g_strdup_printf (_("Ferry does not know whether these copies were made before.%s"), lines->str);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       n_earlier > 0 ? _("Copy Again?") : _("Copy Without Looking?"),
                                                       body));
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  if (n_earlier > 0 && n_earlier < self->asking_tasks->len)
    {
      adw_message_dialog_add_response (dialog, "leave-out",
                                       g_dngettext (GETTEXT_PACKAGE, "_Leave It Out", "_Leave Them Out",
                                                    n_earlier));
      adw_message_dialog_set_response_appearance (dialog, "leave-out", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "leave-out");
    }
  else
    adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_add_response (dialog, "copy", _("Copy _Anyway"));
  /* A second image is paid for twice. */
  adw_message_dialog_set_response_appearance (dialog, "copy", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (again_response_cb), self, 0);
  ferry_a11y_present_dialog (GTK_WINDOW (dialog));
}

static void
earlier_gathered_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(FerryCopyDialog) self = user_data;
  FerryCopyPlan *plan = FERRY_COPY_PLAN (object);
  g_autoptr(GError) error = NULL;
  const GError *look_error = NULL;
  gboolean earlier = FALSE;

  /* Only the earlier copies are asked for (no agency, no vault): an
   * error of the gathering is theirs. */
  if (!ferry_copy_plan_gather_finish (plan, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (plan != self->asking_plan)
    return;
  if (ferry_copy_plan_get_fact_state (plan, FERRY_COPY_FACT_EARLIER_COPIES, &look_error) != FERRY_COPY_FACT_STATE_FAILED)
    look_error = NULL;

  for (guint k = 0; k < self->asking_tasks->len && !earlier; k++)
    {
      Cell cell = g_array_index (self->asking_cells, Cell, k);

      earlier = ferry_copy_plan_get_earlier_copy (plan, cell.image, cell.destination, NULL, NULL) != FERRY_EARLIER_COPY_NONE;
    }
  if (earlier || look_error != NULL)
    {
      ask_again (self, look_error);
      return;
    }

  {
    g_autoptr(GPtrArray) tasks = g_ptr_array_ref (self->asking_tasks);

    ferry_copy_dialog_forget_asking (self);
    ferry_copy_dialog_add_tasks (self, tasks);
  }
}

void
ferry_copy_dialog_ask_earlier_copies (FerryCopyDialog *self,
                                      GPtrArray       *tasks,
                                      GPtrArray       *regions)
{
  /* Before anything is added: the same copies made by Ferry, queued or
   * running, or found in the destination project (ferry-copy-plan.h says
   * which fields are trusted). One round of requests: no agency or vault
   * is asked for, the dialog knows them. */
  self->asking_tasks = g_ptr_array_ref (tasks);
  self->asking_cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  self->asking_plan = ferry_copy_plan_new (self->client, self->account, self->source_region,
                                           FERRY_COPY_KIND_CROSS_REGION);
  ferry_copy_plan_set_task_store (self->asking_plan, ferry_copy_queue_get_store (self->queue));
  for (guint i = 0; i < self->images->len; i++)
    {
      g_autofree char *name = ferry_copy_dialog_expand_name (self, ferry_copy_dialog_image_at (self, i));
      guint at = ferry_copy_plan_add_image (self->asking_plan, ferry_copy_dialog_image_at (self, i));

      ferry_copy_plan_set_name (self->asking_plan, at, name);
      for (guint j = 0; j < regions->len; j++)
        {
          FerryCopyTask *task = g_ptr_array_index (tasks, i * regions->len + j);
          Cell cell = { at, 0 };

          cell.destination = ferry_copy_plan_add_destination (self->asking_plan,
                                                              ferry_copy_task_get_destination_region (task),
                                                              ferry_copy_task_get_destination_project_id (task));
          g_array_append_val (self->asking_cells, cell);
        }
    }
  ferry_copy_plan_gather_async (self->asking_plan, self->cancellable, earlier_gathered_cb, g_object_ref (self));
}
