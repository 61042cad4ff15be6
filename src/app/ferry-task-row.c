/* ferry-task-row.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-job.h"
#include "ferry-region-catalogue.h"
#include "ferry-task-row.h"

struct _FerryTaskRow
{
  GtkWidget       parent_instance;

  FerryCopyQueue *queue;
  /* The task bound, and the handler that follows it, or NULL and 0. */
  FerryCopyTask  *task;
  gulong          notify_id;
  char           *status_text;
  /* Given by the page, which reads every place at once. */
  guint           place;
  guint           n_in_flight;

  /* Template children */
  GtkLabel       *title_label;
  GtkLabel       *route_label;
  GtkLabel       *state_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *status_label;
  GtkWidget      *error_box;
  GtkLabel       *error_sentence_label;
  GtkLabel       *error_code_label;
  GtkLabel       *search_label;
  GtkLabel       *hint_label;
  GtkWidget      *remove_button;
  GtkWidget      *retry_button;
  GtkWidget      *look_again_button;
  GtkWidget      *submit_again_button;
  GtkWidget      *show_button;
};

G_DEFINE_FINAL_TYPE (FerryTaskRow, ferry_task_row, GTK_TYPE_WIDGET)

char *
ferry_task_row_format_place (guint place)
{
  /* ferryctl says it the same way. */
  return ferry_task_format_place (place);
}

char *
ferry_task_row_format_elapsed (gint64 seconds)
{
  seconds = MAX (seconds, 0);
  if (seconds >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600),
                            (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

static const char *
region_name (FerryTaskRow *self,
             const char   *id)
{
  FerryClient *client = ferry_copy_queue_get_client (self->queue);
  FerryRegion *region = NULL;

  if (id == NULL)
    return "";
  if (client != NULL)
    region = ferry_region_catalogue_lookup (ferry_client_get_catalogue (client), id);
  return region != NULL ? ferry_region_get_name (region) : id;
}

static char *
queued_text (FerryTaskRow *self)
{
  g_autofree char *running_text = NULL;
  g_autofree char *place_text = NULL;

  if (ferry_copy_task_get_kind (self->task) == FERRY_COPY_KIND_IN_REGION || self->place == 0)
    return g_strdup (_("Waiting for its check"));

  place_text = ferry_task_row_format_place (self->place);
  if (self->n_in_flight == 0)
    return g_steal_pointer (&place_text);
  running_text = g_strdup_printf (ngettext ("%u copy running", "%u copies running", self->n_in_flight),
                                  self->n_in_flight);
  /* Translators: "3rd in line; 5 copies running". */
  return g_strdup_printf (C_("queued task", "%s; %s"), place_text, running_text);
}

static gboolean
shows_error (FerryTaskState state)
{
  return state == FERRY_TASK_STATE_FAILED || state == FERRY_TASK_STATE_OUTCOME_UNKNOWN;
}

static gboolean
is_in_flight (FerryTaskState state)
{
  return state == FERRY_TASK_STATE_SUBMITTING || state == FERRY_TASK_STATE_RUNNING ||
         state == FERRY_TASK_STATE_FINISHING;
}

/* The line under the route, which alone changes with the clock. */
static char *
status_text (FerryTaskRow   *self,
             FerryTaskState  state)
{
  FerryCopyTask *task = self->task;
  g_autofree char *elapsed = ferry_task_row_format_elapsed (ferry_copy_task_get_elapsed (task));
  const char *step = ferry_copy_task_get_current_step (task);

  switch (state)
    {
    case FERRY_TASK_STATE_QUEUED:
      return queued_text (self);
    case FERRY_TASK_STATE_SUBMITTING:
      /* Translators: "Sending the copy request · 0:05 elapsed". */
      return g_strdup_printf (_("Sending the copy request · %s elapsed"), elapsed);
    case FERRY_TASK_STATE_RUNNING:
    case FERRY_TASK_STATE_FINISHING:
      if (ferry_copy_task_get_still_running (task))
        /* Translators: "No progress for a long time, still followed · 45:00 elapsed". */
        return g_strdup_printf (_("No progress for a long time, still followed · %s elapsed"),
                                elapsed);
      if (state == FERRY_TASK_STATE_FINISHING && ferry_copy_task_get_tags_pending (task))
        /* Translators: "Giving the new image the source image's tags · 1:05 elapsed". */
        return g_strdup_printf (_("Giving the new image the source image’s tags · %s elapsed"),
                                elapsed);
      if (state == FERRY_TASK_STATE_FINISHING)
        /* Translators: "Waiting for the new image to be ready · 1:05 elapsed". */
        return g_strdup_printf (_("Waiting for the new image to be ready · %s elapsed"), elapsed);
      if (step != NULL && *step != '\0')
        {
          g_autofree char *step_text = ferry_job_dup_step_text (step);

          /* Translators: the step ("Step: Copying the image", or "Step
           * reported by the service: …"), then the time, "… · 1:05
           * elapsed". */
          return g_strdup_printf (C_("step and time", "%s · %s elapsed"), step_text, elapsed);
        }
      return g_strdup_printf (_("%s elapsed"), elapsed);
    case FERRY_TASK_STATE_DONE:
      {
        g_autofree char *tags = ferry_copy_task_describe_tags (task);

        if (tags != NULL)
          /* Translators: "Finished in 2:03 · 3 tags copied." */
          return g_strdup_printf (_("Finished in %s · %s"), elapsed, tags);
      }
      /* Translators: "Finished in 2:03". */
      return g_strdup_printf (_("Finished in %s"), elapsed);
    case FERRY_TASK_STATE_FAILED:
      return g_strdup_printf (_("Failed after %s"), elapsed);
    case FERRY_TASK_STATE_OUTCOME_UNKNOWN:
      return g_strdup (_("Waiting for your decision"));
    case FERRY_TASK_STATE_REMOVED:
    default:
      return g_strdup ("");
    }
}

/* The progress bar in words, for a screen reader: how far, and the step. */
static void
update_progress_text (FerryTaskRow   *self,
                      FerryTaskState  state)
{
  FerryCopyTask *task = self->task;
  const char *step = ferry_copy_task_get_current_step (task);
  int percent = (int) (ferry_copy_task_get_fraction (task) * 100.0 + 0.5);
  g_autofree char *text = NULL;

  if (state == FERRY_TASK_STATE_SUBMITTING)
    text = g_strdup (_("Sending the copy request"));
  else if (state == FERRY_TASK_STATE_FINISHING)
    /* Translators: a progress bar read out, "100 %, waiting for the new image to be ready". */
    text = g_strdup_printf (_("%d %%, waiting for the new image to be ready"), percent);
  else if (step != NULL && *step != '\0')
    {
      g_autofree char *step_text = ferry_job_dup_step_text (step);

      /* Translators: a progress bar read out: how far, then the step
       * ("Step: Copying the image"), "42 %, Step: Copying the image". */
      text = g_strdup_printf (C_("progress and step", "%d %%, %s"), percent, step_text);
    }
  else
    /* Translators: a progress bar read out, "42 %". */
    text = g_strdup_printf (_("%d %%"), percent);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 100.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double) percent,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

/* Each button names the copy it acts on: a list of rows has many "Retry"
 * buttons, and a screen reader reads one at a time. */
static void
update_button_names (FerryTaskRow *self)
{
  const char *image = ferry_copy_task_get_image_name (self->task);
  const char *to = region_name (self, ferry_copy_task_get_destination_region (self->task));
  g_autofree char *progress = NULL;
  g_autofree char *remove = NULL;
  g_autofree char *retry = NULL;
  g_autofree char *look = NULL;
  g_autofree char *submit = NULL;
  g_autofree char *show = NULL;

  if (image == NULL)
    image = ferry_copy_task_get_image_id (self->task);
  /* Translators: the accessible name of a copy's progress bar, "Progress
   * of web-server to CN North-Beijing1". */
  progress = g_strdup_printf (_("Progress of %s to %s"), image, to);
  /* Translators: the accessible name of a button, "Remove web-server to
   * CN North-Beijing1": the image, then the destination region. */
  remove = g_strdup_printf (_("Remove %s to %s"), image, to);
  /* Translators: the accessible name of a button, "Retry web-server to CN
   * North-Beijing1". */
  retry = g_strdup_printf (_("Retry %s to %s"), image, to);
  /* Translators: the accessible name of a button, "Look again for
   * web-server in CN North-Beijing1". */
  look = g_strdup_printf (_("Look again for %s in %s"), image, to);
  /* Translators: the accessible name of a button, "Submit web-server to
   * CN North-Beijing1 again". */
  submit = g_strdup_printf (_("Submit %s to %s again"), image, to);
  /* Translators: the accessible name of a button, "Show the copy of
   * web-server in CN North-Beijing1". */
  show = g_strdup_printf (_("Show the copy of %s in %s"), image, to);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, progress, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->retry_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, retry, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->look_again_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, look, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->submit_again_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, submit, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->show_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, show, -1);
}

static void
update_status (FerryTaskRow   *self,
               FerryTaskState  state)
{
  g_autofree char *status = status_text (self, state);

  if (g_strcmp0 (status, self->status_text) != 0)
    {
      g_free (self->status_text);
      self->status_text = g_steal_pointer (&status);
      gtk_label_set_label (self->status_label, self->status_text);
    }
}

void
ferry_task_row_set_place (FerryTaskRow *self,
                          guint         place,
                          guint         n_in_flight)
{
  FerryTaskState state;

  g_return_if_fail (FERRY_IS_TASK_ROW (self));

  if (self->place == place && self->n_in_flight == n_in_flight)
    return;
  self->place = place;
  self->n_in_flight = n_in_flight;
  state = self->task != NULL ? ferry_copy_task_get_state (self->task) : FERRY_TASK_STATE_REMOVED;
  if (state == FERRY_TASK_STATE_QUEUED)
    update_status (self, state);
}

guint
ferry_task_row_get_place (FerryTaskRow *self)
{
  g_return_val_if_fail (FERRY_IS_TASK_ROW (self), 0);

  return self->place;
}

gboolean
ferry_task_row_tick (FerryTaskRow *self)
{
  FerryTaskState state;

  g_return_val_if_fail (FERRY_IS_TASK_ROW (self), FALSE);

  /* Disposed (taken off the list) since the page last looked. */
  if (self->task == NULL)
    return FALSE;
  state = ferry_copy_task_get_state (self->task);
  if (!is_in_flight (state))
    return FALSE;
  if (state == FERRY_TASK_STATE_SUBMITTING)
    gtk_progress_bar_pulse (self->progress_bar);
  update_status (self, state);
  return TRUE;
}

void
ferry_task_row_update (FerryTaskRow *self)
{
  FerryCopyTask *task;
  FerryTaskState state;
  g_autofree char *route = NULL;
  g_autofree char *state_text = NULL;
  g_autofree char *tooltip = NULL;
  gboolean in_flight;
  int percent;

  g_return_if_fail (FERRY_IS_TASK_ROW (self));

  task = self->task;
  if (task == NULL)
    return;
  state = ferry_copy_task_get_state (task);
  in_flight = is_in_flight (state);
  percent = (int) (ferry_copy_task_get_fraction (task) * 100.0 + 0.5);

  gtk_label_set_label (self->title_label, ferry_copy_task_get_image_name (task));
  /* Translators: a copy's route, "CN North-Beijing4 → CN East-Shanghai2". */
  route = g_strdup_printf (_("%s → %s"),
                           region_name (self, ferry_copy_task_get_source_region (task)),
                           region_name (self, ferry_copy_task_get_destination_region (task)));
  gtk_label_set_label (self->route_label, route);
  /* Translators: the tooltip of a copy's route: the new image's name. */
  tooltip = g_strdup_printf (_("New image: %s"), ferry_copy_task_get_name (task));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->route_label), tooltip);

  if ((state == FERRY_TASK_STATE_RUNNING || state == FERRY_TASK_STATE_FINISHING) &&
      !ferry_copy_task_get_tags_pending (task))
    /* Translators: a copy's state and how far it is, "Copying 42 %". */
    state_text = g_strdup_printf (C_("task progress", "%s %d %%"),
                                  ferry_copy_task_get_step_label (task), percent);
  else
    state_text = g_strdup (ferry_copy_task_get_step_label (task));
  gtk_label_set_label (self->state_label, state_text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "warning");
  if (state == FERRY_TASK_STATE_DONE)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "success");
  else if (state == FERRY_TASK_STATE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");
  else if (state == FERRY_TASK_STATE_OUTCOME_UNKNOWN)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "warning");

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), in_flight);
  if (in_flight)
    {
      if (state == FERRY_TASK_STATE_SUBMITTING)
        gtk_progress_bar_pulse (self->progress_bar);
      else
        gtk_progress_bar_set_fraction (self->progress_bar, ferry_copy_task_get_fraction (task));
      update_progress_text (self, state);
    }

  update_status (self, state);

  gtk_widget_set_visible (self->error_box, shows_error (state));
  if (state == FERRY_TASK_STATE_OUTCOME_UNKNOWN)
    {
      gtk_widget_remove_css_class (self->error_box, "ferry-error-box");
      gtk_widget_add_css_class (self->error_box, "ferry-warning-box");
    }
  else
    {
      gtk_widget_remove_css_class (self->error_box, "ferry-warning-box");
      gtk_widget_add_css_class (self->error_box, "ferry-error-box");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->search_label), state == FERRY_TASK_STATE_OUTCOME_UNKNOWN);
  if (state == FERRY_TASK_STATE_OUTCOME_UNKNOWN)
    {
      g_autofree char *search = ferry_copy_queue_dup_search_text (self->queue, task);

      gtk_label_set_label (self->search_label, search);
    }
  if (shows_error (state))
    {
      const char *sentence = ferry_copy_task_get_error_sentence (task);
      const char *code = ferry_copy_task_get_error_code (task);
      const char *message = ferry_copy_task_get_error_message (task);
      const char *hint = ferry_copy_task_get_hint (task);
      g_autofree char *code_text = NULL;

      if (code != NULL && message != NULL)
        /* Translators: the server's code and its own message, "IMG.0151: …". */
        code_text = g_strdup_printf (_("%s: %s"), code, message);
      else
        code_text = g_strdup (code != NULL ? code : message);
      gtk_label_set_label (self->error_sentence_label,
                           sentence != NULL ? sentence : _("The copy failed."));
      gtk_label_set_label (self->error_code_label, code_text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_code_label), code_text != NULL);
      gtk_label_set_label (self->hint_label, hint);
      gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL && *hint != '\0');
    }

  gtk_widget_set_visible (self->remove_button, state == FERRY_TASK_STATE_QUEUED);
  gtk_widget_set_visible (self->retry_button, ferry_copy_task_can_retry (task));
  gtk_widget_set_visible (self->look_again_button, state == FERRY_TASK_STATE_OUTCOME_UNKNOWN);
  gtk_widget_set_visible (self->submit_again_button, state == FERRY_TASK_STATE_OUTCOME_UNKNOWN);
  gtk_widget_set_visible (self->show_button,
                          state == FERRY_TASK_STATE_DONE &&
                          ferry_copy_task_get_new_image_id (task) != NULL);
  gtk_widget_set_visible (gtk_widget_get_parent (self->show_button),
                          gtk_widget_get_visible (self->remove_button) ||
                          gtk_widget_get_visible (self->retry_button) ||
                          gtk_widget_get_visible (self->look_again_button) ||
                          gtk_widget_get_visible (self->show_button));
}

FerryCopyTask *
ferry_task_row_get_task (FerryTaskRow *self)
{
  g_return_val_if_fail (FERRY_IS_TASK_ROW (self), NULL);

  return self->task;
}

const char *
ferry_task_row_get_status_text (FerryTaskRow *self)
{
  g_return_val_if_fail (FERRY_IS_TASK_ROW (self), NULL);

  return self->status_text;
}

static void
task_notify_cb (FerryTaskRow *self)
{
  ferry_task_row_update (self);
}

GtkWidget *
ferry_task_row_new (FerryCopyQueue *queue)
{
  FerryTaskRow *self;

  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (queue), NULL);

  self = g_object_new (FERRY_TYPE_TASK_ROW, NULL);
  self->queue = g_object_ref (queue);
  return GTK_WIDGET (self);
}

/* The list item that holds the row takes the focus, as list views have
 * it: it is named as the row is, so a screen reader says the image, its
 * route and where the copy stands. */
static void
label_holder (FerryTaskRow *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  if (parent != NULL && gtk_widget_get_focusable (parent))
    gtk_accessible_update_relation (GTK_ACCESSIBLE (parent), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                    self->title_label, self->route_label, self->state_label, NULL,
                                    -1);
}

void
ferry_task_row_bind (FerryTaskRow  *self,
                     FerryCopyTask *task)
{
  GVariant *target;

  g_return_if_fail (FERRY_IS_TASK_ROW (self));
  g_return_if_fail (FERRY_IS_COPY_TASK (task));

  if (self->task == task)
    return;
  ferry_task_row_unbind (self);
  self->task = g_object_ref (task);
  self->place = 0;
  self->n_in_flight = 0;
  g_clear_pointer (&self->status_text, g_free);

  target = g_variant_ref_sink (g_variant_new_string (ferry_copy_task_get_id (task)));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->remove_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->retry_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->look_again_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->submit_again_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->show_button), target);
  g_variant_unref (target);
  update_button_names (self);
  label_holder (self);

  self->notify_id = g_signal_connect_swapped (task, "notify", G_CALLBACK (task_notify_cb), self);
  ferry_task_row_update (self);
}

void
ferry_task_row_unbind (FerryTaskRow *self)
{
  g_return_if_fail (FERRY_IS_TASK_ROW (self));

  if (self->task == NULL)
    return;
  g_clear_signal_handler (&self->notify_id, self->task);
  g_clear_object (&self->task);
}

static void
ferry_task_row_dispose (GObject *object)
{
  FerryTaskRow *self = FERRY_TASK_ROW (object);

  GtkWidget *child;

  ferry_task_row_unbind (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_TASK_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->queue);

  G_OBJECT_CLASS (ferry_task_row_parent_class)->dispose (object);
}

static void
ferry_task_row_finalize (GObject *object)
{
  FerryTaskRow *self = FERRY_TASK_ROW (object);

  g_free (self->status_text);

  G_OBJECT_CLASS (ferry_task_row_parent_class)->finalize (object);
}

static void
ferry_task_row_class_init (FerryTaskRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_task_row_dispose;
  object_class->finalize = ferry_task_row_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ferry-task-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryTaskRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTaskRow, route_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTaskRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTaskRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FerryTaskRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTaskRow, error_box);
  gtk_widget_class_bind_template_child (widget_class, FerryTaskRow, error_sentence_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTaskRow, error_code_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTaskRow, search_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTaskRow, hint_label);
  gtk_widget_class_bind_template_child (widget_class, FerryTaskRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, FerryTaskRow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, FerryTaskRow, look_again_button);
  gtk_widget_class_bind_template_child (widget_class, FerryTaskRow, submit_again_button);
  gtk_widget_class_bind_template_child (widget_class, FerryTaskRow, show_button);
}

static void
ferry_task_row_init (FerryTaskRow *self)
{
  GVariant *none;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* One focus stop per task, as a list box row was: the list view moves
   * from item to item, and each item hands the focus to its row. */
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  /* Until a task is bound, the buttons' actions have a target of the
   * right type (no task: they are hidden, and would find none). */
  none = g_variant_ref_sink (g_variant_new_string (""));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->remove_button), none);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->retry_button), none);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->look_again_button), none);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->submit_again_button), none);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->show_button), none);
  g_variant_unref (none);
  /* A screen reader says the image, its route and where the copy
   * stands, as the row shows them (its list item says the same). */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  self->title_label, self->route_label, self->state_label, NULL,
                                  -1);
}
